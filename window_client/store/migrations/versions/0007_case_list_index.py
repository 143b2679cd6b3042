"""The case list's covering index: the light columns in the list's default order
(last updated first), so a page, a filter and a count read the index and never
the cases' JSON columns (issue 11: the 办件 view pages and filters in SQL).

Revision ID: 0007
Revises: 0006
"""
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COLUMNS = ["updated_at", "provisional_no", "id", "state", "one_thing_id", "platform_no",
           "applicant_name", "applicant_id_number", "created_by", "created_at"]


def upgrade() -> None:
    op.create_index("ix_cases_list", "cases", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_cases_list", "cases")
