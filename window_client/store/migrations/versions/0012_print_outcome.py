"""What became of each print job (issue 17): the outcome (printed, sent, completed,
stopped, rejected, failed, saved) and the CUPS job id when CUPS took the job. Rows
written before keep outcome "printed".

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("print_log") as batch:
        batch.add_column(sa.Column("outcome", sa.String(16), nullable=False,
                                   server_default="printed"))
        batch.add_column(sa.Column("job_id", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("print_log") as batch:
        batch.drop_column("job_id")
        batch.drop_column("outcome")
