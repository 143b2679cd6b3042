"""Storage faults a clerk or IT can act on, told apart from programming errors: a
damaged database file and a full disk. Messages are Chinese; details for IT stay
technical but never carry field values."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from . import messages

SQLITE_FULL = 13
DISK_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}

DISK_FULL_MESSAGE = messages.DISK_FULL


class DatabaseDamaged(Exception):
    """The database file cannot be trusted. ``kind``: empty | not_a_database |
    truncated | pages_damaged | unreadable."""

    KINDS = messages.DATABASE_DAMAGE_REASONS

    def __init__(self, path: Path, kind: str, detail: str = "") -> None:
        self.path = Path(path)
        self.kind = kind
        self.detail = detail
        super().__init__(f"{self.reason}:{self.path}" + (f"({detail})" if detail else ""))

    @property
    def reason(self) -> str:
        return self.KINDS.get(self.kind, self.KINDS["unreadable"])


class StorageFull(OSError):
    """A write failed because the disk (or the database's size limit) is full."""

    def __init__(self, what: str = "") -> None:
        super().__init__(errno.ENOSPC, DISK_FULL_MESSAGE)
        self.what = what

    def __str__(self) -> str:
        return DISK_FULL_MESSAGE


class StorageUnavailable(OSError):
    """The database file could not be opened or read for a reason other than its
    content (permissions, a failing disk): no restore is offered for this."""

    def __init__(self, path: Path, detail: str = "") -> None:
        super().__init__(errno.EIO, messages.STORAGE_UNAVAILABLE.format(path=path))
        self.path = Path(path)
        self.detail = detail

    def __str__(self) -> str:
        return self.strerror or super().__str__()


class NumberingUnavailable(StorageUnavailable):
    """The machine's shared provisional-number folder cannot be written
    (store/numbering.py): no case is created rather than one with a number another
    OS account of this window may issue too."""

    def __init__(self, path: Path, detail: str = "") -> None:
        OSError.__init__(self, errno.EACCES,
                         messages.NUMBERING_UNAVAILABLE.format(path=path, detail=detail))
        self.path = Path(path)
        self.detail = detail


def _sqlite_error(exc: BaseException, name: str = "Error") -> bool:
    """An error of sqlite3 or of sqlcipher3 (SQLCipher's pysqlite fork, whose
    classes are its own): by the class's module, so core need not import it."""
    if isinstance(exc, sqlite3.DatabaseError if name == "DatabaseError" else sqlite3.Error):
        return True
    return any(c.__module__.startswith("sqlcipher3") and c.__name__ == name
               for c in type(exc).__mro__)


def is_disk_full(exc: BaseException | None) -> bool:
    """True for ENOSPC/EDQUOT and SQLite's SQLITE_FULL, also when wrapped by
    SQLAlchemy (``.orig``) or chained (``__cause__``)."""
    seen = 0
    while exc is not None and seen < 5:
        seen += 1
        if isinstance(exc, StorageFull):
            return True
        if _sqlite_error(exc):
            code = getattr(exc, "sqlite_errorcode", None)
            if code is not None and code & 0xFF == SQLITE_FULL:
                return True
            if "database or disk is full" in str(exc):
                return True
        elif isinstance(exc, OSError) and exc.errno in DISK_FULL_ERRNOS:
            return True
        orig = getattr(exc, "orig", None)
        exc = orig if isinstance(orig, BaseException) else exc.__cause__
    return False


def is_corruption(exc: BaseException | None) -> bool:
    """SQLite's 'malformed' / 'not a database' (SQLITE_CORRUPT, SQLITE_NOTADB)."""
    seen = 0
    while exc is not None and seen < 5:
        seen += 1
        if _sqlite_error(exc, "DatabaseError"):
            code = getattr(exc, "sqlite_errorcode", 0) or 0
            if code & 0xFF in (11, 26):
                return True
            text = str(exc)
            if "malformed" in text or "not a database" in text:
                return True
        orig = getattr(exc, "orig", None)
        exc = orig if isinstance(orig, BaseException) else exc.__cause__
    return False
