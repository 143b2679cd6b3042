"""What the window reads of the cases: the list's pages and counts, one case's
details, the clerk's usage and last draft. The views call this (through the store
executor) and never a repository."""

from __future__ import annotations

from dataclasses import dataclass

from window_client.core.records import (CaseListQuery, CaseListRow, CaseRecord, FileRecord,
                                        StateChangeRecord)
from window_client.store.repository import CaseRepository


@dataclass(frozen=True)
class CaseDetails:
    case: CaseRecord
    history: tuple[StateChangeRecord, ...]
    files: tuple[FileRecord, ...]


@dataclass(frozen=True)
class CaseListPage:
    """The first page of a query, how many cases match it and how many the store
    holds (for "(全部N件)")."""
    rows: tuple[CaseListRow, ...]
    matching: int
    total: int


class CaseService:
    def __init__(self, cases: CaseRepository, clerk: str) -> None:
        self._cases = cases
        self.clerk = clerk

    def first_page(self, query: CaseListQuery, limit: int) -> CaseListPage:
        """One query's first ``limit`` rows; the counts are asked only when the page
        is full (a short page is its own count) or the query filters."""
        rows = self._cases.list_rows(query, limit=limit)
        matching = len(rows) if len(rows) < limit else self._cases.count_rows(query)
        plain = not query.text.strip() and query.states is None
        return CaseListPage(tuple(rows), matching,
                            matching if plain else self._cases.count_rows())

    def page(self, query: CaseListQuery, limit: int, offset: int) -> list[CaseListRow]:
        return self._cases.list_rows(query, limit=limit, offset=offset)

    def details(self, case_id: str) -> CaseDetails:
        return CaseDetails(self._cases.get(case_id), tuple(self._cases.history(case_id)),
                           tuple(self._cases.files(case_id)))

    def usage_counts(self) -> dict[str, int]:
        """How often this clerk accepted each one-thing (the catalog's order)."""
        return self._cases.usage_counts(self.clerk)

    def latest_draft(self) -> CaseRecord | None:
        """This clerk's last unfinished draft, offered after a crash or a kill."""
        return self._cases.latest_draft(self.clerk)
