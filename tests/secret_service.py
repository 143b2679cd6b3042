"""A real Secret Service for the tests: ``gnome-keyring-daemon`` on a private D-Bus
session bus, started once per test session (about 0.1 s), with its own HOME and
XDG_RUNTIME_DIR under a temporary folder, so no test touches the machine's keyring
and nothing is left behind. The daemon is the one Linux halls run (UOS/Kylin ship
gnome-keyring or a Secret Service compatible with it); keyring reaches it through
its SecretService backend (secretstorage over jeepney), exactly as the app does.

Fixtures (registered in tests/conftest.py):
- ``secret_service``: a ``SecretStore`` on the daemon's login collection; the
  DBUS_SESSION_BUS_ADDRESS of the private bus is set for the test and keyring's
  default backend is the daemon's, so code that builds ``SecretStore()`` itself
  (app start-up, the command line in-process) finds it too. Subprocesses that get
  ``secret_service_env`` in their environment find the same keyring. Every
  window-client item is deleted after the test.
- ``no_keyring``: a machine with no Secret Service at all (no session bus): the
  backend keyring picks is its fail backend, as on a bare Debian.

setup (tools/setup.sh) installs gnome-keyring and dbus-daemon; a missing one fails
the fixture with what to install, it never skips."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import keyring
import pytest

PASSWORD = b"window-client-tests"


@dataclass
class SecretServiceDaemon:
    address: str
    env: dict[str, str]
    bus: subprocess.Popen[str]
    daemon: subprocess.Popen[bytes]
    root: Path

    def stop(self) -> None:
        for proc in (self.daemon, self.bus):
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(self.root, ignore_errors=True)


def _require(program: str, package: str) -> str:
    path = shutil.which(program)
    if path is None:
        pytest.fail(f"{program} is missing: install Debian's {package} (tools/setup.sh does)")
    return path


def start_daemon() -> SecretServiceDaemon:
    dbus = _require("dbus-daemon", "dbus-daemon")
    gnome_keyring = _require("gnome-keyring-daemon", "gnome-keyring")
    root = Path(tempfile.mkdtemp(prefix="wc-keyring-"))
    runtime = root / "run"
    runtime.mkdir(mode=0o700)
    env = dict(os.environ, HOME=str(root), XDG_RUNTIME_DIR=str(runtime),
               XDG_DATA_HOME=str(root / "data"), XDG_CONFIG_HOME=str(root / "config"))
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    bus = subprocess.Popen([dbus, "--session", "--nofork", "--nopidfile", "--print-address=1"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                           text=True)
    assert bus.stdout is not None
    address = bus.stdout.readline().strip()
    if not address:
        bus.kill()
        pytest.fail("dbus-daemon printed no bus address")
    env["DBUS_SESSION_BUS_ADDRESS"] = address
    # --unlock reads the login keyring's password on stdin and creates the keyring
    daemon = subprocess.Popen([gnome_keyring, "--foreground", "--unlock",
                               "--components=secrets"],
                              stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, env=env)
    assert daemon.stdin is not None
    daemon.stdin.write(PASSWORD)
    daemon.stdin.close()
    started = SecretServiceDaemon(address, env, bus, daemon, root)
    _wait_ready(started)
    return started


def _wait_ready(started: SecretServiceDaemon) -> None:
    import secretstorage
    from jeepney.io.blocking import open_dbus_connection
    deadline = time.monotonic() + 10
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            connection = open_dbus_connection(bus=started.address)
            try:
                collection = secretstorage.get_default_collection(connection)
                if not collection.is_locked():
                    return
            finally:
                connection.close()
        except Exception as exc:  # noqa: BLE001 - retried until the deadline
            last = exc
        time.sleep(0.05)
    started.stop()
    pytest.fail(f"gnome-keyring-daemon did not come up on the private bus: {last!r}")


def secret_service_backend() -> keyring.backend.KeyringBackend:
    from keyring.backends import SecretService
    return SecretService.Keyring()


@pytest.fixture(scope="session")
def _secret_service_daemon() -> Iterator[SecretServiceDaemon]:
    started = start_daemon()
    try:
        yield started
    finally:
        started.stop()


@pytest.fixture
def secret_service_env(_secret_service_daemon: SecretServiceDaemon) -> dict[str, str]:
    """The environment variables a subprocess needs to reach the test keyring."""
    return {"DBUS_SESSION_BUS_ADDRESS": _secret_service_daemon.address}


@pytest.fixture
def secret_service(_secret_service_daemon: SecretServiceDaemon,
                   monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    from window_client.platform.secrets import SERVICE, SecretStore
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", _secret_service_daemon.address)
    backend = secret_service_backend()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield SecretStore(backend)
    finally:
        keyring.set_keyring(previous)
        _clear(backend, SERVICE)


def _clear(backend: keyring.backend.KeyringBackend, service: str) -> None:
    """Deletes every item of ``service`` from the daemon's collections."""
    import secretstorage
    from jeepney.io.blocking import open_dbus_connection
    del backend
    address = os.environ["DBUS_SESSION_BUS_ADDRESS"]
    connection = open_dbus_connection(bus=address)
    try:
        for collection in secretstorage.get_all_collections(connection):
            for item in collection.search_items({"service": service}):
                item.delete()
    finally:
        connection.close()


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No Secret Service at all: no session bus, and keyring's default backend the
    one its detection picks on a bare Debian, its fail backend. (Detection itself
    is not re-run: keyring caches the viable backends of the process's first call,
    when the test daemon may have been reachable; a subprocess without
    DBUS_SESSION_BUS_ADDRESS runs the real detection, see tests/sync/test_sync_cli.py.)"""
    from keyring.backends import fail
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield None
    finally:
        keyring.set_keyring(previous)


# -- the installation's data key (security/keys.py), set as `cli security init` does --

TEST_PASSPHRASE = "hall-IT 2026 recovery"


@pytest.fixture
def installed_key(secret_service: object) -> object:
    """The data key of the test's WINDOW_CLIENT_HOME, initialised with a cheap scrypt
    cost and kept in the real test keyring: the app, the command line and
    --self-check in a subprocess (given ``secret_service_env``) unlock it."""
    from window_client.security.keys import KeyManager
    from window_client.settings import Paths
    return KeyManager(Paths.default().data_dir, secret_service,  # type: ignore[arg-type]
                      scrypt_n=2 ** 14).initialise(TEST_PASSPHRASE)
