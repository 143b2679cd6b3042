"""From the app's objects (a stored case, the catalog, the plan, the settings) to the
plain data the documents print. Missing values stay empty: a document prints them
as blank or “—”, never fails on them."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Protocol

from window_client.core.catalog import Catalog
from window_client.core.definition import ExemptionRoute, MaterialSpec, OneThing, Question
from window_client.core.engine import MaterialTag, Plan, PlannedMaterial
from window_client.core.masking import mask_name

from window_client.core.labels import FORM_LABELS, FORMAT_LABELS, TAG_LABELS

from .data import (EXEMPT, Agent, Applicant,
                   DeliveryInfo, DocFee, DocItem, DocMaterial, DocOutput, DocumentCase,
                   GuideData, GuideQuestion, HallInfo)

if TYPE_CHECKING:  # the store's types, for readers only: no SQLAlchemy at run time
    from window_client.settings import Settings
    from window_client.store.sync_repository import OutputRecord

PERSON_ADDRESS_KEYS = ("applicant.address", "applicant.residence_address",
                       "applicant.household_address")


class MaterialLike(Protocol):
    material_id: str
    name: str
    tag: str
    received: bool
    copies: int
    missing_deadline: dt.date | None


class CaseLike(Protocol):
    """What is read of a case: ``store.repository.CaseRecord`` has all of it."""
    provisional_no: str
    platform_no: str | None
    applicant_name: str | None
    applicant_id_number: str | None
    answers: Mapping[str, Any]
    form_values: Mapping[str, Any]
    materials: Iterable[MaterialLike]
    meta: Mapping[str, Any]


def hall_info(settings: "Settings", base: HallInfo | None = None) -> HallInfo:
    """The hall-level defaults with this window's hall name, label and code."""
    return replace(base or HallInfo(), hall_name=settings.hall_name,
                   window_label=settings.window_label, window_code=settings.window_code)


def document_case_from(case: CaseLike, catalog: Catalog, plan: Plan, settings: "Settings",
                       clerk_name: str, outputs: "list[OutputRecord] | None",
                       now: dt.datetime, *, accepted_at: dt.datetime | None = None,
                       refusal_reasons: Iterable[str] = (),
                       hall: HallInfo | None = None) -> DocumentCase:
    """The DocumentCase of ``case`` as planned by ``plan`` (computed with the day of
    acceptance as start, so its due date is the promised one). ``outputs`` are the
    results the platform reported; None before it numbered the case (the items'
    outputs are listed then, as pending). ``accepted_at`` defaults to ``now``."""
    one = plan.one_thing
    values = case.form_values or {}

    def get(key: str) -> str:
        value = values.get(key)
        return "" if value is None else str(value).strip()

    meta = case.meta or {}
    kind = meta.get("applicant_kind") or one.applicant_kind.value
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
        or one.delivery[0].value
    delivery = DeliveryInfo(method, get("delivery.address"),
                            get("delivery.recipient") or applicant.name,
                            get("delivery.phone") or get("contact.mobile"))
    item_names = {i.code: i.name for i in one.items}
    if outputs is None:
        docs_out = tuple(DocOutput(o.name, "pending", i.name) for i in plan.items
                         for o in i.outputs)
    else:
        docs_out = tuple(DocOutput(o.name, o.status, item_names.get(o.item_code, ""))
                         for o in outputs)
    return DocumentCase(
        provisional_no=case.provisional_no, platform_no=case.platform_no or None,
        one_thing_name=one.name, items=doc_items(one, plan.items, catalog),
        applicant=applicant, contact_phone=get("contact.mobile"), agent=agent,
        hall=hall or hall_info(settings), clerk_name=clerk_name,
        materials=_case_materials(case, plan, catalog),
        accepted_at=accepted_at or now, due_date=plan.due_date,
        due_date_estimated=plan.due_date_estimated, promised_days=one.promised_days,
        fees=tuple(DocFee(f.name, f.amount, f.basis) for f in one.fees), delivery=delivery,
        outputs=docs_out, who_may_collect=who_may_collect(applicant, agent, method),
        printed_at=now, conditions=conditions(one),
        lead_units=tuple(catalog.department_name(u) for u in one.lead_units),
        refusal_reasons=tuple(r for r in refusal_reasons if r))


def guide_data_from(one: OneThing, plan: Plan, catalog: Catalog, settings: "Settings",
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
        fees=tuple(DocFee(f.name, f.amount, f.basis) for f in one.fees),
        promised_days=one.promised_days,
        delivery_options=tuple({"window": "统一出件窗口领取", "post": "免费邮寄"}[d.value]
                               for d in one.delivery),
        outputs=tuple(DocOutput(o.name, "pending", i.name) for i in one.items
                      for o in i.outputs),
        hall=hall or hall_info(settings), printed_at=now, catalog_version=catalog.version)


def doc_items(one: OneThing, items: Iterable, catalog: Catalog) -> tuple[DocItem, ...]:
    names = {i.code: i.name for i in one.items}
    return tuple(DocItem(i.code, i.name, catalog.department_name(i.department),
                         i.promised_days, i.legal_days, i.basis,
                         tuple(names[d] for d in i.depends_on if d in names))
                 for i in items)


def conditions(one: OneThing) -> tuple[str, ...]:
    """The guide's lines on who may apply and on what conditions."""
    lines = [line.strip() for line in one.guide.splitlines() if line.strip()]
    chosen = [line for line in lines if line.startswith(("适用对象", "办理条件", "申请人"))]
    return tuple(chosen or lines)


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


def exemption_texts(spec: MaterialSpec, catalog: Catalog, one: OneThing) -> tuple[str, ...]:
    out = []
    for ex in spec.exemptions:
        if ex.route == ExemptionRoute.E_LICENCE:
            out.append("电子证照:" + catalog.licence_types.get(ex.licence_type or "",
                                                            ex.licence_type or ""))
        elif ex.route == ExemptionRoute.ONLINE_VERIFICATION:
            out.append("网络核验:" + (ex.service or ""))
        else:
            out.append("办结事项共享:" + _item_name(one, ex.item or ""))
    return tuple(out)


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


def _case_materials(case: CaseLike, plan: Plan, catalog: Catalog) -> tuple[DocMaterial, ...]:
    """The plan's materials with what the window recorded for each (received, copies,
    容缺 deadline, a tag changed by a later check). Before confirmation the
    wizard's checklist in the case's meta stands in for the records."""
    one = plan.one_thing
    records = {m.material_id: m for m in (case.materials or ())}
    checklist = (case.meta or {}).get("materials", {})
    out = []
    for pm in plan.materials:
        rec = records.pop(pm.spec.id, None)
        if rec is not None:
            received = bool(rec.received)
            out.append(_material(pm.spec, pm, catalog, one, tag=rec.tag, received=received,
                                 copies=rec.copies if received and rec.copies else pm.spec.copies,
                                 missing_deadline=rec.missing_deadline))
            continue
        st = checklist.get(pm.spec.id) or {}
        received = bool(st.get("received"))
        out.append(_material(pm.spec, pm, catalog, one, received=received,
                             copies=int(st.get("copies") or 0) if received else pm.spec.copies))
    for rec in records.values():   # recorded, but no longer in this plan
        out.append(DocMaterial(name=rec.name, tag=rec.tag,
                               how_received=TAG_LABELS.get(rec.tag, rec.tag),
                               received=bool(rec.received), copies=rec.copies or 1,
                               missing_deadline=rec.missing_deadline, form="", format=""))
    return tuple(out)


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
