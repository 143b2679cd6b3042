"""How the collector's identity was taken at the issuance counter: read from the ID
card (id_card) or typed (typed); the 出件登记单 says which (issue 12).

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("issuances") as batch:
        batch.add_column(sa.Column("collector_id_source", sa.String(16), nullable=False,
                                   server_default="typed"))


def downgrade() -> None:
    with op.batch_alter_table("issuances") as batch:
        batch.drop_column("collector_id_source")
