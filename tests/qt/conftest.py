import pytest

from window_client.core.workdays import WorkCalendar
from window_client.qt.main_window import MainWindow, Services
from window_client.settings import Settings
from window_client.store.accounts import Clerk
from window_client.store.db import open_database
from window_client.store.repository import CaseRepository


@pytest.fixture
def services(tmp_path, catalog):
    cases = CaseRepository(open_database(tmp_path / "window.sqlite3"))
    return Services(catalog=catalog, settings=Settings(), cases=cases,
                    calendar=WorkCalendar(), files_dir=tmp_path / "materials")


@pytest.fixture
def clerk():
    return Clerk("wangli", "王丽", "clerk")


@pytest.fixture
def main_window(qtbot, services, clerk):
    window = MainWindow(services, clerk)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window
