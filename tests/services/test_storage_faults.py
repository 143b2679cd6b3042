"""Storage faults with real files: a damaged database (truncated, zeroed header, a
damaged page found only by quick_check, 0 bytes) is refused in Chinese by the
command line and restored from the newest good backup, keeping the damaged file
and listing the cases the journal knows the backup lacks; rolling backups; a full
disk (PRAGMA max_page_count, and a real full tmpfs as root) keeps what was typed
and leaves no partial files."""

import datetime as dt
import hashlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import event

from window_client.core.case_state import CaseState
from window_client.core.workdays import WorkCalendar
from window_client.services.acceptance import AcceptanceSession
from window_client.services.recovery import plan_restore, restore
from window_client.settings import Paths
from window_client.store import backup
from window_client.store.db import current_revision, make_engine, migrate, open_database
from window_client.store.maintenance import Maintenance, remove_partial_files
from window_client.store.repository import CaseRepository
from window_client.core.storage_errors import DatabaseDamaged, StorageFull

ROOT = Path(__file__).resolve().parents[2]
NAME, ID_NUMBER = "欧阳娜娜", "360702199208150046"
KINDS = ["truncated", "zeroed_header", "damaged_page", "empty"]


def home_paths(home: Path) -> Paths:
    return Paths(home / "config", home / "data", home / "logs")


def cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, WINDOW_CLIENT_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "window_client", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def add_cases(cases: CaseRepository, n: int, *, queue_every: int = 3) -> list:
    made = []
    for i in range(n):
        c = cases.create_draft(window_code="W01", one_thing_id="newborn",
                               catalog_version="v1", clerk="wangli")
        c = cases.save_draft(c.id, clerk="wangli", answers={"register_household": True},
                             form_values={"child.name": "张小明", "note": "备注" * 300},
                             applicant_name=NAME, applicant_id_number=ID_NUMBER)
        if i % queue_every == 0:
            c = cases.transition(c.id, CaseState.QUEUED, clerk="wangli")
        made.append(c)
    return made


@pytest.fixture
def populated(tmp_path):
    """A profile whose database has 120 cases, a good daily backup taken after
    them, then 3 new cases and one older draft confirmed after the backup."""
    return _populate(tmp_path, None)


@pytest.fixture
def populated_encrypted(tmp_path, installed_key):
    """The same, encrypted as the app keeps it; the command line in a subprocess
    unlocks the key from the test keyring (the fixture's DBUS_SESSION_BUS_ADDRESS is
    inherited)."""
    return _populate(tmp_path, installed_key.key)


def _populate(tmp_path, key):
    home = tmp_path / "home"
    paths = home_paths(home)
    engine = open_database(paths.database, key=key)
    cases = CaseRepository(engine)
    before = add_cases(cases, 120)
    made = Maintenance(paths.database, key=key).run()
    assert made.healthy and made.backup is not None
    after = add_cases(cases, 3, queue_every=2)
    draft_before = next(c for c in before if c.state == CaseState.DRAFT)
    cases.transition(draft_before.id, CaseState.QUEUED, clerk="wangli")
    engine.dispose()  # the last connection checkpoints: every page is in the file
    assert not paths.database.with_name(paths.database.name + "-wal").exists()
    return home, paths, before, after, draft_before, made.backup


def damage(path: Path, kind: str) -> None:
    size = path.stat().st_size
    if kind == "truncated":
        os.truncate(path, size // 2)
    elif kind == "zeroed_header":
        with open(path, "r+b") as fh:
            fh.write(b"\0" * 100)
    elif kind == "damaged_page":
        pages = size // 4096
        rng = random.Random(7)
        with open(path, "r+b") as fh:
            for page in range(pages // 2 - 1, pages // 2 + 2):
                fh.seek(page * 4096)
                fh.write(bytes(rng.randrange(256) for _ in range(4096)))
        assert path.stat().st_size == size  # header and size intact: only quick_check sees it
    elif kind == "empty":
        os.truncate(path, 0)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- damage at start -------------------------------------------------------------------
@pytest.mark.parametrize("kind", KINDS)
def test_damaged_database_is_refused_in_chinese_by_the_cli_and_restored(populated_encrypted, kind,
                                                                        installed_key):
    home, paths, before, after, draft_before, good = populated_encrypted
    damage(paths.database, kind)
    damaged_sha = sha(paths.database)

    out = cli(home, "sync", "status")
    assert out.returncode == 4, out.stdout + out.stderr
    assert "Traceback" not in out.stderr and "Error" not in out.stderr
    assert "本机数据库已损坏" in out.stderr and "db restore" in out.stderr
    check = cli(home, "db", "check")
    assert check.returncode == 4 and "本机数据库已损坏" in check.stderr
    assert paths.database.exists() and sha(paths.database) == damaged_sha  # nothing overwritten

    restored = cli(home, "db", "restore")
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "Traceback" not in restored.stderr
    assert good.label in restored.stdout
    for c in after:  # created after the backup: listed to be entered again
        assert c.provisional_no in restored.stdout
    assert draft_before.provisional_no in restored.stdout  # confirmed after the backup
    assert before[2].provisional_no not in restored.stdout and before[3].provisional_no not in restored.stdout
    assert NAME not in restored.stdout and ID_NUMBER not in restored.stdout
    assert "欧*** 360702********0046" in restored.stdout

    kept = list((paths.data_dir / "damaged").glob("*-damaged-*.sqlite3"))
    assert len(kept) == 1 and sha(kept[0]) == damaged_sha
    listing = list((paths.data_dir / "damaged").glob("*-cases-to-check.txt"))
    assert len(listing) == 1 and after[0].provisional_no in listing[0].read_text(encoding="utf-8")

    status = cli(home, "sync", "status")
    assert status.returncode == 0, status.stderr
    cases = CaseRepository(open_database(paths.database, key=installed_key.key))
    assert cases.count() == 120
    assert cases.get(draft_before.id).state == CaseState.DRAFT  # as it was in the backup


@pytest.mark.parametrize("kind", KINDS)
def test_open_database_raises_database_damaged_for_each_kind(populated, kind):
    _home, paths, *_ = populated
    damage(paths.database, kind)
    with pytest.raises(DatabaseDamaged) as err:
        open_database(paths.database)
    expected = {"truncated": "truncated", "zeroed_header": "not_a_database",
                "damaged_page": "pages_damaged", "empty": "empty"}[kind]
    assert err.value.kind == expected
    assert "损坏" in err.value.reason or "不完整" in err.value.reason or "空" in err.value.reason


def test_restore_plan_lists_what_the_backup_lacks_and_keeps_the_damaged_files(populated):
    _home, paths, before, after, draft_before, good = populated
    # damage while "running": a -wal beside the damaged file must not reach the backup
    damage(paths.database, "damaged_page")
    wal = paths.database.with_name(paths.database.name + "-wal")
    wal.write_bytes(b"left by the crash")
    plan = plan_restore(paths.database)
    assert plan.damage is not None and plan.damage.kind == "pages_damaged"
    assert plan.backup == good
    listed = {m.entry.provisional_no: m for m in plan.missing}
    assert set(listed) == {c.provisional_no for c in after} | {draft_before.provisional_no}
    assert listed[draft_before.provisional_no].in_backup == "draft"
    assert "恢复后为“草稿”" in listed[draft_before.provisional_no].describe()
    queued_after = [c for c in after if c.state == CaseState.QUEUED]
    assert queued_after and "需重新录入并受理" in listed[queued_after[0].provisional_no].describe()

    outcome = restore(plan)
    assert outcome.result.backup == good
    assert not wal.exists()
    kept = sorted(p.name for p in (paths.data_dir / "damaged").iterdir())
    assert any(n.endswith("-wal") for n in kept)
    cases = CaseRepository(open_database(paths.database))
    assert {c.id for c in cases.list_cases()} == {c.id for c in before}


def test_a_damaged_backup_is_skipped_for_an_older_good_one(populated):
    _home, paths, *_ = populated
    older = backup.list_backups(paths.database)[0]
    newer = backup.make_backup(paths.database, reason="manual",
                               now=older.taken_at + dt.timedelta(minutes=5))
    damage(newer.path, "zeroed_header")
    damage(paths.database, "empty")
    plan = plan_restore(paths.database)
    assert plan.backup == older


def test_no_backup_at_all_offers_an_empty_database_and_lists_the_journal(tmp_path):
    paths = home_paths(tmp_path / "home")
    engine = open_database(paths.database)
    made = add_cases(CaseRepository(engine), 2)
    engine.dispose()
    damage(paths.database, "zeroed_header")
    plan = plan_restore(paths.database)
    assert plan.backup is None and "没有可用的备份" in plan.summary()
    assert {m.entry.provisional_no for m in plan.missing} == {c.provisional_no for c in made}
    restore(plan)
    assert not paths.database.exists()
    assert CaseRepository(open_database(paths.database)).count() == 0


def test_the_journal_holds_no_full_name_or_id_number(tmp_path):
    paths = home_paths(tmp_path / "home")
    add_cases(CaseRepository(open_database(paths.database)), 2)
    text = "".join(p.read_text(encoding="utf-8")
                   for p in (paths.data_dir / "journal").glob("cases-*.jsonl"))
    lines = [json.loads(x) for x in text.splitlines()]
    assert [x["event"] for x in lines[:3]] == ["created", "state", "created"]
    assert NAME not in text and ID_NUMBER not in text
    assert lines[1]["applicant"] == "欧*** 360702********0046" and lines[1]["state"] == "queued"


# -- backups -------------------------------------------------------------------------
def test_backups_roll_and_are_taken_before_a_migration(tmp_path):
    db = tmp_path / "data" / "window_client.sqlite3"
    engine = make_engine(db)
    migrate(engine, "0003")
    engine.dispose()
    engine = open_database(db, backup_keep=3)
    pre = backup.list_backups(db)
    assert [b.reason for b in pre] == ["premigration"]
    old = make_engine(pre[0].path)
    assert current_revision(old) == "0003"
    old.dispose()
    t0 = dt.datetime.now().replace(microsecond=0) + dt.timedelta(days=1)  # after the premigration one
    for day in range(5):
        backup.make_backup(db, keep=3, now=t0 + dt.timedelta(days=day))
    kept = backup.list_backups(db)
    assert [b.taken_at for b in kept] == [t0 + dt.timedelta(days=d) for d in (4, 3, 2)]
    assert not list((db.parent / "backups").glob("*.part"))
    engine.dispose()


def test_daily_maintenance_checks_and_backs_up_once_a_day(tmp_path):
    paths = home_paths(tmp_path / "home")
    engine = open_database(paths.database)
    add_cases(CaseRepository(engine), 1)
    m = Maintenance(paths.database, keep=5)
    day = dt.datetime(2026, 11, 20, 9, 0)
    first = m.run_if_due(day)
    assert first is not None and first.healthy and first.backup is not None
    assert m.run_if_due(day.replace(hour=17)) is None
    second = m.run_if_due(day + dt.timedelta(days=1))
    assert second is not None and second.backup is not None
    assert m.status()["last_backup_file"] == second.backup.path.name
    engine.dispose()
    # damage found by the daily check: no backup of the damaged file, good ones stay
    damage(paths.database, "damaged_page")
    third = m.run_if_due(day + dt.timedelta(days=2))
    assert third is not None and not third.healthy and third.backup is None
    assert "损坏" in third.message
    assert len(backup.list_backups(paths.database)) == 2
    assert m.status()["last_check_ok"] is False


def test_partial_files_are_removed_when_stale(tmp_path):
    data = tmp_path / "data"
    (data / "materials" / "case-1").mkdir(parents=True)
    stale = data / "materials" / "case-1" / "abc.jpg.part"
    fresh = data / "materials" / "case-1" / "def.pdf.part"
    keep = data / "materials" / "case-1" / "abc.jpg"
    for p in (stale, fresh, keep):
        p.write_bytes(b"x")
    old = os.stat(stale).st_mtime - 3600
    os.utime(stale, (old, old))
    assert remove_partial_files(data) == [stale]
    assert fresh.exists() and keep.exists()


# -- a full disk ---------------------------------------------------------------------
def limit_pages(engine, limit: dict) -> None:
    """SQLite's own size limit: a genuine SQLITE_FULL without root."""

    @event.listens_for(engine, "connect")
    def _limit(dbapi_conn, _record) -> None:
        if limit.get("pages"):
            dbapi_conn.execute(f"PRAGMA max_page_count={limit['pages']}")

    engine.dispose()


def page_count(engine) -> int:
    with engine.connect() as conn:
        return conn.exec_driver_sql("PRAGMA page_count").scalar()


def session_for(catalog, cases, files_dir) -> AcceptanceSession:
    return AcceptanceSession(catalog, cases, WorkCalendar(), clerk="wangli",
                             window_code="W01", files_dir=files_dir)


def test_database_full_keeps_the_draft_in_memory_and_saves_it_when_space_returns(
        tmp_path, catalog):
    engine = open_database(tmp_path / "data" / "window_client.sqlite3")
    cases = CaseRepository(engine)
    session = session_for(catalog, cases, tmp_path / "data" / "materials")
    session.start("newborn")
    limit = {}
    limit_pages(engine, limit)
    limit["pages"] = page_count(engine)
    engine.dispose()
    session.set_value("applicant.name", NAME)
    session.set_value("applicant.address", "章贡区" * 3000)  # more than the pages left
    with pytest.raises(StorageFull) as err:
        session.save()
    assert "磁盘空间已满" in str(err.value) and "database or disk is full" not in str(err.value)
    assert session.state.values["applicant.name"] == NAME   # still in memory
    assert cases.get(session.case.id).applicant_name is None
    limit["pages"] = 0
    engine.dispose()
    saved = session.save()
    assert saved.applicant_name == NAME
    assert cases.get(session.case.id).form_values["applicant.address"].startswith("章贡区")


def _tmpfs(path: Path, size: str):
    path.mkdir(parents=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], check=True)


def _fill(directory: Path) -> Path:
    filler = directory / "filler.bin"
    with open(filler, "wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError:
            pass
    return filler


needs_root = pytest.mark.skipif(os.geteuid() != 0 if hasattr(os, "geteuid") else True,
                                reason="mounting a small tmpfs (a real full disk) needs root; "
                                       "the max_page_count tests cover SQLITE_FULL without it")


@pytest.fixture
def full_disk(tmp_path):
    mount = tmp_path / "disk"
    _tmpfs(mount, "2m")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


@needs_root
def test_full_disk_material_copy_leaves_no_partial_file_and_the_draft_survives(
        tmp_path, catalog, full_disk):
    data = full_disk / "data"
    engine = open_database(data / "window_client.sqlite3")
    cases = CaseRepository(engine)
    session = session_for(catalog, cases, data / "materials")
    session.start("newborn")
    session.set_value("applicant.name", NAME)
    session.save()
    scan = tmp_path / "scan.jpg"
    scan.write_bytes(os.urandom(600_000))
    filler = _fill(full_disk)
    material = next(iter(session.plan().materials)).spec.id
    with pytest.raises(StorageFull) as err:
        session.attach_file(material, scan)
    assert "磁盘空间已满" in str(err.value)
    leftovers = [p for p in (data / "materials").rglob("*") if p.is_file()]
    assert leftovers == []                       # no .part, no orphan copy
    session.set_value("applicant.address", "章贡区" * 20000)
    with pytest.raises(StorageFull):
        session.save()
    with pytest.raises(StorageFull):
        backup.make_backup(data / "window_client.sqlite3")
    assert not list((data / "backups").glob("*"))
    filler.unlink()
    session.attach_file(material, scan)          # space back: the same session goes on
    saved = session.save()
    assert saved.applicant_name == NAME and saved.form_values["applicant.address"]
    assert [f.size for f in session.files()] == [600_000]
    engine.dispose()


@needs_root
def test_full_disk_cli_backup_says_so_in_chinese(full_disk):
    home = full_disk / "home"
    paths = home_paths(home)
    engine = open_database(paths.database)
    add_cases(CaseRepository(engine), 2)
    engine.dispose()
    _fill(full_disk)
    out = cli(home, "db", "backup")
    assert out.returncode == 5, out.stdout + out.stderr
    assert "Traceback" not in out.stderr and "磁盘空间" in out.stderr
    assert not list((paths.data_dir / "backups").glob("*"))
