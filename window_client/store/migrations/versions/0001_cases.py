"""Cases, provisional number sequences and the state history.

Revision ID: 0001
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("provisional_no", sa.String(32), nullable=False, unique=True),
        sa.Column("window_code", sa.String(16), nullable=False),
        sa.Column("one_thing_id", sa.String(64), nullable=False),
        sa.Column("catalog_version", sa.String(32), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("applicant_name", sa.String(64)),
        sa.Column("applicant_id_number", sa.String(18)),
        sa.Column("answers_json", sa.Text, nullable=False),
        sa.Column("form_json", sa.Text, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_cases_state", "cases", ["state"])
    op.create_index("ix_cases_applicant_id_number", "cases", ["applicant_id_number"])
    op.create_table(
        "provisional_sequences",
        sa.Column("window_code", sa.String(16), primary_key=True),
        sa.Column("day", sa.String(8), primary_key=True),
        sa.Column("last_seq", sa.Integer, nullable=False),
    )
    op.create_table(
        "state_history",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.String(36), sa.ForeignKey("cases.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("from_state", sa.String(16)),
        sa.Column("to_state", sa.String(16), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("clerk", sa.String(64), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
    )
    op.create_index("ix_state_history_case_id", "state_history", ["case_id"])


def downgrade() -> None:
    op.drop_table("state_history")
    op.drop_table("provisional_sequences")
    op.drop_table("cases")
