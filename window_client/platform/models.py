"""The platform's answers as pydantic models: anything that does not fit is a
MalformedResponse, never a half-read value."""

from __future__ import annotations

import datetime as dt

from dataclasses import dataclass, field
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

#: the platform's case number (办件编号), as the contract defines it: capitals,
#: digits and hyphens, 6 to 40 characters, starting with a capital or digit
CASE_NO = r"^[0-9A-Z][0-9A-Z-]{5,39}$"
UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
CASE_STATES = r"^(submitted|accepted|in_review|returned|refused|ready|issued)$"


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class ClerkInfo(_Answer):
    username: str
    display_name: str
    role: str


class Tokens(_Answer):
    access_token: str = Field(min_length=1)
    refresh_token: str = Field(min_length=1)
    expires_in: int
    clerk: ClerkInfo


class CatalogInfo(_Answer):
    version: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size: int


class CalendarYear(_Answer):
    year: int
    holidays: list[dt.date]
    workdays: list[dt.date]


class Licence(_Answer):
    type: str
    number: str | None = None
    issuer: str | None = None
    valid_until: dt.date | None = None


class Licences(_Answer):
    licences: list[Licence]


class SharedData(_Answer):
    values: dict[str, str]
    source: str | None = None


class Verification(_Answer):
    result: str = Field(pattern=r"^(passed|failed)$")
    detail: str = ""


class Missing(_Answer):
    missing: list[Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]]


class StoredMaterial(_Answer):
    sha256: str
    size: int


class CaseAccepted(_Answer):
    case_no: str = Field(pattern=CASE_NO)
    client_uuid: str = Field(pattern=UUID)
    state: str = Field(pattern=CASE_STATES)


class Event(_Answer):
    seq: int = Field(ge=1)
    case_no: str = Field(pattern=CASE_NO)
    client_uuid: str = Field(pattern=UUID)
    type: str = Field(min_length=1, max_length=40)
    item_code: str | None = None
    output_id: str | None = None
    reasons: list[str] = []
    at: dt.datetime
    state: str | None = None   # the case's state after the event, when the platform says
    department: str | None = Field(default=None, max_length=64)  # the item's department
    urge_id: str | None = Field(default=None, pattern=UUID)   # urge_answered: which urge


class Changes(_Answer):
    events: list[Event]
    next_cursor: int


@dataclass(frozen=True)
class BadEvent:
    seq: int | None
    problem: str


@dataclass(frozen=True)
class ChangesPage:
    """A feed page as the client read it: the well-formed events and the others."""
    events: list[Event]
    next_cursor: int
    bad: list[BadEvent] = field(default_factory=list)


class Issued(_Answer):
    issued: list[str]


class OutputStatus(_Answer):
    id: str
    name: str
    status: str


class ItemStatus(_Answer):
    code: str
    node: str
    outputs: list[OutputStatus] = []


class CaseStatus(_Answer):
    case_no: str = Field(pattern=CASE_NO)
    client_uuid: str = Field(pattern=UUID)
    state: str
    due_date: dt.date | None = None
    items: list[ItemStatus]


class EvaluationRecorded(_Answer):
    evaluation_id: str | None = None


class Urged(_Answer):
    urged: bool
    urge_id: str | None = None
