"""Recovering from a damaged database, shared by the window's dialog and the
command line: what is damaged, which backup would be restored, which cases the
journal knows that the backup lacks; then the restore itself, which keeps the
damaged file and writes the list of cases to check beside it for IT."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

from window_client.store import backup as backups
from window_client.store.journal import CaseJournal, MissingCase
from window_client.core.storage_errors import DatabaseDamaged

from . import messages

logger = logging.getLogger(__name__)

MARGIN = dt.timedelta(minutes=10)   # journal lines just before the backup are re-checked
NO_BACKUP_WINDOW = dt.timedelta(days=31)
SHOWN = 20


@dataclass(frozen=True)
class RestorePlan:
    db_path: Path
    damage: DatabaseDamaged | None          # None: the database is healthy (a forced restore)
    backup: backups.BackupInfo | None       # None: no good backup, an empty database follows
    missing: tuple[MissingCase, ...]
    key: bytes | None = field(default=None, repr=False)   # an encrypted store's data key

    def summary(self) -> str:
        """The Chinese explanation, with the cases to check (at most SHOWN listed)."""
        lines = []
        if self.damage is not None:
            lines.append(messages.DATABASE_DAMAGED.format(reason=self.damage.reason))
            lines.append(messages.DAMAGED_FILE_KEPT)
        if self.backup is not None:
            lines.append(messages.BACKUP_TO_RESTORE.format(backup=self.backup.label))
        else:
            lines.append(messages.NO_BACKUP)
        if self.missing:
            lines.append(messages.CASES_TO_CHECK.format(count=len(self.missing)))
            lines += [f"  {m.describe()}" for m in self.missing[:SHOWN]]
            if len(self.missing) > SHOWN:
                lines.append(messages.MORE_CASES_TO_CHECK.format(count=len(self.missing) - SHOWN))
        elif self.backup is not None:
            lines.append(messages.NO_CASES_TO_CHECK)
        return "\n".join(lines)


@dataclass(frozen=True)
class RestoreOutcome:
    plan: RestorePlan
    result: backups.RestoreResult
    list_file: Path | None     # the cases to check, written beside the damaged copy

    def summary(self) -> str:
        lines = []
        if self.result.backup is not None:
            lines.append(messages.BACKUP_RESTORED.format(backup=self.result.backup.label))
        else:
            lines.append(messages.EMPTY_DATABASE_CREATED)
        if self.result.damaged_copy is not None:
            lines.append(messages.DAMAGED_COPY_SAVED.format(path=self.result.damaged_copy))
        if self.list_file is not None:
            lines.append(messages.CASES_TO_CHECK_LIST.format(count=len(self.plan.missing),
                                                             path=self.list_file))
        return "\n".join(lines)


def damage_of(db_path: Path, *, key: bytes | None = None) -> DatabaseDamaged | None:
    try:
        backups.check_file(db_path, key=key)
    except DatabaseDamaged as exc:
        return exc
    return None


def plan_restore(db_path: Path, damage: DatabaseDamaged | None = None,
                 now: dt.datetime | None = None, *, key: bytes | None = None) -> RestorePlan:
    damage = damage if damage is not None else damage_of(db_path, key=key)
    chosen = backups.latest_good_backup(db_path, key=key)
    journal = CaseJournal.beside(db_path)
    missing: list[MissingCase] = []
    if journal is not None:
        if chosen is not None:
            missing = journal.missing_from(chosen.path, chosen.taken_at - MARGIN, key=key)
        else:
            since = (now or dt.datetime.now()) - NO_BACKUP_WINDOW
            newest: dict[str, MissingCase] = {}
            for e in journal.entries(since):
                newest[e.case_id] = MissingCase(e, None)
            missing = sorted(newest.values(), key=lambda m: m.entry.at)
    return RestorePlan(db_path, damage, chosen, tuple(missing), key)


def restore(plan: RestorePlan, now: dt.datetime | None = None) -> RestoreOutcome:
    now = (now or dt.datetime.now()).replace(microsecond=0)
    result = backups.restore_latest(plan.db_path, backup=plan.backup, now=now, key=plan.key)
    list_file = None
    if plan.missing:
        folder = backups.damaged_dir(plan.db_path)
        list_file = folder / f"{plan.db_path.stem}-{now:%Y%m%d-%H%M%S}-cases-to-check.txt"
        try:
            list_file.write_text(plan.summary() + "\n", encoding="utf-8")
        except OSError as exc:
            logger.warning("list of cases to check not written: %s", exc.strerror)
            list_file = None
    logger.warning("restore: %d cases to check after the backup", len(plan.missing))
    return RestoreOutcome(plan, result, list_file)
