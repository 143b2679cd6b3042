"""Starting the Qt application: theme, sign-in, main window; signing out returns
to the sign-in dialog."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog

from window_client.services.sign_in import SignInResult
from window_client.wiring import Wiring

from .errors import install_excepthook
from .i18n import install_qt_translations
from .main_window import MainWindow
from .sign_in_dialog import SignInDialog
from .single_instance import SingleInstance, bring_forward
from .storage_dialogs import MaintenanceTimer
from .theme import apply_theme

logger = logging.getLogger(__name__)


def make_application(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    if existing is not None and existing.property("window_client_ready"):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = existing or QApplication(argv)
    app.setProperty("window_client_ready", True)
    app.setApplicationName("window-client")
    # before any widget: standard buttons take their text when they are made
    translations = install_qt_translations(app)
    logger.info("Qt translations: %s", ", ".join(translations) or "none")
    app.setApplicationDisplayName(QCoreApplication.translate("Application", "一件事一次办 综合窗口"))
    families = apply_theme(app)
    logger.info("UI fonts: %s", ", ".join(families))
    return app


def run(argv: list[str], wiring: Wiring, *, instance: SingleInstance | None = None) -> int:
    """Sign-in, then the clerk's main window, built from ``wiring`` (the one
    composition root); signing out comes back to sign-in. ``instance``: the
    single-instance guard (a second start brings the window forward)."""
    app = make_application(argv)
    install_excepthook(QApplication.activeWindow)
    if instance is not None:
        instance.activation_requested.connect(bring_forward)
    maintenance_timer = MaintenanceTimer(wiring.maintenance(), QApplication.activeWindow)
    maintenance_timer.run_now()   # the backup is due at the first start of a day
    sign_in = wiring.sign_in_service()
    result: SignInResult | None = None   # set: another clerk signed in at the lock screen
    while True:
        if result is None:
            dialog = SignInDialog(sign_in, wiring.settings.hall_name)
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_info is None:
                return 0
            result = dialog.result_info
        clerk = result.clerk
        window = MainWindow(wiring.after_sign_in(result, sign_in))
        if result.message:
            window.statusBar().showMessage(result.message, 15000)
        signed_out = []
        switched: list[SignInResult] = []

        def sign_out() -> None:
            signed_out.append(True)  # noqa: B023 - called in this iteration's app.exec()
            sign_in.sign_out(clerk)  # noqa: B023 - also removes the platform refresh token
            window.close()  # noqa: B023 - called in this iteration's app.exec()

        def switch(new: SignInResult) -> None:
            # the first clerk's draft is saved and the clerk signed out (MainWindow,
            # SignInService.switch_clerk); the new clerk's window is built afresh
            switched.append(new)  # noqa: B023 - called in this iteration's app.exec()
            window.close()  # noqa: B023 - called in this iteration's app.exec()

        window.sign_out_requested.connect(sign_out)
        window.clerk_switched.connect(switch)
        window.show()
        window.start_sync()
        window.offer_resume()
        app.exec()
        if not signed_out and not switched:
            sign_in.window_closed(clerk)
            return 0
        result = switched[0] if switched else None
        window.deleteLater()
        app.processEvents()
        if not sys.flags.interactive:
            continue
