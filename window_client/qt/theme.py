"""Look: the CJK font (a system font when there is one, else the bundled
WenQuanYi Micro Hei) and the QSS theme from resources/theme."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from window_client.resources import resource

logger = logging.getLogger(__name__)

BUNDLED_FONT = resource("fonts", "wqy-microhei.ttc")
# preferred system families, in order: Windows, UOS/Kylin/Debian, macOS
PREFERRED = ("Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
             "PingFang SC", "SimHei")


def resolve_cjk_families() -> list[str]:
    """Font families for the UI: the preferred ones present, then the bundled one."""
    available = set(QFontDatabase.families())
    families = [f for f in PREFERRED if f in available]
    bundled = QFontDatabase.addApplicationFont(str(BUNDLED_FONT))
    if bundled >= 0:
        for fam in QFontDatabase.applicationFontFamilies(bundled):
            if fam not in families:
                families.append(fam)
    else:
        logger.warning("bundled CJK font could not be loaded from %s", BUNDLED_FONT)
    return families


def apply_theme(app: QApplication) -> list[str]:
    families = resolve_cjk_families()
    font = QFont()
    font.setFamilies(families)
    font.setPointSize(13)
    app.setFont(font)
    app.setStyleSheet(resource("theme", "window.qss").read_text(encoding="utf-8"))
    return families
