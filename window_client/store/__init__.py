"""The local store: SQLite in WAL mode through SQLAlchemy 2.0, schema by Alembic.
Every case lives here first; nothing the clerk confirmed exists only in memory."""
