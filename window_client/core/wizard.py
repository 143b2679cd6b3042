"""Navigation of the acceptance wizard as data (after Electrum's UI-free wizard):
a map from view id to its next view (a string or a function of the collected
data) plus a stack for Back. The Qt wizard only maps view ids to pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from collections.abc import Callable, Mapping

from . import labels

Next = str | Callable[[Mapping[str, Any]], str] | None

PICK, GUIDE, APPLICANT, QUESTIONS, FORM, MATERIALS, REVIEW = (
    "pick", "guide", "applicant", "questions", "form", "materials", "review")

TITLES = labels.WIZARD_STEP_TITLES


def _after_applicant(data: Mapping[str, Any]) -> str:
    return QUESTIONS if data.get("has_questions", True) else FORM


ACCEPTANCE_FLOW: dict[str, Next] = {
    PICK: GUIDE,
    GUIDE: APPLICANT,
    APPLICANT: _after_applicant,
    QUESTIONS: FORM,
    FORM: MATERIALS,
    MATERIALS: REVIEW,
    REVIEW: None,  # last: confirm puts the case in the outbox
}


@dataclass
class WizardNavigator:
    flow: Mapping[str, Next] = field(default_factory=lambda: dict(ACCEPTANCE_FLOW))
    stack: list[str] = field(default_factory=list)

    def start(self, view: str = PICK) -> str:
        self.stack = [view]
        return view

    @property
    def current(self) -> str:
        return self.stack[-1]

    def resolve_next(self, view: str, data: Mapping[str, Any]) -> str | None:
        nxt = self.flow[view]
        return nxt(data) if callable(nxt) else nxt

    def is_last(self, view: str | None = None) -> bool:
        return self.flow[view or self.current] is None

    def go_next(self, data: Mapping[str, Any]) -> str:
        nxt = self.resolve_next(self.current, data)
        if nxt is None:
            raise ValueError(f"{self.current} is the last view")
        self.stack.append(nxt)
        return nxt

    def go_back(self) -> str:
        if len(self.stack) > 1:
            self.stack.pop()
        return self.current

    def jump_to(self, view: str) -> str:
        """Back to an earlier view on the stack (the review page's 'edit' links)."""
        if view not in self.stack:
            raise ValueError(f"{view} was not visited")
        while self.current != view:
            self.stack.pop()
        return view

    def restore(self, view: str, data: Mapping[str, Any]) -> str:
        """Rebuilds the stack up to ``view`` (resuming a saved draft)."""
        self.start()
        while self.current != view:
            nxt = self.resolve_next(self.current, data)
            if nxt is None:
                break
            self.stack.append(nxt)
        return self.current
