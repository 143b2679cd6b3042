"""The database handle: engine, sessions and the one write lock.

SQLite files get WAL and a busy timeout so the threaded server can read while the
back office writes. Every write in the sandbox runs inside :meth:`Database.write`,
which serialises writers in this process: case numbers and feed sequence numbers
are handed out in commit order.
"""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from collections.abc import Iterator

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.orm import Session, sessionmaker

from .models import Base

log = logging.getLogger(__name__)


class Database:
    def __init__(self, url: str):
        kw = {}
        if url.startswith("sqlite"):
            kw["connect_args"] = {"check_same_thread": False, "timeout": 30}
        self.engine = create_engine(url, **kw)
        if url.startswith("sqlite"):
            event.listen(self.engine, "connect", _sqlite_pragmas)
        Base.metadata.create_all(self.engine)
        _add_missing_columns(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.lock = threading.RLock()
        log.info("database ready (%s)", self.engine.url.render_as_string(hide_password=True))

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading (rolled back at the end)."""
        with self._sessions() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session committed at the end, under the process-wide write lock."""
        with self.lock, self._sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        self.engine.dispose()


def _add_missing_columns(engine) -> None:
    """A database from an older sandbox lacks columns added since (all nullable):
    they are added, so a kept database keeps working."""
    tables = inspect(engine)
    with engine.begin() as conn:
        for table in Base.metadata.sorted_tables:
            if not tables.has_table(table.name):
                continue
            have = {c["name"] for c in tables.get_columns(table.name)}
            for column in table.columns:
                if column.name not in have and column.nullable:
                    kind = column.type.compile(dialect=engine.dialect)
                    conn.execute(text(f'ALTER TABLE {table.name} ADD COLUMN {column.name} {kind}'))
                    log.info("database: column %s.%s added", table.name, column.name)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
