"""The definition of a configured one-thing (一件事), as authored under
``resources/catalog/onethings/``. Validated on load: a definition that refers to an
unknown item, question, department or dictionary key, or whose item order has a
cycle, is refused as a whole."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from . import messages
from .labels import APPLICANT_ISSUERS
from .conditions import Condition, ConditionError, parse

_ID = r"^[a-z][a-z0-9_]*$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


def _condition(value: Any) -> Condition | None:
    if value is None or isinstance(value, Condition):
        return value
    try:
        return parse(value)
    except ConditionError as exc:
        raise ValueError(str(exc)) from exc


class QuestionKind(StrEnum):
    YES_NO = "yes_no"
    SINGLE = "single"
    MULTIPLE = "multiple"
    NUMBER = "number"
    DATE = "date"


class ApplicantKind(StrEnum):
    PERSON = "person"
    COMPANY = "company"


class Source(StrEnum):
    ID_CARD = "id_card"
    E_LICENCE = "e_licence"
    SHARED = "shared"
    CLERK = "clerk"


class Delivery(StrEnum):
    WINDOW = "window"
    POST = "post"


class ExemptionRoute(StrEnum):
    E_LICENCE = "e_licence"
    ONLINE_VERIFICATION = "online_verification"
    SHARED_FROM_ITEM = "shared_from_item"


class MaterialForm(StrEnum):
    ORIGINAL = "original"
    COPY = "copy"
    ORIGINAL_AND_COPY = "original_and_copy"


class MaterialFormat(StrEnum):
    PAPER = "paper"
    ELECTRONIC = "electronic"
    EITHER = "either"


class Choice(_Model):
    value: str
    label: str
    fills: dict[str, str] = {}   # form values this answer gives (data-dictionary keys)


class Question(_Model):
    id: str = Field(pattern=_ID)
    text: str
    kind: QuestionKind
    options: tuple[Choice, ...] = ()
    when: Condition | None = None
    default: Any = None
    help: str = ""
    min: float | None = None
    max: float | None = None
    # a number or date answer that is also a form value (data-dictionary key): the
    # clerk answers once and the form has it (a choice's options use ``fills``)
    fills: str | None = None

    _when = field_validator("when", mode="before")(lambda cls, v: _condition(v))

    @model_validator(mode="after")
    def _check(self) -> Question:
        choice = self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
        if choice and len(self.options) < 2:
            raise ValueError("single and multiple questions need at least two options")
        if not choice and self.options:
            raise ValueError(f"a {self.kind} question takes no options")
        if self.fills is not None and self.kind not in (QuestionKind.NUMBER, QuestionKind.DATE):
            raise ValueError("fills: only a number or date question fills a field itself; "
                             "a choice's options fill fields")
        if self.default is not None:
            problem = answer_problem(self, self.default)
            if problem:
                raise ValueError(f"default: {problem}")
        return self


def answer_problem(question: Question, value: Any) -> str | None:
    """Why ``value`` is not a possible answer to ``question`` (None when it is)."""
    import datetime as dt
    values = {o.value for o in question.options}
    kind = question.kind
    if kind == QuestionKind.YES_NO and not isinstance(value, bool):
        return "expects true or false"
    if kind == QuestionKind.SINGLE and value not in values:
        return f"expects one of {sorted(values)}"
    if kind == QuestionKind.MULTIPLE and (
            not isinstance(value, (list, tuple)) or not set(value) <= values):
        return f"expects a list drawn from {sorted(values)}"
    if kind == QuestionKind.NUMBER:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return "expects a number"
        if question.min is not None and value < question.min:
            return f"must be at least {question.min:g}"
        if question.max is not None and value > question.max:
            return f"must be at most {question.max:g}"
    if kind == QuestionKind.DATE:
        try:
            dt.date.fromisoformat(str(value))
        except ValueError:
            return "expects a date YYYY-MM-DD"
    return None


class Output(_Model):
    id: str = Field(pattern=_ID)
    name: str
    kind: str = Field(default="certificate",
                      pattern=r"^(certificate|licence|document|card|seal|plate)$")
    same_day: bool = False   # handed over at the window the day of acceptance (当场出件)


class Fee(_Model):
    name: str
    amount: str
    basis: str = ""
    when: Condition | None = None    # charged only when this holds over the answers

    _when = field_validator("when", mode="before")(lambda cls, v: _condition(v))


class ServiceItem(_Model):
    code: str = Field(pattern=r"^[A-Za-z0-9_\-]+$")
    name: str
    department: str
    legal_days: int = Field(ge=0)
    promised_days: int = Field(ge=0)
    depends_on: tuple[str, ...] = ()
    when: Condition | None = None
    outputs: tuple[Output, ...] = ()
    basis: str = ""
    same_day: bool = False           # 即办: done at the window the same day
    fees: tuple[Fee, ...] = ()       # the item's own fees (each may depend on answers)
    # the size of the item's OWN form and material list (the library's); None for an
    # inline definition (the mapping is counted then)
    own_form_size: int | None = None
    own_material_count: int | None = None

    _when = field_validator("when", mode="before")(lambda cls, v: _condition(v))

    @model_validator(mode="after")
    def _limits(self) -> ServiceItem:
        if self.promised_days > self.legal_days:
            raise ValueError("promised_days cannot exceed legal_days")
        return self


class FormField(_Model):
    key: str
    items: tuple[str, ...] = Field(min_length=1)
    required_when: Condition | None = None
    optional: bool = False
    sources: tuple[Source, ...] = (Source.CLERK,)

    _req = field_validator("required_when", mode="before")(lambda cls, v: _condition(v))


class Exemption(_Model):
    route: ExemptionRoute
    licence_type: str | None = None
    item: str | None = None
    service: str | None = None
    # whose e-licence: the applicant (None), or the person whose ID number is this
    # data-dictionary key on the form (the spouse, the seller, the deceased…)
    holder: str | None = Field(default=None, pattern=r"^[a-z_]+\.[a-z0-9_]+$")

    @model_validator(mode="after")
    def _complete(self) -> Exemption:
        needs = {ExemptionRoute.E_LICENCE: "licence_type",
                 ExemptionRoute.SHARED_FROM_ITEM: "item",
                 ExemptionRoute.ONLINE_VERIFICATION: "service"}[self.route]
        if not getattr(self, needs):
            raise ValueError(f"route {self.route} needs '{needs}'")
        return self


def made_by_applicant(issuer: str) -> bool:
    """The applicant's own paper (an application, a commitment, a plan): nothing
    exempts it and no reason is needed to hand it in."""
    return issuer.strip().startswith(APPLICANT_ISSUERS)


class MaterialSpec(_Model):
    id: str = Field(pattern=_ID)
    name: str
    issuer: str
    form: MaterialForm = MaterialForm.ORIGINAL
    copies: int = Field(default=1, ge=1)
    format: MaterialFormat = MaterialFormat.PAPER
    items: tuple[str, ...] = Field(min_length=1)
    required_when: Condition | None = None
    exemptions: tuple[Exemption, ...] = ()
    key: bool = True
    missing_allowed_days: int | None = Field(default=None, ge=1)
    how_to_get: str = ""
    hand_in_reason: str = ""   # why it is handed in although nothing exempts it

    _req = field_validator("required_when", mode="before")(lambda cls, v: _condition(v))

    @property
    def made_by_applicant(self) -> bool:
        return made_by_applicant(self.issuer)

    @model_validator(mode="after")
    def _missing(self) -> MaterialSpec:
        if self.key and self.missing_allowed_days is not None:
            raise ValueError(messages.KEY_MATERIAL_ACCEPTED_MISSING)
        return self


class ReviewState(StrEnum):
    DRAFT = "draft"          # written, not yet reviewed by the departments
    REVIEWED = "reviewed"    # reviewed: by ``unit`` on ``date``


class Review(_Model):
    """Where a definition (an item or a one-thing) stands with the departments."""
    state: ReviewState = ReviewState.DRAFT
    unit: str = ""           # the reviewing unit (a department id), when reviewed
    date: str = ""           # YYYY-MM-DD, when reviewed

    @model_validator(mode="after")
    def _reviewed_by_whom(self) -> Review:
        if self.state == ReviewState.REVIEWED and not (self.unit and self.date):
            raise ValueError("review: a reviewed definition names its unit and date")
        return self


class OneThing(_Model):
    id: str = Field(pattern=_ID)
    name: str
    seed_row: int = Field(ge=1)
    name_note: str = ""
    applicant_kind: ApplicantKind = ApplicantKind.PERSON
    lead_units: tuple[str, ...] = Field(min_length=1)
    responsible_units: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    guide: str
    promised_days: int = Field(ge=0)
    fees: tuple[Fee, ...] = ()
    delivery: tuple[Delivery, ...] = Field(default=(Delivery.WINDOW,), min_length=1)
    items: tuple[ServiceItem, ...] = Field(min_length=1)
    questions: tuple[Question, ...] = ()
    fields: tuple[FormField, ...] = ()
    materials: tuple[MaterialSpec, ...] = ()
    review: Review = Field(default_factory=Review)
    # a promise set for the whole one-thing (by the plan): the plan's promise is the
    # critical path of the items that apply, never more than this
    promise_ceiling: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _references(self) -> OneThing:
        codes = [i.code for i in self.items]
        _unique(codes, "items", "code")
        _unique([q.id for q in self.questions], "questions", "id")
        _unique([m.id for m in self.materials], "materials", "id")
        known = set(codes)
        for n, item in enumerate(self.items):
            for dep in item.depends_on:
                if dep not in known:
                    raise ValueError(f"items[{n}].depends_on: unknown item '{dep}'")
        cycle = find_cycle({i.code: i.depends_on for i in self.items})
        if cycle:
            raise ValueError("items: the order between items has a cycle: " + " → ".join(cycle))
        seen: set[str] = set()
        question_ids = {q.id for q in self.questions}
        for n, q in enumerate(self.questions):
            for ref in (q.when.questions() if q.when else ()):
                if ref not in seen:
                    where = "a later" if ref in question_ids else "an unknown"
                    raise ValueError(f"questions[{n}].when: refers to {where} question '{ref}'")
            seen.add(q.id)
        for n, item in enumerate(self.items):
            _known_questions(item.when, question_ids, f"items[{n}].when")
            if item.when is not None and item.when.fields():
                raise ValueError(f"items[{n}].when: an item applies by the answers, not by "
                                 "form values (field:…)")
        for n, q in enumerate(self.questions):
            if q.when is not None and q.when.fields():
                raise ValueError(f"questions[{n}].when: a question shows by the answers, "
                                 "not by form values (field:…)")
        for n, f in enumerate(self.fields):
            _known_items(f.items, known, f"fields[{n}].items")
            _known_questions(f.required_when, question_ids, f"fields[{n}].required_when")
        for n, m in enumerate(self.materials):
            _known_items(m.items, known, f"materials[{n}].items")
            _known_questions(m.required_when, question_ids, f"materials[{n}].required_when")
            for e, ex in enumerate(m.exemptions):
                if ex.item is not None and ex.item not in known:
                    raise ValueError(f"materials[{n}].exemptions[{e}].item: unknown item '{ex.item}'")
        if self.promised_days > max(i.legal_days for i in self.items) * len(self.items):
            raise ValueError("promised_days is longer than all items' legal limits together")
        return self

    def item(self, code: str) -> ServiceItem:
        return next(i for i in self.items if i.code == code)

    def question(self, qid: str) -> Question:
        return next(q for q in self.questions if q.id == qid)

    def default_answers(self) -> dict[str, Any]:
        return {q.id: q.default for q in self.questions if q.default is not None}


def _unique(values: list[str], where: str, what: str) -> None:
    dupes = sorted({v for v in values if values.count(v) > 1})
    if dupes:
        raise ValueError(f"{where}: {what} used more than once: {', '.join(dupes)}")


def _known_items(refs: tuple[str, ...], known: set[str], where: str) -> None:
    for ref in refs:
        if ref not in known:
            raise ValueError(f"{where}: unknown item '{ref}'")


def _known_questions(cond: Condition | None, known: set[str], where: str) -> None:
    for ref in (cond.questions() if cond else ()):
        if ref not in known:
            raise ValueError(f"{where}: refers to an unknown question '{ref}'")


def find_cycle(graph: dict[str, tuple[str, ...]]) -> list[str] | None:
    """A cycle in ``node -> dependencies`` as a list of nodes, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for dep in graph.get(node, ()):
            if state.get(dep) == 1:
                return stack[stack.index(dep):] + [dep]
            if dep not in state:
                found = visit(dep)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in graph:
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None
