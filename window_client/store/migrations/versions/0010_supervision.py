"""Supervision (issue 15): the items of each confirmed case and where the feed says
they stand (case_items), the nodes of each case (case_nodes), urges (urges); on
cases the snapshot's dates, promise and merge statistics copied into columns, when
every result was finished, and how often the case was returned — the countdown, the
urgency order and the efficiency board read these and never the JSON.

Existing cases are filled from their snapshots and state history (SQLite's JSON
functions); their nodes before this version are not known (the feed brought them
before it was recorded) and stay empty.

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# the efficiency board's covering index (as store/models.py's BOARD_COLUMNS then)
BOARD_COLUMNS = ["accepted_at", "due_date", "id", "window_code", "one_thing_id", "state",
                 "promised_days", "finished_at", "returned_count", "fields_separate",
                 "fields_merged", "materials_separate", "materials_merged"]
OLD_LIST = ["updated_at", "provisional_no", "id", "state", "one_thing_id", "platform_no",
            "applicant_name", "applicant_id_number", "created_by", "created_at"]


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("accepted_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("due_date", sa.Date(), nullable=True))
        batch.add_column(sa.Column("promised_days", sa.Integer(), nullable=True))
        for name in ("fields_separate", "fields_merged", "materials_separate",
                     "materials_merged"):
            batch.add_column(sa.Column(name, sa.Integer(), nullable=True))
        batch.add_column(sa.Column("finished_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("returned_count", sa.Integer(), nullable=False,
                                   server_default="0"))
    op.create_table(
        "case_items",
        sa.Column("case_id", sa.String(36), sa.ForeignKey("cases.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("item_code", sa.String(64), primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("department", sa.String(64), nullable=False),
        sa.Column("department_name", sa.String(128), nullable=False),
        sa.Column("promised_days", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("refused", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("node", sa.String(32), nullable=False, server_default=""),
    )
    op.create_table(
        "case_nodes",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("case_id", sa.String(36), sa.ForeignKey("cases.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("seq", sa.Integer(), nullable=True),
        sa.Column("item_code", sa.String(64), nullable=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("department", sa.String(64), nullable=False, server_default=""),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.String(2000), nullable=False, server_default=""),
        sa.Column("source", sa.String(16), nullable=False, server_default="platform"),
        sa.Column("by", sa.String(64), nullable=False, server_default=""),
        sa.UniqueConstraint("case_id", "seq"),
    )
    op.create_index("ix_case_nodes_case", "case_nodes", ["case_id", "at"])
    op.create_table(
        "urges",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("case_id", sa.String(36), sa.ForeignKey("cases.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("item_code", sa.String(64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("auto", sa.Boolean(), nullable=False),
        sa.Column("clerk", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("synced", sa.Boolean(), nullable=False),
        sa.Column("urged", sa.Boolean(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("failed", sa.Boolean(), nullable=False),
        sa.Column("reply", sa.String(2000), nullable=False),
        sa.Column("replied_at", sa.DateTime(), nullable=True),
        sa.UniqueConstraint("case_id", "item_code", "day"),
    )
    op.create_index("ix_urges_unsynced", "urges", ["synced", "next_attempt_at"])
    # what the snapshots already say
    op.execute("""
        UPDATE cases SET
          accepted_at = replace(substr(json_extract(snapshot_json, '$.accepted_at'), 1, 19),
                                'T', ' '),
          due_date = json_extract(snapshot_json, '$.due_date'),
          promised_days = json_extract(snapshot_json, '$.promised_days'),
          fields_separate = json_extract(snapshot_json, '$.fields_separate'),
          fields_merged = json_extract(snapshot_json, '$.fields_merged'),
          materials_separate = json_extract(snapshot_json, '$.materials_separate'),
          materials_merged = json_extract(snapshot_json, '$.materials_merged')
        WHERE snapshot_json IS NOT NULL AND json_valid(snapshot_json)""")
    op.execute("""
        INSERT OR IGNORE INTO case_items (case_id, item_code, position, name, department,
                                          department_name, promised_days, refused, node)
        SELECT cases.id, json_extract(item.value, '$.code'), item.key,
               json_extract(item.value, '$.name'), json_extract(item.value, '$.department'),
               coalesce(json_extract(item.value, '$.department_name'),
                        json_extract(item.value, '$.department')),
               json_extract(item.value, '$.promised_days'), 0, ''
        FROM cases, json_each(cases.snapshot_json, '$.items') AS item
        WHERE cases.snapshot_json IS NOT NULL AND json_valid(cases.snapshot_json)""")
    op.execute("""
        UPDATE cases SET returned_count = (SELECT count(*) FROM state_history h
                                           WHERE h.case_id = cases.id
                                             AND h.to_state = 'returned')""")
    op.execute("""
        UPDATE cases SET finished_at = (SELECT max(h.at) FROM state_history h
                                        WHERE h.case_id = cases.id
                                          AND h.to_state IN ('ready', 'refused'))
        WHERE state IN ('ready', 'issued', 'refused')""")
    op.drop_index("ix_cases_list", "cases")
    op.create_index("ix_cases_list", "cases", [*OLD_LIST, "due_date"])
    op.create_index("ix_cases_urgency", "cases", ["state", "due_date"])
    op.create_index("ix_cases_board", "cases", BOARD_COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_cases_board", "cases")
    op.drop_index("ix_cases_urgency", "cases")
    op.drop_index("ix_cases_list", "cases")
    op.create_index("ix_cases_list", "cases", OLD_LIST)
    op.drop_index("ix_urges_unsynced", "urges")
    op.drop_table("urges")
    op.drop_index("ix_case_nodes_case", "case_nodes")
    op.drop_table("case_nodes")
    op.drop_table("case_items")
    with op.batch_alter_table("cases") as batch:
        for name in ("returned_count", "finished_at", "materials_merged", "materials_separate",
                     "fields_merged", "fields_separate", "promised_days", "due_date",
                     "accepted_at"):
            batch.drop_column(name)
