"""The sandbox's tables (SQLAlchemy 2.0 declarative; any SQLAlchemy database).

Times are POSIX seconds (float); JSON documents are stored as text so every
backend holds them the same way. ``events.seq`` is the change-feed cursor: it only
grows (SQLite ``AUTOINCREMENT``, a sequence elsewhere) and rows are written under
one process-wide lock, so a reader never sees seq N+1 before seq N.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Clerk(Base):
    __tablename__ = "clerks"
    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    window_code: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(256))


class Token(Base):
    """Tokens are kept as their SHA-256 only."""
    __tablename__ = "tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # access | refresh
    username: Mapped[str] = mapped_column(ForeignKey("clerks.username"))
    window_code: Mapped[str] = mapped_column(String(16))
    issued_at: Mapped[float] = mapped_column(Float)
    expires_at: Mapped[float] = mapped_column(Float)


class Person(Base):
    __tablename__ = "people"
    id_number: Mapped[str] = mapped_column(String(18), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(String(128), default="")


class Licence(Base):
    __tablename__ = "licences"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    id_number: Mapped[str] = mapped_column(ForeignKey("people.id_number"), index=True)
    type: Mapped[str] = mapped_column(String(64))
    number: Mapped[str] = mapped_column(String(64))
    issuer: Mapped[str] = mapped_column(String(128))
    valid_until: Mapped[str | None] = mapped_column(String(10), nullable=True)


class SharedValue(Base):
    __tablename__ = "shared_data"
    id_number: Mapped[str] = mapped_column(ForeignKey("people.id_number"), primary_key=True)
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(128))


class Material(Base):
    """A content-addressed blob; the bytes live in the blob folder."""
    __tablename__ = "materials"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    stored_at: Mapped[float] = mapped_column(Float)


class Counter(Base):
    """Named sequences, e.g. ``case_no:20261127``."""
    __tablename__ = "counters"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class Case(Base):
    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    case_no: Mapped[str] = mapped_column(String(32), unique=True)
    provisional_no: Mapped[str] = mapped_column(String(64))
    window_code: Mapped[str] = mapped_column(String(16), index=True)
    one_thing_id: Mapped[str] = mapped_column(String(64))
    clerk: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))
    submission_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[float] = mapped_column(Float)
    submissions: Mapped[int] = mapped_column(Integer, default=1)
    returned_once: Mapped[bool] = mapped_column(Boolean, default=False)
    urged: Mapped[int] = mapped_column(Integer, default=0)
    items: Mapped[list[CaseItem]] = relationship(
        back_populates="case", order_by="CaseItem.position", cascade="all, delete-orphan")
    files: Mapped[list[CaseFile]] = relationship(cascade="all, delete-orphan")


class CaseItem(Base):
    __tablename__ = "case_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(128), default="")
    department: Mapped[str] = mapped_column(String(64))
    node: Mapped[str] = mapped_column(String(16))
    node_since: Mapped[float] = mapped_column(Float)
    case: Mapped[Case] = relationship(back_populates="items")
    outputs: Mapped[list[CaseOutput]] = relationship(
        order_by="CaseOutput.position", cascade="all, delete-orphan")
    steps: Mapped[list[ItemStep]] = relationship(cascade="all, delete-orphan")

    def schedule(self) -> dict[str, float]:
        """step → planned platform time (see :mod:`platform_sandbox.schedule`)."""
        return {st.step: st.at for st in self.steps}

    def plan(self, step: str, at: float) -> None:
        for st in self.steps:
            if st.step == step:
                st.at = at
                return
        self.steps.append(ItemStep(step=step, at=at))


class ItemStep(Base):
    """When an item's node is planned to happen in platform time (workdays pace):
    ``dispatched``, ``review``, ``approved`` (the decision: approved, returned or
    refused), ``item_done``, ``result_ready``, and ``due`` (the promised limit)."""
    __tablename__ = "item_steps"
    item_id: Mapped[int] = mapped_column(ForeignKey("case_items.id"), primary_key=True)
    step: Mapped[str] = mapped_column(String(16), primary_key=True)
    at: Mapped[float] = mapped_column(Float)


class CaseOutput(Base):
    __tablename__ = "case_outputs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("case_items.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    output_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(16), default="pending")


class CaseFile(Base):
    """A material hash a case (or one of its supplements) references."""
    __tablename__ = "case_files"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)


class Event(Base):
    __tablename__ = "events"
    __table_args__ = {"sqlite_autoincrement": True}
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    window_code: Mapped[str] = mapped_column(String(16), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    case_no: Mapped[str] = mapped_column(String(32))
    client_uuid: Mapped[str] = mapped_column(String(36))
    type: Mapped[str] = mapped_column(String(16))
    item_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: the item's department as submitted (None for case-level events)
    department: Mapped[str | None] = mapped_column(String(64), nullable=True)
    #: the urge an ``urge_answered`` event answers
    urge_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    output_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    reasons_json: Mapped[str] = mapped_column(Text, default="[]")
    state: Mapped[str] = mapped_column(String(16))
    at: Mapped[float] = mapped_column(Float)


class Action(Base):
    """An idempotent write (supplement, issuance, evaluation, urge) and its first answer."""
    __tablename__ = "actions"
    __table_args__ = (UniqueConstraint("kind", "action_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # supplement | issuance | evaluation | urge
    action_id: Mapped[str] = mapped_column(String(64))
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    body_json: Mapped[str] = mapped_column(Text)
    response_json: Mapped[str] = mapped_column(Text)
    at: Mapped[float] = mapped_column(Float)


class Urge(Base):
    """One item urged (催办): a case-wide urge records a row per open item. The
    department's reply is written when the back office answers it."""
    __tablename__ = "urges"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    urge_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("case_items.id"))
    item_code: Mapped[str] = mapped_column(String(64))
    department: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, default="")
    auto: Mapped[bool] = mapped_column(Boolean, default=False)
    at: Mapped[float] = mapped_column(Float)
    #: when the department answers in workdays pace (delay pace: at + review_delay)
    answer_due: Mapped[float] = mapped_column(Float)
    answered_at: Mapped[float | None] = mapped_column(Float, nullable=True)
    reply: Mapped[str | None] = mapped_column(Text, nullable=True)
