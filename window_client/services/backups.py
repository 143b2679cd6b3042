"""Backups and restore from the 管理 section (administrators): over the public
functions of store/backup.py and the restore plan of services/recovery.py (the
same plan the damaged-database dialog and `cli db restore` show: which backup,
which cases the journal knows that the backup lacks). Each method checks the role
and each backup made or restored is audited (the file's name, nothing else).

A restore while the window runs: ``before_restore`` lets go of the store's
connections (the wiring disposes the engine) and the window signs out after it, so
the next sign-in opens the restored database."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from window_client.core.roles import Clerk, Permission
from window_client.store import backup as store_backup
from window_client.store.accounts import ClerkAccounts
from window_client.store.journal import CaseJournal

from . import recovery
from .permissions import Guard, requires


class BackupService:
    OPEN_TO_EVERY_ROLE: frozenset[str] = frozenset()

    def __init__(self, clerk: Clerk, db_path: Path, accounts: ClerkAccounts, *, keep: int,
                 before_restore: Callable[[], None] = lambda: None) -> None:
        self.guard = Guard(clerk, accounts)
        self.db_path = db_path
        self.keep = keep
        self._accounts = accounts
        self._before_restore = before_restore

    @requires(Permission.MANAGE_BACKUPS)
    def backups(self) -> list[store_backup.BackupInfo]:
        """Newest first."""
        return store_backup.list_backups(self.db_path)

    @requires(Permission.MANAGE_BACKUPS)
    def make_backup(self) -> store_backup.BackupInfo:
        """A backup now (StorageFull, DatabaseDamaged as store/backup.py raises them)."""
        made = store_backup.make_backup(self.db_path, reason="manual", keep=self.keep)
        self._accounts.record(self.guard.clerk, "backup_made", f"file={made.path.name}")
        return made

    @requires(Permission.MANAGE_BACKUPS)
    def plan_restore(self, chosen: store_backup.BackupInfo | None = None) -> recovery.RestorePlan:
        """What restoring ``chosen`` (default: the newest good backup) would do."""
        plan = recovery.plan_restore(self.db_path)
        if chosen is not None and chosen != plan.backup:
            journal = CaseJournal.beside(self.db_path)
            plan = dataclasses.replace(plan, backup=chosen, missing=tuple(
                journal.missing_from(chosen.path, chosen.taken_at - recovery.MARGIN)
                if journal else ()))
        return plan

    @requires(Permission.MANAGE_BACKUPS)
    def restore(self, plan: recovery.RestorePlan) -> recovery.RestoreOutcome:
        """Keeps the current database for IT and puts the plan's backup in its place;
        audited in the restored database."""
        self._before_restore()
        outcome = recovery.restore(plan)
        restored = outcome.result.backup
        self._accounts.record(self.guard.clerk, "backup_restored",
                              f"file={restored.path.name if restored else '-'}")
        return outcome
