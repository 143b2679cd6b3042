"""The service-item library (事项库) and the one-things composed from it.

Each 政务服务事项 is defined once, under ``resources/catalog/items/<code>.yaml``: its
department and level, legal and promised working days, whether it is 即办, its
legal basis, fees, outputs, and its OWN separate application form and material
list — what a citizen would fill and bring applying for that item alone. A
one-thing (``resources/catalog/onethings/<id>.yaml``) references items by code and
adds what belongs to the life event: the scenario questions and when each item
applies, the order of the items, one-thing-level rules on the merged form and
material set, overrides with their reasons, the guide, and the differences from the
seed's row (``deviations``).

``compose`` turns a one-thing and the library into the ``OneThing`` the engine
plans with: the merged form is the union of the applicable items' own forms (each
key asked once), the material set the union of their own lists (each material
once), so the merge statistics count what the items themselves ask."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import Field, field_validator, model_validator

from . import labels, messages
from .conditions import Condition
from .engine import critical_path
from .definition import (find_cycle, _ID, ApplicantKind, Delivery, Exemption, Fee, FormField, MaterialFormat,
                         MaterialForm, MaterialSpec, OneThing, Output, Question, Review,
                         ServiceItem, Source, _condition, _Model)

LEVELS = labels.ITEM_LEVELS


class ItemField(_Model):
    """One field of an item's own application form (a data-dictionary key)."""
    key: str
    optional: bool = False
    sources: tuple[Source, ...] = ()   # where its value may come from, besides typing


class ItemMaterial(_Model):
    """One material of an item's own list."""
    id: str = Field(pattern=_ID)
    name: str
    issuer: str
    form: MaterialForm = MaterialForm.ORIGINAL
    copies: int = Field(default=1, ge=1)
    format: MaterialFormat = MaterialFormat.PAPER
    exemptions: tuple[Exemption, ...] = ()
    key: bool = True
    missing_allowed_days: int | None = Field(default=None, ge=1)
    how_to_get: str = ""
    # why it is handed in although it has no exemption route: no e-licence or
    # verification exists, the original must be seen, it is signed at the window...
    hand_in_reason: str = ""

    @model_validator(mode="after")
    def _key_is_never_missing(self) -> ItemMaterial:
        if self.key and self.missing_allowed_days:
            raise ValueError(messages.KEY_MATERIAL_ACCEPTED_MISSING)
        return self


class LibraryItem(_Model):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    department: str
    level: str = labels.ITEM_LEVEL_DEFAULT
    legal_days: int = Field(ge=0)
    promised_days: int = Field(ge=0)
    same_day: bool = False              # 即办: done at the window, results the same day
    basis: str = ""                     # law names; an article only when certain
    fees: tuple[Fee, ...] = ()
    outputs: tuple[Output, ...] = ()
    form: tuple[ItemField, ...] = ()
    materials: tuple[ItemMaterial, ...] = ()
    review: Review = Field(default_factory=Review)
    note: str = ""                      # for the reviewers: what is local, what is unsure

    @field_validator("level")
    @classmethod
    def _level(cls, value: str) -> str:
        if value not in LEVELS:
            raise ValueError(f"level: one of {', '.join(LEVELS)}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> LibraryItem:
        if self.same_day and self.promised_days:
            raise ValueError("same_day: a same-day item promises 0 days")
        if self.promised_days > self.legal_days:
            raise ValueError("promised_days: more than the legal days")
        keys = [f.key for f in self.form]
        if len(keys) != len(set(keys)):
            raise ValueError("form: a key is listed twice")
        ids = [m.id for m in self.materials]
        if len(ids) != len(set(ids)):
            raise ValueError("materials: an id is listed twice")
        return self


class ItemUse(_Model):
    """An item as one one-thing uses it."""
    ref: str
    when: Condition | None = None
    depends_on: tuple[str, ...] = ()
    promised_days: int | None = Field(default=None, ge=0)   # an override
    reason: str = ""                                        # why it is overridden

    _when = field_validator("when", mode="before")(lambda cls, v: _condition(v))

    @model_validator(mode="after")
    def _override_has_reason(self) -> ItemUse:
        if self.promised_days is not None and not self.reason.strip():
            raise ValueError("reason: an override of the library says why")
        return self


class FieldRule(_Model):
    """A one-thing's rule on one field of the merged form. ``omit_for``: items whose
    own form asks the field but which do not need it in this life event (the reason
    says why: the situation, or the value comes from another item)."""
    key: str
    required_when: Condition | None = None
    optional: bool | None = None
    sources: tuple[Source, ...] | None = None
    omit_for: tuple[str, ...] = ()
    reason: str = ""
    # the items this rule's required_when/optional apply to (empty: every item asking
    # the key); a key may have several rules for different items
    for_items: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _omission_has_reason(self) -> FieldRule:
        if self.omit_for and not self.reason.strip():
            raise ValueError("reason: leaving out what an item asks says why")
        return self

    _required_when = field_validator("required_when", mode="before")(
        lambda cls, v: _condition(v))


class MaterialRule(_Model):
    """A one-thing's rule on one material of the merged set (``omit_for`` as for
    fields)."""
    id: str
    required_when: Condition | None = None
    exemptions: tuple[Exemption, ...] = ()          # added to the item's
    missing_allowed_days: int | None = Field(default=None, ge=1)
    omit_for: tuple[str, ...] = ()
    reason: str = ""

    @model_validator(mode="after")
    def _omission_has_reason(self) -> MaterialRule:
        if self.omit_for and not self.reason.strip():
            raise ValueError("reason: leaving out what an item asks says why")
        return self

    _required_when = field_validator("required_when", mode="before")(
        lambda cls, v: _condition(v))


class Deviation(_Model):
    """Where the definition differs from the seed's row, and why."""
    field: str = Field(pattern=r"^(name|lead_units|responsible_units|level|items)$")
    seed: str = ""
    ours: str = ""
    reason: str = Field(min_length=4)


class OneThingDefinition(_Model):
    id: str = Field(pattern=_ID)
    name: str
    seed_row: int = Field(ge=1)
    name_note: str = ""
    applicant_kind: ApplicantKind = ApplicantKind.PERSON
    lead_units: tuple[str, ...] = Field(min_length=1)
    responsible_units: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    guide: str
    # the one-thing's promise is the critical path of the items that apply; a
    # promise set for the whole (by the plan) is a ceiling that lint checks
    promised_days: int | None = Field(default=None, ge=0)
    fees: tuple[Fee, ...] = ()            # one-thing-level fees, besides the items'
    delivery: tuple[Delivery, ...] = Field(default=(Delivery.WINDOW,), min_length=1)
    items: tuple[ItemUse, ...] = Field(min_length=1)
    questions: tuple[Question, ...] = ()
    fields: tuple[FieldRule, ...] = ()
    materials: tuple[MaterialRule, ...] = ()
    deviations: tuple[Deviation, ...] = ()
    review: Review = Field(default_factory=Review)


class CompositionError(ValueError):
    """A one-thing refers to an item, a field or a material that is not there."""


def _union_sources(groups: Sequence[Sequence[Source]]) -> tuple[Source, ...]:
    seen: list[Source] = []
    for group in groups:
        for s in group:
            if s not in seen:
                seen.append(s)
    if Source.CLERK not in seen:
        seen.append(Source.CLERK)
    return tuple(seen)


def compose(definition: OneThingDefinition, library: Mapping[str, LibraryItem],
            key_order: Mapping[str, int] | None = None) -> OneThing:
    """The one-thing the engine plans with. ``key_order``: the data dictionary's
    order of keys (the merged form follows it; unknown keys go last, in the order
    the items list them)."""
    missing = [u.ref for u in definition.items if u.ref not in library]
    if missing:
        raise CompositionError(f"items: not in the item library: {', '.join(missing)}")
    cycle = find_cycle({u.ref: u.depends_on for u in definition.items})
    if cycle:
        raise CompositionError("items: the order between items has a cycle: "
                               + " → ".join(cycle))
    uses = [(u, library[u.ref]) for u in definition.items]
    items = tuple(ServiceItem(
        code=item.code, name=item.name, department=item.department,
        legal_days=item.legal_days,
        promised_days=use.promised_days if use.promised_days is not None else item.promised_days,
        depends_on=use.depends_on, when=use.when, outputs=item.outputs, basis=item.basis,
        same_day=item.same_day, fees=item.fees, own_form_size=len(item.form),
        own_material_count=len(item.materials))
        for use, item in uses)

    # the merged form: each key once, asked for the items whose own form asks it
    rules: dict[str, FieldRule] = {}
    scoped: dict[str, list[FieldRule]] = {}
    for r in definition.fields:
        if r.for_items:
            scoped.setdefault(r.key, []).append(r)
        else:
            rules[r.key] = r
    omitted = {(c, r.key) for r in definition.fields for c in r.omit_for}
    asked: dict[str, list[tuple[str, ItemField]]] = {}
    first_seen: dict[str, int] = {}
    for _use, item in uses:
        for f in item.form:
            if (item.code, f.key) in omitted:
                continue
            asked.setdefault(f.key, []).append((item.code, f))
            first_seen.setdefault(f.key, len(first_seen))
    for rule in definition.fields:   # a rule on a key no item keeps: nothing to merge
        if rule.omit_for and rule.key not in asked and all(
                any(f.key == rule.key for f in library[c].form) for c in rule.omit_for
                if c in library):
            rules.pop(rule.key, None)
    unknown = [k for k in list(rules) + list(scoped) if k not in asked]
    if unknown:
        raise CompositionError("fields: no item's own form asks " + ", ".join(unknown))
    order = key_order or {}
    keys = sorted(asked, key=lambda k: (order.get(k, len(order)), first_seen[k]))
    fields = []
    for k in keys:
        base = rules.get(k)
        groups: list[tuple[FieldRule | None, list[tuple[str, ItemField]]]] = []
        rest = list(asked[k])
        for rule in scoped.get(k, []):
            mine = [(c, f) for c, f in rest if c in rule.for_items]
            rest = [(c, f) for c, f in rest if c not in rule.for_items]
            if mine:
                groups.append((rule, mine))
        if rest:
            groups.append((base, rest))
        sources = base.sources if base is not None and base.sources is not None \
            else _union_sources([f.sources for _c, f in asked[k]])
        for group_rule, entries in groups:
            optional = group_rule.optional if group_rule is not None \
                and group_rule.optional is not None else all(f.optional for _c, f in entries)
            fields.append(FormField(key=k, items=tuple(c for c, _f in entries),
                                    required_when=group_rule.required_when
                                    if group_rule else None,
                                    optional=optional, sources=sources))

    # the material set: each material once, for the items whose own list has it
    material_rules = {r.id: r for r in definition.materials}
    specs: dict[str, tuple[ItemMaterial, list[str]]] = {}
    for _use, item in uses:
        for m in item.materials:
            rule_m = material_rules.get(m.id)
            if rule_m is not None and item.code in rule_m.omit_for:
                continue
            if m.id in specs:   # the same material in several items' lists: once, with
                first, codes = specs[m.id]   # every route that spares it
                extra = tuple(e for e in m.exemptions if e not in first.exemptions)
                if extra:
                    first = first.model_copy(update={"exemptions": first.exemptions + extra})
                specs[m.id] = (first, codes + [item.code])
            else:
                specs[m.id] = (m, [item.code])
    for rule_m in definition.materials:
        if rule_m.omit_for and rule_m.id not in specs:
            material_rules.pop(rule_m.id, None)
    unknown = [i for i in material_rules if i not in specs]
    if unknown:
        raise CompositionError("materials: no item's own list has " + ", ".join(unknown))
    materials = []
    present = {u.ref for u in definition.items}
    for mid, (m, codes) in specs.items():
        mrule = material_rules.get(mid)
        data: dict[str, Any] = m.model_dump()
        data["items"] = tuple(codes)
        # sharing from an item this one-thing does not have cannot spare the material
        data["exemptions"] = tuple(e for e in m.exemptions
                                   if e.route.value != "shared_from_item" or e.item in present)
        if mrule is not None:
            data["required_when"] = mrule.required_when
            data["exemptions"] = tuple(data["exemptions"]) + tuple(mrule.exemptions)
            if mrule.missing_allowed_days is not None:
                data["missing_allowed_days"] = mrule.missing_allowed_days
        materials.append(MaterialSpec.model_validate(data))

    whole = critical_path(items)
    promised = min(whole, definition.promised_days) if definition.promised_days is not None \
        else whole
    return OneThing(
        id=definition.id, name=definition.name, seed_row=definition.seed_row,
        name_note=definition.name_note, applicant_kind=definition.applicant_kind,
        lead_units=definition.lead_units, responsible_units=definition.responsible_units,
        keywords=definition.keywords, guide=definition.guide, promised_days=promised,
        fees=definition.fees, delivery=definition.delivery, items=items,
        questions=definition.questions, fields=tuple(fields), materials=tuple(materials),
        review=definition.review, promise_ceiling=definition.promised_days)


def critical_path_days(items: Sequence[ServiceItem], applicable: Sequence[str]) -> int:
    """The working days the applicable items take in their order (the engine's
    ``critical_path`` over those items: items without a dependency between them run
    side by side; the longest chain, not the sum nor the largest item)."""
    wanted = set(applicable)
    return critical_path([i for i in items if i.code in wanted])
