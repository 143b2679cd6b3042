"""Catalog distribution and the working-day calendar.

The bundle is a zip of the catalog folder that is byte-for-byte the same for the
same files: entries sorted by path, fixed timestamps (1980-01-01), fixed
permissions, fixed compression level. It is rebuilt only when a file's size or
modification time changes. ``version`` is computed the way the client computes
its catalog version (``window_client.catalog.loader``: SHA-256 over the
attachment, departments, dictionary, licence types, item library and one-things,
first 16 hex digits) so both sides name the same catalog alike; ``sha256`` is the
bundle's hash.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import threading
import zipfile
from pathlib import Path

import chinese_calendar.constants as official

from .ids import iso, now

log = logging.getLogger(__name__)

_EPOCH = (1980, 1, 1, 0, 0, 0)


def _bundle_files(root: Path) -> list[Path]:
    return sorted(
        (p for p in root.rglob("*") if p.is_file()
         and not any(part.startswith(".") or part == "__pycache__"
                     for part in p.relative_to(root).parts)),
        key=lambda p: p.relative_to(root).as_posix())


def catalog_version(root: Path) -> str:
    """The client's notion of the catalog version (see module docstring)."""
    files = [root / "attachment1.json", root / "departments.yaml", root / "pending.yaml",
             root / "material_cues.yaml"]
    for folder in ("dictionary", "licence_types", "items", "onethings"):
        files += sorted((root / folder).glob("*.yaml"))
    digest = hashlib.sha256()
    for path in files:
        if path.exists():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def build_bundle(root: Path) -> bytes:
    """The deterministic zip of ``root``."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for path in _bundle_files(root):
            info = zipfile.ZipInfo(path.relative_to(root).as_posix(), date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zf.writestr(info, path.read_bytes(), compresslevel=6)
    return out.getvalue()


class CatalogPublisher:
    """Builds and caches the bundle of one catalog folder."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._lock = threading.Lock()
        self._signature: tuple | None = None
        self._bundle = b""
        self._info: dict = {}

    def _current_signature(self) -> tuple:
        return tuple((p.relative_to(self.root).as_posix(), p.stat().st_size, p.stat().st_mtime_ns)
                     for p in _bundle_files(self.root))

    def current(self) -> tuple[dict, bytes]:
        """(``{version, sha256, size, published_at}``, zip bytes)."""
        with self._lock:
            signature = self._current_signature()
            if signature != self._signature:
                self._bundle = build_bundle(self.root)
                self._info = {"version": catalog_version(self.root),
                              "sha256": hashlib.sha256(self._bundle).hexdigest(),
                              "size": len(self._bundle), "published_at": iso(now())}
                self._signature = signature
                log.info("catalog bundle built: version %s, %d bytes",
                         self._info["version"], len(self._bundle))
            return dict(self._info), self._bundle


class Calendar:
    """Holidays and adjusted workdays per year: chinese-calendar's official table,
    overridden per year by an optional file shaped like
    ``resources/calendar/holidays.json`` (``{"years": {"2027": {...}}}``)."""

    def __init__(self, extra_file: Path | None = None):
        self.extra: dict[int, dict] = {}
        if extra_file is not None and Path(extra_file).exists():
            data = json.loads(Path(extra_file).read_text(encoding="utf-8"))
            self.extra = {int(y): spec for y, spec in data.get("years", {}).items()}

    def year(self, year: int) -> dict | None:
        """``{year, holidays, workdays}`` or None when no table knows the year."""
        if year in self.extra:
            spec = self.extra[year]
            return {"year": year, "holidays": sorted(spec.get("holidays", [])),
                    "workdays": sorted(spec.get("workdays", []))}
        holidays = sorted(d for d in official.holidays if d.year == year)
        if not holidays:
            return None
        workdays = sorted(d for d in official.workdays if d.year == year)
        return {"year": year, "holidays": [d.isoformat() for d in holidays],
                "workdays": [d.isoformat() for d in workdays]}
