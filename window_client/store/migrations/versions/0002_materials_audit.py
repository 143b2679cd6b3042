"""Material records per case, the audit log and the platform's case number.

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("platform_no", sa.String(40)))
        batch.create_unique_constraint("uq_cases_platform_no", ["platform_no"])
    op.create_table(
        "case_materials",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.String(36), sa.ForeignKey("cases.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("material_id", sa.String(64), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("tag", sa.String(32), nullable=False),
        sa.Column("received", sa.Boolean, nullable=False),
        sa.Column("copies", sa.Integer, nullable=False),
        sa.Column("missing_deadline", sa.Date),
        sa.Column("note", sa.Text, nullable=False),
        sa.UniqueConstraint("case_id", "material_id"),
    )
    op.create_index("ix_case_materials_case_id", "case_materials", ["case_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("clerk", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("case_id", sa.String(36)),
        sa.Column("detail", sa.Text, nullable=False),
    )
    op.create_index("ix_audit_case_at", "audit_log", ["case_id", "at"])


def downgrade() -> None:
    op.drop_table("audit_log")
    op.drop_table("case_materials")
    with op.batch_alter_table("cases") as batch:
        batch.drop_constraint("uq_cases_platform_no")
        batch.drop_column("platform_no")
