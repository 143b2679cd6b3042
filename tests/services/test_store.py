import datetime as dt
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from window_client.core.case_state import CaseState, IllegalTransition
from window_client.store.db import current_revision, head_revision, make_engine, migrate, open_database
from window_client.store.models import Base
from window_client.store.repository import (CaseNotEditable, CaseNotFound, CaseRepository,
                                            MaterialRecord)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def repo(tmp_path):
    return CaseRepository(open_database(tmp_path / "cases.sqlite3"))


def new_case(repo, **kw):
    args = dict(window_code="W01", one_thing_id="newborn", catalog_version="v1", clerk="王丽")
    args.update(kw)
    return repo.create_draft(**args)


def test_empty_database_is_migrated_to_head_in_wal_mode(tmp_path):
    path = tmp_path / "db.sqlite3"
    engine = open_database(path)
    assert current_revision(engine) == head_revision() == "0012"
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_models_match_the_migrations(tmp_path):
    engine = open_database(tmp_path / "db.sqlite3")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_database_at_first_revision_upgrades_and_keeps_its_cases(tmp_path):
    path = tmp_path / "old.sqlite3"
    engine = make_engine(path)
    migrate(engine, "0001")
    assert current_revision(engine) == "0001"
    now = dt.datetime(2026, 11, 1, 9, 0)
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO cases (id, provisional_no, window_code, one_thing_id, catalog_version,"
            " state, applicant_name, applicant_id_number, answers_json, form_json, revision,"
            " created_by, created_at, updated_at) VALUES ('c-1', 'W01-20261101-0001', 'W01',"
            " 'newborn', 'v0', 'draft', '李娜', NULL, '{\"parents_married\": true}', '{}', 3,"
            " '王丽', :now, :now)"), {"now": now})
    migrate(engine)
    assert current_revision(engine) == head_revision()
    repo = CaseRepository(engine)
    case = repo.get("c-1")
    assert case.answers == {"parents_married": True} and case.revision == 3
    assert case.platform_no is None and case.materials == ()
    saved = repo.save_draft("c-1", clerk="王丽", answers={"parents_married": False},
                            form_values={})
    assert saved.revision == 4


def test_provisional_numbers_are_unique_per_window_and_survive_restarts(tmp_path):
    path = tmp_path / "db.sqlite3"
    clock = lambda: dt.datetime(2026, 11, 27, 10, 0)  # noqa: E731
    repo = CaseRepository(open_database(path), clock=clock)
    first = [new_case(repo).provisional_no for _ in range(3)]
    other = new_case(repo, window_code="W02").provisional_no
    repo = CaseRepository(open_database(path), clock=clock)  # a restart
    later = new_case(repo).provisional_no
    assert first == ["W01-20261127-0001", "W01-20261127-0002", "W01-20261127-0003"]
    assert other == "W02-20261127-0001"
    assert later == "W01-20261127-0004"
    tomorrow = CaseRepository(open_database(path), clock=lambda: dt.datetime(2026, 11, 28, 8))
    assert new_case(tomorrow).provisional_no == "W01-20261128-0001"


def test_draft_round_trip_and_revision(repo):
    case = new_case(repo)
    assert case.state == CaseState.DRAFT and case.revision == 0
    saved = repo.save_draft(case.id, clerk="王丽", answers={"birth_order": 2},
                            form_values={"child.name": "张小明"}, applicant_name="张三",
                            applicant_id_number="11010519491231002X")
    again = repo.get(case.id)
    assert again == saved and again.revision == 1
    assert again.form_values == {"child.name": "张小明"}
    assert [c.id for c in repo.find("张三")] == [case.id]
    assert [c.id for c in repo.find("002X")] == [case.id]
    assert [c.id for c in repo.find(case.provisional_no)] == [case.id]


def test_materials_are_recorded(repo):
    case = new_case(repo)
    rec = repo.set_materials(case.id, [
        MaterialRecord("household_register", "居民户口簿", "hand_in", True, 1),
        MaterialRecord("child_photo", "照片", "may_be_missing", False, 0,
                       dt.date(2026, 12, 11))], clerk="王丽")
    assert [m.material_id for m in rec.materials] == ["household_register", "child_photo"]
    assert rec.materials[1].missing_deadline == dt.date(2026, 12, 11)
    rec = repo.set_materials(case.id, [MaterialRecord("x", "X", "hand_in")], clerk="王丽")
    assert [m.material_id for m in rec.materials] == ["x"]


def test_state_machine_in_the_store(repo):
    case = new_case(repo)
    with pytest.raises(IllegalTransition, match="草稿.*已出件"):
        repo.transition(case.id, CaseState.ISSUED, clerk="王丽")
    assert repo.get(case.id).state == CaseState.DRAFT  # nothing written
    repo.transition(case.id, CaseState.QUEUED, clerk="王丽")
    with pytest.raises(CaseNotEditable):
        repo.save_draft(case.id, clerk="王丽", answers={}, form_values={})
    repo.transition(case.id, CaseState.SUBMITTED, clerk="sync", platform_no="GZ2026112700001")
    repo.transition(case.id, CaseState.ACCEPTED, clerk="sync")
    repo.transition(case.id, CaseState.IN_REVIEW, clerk="sync")
    repo.transition(case.id, CaseState.RETURNED, clerk="sync", note="缺少户口簿")
    repo.save_draft(case.id, clerk="王丽", answers={"a": True}, form_values={})  # 补正 edit
    repo.transition(case.id, CaseState.QUEUED, clerk="王丽")
    done = repo.get(case.id)
    assert done.platform_no == "GZ2026112700001"
    states = [h.to_state for h in repo.history(case.id)]
    assert states == [CaseState.DRAFT, CaseState.QUEUED, CaseState.SUBMITTED, CaseState.ACCEPTED,
                      CaseState.IN_REVIEW, CaseState.RETURNED, CaseState.QUEUED]
    assert repo.history(case.id)[5].note == "缺少户口簿"


def test_audit_records_who_did_what(repo):
    case = new_case(repo)
    repo.save_draft(case.id, clerk="李强", answers={}, form_values={"applicant.name": "张三"})
    repo.transition(case.id, CaseState.QUEUED, clerk="李强")
    audit = repo.audit(case.id)
    assert [(a.clerk, a.action) for a in audit] == [
        ("王丽", "case_created"), ("李强", "draft_saved"), ("李强", "state_changed")]
    assert all("张三" not in a.detail for a in audit)  # no personal data in the audit text


def test_unknown_case(repo):
    with pytest.raises(CaseNotFound):
        repo.get("nope")


WRITER = r"""
import sys, json
from pathlib import Path
from window_client.store.db import open_database
from window_client.store.repository import CaseRepository
repo = CaseRepository(open_database(Path(sys.argv[1])))
case = repo.create_draft(window_code="W01", one_thing_id="newborn", catalog_version="v1", clerk="k")
print("CASE", case.id, flush=True)
n = 0
while True:
    n += 1
    form = {"counter": n, "child.name": "张" * (n % 50 + 1), "notes": "x" * (n % 4000)}
    repo.save_draft(case.id, clerk="k", answers={"n": n}, form_values=form)
    print("SAVED", n, flush=True)
"""


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.3, 0.7, 1.1])
def test_writer_killed_mid_save_leaves_last_committed_draft(tmp_path, delay):
    path = tmp_path / "kill.sqlite3"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    case_id = proc.stdout.readline().split()[1]
    first = proc.stdout.readline()  # the writer is saving (start-up time varies under load)
    assert first.startswith("SAVED"), first
    time.sleep(delay)
    proc.kill()  # SIGKILL: no cleanup, possibly in the middle of a transaction
    proc.wait()
    saved = [int(first.split()[1])] + [int(line.split()[1])
                                       for line in proc.stdout.read().splitlines()
                                       if line.startswith("SAVED ")]
    assert saved, "the writer saved nothing before it was killed"
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    case = CaseRepository(open_database(path)).get(case_id)
    # the last save reported committed is there; at most the one in flight more
    assert case.form_values["counter"] in (saved[-1], saved[-1] + 1)
    assert case.revision == case.form_values["counter"] == case.answers["n"]
    n = case.form_values["counter"]
    assert case.form_values["child.name"] == "张" * (n % 50 + 1)
    assert case.form_values["notes"] == "x" * (n % 4000)
