"""From the app's objects (a stored case, the catalog, the plan, the settings) to the
plain data the documents print. Missing values stay empty: a document prints them
as blank or “—”, never fails on them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol
from collections.abc import Iterable, Mapping

from window_client.core.catalog import Catalog
from window_client.core.definition import MaterialSpec, OneThing, Question
from window_client.core.engine import MaterialTag, Plan, PlannedMaterial
from window_client.core.masking import mask_name
from window_client.core.snapshot import MaterialRecordLike as MaterialLike
from window_client.core.snapshot import (CaseSnapshot, SnapshotMaterial, exemption_texts,
                                         guide_conditions, material_overlay, take_snapshot)

from window_client.core.labels import FORM_LABELS, FORMAT_LABELS, TAG_LABELS

from .data import (EXEMPT, Agent, Applicant,
                   DeliveryInfo, DocFee, DocItem, DocMaterial, DocOutput, DocumentCase,
                   GuideData, GuideQuestion, HallInfo)

if TYPE_CHECKING:  # the store's types, for readers only: no SQLAlchemy at run time
    from window_client.settings import Settings
    from window_client.store.sync_repository import OutputRecord

PERSON_ADDRESS_KEYS = ("applicant.address", "applicant.residence_address",
                       "applicant.household_address")


class CaseLike(Protocol):
    """What is read of a case: ``store.repository.CaseRecord`` has all of it
    (read-only, so frozen dataclasses satisfy it)."""
    @property
    def provisional_no(self) -> str: ...
    @property
    def platform_no(self) -> str | None: ...
    @property
    def applicant_name(self) -> str | None: ...
    @property
    def applicant_id_number(self) -> str | None: ...
    @property
    def answers(self) -> Mapping[str, Any]: ...
    @property
    def form_values(self) -> Mapping[str, Any]: ...
    @property
    def materials(self) -> Iterable[MaterialLike]: ...
    @property
    def meta(self) -> Mapping[str, Any]: ...


def hall_info(settings: Settings, base: HallInfo | None = None) -> HallInfo:
    """The hall-level defaults with this window's hall name, label and code."""
    return replace(base or HallInfo(), hall_name=settings.hall_name,
                   window_label=settings.window_label, window_code=settings.window_code)


def document_case_from(case: CaseLike, catalog: Catalog, plan: CaseSnapshot | Plan,
                       settings: Settings, clerk_name: str,
                       outputs: list[OutputRecord] | None, now: dt.datetime, *,
                       accepted_at: dt.datetime | None = None,
                       refusal_reasons: Iterable[str] = (),
                       refused_items: Mapping[str, str] | None = None,
                       hall: HallInfo | None = None,
                       signature_png: bytes | None = None) -> DocumentCase:
    """The DocumentCase of ``case`` as accepted: from its snapshot (a confirmed
    case), or from a plan, which is first frozen the same way (a draft, or the
    samples). Items, materials, fees, the due date and the time of acceptance are
    the snapshot's; only facts recorded since (a tag changed by a later
    verification, a supplement, results) are laid over it. ``outputs`` are the
    results the platform reported; None before it numbered the case (the items'
    outputs are listed then, as pending). ``signature_png`` is the applicant's
    signature from the citizen's screen, printed on the receipt."""
    if isinstance(plan, CaseSnapshot):
        snap = plan
        materials = material_overlay(snap, case.materials or ())
    else:
        snap = take_snapshot(plan, catalog, _records_or_checklist(case, plan),
                             accepted_at or now)
        materials = snap.materials
    values = case.form_values or {}

    def get(key: str) -> str:
        value = values.get(key)
        return "" if value is None else str(value).strip()

    meta = case.meta or {}
    kind = meta.get("applicant_kind") or snap.applicant_kind
    if kind == "company":
        applicant = Applicant("company", get("company.name") or (case.applicant_name or ""),
                              id_number=get("applicant.id_number"),
                              address=get("company.address"),
                              legal_representative=get("applicant.name"),
                              credit_code=get("company.uscc"))
    else:
        applicant = Applicant("person", get("applicant.name") or (case.applicant_name or ""),
                              id_number=get("applicant.id_number")
                              or (case.applicant_id_number or ""),
                              address=next((get(k) for k in PERSON_ADDRESS_KEYS if get(k)), ""))
    agent = None
    if meta.get("via_agent") or get("agent.name"):
        agent = Agent(get("agent.name"), get("agent.id_number"), get("agent.mobile"),
                      _choice_label(catalog, "agent.relation", get("agent.relation")))
    method = get("delivery.method") or str(case.answers.get("delivery_choice") or "") \
        or snap.delivery_default
    delivery = DeliveryInfo(method, get("delivery.address"),
                            get("delivery.recipient") or applicant.name,
                            get("delivery.phone") or get("contact.mobile"))
    item_names = {i.code: i.name for i in snap.items}
    if outputs is None:
        docs_out = tuple(DocOutput(o.name, "same_day" if o.same_day else "pending", i.name)
                         for i, o in snap.outputs)
    else:
        docs_out = tuple(DocOutput(o.name, o.status, item_names.get(o.item_code, ""),
                                   getattr(o, "note", "")) for o in outputs)
    return DocumentCase(
        provisional_no=case.provisional_no, platform_no=case.platform_no or None,
        one_thing_name=snap.one_thing_name,
        items=tuple(DocItem(i.code, i.name, i.department_name, i.promised_days, i.legal_days,
                            i.basis, i.depends_on) for i in snap.items),
        applicant=applicant, contact_phone=get("contact.mobile"), agent=agent,
        hall=hall or hall_info(settings), clerk_name=clerk_name,
        materials=tuple(_doc_material(m) for m in materials),
        accepted_at=snap.accepted_at if isinstance(plan, CaseSnapshot) else (accepted_at or now),
        due_date=snap.due_date, due_date_estimated=snap.due_date_estimated,
        due_date_moved_from=getattr(snap, "due_date_moved_from", None),
        promised_days=snap.promised_days,
        fees=tuple(DocFee(f.name, f.amount, f.basis) for f in snap.fees), delivery=delivery,
        outputs=docs_out, who_may_collect=who_may_collect(applicant, agent, method),
        printed_at=now, conditions=snap.conditions, lead_units=snap.lead_units,
        refusal_reasons=tuple(r for r in refusal_reasons if r),
        refused_items=tuple((item_names.get(code, code), reason)
                            for code, reason in (refused_items or {}).items()),
        signature_png=signature_png)


def _doc_material(m: SnapshotMaterial) -> DocMaterial:
    label = TAG_LABELS.get(m.tag, m.tag)
    if m.detail_label and m.tag in EXEMPT:
        label += f":{m.detail_label}"
    return DocMaterial(name=m.name, issuer=m.issuer, form=m.form, copies=m.copies,
                       format=m.format, tag=m.tag,
                       how_received=label, received=m.received,
                       missing_deadline=m.missing_deadline, how_to_get=m.how_to_get, key=m.key,
                       exemptions=m.exemptions, missing_allowed_days=m.missing_allowed_days)


@dataclass(frozen=True)
class _Checked:
    material_id: str
    name: str
    tag: str
    received: bool
    copies: int
    missing_deadline: dt.date | None = None
    note: str = ""


def _records_or_checklist(case: CaseLike, plan: Plan) -> list[Any]:
    """The material records of a case; before confirmation the wizard's checklist
    in the case's meta stands in for them."""
    records = list(case.materials or ())
    if records:
        return records
    checklist = (case.meta or {}).get("materials", {})
    out = []
    for pm in plan.materials:
        st = checklist.get(pm.spec.id) or {}
        received = bool(st.get("received"))
        out.append(_Checked(pm.spec.id, pm.spec.name, pm.tag.value, received,
                            int(st.get("copies") or 0) if received else pm.spec.copies))
    return out


def guide_data_from(one: OneThing, plan: Plan, catalog: Catalog, settings: Settings,
                    now: dt.datetime, *, hall: HallInfo | None = None) -> GuideData:
    """The 办事指南 of ``one``; ``plan`` is the plan of its default answers (the usual
    case), which decides the material list shown."""
    answers = one.default_answers()
    return GuideData(
        one_thing_name=one.name, name_note=one.name_note,
        guide_lines=tuple(line.strip() for line in one.guide.splitlines() if line.strip()),
        lead_units=tuple(catalog.department_name(u) for u in one.lead_units),
        responsible_units=tuple(catalog.department_name(u) for u in one.responsible_units),
        items=doc_items(one, one.items, catalog),
        applicable=tuple(i.code for i in plan.items),
        questions=tuple(_guide_question(q, answers.get(q.id)) for q in one.questions),
        materials=tuple(_material(pm.spec, pm, catalog, one) for pm in plan.materials),
        fees=tuple(DocFee(f.name, f.amount, f.basis) for f in one.fees
                   + tuple(f for i in one.items for f in i.fees)),
        promised_days=one.promised_days,
        delivery_options=tuple({"window": "统一出件窗口领取", "post": "免费邮寄"}[d.value]
                               for d in one.delivery),
        outputs=tuple(DocOutput(o.name, "pending", i.name) for i in one.items
                      for o in i.outputs),
        hall=hall or hall_info(settings), printed_at=now, catalog_version=catalog.version,
        fields_merged=plan.statistics.fields_merged, fields_to_type=plan.statistics.fields_to_type,
        materials_to_hand_in=sum(1 for m in plan.materials if m.to_hand_in),
        materials_exempt=sum(1 for m in plan.materials if not m.to_hand_in),
        due_if_today=plan.due_date, applicant_kind=one.applicant_kind.value)


def doc_items(one: OneThing, items: Iterable, catalog: Catalog) -> tuple[DocItem, ...]:
    names = {i.code: i.name for i in one.items}
    return tuple(DocItem(i.code, i.name, catalog.department_name(i.department),
                         i.promised_days, i.legal_days, i.basis,
                         tuple(names[d] for d in i.depends_on if d in names),
                         _short_department(catalog, i.department))
                 for i in items)


def _short_department(catalog: Catalog, department: str) -> str:
    known = catalog.departments.get(department)
    return known.short_name if known is not None else catalog.department_name(department)


def conditions(one: OneThing) -> tuple[str, ...]:
    """The guide's lines on who may apply and on what conditions."""
    return guide_conditions(one)


def who_may_collect(applicant: Applicant, agent: Agent | None, method: str) -> str:
    if applicant.is_company:
        text = ("法定代表人凭本人有效身份证件领取;委托他人领取的,须持加盖企业公章的授权委托书"
                "和领取人本人有效身份证件原件。")
    else:
        text = ("申请人本人凭有效身份证件领取;委托他人代领的,代领人须持申请人签字的授权委托书"
                "和代领人本人有效身份证件原件。")
    if agent is not None and agent.name:
        text += f"本件由代办人{mask_name(agent.name)}代为申请,代办人可凭授权委托书和本人身份证件领取。"
    if method == "post":
        text = "办理结果将免费邮寄至申请时填写的地址,请注意查收;" + text
    return text


# -- helpers -------------------------------------------------------------------------

def _item_name(one: OneThing, code: str) -> str:
    return next((i.name for i in one.items if i.code == code), code)


def _how_received(tag: str, detail: str, catalog: Catalog, one: OneThing) -> str:
    label = TAG_LABELS.get(tag, tag)
    if detail and tag in EXEMPT:
        if tag == MaterialTag.SHARED.value:
            detail = _item_name(one, detail)
        elif tag == MaterialTag.E_LICENCE.value:
            detail = catalog.licence_types.get(detail, detail)
        label += f":{detail}"
    return label


def _material(spec: MaterialSpec, pm: PlannedMaterial | None, catalog: Catalog,
              one: OneThing, **changes: Any) -> DocMaterial:
    tag = pm.tag.value if pm else MaterialTag.HAND_IN.value
    detail = pm.detail if pm else ""
    if "tag" in changes and changes["tag"] != tag:
        tag, detail = changes["tag"], ""
    changes.pop("tag", None)
    fields = dict(name=spec.name, issuer=spec.issuer,
                  form=FORM_LABELS.get(spec.form.value, spec.form.value), copies=spec.copies,
                  format=FORMAT_LABELS.get(spec.format.value, spec.format.value),
                  tag=tag, how_received=_how_received(tag, detail, catalog, one),
                  how_to_get=spec.how_to_get, key=spec.key,
                  exemptions=exemption_texts(spec, catalog, one),
                  missing_allowed_days=spec.missing_allowed_days)
    return DocMaterial(**{**fields, **changes})


def _choice_label(catalog: Catalog, key: str, value: str) -> str:
    entry = catalog.dictionary.entries.get(key)
    if entry is None or not value:
        return value
    return next((o.label for o in entry.options if o.value == value), value)


def _guide_question(q: Question, default: Any) -> GuideQuestion:
    labels = {o.value: o.label for o in q.options}
    if isinstance(default, bool):
        shown = "是" if default else "否"
    elif isinstance(default, (list, tuple)):
        shown = "、".join(labels.get(v, str(v)) for v in default)
    else:
        shown = labels.get(default, "" if default is None else str(default))
    options = tuple(o.label for o in q.options) or (("是", "否") if q.kind == "yes_no" else ())
    return GuideQuestion(q.text, options, shown)
