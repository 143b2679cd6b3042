"""Writes one PNG per screen of the real app to docs/screenshots/ (offscreen).

    .venv/bin/python tools/screenshots.py [OUT_DIR]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication  # noqa: E402

from window_client.catalog.loader import CATALOG_DIR, load_catalog  # noqa: E402
from window_client.core.workdays import WorkCalendar  # noqa: E402
from window_client.qt.main_window import MainWindow  # noqa: E402
from window_client.settings import Settings  # noqa: E402


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv)
    window = MainWindow(load_catalog(), Settings(),
                        WorkCalendar.from_file(CATALOG_DIR.parent / "calendar" / "holidays.json"))
    window.resize(1440, 900)
    window.show()
    window.catalog_table.selectRow(0)
    app.processEvents()
    window.grab().save(str(out / "01_catalog_configured.png"))
    window.catalog_table.selectRow(87)
    app.processEvents()
    window.grab().save(str(out / "02_catalog_unconfigured.png"))
    print(f"screenshots written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
