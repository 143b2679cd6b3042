"""The core imports no Qt, no SQLAlchemy, no requests; nothing but window_client.qt
imports PySide6. Checked in a fresh interpreter, where sys.modules tells the truth."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _modules(package: str) -> list[str]:
    base = ROOT / package.replace(".", "/")
    return sorted(
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for p in base.rglob("*.py")
        if "migrations" not in p.parts and p.name != "__main__.py")


def _loaded_after_import(modules: list[str]) -> set[str]:
    code = ("import sys\n" + "".join(f"import {m}\n" for m in modules)
            + "print('\\n'.join(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    return {line.split(".")[0] for line in out.splitlines()}


def test_core_imports_no_qt_sqlalchemy_or_requests():
    loaded = _loaded_after_import(_modules("window_client.core"))
    assert not loaded & {"PySide6", "shiboken6", "sqlalchemy", "requests"}




def test_services_do_not_import_qt():
    modules = [m for m in _modules("window_client")
               if not m.startswith("window_client.qt")]
    loaded = _loaded_after_import(modules)
    assert "PySide6" not in loaded and "shiboken6" not in loaded


def test_only_the_qt_package_imports_pyside6():
    import re
    imports = re.compile(r"^\s*(from|import)\s+PySide6", re.MULTILINE)
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "window_client").rglob("*.py")
                 if imports.search(p.read_text(encoding="utf-8"))
                 and "qt" not in p.relative_to(ROOT / "window_client").parts[:1]]
    assert offenders == []  # the Qt benches live in window_client/qt/devtools


def test_nothing_that_ships_imports_the_devtools():
    """window_client.devtools (benchmarks, sample generators) is left out of the wheel
    and the PyInstaller build: no other module may import it."""
    import re
    imports = re.compile(r"^\s*(from|import)\s+window_client\.devtools|"
                         r"^\s*from\s+window_client\s+import\s+devtools", re.MULTILINE)
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "window_client").rglob("*.py")
                 if "devtools" not in p.relative_to(ROOT).parts
                 and imports.search(p.read_text(encoding="utf-8"))]
    offenders += [str(p.relative_to(ROOT)) for p in (ROOT / "main.py",)
                  if imports.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
