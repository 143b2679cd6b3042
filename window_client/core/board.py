"""The hall's efficiency board (效能看板): the facts it is computed from.

Plain records the store hands out (one per case, one per item of a case, one per
rating), so the figures are computed here, without Qt or SQL, and can be checked by
hand on a small fixture."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class CaseFact:
    case_id: str
    accepted_on: dt.date          # the day of acceptance (snapshot)
    window_code: str
    one_thing_id: str
    state: str                    # CaseState value
    promised_days: int            # the whole case's promise (snapshot)
    due_date: dt.date             # the whole case's promised date (snapshot)
    finished_on: dt.date | None   # every item's result made or refused; None: still open
    returned: bool                # returned for 补正 at least once
    refused: bool                 # refused as a whole (不予受理)
    items_refused: int            # items refused one by one
    # the merge's savings, from the snapshot (None: a snapshot older than the figures)
    fields_separate: int | None = None
    fields_merged: int | None = None
    materials_separate: int | None = None
    materials_merged: int | None = None


@dataclass(frozen=True)
class ItemFact:
    case_id: str
    item_code: str
    item_name: str
    department: str               # department id
    department_name: str
    promised_days: int
    started_on: dt.date           # received by the department (else the day of acceptance)
    finished_on: dt.date | None   # result made, or refused; None: still open
    refused: bool


@dataclass(frozen=True)
class RatingFact:
    case_id: str
    level: int                    # 1 (非常不满意) … 5 (非常满意)
    reason: str
    on: dt.date


@dataclass(frozen=True)
class BoardData:
    cases: tuple[CaseFact, ...]
    items: tuple[ItemFact, ...]
    ratings: tuple[RatingFact, ...]
    loaded_at: dt.datetime
    feed_read_at: dt.datetime | None   # the last time the platform's feed was read


@dataclass(frozen=True)
class BoardFilter:
    start: dt.date                # accepted on or after
    end: dt.date                  # accepted on or before
    window_code: str | None = None
    one_thing_id: str | None = None
    department: str | None = None
