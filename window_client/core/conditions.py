"""Structured conditions over scenario answers, never ``eval``.

A condition is plain data, as authored in YAML::

    {equals: [married, true]}              answer equals a value
    {in: [household, [local, province]]}   answer is one of the values
    {contains: [benefits, medical]}        a multiple-choice answer holds the value
    {compare: [children, ">=", 2]}         number/date answer compared with a value
    {answered: deceased_date}              the question has an answer
    {all: [c, ...]}  {any: [c, ...]}  {not: c}

An atom over a question that has no (visible) answer is false.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass
from typing import Any
from collections.abc import Mapping

_OPS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
        ">": operator.gt, ">=": operator.ge}


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
            try:
                return bool(_OPS[self.comparator](_comparable(answer), _comparable(self.value)))
            except TypeError:
                return False
        raise AssertionError(self.op)  # parse() admits no other op

    def questions(self) -> set[str]:
        """Every question id this condition reads."""
        found = {self.question} if self.question else set()
        for child in self.children:
            found |= child.questions()
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
    raise ConditionError(f"unknown operator '{op}'", path)


def holds(condition: Condition | None, answers: Mapping[str, Any]) -> bool:
    """A missing condition always holds."""
    return condition is None or condition.evaluate(answers)
