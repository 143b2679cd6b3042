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


def _imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at any depth (imports inside functions too),
    relative imports resolved."""
    import ast
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def _shipped_qt_files() -> list[Path]:
    return [p for p in (ROOT / "window_client" / "qt").rglob("*.py")
            if "devtools" not in p.parts]   # the Qt benches seed stores; never shipped


def test_no_qt_module_touches_the_store_the_sync_or_the_platform():
    """Views get services by constructor (window_client/wiring.py builds them); no
    qt module imports a repository, the SyncEngine or the platform client."""
    below = ("window_client.store", "window_client.sync", "window_client.platform")
    offenders = sorted(f"{p.relative_to(ROOT)}: {m}" for p in _shipped_qt_files()
                       for m in _imported_modules(p)
                       if any(m == b or m.startswith(b + ".") for b in below))
    assert offenders == []


def test_the_core_imports_nothing_above_it():
    above = ("window_client.store", "window_client.sync", "window_client.platform",
             "window_client.services", "window_client.qt", "window_client.wiring")
    offenders = sorted(f"{p.relative_to(ROOT)}: {m}"
                       for p in (ROOT / "window_client" / "core").rglob("*.py")
                       for m in _imported_modules(p)
                       if any(m == a or m.startswith(a + ".") for a in above))
    assert offenders == []


def test_one_composition_root_builds_the_engine_and_the_clients():
    """make_sync_engine and PlatformClient(...) are called in wiring.py only (the
    services' look-up client copies the sync's settings and tokens); the entry points
    (app_main, cli, qt/app) build through it."""
    import re
    calls = re.compile(r"\b(make_sync_engine|SyncEngine|PlatformClient|SignInService)\(")
    allowed = {"window_client/wiring.py", "window_client/sync/engine.py",
               "window_client/services/sync.py"}
    offenders = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "window_client").rglob("*.py")
                       if "devtools" not in p.parts and str(p.relative_to(ROOT)) not in allowed
                       and calls.search(p.read_text(encoding="utf-8")))
    assert offenders == []
    for entry in ("window_client/app_main.py", "window_client/cli.py", "window_client/qt/app.py"):
        assert "window_client.wiring" in _imported_modules(ROOT / entry), entry
