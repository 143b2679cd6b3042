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
    from tests.shipped import shipped_catalog
    return shipped_catalog()


@pytest.fixture
def catalog_dir(tmp_path):
    """A copy of the shipped catalog folder for a test to edit."""
    import shutil
    from window_client.catalog.loader import CATALOG_DIR
    target = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, target)
    return target


@pytest.fixture(scope="session", autouse=True)
def sane_test_backend(tmp_path_factory):
    """SANE's test backend only, for every test of this process (tests/sane_backend.py):
    set before any test can call sane_init, since libsane reads the folder once."""
    from tests.sane_backend import install
    return install(tmp_path_factory.mktemp("sane.d"))


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    """No test touches the real user directories, nor the machine's (the hall
    profile, the shared provisional numbers)."""
    monkeypatch.setenv("WINDOW_CLIENT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("WINDOW_CLIENT_SITE", str(tmp_path / "site"))


# a real Secret Service (gnome-keyring on a private D-Bus bus): tests/secret_service.py
from tests.secret_service import (_secret_service_daemon, installed_key,  # noqa: E402,F401
                                  no_keyring,
                                  secret_service, secret_service_env)

# a real CUPS (a private cupsd with cups-pdf queues): tests/cups_server.py
from tests.cups_server import _cups_daemon, cups_server  # noqa: E402,F401
