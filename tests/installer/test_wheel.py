"""The wheel is a package that deploys: built from the sources (pyproject.toml,
README.md, window_client/, resources/ — nothing else of the checkout), installed
into a new virtual environment without the system's or the checkout's packages,
its ``window-client`` passes ``--self-check`` offscreen with the bundled catalog
and fonts read from the installed package data.

The install fetches the dependencies (PySide6, numpy, ...) through pip, from its
cache when the project's venv was made on this machine (about 45 s in all: build
4 s, install 35 s, self-check 2 s), else from the index (minutes)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WINDOWS = sys.platform == "win32"
# what the wheel is built from: the rest of the checkout must not be needed
SOURCES = ("pyproject.toml", "README.md", "window_client", "resources")


def _setuptools_config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]


def test_the_wheel_lists_every_runtime_package_and_maps_resources():
    """pyproject.toml lists the packages (a find cannot map resources/ into the
    package): every folder of window_client with Python modules is listed, except
    window_client.devtools, which is never shipped."""
    config = _setuptools_config()
    on_disk = {
        ".".join(p.relative_to(ROOT).parts)
        for p in (ROOT / "window_client").rglob("*")
        if p.is_dir() and "__pycache__" not in p.parts and any(p.glob("*.py"))
    } | {"window_client"}
    shipped = {p for p in on_disk
               if not p.startswith(("window_client.devtools", "window_client.qt.devtools"))}
    assert set(config["packages"]) == shipped | {"window_client._resources"}
    assert config["package-dir"] == {"window_client._resources": "resources"}
    assert (ROOT / "window_client" / "devtools").is_dir()  # the part that stays out


def _venv_bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if WINDOWS else "bin") / (f"{name}.exe" if WINDOWS else name)


def _clean_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", WINDOW_CLIENT_HOME=str(home),
               PYTHONDONTWRITEBYTECODE="1")
    return env


@pytest.mark.slow
def test_a_built_wheel_installed_in_a_new_venv_passes_the_self_check(tmp_path,
                                                                     secret_service_env):
    times: dict[str, float] = {}
    src = tmp_path / "src"
    src.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(ROOT / name, src / name)

    start = time.monotonic()
    dist = tmp_path / "dist"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps",
                            "-q", "-w", str(dist)], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-3000:]
    times["wheel"] = time.monotonic() - start
    (wheel,) = dist.glob("window_client-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for data in ("window_client/_resources/fonts/wqy-microhei.ttc",
                 "window_client/_resources/fonts/LICENSE-wqy-microhei.txt",
                 "window_client/_resources/catalog/pinyin.json",
                 "window_client/_resources/calendar/holidays.json",
                 "window_client/_resources/theme/window.qss",
                 "window_client/store/migrations/script.py.mako",
                 "window_client/app_main.py", "window_client/resources.py"):
        assert data in names, data
    assert not [n for n in names if "devtools" in n or n.startswith(("tests/", "platform_sandbox/"))]

    start = time.monotonic()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = _venv_bin(venv, "python")
    cwd = tmp_path / "elsewhere"  # not the checkout: nothing of it may be importable
    cwd.mkdir()
    home = tmp_path / "home"
    env = _clean_env(home) | secret_service_env   # the test's real Secret Service
    installed = subprocess.run([str(python), "-m", "pip", "install", "-q",
                                "--disable-pip-version-check", str(wheel)],
                               cwd=cwd, env=env, capture_output=True, text=True, timeout=1200)
    assert installed.returncode == 0, installed.stderr[-3000:]
    times["install"] = time.monotonic() - start

    probe = subprocess.run(
        [str(python), "-c",
         "import sys, window_client, window_client.resources as r\n"
         "print(window_client.__file__)\nprint(r.resources_dir())\n"
         "print('\\n'.join(p for p in sys.path if p))\n"
         "import importlib.util as u\n"
         "print('sandbox', u.find_spec('platform_sandbox'), 'devtools', "
         "u.find_spec('window_client.devtools'))"],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert probe.returncode == 0, probe.stderr
    lines = probe.stdout.splitlines()
    package, resources, paths, last = Path(lines[0]), Path(lines[1]), lines[2:-1], lines[-1]
    assert venv.resolve() in package.resolve().parents
    assert resources.resolve() == package.resolve().parent / "_resources"
    assert (resources / "fonts" / "wqy-microhei.ttc").is_file()
    root = str(ROOT.resolve())
    assert not [p for p in paths if str(Path(p).resolve()).startswith(root)], paths
    assert last == "sandbox None devtools None"

    app = _venv_bin(venv, "window-client")
    # IT's step at install: the recovery passphrase sets the data key (README)
    init = subprocess.run([str(app), "cli", "security", "init", "--stdin"], cwd=cwd, env=env,
                          input="hall-IT 2026 recovery\n", capture_output=True, text=True,
                          timeout=300)
    assert init.returncode == 0, init.stdout + init.stderr[-3000:]
    start = time.monotonic()
    check = subprocess.run([str(app), "--self-check"], cwd=cwd, env=env, capture_output=True,
                           text=True, timeout=300)
    times["self-check"] = time.monotonic() - start
    report = check.stdout
    assert check.returncode == 0, report + check.stderr[-3000:]
    assert "自检通过" in report
    assert "[正常] 一件事目录:共" in report          # the bundled catalog, from _resources
    assert "[正常] 打印字体:" in report              # reportlab loads the bundled font
    assert "[正常] 界面字体:" in report and "WenQuanYi Micro Hei" in report
    assert (home / "data").exists() or any(home.iterdir())  # the profile went to WINDOW_CLIENT_HOME

    version = subprocess.run([str(app), "--version"], cwd=cwd, env=env, capture_output=True,
                             text=True, timeout=120)
    assert version.returncode == 0 and version.stdout.startswith("window-client ")
    catalog = subprocess.run([str(app), "cli", "catalog"], cwd=cwd, env=env,
                             capture_output=True, text=True, timeout=120)
    assert catalog.returncode == 0, catalog.stderr[-2000:]
    assert "新生儿出生" in catalog.stdout
    assert _venv_bin(venv, "window-client-gui").exists()
    print("wheel test times:", ", ".join(f"{k} {v:.0f}s" for k, v in times.items()))


def test_the_windows_setup_speaks_chinese_only():
    """The Inno Setup script takes ChineseSimplified messages from one of three places
    and refuses to build otherwise (it used to fall back to English). ISCC is not
    available here: the script's [Languages] section is read."""
    import re
    script = (Path(__file__).resolve().parents[2] / "installer" / "window-client.iss") \
        .read_text(encoding="utf-8")
    section = script.split("[Languages]", 1)[1].split("\n[", 1)[0]
    entries = re.findall(r'^Name:\s*"(\w+)";\s*MessagesFile:\s*"([^"]+)"', section, re.M)
    assert entries and {name for name, _ in entries} == {"chs"}
    assert all(f.endswith("ChineseSimplified.isl") for _, f in entries)
    assert "Default.isl" not in section and "#error" in section
    custom = script.split("[CustomMessages]", 1)[1].split("\n[", 1)[0]
    assert all(re.search(r"[\u4e00-\u9fff]", line) for line in custom.strip().splitlines()
               if line.strip())   # blank lines only group the messages


def test_the_dev_extra_pins_the_pyinstaller_the_build_installs():
    """setup installs PyInstaller with the dev extra (tests ask its hooks what a build
    ships, in any order); the build installs the same range when it is missing."""
    dev = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"]["optional-dependencies"]["dev"]
    build = (ROOT / "installer" / "build.py").read_text(encoding="utf-8")
    [pin] = [d for d in dev if d.lower().startswith("pyinstaller")]
    assert f'PYINSTALLER_REQ = "{pin}"' in build
