"""Structured conditions over scenario answers, never ``eval``.

A condition is plain data, as authored in YAML::

    {equals: [married, true]}              answer equals a value
    {in: [household, [local, province]]}   answer is one of the values
    {contains: [benefits, medical]}        a multiple-choice answer holds the value
    {compare: [children, ">=", 2]}         number/date answer compared with a value
    {answered: deceased_date}              the question has an answer
    {age_under: [field:child.birth_date, 6]}   born less than 6 years before today
    {within_years: [field:graduate.graduation_date, 2]}  a date in the last 2 years
    {all: [c, ...]}  {any: [c, ...]}  {not: c}

An id ``field:<key>`` reads the merged form's value of that data-dictionary key
instead of an answer (only where the form is known: a field's or a material's
``required_when``). ``today`` is the day of acceptance (compare's value may be
``today``). An atom over a question that has no (visible) answer is false.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass
from typing import Any
from collections.abc import Mapping

_OPS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
        ">": operator.gt, ">=": operator.ge}
FIELD_PREFIX = "field:"
TODAY = "__today__"   # the evaluation mapping's key for the day of acceptance


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:   # 29 February
        return day.replace(year=day.year - years, day=28)


class ConditionError(ValueError):
    """A condition is not well formed. ``path`` locates it inside the condition."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path


@dataclass(frozen=True)
class Condition:
    op: str
    question: str | None = None
    value: Any = None
    comparator: str | None = None
    children: tuple[Condition, ...] = ()

    def evaluate(self, answers: Mapping[str, Any]) -> bool:
        if self.op == "all":
            return all(c.evaluate(answers) for c in self.children)
        if self.op == "any":
            return any(c.evaluate(answers) for c in self.children)
        if self.op == "not":
            return not self.children[0].evaluate(answers)
        if self.question is None or self.question not in answers \
                or answers[self.question] is None:
            return False
        answer = answers[self.question]
        if self.op == "answered":
            return bool(answer != [] and answer != "")
        if self.op == "equals":
            return bool(answer == self.value)
        if self.op == "in":
            return answer in self.value
        if self.op == "contains":
            return isinstance(answer, (list, tuple, set, frozenset)) and self.value in answer
        if self.op == "compare":
            if self.comparator is None:
                raise AssertionError("compare without a comparator")  # parse() sets one
            value = answers.get(TODAY, dt.date.today()) if self.value == "today" else self.value
            try:
                return bool(_OPS[self.comparator](_comparable(answer), _comparable(value)))
            except TypeError:
                return False
        if self.op in ("age_under", "within_years"):
            day = _comparable(answer)
            if not isinstance(day, dt.date):
                return False
            today = answers.get(TODAY, dt.date.today())
            limit = _years_before(today, int(self.value))
            return bool(day > limit) if self.op == "age_under" else bool(limit <= day <= today)
        raise AssertionError(self.op)  # parse() admits no other op

    def questions(self) -> set[str]:
        """Every question id this condition reads (form fields, ``field:``, aside)."""
        found = {self.question} if self.question and not self.question.startswith(
            FIELD_PREFIX) else set()
        for child in self.children:
            found |= child.questions()
        return found

    def fields(self) -> set[str]:
        """Every data-dictionary key this condition reads (``field:<key>``)."""
        found = {self.question[len(FIELD_PREFIX):]} if self.question and \
            self.question.startswith(FIELD_PREFIX) else set()
        for child in self.children:
            found |= child.fields()
        return found


def _comparable(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def parse(data: Any, path: str = "") -> Condition:
    """Turns authored data into a Condition, or raises ConditionError."""
    if isinstance(data, Condition):
        return data
    if not isinstance(data, dict) or len(data) != 1:
        raise ConditionError("a condition is a mapping with exactly one operator "
                             "(all, any, not, equals, in, contains, compare, answered)", path)
    (op, arg), = data.items()
    here = f"{path}.{op}" if path else op
    if op in ("all", "any"):
        if not isinstance(arg, list) or not arg:
            raise ConditionError(f"'{op}' takes a non-empty list of conditions", here)
        return Condition(op, children=tuple(parse(c, f"{here}[{i}]") for i, c in enumerate(arg)))
    if op == "not":
        return Condition(op, children=(parse(arg, here),))
    if op == "answered":
        if not isinstance(arg, str):
            raise ConditionError("'answered' takes a question id", here)
        return Condition(op, question=arg)
    if op in ("equals", "in", "contains"):
        if not (isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str)):
            raise ConditionError(f"'{op}' takes [question_id, value]", here)
        if op == "in" and not isinstance(arg[1], list):
            raise ConditionError("'in' takes [question_id, [value, ...]]", here)
        value = tuple(arg[1]) if op == "in" else arg[1]
        return Condition(op, question=arg[0], value=value)
    if op == "compare":
        if not (isinstance(arg, list) and len(arg) == 3 and isinstance(arg[0], str)
                and arg[1] in _OPS):
            raise ConditionError(f"'compare' takes [question_id, one of {sorted(_OPS)}, value]",
                                 here)
        return Condition(op, question=arg[0], comparator=arg[1], value=arg[2])
    if op in ("age_under", "within_years"):
        if not (isinstance(arg, list) and len(arg) == 2 and isinstance(arg[0], str)
                and isinstance(arg[1], int) and not isinstance(arg[1], bool) and arg[1] > 0):
            raise ConditionError(f"'{op}' takes [question_or_field, years]", here)
        return Condition(op, question=arg[0], value=arg[1])
    raise ConditionError(f"unknown operator '{op}'", path)


def holds(condition: Condition | None, answers: Mapping[str, Any]) -> bool:
    """A missing condition always holds."""
    return condition is None or condition.evaluate(answers)
