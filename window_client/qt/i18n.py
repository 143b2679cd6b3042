"""Qt's own Chinese: the translations of Qt's standard texts (dialog buttons, the
context menu of a text field, file dialogs, the print preview), so that nothing a
clerk sees in a standard Qt dialog stays English.

The app's own strings are Chinese in the source (``tr()`` with literal text, so
that ``pyside6-lupdate`` extracts them into resources/i18n/window_client_zh_CN.ts);
only Qt's strings need a translator at run time."""

from __future__ import annotations

import logging
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

logger = logging.getLogger(__name__)

LOCALE = "zh_CN"
#: Qt's catalogs the app needs: qtbase holds QtCore, QtGui, QtWidgets and QtPrintSupport
QT_CATALOGS = ("qtbase",)


def translation_dirs() -> list[Path]:
    """Where Qt's .qm files may be, best first: what Qt itself reports (the wheel's
    Qt/translations; in the PyInstaller build the runtime hook's embedded qt.conf
    points it at _internal/PySide6/Qt/translations), then the wheel layouts beside
    the PySide6 package (Linux/macOS: PySide6/Qt/translations, Windows:
    PySide6/translations) in case a build has no qt.conf."""
    package = Path(PySide6.__file__).resolve().parent
    candidates = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
                  package / "Qt" / "translations", package / "translations"]
    out: list[Path] = []
    for path in candidates:
        if path not in out:
            out.append(path)
    return out


def install_qt_translations(app: QCoreApplication) -> list[str]:
    """Installs Qt's zh_CN translators on ``app`` (kept alive as its children) and
    returns the files loaded. A missing catalog is logged, not fatal: the window
    still works, with Qt's standard texts in English."""
    loaded = []
    for catalog in QT_CATALOGS:
        translator = QTranslator(app)
        name = f"{catalog}_{LOCALE}"
        for folder in translation_dirs():
            if translator.load(name, str(folder)):
                QCoreApplication.installTranslator(translator)
                loaded.append(translator.filePath() or str(folder / f"{name}.qm"))
                break
        else:
            translator.deleteLater()
            logger.warning("Qt translation %s not found in %s", name,
                           ", ".join(str(p) for p in translation_dirs()))
    return loaded
