"""Starting the Qt application: theme, sign-in, main window; signing out returns
to the sign-in dialog."""

from __future__ import annotations

import logging
import sys
from dataclasses import replace

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog

from window_client.services.sign_in import SignInService
from window_client.services.snapshots import Snapshots
from window_client.store.accounts import ClerkAccounts
from window_client.store.maintenance import Maintenance
from window_client.sync.engine import make_sync_engine

from .errors import install_excepthook
from .i18n import install_qt_translations
from .main_window import MainWindow, Services
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


def run(argv: list[str], services: Services, accounts: ClerkAccounts,
        sign_in: SignInService | None = None, *, instance: SingleInstance | None = None,
        maintenance: Maintenance | None = None) -> int:
    """``sign_in`` None: no platform, local accounts only. ``instance``: the
    single-instance guard (a second start brings the window forward).
    ``maintenance``: the daily check and backup, run off the UI thread."""
    app = make_application(argv)
    install_excepthook(QApplication.activeWindow)
    if instance is not None:
        instance.activation_requested.connect(bring_forward)
    maintenance_timer = MaintenanceTimer(maintenance, QApplication.activeWindow) \
        if maintenance is not None else None
    if maintenance_timer is not None:
        maintenance_timer.run_now()   # the backup is due at the first start of a day
    while True:
        dialog = SignInDialog(accounts, services.settings.hall_name,
                              sign_in.sign_in if sign_in else None)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.clerk is None:
            return 0
        clerk = dialog.clerk
        session_services = services
        if sign_in is not None and services.sync is not None:
            client = sign_in.client if dialog.result_info and dialog.result_info.online \
                else sign_in.client_factory()
            if dialog.result_info and dialog.result_info.online:
                services.sync.set_state("sync_user", clerk.username)
            session_services = replace(services, sync_engine=make_sync_engine(
                services.catalog, services.cases, services.sync, client,
                catalogs=services.catalogs, calendar_file=services.calendar_file,
                retention_days=services.settings.material_retention_days,
                issuance=services.issuance,
                snapshots=Snapshots(services.catalog, services.cases, services.calendar,
                                    catalog_versions=services.catalogs.get
                                    if services.catalogs else None)))
        window = MainWindow(session_services, clerk)
        if dialog.result_info and dialog.result_info.message:
            window.statusBar().showMessage(dialog.result_info.message, 15000)
        signed_out = []

        def sign_out() -> None:
            signed_out.append(True)  # noqa: B023 - called in this iteration's app.exec()
            if sign_in is not None:  # also removes the platform refresh token
                sign_in.sign_out(clerk)  # noqa: B023 - called in this iteration's app.exec()
            else:
                accounts.sign_out(clerk)  # noqa: B023 - called in this iteration's app.exec()
            window.close()  # noqa: B023 - called in this iteration's app.exec()

        window.sign_out_requested.connect(sign_out)
        window.show()
        window.start_sync()
        window.offer_resume()
        app.exec()
        if not signed_out:
            accounts.sign_out(clerk)
            return 0
        window.deleteLater()
        app.processEvents()
        if not sys.flags.interactive:
            continue
