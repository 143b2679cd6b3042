"""Settings of one sandbox instance (database, blob folder, catalog, back office)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: the catalog the sandbox distributes unless told otherwise: the client's own tree
DEFAULT_CATALOG_DIR = Path(__file__).resolve().parents[1] / "resources" / "catalog"
#: the contract the sandbox checks requests against
CONTRACT_PATH = Path(__file__).resolve().parents[1] / "docs" / "platform-api.yaml"

#: how the back office moves items (see :class:`SandboxConfig`)
PACES = ("delay", "workdays")


@dataclass
class SandboxConfig:
    """Everything a :class:`~platform_sandbox.app.Sandbox` needs.

    ``db_url`` is any SQLAlchemy URL (``sqlite:///path`` by default, or e.g.
    ``postgresql://...``); ``blob_dir`` holds uploaded materials by hash.
    ``review_delay`` is the seconds an item stays on a node before the back office
    moves it on; ``return_share`` / ``refuse_share`` are the shares of cases
    returned for supplement / refused, decided deterministically from ``seed`` and
    the case's client UUID. ``token_ttl`` is the access-token lifetime in seconds.

    ``pace`` is how the back office moves items: ``"delay"`` one node per
    ``review_delay`` seconds, ``"workdays"`` along a plan in platform time over
    working days and hours (see :mod:`platform_sandbox.schedule`), of which a
    share ``late_share`` of the items with a time limit finish 1–5 working days late.
    """

    db_url: str
    blob_dir: Path
    catalog_dir: Path = DEFAULT_CATALOG_DIR
    calendar_file: Path | None = None
    review_delay: float = 10.0
    return_share: float = 0.2
    refuse_share: float = 0.0
    token_ttl: int = 900
    refresh_ttl: int = 12 * 3600
    seed: int = 2026
    pace: str = "delay"
    late_share: float = 0.1
    background: bool = True
    poll_interval: float = 0.5
    max_upload_bytes: int = 64 * 1024 * 1024
    #: id numbers whose online verification fails; None: the demo set (see demo_data)
    verification_fails: set[str] | None = None

    def __post_init__(self) -> None:
        if self.pace not in PACES:
            raise ValueError(f"pace must be one of {PACES}, not {self.pace!r}")

    @classmethod
    def for_sqlite(cls, db_path: Path | str, **kw) -> SandboxConfig:
        """A SQLite database at ``db_path``, blobs in ``<db_path>.blobs/``."""
        db_path = Path(db_path).resolve()
        kw.setdefault("blob_dir", db_path.with_name(db_path.name + ".blobs"))
        return cls(db_url=f"sqlite:///{db_path}", **kw)
