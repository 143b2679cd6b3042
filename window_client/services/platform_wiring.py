"""Builds the platform client and the sync engine from settings (shared by the app
and the command line)."""

from __future__ import annotations

from pathlib import Path

from window_client.catalog.store import CatalogStore
from window_client.core.catalog import Catalog
from window_client.core.workdays import WorkCalendar
from window_client.platform.client import ConnectionSettings, PlatformClient, TokenState
from window_client.platform.secrets import SecretStore, SecretsUnavailable
from window_client.settings import Settings
from window_client.services.snapshots import Snapshots
from window_client.store.issuance_repository import IssuanceRepository
from window_client.store.repository import CaseRepository
from window_client.store.sync_repository import SyncRepository
from window_client.sync.engine import SyncEngine, make_sync_engine


def connection_settings(settings: Settings) -> ConnectionSettings:
    return ConnectionSettings(base_url=settings.platform_url,
                              connect_timeout=settings.connect_timeout_s,
                              read_timeout=settings.read_timeout_s,
                              ca_bundle=settings.ca_bundle, proxy=settings.proxy,
                              window_code=settings.window_code)


def make_client(settings: Settings, secrets: SecretStore | None = None,
                username: str | None = None) -> PlatformClient:
    """A client; with ``username`` it carries that clerk's refresh token from
    keyring and writes each new one back."""
    tokens = TokenState()
    if secrets is not None and username:
        try:
            tokens.refresh = secrets.get_refresh_token(settings.window_code, username) or ""
        except SecretsUnavailable:
            tokens.refresh = ""

        def keep(token: str) -> None:
            try:
                secrets.set_refresh_token(settings.window_code, username, token)
            except SecretsUnavailable:
                pass

        tokens.on_refresh = keep
    return PlatformClient(connection_settings(settings), tokens)


def make_engine(settings: Settings, catalog: Catalog, cases: CaseRepository,
                sync: SyncRepository, secrets: SecretStore | None, *,
                data_dir: Path | None = None, issuance: IssuanceRepository | None = None,
                calendar: WorkCalendar | None = None) -> SyncEngine:
    """The command line's engine: with ``data_dir`` the same steps as the app's
    (catalog versions, the holiday table, retention), with ``issuance`` the
    counter's records and evaluations too."""
    username = sync.get_state("sync_user") or None
    catalogs = CatalogStore(data_dir / "catalogs") if data_dir is not None else None
    return make_sync_engine(
        catalog, cases, sync, make_client(settings, secrets, username), catalogs=catalogs,
        calendar_file=data_dir / "calendar" / "holidays.json" if data_dir is not None else None,
        retention_days=settings.material_retention_days, issuance=issuance,
        snapshots=Snapshots(catalog, cases, calendar,
                            catalog_versions=catalogs.get if catalogs else None))
