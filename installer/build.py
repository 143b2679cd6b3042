"""Builds the installable window client in one command (`make package`):

1. PyInstaller into .venv when missing, then the one-folder build
   dist/window-client/ from installer/window_client.spec (work files in build/);
2. a smoke test of the built executable (``--version`` must print this version);
3. Linux: the Debian package dist/window-client_<version>_<arch>.deb (dpkg-deb):
   /opt/window-client/, /usr/bin/window-client, the desktop entry and the icon,
   an example hall profile; postinst makes /var/lib/window-client/numbers (the
   provisional numbers of every account) and /etc/xdg/window-client;
   Windows: the setup dist/window-client-<version>-setup.exe when Inno Setup's
   ISCC.exe is found (installer/window-client.iss);
4. the paths and sizes of what was made.

    python installer/build.py [--no-installer] [--clean]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
DIST = ROOT / "dist"
BUILD = ROOT / "build"
APP = "window-client"
PYINSTALLER_REQ = "pyinstaller>=6.10,<7"
# the same pin as tools/setup.sh (tests/installer/test_spec_ocr.py compares them)
RAPIDOCR_REQ = "rapidocr-onnxruntime==1.4.4"
WINDOWS = sys.platform == "win32"

# Debian libraries Qt's xcb platform plugin needs at run time. The .deb depends on these
# and on every package whose libraries the build links to (read off it with ldd:
# the spec leaves the system's libraries out of the bundle).
DEPENDS = [
    "libegl1", "libgl1", "libxkbcommon0", "libxkbcommon-x11-0", "libfontconfig1", "libdbus-1-3",
    "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxcb-shape0", "libxcb-xinerama0",
    "libxcb-randr0", "libxcb-render-util0", "libxcb-image0",
]
RECOMMENDS = ["fonts-wqy-microhei",
              # Qt's Wayland platform plugin (a Wayland session; else Qt runs on XWayland)
              "libwayland-client0", "libwayland-cursor0", "libwayland-egl1"]

DESKTOP_ENTRY = """\
[Desktop Entry]
Type=Application
Version=1.0
Name=一件事一次办综合窗口
GenericName=综合窗口受理
Comment=政务服务大厅综合窗口:一件事一次办受理、出件与同步
Exec=window-client
Icon=window-client
Terminal=false
Categories=Office;
Keywords=一件事一次办;综合窗口;受理;政务服务;
"""

LAUNCHER = """\
#!/bin/sh
# window-client launcher: the one-folder build lives in /opt/window-client
exec /opt/window-client/window-client "$@"
"""

# the machine's folders (window_client/settings.py, _site_dirs): the hall profile's
# folder, and the provisional numbers every hall account counts in (writable by all
# of them: the files hold counters only; IT may narrow it to a group). Made once,
# never reset on upgrade (IT may have changed the mode). The profile itself is IT's
# (window-client cli hall set …, README "For hall IT"); a purge removes both.
POSTINST = """\
#!/bin/sh
set -e
if [ "$1" = configure ]; then
    [ -d /etc/xdg/window-client ] || install -d -m 0755 /etc/xdg/window-client
    [ -d /var/lib/window-client/numbers ] || install -d -m 0777 /var/lib/window-client/numbers
fi
exit 0
"""
POSTRM = """\
#!/bin/sh
set -e
if [ "$1" = purge ]; then
    rm -rf /var/lib/window-client
    rm -f /etc/xdg/window-client/hall.json
    rmdir /etc/xdg/window-client 2>/dev/null || true
fi
exit 0
"""


def venv_python() -> Path:
    return ROOT / ".venv" / ("Scripts/python.exe" if WINDOWS else "bin/python")


def version() -> str:
    text = (ROOT / "window_client" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.M).group(1)


def run(cmd: list, **kw) -> subprocess.CompletedProcess:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], check=True, **kw)


def size_of(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def human(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MiB"


def ensure_rapidocr() -> None:
    """The OCR engine with its models, without its declared dependencies (pyproject.toml
    lists them, with opencv-python-headless for the opencv-python it asks for)."""
    if importlib.util.find_spec("rapidocr_onnxruntime") is None:
        print(f"build: installing {RAPIDOCR_REQ} (--no-deps) into {Path(sys.prefix).name}",
              flush=True)
        run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", RAPIDOCR_REQ])


def ensure_pyinstaller() -> None:
    if importlib.util.find_spec("PyInstaller") is None:
        print(f"build: installing {PYINSTALLER_REQ} into {Path(sys.prefix).name}", flush=True)
        run([sys.executable, "-m", "pip", "install", "-q", PYINSTALLER_REQ])


def pyinstaller(clean: bool) -> Path:
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
           "--workpath", BUILD / "pyinstaller", "--distpath", DIST,
           INSTALLER / "window_client.spec"]
    if clean:
        cmd.insert(3, "--clean")
    run(cmd, cwd=ROOT)
    out = DIST / APP
    exe = out / (f"{APP}-console.exe" if WINDOWS else APP)
    got = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=120)
    want = f"{APP} {version()}"
    if got.returncode != 0 or got.stdout.strip() != want:
        raise SystemExit(f"build: {exe} --version gave {got.returncode} {got.stdout!r} "
                         f"{got.stderr[-2000:]!r}, expected {want!r}")
    print(f"build: {exe.relative_to(ROOT)} --version -> {want}", flush=True)
    return out


def normalise_modes(root: Path) -> None:
    """Directories 755, files 644, executables 755 — whatever the umask of the build."""
    for dirpath, _dirnames, filenames in os.walk(root):
        os.chmod(dirpath, 0o755)
        for name in filenames:
            p = Path(dirpath, name)
            if p.is_symlink():
                continue
            os.chmod(p, 0o755 if p.stat().st_mode & 0o111 else 0o644)


def is_elf(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(4) == b"\x7fELF"


def system_packages(app_dir: Path) -> list[str]:
    """The Debian packages owning the libraries that the build's executables and
    shared objects load directly from the system (their DT_NEEDED entries, resolved
    by ldd as the bootloader's library path would); those packages bring their own
    dependencies."""
    internal = app_dir / "_internal"
    env = dict(os.environ, LD_LIBRARY_PATH=str(internal))
    bundle = app_dir.resolve()
    libs: dict[str, str] = {}
    missing: dict[str, str] = {}
    for path in sorted(app_dir.rglob("*")):
        if not path.is_file() or path.is_symlink() or not is_elf(path):
            continue
        dump = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True).stdout
        needed = re.findall(r"^\s*NEEDED\s+(\S+)", dump, re.M)
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env).stdout
        where = dict(re.findall(r"^\s*(\S+) => (/\S+|not found)", out, re.M))
        for name in needed:
            lib = where.get(name)
            if lib == "not found":
                missing.setdefault(name, str(path.relative_to(app_dir)))
            elif lib and bundle not in Path(lib).resolve().parents:
                libs.setdefault(lib, str(path.relative_to(app_dir)))
    for lib, user in sorted(missing.items()):
        print(f"build: note: {lib} (for {user}) is not installed here: not in Depends", flush=True)
    packages = set()
    for lib in sorted(libs):
        owner = None
        for candidate in dict.fromkeys([lib, str(Path(lib).resolve()),
                                        lib.replace("/lib/", "/usr/lib/", 1)]):
            got = subprocess.run(["dpkg-query", "-S", candidate], capture_output=True, text=True)
            if got.returncode == 0:
                owner = got.stdout.split(":", 1)[0].split(",")[0].strip()
                break
        if owner is None:
            raise SystemExit(f"build: {lib} (needed by {libs[lib]}) belongs to no Debian package")
        packages.add(owner)
    return sorted(packages)


def deb(app_dir: Path) -> Path:
    from icon import make_icons  # installer/icon.py (this script's folder is on sys.path)

    ver = version()
    arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()
    stage = BUILD / "deb" / f"{APP}_{ver}_{arch}"
    if stage.exists():
        shutil.rmtree(stage)
    shutil.copytree(app_dir, stage / "opt" / APP, symlinks=True)
    (stage / "usr" / "bin").mkdir(parents=True)
    launcher = stage / "usr" / "bin" / APP
    launcher.write_text(LAUNCHER, encoding="utf-8")
    launcher.chmod(0o755)
    apps = stage / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    (apps / f"{APP}.desktop").write_text(DESKTOP_ENTRY, encoding="utf-8")
    png, _ico = make_icons(BUILD / "icon")
    icons = stage / "usr" / "share" / "icons" / "hicolor" / "256x256" / "apps"
    icons.mkdir(parents=True)
    shutil.copy2(png, icons / f"{APP}.png")
    doc = stage / "usr" / "share" / "doc" / APP
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "window-client — 一件事一次办综合窗口 (赣州政务服务)\n\n"
        "Bundled third-party software keeps its own licence: Qt for Python (PySide6,\n"
        "LGPL-3.0), Python (PSF), and the Python packages in /opt/window-client/_internal\n"
        "(their licence files sit in their *.dist-info folders where shipped).\n"
        "WenQuanYi Micro Hei: /opt/window-client/_internal/resources/fonts/"
        "LICENSE-wqy-microhei.txt\n", encoding="utf-8")
    shutil.copy2(INSTALLER / "hall.json.example", doc / "hall.json.example")
    normalise_modes(stage)
    installed_kib = (size_of(stage) + 1023) // 1024
    found = system_packages(stage / "opt" / APP)
    depends = DEPENDS + [p for p in found if p not in DEPENDS]
    print(f"build: from ldd, the build also needs: {', '.join(p for p in found if p not in DEPENDS)}",
          flush=True)
    control = stage / "DEBIAN" / "control"
    control.parent.mkdir()
    control.write_text(
        f"Package: {APP}\n"
        f"Version: {ver}\n"
        f"Architecture: {arch}\n"
        "Maintainer: Ganzhou government service hall IT <window-client@localhost>\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {', '.join(depends)}\n"
        f"Recommends: {', '.join(r for r in RECOMMENDS if r not in depends)}\n"
        "Section: misc\n"
        "Priority: optional\n"
        "Description: 一件事一次办 comprehensive-window client\n"
        " The desktop program at the comprehensive window (综合窗口) of a government\n"
        " service hall: one-thing acceptance, materials, printed papers, issuance and\n"
        " offline-first sync with the platform. Self-contained build in /opt/window-client.\n",
        encoding="utf-8")
    for name, script in (("postinst", POSTINST), ("postrm", POSTRM)):
        (control.parent / name).write_text(script, encoding="utf-8")
        os.chmod(control.parent / name, 0o755)
    os.chmod(control.parent, 0o755)
    os.chmod(control, 0o644)
    out = DIST / f"{APP}_{ver}_{arch}.deb"
    run(["dpkg-deb", "--root-owner-group", "-Zxz", "--build", stage, out])
    return out


def inno_setup() -> Path | None:
    iscc = shutil.which("iscc") or next(
        (str(p) for p in (Path(os.environ.get(v, "")) / "Inno Setup 6" / "ISCC.exe"
                          for v in ("ProgramFiles(x86)", "ProgramFiles")) if p.is_file()), None)
    if iscc is None:
        print("build: Inno Setup (ISCC.exe) not found: no setup made", flush=True)
        return None
    run([iscc, f"/DAppVersion={version()}", INSTALLER / f"{APP}.iss"], cwd=INSTALLER)
    return DIST / f"{APP}-{version()}-setup.exe"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-installer", action="store_true",
                        help="only the PyInstaller build, no .deb / setup")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    args = parser.parse_args()

    # run inside the project's virtual environment (it has the app's dependencies)
    venv = venv_python()
    if venv.exists() and Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        return subprocess.call([str(venv), *sys.argv])
    sys.path.insert(0, str(INSTALLER))

    started = time.monotonic()
    ensure_pyinstaller()
    ensure_rapidocr()
    app_dir = pyinstaller(args.clean)
    made = [app_dir]
    if not args.no_installer:
        if WINDOWS:
            setup = inno_setup()
            made += [setup] if setup else []
        elif shutil.which("dpkg-deb"):
            if not shutil.which("objdump"):
                raise SystemExit("build: objdump missing (apt-get install binutils)")
            made.append(deb(app_dir))
        else:
            print("build: dpkg-deb not found: no .deb made", flush=True)
    print(f"\nbuild: done in {time.monotonic() - started:.0f} s")
    for path in made:
        print(f"  {path}  {human(size_of(path))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
