"""ORM models. Never handed to the UI: the repository returns plain dataclasses."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


#: what the efficiency board reads of a case (migration 0010's covering index)
BOARD_COLUMNS = ("accepted_at", "due_date", "id", "window_code", "one_thing_id", "state",
                 "promised_days", "finished_at", "returned_count", "fields_separate",
                 "fields_merged", "materials_separate", "materials_merged")


class CaseRow(Base):
    __tablename__ = "cases"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # client UUID
    provisional_no: Mapped[str] = mapped_column(String(32), unique=True)
    window_code: Mapped[str] = mapped_column(String(16))
    one_thing_id: Mapped[str] = mapped_column(String(64))
    catalog_version: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16), index=True)
    applicant_name: Mapped[str | None] = mapped_column(String(64))
    applicant_id_number: Mapped[str | None] = mapped_column(String(18), index=True)
    answers_json: Mapped[str] = mapped_column(Text, default="{}")
    form_json: Mapped[str] = mapped_column(Text, default="{}")
    revision: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
    platform_no: Mapped[str | None] = mapped_column(String(40), unique=True)
    # the wizard's own state: step, applicant kind, agent, material checklist
    meta_json: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")
    # the plan as accepted (core/snapshot.py), written once with the move to queued
    snapshot_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    # copied from the snapshot at confirm (migration 0010), for the list's countdown,
    # the urgency order and the efficiency board without reading the JSON
    accepted_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    due_date: Mapped[dt.date | None] = mapped_column(nullable=True)
    promised_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    fields_separate: Mapped[int | None] = mapped_column(Integer, nullable=True)
    fields_merged: Mapped[int | None] = mapped_column(Integer, nullable=True)
    materials_separate: Mapped[int | None] = mapped_column(Integer, nullable=True)
    materials_merged: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # kept by the feed: every result made or refused (None: still open), returns
    finished_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)
    returned_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    # the case list's covering index (migrations 0007, 0010): pages, filters and
    # counts read it and never the JSON columns
    __table_args__ = (Index("ix_cases_list", "updated_at", "provisional_no", "id", "state",
                            "one_thing_id", "platform_no", "applicant_name",
                            "applicant_id_number", "created_by", "created_at", "due_date"),
                      Index("ix_cases_urgency", "state", "due_date"),
                      # the efficiency board's covering index: its query reads these and
                      # never the row (whose snapshot JSON lies before these columns)
                      Index("ix_cases_board", *BOARD_COLUMNS))


class ProvisionalSequence(Base):
    __tablename__ = "provisional_sequences"

    window_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    day: Mapped[str] = mapped_column(String(8), primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer)


class StateChange(Base):
    __tablename__ = "state_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    from_state: Mapped[str | None] = mapped_column(String(16))
    to_state: Mapped[str] = mapped_column(String(16))
    at: Mapped[dt.datetime]
    clerk: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")


class CaseMaterialRow(Base):
    __tablename__ = "case_materials"
    __table_args__ = (UniqueConstraint("case_id", "material_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    material_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(128))
    tag: Mapped[str] = mapped_column(String(32))
    received: Mapped[bool] = mapped_column(default=False)
    copies: Mapped[int] = mapped_column(Integer, default=0)
    missing_deadline: Mapped[dt.date | None]
    note: Mapped[str] = mapped_column(Text, default="")


class AuditRow(Base):
    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_case_at", "case_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime]
    clerk: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    case_id: Mapped[str | None] = mapped_column(String(36))
    detail: Mapped[str] = mapped_column(Text, default="")  # never personal data
    # the hash chain (migration 0011): filled by store/audit.py's before_flush hook
    # from the row before, in the writer's BEGIN IMMEDIATE transaction; SQLite
    # triggers refuse UPDATE and DELETE and an INSERT that does not continue the chain
    prev_hash: Mapped[str] = mapped_column(String(64), server_default="")
    row_hash: Mapped[str] = mapped_column(String(64), server_default="")


class ClerkRow(Base):
    __tablename__ = "clerks"

    username: Mapped[str] = mapped_column(String(32), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))  # clerk | manager | admin
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime]
    last_sign_in: Mapped[dt.datetime | None]
    last_online_sign_in: Mapped[dt.datetime | None]


class CaseFileRow(Base):
    __tablename__ = "case_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    material_id: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(64))
    original_name: Mapped[str] = mapped_column(String(255))
    stored_path: Mapped[str] = mapped_column(String(512))
    added_at: Mapped[dt.datetime]
    added_by: Mapped[str] = mapped_column(String(64))


class OutboxRow(Base):
    """Attempts of a queued case; which cases are pending is the cases' state."""

    __tablename__ = "outbox"

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"),
                                         primary_key=True)
    stage: Mapped[str] = mapped_column(String(16))  # manifest | upload | submit
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime]
    last_error: Mapped[str] = mapped_column(Text, default="")
    stuck: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[dt.datetime]


class SyncStateRow(Base):
    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class CaseOutputRow(Base):
    __tablename__ = "case_outputs"

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"),
                                         primary_key=True)
    output_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    item_code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16))  # pending|ready|issued|posted|refused
    updated_at: Mapped[dt.datetime]
    note: Mapped[str] = mapped_column(String(2000), default="", server_default="")


class ItemRefusalRow(Base):
    """An item the platform refused while the case goes on."""
    __tablename__ = "case_item_refusals"

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"),
                                         primary_key=True)
    item_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    reason: Mapped[str] = mapped_column(String(2000))
    at: Mapped[dt.datetime]


class NotificationRow(Base):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str | None] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    read: Mapped[bool] = mapped_column(default=False)


class IssuanceRow(Base):
    __tablename__ = "issuances"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    outputs_json: Mapped[str] = mapped_column(Text)
    method: Mapped[str] = mapped_column(String(8))
    collector_role: Mapped[str] = mapped_column(String(16))
    collector_name: Mapped[str] = mapped_column(String(64))
    collector_id_number: Mapped[str] = mapped_column(String(18))
    # id_card: read from the card at the counter; typed: entered by hand
    collector_id_source: Mapped[str] = mapped_column(String(16), default="typed",
                                                     server_default="typed")
    tracking_no: Mapped[str] = mapped_column(String(32), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    manager: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime]
    platform_refusal: Mapped[str] = mapped_column(Text, default="")
    synced: Mapped[bool] = mapped_column(default=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime]
    last_error: Mapped[str] = mapped_column(Text, default="")


class EvaluationRow(Base):
    __tablename__ = "evaluations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    stage: Mapped[str] = mapped_column(String(16))
    level: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[dt.datetime]
    synced: Mapped[bool] = mapped_column(default=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime]
    last_error: Mapped[str] = mapped_column(Text, default="")


class PrintLogRow(Base):
    __tablename__ = "print_log"
    __table_args__ = (Index("ix_print_log_case_kind", "case_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(16))
    reprint: Mapped[bool] = mapped_column(default=False)
    target: Mapped[str] = mapped_column(String(128), default="")
    at: Mapped[dt.datetime]
    clerk: Mapped[str] = mapped_column(String(64))
    # migration 0012: what became of the job; the CUPS job id when CUPS took it
    outcome: Mapped[str] = mapped_column(String(16), default="printed", server_default="printed")
    job_id: Mapped[int | None] = mapped_column(Integer, nullable=True)


class CaseItemRow(Base):
    """The items of a confirmed case as the snapshot promised them, and where the
    feed says each stands (migration 0010)."""
    __tablename__ = "case_items"

    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"),
                                         primary_key=True)
    item_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(128))
    department: Mapped[str] = mapped_column(String(64))
    department_name: Mapped[str] = mapped_column(String(128))
    promised_days: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)   # dispatched
    finished_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)  # done/refused
    refused: Mapped[bool] = mapped_column(default=False)
    node: Mapped[str] = mapped_column(String(32), default="")   # the latest node kind


class CaseNodeRow(Base):
    """One node of a case: a feed event (``seq`` the platform's) or the window's
    own (an urge). Never personal data in ``note``."""
    __tablename__ = "case_nodes"
    __table_args__ = (Index("ix_case_nodes_case", "case_id", "at"),
                      UniqueConstraint("case_id", "seq"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    item_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    kind: Mapped[str] = mapped_column(String(32))
    department: Mapped[str] = mapped_column(String(64), default="")
    at: Mapped[dt.datetime]
    note: Mapped[str] = mapped_column(String(2000), default="")
    source: Mapped[str] = mapped_column(String(16), default="platform")
    by: Mapped[str] = mapped_column(String(64), default="")


class UrgeRow(Base):
    """An urge (催办) of one item: made by the hall's rule or by hand, sent to the
    platform idempotently on ``id``; at most one per item per working day."""
    __tablename__ = "urges"
    __table_args__ = (UniqueConstraint("case_id", "item_code", "day"),
                      Index("ix_urges_unsynced", "synced", "next_attempt_at"))

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    item_code: Mapped[str] = mapped_column(String(64))
    day: Mapped[dt.date]
    reason: Mapped[str] = mapped_column(String(500))
    auto: Mapped[bool] = mapped_column(default=False)
    clerk: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime]
    synced: Mapped[bool] = mapped_column(default=False)
    urged: Mapped[bool | None] = mapped_column(nullable=True)  # the platform's answer
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime]
    last_error: Mapped[str] = mapped_column(Text, default="")
    failed: Mapped[bool] = mapped_column(default=False)   # refused by the platform (409)
    reply: Mapped[str] = mapped_column(String(2000), default="")
    replied_at: Mapped[dt.datetime | None] = mapped_column(nullable=True)


# the audit chain's flush hook is registered with the models, so every AuditRow
# written anywhere is chained (store/audit.py)
from . import audit as _audit_chain  # noqa: E402,F401
