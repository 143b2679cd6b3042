"""The case as accepted: one immutable snapshot of the plan, taken at confirm.

Before confirm the plan is recomputed on every answer. At confirm it is frozen —
applicable items and their outputs, the materials with their tags and 容缺
deadlines, the fees, the promised date and the moment of acceptance, and the
catalog version it came from — and stored in the same transaction that moves the
case to queued. From then on the payload sent to the platform, every printed
paper and the issuance counter read this snapshot, never a recomputed plan, so a
case queued on Friday and synced on Monday, after a new catalog or holiday table
arrived, still carries the one due date the citizen was given.

Only facts recorded after acceptance are laid over it where they are shown: a
material's tag changed by a later online verification, a material handed in as a
supplement, results reported by the platform. Those are events, not replanning.

Pure Python: no Qt, no SQLAlchemy, no requests."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol
from collections.abc import Iterable, Mapping

from .catalog import Catalog
from .definition import ExemptionRoute, MaterialSpec, OneThing
from .engine import Plan
from . import labels, messages
from .labels import FORM_LABELS, FORMAT_LABELS

SNAPSHOT_FORMAT = 1


class MaterialRecordLike(Protocol):
    """What is read of a material record (``store.repository.MaterialRecord``); a
    record without ``note`` is read as having none."""
    @property
    def material_id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def tag(self) -> str: ...
    @property
    def received(self) -> bool: ...
    @property
    def copies(self) -> int: ...
    @property
    def missing_deadline(self) -> dt.date | None: ...


@dataclass(frozen=True)
class SnapshotOutput:
    id: str
    name: str
    kind: str = "certificate"
    same_day: bool = False   # handed over at the window the day of acceptance


@dataclass(frozen=True)
class SnapshotItem:
    code: str
    name: str
    department: str            # department id
    department_name: str       # as it was spelled at acceptance
    promised_days: int
    legal_days: int
    basis: str = ""
    depends_on: tuple[str, ...] = ()   # names of the items it waits for
    outputs: tuple[SnapshotOutput, ...] = ()


@dataclass(frozen=True)
class SnapshotMaterial:
    material_id: str
    name: str
    tag: str                   # MaterialTag value at acceptance
    detail: str = ""           # the e-licence type, verification service or item
    detail_label: str = ""     # the same in Chinese (licence type name, item name)
    received: bool = False
    copies: int = 0            # received copies, else the copies asked for
    missing_deadline: dt.date | None = None   # 容缺: to be supplied by
    note: str = ""
    issuer: str = ""
    form: str = ""             # Chinese label
    format: str = ""           # Chinese label
    how_to_get: str = ""
    key: bool = True
    exemptions: tuple[str, ...] = ()
    missing_allowed_days: int | None = None
    items: tuple[str, ...] = ()
    asked_copies: int = 1


@dataclass(frozen=True)
class SnapshotFee:
    name: str
    amount: str
    basis: str = ""


@dataclass(frozen=True)
class CaseSnapshot:
    one_thing_id: str
    one_thing_name: str
    catalog_version: str
    accepted_at: dt.datetime           # aware, in the window's local zone
    due_date: dt.date
    due_date_estimated: bool
    promised_days: int
    items: tuple[SnapshotItem, ...]
    materials: tuple[SnapshotMaterial, ...]
    fees: tuple[SnapshotFee, ...] = ()
    conditions: tuple[str, ...] = ()   # 适用对象 / 办理条件 lines of the guide
    lead_units: tuple[str, ...] = ()   # department names
    applicant_kind: str = "person"
    delivery_default: str = "window"
    rebuilt: bool = False              # made after the fact for a case confirmed before
    # the promise moved because a 容缺 material may come later than it: the date the
    # items alone would have given (None: not moved)
    due_date_moved_from: dt.date | None = None
    format: int = SNAPSHOT_FORMAT      # snapshots existed (see rebuild in services)
    extra: Mapping[str, Any] = field(default_factory=dict)
    # what the merge saved this citizen (the plan's statistics at confirm; None in a
    # snapshot taken before the efficiency board existed)
    fields_separate: int | None = None
    fields_merged: int | None = None
    materials_separate: int | None = None
    materials_merged: int | None = None

    @property
    def outputs(self) -> tuple[tuple[SnapshotItem, SnapshotOutput], ...]:
        return tuple((i, o) for i in self.items for o in i.outputs)

    def material(self, material_id: str) -> SnapshotMaterial | None:
        return next((m for m in self.materials if m.material_id == material_id), None)

    # -- storage ------------------------------------------------------------
    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True, default=_encode)

    @classmethod
    def from_json(cls, text: str) -> CaseSnapshot:
        return snapshot_from_dict(json.loads(text))


def _encode(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} in a snapshot")


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def due_after_missing(due: dt.date, records: Iterable[MaterialRecordLike]
                      ) -> tuple[dt.date, dt.date | None]:
    """A 容缺 deadline never falls after the promised date: when a material may be
    supplied later than the items would be done, the promise moves to that day.
    (due date, the date it moved from or None)."""
    latest = max((r.missing_deadline for r in records
                  if r.missing_deadline is not None and not r.received), default=None)
    if latest is not None and latest > due:
        return latest, due
    return due, None


def snapshot_from_dict(data: Mapping[str, Any]) -> CaseSnapshot:
    if int(data.get("format", 1)) > SNAPSHOT_FORMAT:
        raise ValueError(messages.SNAPSHOT_FORMAT_TOO_NEW.format(format=data.get("format")))
    items = tuple(SnapshotItem(
        code=i["code"], name=i["name"], department=i["department"],
        department_name=i.get("department_name", i["department"]),
        promised_days=int(i["promised_days"]), legal_days=int(i["legal_days"]),
        basis=i.get("basis", ""), depends_on=tuple(i.get("depends_on", ())),
        outputs=tuple(SnapshotOutput(o["id"], o["name"], o.get("kind", "certificate"),
                                     bool(o.get("same_day")))
                      for o in i.get("outputs", ())))
        for i in data["items"])
    materials = tuple(SnapshotMaterial(
        material_id=m["material_id"], name=m["name"], tag=m["tag"], detail=m.get("detail", ""),
        detail_label=m.get("detail_label", ""),
        received=bool(m.get("received")), copies=int(m.get("copies") or 0),
        missing_deadline=_date(m.get("missing_deadline")), note=m.get("note", ""),
        issuer=m.get("issuer", ""), form=m.get("form", ""), format=m.get("format", ""),
        how_to_get=m.get("how_to_get", ""), key=bool(m.get("key", True)),
        exemptions=tuple(m.get("exemptions", ())),
        missing_allowed_days=m.get("missing_allowed_days"), items=tuple(m.get("items", ())),
        asked_copies=int(m.get("asked_copies") or 1))
        for m in data["materials"])
    return CaseSnapshot(
        one_thing_id=data["one_thing_id"], one_thing_name=data["one_thing_name"],
        catalog_version=data["catalog_version"],
        accepted_at=dt.datetime.fromisoformat(data["accepted_at"]),
        due_date=dt.date.fromisoformat(data["due_date"]),
        due_date_estimated=bool(data.get("due_date_estimated")),
        promised_days=int(data["promised_days"]), items=items, materials=materials,
        fees=tuple(SnapshotFee(f["name"], f["amount"], f.get("basis", ""))
                   for f in data.get("fees", ())),
        conditions=tuple(data.get("conditions", ())), lead_units=tuple(data.get("lead_units", ())),
        applicant_kind=data.get("applicant_kind", "person"),
        delivery_default=data.get("delivery_default", "window"),
        due_date_moved_from=_date(data.get("due_date_moved_from")),
        rebuilt=bool(data.get("rebuilt")), format=int(data.get("format", 1)),
        extra=dict(data.get("extra") or {}),
        fields_separate=_count(data.get("fields_separate")),
        fields_merged=_count(data.get("fields_merged")),
        materials_separate=_count(data.get("materials_separate")),
        materials_merged=_count(data.get("materials_merged")))


def _count(value: Any) -> int | None:
    return None if value is None else int(value)


# -- taking one ----------------------------------------------------------------------

def take_snapshot(plan: Plan, catalog: Catalog, records: Iterable[MaterialRecordLike],
                  accepted_at: dt.datetime, *, catalog_version: str | None = None,
                  rebuilt: bool = False) -> CaseSnapshot:
    """The snapshot of ``plan`` (computed with the day of acceptance as its start,
    so its due date is the promised one) and the material records the window made
    at confirm. ``accepted_at`` naive is taken as local time."""
    one = plan.one_thing
    records = tuple(records)
    if accepted_at.tzinfo is None:
        accepted_at = accepted_at.astimezone()
    names = {i.code: i.name for i in one.items}
    items = tuple(SnapshotItem(
        code=i.code, name=i.name, department=i.department,
        department_name=catalog.department_name(i.department),
        promised_days=i.promised_days, legal_days=i.legal_days, basis=i.basis,
        depends_on=tuple(names[d] for d in i.depends_on if d in names),
        outputs=tuple(SnapshotOutput(o.id, o.name, o.kind, o.same_day or i.same_day)
                      for o in i.outputs))
        for i in plan.items)
    by_id = {r.material_id: r for r in records}
    materials = []
    for pm in plan.materials:
        spec = pm.spec
        rec = by_id.pop(spec.id, None)
        received = bool(rec and rec.received)
        materials.append(SnapshotMaterial(
            material_id=spec.id, name=spec.name, tag=rec.tag if rec else pm.tag.value,
            detail=pm.detail, detail_label=_detail_label(pm.tag.value, pm.detail, catalog, one),
            received=received,
            copies=(rec.copies if rec and received and rec.copies else spec.copies),
            missing_deadline=rec.missing_deadline if rec else None,
            note=getattr(rec, "note", "") if rec else "", issuer=spec.issuer,
            form=FORM_LABELS.get(spec.form, spec.form.value),
            format=FORMAT_LABELS.get(spec.format, spec.format.value),
            how_to_get=spec.how_to_get, key=spec.key,
            exemptions=exemption_texts(spec, catalog, one),
            missing_allowed_days=spec.missing_allowed_days, items=tuple(pm.items),
            asked_copies=spec.copies))
    for rec in by_id.values():  # recorded by the window but not in the plan (kept, not lost)
        materials.append(SnapshotMaterial(
            material_id=rec.material_id, name=rec.name, tag=rec.tag, received=bool(rec.received),
            copies=rec.copies or 1, missing_deadline=rec.missing_deadline,
            note=getattr(rec, "note", "")))
    due, moved_from = due_after_missing(plan.due_date, records)
    return CaseSnapshot(
        one_thing_id=one.id, one_thing_name=one.name,
        catalog_version=catalog_version or catalog.version, accepted_at=accepted_at,
        due_date=due, due_date_estimated=plan.due_date_estimated,
        due_date_moved_from=moved_from,
        promised_days=one.promised_days, items=items, materials=tuple(materials),
        fees=tuple(SnapshotFee(f.name, f.amount, f.basis) for f in plan.fees),
        conditions=guide_conditions(one),
        lead_units=tuple(catalog.department_name(u) for u in one.lead_units),
        applicant_kind=one.applicant_kind.value,
        delivery_default=one.delivery[0].value if one.delivery else "window",
        rebuilt=rebuilt,
        fields_separate=plan.statistics.fields_separate,
        fields_merged=plan.statistics.fields_merged,
        materials_separate=plan.statistics.materials_separate,
        materials_merged=plan.statistics.materials_merged)


def _detail_label(tag: str, detail: str, catalog: Catalog, one: OneThing) -> str:
    if not detail:
        return ""
    if tag == "shared":
        return next((i.name for i in one.items if i.code == detail), detail)
    if tag == "e_licence":
        return catalog.licence_types.get(detail, detail)
    return detail


def exemption_texts(spec: MaterialSpec, catalog: Catalog, one: OneThing) -> tuple[str, ...]:
    """The routes that can spare a material, in Chinese (the guide lists them)."""
    out = []
    for ex in spec.exemptions:
        if ex.route == ExemptionRoute.E_LICENCE:
            out.append(labels.EXEMPTION_E_LICENCE.format(licence_type=catalog.licence_types.get(
                ex.licence_type or "", ex.licence_type or "")))
        elif ex.route == ExemptionRoute.ONLINE_VERIFICATION:
            out.append(labels.EXEMPTION_ONLINE_VERIFICATION.format(service=ex.service or ""))
        else:
            out.append(labels.EXEMPTION_SHARED_FROM_ITEM.format(
                item=next((i.name for i in one.items if i.code == ex.item), ex.item or "")))
    return tuple(out)


def guide_conditions(one: OneThing) -> tuple[str, ...]:
    """The guide's lines on who may apply and on what conditions."""
    lines = [line.strip() for line in one.guide.splitlines() if line.strip()]
    chosen = [line for line in lines if line.startswith(labels.GUIDE_CONDITION_PREFIXES)]
    return tuple(chosen or lines)


def material_overlay(snapshot: CaseSnapshot, records: Iterable[MaterialRecordLike]
                     ) -> tuple[SnapshotMaterial, ...]:
    """The snapshot's materials with what was recorded after acceptance laid over
    them: a tag changed by a later verification, a material received as a
    supplement. Names, items and deadlines stay those of the snapshot."""
    later: Mapping[str, MaterialRecordLike] = {r.material_id: r for r in records}
    out = []
    for m in snapshot.materials:
        rec = later.get(m.material_id)
        if rec is None or (rec.tag == m.tag and bool(rec.received) == m.received):
            out.append(m)
            continue
        received = bool(rec.received)
        out.append(SnapshotMaterial(**{**asdict_shallow(m), "tag": rec.tag,
                                       "detail": m.detail if rec.tag == m.tag else "",
                                       "detail_label": m.detail_label if rec.tag == m.tag
                                       else "",
                                       "received": received,
                                       "copies": rec.copies if received and rec.copies
                                       else m.asked_copies,
                                       "note": getattr(rec, "note", "") or m.note}))
    return tuple(out)


def asdict_shallow(obj: Any) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in obj.__dataclass_fields__}
