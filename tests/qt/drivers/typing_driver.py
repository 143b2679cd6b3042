"""Runs the real main window on a real database and types a newborn case field by
field, printing each saved draft revision; the test kills it with SIGKILL."""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from tests.qt.helpers import sample_value, type_text, valid_id  # noqa: E402
from window_client.catalog.loader import load_catalog  # noqa: E402
from window_client.core.workdays import WorkCalendar  # noqa: E402
from window_client.qt.main_window import MainWindow  # noqa: E402
from window_client.settings import Paths, Settings  # noqa: E402
from window_client.core.roles import Clerk  # noqa: E402
from window_client.store.db import open_database  # noqa: E402
from window_client.wiring import Wiring  # noqa: E402


def main() -> None:
    app = QApplication(sys.argv)
    paths = Paths.default()
    wiring = Wiring(paths, Settings(), load_catalog(), open_database(paths.database),
                    calendar=WorkCalendar(), has_platform=False)
    window = MainWindow(wiring.for_clerk(Clerk("wangli", "王丽", "clerk")))
    window.show()
    w = window.acceptance
    w.draft_saved.connect(lambda rev: print("SAVED", rev, flush=True))
    w.start_case("newborn")
    print("CASE", w.session.case.id, flush=True)
    w.go_next()
    editors = w.pages["applicant"].editors
    type_text(editors["applicant.name"].line, "李娜")
    type_text(editors["applicant.id_number"].line, valid_id("36070219920815004"))
    type_text(editors["contact.mobile"].line, "13907971234")
    w.go_next()
    w.go_next()
    form = w.pages["form"]
    for key, editor in form.editors.items():
        if editor.line is None or w.session.state.values.get(key):
            continue
        type_text(editor.line, sample_value(editor.entry))
        print("TYPED", key, flush=True)
        QTest.qWait(450)  # past the save delay: the draft is on disk now
    print("DONE", flush=True)
    while True:
        QTest.qWait(1000)
        app.processEvents()


if __name__ == "__main__":
    main()
