"""The plan as accepted: an immutable snapshot per case, written with the move to
queued (core/snapshot.py). Cases confirmed before this revision get theirs
rebuilt on first use and marked so.

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("snapshot_json", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("snapshot_json")
