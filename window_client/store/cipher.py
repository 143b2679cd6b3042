"""One way to a raw DB-API connection on the store's database file: plain
``sqlite3`` without a key, SQLCipher (``sqlcipher3``, SQLCipher 4) with one. The
key is given RAW (``PRAGMA key = "x'<64 hex>'"``): the data key is already 32
random bytes, so no PBKDF2 runs per connection (SQLCipher's default 256,000
iterations would cost ~0.2 s per connection)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlcipher3 import dbapi2 as cipher_dbapi

__all__ = ["DB_ERRORS", "PLAIN_HEADER", "cipher_dbapi", "connect", "connect_sqlcipher_plain", "is_plain_database", "key_pragma"]

# what a connection of either kind raises
DB_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, cipher_dbapi.Error)
PLAIN_HEADER = b"SQLite format 3\x00"


def key_pragma(key: bytes) -> str:
    if len(key) != 32:
        raise ValueError("the data key is 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def connect(path: Path | str, key: bytes | None, *, mode: str | None = None,
            timeout: float = 30, check_same_thread: bool = True) -> Any:
    """``mode``: None (created when missing) or a URI mode (``ro``, ``rw``)."""
    target = f"file:{path}?mode={mode}" if mode else str(path)
    if key is None:
        return sqlite3.connect(target, uri=bool(mode), timeout=timeout,
                               check_same_thread=check_same_thread)
    conn = sqlcipher3.connect(target, uri=bool(mode), timeout=timeout,
                              check_same_thread=check_same_thread)
    conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is raised, not printed
    conn.execute(key_pragma(key))
    return conn


def connect_sqlcipher_plain(path: Path | str, timeout: float = 30) -> Any:
    """A plain file opened through SQLCipher's library (no key): what
    ``sqlcipher_export`` into an attached, keyed database needs."""
    conn = sqlcipher3.connect(str(path), timeout=timeout)
    conn.execute("PRAGMA cipher_log_level = NONE")
    return conn


def is_plain_database(path: Path) -> bool:
    """The file starts with SQLite's plain header (an SQLCipher file starts with
    its random salt)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == PLAIN_HEADER
    except OSError:
        return False
