"""The scenario engine: from a one-thing and the applicant's answers to the plan of
the case — the questions to ask, the applicable items in order, the ONE merged
form, the ONE material list, the promised date and what the merge saved."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from collections.abc import Iterable, Mapping

from . import labels
from .conditions import FIELD_PREFIX, TODAY, holds
from .definition import (ExemptionRoute, Fee, FormField, MaterialForm, MaterialSpec, OneThing,
                         Question, ServiceItem, Source, answer_problem)
from .dictionary import DataDictionary, DictionaryEntry, Section
from .workdays import WorkCalendar


class MaterialTag(StrEnum):
    HAND_IN = "hand_in"                          # 提交纸质材料
    E_LICENCE = "e_licence"                      # 电子证照免交
    ONLINE_VERIFICATION = "online_verification"  # 网络核验免交
    VERIFICATION_PENDING = "verification_pending"  # 离线:待核验
    SHARED = "shared"                            # 办结事项共享免交
    MAY_BE_MISSING = "may_be_missing"            # 可容缺受理


EXEMPT_TAGS = frozenset({MaterialTag.E_LICENCE, MaterialTag.ONLINE_VERIFICATION,
                         MaterialTag.SHARED})


@dataclass(frozen=True)
class PlannedField:
    key: str
    entry: DictionaryEntry
    items: tuple[str, ...]      # applicable items that need it
    required: bool
    sources: tuple[Source, ...]

    @property
    def prefillable(self) -> bool:
        return any(s != Source.CLERK for s in self.sources)


@dataclass(frozen=True)
class FormSection:
    section: Section
    fields: tuple[PlannedField, ...]


@dataclass(frozen=True)
class PlannedMaterial:
    spec: MaterialSpec
    items: tuple[str, ...]
    tag: MaterialTag
    detail: str = ""     # e.g. the e-licence type or the verification service

    @property
    def to_hand_in(self) -> bool:
        """The window collects it now: a paper to hand in, or one that may be
        missing (容缺). A material waiting for online verification is not: it is
        asked for only if the check fails later (``awaits_verification``)."""
        return self.tag in (MaterialTag.HAND_IN, MaterialTag.MAY_BE_MISSING)

    @property
    def awaits_verification(self) -> bool:
        return self.tag == MaterialTag.VERIFICATION_PENDING


@dataclass(frozen=True)
class Statistics:
    items: int
    fields_separate: int    # sum over items of the fields each item's own form asks
    fields_merged: int      # distinct keys in the merged form
    fields_to_type: int     # merged fields that no ID card, e-licence or shared data fills
    materials_separate: int  # sum over items of the materials each item asks
    materials_merged: int   # distinct materials after deduplication
    materials_to_hand_in: int


@dataclass(frozen=True)
class Plan:
    one_thing: OneThing
    questions: tuple[Question, ...]   # visible questions, in order
    answers: Mapping[str, Any]        # effective answers: hidden ones dropped
    unanswered: tuple[str, ...]       # visible questions still without an answer
    items: tuple[ServiceItem, ...]    # applicable items in dependency order
    form: tuple[FormSection, ...]
    materials: tuple[PlannedMaterial, ...]
    due_date: dt.date
    due_date_estimated: bool
    statistics: Statistics
    answer_problems: Mapping[str, str] = field(default_factory=dict)
    fees: tuple[Fee, ...] = ()              # what this case is charged (conditions applied)
    promised_days: int = 0                  # the critical path of the applicable items
    filled: Mapping[str, str] = field(default_factory=dict)  # form values the answers give

    @property
    def fields(self) -> tuple[PlannedField, ...]:
        return tuple(f for s in self.form for f in s.fields)


AGENT_KEYS = ("agent.name", "agent.id_number", "agent.mobile", "agent.relation")
AGENT_MATERIAL_IDS = ("agent_authorisation", "agent_id_card")


def _agent_materials(one_thing: OneThing, items: tuple[str, ...]) -> list[MaterialSpec]:
    """What an agent (代办) brings besides the applicant's materials: the
    authorisation and the agent's own ID. A definition may define its own
    ``agent_authorisation`` (which then covers both); it applies whenever an agent
    applies, whatever its own condition says."""
    own = {m.id: m for m in one_thing.materials}
    if "agent_authorisation" in own:
        return [own["agent_authorisation"].model_copy(update={"required_when": None})]
    return [MaterialSpec(id="agent_authorisation", name=labels.AGENT_AUTHORISATION_NAME,
                         issuer=labels.AGENT_AUTHORISATION_ISSUER,
                         form=MaterialForm.ORIGINAL, items=items,
                         how_to_get=labels.AGENT_AUTHORISATION_HOW_TO_GET),
            MaterialSpec(id="agent_id_card", name=labels.AGENT_ID_CARD_NAME,
                         issuer=labels.AGENT_ID_CARD_ISSUER,
                         form=MaterialForm.ORIGINAL_AND_COPY, items=items,
                         how_to_get=labels.AGENT_ID_CARD_HOW_TO_GET)]


def visible_questions(one_thing: OneThing, answers: Mapping[str, Any]
                      ) -> tuple[list[Question], dict[str, Any], dict[str, str]]:
    """Questions to ask in order, the effective answers (only visible, well-formed
    ones) and problems with given answers. A hidden question's answer is dropped
    before any later condition reads it."""
    shown: list[Question] = []
    effective: dict[str, Any] = {TODAY: answers[TODAY]} if TODAY in answers else {}
    problems: dict[str, str] = {}
    for q in one_thing.questions:
        if not holds(q.when, effective):
            continue
        shown.append(q)
        if q.id in answers and answers[q.id] is not None:
            problem = answer_problem(q, answers[q.id])
            if problem:
                problems[q.id] = problem
            else:
                effective[q.id] = answers[q.id]
    return shown, effective, problems


def order_items(items: Iterable[ServiceItem]) -> tuple[ServiceItem, ...]:
    """Dependency order, stable with respect to definition order. Dependencies on
    items that do not apply are ignored."""
    pending = list(items)
    present = {i.code for i in pending}
    done: set[str] = set()
    ordered: list[ServiceItem] = []
    while pending:
        for item in pending:
            if all(d in done or d not in present for d in item.depends_on):
                ordered.append(item)
                done.add(item.code)
                pending.remove(item)
                break
        else:  # the definition validator refuses cycles
            raise ValueError("cycle between items")
    return tuple(ordered)


def _material_tag(spec: MaterialSpec, licences: frozenset[str], applicable: set[str],
                  online: bool, holders: Mapping[str, frozenset[str]] | None = None
                  ) -> tuple[MaterialTag, str]:
    verification = None
    for route in spec.exemptions:
        held = licences if route.holder is None else (holders or {}).get(route.holder,
                                                                         frozenset())
        if route.route == ExemptionRoute.E_LICENCE and route.licence_type in held:
            return MaterialTag.E_LICENCE, route.licence_type or ""
        if route.route == ExemptionRoute.SHARED_FROM_ITEM and route.item in applicable:
            return MaterialTag.SHARED, route.item or ""
        if route.route == ExemptionRoute.ONLINE_VERIFICATION and verification is None:
            verification = route.service or ""
    if verification is not None:
        tag = MaterialTag.ONLINE_VERIFICATION if online else MaterialTag.VERIFICATION_PENDING
        return tag, verification
    if not spec.key and spec.missing_allowed_days:
        return MaterialTag.MAY_BE_MISSING, ""
    return MaterialTag.HAND_IN, ""


def compute_plan(one_thing: OneThing, dictionary: DataDictionary,
                 answers: Mapping[str, Any], *, licences: Iterable[str] = (),
                 online: bool = True, start: dt.date | None = None,
                 calendar: WorkCalendar | None = None, via_agent: bool = False,
                 values: Mapping[str, str] | None = None,
                 holder_licences: Mapping[str, frozenset[str]] | None = None) -> Plan:
    """The plan for ``answers``. ``licences`` are the e-licence types the applicant
    holds; ``online`` says whether online verification can run now (offline the
    material is marked pending verification, to be checked again on sync);
    ``via_agent`` adds the agent's identity to the form and the authorisation and
    the agent's ID to the materials."""
    start = start or dt.date.today()
    shown, effective, problems = visible_questions(one_thing, {**answers, TODAY: start})
    effective.pop(TODAY, None)
    context = {**effective, TODAY: start}
    items = order_items(i for i in one_thing.items if holds(i.when, context))
    applicable = {i.code for i in items}
    licence_set = frozenset(licences)
    # answers that fill form fields (a choice's ``fills``), then the form as known so
    # far for conditions on fields (``field:<key>``)
    filled: dict[str, str] = {}
    for q in shown:
        chosen = effective.get(q.id)
        if q.fills is not None and chosen is not None:
            filled[q.fills] = (chosen.isoformat() if isinstance(chosen, dt.date)
                               else format(chosen, "g") if isinstance(chosen, float)
                               else str(chosen))
        for option in q.options:
            if option.fills and (option.value == chosen or (
                    isinstance(chosen, list) and option.value in chosen)):
                filled.update(option.fills)
    with_values = {**context, **{FIELD_PREFIX + k: v for k, v in (values or {}).items() if v},
                   **{FIELD_PREFIX + k: v for k, v in filled.items()}}

    # merged form: an item's form may ask a key another item's form asks too;
    # the merged form asks each key once, for all the applicable items needing it
    merged: dict[str, list[FormField]] = {}
    separate_fields = 0
    form_fields = list(one_thing.fields)
    if via_agent and items:
        codes = tuple(i.code for i in items)
        form_fields += [FormField(key=k, items=codes, sources=(Source.ID_CARD, Source.CLERK))
                        for k in AGENT_KEYS if k not in {f.key for f in one_thing.fields}]
    for f in form_fields:
        needing = tuple(c for c in f.items if c in applicable)
        if needing:
            separate_fields += len(needing)
            merged.setdefault(f.key, []).append(f)
    planned: list[PlannedField] = []
    for key, specs in merged.items():
        needing = tuple(dict.fromkeys(c for f in specs for c in f.items if c in applicable))
        required = any(not f.optional and holds(f.required_when, with_values) for f in specs) \
            or (via_agent and key in AGENT_KEYS)
        sources = tuple(dict.fromkeys(s for f in specs for s in f.sources))
        planned.append(PlannedField(key, dictionary.entry(key), needing, required, sources))
    sections: dict[str, list[PlannedField]] = {}
    for pf in planned:
        sections.setdefault(pf.entry.section, []).append(pf)
    form = tuple(FormSection(dictionary.sections[s], tuple(fs))
                 for s, fs in sorted(sections.items(),
                                     key=lambda kv: dictionary.sections[kv[0]].order))

    materials: list[PlannedMaterial] = []
    separate_materials = 0
    material_specs = [m for m in one_thing.materials
                      if not (via_agent and m.id in AGENT_MATERIAL_IDS)]
    if via_agent and items:
        material_specs += _agent_materials(one_thing, tuple(i.code for i in items))
    for spec in material_specs:
        needing = tuple(c for c in spec.items if c in applicable)
        if not needing or not holds(spec.required_when, with_values):
            continue
        separate_materials += len(needing)
        tag, detail = _material_tag(spec, licence_set, applicable, online, holder_licences)
        materials.append(PlannedMaterial(spec, needing, tag, detail))

    calendar = calendar or WorkCalendar()
    promised = critical_path(items)
    if one_thing.promise_ceiling is not None:   # a promise set for the whole is a ceiling
        promised = min(promised, one_thing.promise_ceiling)
    elif not any(i.own_form_size is not None for i in one_thing.items):
        promised = one_thing.promised_days       # an inline definition: its one promise
    due = calendar.add_working_days(start, promised)
    # the honest baseline: what each applicable item's OWN form and list ask (the item
    # library), else what the one-thing's mapping assigns to each item
    if items and all(i.own_form_size is not None for i in items):
        separate_fields = sum(i.own_form_size or 0 for i in items) + (
            len(AGENT_KEYS) * len(items) if via_agent else 0)
    if items and all(i.own_material_count is not None for i in items):
        separate_materials = sum(i.own_material_count or 0 for i in items) + (
            2 * len(items) if via_agent else 0)
    fees = tuple(f for f in one_thing.fees if holds(f.when, context)) + tuple(
        f for i in items for f in i.fees if holds(f.when, context))
    stats = Statistics(
        items=len(items),
        fields_separate=separate_fields,
        fields_merged=len(planned),
        fields_to_type=sum(1 for pf in planned if not pf.prefillable),
        materials_separate=separate_materials,
        materials_merged=len(materials),
        materials_to_hand_in=sum(1 for m in materials if m.to_hand_in),
    )
    unanswered = tuple(q.id for q in shown if q.id not in effective)
    return Plan(one_thing, tuple(shown), effective, unanswered, items, form,
                tuple(materials), due.date, due.estimated, stats, problems, fees, promised,
                filled)


def critical_path(items: Iterable[ServiceItem]) -> int:
    """Working days the items take in their order: an item starts when the items it
    waits for (among these) are done; items without a dependency between them run
    side by side. A 即办 item takes none."""
    by_code = {i.code: i for i in items}
    finish: dict[str, int] = {}

    def done(code: str) -> int:
        if code not in finish:
            item = by_code[code]
            start = max((done(d) for d in item.depends_on if d in by_code), default=0)
            finish[code] = start + (0 if item.same_day else item.promised_days)
        return finish[code]

    return max((done(c) for c in by_code), default=0)
