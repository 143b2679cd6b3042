"""Issuance records, evaluations (both synced later) and the print log.

Revision ID: 0005
Revises: 0004
"""
from typing import Any

from alembic import op
import sqlalchemy as sa

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _sync_columns() -> list[sa.Column[Any]]:
    return [sa.Column("synced", sa.Boolean, nullable=False),
            sa.Column("attempts", sa.Integer, nullable=False),
            sa.Column("next_attempt_at", sa.DateTime, nullable=False),
            sa.Column("last_error", sa.Text, nullable=False)]


def upgrade() -> None:
    op.create_table(
        "issuances",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("case_id", sa.String(36), sa.ForeignKey("cases.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("outputs_json", sa.Text, nullable=False),
        sa.Column("method", sa.String(8), nullable=False),
        sa.Column("collector_role", sa.String(16), nullable=False),
        sa.Column("collector_name", sa.String(64), nullable=False),
        sa.Column("collector_id_number", sa.String(18), nullable=False),
        sa.Column("tracking_no", sa.String(32), nullable=False),
        sa.Column("address", sa.Text, nullable=False),
        sa.Column("manager", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("platform_refusal", sa.Text, nullable=False),
        *_sync_columns(),
    )
    op.create_index("ix_issuances_case_id", "issuances", ["case_id"])
    op.create_table(
        "evaluations",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("case_id", sa.String(36), sa.ForeignKey("cases.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("stage", sa.String(16), nullable=False),
        sa.Column("level", sa.Integer, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        *_sync_columns(),
    )
    op.create_table(
        "print_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("reprint", sa.Boolean, nullable=False),
        sa.Column("target", sa.String(128), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("clerk", sa.String(64), nullable=False),
    )
    op.create_index("ix_print_log_case_kind", "print_log", ["case_id", "kind"])


def downgrade() -> None:
    op.drop_table("print_log")
    op.drop_table("evaluations")
    op.drop_table("issuances")
