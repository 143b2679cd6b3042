"""The records the store hands out: plain frozen data (no SQLAlchemy), read by the
services and the views. The store (store/repository.py) makes them from its rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from window_client.core.case_state import CaseState
from window_client.core.snapshot import CaseSnapshot


class CaseNotFound(KeyError):
    pass


class CaseNotEditable(ValueError):
    pass


@dataclass(frozen=True)
class MaterialRecord:
    material_id: str
    name: str
    tag: str
    received: bool = False
    copies: int = 0
    missing_deadline: dt.date | None = None
    note: str = ""


@dataclass(frozen=True)
class FileRecord:
    id: int
    material_id: str
    sha256: str
    size: int
    media_type: str
    original_name: str
    stored_path: str
    added_at: dt.datetime


@dataclass(frozen=True)
class StateChangeRecord:
    from_state: CaseState | None
    to_state: CaseState
    at: dt.datetime
    clerk: str
    note: str


@dataclass(frozen=True)
class CaseRecord:
    id: str
    provisional_no: str
    window_code: str
    one_thing_id: str
    catalog_version: str
    state: CaseState
    applicant_name: str | None
    applicant_id_number: str | None
    answers: Mapping[str, Any]
    form_values: Mapping[str, Any]
    revision: int
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    platform_no: str | None = None
    materials: tuple[MaterialRecord, ...] = field(default_factory=tuple)
    meta: Mapping[str, Any] = field(default_factory=dict)
    snapshot_json: str | None = None   # the plan as accepted (core/snapshot.py)

    @property
    def snapshot(self) -> CaseSnapshot | None:
        return CaseSnapshot.from_json(self.snapshot_json) if self.snapshot_json else None


@dataclass(frozen=True)
class CaseListRow:
    """What the case list shows of one case: the light columns only, the ID
    number already masked (the full number never leaves the store for a list)."""
    id: str
    provisional_no: str
    platform_no: str | None
    one_thing_id: str
    state: CaseState
    applicant_name: str
    applicant_id_masked: str
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    clerk_name: str = ""   # the clerk's display name (filled by services/cases.py)
    refused_items: int = 0   # items the platform refused (不予受理) while the case goes on
    due_date: dt.date | None = None   # the promised date (snapshot); None for a draft


# the case list's sort keys; "state" sorts in life-cycle order, not by its code
# "urgency": cases at the departments first, then returned ones, drafts, the closed;
# each by its due date, the nearest first (ascending = the most urgent first)
LIST_ORDERS = ("provisional_no", "one_thing_id", "applicant_name", "applicant_id_number",
               "state", "updated_at", "created_by", "created_at", "due_date", "urgency")


@dataclass(frozen=True)
class CaseListQuery:
    """A filter and an order for the case list. ``text`` is searched in the
    provisional and platform numbers, the applicant's name and full ID number
    (white space dropped, ASCII case ignored, so a typed x finds X)."""
    text: str = ""
    states: frozenset[CaseState] | None = None
    order: str = "updated_at"
    descending: bool = True

    def __post_init__(self) -> None:
        if self.order not in LIST_ORDERS:
            raise ValueError(f"unknown order {self.order!r}")


@dataclass(frozen=True)
class AuditRecord:
    at: dt.datetime
    clerk: str
    action: str
    case_id: str | None
    detail: str


@dataclass(frozen=True)
class AuditEntry:
    """One row of the audit log with its place in the hash chain (store/audit.py);
    ``case_no`` is the case's provisional number when the case is known here."""
    id: int
    at: dt.datetime
    clerk: str
    action: str
    case_id: str | None
    detail: str
    prev_hash: str
    row_hash: str
    case_no: str | None = None


@dataclass(frozen=True)
class ChainStatus:
    """What verifying the audit log's hash chain found. ``broken_id``: the first row
    that does not verify — ``reason`` "changed" (its own content no longer gives its
    hash) or "unlinked" (it does not follow the row before it: a row was deleted or
    inserted before it); None when the whole chain verifies."""
    rows: int
    head: str                     # the last row's hash ("" for an empty log)
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None
