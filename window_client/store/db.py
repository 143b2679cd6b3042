"""Opening the database: SQLite in WAL mode, foreign keys on, full sync, and
BEGIN IMMEDIATE for every transaction so two processes (or a crash in the middle)
never interleave half a case. Checked before it is opened (a damaged file raises
DatabaseDamaged instead of becoming an empty store), backed up before a migration,
and migrated to the newest schema on open. A full disk raises StorageFull, damage
found later DatabaseDamaged — never SQLAlchemy's English error.

``key``: the installation's data key (security/keys.py): the file is SQLCipher
(store/cipher.py, the raw key, sqlcipher3's DB-API under SQLAlchemy's sqlite
dialect); None is a plain SQLite file (the tests' stores, the benches' baseline)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import ExceptionContext

from . import backup, cipher
from window_client.core.storage_errors import DatabaseDamaged, StorageFull, is_corruption, is_disk_full

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def make_engine(path: Path, *, key: bytes | None = None) -> Engine:
    """An engine on the SQLite file at ``path`` (created when missing); with
    ``key`` an SQLCipher file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # check_same_thread off: the sync worker thread uses its own pooled connections
    if key is None:
        engine = create_engine(f"sqlite:///{path}",
                               connect_args={"timeout": 30, "check_same_thread": False})
    else:
        # SQLAlchemy's sqlite dialect on sqlcipher3's DB-API (module=: its errors are
        # the ones wrapped), each connection keyed by cipher.connect with the RAW key.
        # Not the sqlite+pysqlcipher dialect: it runs "pragma key" with the URL's
        # password as a passphrase (PBKDF2 on every connection) after creator= and
        # gives files a SingletonThreadPool; the URL keeps the path (the journal).
        engine = create_engine(f"sqlite:///{path}", module=cipher.cipher_dbapi,
                               creator=lambda: cipher.connect(path, key, timeout=30,
                                                              check_same_thread=False))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None  # transactions are begun below, not by pysqlite
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    @event.listens_for(engine, "handle_error")
    def _on_error(context: ExceptionContext) -> Exception | None:
        original = context.original_exception
        if is_disk_full(original):
            return StorageFull("database")
        if is_corruption(original):
            return DatabaseDamaged(path, "pages_damaged", str(original))
        return None

    return engine


def alembic_config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations found in {MIGRATIONS}")
    return head


def open_database(path: Path, *, backup_keep: int = backup.DEFAULT_KEEP,
                  check: bool = True, key: bytes | None = None) -> Engine:
    """The engine for ``path``, migrated to the newest schema. ``check``: the file
    is checked first (header, size, ``PRAGMA quick_check``) and DatabaseDamaged
    raised when it is damaged. An existing database is backed up before it is
    migrated (``data/backups/``, the newest ``backup_keep`` kept)."""
    if check:
        backup.check_file(path, key=key)
    engine = make_engine(path, key=key)
    try:
        if path.exists() and path.stat().st_size and current_revision(engine) not in (None, head_revision()):
            backup.make_backup(path, reason="premigration", keep=backup_keep, key=key)
        migrate(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine
