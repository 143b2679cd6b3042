"""What the window reads of the cases: the list's pages and counts, one case's
details, the clerk's usage and last draft. The views call this (through the store
executor) and never a repository."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from dataclasses import dataclass

from window_client.core.records import (CaseListQuery, CaseListRow, CaseRecord, FileRecord,
                                        StateChangeRecord)
from window_client.store.repository import CaseRepository


@dataclass(frozen=True)
class CaseDetails:
    case: CaseRecord
    history: tuple[StateChangeRecord, ...]
    files: tuple[FileRecord, ...]
    clerk_name: str = ""   # who accepted it, by name (受理人)


@dataclass(frozen=True)
class CaseListPage:
    """The first page of a query, how many cases match it and how many the store
    holds (for "(全部N件)")."""
    rows: tuple[CaseListRow, ...]
    matching: int
    total: int


class ClerkNames:
    """username → the clerk's name as citizens and papers see it (王丽, not wangli),
    read from the accounts once and again when a name is not known yet."""

    def __init__(self, read: Callable[[], dict[str, str]]) -> None:
        self._read = read
        self._names: dict[str, str] | None = None
        self._lock = threading.Lock()

    def __call__(self, username: str) -> str:
        with self._lock:
            if self._names is None or username not in self._names:
                self._names = self._read()
            return self._names.get(username) or username


class CaseService:
    def __init__(self, cases: CaseRepository, clerk: str,
                 names: Callable[[str], str] = lambda u: u,
                 refused_counts: Callable[[list[str]], dict[str, int]] | None = None) -> None:
        self._cases = cases
        self.clerk = clerk
        self._names = names
        self._refused = refused_counts or (lambda _ids: {})

    def _named(self, rows: list[CaseListRow]) -> tuple[CaseListRow, ...]:
        """The clerk's name and, for cases with an item refused, how many items were
        (one query for the page)."""
        refused = self._refused([r.id for r in rows]) if rows else {}
        return tuple(dataclasses.replace(r, clerk_name=self._names(r.created_by),
                                         refused_items=refused.get(r.id, 0)) for r in rows)

    def first_page(self, query: CaseListQuery, limit: int) -> CaseListPage:
        """One query's first ``limit`` rows; the counts are asked only when the page
        is full (a short page is its own count) or the query filters."""
        rows = self._cases.list_rows(query, limit=limit)
        matching = len(rows) if len(rows) < limit else self._cases.count_rows(query)
        plain = not query.text.strip() and query.states is None
        return CaseListPage(self._named(rows), matching,
                            matching if plain else self._cases.count_rows())

    def page(self, query: CaseListQuery, limit: int, offset: int) -> list[CaseListRow]:
        return list(self._named(self._cases.list_rows(query, limit=limit, offset=offset)))

    def details(self, case_id: str) -> CaseDetails:
        case = self._cases.get(case_id)
        return CaseDetails(case, tuple(self._cases.history(case_id)),
                           tuple(self._cases.files(case_id)), self._names(case.created_by))

    def usage_counts(self) -> dict[str, int]:
        """How often this clerk accepted each one-thing (the catalog's order)."""
        return self._cases.usage_counts(self.clerk)

    def latest_draft(self) -> CaseRecord | None:
        """This clerk's last unfinished draft, offered after a crash or a kill."""
        return self._cases.latest_draft(self.clerk)
