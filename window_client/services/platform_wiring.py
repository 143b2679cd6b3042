"""Builds the platform client and the sync engine from settings (shared by the app
and the command line)."""

from __future__ import annotations

from window_client.core.catalog import Catalog
from window_client.platform.client import ConnectionSettings, PlatformClient, TokenState
from window_client.platform.secrets import SecretStore, SecretsUnavailable
from window_client.settings import Settings
from window_client.store.repository import CaseRepository
from window_client.store.sync_repository import SyncRepository
from window_client.sync.engine import SyncEngine


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
                sync: SyncRepository, secrets: SecretStore | None) -> SyncEngine:
    username = sync.get_state("sync_user") or None
    return SyncEngine(catalog, cases, sync, make_client(settings, secrets, username))
