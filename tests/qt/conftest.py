import pytest

from window_client.core.roles import Clerk
from window_client.qt.main_window import MainWindow

from .helpers import make_wiring


@pytest.fixture
def wiring(tmp_path, catalog):
    """The app's composition root on a fresh store (no platform)."""
    return make_wiring(tmp_path, catalog)


@pytest.fixture
def clerk():
    return Clerk("wangli", "王丽", "clerk")


@pytest.fixture
def main_window(qtbot, wiring, clerk):
    window = MainWindow(wiring.for_clerk(clerk))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window
