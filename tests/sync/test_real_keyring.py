"""The OS keyring for real: gnome-keyring's Secret Service on a private D-Bus bus
(tests/secret_service.py). The refresh token a clerk's online sign-in leaves there
lets `python -m window_client sync now`, another process, authenticate; with no
keyring at all the client says what IT must install and writes no secret to disk."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from window_client.platform.secrets import SecretStore, SecretsUnavailable
from window_client.settings import Paths, Settings, save_settings
from window_client.store.db import open_database
from window_client.store.repository import CaseRepository
from window_client.wiring import Wiring

from .helpers import DEMO_PASSWORD, DEMO_USER, make_queued_cases

ROOT = Path(__file__).resolve().parents[2]


def _cli(home: Path, env_extra: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, WINDOW_CLIENT_HOME=str(home), **env_extra)
    return subprocess.run([sys.executable, "-m", "window_client", "sync", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=90)


def test_the_command_line_syncs_with_the_token_the_window_left_in_the_keyring(
        sandbox, tmp_path, catalog, secret_service, secret_service_env, monkeypatch,
        installed_key):
    home = tmp_path / "home"
    monkeypatch.setenv("WINDOW_CLIENT_HOME", str(home))
    paths = Paths.default()
    save_settings(paths.settings_file, Settings(platform_url=sandbox.url))
    engine = open_database(paths.database, key=installed_key.key)
    wiring = Wiring(paths, Settings(platform_url=sandbox.url), catalog, engine,
                    secrets=SecretStore(),   # keyring's own choice: the daemon's
                    data_key=installed_key)
    sign_in = wiring.sign_in_service()
    result = sign_in.sign_in(DEMO_USER, DEMO_PASSWORD)
    assert result.online, result.message
    wiring.after_sign_in(result, sign_in)
    token = secret_service.get_refresh_token("W01", DEMO_USER)
    assert token
    cases = wiring.cases
    ids = make_queued_cases(cases, catalog, 2, paths.data_dir / "materials")
    engine.dispose()

    done = _cli(home, secret_service_env, "now")
    assert done.returncode == 0, done.stderr
    after = CaseRepository(open_database(paths.database, key=installed_key.key))
    assert all(after.get(i).platform_no for i in ids)
    # the platform rotated the refresh token: the new one is in the keyring, not on disk
    rotated = secret_service.get_refresh_token("W01", DEMO_USER)
    assert rotated
    for path in home.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert token.encode() not in data and rotated.encode() not in data, path


def test_with_no_keyring_the_client_says_what_to_install_and_keeps_nothing(
        sandbox, tmp_path, catalog, no_keyring, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("WINDOW_CLIENT_HOME", str(home))
    store = SecretStore()
    with pytest.raises(SecretsUnavailable) as refused:
        store.check()
    assert "gnome-keyring" in str(refused.value) and "凭据管理器" in str(refused.value)
    assert "明文" in str(refused.value)
    paths = Paths.default()
    wiring = Wiring(paths, Settings(platform_url=sandbox.url), catalog,
                    open_database(paths.database), secrets=store)
    sign_in = wiring.sign_in_service()
    result = sign_in.sign_in(DEMO_USER, DEMO_PASSWORD)
    # online sign-in still works for this session; the token is kept nowhere
    assert result.online and "gnome-keyring" in result.message
    assert sign_in.client is not None
    token = sign_in.client.tokens.refresh
    assert token
    for path in home.rglob("*"):
        if path.is_file():
            assert token.encode() not in path.read_bytes(), path
