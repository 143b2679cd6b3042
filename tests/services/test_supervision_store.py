"""The supervision store: a database of 0009 gains the columns, items and return
counts from its snapshots and history (migration 0010); the board's facts are read
on a snapshot that does not wait for a writer holding the lock."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading

from sqlalchemy import text

from window_client.core.case_state import CaseState
from window_client.core.engine import compute_plan
from window_client.core.snapshot import take_snapshot
from window_client.core.workdays import WorkCalendar
from window_client.store.db import make_engine, migrate, open_database
from window_client.store.repository import CaseRepository
from window_client.store.supervision_repository import SupervisionRepository


def _confirm(repo, catalog, name="李娜"):
    one = catalog.definitions["newborn"]
    plan = compute_plan(one, catalog.dictionary, one.default_answers(),
                        start=dt.date(2026, 11, 2), calendar=WorkCalendar())
    case = repo.create_draft(window_code="W01", one_thing_id="newborn",
                             catalog_version=catalog.version, clerk="wangli")
    repo.save_draft(case.id, clerk="wangli", answers=one.default_answers(), form_values={},
                    applicant_name=name)
    snapshot = take_snapshot(plan, catalog, [], dt.datetime(2026, 11, 2, 9, 30))
    repo.confirm(case.id, [], snapshot, clerk="wangli")
    return case.id, snapshot


def test_a_0009_database_gains_its_supervision_columns_from_the_snapshots(tmp_path, catalog):
    engine = make_engine(tmp_path / "old.sqlite3")
    migrate(engine, "0009")
    # a case confirmed by the client of 0009: its snapshot and history, no new columns
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO cases (id, provisional_no, window_code, one_thing_id, catalog_version,"
            " state, answers_json, form_json, revision, created_by, created_at, updated_at,"
            " meta_json) VALUES ('c-1', 'W01-20261102-0001', 'W01', 'newborn', 'v', 'ready',"
            " '{}', '{}', 1, 'wangli', :t, :t, '{}')"), {"t": dt.datetime(2026, 11, 2, 9)})
    new = open_database(tmp_path / "new.sqlite3")
    repo = CaseRepository(new)
    case_id, snapshot = _confirm(repo, catalog)
    with engine.begin() as conn:
        conn.execute(text("UPDATE cases SET snapshot_json = :s WHERE id = 'c-1'"),
                     {"s": repo.get(case_id).snapshot_json})
        for src, dst, at in (("queued", "submitted", "2026-11-02 10:00:00"),
                             ("in_review", "returned", "2026-11-03 10:00:00"),
                             ("in_review", "ready", "2026-11-09 15:00:00")):
            conn.execute(text("INSERT INTO state_history (case_id, from_state, to_state, at,"
                              " clerk, note) VALUES ('c-1', :f, :t, :at, 'platform', '')"),
                         {"f": src, "t": dst, "at": at})
    migrate(engine)
    with engine.connect() as conn:
        row = conn.execute(text(
            "SELECT accepted_at, due_date, promised_days, fields_separate, fields_merged,"
            " returned_count, finished_at FROM cases WHERE id = 'c-1'")).one()
        items = conn.execute(text("SELECT item_code, department, promised_days FROM case_items"
                                  " WHERE case_id = 'c-1' ORDER BY position")).all()
    assert row[0].startswith("2026-11-02 09:30")
    assert row[1] == snapshot.due_date.isoformat() and row[2] == snapshot.promised_days
    assert (row[3], row[4]) == (snapshot.fields_separate, snapshot.fields_merged)
    assert row[5] == 1 and row[6].startswith("2026-11-09 15:00")
    assert [(i[0], i[1], i[2]) for i in items] == [
        (i.code, i.department, i.promised_days) for i in snapshot.items]
    # and the board reads it
    data = SupervisionRepository(engine).board_data()
    [fact] = data.cases
    assert (fact.accepted_on, fact.finished_on, fact.returned, fact.state) == (
        dt.date(2026, 11, 2), dt.date(2026, 11, 9), True, CaseState.READY.value)


def test_the_board_reads_while_a_writer_holds_the_lock(tmp_path, catalog):
    path = tmp_path / "w.sqlite3"
    engine = open_database(path)
    repo = CaseRepository(engine)
    _confirm(repo, catalog)
    writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")   # the sync thread in the middle of a feed batch
    writer.execute("UPDATE cases SET revision = revision + 1")
    done: list[int] = []
    reader = threading.Thread(target=lambda: done.append(
        len(SupervisionRepository(engine).board_data().cases)))
    reader.start()
    reader.join(10)   # with BEGIN IMMEDIATE it would wait for the writer (30 s timeout)
    held = reader.is_alive()
    writer.execute("COMMIT")
    writer.close()
    reader.join(30)
    assert not held and done == [1]
