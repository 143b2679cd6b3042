"""The platform's answers as pydantic models: anything that does not fit is a
MalformedResponse, never a half-read value."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field


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
    missing: list[str]


class StoredMaterial(_Answer):
    sha256: str
    size: int


class CaseAccepted(_Answer):
    case_no: str = Field(min_length=1, max_length=40)
    client_uuid: str
    state: str


class Event(_Answer):
    seq: int
    case_no: str
    client_uuid: str
    type: str
    item_code: str | None = None
    output_id: str | None = None
    reasons: list[str] = []
    at: dt.datetime
    state: str | None = None   # the case's state after the event, when the platform says


class Changes(_Answer):
    events: list[Event]
    next_cursor: int


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
    case_no: str
    client_uuid: str
    state: str
    items: list[ItemStatus]


class EvaluationRecorded(_Answer):
    evaluation_id: str | None = None


class Urged(_Answer):
    urged: bool
