"""Daily care of the store while the app runs: ``PRAGMA quick_check`` and, when
the database is healthy, a rolling backup (store/backup.py); partial files left
by a full disk or a kill are removed. What ran last is kept in
``data/maintenance.json`` (read by --self-check and `db check`). No Qt: the
window calls ``run_if_due`` off the UI thread, ``main.py`` once at start."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from collections.abc import Callable

from . import backup
from window_client.core.storage_errors import DatabaseDamaged, StorageFull

logger = logging.getLogger(__name__)

STATE_FILE = "maintenance.json"
PARTIAL_SUFFIX = ".part"


@dataclass(frozen=True)
class MaintenanceResult:
    at: dt.datetime
    healthy: bool
    findings: tuple[str, ...] = ()
    backup: backup.BackupInfo | None = None
    disk_full: bool = False
    removed_partial: tuple[Path, ...] = field(default_factory=tuple)

    @property
    def message(self) -> str:
        """For the clerk: empty when all is well."""
        if not self.healthy:
            return ("数据库完整性检查发现损坏。请尽快联系技术支持;"
                    "重新启动程序时可以恢复最近一次的正常备份。")
        if self.disk_full:
            return "磁盘空间不足,今天的数据库备份未能完成。请联系技术支持清理磁盘。"
        return ""


def remove_partial_files(data_dir: Path, older_than_s: float = 600) -> list[Path]:
    """``*.part`` files under ``data_dir`` older than ``older_than_s``: what a write
    interrupted by a full disk or a kill left behind (nothing ever reads them)."""
    removed: list[Path] = []
    cutoff = time.time() - older_than_s
    if not data_dir.is_dir():
        return removed
    for root, _dirs, files in os.walk(data_dir):
        for name in files:
            if not name.endswith(PARTIAL_SUFFIX):
                continue
            path = Path(root) / name
            try:
                if path.stat().st_mtime <= cutoff:
                    path.unlink()
                    removed.append(path)
            except OSError:
                continue
    if removed:
        logger.info("removed %d partial files", len(removed))
    return removed


class Maintenance:
    def __init__(self, db_path: Path, *, keep: int = backup.DEFAULT_KEEP,
                 clock: Callable[[], dt.datetime] = dt.datetime.now,
                 key: bytes | None = None) -> None:
        self.db_path = db_path
        self.key = key  # the data key of an encrypted store (backups keyed alike)
        self.keep = keep
        self.clock = clock
        self.state_file = db_path.parent / STATE_FILE

    # -- state ----------------------------------------------------------------------
    def status(self) -> dict[str, Any]:
        try:
            data = json.loads(self.state_file.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def _save(self, data: dict[str, Any]) -> None:
        tmp = self.state_file.with_name(self.state_file.name + ".tmp")
        try:
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
            os.replace(tmp, self.state_file)
        except OSError as exc:  # a full disk: tried again at the next run
            tmp.unlink(missing_ok=True)
            logger.warning("maintenance state not saved: %s", exc.strerror)

    def due(self, now: dt.datetime | None = None) -> bool:
        now = now or self.clock()
        last: str = self.status().get("last_run", "")
        return last[:10] != now.date().isoformat()

    # -- work -----------------------------------------------------------------------
    def run(self, now: dt.datetime | None = None, *, reason: str = "daily") -> MaintenanceResult:
        now = (now or self.clock()).replace(microsecond=0)
        removed = tuple(remove_partial_files(self.db_path.parent))
        state = self.status()
        state["last_run"] = now.isoformat()
        state["last_check_at"] = now.isoformat()
        try:
            findings = backup.quick_check(self.db_path, key=self.key) if self.db_path.exists() else []
        except DatabaseDamaged as exc:
            findings = [exc.detail or exc.kind]
        except StorageFull:
            logger.error("daily check not run: disk full")
            state["last_run"] = ""  # due again
            state["last_backup_error"] = "disk_full"
            self._save(state)
            return MaintenanceResult(now, True, (), None, True, removed)
        state["last_check_ok"] = not findings
        state["last_check_findings"] = findings[:5]
        if findings:
            logger.error("database quick_check failed: %s", "; ".join(findings[:5]))
            self._save(state)
            return MaintenanceResult(now, False, tuple(findings), None, False, removed)
        made, full = None, False
        if self.db_path.exists():
            try:
                made = backup.make_backup(self.db_path, reason=reason, keep=self.keep, now=now,
                                           key=self.key)
                state["last_backup_at"] = made.taken_at.isoformat()
                state["last_backup_file"] = made.path.name
                state.pop("last_backup_error", None)
            except StorageFull:
                full = True
                state["last_backup_error"] = "disk_full"
                logger.error("daily backup failed: disk full")
                state["last_run"] = ""  # due again: tried at the next run
        self._save(state)
        return MaintenanceResult(now, True, (), made, full, removed)

    def run_if_due(self, now: dt.datetime | None = None) -> MaintenanceResult | None:
        """The check and backup once a calendar day; None when already done today."""
        now = now or self.clock()
        if not self.due(now):
            return None
        return self.run(now)
