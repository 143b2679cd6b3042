"""The audit log becomes append-only with a hash chain (issue 16): each row gets
``prev_hash`` (the hash of the row before it; 64 zeros for the first) and
``row_hash`` (sha256 over a compact JSON array of id, at, clerk, action, case_id,
detail and prev_hash — store/audit.py's ``canonical``, copied here as it was then).
The existing rows are chained in id order. Triggers then refuse every UPDATE and
DELETE on audit_log, and an INSERT whose prev_hash is not the last row's hash.

Revision ID: 0011
Revises: 0010
"""
import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

GENESIS = "0" * 64

TRIGGERS = {
    "audit_log_no_update": """
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
    "audit_log_no_delete": """
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
    "audit_log_chained": f"""
        CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log
        WHEN NEW.prev_hash IS NOT coalesce(
            (SELECT row_hash FROM audit_log ORDER BY id DESC LIMIT 1), '{GENESIS}')
        BEGIN SELECT RAISE(ABORT, 'audit_log row does not continue the chain'); END""",
}


def _hash(row_id: int, at: str, clerk: str, action: str, case_id: str | None, detail: str,
          prev_hash: str) -> str:
    data = json.dumps([row_id, at, clerk, action, case_id, detail, prev_hash],
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def upgrade() -> None:
    op.add_column("audit_log", sa.Column("prev_hash", sa.String(64), nullable=False,
                                         server_default=""))
    op.add_column("audit_log", sa.Column("row_hash", sa.String(64), nullable=False,
                                         server_default=""))
    conn = op.get_bind()
    rows = conn.exec_driver_sql(
        "SELECT id, at, clerk, action, case_id, detail FROM audit_log ORDER BY id").fetchall()
    prev = GENESIS
    chained = []
    for row_id, at, clerk, action, case_id, detail in rows:
        own = _hash(int(row_id), str(at), clerk, action, case_id, detail or "", prev)
        chained.append({"id": row_id, "prev": prev, "own": own})
        prev = own
    if chained:
        conn.execute(sa.text("UPDATE audit_log SET prev_hash = :prev, row_hash = :own "
                             "WHERE id = :id"), chained)
    for sql in TRIGGERS.values():
        op.execute(sql)


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("row_hash")
        batch.drop_column("prev_hash")
