"""Composition root: logging, settings, database, catalog, QApplication and the
main window, passed down by constructor. No module-level singletons."""

from __future__ import annotations

import logging
import logging.handlers
import sys

from window_client.catalog.loader import CATALOG_DIR, CatalogError, load_catalog
from window_client.core.workdays import WorkCalendar
from window_client.settings import Paths, load_settings
from window_client.store.accounts import ClerkAccounts
from window_client.store.db import open_database
from window_client.store.repository import CaseRepository


def configure_logging(paths: Paths) -> None:
    paths.log_dir.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(
        paths.log_dir / "window-client.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(handler)


def main(argv: list[str]) -> int:
    if len(argv) > 1 and argv[1] == "--version":
        from window_client import __version__
        print(f"window-client {__version__}")
        return 0
    paths = Paths.default()
    configure_logging(paths)
    log = logging.getLogger("main")
    settings = load_settings(paths.settings_file)
    try:
        catalog = load_catalog()
    except CatalogError as exc:
        print(exc, file=sys.stderr)
        log.error("catalog refused: %s", exc)
        return 3
    engine = open_database(paths.database)
    cases = CaseRepository(engine)
    calendar = WorkCalendar.from_file(CATALOG_DIR.parent / "calendar" / "holidays.json")
    log.info("started: catalog %s, %d cases in store", catalog.version, cases.count())

    from window_client.qt.app import run
    from window_client.qt.main_window import Services

    services = Services(catalog=catalog, settings=settings, cases=cases, calendar=calendar,
                        files_dir=paths.data_dir / "materials")
    return run(argv, services, ClerkAccounts(engine))


if __name__ == "__main__":
    sys.exit(main(sys.argv))
