"""The window's side of sync: one run (the worker's), how things stand (the 同步
section and the header), retrying a stuck case, exporting the outbox, the change
feed's notifications. The views call this and never the engine or a repository."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from window_client.platform.client import PlatformClient
from window_client.services.applicant_lookup import ApplicantData, look_up
from window_client.store.repository import CaseRepository
from window_client.store.sync_repository import Notification, OutboxEntry, SyncRepository
from window_client.sync.engine import SyncEngine
from window_client.sync.export import export_queued
from window_client.sync.steps import SyncReport

__all__ = ["Notification", "OutboxEntry", "SyncOverview", "SyncReport", "SyncService"]


@dataclass(frozen=True)
class SyncOverview:
    """Everything the 同步 section and the header show, read in one go."""
    status: dict[str, Any]
    queued: tuple[OutboxEntry, ...]
    notifications: tuple[Notification, ...]   # the newest 100, read or not
    unread: int


class SyncService:
    def __init__(self, engine: SyncEngine, cases: CaseRepository, sync: SyncRepository) -> None:
        self._engine, self._cases, self._sync = engine, cases, sync

    @property
    def step_names(self) -> list[str]:
        """The steps one run takes, in order."""
        return [type(s).__name__ for s in self._engine.steps]

    def run_once(self) -> SyncReport:
        return self._engine.run_once()

    def status(self) -> dict[str, Any]:
        return self._engine.status()

    def overview(self) -> SyncOverview:
        notes = self._sync.notifications(unread_only=False)
        return SyncOverview(self._engine.status(), tuple(self._sync.queued()),
                            tuple(notes[:100]), sum(1 for n in notes if not n.read))

    def unread_count(self) -> int:
        return len(self._sync.notifications())

    def mark_all_read(self) -> None:
        self._sync.mark_read(n.id for n in self._sync.notifications())

    def retry(self, case_ids: list[str]) -> None:
        """A stuck case goes back to the queue, to be sent at the next run."""
        for case_id in case_ids:
            self._sync.retry(case_id)

    def export_to(self, folder: Path) -> list[Path]:
        """The last resort: the queued cases as files, with their materials."""
        return export_queued(self._engine, self._cases, self._sync, folder)

    def lookup_client(self) -> PlatformClient:
        """A client for look-ups from another thread (requests.Session is not shared
        across threads), carrying the same tokens as the sync's."""
        client = self._engine.client
        return PlatformClient(client.settings, client.tokens)

    def lookup(self) -> Callable[[str], ApplicantData]:
        """The applicant's e-licences and shared data, by ID number (off the UI thread)."""
        client = self.lookup_client()
        return lambda id_number: look_up(client, id_number)
