"""One acceptance at the window, without any UI: the state the wizard collects
(applicant, answers, form values with their sources, the material checklist),
field validation by dictionary type, and what still blocks each step — each
problem in Chinese, naming the field or material and where it is."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Protocol
from collections.abc import Mapping

from . import labels, messages
from . import validators as v
from .definition import ApplicantKind
from .dictionary import DictionaryEntry, FieldType
from .engine import MaterialTag, Plan

if TYPE_CHECKING:
    from .workdays import WorkCalendar

# where a value came from, as shown beside the field
SOURCE_LABELS = labels.VALUE_SOURCE_LABELS


class _DatedCheck(Protocol):
    def __call__(self, text: str, *, today: dt.date | None = ...) -> v.Check: ...


_DATED: dict[FieldType, _DatedCheck] = {FieldType.ID_NUMBER: v.resident_id, FieldType.DATE: v.date}
_PLAIN = {FieldType.USCC: v.uscc, FieldType.MOBILE: v.mobile, FieldType.PHONE: v.phone,
          FieldType.POSTAL_CODE: v.postal_code, FieldType.NUMBER: v.number,
          FieldType.MONEY: v.money, FieldType.NAME: v.person_name}


def validate_value(entry: DictionaryEntry, raw: str, *, today: dt.date | None = None
                   ) -> v.Check:
    """Validates one typed value by the dictionary entry's type. Empty is ok here
    (whether it is required is the plan's business)."""
    text = (raw or "").strip()
    if not text:
        return v.Check(value=None)
    t = entry.type
    if t in (FieldType.ID_NUMBER, FieldType.DATE):
        return _DATED[t](text, today=today)
    if t in _PLAIN:
        return _PLAIN[t](text)
    if t == FieldType.CHOICE:
        if text not in {o.value for o in entry.options}:
            return v.Check(error=messages.CHOICE_NOT_IN_LIST)
        return v.Check(value=text)
    if t == FieldType.BOOL:
        if text not in ("true", "false"):
            return v.Check(error=messages.YES_OR_NO_REQUIRED)
        return v.Check(value=text)
    return v.required_text(text, entry.max_length)


@dataclass(frozen=True)
class Problem:
    key: str          # field key or material id
    label: str
    where: str        # section or page, in Chinese
    message: str

    def __str__(self) -> str:
        return f"{self.where} · {self.label}:{self.message}"


@dataclass
class MaterialState:
    received: bool = False
    copies: int = 0
    accept_missing: bool = False   # 容缺: accepted without it, to be supplied by the deadline
    note: str = ""


@dataclass
class AcceptanceState:
    """Everything typed or chosen for one case; saved as the draft at every step."""

    one_thing_id: str
    applicant_kind: str = ApplicantKind.PERSON.value
    via_agent: bool = False
    answers: dict[str, Any] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    materials: dict[str, MaterialState] = field(default_factory=dict)
    step: str = "pick"
    # what the last ID card read said, by field: a typed value that differs from it
    # is a conflict the clerk must settle (card_conflicts)
    card: dict[str, str] = field(default_factory=dict)
    # the citizen's screen (services/citizen.py): {"confirmation": {"method", "digest",
    # "at"}, "signature": {"purpose", "strokes", "at"}}
    citizen: dict[str, Any] = field(default_factory=dict)

    def set_value(self, key: str, value: str | None, source: str = "clerk") -> None:
        if value in (None, ""):
            self.values.pop(key, None)
            self.sources.pop(key, None)
        else:
            self.values[key] = value
            self.sources[key] = source

    def material(self, material_id: str) -> MaterialState:
        return self.materials.setdefault(material_id, MaterialState())

    def meta(self) -> dict[str, Any]:
        return {"applicant_kind": self.applicant_kind, "via_agent": self.via_agent,
                "sources": dict(self.sources), "step": self.step,
                "materials": {k: asdict(m) for k, m in self.materials.items()},
                "card": dict(self.card), "citizen": dict(self.citizen)}

    @classmethod
    def restore(cls, one_thing_id: str, answers: Mapping[str, Any],
                values: Mapping[str, Any], meta: Mapping[str, Any]) -> AcceptanceState:
        return cls(one_thing_id=one_thing_id,
                   applicant_kind=meta.get("applicant_kind", ApplicantKind.PERSON.value),
                   via_agent=bool(meta.get("via_agent", False)), answers=dict(answers),
                   values={k: str(val) for k, val in values.items()},
                   sources=dict(meta.get("sources", {})),
                   materials={k: MaterialState(**m) for k, m in meta.get("materials", {}).items()},
                   step=meta.get("step", "pick"), card=dict(meta.get("card", {})),
                   citizen=dict(meta.get("citizen", {})))

    @property
    def applicant_name(self) -> str | None:
        if self.applicant_kind == ApplicantKind.COMPANY.value:
            return self.values.get("company.name") or self.values.get("applicant.name")
        return self.values.get("applicant.name")

    @property
    def applicant_id_number(self) -> str | None:
        if self.applicant_kind == ApplicantKind.COMPANY.value:
            return self.values.get("company.uscc") or self.values.get("applicant.id_number")
        return self.values.get("applicant.id_number")


# -- the applicant page -------------------------------------------------------

PERSON_KEYS = ("applicant.name", "applicant.id_number", "contact.mobile")
COMPANY_KEYS = ("company.name", "company.uscc", "applicant.name", "applicant.id_number",
                "contact.mobile")
AGENT_KEYS = ("agent.name", "agent.id_number", "agent.mobile", "agent.relation")


def applicant_keys(state: AcceptanceState, known: Mapping[str, DictionaryEntry]) -> list[str]:
    keys = list(COMPANY_KEYS if state.applicant_kind == ApplicantKind.COMPANY.value
                else PERSON_KEYS)
    if state.via_agent:
        keys += AGENT_KEYS
    return [k for k in keys if k in known]


DERIVED_SUFFIXES = (".birth_date", ".sex")


def derive_from_id_number(state: AcceptanceState, prefix: str = "applicant") -> None:
    """Birth date and sex always follow a valid ID number (shown as derived): a case
    is never saved with a birth date the number does not encode."""
    number = state.values.get(f"{prefix}.id_number")
    if not number or not v.resident_id(number).ok:
        return
    for key, value in ((f"{prefix}.birth_date", v.id_birth_date(number).isoformat()),
                       (f"{prefix}.sex", v.id_sex(number))):
        if state.values.get(key) != value:
            state.set_value(key, value, "derived")


def _same(a: str, b: str) -> bool:
    return "".join(a.split()).upper() == "".join(b.split()).upper()


@dataclass(frozen=True)
class CardConflict:
    key: str
    typed: str
    card: str


def card_conflicts(state: AcceptanceState) -> list[CardConflict]:
    """Fields where the value now differs from what the ID card said (typed before
    the read, or typed over it after): each must be settled by the clerk. Birth
    date and sex are not compared: they follow the chosen number."""
    out = []
    for key, card in state.card.items():
        current = state.values.get(key)
        if key.endswith(DERIVED_SUFFIXES) or not current or not card:
            continue
        if not _same(current, card):
            out.append(CardConflict(key, current, card))
    return out


def page_problems(keys: list[str], state: AcceptanceState,
                  entries: Mapping[str, DictionaryEntry], where: str,
                  required: set[str] | None = None) -> list[Problem]:
    problems = []
    for key in keys:
        entry = entries[key]
        raw = state.values.get(key, "")
        if not raw:
            if required is None or key in required:
                problems.append(Problem(key, entry.label, where, messages.FIELD_REQUIRED))
            continue
        check = validate_value(entry, raw)
        if not check.ok:
            problems.append(Problem(key, entry.label, where, check.error or ""))
    return problems


def applicant_problems(state: AcceptanceState, entries: Mapping[str, DictionaryEntry]
                       ) -> list[Problem]:
    keys = applicant_keys(state, entries)
    problems = page_problems(keys, state, entries, labels.PLACE_APPLICANT)
    for c in card_conflicts(state):
        label = entries[c.key].label if c.key in entries else c.key
        problems.append(Problem(c.key, label, labels.PLACE_APPLICANT,
                                messages.CARD_CONFLICT.format(typed=c.typed, card=c.card)))
    applicant, agent = state.values.get("applicant.id_number"), state.values.get("agent.id_number")
    if state.via_agent and applicant and agent and applicant == agent:
        problems.append(Problem("agent.id_number", entries["agent.id_number"].label,
                                labels.PLACE_APPLICANT, messages.AGENT_IS_APPLICANT))
    return problems


def question_problems(plan: Plan) -> list[Problem]:
    out = [Problem(q, plan.one_thing.question(q).text, labels.PLACE_QUESTIONS,
                   messages.QUESTION_UNANSWERED)
           for q in plan.unanswered]
    out += [Problem(q, plan.one_thing.question(q).text, labels.PLACE_QUESTIONS, msg)
            for q, msg in plan.answer_problems.items()]
    return out


def form_problems(plan: Plan, state: AcceptanceState) -> list[Problem]:
    """Required fields without a value and values that fail validation, in form order."""
    problems = []
    for section in plan.form:
        entries = {f.key: f.entry for f in section.fields}
        required = {f.key for f in section.fields if f.required}
        problems += page_problems(list(entries), state, entries, section.section.label,
                                  required)
    return problems


def material_problems(plan: Plan, state: AcceptanceState) -> list[Problem]:
    """Materials to hand in that are neither received nor accepted missing (容缺 is
    allowed only where the definition allows it)."""
    problems = []
    for m in plan.materials:
        if not m.to_hand_in:
            continue
        st = state.materials.get(m.spec.id, MaterialState())
        if st.received:
            if st.copies < 1:
                problems.append(Problem(m.spec.id, m.spec.name, labels.PLACE_MATERIALS,
                                        messages.MATERIAL_COPIES_REQUIRED))
            continue
        if m.tag == MaterialTag.MAY_BE_MISSING and st.accept_missing:
            continue
        message = (messages.MATERIAL_MISSING_MAY_BE_ACCEPTED
                   if m.tag == MaterialTag.MAY_BE_MISSING else messages.MATERIAL_MISSING_KEY)
        problems.append(Problem(m.spec.id, m.spec.name, labels.PLACE_MATERIALS, message))
    return problems


def missing_deadline(plan: Plan, material_id: str, accepted_on: dt.date,
                     calendar: WorkCalendar) -> dt.date | None:
    m = next((m for m in plan.materials if m.spec.id == material_id), None)
    if m is None or not m.spec.missing_allowed_days:
        return None
    return calendar.add_working_days(accepted_on, m.spec.missing_allowed_days).date
