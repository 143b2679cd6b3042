"""The database file's health and its rolling backups.

``check_file`` tells a damaged file (0 bytes, a broken header, truncated, damaged
pages found by ``PRAGMA quick_check``) from a healthy one before anything opens
it through SQLAlchemy. ``make_backup`` takes an online copy with SQLite's backup
API (consistent while the app writes), checks the copy, and keeps the newest
``keep`` in ``data/backups/``. ``restore_latest`` moves the damaged file (with its
-wal/-shm, which must never be replayed onto the backup) to ``data/damaged/`` for
IT and puts the newest good backup in its place.

``key``: the data key of an encrypted store (store/cipher.py). An SQLCipher file
has no readable header, so only its size is checked by hand and quick_check runs
through SQLCipher; its backups are SQLCipher files with the same key (SQLite's
backup API between two connections keyed alike copies the encrypted pages)."""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path

from .cipher import DB_ERRORS, connect

from window_client.security.vault import fsync_dir
from window_client.core.storage_errors import (DatabaseDamaged, StorageFull, StorageUnavailable, is_corruption,
                             is_disk_full)

logger = logging.getLogger(__name__)

HEADER = b"SQLite format 3\x00"
BACKUP_DIR = "backups"
DAMAGED_DIR = "damaged"
DEFAULT_KEEP = 14
FULL_BELOW = 1 << 20   # less free space than this: an open that failed is a full disk
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})-(?P<reason>[a-z]+)\.sqlite3$")
_STAMP = "%Y%m%d-%H%M%S"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime
    reason: str          # daily | premigration | manual | prerestore

    @property
    def label(self) -> str:
        reasons = {"daily": "每日备份", "premigration": "升级前备份", "manual": "手工备份",
                   "prerestore": "恢复前备份"}
        return f"{self.taken_at:%Y-%m-%d %H:%M:%S}({reasons.get(self.reason, self.reason)})"


@dataclass(frozen=True)
class RestoreResult:
    backup: BackupInfo | None      # None: no good backup, a new empty database follows
    damaged_copy: Path | None      # where the damaged file was kept for IT


def backups_dir(db_path: Path) -> Path:
    return db_path.parent / BACKUP_DIR


def damaged_dir(db_path: Path) -> Path:
    return db_path.parent / DAMAGED_DIR


def _side_files(db_path: Path) -> list[Path]:
    return [db_path.with_name(db_path.name + s) for s in ("-wal", "-shm")]


# -- health --------------------------------------------------------------------------
def quick_check(db_path: Path, *, key: bytes | None = None) -> list[str]:
    """``PRAGMA quick_check`` on ``db_path``: [] when healthy, else the findings
    (SQLite's text, for IT). Raises DatabaseDamaged when SQLite cannot even read it."""
    # read-only first: the WAL is read but never checkpointed into a damaged file
    for mode in ("ro", "rw"):
        try:
            conn = connect(db_path, key, mode=mode)
            try:
                rows = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
            finally:
                conn.close()
        except DB_ERRORS as exc:
            if is_corruption(exc):
                kind = "not_a_database" if "not a database" in str(exc) else "pages_damaged"
                raise DatabaseDamaged(db_path, kind, str(exc)) from exc
            if mode == "rw":
                raise _not_damage(db_path, exc) from exc
            continue
        return [] if rows == ["ok"] else rows
    raise AssertionError("unreachable")


def _not_damage(db_path: Path, exc: Exception) -> OSError:
    """An error that says nothing about the file's content (it could not be
    opened, the -wal/-shm could not be created): a full disk, or another
    fault of the storage — never a reason to offer a restore."""
    if is_disk_full(exc) or _free_bytes(db_path.parent) < FULL_BELOW:
        return StorageFull("database")
    return StorageUnavailable(db_path, str(exc))


def _free_bytes(directory: Path) -> int:
    try:
        return shutil.disk_usage(directory).free
    except OSError:
        return 1 << 40


def _header_problem(db_path: Path, encrypted: bool = False) -> DatabaseDamaged | None:
    """What can be told from the file itself, without SQLite (of an encrypted
    file: its size only — SQLCipher's pages are 4096 bytes)."""
    size = db_path.stat().st_size
    wal = db_path.with_name(db_path.name + "-wal")
    wal_size = wal.stat().st_size if wal.exists() else 0
    if size == 0:
        # a database whose every page is still in the WAL is not empty
        return None if wal_size else DatabaseDamaged(db_path, "empty")
    if encrypted:
        if not wal_size and size % 4096:
            return DatabaseDamaged(db_path, "truncated", f"{size} bytes, not whole pages")
        return None
    with open(db_path, "rb") as fh:
        head = fh.read(100)
    if len(head) < 100 or head[:16] != HEADER:
        return DatabaseDamaged(db_path, "not_a_database", "header")
    page_size = struct.unpack(">H", head[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return DatabaseDamaged(db_path, "not_a_database", f"page size {page_size}")
    if wal_size:
        return None  # a checkpoint may be half done; SQLite's recovery finishes it
    pages = struct.unpack(">I", head[28:32])[0]
    valid = head[24:28] == head[92:96]
    if size % page_size or (valid and pages and size < pages * page_size):
        return DatabaseDamaged(db_path, "truncated",
                               f"{size} bytes, header says {pages} pages of {page_size}")
    return None


def check_file(db_path: Path, *, deep: bool = True, key: bytes | None = None) -> None:
    """Raises DatabaseDamaged when ``db_path`` exists and is not a healthy SQLite
    database. A missing file is fine (a first start). ``deep``: also run
    ``PRAGMA quick_check`` (every page read; ~0.1 s per 20 MB)."""
    if not db_path.exists():
        return
    problem = _header_problem(db_path, key is not None)
    if problem is not None:
        raise problem
    if deep:
        findings = quick_check(db_path, key=key)
        if findings:
            raise DatabaseDamaged(db_path, "pages_damaged", "; ".join(findings[:5]))


# -- backups ------------------------------------------------------------------------
def list_backups(db_path: Path) -> list[BackupInfo]:
    """Newest first."""
    found = []
    directory = backups_dir(db_path)
    if not directory.is_dir():
        return []
    for f in directory.iterdir():
        m = _NAME.match(f.name)
        if m and m.group("stem") == db_path.stem:
            try:
                taken = dt.datetime.strptime(m.group("stamp"), _STAMP)
            except ValueError:
                continue
            found.append(BackupInfo(f, taken, m.group("reason")))
    return sorted(found, key=lambda b: (b.taken_at, b.path.name), reverse=True)


def make_backup(db_path: Path, *, reason: str = "daily", keep: int = DEFAULT_KEEP,
                now: dt.datetime | None = None, key: bytes | None = None) -> BackupInfo:
    """An online copy of ``db_path`` into ``data/backups/``, checked with
    quick_check before it gets its final name; then only the newest ``keep`` stay.
    StorageFull (and no partial file left) when the disk is full."""
    now = (now or dt.datetime.now()).replace(microsecond=0)
    directory = backups_dir(db_path)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{db_path.stem}-{now.strftime(_STAMP)}-{reason}.sqlite3"
    while target.exists():  # two in one second: the names stay in time order
        now += dt.timedelta(seconds=1)
        target = directory / f"{db_path.stem}-{now.strftime(_STAMP)}-{reason}.sqlite3"
    part = target.with_name(target.name + ".part")
    try:
        src = connect(db_path, key, mode="rw")
        try:
            dst = connect(part, key)
            try:
                src.backup(dst)
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            finally:
                dst.close()
        finally:
            src.close()
        findings = quick_check(part, key=key)
        if findings:
            raise DatabaseDamaged(db_path, "pages_damaged", "; ".join(findings[:5]))
        with open(part, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(part, target)
        fsync_dir(directory)
    except BaseException as exc:
        for leftover in (part, part.with_name(part.name + "-journal")):
            leftover.unlink(missing_ok=True)
        if is_disk_full(exc):
            raise StorageFull("backup") from exc
        if isinstance(exc, DB_ERRORS):
            if is_corruption(exc):
                raise DatabaseDamaged(db_path, "pages_damaged", str(exc)) from exc
            raise _not_damage(db_path, exc) from exc
        raise
    info = BackupInfo(target, now, reason)
    prune(db_path, keep)
    logger.info("database backup %s (%d KB)", target.name, target.stat().st_size // 1024)
    return info


def prune(db_path: Path, keep: int) -> list[Path]:
    """Deletes all but the newest ``keep`` (at least one) backups."""
    removed = []
    for old in list_backups(db_path)[max(1, keep):]:
        old.path.unlink(missing_ok=True)
        removed.append(old.path)
    return removed


def latest_good_backup(db_path: Path, *, key: bytes | None = None) -> BackupInfo | None:
    """The newest backup that passes quick_check."""
    for b in list_backups(db_path):
        try:
            check_file(b.path, key=key)
        except DatabaseDamaged as exc:
            logger.warning("backup %s is damaged too: %s", b.path.name, exc.kind)
            continue
        return b
    return None


def keep_damaged(db_path: Path, now: dt.datetime | None = None) -> Path | None:
    """Moves the database file and its -wal/-shm to ``data/damaged/`` with a time
    stamp (IT may still get something out of it). The path of the kept file."""
    now = (now or dt.datetime.now()).replace(microsecond=0)
    directory = damaged_dir(db_path)
    directory.mkdir(parents=True, exist_ok=True)
    kept_main = None
    stamp = now.strftime(_STAMP)
    for f in [db_path, *_side_files(db_path)]:
        if f.exists():
            dest = directory / f"{db_path.stem}-damaged-{stamp}{f.name[len(db_path.stem):]}"
            os.replace(f, dest)
            kept_main = kept_main or dest
    return kept_main


def restore_latest(db_path: Path, *, backup: BackupInfo | None = None,
                   now: dt.datetime | None = None, key: bytes | None = None) -> RestoreResult:
    """Keeps the damaged file for IT and puts ``backup`` (default: the newest good
    one) in its place. Without any good backup the database is just moved away and
    the next open starts an empty one (the result says so: ``backup`` None)."""
    chosen = backup or latest_good_backup(db_path, key=key)
    kept = keep_damaged(db_path, now)
    if chosen is not None:
        part = db_path.with_name(db_path.name + ".part")
        try:
            shutil.copyfile(chosen.path, part)
            with open(part, "rb+") as fh:
                os.fsync(fh.fileno())
            os.replace(part, db_path)
            fsync_dir(db_path.parent)
        except BaseException as exc:
            part.unlink(missing_ok=True)
            if is_disk_full(exc):
                raise StorageFull("restore") from exc
            raise
    logger.warning("database restored from %s; damaged file kept as %s",
                   chosen.path.name if chosen else "(no backup: empty database)",
                   kept.name if kept else "-")
    return RestoreResult(chosen, kept)
