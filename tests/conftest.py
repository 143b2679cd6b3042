import os
import sys
from pathlib import Path

# before any Qt import: tests never need a display
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def catalog():
    from window_client.catalog.loader import load_catalog
    return load_catalog()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """No test touches the real user directories."""
    monkeypatch.setenv("WINDOW_CLIENT_HOME", str(tmp_path / "home"))
