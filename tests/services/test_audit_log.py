"""The audit log (issue 16, "audit of views"): every row written anywhere is chained;
the database refuses UPDATE and DELETE and an unchained INSERT; a row changed, deleted
or inserted with plain sqlite3 (triggers dropped first, as a tamperer would) is found
by the verification; concurrent writers keep one valid chain; a hall manager exports
a date range with the hashes and the verification line, a clerk is refused and the
refusal is audited."""

import csv
import datetime as dt
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook

from window_client.core import labels
from window_client.core.case_state import CaseState
from window_client.core.roles import Clerk
from window_client.services.audit import AuditService, describe
from window_client.core.roles import NotPermitted
from window_client.store.accounts import ClerkAccounts
from window_client.store.audit import GENESIS, AuditStore
from window_client.store.db import migrate, make_engine, open_database
from window_client.store.repository import CaseRepository

ROOT = Path(__file__).resolve().parents[2]
MANAGER = Clerk("zhaomin", "赵敏", "manager")
CLERK = Clerk("wangli", "王丽", "clerk")


class Clock:
    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        self.at += dt.timedelta(seconds=1)
        return self.at


@pytest.fixture
def db(tmp_path):
    return tmp_path / "audit.sqlite3"


@pytest.fixture
def engine(db):
    return open_database(db)


def _busy_store(engine, clock=None):
    """Rows from several writers: the repository, the transitions, the accounts."""
    clock = clock or Clock(dt.datetime(2025, 3, 3, 9, 0))
    repo = CaseRepository(engine, clock=clock)
    case = repo.create_draft(window_code="W01", one_thing_id="newborn", catalog_version="v1",
                             clerk="wangli")
    repo.save_draft(case.id, clerk="wangli", answers={}, form_values={"applicant.name": "张三"})
    repo.transition(case.id, CaseState.QUEUED, clerk="wangli")
    ClerkAccounts(engine, clock=clock, hasher=lambda _p: "x").create(
        "lisi", "李四", "Abcdef12!", "clerk", by="admin")
    AuditStore(engine, clock=clock).record("wangli", "view_case", [case.id])
    return case


def _tamper(db: Path, *sql: str) -> None:
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DROP TRIGGER audit_log_chained")
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()


def test_every_writer_chains_its_rows(engine):
    _busy_store(engine)
    store = AuditStore(engine)
    entries = store.entries()
    assert [e.action for e in entries] == ["case_created", "draft_saved", "state_changed",
                                           "clerk_created", "view_case"]
    assert [e.id for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == GENESIS
    for before, after in zip(entries, entries[1:], strict=False):
        assert after.prev_hash == before.row_hash and len(after.row_hash) == 64
    status = store.verify()
    assert status.ok and status.rows == 5 and status.head == entries[-1].row_hash
    assert all("张三" not in e.detail and "李四" not in e.detail for e in entries)


def test_the_database_refuses_update_delete_and_an_unchained_insert(engine, db):
    _busy_store(engine)
    conn = sqlite3.connect(db)
    for sql in ("UPDATE audit_log SET detail = 'x' WHERE id = 2",
                "DELETE FROM audit_log WHERE id = 5",
                "INSERT INTO audit_log (at, clerk, action, case_id, detail, prev_hash, row_hash)"
                " VALUES ('2025-03-03 10:00:00.000000', 'x', 'view_case', NULL, '', '', '')"):
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(sql)
    conn.close()
    assert AuditStore(engine).verify().rows == 5


def test_a_changed_row_is_found(engine, db):
    _busy_store(engine)
    _tamper(db, "UPDATE audit_log SET clerk = 'lisi' WHERE id = 3")
    status = AuditStore(engine).verify()
    assert (status.ok, status.broken_id, status.reason) == (False, 3, "changed")
    assert "第3条" in describe(status)


def test_a_changed_time_is_found(engine, db):
    _busy_store(engine)
    _tamper(db, "UPDATE audit_log SET at = '2025-03-03 08:00:00.000000' WHERE id = 5")
    assert AuditStore(engine).verify().broken_id == 5


def test_a_row_changed_and_rehashed_breaks_the_next_link(engine, db):
    """A tamperer who recomputes the changed row's own hash still breaks the row after."""
    _busy_store(engine)
    from window_client.store.audit import chain_hash
    conn = sqlite3.connect(db)
    row_id, at, action, case_id, detail, prev = conn.execute(
        "SELECT id, at, action, case_id, detail, prev_hash FROM audit_log WHERE id = 2").fetchone()
    conn.close()
    forged = chain_hash(row_id, at, "lisi", action, case_id, detail, prev)
    _tamper(db, f"UPDATE audit_log SET clerk = 'lisi', row_hash = '{forged}' WHERE id = 2")
    status = AuditStore(engine).verify()
    assert (status.broken_id, status.reason) == (3, "unlinked")


def test_a_deleted_middle_row_is_found(engine, db):
    _busy_store(engine)
    _tamper(db, "DELETE FROM audit_log WHERE id = 3")
    status = AuditStore(engine).verify()
    assert (status.broken_id, status.reason) == (4, "unlinked")
    assert "删除或插入" in describe(status)


def test_an_inserted_row_is_found(engine, db):
    _busy_store(engine)
    _tamper(db, "INSERT INTO audit_log (id, at, clerk, action, case_id, detail, prev_hash, row_hash)"
                " VALUES (6, '2025-03-03 10:00:00.000000', 'x', 'view_case', NULL, '', 'bad', 'bad')")
    status = AuditStore(engine).verify()
    assert (status.broken_id, status.reason) == (6, "unlinked")


def test_a_0010_database_has_its_rows_chained_by_the_migration(tmp_path):
    path = tmp_path / "old.sqlite3"
    engine = make_engine(path)
    migrate(engine, "0010")
    conn = sqlite3.connect(path)
    conn.executemany("INSERT INTO audit_log (at, clerk, action, case_id, detail) VALUES (?, ?, ?, ?, ?)",
                     [(f"2025-01-0{d} 09:00:00.000000", "wangli", "sign_in", None, "")
                      for d in range(1, 5)])
    conn.commit()
    conn.close()
    migrate(engine)
    store = AuditStore(engine)
    assert store.verify().ok and store.verify().rows == 4
    store.record("wangli", "view_case", ["c1"])          # the hook continues the old chain
    status = store.verify()
    assert status.ok and status.rows == 5
    with pytest.raises(sqlite3.IntegrityError):
        with sqlite3.connect(path) as conn:
            conn.execute("DELETE FROM audit_log")


WRITER = """
import sys
from window_client.store.audit import AuditStore
from window_client.store.db import make_engine
from window_client.store.repository import CaseRepository
engine = make_engine(__import__("pathlib").Path(sys.argv[1]))
store, repo = AuditStore(engine), CaseRepository(engine)
for n in range(30):
    if n % 10 == 0:
        repo.create_draft(window_code=sys.argv[2], one_thing_id="newborn",
                          catalog_version="v1", clerk=sys.argv[2])
    store.record(sys.argv[2], "view_case", [None], f"n={n}")
"""


def test_concurrent_writers_keep_one_valid_chain(engine, db):
    """Two processes and two threads append at once: BEGIN IMMEDIATE serializes them,
    every row follows the one before it."""
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(db), who], cwd=ROOT)
             for who in ("P1", "P2")]
    store = AuditStore(engine)

    def append(who: str) -> None:
        for n in range(30):
            store.record(who, "view_case", [None], f"n={n}")

    threads = [threading.Thread(target=append, args=(who,)) for who in ("T1", "T2")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    status = store.verify()
    assert status.ok, status
    entries = store.entries()
    assert status.rows == len(entries) == 4 * 30 + 2 * 3
    assert {e.clerk for e in entries} == {"P1", "P2", "T1", "T2"}
    assert [e.id for e in entries] == list(range(1, len(entries) + 1))


# -- the service -----------------------------------------------------------------------

def _service(engine, clerk, day=dt.datetime(2025, 3, 5, 10, 0)):
    return AuditService(AuditStore(engine, clock=Clock(day)), clerk, now=lambda: day,
                        refusals=ClerkAccounts(engine, clock=Clock(day)))


def test_a_manager_exports_a_date_range_as_csv_with_the_hashes(engine, tmp_path):
    case = _busy_store(engine, Clock(dt.datetime(2025, 3, 3, 9, 0)))          # 3 March
    _service(engine, CLERK, dt.datetime(2025, 3, 4, 9, 0)).viewed_case(case.id)  # 4 March
    _service(engine, CLERK, dt.datetime(2025, 3, 6, 9, 0)).viewed_case(case.id)  # 6 March
    service = _service(engine, MANAGER)
    out = service.export(dt.date(2025, 3, 4), dt.date(2025, 3, 5), tmp_path / "a.csv")
    assert out.rows == 1 and out.status.ok
    raw = out.path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")                       # Excel reads it as UTF-8
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == list(labels.AUDIT_EXPORT_COLUMNS)
    data = rows[1]
    assert data[0] == "6" and data[1] == "2025-03-04 09:00:01" and data[2] == "wangli"
    assert data[3] == "查看办件详情" and data[4] == "view_case"
    assert data[5] == case.provisional_no and data[6] == case.id
    entry = AuditStore(engine).entries()[5]
    assert (data[8], data[9]) == (entry.prev_hash, entry.row_hash)
    assert rows[2] == []
    assert rows[3][0] == "校验" and "全部7条记录校验通过" in rows[3][1]
    assert rows[4][0] == "导出" and "2025-03-04 至 2025-03-05" in rows[4][1]
    last = AuditStore(engine).entries()[-1]
    assert (last.clerk, last.action) == ("zhaomin", "audit_exported")
    assert "rows=1" in last.detail and "chain=ok" in last.detail


def test_the_export_says_where_the_chain_is_broken_and_xlsx_works(engine, db, tmp_path):
    _busy_store(engine)
    _tamper(db, "UPDATE audit_log SET action = 'sign_in' WHERE id = 2")
    out = _service(engine, MANAGER).export(dt.date(2025, 3, 1), dt.date(2025, 3, 31),
                                           tmp_path / "a.xlsx")
    assert out.rows == 5 and out.status.broken_id == 2
    sheet = load_workbook(out.path).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == list(labels.AUDIT_EXPORT_COLUMNS)
    assert [r[4] for r in values[1:6]] == ["case_created", "sign_in", "state_changed",
                                           "clerk_created", "view_case"]
    assert values[7][0] == "校验" and "第2条记录的内容已被修改" in values[7][1]
    assert "chain=broken@2" in AuditStore(engine).entries()[-1].detail


def test_a_formula_typed_as_a_user_name_stays_text(engine, tmp_path):
    AuditStore(engine).record("=HYPERLINK(1)", "sign_in_failed")
    service = _service(engine, MANAGER, dt.datetime.now())
    today = dt.date.today()
    rows = list(csv.reader(service.export(today, today, tmp_path / "a.csv").path
                           .read_text(encoding="utf-8-sig").splitlines()))
    assert rows[1][2] == "'=HYPERLINK(1)"
    sheet = load_workbook(service.export(today, today, tmp_path / "a.xlsx").path).active
    assert sheet["C2"].value == "=HYPERLINK(1)" and sheet["C2"].data_type == "s"


def test_a_clerk_is_refused_and_the_refusal_is_audited(engine, tmp_path):
    _busy_store(engine)
    service = _service(engine, CLERK)
    assert not service.may_export
    with pytest.raises(NotPermitted):
        service.export(dt.date(2025, 3, 1), dt.date(2025, 3, 31), tmp_path / "a.csv")
    with pytest.raises(NotPermitted):
        service.check()
    assert not (tmp_path / "a.csv").exists()
    refused = [e for e in AuditStore(engine).entries() if e.action == "refused"]
    assert [(e.clerk, e.detail) for e in refused] == [
        ("wangli", "permission=export_audit method=AuditService.export role=clerk"),
        ("wangli", "permission=export_audit method=AuditService.check role=clerk")]
    assert AuditStore(engine).verify().ok


def test_prints_and_exports_name_the_case(engine, tmp_path):
    case = _busy_store(engine)
    service = _service(engine, CLERK)
    service.printed("receipt", case.id, "HP-1", reprint=False)
    service.printed("receipt", case.id, "HP-1", reprint=True)
    service.printed("guide", "newborn", "HP-1", reprint=False)
    service.exported("outbox", tmp_path, provisional_nos=[case.provisional_no])
    service.exported("board_xlsx", tmp_path / "b.xlsx")
    rows = [(e.action, e.case_id) for e in AuditStore(engine).entries()[5:]]
    assert rows == [("print", case.id), ("reprint", case.id), ("print", None),
                    ("export", case.id), ("export", None)]


def test_a_scan_is_read_only_through_an_audited_open(engine, tmp_path):
    repo = CaseRepository(engine)
    case = repo.create_draft(window_code="W01", one_thing_id="newborn", catalog_version="v1",
                             clerk="wangli")
    source = tmp_path / "page.jpg"
    source.write_bytes(b"\xff\xd8scan\xff\xd9")
    stored = repo.attach_file(case.id, "birth_cert", source, files_dir=tmp_path / "m",
                              clerk="wangli")
    service = AuditService(AuditStore(engine), CLERK, files=repo.files)
    copy = service.open_scan(case.id, stored.id)
    assert copy.data == source.read_bytes()
    with pytest.raises(LookupError):
        service.open_scan(case.id, stored.id + 99)
    last = AuditStore(engine).entries()[-1]
    assert (last.action, last.case_id, last.detail) == (
        "view_scan", case.id, f"file={stored.id} material=birth_cert")
