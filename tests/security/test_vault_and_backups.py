"""The file format (tamper, move, other key, plain files still read) and the
encrypted database's backups and restore. Keys are passed directly: no keyring."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3

import pytest

from window_client.security.keys import DataKey
from window_client.security.vault import FileOtherKey, FileTampered, Vault, key_id_of
from window_client.services.recovery import plan_restore, restore
from window_client.store import backup
from window_client.store.db import open_database
from window_client.store.repository import CaseRepository

from .helpers import ID_NUMBER, jpeg

KEY = bytes(range(32))


def data_key(key: bytes = KEY) -> DataKey:
    return DataKey(key, key_id_of(key))


def test_a_changed_moved_or_foreign_file_is_refused(tmp_path):
    vault = data_key().vault()
    scan = jpeg()
    path = tmp_path / "case-a" / "f.wcx"
    vault.write(path, scan)
    blob = path.read_bytes()
    assert scan[100:164] not in blob and vault.read(path) == scan
    for offset in (5, 20, 40, len(blob) - 1):        # key id, nonce, body, tag
        changed = bytearray(blob)
        changed[offset] ^= 1
        path.write_bytes(bytes(changed))
        with pytest.raises((FileTampered, FileOtherKey)):
            vault.read(path)
    path.write_bytes(blob[:-5])
    with pytest.raises(FileTampered, match="篡改"):
        vault.read(path)
    moved = tmp_path / "case-b" / "f.wcx"             # into another case's folder
    vault.write(path, scan)
    moved.parent.mkdir()
    os.replace(path, moved)
    with pytest.raises(FileTampered):
        vault.read(moved)
    with pytest.raises(FileOtherKey):
        data_key(bytes(32)).vault().read(moved)
    plain = tmp_path / "case-a" / "old.jpg"           # a migration not finished yet
    plain.write_bytes(scan)
    assert vault.read(plain) == scan
    assert list(tmp_path.rglob("*.part")) == []


def test_encrypted_backup_and_restore_after_damage(tmp_path):
    db = tmp_path / "data" / "window_client.sqlite3"
    engine = open_database(db, key=KEY)
    cases = CaseRepository(engine, vault=Vault(KEY))
    case = cases.create_draft(window_code="W01", one_thing_id="newborn", catalog_version="v",
                              clerk="wangli")
    cases.save_draft(case.id, clerk="wangli", answers={}, form_values={},
                     applicant_name="张三", applicant_id_number=ID_NUMBER, meta={})
    made = backup.make_backup(db, key=KEY, now=dt.datetime(2026, 3, 1, 9))
    engine.dispose()
    assert ID_NUMBER.encode() not in made.path.read_bytes()
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(made.path).execute("select * from cases").fetchall()
    with pytest.raises(Exception, match="not a database|损坏"):
        backup.check_file(made.path, key=bytes(32))   # another key: not readable
    backup.check_file(made.path, key=KEY)
    with open(db, "r+b") as fh:                      # damage: pages overwritten
        fh.seek(4096)
        fh.write(os.urandom(8192))
    for side in ("-wal", "-shm"):
        db.with_name(db.name + side).unlink(missing_ok=True)
    plan = plan_restore(db, key=KEY)
    assert plan.damage is not None and plan.backup is not None
    restore(plan)
    engine = open_database(db, key=KEY)
    assert CaseRepository(engine).get(case.id).applicant_id_number == ID_NUMBER
    engine.dispose()
