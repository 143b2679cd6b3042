"""Items the platform refused (不予受理) while the case goes on, with the reason,
and the reason kept with each of the case's outputs that will not come (issue 12: a
refused item is listed with its reason on the papers, in the cases view and at the
issuance counter, also an item without any output).

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_outputs") as batch:
        batch.add_column(sa.Column("note", sa.String(2000), nullable=False, server_default=""))
    op.create_table(
        "case_item_refusals",
        sa.Column("case_id", sa.String(36), sa.ForeignKey("cases.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("item_code", sa.String(64), primary_key=True),
        sa.Column("reason", sa.String(2000), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False))


def downgrade() -> None:
    op.drop_table("case_item_refusals")
    with op.batch_alter_table("case_outputs") as batch:
        batch.drop_column("note")
