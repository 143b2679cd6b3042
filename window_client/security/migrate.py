"""Encrypting a plain installation in place, safely.

What is encrypted (everything under the data directory that holds personal data):
- the database (``window_client.sqlite3``) and every backup in ``backups/``:
  plain SQLite → SQLCipher with ``sqlcipher_export`` into ``<name>.enc.part``
  (ATTACH … KEY with the raw key), fsynced, verified (quick_check and the row
  count of every table against the plain file), then ``os.replace``. The plain
  file is first checkpointed and switched out of WAL mode, so no plain -wal is
  ever left beside the encrypted file (SQLite would replay it);
- every material file (``materials/<case>/…``) and every copy kept for IT in
  ``damaged/``: read, written in the vault's format to ``<name>.part``, fsynced,
  replaced (the file keeps its name and so its ``stored_path``; see
  docs/ARCHITECTURE.md "Keys and recovery" on names).

Each file is recognised by its header (SQLCipher's random first page vs
"SQLite format 3"; the vault's magic), so a kill at any point leaves every file
either old or new, and the next start (``finish``) simply carries on. The readers
accept plain and encrypted files alike meanwhile. A marker (``keys/migrated.json``)
written last lets later starts skip the scan.

Not touched: the case journal (masked applicants only, see store/journal.py),
catalogs, the holiday table, maintenance.json, the embedded demo platform's
``sandbox/`` (a development tool, never shipped)."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from window_client.store import cipher

from .keys import KEY_DIR, DataKey
from .vault import PART, file_is_encrypted, fsync_dir, write_atomic

logger = logging.getLogger(__name__)

MARKER = "migrated.json"
DATABASE = "window_client.sqlite3"
ENCRYPTED_PART = ".enc.part"


class MigrationFailed(RuntimeError):
    pass


@dataclass(frozen=True)
class MigrationResult:
    databases: int = 0
    files: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.databases or self.files)


def marker(data_dir: Path) -> Path:
    return data_dir / KEY_DIR / MARKER


def is_finished(data_dir: Path, key: DataKey) -> bool:
    try:
        data = json.loads(marker(data_dir).read_text(encoding="utf-8"))
        return isinstance(data, dict) and data.get("key_id") == key.key_id
    except (OSError, ValueError, AttributeError):
        return False


def plain_files(data_dir: Path) -> tuple[list[Path], list[Path]]:
    """(plain databases, plain other files) still to encrypt."""
    databases: list[Path] = []
    db = data_dir / DATABASE
    if db.exists() and cipher.is_plain_database(db):
        databases.append(db)
    backups = data_dir / "backups"
    if backups.is_dir():
        databases += sorted(p for p in backups.glob("*.sqlite3") if cipher.is_plain_database(p))
    files: list[Path] = []
    for folder in ("materials", "damaged"):
        root = data_dir / folder
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if not path.is_file() or path.name.endswith(PART) or path.suffix == ".txt":
                continue
            if path.stat().st_size and not file_is_encrypted(path):
                files.append(path)
    return databases, files


def needs_migration(data_dir: Path, key: DataKey) -> bool:
    if is_finished(data_dir, key):
        return False
    databases, files = plain_files(data_dir)
    return bool(databases or files)


def encrypt_database(path: Path, key: bytes) -> None:
    """``path`` (plain SQLite) becomes an SQLCipher file with ``key``, or stays as
    it was (any failure, or a kill)."""
    part = path.with_name(path.name + ENCRYPTED_PART)
    part.unlink(missing_ok=True)  # what an earlier, killed run left
    # 1. everything in the plain file itself, no WAL left (a stale plain -wal next
    # to the encrypted file would be replayed onto it)
    conn = sqlite3.connect(path, timeout=30)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        user_version = conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()
    # 2. the encrypted copy
    src = cipher.connect_sqlcipher_plain(path)
    try:
        src.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(part), f"x'{key.hex()}'"))
        src.execute("SELECT sqlcipher_export('encrypted')")
        src.execute(f"PRAGMA encrypted.user_version = {int(user_version)}")
        src.execute("DETACH DATABASE encrypted")
    finally:
        src.close()
    # 3. verified, on disk, then in place
    try:
        check = cipher.connect(part, key, timeout=30)
        try:
            if [r[0] for r in check.execute("PRAGMA quick_check")] != ["ok"]:
                raise MigrationFailed(f"{path.name}: quick_check of the encrypted copy failed")
            for table, n in counts.items():
                got = check.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
                if got != n:
                    raise MigrationFailed(f"{path.name}: {table} has {got} rows, not {n}")
        finally:
            check.close()
        with open(part, "rb+") as fh:
            os.fsync(fh.fileno())
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    os.replace(part, path)
    fsync_dir(path.parent)
    for side in ("-wal", "-shm", "-journal"):  # none should exist; never a plain one left
        path.with_name(path.name + side).unlink(missing_ok=True)


def encrypt_file(path: Path, key: DataKey) -> None:
    data = path.read_bytes()
    key.vault().write(path, data)


def finish(data_dir: Path, key: DataKey) -> MigrationResult:
    """Encrypts whatever is still plain under ``data_dir`` (nothing, on an
    installation encrypted from the start); safe to rerun after a kill."""
    if is_finished(data_dir, key):
        return MigrationResult()
    databases, files = plain_files(data_dir)
    for db in databases:
        logger.info("encrypting database %s", db.name)
        encrypt_database(db, key.key)
    for f in files:
        encrypt_file(f, key)
    if databases or files:
        logger.info("encrypted in place: %d databases, %d files", len(databases), len(files))
    write_atomic(marker(data_dir), json.dumps({"key_id": key.key_id}).encode())
    return MigrationResult(len(databases), len(files))
