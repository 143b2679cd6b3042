"""Supervision at the window: a case's progress (its items' nodes and countdowns),
urging by hand, the hall's urging rule and the efficiency board's data. Who may do
what is decided here (core.roles), not by which tabs a view shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from window_client.core import messages
from window_client.core.board import BoardData
from window_client.core.roles import Clerk, NotPermitted, Permission
from window_client.core.supervision import (CaseProgress, UrgeRequest, UrgeRule, case_progress,
                                            check_manual_urge)
from window_client.core.workdays import WorkCalendar
from window_client.store.supervision_repository import SupervisionRepository, UrgeRecord

from .permissions import Guard, RefusalLog, requires

__all__ = ["NotPermitted", "SupervisionService", "UrgeRefused"]


class UrgeRefused(ValueError):
    """A manual urge that may not go: the problems, in Chinese."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__(";".join(problems))
        self.problems = tuple(problems)


class SupervisionService:
    """A case's progress and urging by hand: every role. The board's facts
    (Permission.SUPERVISE) and the hall's rule (Permission.SET_URGE_RULE): hall
    managers and administrators, refused and audited for anyone else."""
    OPEN_TO_EVERY_ROLE: frozenset[str] = frozenset({"progress", "urges", "urge", "rule",
                                                    "may_supervise"})

    def __init__(self, repo: SupervisionRepository, calendar: WorkCalendar, clerk: Clerk, *,
                 rule: Callable[[], UrgeRule] = UrgeRule,
                 save_rule: Callable[[UrgeRule], None] | None = None,
                 today: Callable[[], dt.date] = dt.date.today,
                 names: Callable[[str], str] = str,
                 refusals: RefusalLog | None = None) -> None:
        self.repo, self.calendar, self.clerk = repo, calendar, clerk
        self.guard = Guard(clerk, refusals)
        self._rule, self._save_rule, self._today, self._names = rule, save_rule, today, names

    @property
    def may_supervise(self) -> bool:
        return self.guard.permits(Permission.SUPERVISE)

    # -- one case ------------------------------------------------------------------
    def progress(self, case_id: str) -> CaseProgress | None:
        """Where the case stands today; None for a case not yet confirmed."""
        t = self.repo.timeline(case_id)
        if t is None:
            return None
        return case_progress(t.state, t.items, t.nodes, t.accepted_on, t.due, self._today(),
                             self.calendar)

    def urges(self, case_id: str) -> list[UrgeRecord]:
        return self.repo.urges(case_id)

    def urge(self, case_id: str, item_codes: Sequence[str], reason: str) -> list[UrgeRecord]:
        """Urges these items of the case by hand, with the clerk's reason: recorded
        at once (audit, timeline) and sent with the next sync; UrgeRefused with the
        problems when it may not go (nothing is recorded then)."""
        progress = self.progress(case_id)
        if progress is None:
            raise UrgeRefused([messages.URGE_NO_OPEN_ITEM])
        today = self._today()
        urged = {code: self._names(who) for (_, code), who in
                 self.repo.urged_on(today, case_id).items()}
        problems = check_manual_urge(progress, item_codes, reason, urged)
        if problems:
            raise UrgeRefused(problems)
        text = reason.strip()
        return self.repo.add_urges([UrgeRequest(case_id, code, text) for code in item_codes],
                                   day=today, clerk=self.clerk.username, auto=False)

    # -- the hall --------------------------------------------------------------------
    def rule(self) -> UrgeRule:
        return self._rule()

    @requires(Permission.SET_URGE_RULE)
    def set_rule(self, rule: UrgeRule) -> None:
        """The hall's urging rule (hall managers and administrators)."""
        if self._save_rule is None:
            raise NotPermitted(Permission.SET_URGE_RULE, messages.URGE_RULE_NOT_SAVED)
        self._save_rule(rule)

    @requires(Permission.SUPERVISE)
    def board_data(self) -> BoardData:
        """The efficiency board's facts (hall managers and administrators)."""
        return self.repo.board_data()
