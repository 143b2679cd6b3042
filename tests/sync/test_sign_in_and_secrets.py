"""Online sign-in against the sandbox, offline sign-in from the stored verifier for a
limited time, and secrets only through a keyring: the real Secret Service of
tests/secret_service.py (gnome-keyring on a private D-Bus bus), never a fake."""

from __future__ import annotations

import sqlite3

import keyring.backend
import pytest

from window_client.platform.client import ConnectionSettings, PlatformClient
from window_client.platform.secrets import SecretStore, SecretsUnavailable
from window_client.services.sign_in import SignInService
from window_client.store.accounts import AccountError, ClerkAccounts
from window_client.store.db import open_database

from .helpers import DEMO_PASSWORD, DEMO_USER, Clock


class MemoryKeyring(keyring.backend.KeyringBackend):
    """Only to be refused by name (below): a class named like keyrings.alt's."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        self.store.pop((service, username), None)


class PlaintextKeyring(MemoryKeyring):
    """Named like keyrings.alt's file backend: must be refused."""


def service(tmp_path, url, clock, secrets=None):
    accounts = ClerkAccounts(open_database(tmp_path / "c.sqlite3"), clock=clock)
    return SignInService(accounts, client_factory=lambda: PlatformClient(
        ConnectionSettings(base_url=url, connect_timeout=1, read_timeout=3)),
        secrets=secrets, window_code="W01", offline_days=7, clock=clock), accounts


def test_online_then_offline_within_the_window_then_refused(sandbox, tmp_path, secret_service):
    clock = Clock()
    ring = secret_service.backend
    svc, accounts = service(tmp_path, sandbox.url, clock, secret_service)
    result = svc.sign_in(DEMO_USER, DEMO_PASSWORD)
    assert result.online and result.clerk.display_name == "王丽"
    token = ring.get_password("window-client", "W01:wangli:refresh_token")
    assert token
    # nothing secret in the database: only a slow verifier of the password
    with sqlite3.connect(tmp_path / "c.sqlite3") as conn:
        stored = conn.execute("SELECT password_hash FROM clerks").fetchone()[0]
        dump = "\n".join(conn.iterdump())
    assert stored.startswith("scrypt$") and DEMO_PASSWORD not in dump and token not in dump
    # the platform goes away: offline sign-in works for 7 days
    down, _ = service(tmp_path, "http://127.0.0.1:9/api/v1", clock, secret_service)
    clock.advance(6 * 86400)
    offline = down.sign_in(DEMO_USER, DEMO_PASSWORD)
    assert not offline.online and "离线登录" in offline.message
    with pytest.raises(AccountError, match="用户名或密码不正确"):
        down.sign_in(DEMO_USER, "wrong-password1")
    clock.advance(2 * 86400)
    with pytest.raises(AccountError, match="离线登录已超过7天"):
        down.sign_in(DEMO_USER, DEMO_PASSWORD)


def test_a_password_the_platform_refused_is_not_tried_offline(sandbox, tmp_path):
    clock = Clock()
    svc, accounts = service(tmp_path, sandbox.url, clock)
    svc.sign_in(DEMO_USER, DEMO_PASSWORD)
    with pytest.raises(AccountError, match="平台:用户名或密码不正确"):
        svc.sign_in(DEMO_USER, "old-password1")


def test_sign_out_removes_the_refresh_token_from_the_keyring(sandbox, tmp_path, secret_service):
    """Signing out leaves nothing behind to sync or sign in with: the keyring no
    longer holds the clerk's refresh token, the platform session is dropped and the
    sign-out is audited. Another clerk's token on the same machine stays."""
    clock = Clock()
    ring = secret_service.backend
    ring.set_password("window-client", "W01:lisi:refresh_token", "other-clerk")
    svc, accounts = service(tmp_path, sandbox.url, clock, secret_service)
    result = svc.sign_in(DEMO_USER, DEMO_PASSWORD)
    assert ring.get_password("window-client", "W01:wangli:refresh_token")
    assert svc.client is not None
    svc.sign_out(result.clerk)
    assert ring.get_password("window-client", "W01:wangli:refresh_token") is None
    assert ring.get_password("window-client", "W01:lisi:refresh_token") == "other-clerk"
    assert svc.client is None
    with sqlite3.connect(tmp_path / "c.sqlite3") as conn:
        actions = [r[0] for r in conn.execute("SELECT action FROM audit_log WHERE clerk = 'wangli'")]
    assert actions[-1] == "sign_out"


def test_plaintext_and_failing_keyrings_are_refused(secret_service):
    with pytest.raises(SecretsUnavailable, match="不安全"):
        SecretStore(PlaintextKeyring()).set_refresh_token("W01", "wangli", "t")
    from keyring.backends import fail
    with pytest.raises(SecretsUnavailable, match="gnome-keyring"):
        SecretStore(fail.Keyring()).get_refresh_token("W01", "wangli")
    secret_service.check()


def test_sync_engine_signs_in_again_from_the_keyring_token(sandbox, tmp_path, catalog,
                                                          secret_service):
    """A restarted client (no access token in memory) syncs with the refresh token
    kept in the keyring."""
    from window_client.settings import Paths, Settings
    from window_client.wiring import Wiring

    from .helpers import make_queued_cases
    clock = Clock()
    svc, _ = service(tmp_path, sandbox.url, clock, secret_service)
    svc.sign_in(DEMO_USER, DEMO_PASSWORD)
    paths = Paths(tmp_path / "config", tmp_path / "data", tmp_path / "logs")
    wiring = Wiring(paths, Settings(platform_url=sandbox.url), catalog,
                    open_database(tmp_path / "c.sqlite3"), secrets=secret_service)
    cases = wiring.cases
    wiring.sync.set_state("sync_user", DEMO_USER)
    ids = make_queued_cases(cases, catalog, 1, tmp_path / "files")
    report = wiring.command_line_sync().run_once()
    assert report.online and report.submitted, report.error
    assert cases.get(ids[0]).platform_no
