"""A plain installation encrypted in place (security/migrate.py), killed with
SIGKILL at seeded random points: a real subprocess counts the fsyncs and
replaces of the migration and kills itself with SIGKILL just before or just
after the chosen one. After every kill each file is either the old plain one or
the new encrypted one, intact, and the next run (the next start) finishes."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from window_client.security import migrate
from window_client.security.keys import DataKey
from window_client.security.vault import file_is_encrypted, key_id_of
from window_client.store import backup, cipher
from window_client.store.db import open_database
from window_client.store.repository import CaseRepository

from .helpers import ID_NUMBER, jpeg

KEY = bytes(range(1, 33))
ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from window_client.security import migrate
    from window_client.security.keys import DataKey
    from window_client.security.vault import key_id_of
    data_dir, key, point, after = Path(sys.argv[1]), bytes.fromhex(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "after"
    calls = 0
    def counted(real):
        def call(*args, **kwargs):
            global calls
            calls += 1
            if calls == point and not after:
                os.kill(os.getpid(), signal.SIGKILL)
            result = real(*args, **kwargs)
            if calls == point and after:
                os.kill(os.getpid(), signal.SIGKILL)
            return result
        return call
    os.replace, os.fsync = counted(os.replace), counted(os.fsync)
    migrate.finish(data_dir, DataKey(key, key_id_of(key)))
    print(calls)
""")


def plain_installation(data_dir: Path) -> dict[str, bytes]:
    """A plain store with a case, three scans and a backup; the scans' bytes."""
    engine = open_database(data_dir / "window_client.sqlite3")
    cases = CaseRepository(engine)
    case = cases.create_draft(window_code="W01", one_thing_id="newborn", catalog_version="v",
                              clerk="wangli")
    cases.save_draft(case.id, clerk="wangli", answers={}, form_values={},
                     applicant_name="张三", applicant_id_number=ID_NUMBER, meta={})
    originals = {}
    for k in range(3):
        data = jpeg(300, seed=k)
        f = cases.attach_bytes(case.id, "m1", data, f"s{k}.jpg",
                               files_dir=data_dir / "materials", clerk="wangli")
        originals[f.stored_path] = data
    backup.make_backup(data_dir / "window_client.sqlite3")
    engine.dispose()
    return originals


def databases(data_dir: Path) -> list[Path]:
    return [data_dir / "window_client.sqlite3", *sorted((data_dir / "backups").glob("*.sqlite3"))]


def assert_old_or_new(data_dir: Path, originals: dict[str, bytes], source_dir: Path) -> None:
    vault = DataKey(KEY, key_id_of(KEY)).vault()
    for db in databases(data_dir):
        plain = cipher.is_plain_database(db)
        if not plain:  # never a plain WAL beside an encrypted file
            assert not db.with_name(db.name + "-wal").exists()
        conn = cipher.connect(db, None if plain else KEY)
        assert conn.execute("select applicant_id_number from cases").fetchall() == [(ID_NUMBER,)]
        conn.close()
    for stored, data in originals.items():
        path = data_dir / Path(stored).relative_to(source_dir)
        assert vault.read(path) == data


def test_sigkill_at_random_points_leaves_old_or_new_and_the_next_start_finishes(tmp_path, monkeypatch):
    source = tmp_path / "plain"
    originals = plain_installation(source)
    # how many fsyncs and replaces a whole run makes (on a copy, in this process)
    counting = tmp_path / "count"
    shutil.copytree(source, counting)
    calls = []
    real_replace, real_fsync = os.replace, os.fsync
    monkeypatch.setattr(os, "replace", lambda *a: (calls.append(1), real_replace(*a))[1])
    monkeypatch.setattr(os, "fsync", lambda *a: (calls.append(1), real_fsync(*a))[1])
    migrate.finish(counting, DataKey(KEY, key_id_of(KEY)))
    monkeypatch.undo()
    total = len(calls)
    assert total >= 8
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    rng = random.Random(16)
    points = sorted(rng.sample(range(1, total + 1), 3))
    for n, point in enumerate(points):
        data_dir = tmp_path / f"kill{point}"
        shutil.copytree(source, data_dir)
        killed = subprocess.run([sys.executable, "-c", CHILD, str(data_dir), KEY.hex(), str(point),
                                 "after" if n % 2 else "before"], env=env, capture_output=True,
                                timeout=60)
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        assert_old_or_new(data_dir, originals, source)
        done = migrate.finish(data_dir, DataKey(KEY, key_id_of(KEY)))   # the next start
        assert done.changed or migrate.is_finished(data_dir, DataKey(KEY, key_id_of(KEY)))
        assert_old_or_new(data_dir, originals, source)
        assert not any(cipher.is_plain_database(db) for db in databases(data_dir))
        for p in (data_dir / "materials").rglob("*"):
            if p.is_file() and not p.name.endswith(".part"):
                assert file_is_encrypted(p)
        every = [p for p in data_dir.rglob("*") if p.is_file() and not p.name.endswith(".part")
                 and "journal" not in p.parts]
        assert not [p for p in every if ID_NUMBER.encode() in p.read_bytes()]
    engine = open_database(data_dir / "window_client.sqlite3", key=KEY)   # the app opens it
    assert CaseRepository(engine).count() == 1
    engine.dispose()
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(tmp_path / f"kill{points[0]}" / "window_client.sqlite3").execute(
            "select * from cases").fetchall()
