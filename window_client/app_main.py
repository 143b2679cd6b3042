"""The window's start: logging, settings, the catalog, the database, the embedded
platform sandbox; then everything else is built by window_client/wiring.py (the one
composition root) and passed down by constructor. No module-level singletons. Qt is imported only inside ``main`` (window_client/qt/startup.py has the
start's dialogs), so ``--version`` and ``cli …`` never load it.

Started as ``window-client`` / ``window-client-gui`` (an installed wheel), as
``python main.py`` (a checkout: main.py is a thin wrapper) and frozen by
installer/window_client.spec."""

from __future__ import annotations

import atexit
import importlib.util
import logging
import logging.handlers
import socket
import subprocess
import sys
import time
from pathlib import Path

from window_client.catalog.loader import CatalogError
from window_client.catalog.store import CatalogStore
from window_client.settings import Paths, SettingsError, load_settings
from window_client.store.maintenance import remove_partial_files


def configure_logging(paths: Paths) -> None:
    paths.log_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        paths.log_dir / "window-client.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(handler)


def _die_with_parent() -> None:
    """Linux: the sandbox gets SIGTERM when the app dies, even by a signal that
    skips atexit (a kill, a closed terminal)."""
    import ctypes
    import signal
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def start_embedded_platform(paths: Paths, log: logging.Logger) -> bool:
    """The embedded default: when the settings point at the local sandbox and
    nothing answers there, start the sandbox (a separate package, absent from
    installed builds) with its data beside the client's, and stop it on exit.
    False when there is no platform to talk to (an installed build without a
    configured platform: local accounts only)."""
    with socket.socket() as probe:
        probe.settimeout(0.3)
        if probe.connect_ex(("127.0.0.1", 8765)) == 0:
            return True  # already running (another window on this machine, or by hand)
    if sandbox_root() is None:
        log.warning("embedded platform not installed and no platform configured")
        return False
    db = paths.data_dir / "sandbox" / "platform.sqlite3"
    db.parent.mkdir(parents=True, exist_ok=True)
    # the sandbox is not an installed package: it runs from the folder it was found in
    # (the checkout: main.py's folder is on sys.path)
    root = str(sandbox_root())
    proc = subprocess.Popen([sys.executable, "-m", "platform_sandbox", "--host", "127.0.0.1",
                             "--port", "8765", "--db", str(db)], cwd=root,
                            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
                            stdout=subprocess.DEVNULL, stderr=open(paths.log_dir / "sandbox.log", "ab"))
    atexit.register(lambda: (proc.terminate(), proc.wait(10)))
    for _ in range(50):  # the app starts anyway; sync retries until it answers
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", 8765)) == 0:
                break
        time.sleep(0.1)
    log.info("embedded platform sandbox started (pid %s)", proc.pid)
    return True


def sandbox_root() -> Path | None:
    """The folder holding the platform_sandbox package when it can be imported (a
    checkout), else None (an installed wheel or build)."""
    spec = importlib.util.find_spec("platform_sandbox")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))).resolve().parent


def main(argv: list[str] | None = None) -> int:
    """The window (``argv[1:]`` empty), or ``--version``, ``--self-check``, ``cli …``.
    The entry point of the installed ``window-client`` / ``window-client-gui``, of
    the checkout's main.py and of the PyInstaller build."""
    if argv is None:
        argv = sys.argv
    if len(argv) > 1 and argv[1] == "cli":  # the ops tools, also in installed builds
        from window_client.cli import main as cli_main
        return cli_main(argv[2:])
    if len(argv) > 1 and argv[1] == "--version":
        from window_client import __version__
        print(f"window-client {__version__}")
        return 0
    paths = Paths.default()
    configure_logging(paths)
    log = logging.getLogger("main")
    if len(argv) > 1 and argv[1] == "--self-check":
        from window_client import selfcheck
        from window_client.qt.selfcheck_qt import qt_checks
        report = selfcheck.run(paths, None, qt_checks)  # reads and checks the settings
        print(report.render())
        return report.exit_code
    try:
        settings = load_settings(paths.settings_files)   # the hall profile, then the user's
    except SettingsError as exc:
        log.error("settings refused: %s", exc)
        print(f"错误:{exc}\n程序未启动。", file=sys.stderr)
        from window_client.qt.startup import refuse_settings
        refuse_settings(argv, str(exc))
        return 6
    catalogs = CatalogStore(paths.data_dir / "catalogs")
    try:
        catalog = catalogs.current()
    except CatalogError as exc:
        print(exc, file=sys.stderr)
        log.error("catalog refused: %s", exc)
        return 3
    from window_client.qt.app import make_application
    from window_client.qt.single_instance import SingleInstance
    from window_client.qt.startup import open_store
    make_application(argv)
    instance = SingleInstance(paths.data_dir)
    if not instance.acquire():
        print("一件事一次办综合窗口已在本机运行(同一数据目录),已切换到已打开的窗口。", file=sys.stderr)
        log.info("second start on the same profile: the running window was asked to come forward")
        return 0
    remove_partial_files(paths.data_dir)
    from window_client.platform.secrets import SecretStore
    from window_client.security.keys import KeyManager
    from window_client.qt.startup import unlock_key
    secrets = SecretStore()
    # always an encrypted store: the key from the keyring (or set / recovered by IT)
    key = unlock_key(KeyManager(paths.data_dir, secrets), log)
    if key is None:
        return 7
    engine = open_store(paths, settings.backup_keep, log, key)
    if engine is None:
        return 4
    from window_client.qt.app import run
    from window_client.wiring import Wiring

    has_platform = not settings.embedded_platform or start_embedded_platform(paths, log)
    wiring = Wiring(paths, settings, catalog, engine, catalogs=catalogs, secrets=secrets,
                    has_platform=has_platform, settings_file=paths.settings_files, data_key=key)
    log.info("started: catalog %s, %d cases in store", catalog.version, wiring.cases.count())
    return run(argv, wiring, instance=instance)


if __name__ == "__main__":  # python -m window_client.app_main
    sys.exit(main(sys.argv))
