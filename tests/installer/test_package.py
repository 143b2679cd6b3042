"""The installable package end to end: `python installer/build.py` makes dist/ and the
.deb, `dpkg -i` installs it on this machine, the installed program runs (--version,
--self-check offscreen, a real start up to the sign-in window), the desktop entry is
validated, and `dpkg -r` takes everything away again.

Slow (the build takes minutes) and it changes the machine (dpkg as root): it runs
only with WINDOW_CLIENT_PACKAGE_TEST=1 — `make package-test`."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = "window-client"
OPT = Path("/opt") / APP
LAUNCHER = Path("/usr/bin") / APP
DESKTOP = Path("/usr/share/applications") / f"{APP}.desktop"
ICON = Path("/usr/share/icons/hicolor/256x256/apps") / f"{APP}.png"
# what the brief of the package promises (installer/build.py DEPENDS)
QT_DEPENDS = ("libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 "
              "libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 "
              "libxcb-randr0 libxcb-render-util0 libxcb-image0").split()

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.environ.get("WINDOW_CLIENT_PACKAGE_TEST") != "1",
                       reason="builds and installs the .deb: set WINDOW_CLIENT_PACKAGE_TEST=1 "
                              "(make package-test)"),
    pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("dpkg") is None,
                       reason="needs dpkg"),
    pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() != 0,
                       reason="dpkg -i needs root"),
]

TIMES: dict[str, float] = {}


def version() -> str:
    text = (ROOT / "window_client" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.M).group(1)


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    kw.setdefault("capture_output", True)
    kw.setdefault("text", True)
    kw.setdefault("timeout", 300)
    return subprocess.run(cmd, **kw)


def app_env(home: Path) -> dict[str, str]:
    """The installed app's environment: offscreen, its own home, and (inherited from
    the ``secret_service`` fixture) the test's real Secret Service."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", WINDOW_CLIENT_HOME=str(home))
    return env


def set_data_key(home: Path) -> None:
    """IT's step at install (README "For hall IT: the data key"), by the installed
    launcher: the recovery passphrase on stdin sets the data key in the keyring."""
    got = subprocess.run([str(LAUNCHER), "cli", "security", "init", "--stdin"],
                         env=app_env(home), input="hall-IT 2026 recovery\n",
                         capture_output=True, text=True, timeout=300)
    assert got.returncode == 0, got.stdout + got.stderr


def installed_status() -> str:
    got = run(["dpkg-query", "-W", "-f=${Status}", APP])
    return got.stdout if got.returncode == 0 else ""


@pytest.fixture(scope="module")
def deb() -> Path:
    started = time.monotonic()
    got = run([sys.executable, str(ROOT / "installer" / "build.py")], cwd=ROOT, timeout=3600)
    TIMES["build (PyInstaller + .deb)"] = time.monotonic() - started
    assert got.returncode == 0, f"build failed:\n{got.stdout[-4000:]}\n{got.stderr[-4000:]}"
    print("\n" + "\n".join(got.stdout.splitlines()[-3:]))
    arch = run(["dpkg", "--print-architecture"]).stdout.strip()
    path = ROOT / "dist" / f"{APP}_{version()}_{arch}.deb"
    assert path.is_file(), got.stdout[-2000:]
    return path


@pytest.fixture(scope="module")
def installed(deb: Path):
    started = time.monotonic()
    got = run(["dpkg", "-i", str(deb)])
    if got.returncode != 0 and "dependency problems" in got.stderr:
        # a machine without the Qt libraries yet: let apt bring the Depends
        run(["apt-get", "install", "-y", "-f", "-qq"], timeout=900,
            env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    TIMES["dpkg -i"] = time.monotonic() - started
    assert installed_status() == "install ok installed", got.stdout + got.stderr
    yield deb
    if installed_status():  # a failed test left it installed
        run(["dpkg", "-r", APP])
    print("\npackage test timings: " + ", ".join(f"{k} {v:.1f} s" for k, v in TIMES.items()))


def test_deb_fields_and_contents(deb: Path):
    field = lambda name: run(["dpkg-deb", "-f", str(deb), name]).stdout.strip()  # noqa: E731
    assert field("Package") == APP
    assert field("Version") == version()
    depends = [d.strip().split(" ")[0] for d in field("Depends").split(",")]
    assert set(QT_DEPENDS) <= set(depends), depends
    assert "fonts-wqy-microhei" in field("Recommends")
    listing = run(["dpkg-deb", "-c", str(deb)]).stdout
    files = {line.split()[-1].lstrip(".") for line in listing.splitlines()}
    internal = f"/opt/{APP}/_internal"
    for expected in [
        f"/opt/{APP}/{APP}", f"/usr/bin/{APP}", str(DESKTOP), str(ICON),
        f"{internal}/resources/fonts/wqy-microhei.ttc",
        f"{internal}/resources/fonts/LICENSE-wqy-microhei.txt",
        f"{internal}/resources/catalog/attachment1.json",
        f"{internal}/resources/catalog/onethings/newborn.yaml",
        f"{internal}/resources/theme/window.qss",
        f"{internal}/resources/calendar/holidays.json",
        f"{internal}/window_client/store/migrations/env.py",
        f"{internal}/window_client/store/migrations/script.py.mako",
        f"{internal}/window_client/store/migrations/versions/0001_cases.py",
        f"{internal}/stdnum/cn/loc.dat",
        f"{internal}/barcode/fonts/DejaVuSansMono.ttf",
        f"{internal}/pypdfium2_raw/libpdfium.so",
        f"{internal}/PySide6/Qt/plugins/platforms/libqoffscreen.so",
        f"{internal}/PySide6/Qt/plugins/platforms/libqxcb.so",
        f"{internal}/PySide6/Qt/plugins/imageformats/libqjpeg.so",
        f"{internal}/PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
    ]:
        assert expected in files, f"{expected} missing from the .deb"
    for never in ("platform_sandbox", "/tests/", "zxingcpp", "pytest", "flask/", "hypothesis"):
        assert not [f for f in files if never in f], f"{never} is shipped"


def test_installed_version(installed):
    got = run([str(LAUNCHER), "--version"], timeout=60)
    assert got.returncode == 0, got.stderr
    assert got.stdout.strip() == f"{APP} {version()}"


def test_installed_self_check(installed, tmp_path, secret_service):
    set_data_key(tmp_path / "home")
    started = time.monotonic()
    got = run([str(LAUNCHER), "--self-check"], env=app_env(tmp_path / "home"), timeout=120)
    TIMES["--self-check"] = time.monotonic() - started
    print("\n" + got.stdout)
    assert got.returncode == 0, got.stdout + got.stderr
    assert re.search(r"[\u4e00-\u9fff]", got.stdout), "the report is in Chinese"
    for what in ("数据库", "一件事目录", "打印字体", "界面字体"):
        assert re.search(rf"\[正常\] {what}", got.stdout), f"{what} not 正常"
    assert "自检通过" in got.stdout


def test_installed_starts_up_to_sign_in(installed, tmp_path, secret_service):
    """A real start (offscreen): settings, the data key, migrations from disk, catalog,
    Qt, theme."""
    home = tmp_path / "home"
    set_data_key(home)
    log = home / "logs" / f"{APP}.log"
    with socket.socket() as probe:  # a sandbox started by hand or by other tests answers there
        sandbox_running = probe.connect_ex(("127.0.0.1", 8765)) == 0
    proc = subprocess.Popen([str(LAUNCHER)], env=app_env(home),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and proc.poll() is None:
            text = log.read_text(encoding="utf-8") if log.exists() else ""
            if "UI fonts:" in text and "started: catalog" in text:  # Qt first (the restore
                break                                              # dialog), then the store
            time.sleep(0.3)
        assert proc.poll() is None, proc.stdout.read().decode(errors="replace")[-3000:]
    finally:
        proc.terminate()
        proc.wait(15)
    text = log.read_text(encoding="utf-8")
    assert "started: catalog" in text
    assert "Running upgrade 0004 -> 0005" in text and "Running upgrade 0005 -> 0006" in text
    if not sandbox_running:
        assert "embedded platform not installed" in text  # the sandbox is never shipped
    assert "UI fonts:" in text
    assert "Traceback" not in text


def test_desktop_entry(installed):
    text = DESKTOP.read_text(encoding="utf-8")
    assert "Name=一件事一次办综合窗口" in text
    assert "Categories=Office;" in text
    exec_line = re.search(r"^Exec=(\S+)", text, re.M).group(1)
    assert shutil.which(exec_line) == str(LAUNCHER)
    icon = re.search(r"^Icon=(\S+)", text, re.M).group(1)
    assert ICON.is_file() and ICON.stem == icon
    if shutil.which("desktop-file-validate") is None:
        pytest.skip("desktop-file-validate not installed (apt-get install desktop-file-utils)")
    got = run(["desktop-file-validate", str(DESKTOP)])
    assert got.returncode == 0 and not got.stdout.strip(), got.stdout + got.stderr


def test_remove_leaves_nothing(installed):
    """Runs last. Nothing may have appeared under /opt/window-client that dpkg does not
    know (bytecode caches from a run as root, say), or removal would leave it behind."""
    owned = set(run(["dpkg", "-L", APP]).stdout.split())
    strays = [str(p) for p in OPT.rglob("*") if str(p) not in owned]
    assert not strays, f"files under {OPT} not from the package: {strays[:10]}"
    started = time.monotonic()
    got = run(["dpkg", "-r", APP])
    TIMES["dpkg -r"] = time.monotonic() - started
    assert got.returncode == 0, got.stdout + got.stderr
    assert installed_status() in ("", "deinstall ok config-files", "unknown ok not-installed")
    assert not OPT.exists()
    assert not LAUNCHER.exists() and not DESKTOP.exists() and not ICON.exists()
