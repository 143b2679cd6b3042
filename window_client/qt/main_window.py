"""The main window: a header with the hall, the window, the signed-in clerk and the
platform state, and the sections 受理 (accept a case), 办件 (cases), 出件 (issuance,
when the role issues), 设备, 同步 (when a platform is configured) and 管理 (which
one-things this hall offers, administrators only)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QApplication, QDialog, QHBoxLayout, QLabel, QMainWindow,
                               QMessageBox, QPushButton, QStackedWidget, QTabWidget,
                               QToolTip, QVBoxLayout, QWidget)
from shiboken6 import isValid

from window_client.core.idle_lock import IdleLock
from window_client.core.records import CaseRecord
from window_client.core.roles import AccountError, Permission
from window_client.services.sync import SyncOverview, SyncReport
from window_client.wiring import WindowServices

from .acceptance_widget import AcceptanceWidget
from .admin_view import AdminView
from .audit_view import AuditLogView
from .supervision_view import SupervisionView
from .cases_view import CasesView
from .db_executor import DbExecutor
from .device_settings import DeviceSettingsView
from .evaluation_dialog import EvaluationDialog
from .idle_lock import CHECK_MS, IdleWatch, LockScreen
from .printing import PrintService
from .issuance_view import IssuanceView
from .store_events import StoreEvents, refresh_when_shown
from .sync_view import SyncView
from .sync_worker import SyncWorker


def _document_camera(settings):
    """The configured 高拍仪 for a pages dialog, or None (Qt Multimedia is loaded
    when a material's pages are first opened, not at start)."""
    from .camera import make_camera_source
    return make_camera_source(settings.camera_device, settings.camera_resolution)


class MainWindow(QMainWindow):
    sign_out_requested = Signal()
    clerk_switched = Signal(object)   # SignInResult: another clerk signed in at the lock

    def __init__(self, services: WindowServices, parent: QWidget | None = None, *,
                 clock: Callable[[], float] = time.monotonic,
                 lock_check_ms: int = CHECK_MS) -> None:
        """``clock``: the idle lock's monotonic clock in seconds (tests pass their
        own); the lock is on when ``services.sign_in`` is given."""
        super().__init__(parent)
        self.services = services
        self.clerk = clerk = services.clerk
        s = services.settings
        self.setWindowTitle(self.tr("一件事一次办 综合窗口 — %1 %2")
                            .replace("%1", s.hall_name).replace("%2", s.window_label))
        self.resize(1440, 900)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        self.header_label = QLabel(
            self.tr("%1 · %2 · 窗口人员:%3(%4)")
            .replace("%1", s.hall_name).replace("%2", s.window_label)
            .replace("%3", clerk.display_name).replace("%4", clerk.role_label))
        self.header_label.setObjectName("header_label")
        header.addWidget(self.header_label, 1)
        self.platform_label = QLabel(self.tr("平台:正在连接…") if services.sync is not None
                                     else self.tr("平台:未配置(仅本机账号)"))
        self.platform_label.setObjectName("header_label")
        header.addWidget(self.platform_label)
        self.sign_out_button = QPushButton(self.tr("退出登录"))
        self.sign_out_button.setObjectName("sign_out_button")
        self.sign_out_button.clicked.connect(self.sign_out_requested.emit)
        header.addWidget(self.sign_out_button)
        self.lock_button: QPushButton | None = None
        if services.sign_in is not None:
            self.lock_button = QPushButton(self.tr("锁屏 (Ctrl+L)"))
            self.lock_button.setObjectName("lock_button")
            self.lock_button.clicked.connect(self.lock_by_hand)
            header.insertWidget(header.count() - 1, self.lock_button)
        layout.addLayout(header)
        self.tabs = QTabWidget()
        # the one store thread (the case list's queries, draft saves) and the change
        # notifications the views refresh from
        self.store = DbExecutor(self)
        self.events = StoreEvents(self)
        self._last_report: SyncReport | None = None
        self._online: bool | None = None   # the latest word from the platform: a sync or a look-up
        self.acceptance = AcceptanceWidget(
            services.catalog, services.new_session, lookup=services.lookup,
            read_card=services.read_card, executor=self.store, events=self.events,
            enabled=services.catalog.enabled_ids(s.disabled_one_things))
        self.acceptance.set_usage(self.store.call(services.cases.usage_counts))
        self.acceptance.pages["materials"].hot_folder = s.hot_folder
        self.acceptance.pages["materials"].scanner_device = s.scanner_device
        self.acceptance.pages["materials"].camera_source = lambda: _document_camera(s)
        supervision = services.supervision
        audit = services.audit
        self.cases_view = CasesView(services.cases, services.catalog, executor=self.store,
                                    events=self.events, supervision=supervision,
                                    calendar=supervision.calendar if supervision else None,
                                    audit=audit)
        self.tabs.addTab(self.acceptance, self.tr("受理"))
        self.tabs.addTab(self.cases_view, self.tr("办件"))
        self.issuance_view: IssuanceView | None = None
        if services.may(Permission.ISSUE):   # the service checks it too
            self.issuance_view = IssuanceView(services.issuance, services.catalog,
                                              read_card=services.read_collector_card)
            refresh_when_shown(self.issuance_view, self.issuance_view.refresh_queue,
                               self.events.cases_changed)
            self.tabs.addTab(self.issuance_view, self.tr("出件"))
            self.issuance_view.handed_over.connect(
                lambda case_id, _rec: self.ask_evaluation(case_id, "issuance"))
        # everyone sees the devices; only a role with Permission.MANAGE_DEVICES changes them
        self.device_settings = DeviceSettingsView(services.administration)
        self.tabs.addTab(self.device_settings, self.tr("设备"))
        self.evaluation_dialog: EvaluationDialog | None = None
        docs = services.documents
        self.documents = docs

        def log_print(ref: str, kind: str, target: str, outcome: str,
                      job_id: int | None) -> bool:
            reprint = docs.log_print(ref, kind, target=target, clerk=clerk.username,
                                     outcome=outcome, job_id=job_id)
            if audit is not None and outcome in ("printed", "sent", "saved"):
                audit.printed(kind, ref, target, reprint=reprint)   # print / reprint
            return reprint

        self.printer = PrintService(
            {"receipt": s.printer_receipt, "notice": s.printer_notice,
             "slip_a4": s.printer_slip, "slip_80mm": s.printer_slip,
             "handover": s.printer_handover, "guide": s.printer_notice},
            silent_kinds=frozenset({"slip_a4", "slip_80mm"} if s.silent_slip else ()),
            log_print=log_print, printed_before=docs.printed_before,
            job_finished=docs.print_job_finished, parent=self)
        self.cases_view.print_requested.connect(
            lambda kind, case_id: self.print_case(case_id, [kind]))
        if self.issuance_view is not None:
            self.issuance_view.print_requested.connect(self.print_handover)
        self.acceptance.guide_print_requested.connect(self.print_guide)
        self.sync_view: SyncView | None = None
        self.worker: SyncWorker | None = None
        if services.sync is not None:
            self.sync_view = SyncView(services.sync, executor=self.store)
            self.tabs.addTab(self.sync_view, self.tr("同步"))
            self.sync_view.open_case.connect(self.cases_view.open_details)
            if audit is not None:
                self.sync_view.exported.connect(lambda folder, numbers: self.store.submit(
                    lambda: audit.exported("outbox", folder, provisional_nos=numbers)))
            self.worker = SyncWorker(services.sync.run_once, s.sync_interval_s, self,
                                     events=self.events)
            self.sync_view.sync_requested.connect(self.worker.trigger)
            # the sync section first, so the header counts its unread notifications
            self.events.sync_finished.connect(self.sync_view.refresh)
            refresh_when_shown(self.sync_view, self.sync_view.refresh, self.events.cases_changed)
            self.events.sync_finished.connect(self._show_platform_state)
            refresh_when_shown(self.platform_label, self._show_platform_state,
                               self.events.cases_changed)
        self.supervision_view: SupervisionView | None = None
        self.board_reader: DbExecutor | None = None
        if supervision is not None and supervision.may_supervise:   # the role allows it
            # the board reads its facts on a connection and a thread of its own (a
            # snapshot that never holds the write lock), so the seconds a big store
            # takes never queue a draft save behind it
            self.board_reader = DbExecutor(self)
            self.supervision_view = SupervisionView(supervision, services.catalog,
                                                    executor=self.board_reader,
                                                    events=self.events)
            self.tabs.addTab(self.supervision_view, self.tr("效能看板"))
            if audit is not None:
                self.supervision_view.board.exported.connect(lambda fmt, path: self.store.submit(
                    lambda: audit.exported(f"board_{fmt}", path)))
        self.audit_view: AuditLogView | None = None
        if audit is not None and audit.may_export:   # hall managers (services/audit.py)
            self.audit_view = AuditLogView(audit, executor=self.store)
            self.tabs.addTab(self.audit_view, self.tr("审计日志"))
        self.admin_view: AdminView | None = None
        if services.administer:   # the role allows it (wiring asked core.roles)
            self.admin_view = AdminView(services.catalog, services.administration,
                                        services.backups)
            self.admin_view.enabled_changed.connect(self.acceptance.set_enabled)
            # a restored database is opened again at the next sign-in
            self.admin_view.restored.connect(lambda _outcome: self.sign_out_requested.emit())
            self.tabs.addTab(self.admin_view, self.tr("管理"))
        layout.addWidget(self.tabs, 1)
        # locked, the stack shows the lock screen and hides the contents (hidden
        # widgets are neither painted nor grabbed; everything typed stays in them)
        self.screens = QStackedWidget()
        self.screens.addWidget(central)
        self.contents = central
        self.setCentralWidget(self.screens)
        self.lock_screen: LockScreen | None = None
        self.idle: IdleLock | None = None
        self.idle_watch: IdleWatch | None = None
        self._held_back: list[QWidget] = []   # the dialogs hidden while locked
        self._focus_before_lock: QWidget | None = None
        if services.sign_in is not None:
            self.idle = IdleLock(s.lock_minutes * 60, clock)
            self.idle_watch = IdleWatch(self.idle, self, check_ms=lock_check_ms)
            self.idle_watch.idle.connect(lambda: self.lock("idle"))
            self.lock_screen = LockScreen(s.hall_name, s.window_label, clerk)
            self.lock_screen.unlock_requested.connect(self.unlock)
            self.lock_screen.switch_requested.connect(self.switch_clerk)
            self.screens.addWidget(self.lock_screen)
            QShortcut(QKeySequence("Ctrl+L"), self, self.lock_by_hand)
        self.acceptance.case_queued.connect(self._case_queued)
        self.acceptance.lookup_done.connect(self._lookup_answered)
        self.acceptance.draft_saved.connect(
            lambda rev: self.statusBar().showMessage(self.tr("草稿已保存(第%1版)").replace("%1", str(rev)), 3000))
        self.acceptance.draft_unsaved.connect(
            lambda unsaved: self.statusBar().showMessage(self.tr("草稿未保存:磁盘空间已满"))
            if unsaved else self.statusBar().clearMessage())
        self.cases_view.resume_requested.connect(self.resume_draft)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.statusBar().showMessage(self.tr("目录版本 %1").replace("%1", services.catalog.version))

    def start_sync(self) -> None:
        if self.worker is not None and not self.worker.isRunning():
            self.worker.start()

    def show_sync_report(self, report: SyncReport) -> None:
        """A sync run's report (the worker's, or a run made by hand): every view
        subscribed to the store's notifications refreshes."""
        self.events.sync_reported(report)

    def _show_platform_state(self, report: SyncReport | None = None) -> None:
        """Runs on the main thread: the header says how things stand, always (the
        figures are read on the store thread)."""
        if report is not None:
            self._last_report = report
            self._online = report.online
        if self._online is None or self.services.sync is None:
            return
        self.store.submit(self.services.sync.overview, self._platform_state_read)

    def _lookup_answered(self, data: object) -> None:
        """A look-up during acceptance is a word from the platform too: the header
        never says 离线 or 正在连接 while the banner says 已联网核验, nor the reverse."""
        online = getattr(data, "online", None)
        if isinstance(online, bool) and online != self._online:
            self._online = online
            self._show_platform_state()

    def _platform_state_read(self, overview: object) -> None:
        report = self._last_report
        if self._online is None or not isinstance(overview, SyncOverview):
            return   # a failed read is logged by the executor; the header keeps its text
        st = overview.status
        state = self.tr("在线") if self._online else self.tr("离线")
        text = self.tr("平台:%1 · 待提交%2件").replace("%1", state).replace("%2", str(st["queued"]))
        if st["stuck"]:
            text += self.tr(" · %1件需处理").replace("%1", str(st["stuck"]))
        if st["last_success"]:
            text += self.tr(" · 上次同步%1").replace("%1", st["last_success"][11:16])
        if overview.unread:
            text += self.tr(" · 新通知%1条").replace("%1", str(overview.unread))
        self.platform_label.setText(text)
        self.platform_label.setToolTip(report.error if report is not None and report.error else "")

    def pending_draft(self) -> CaseRecord | None:
        """The clerk's last draft, offered after a crash or a kill."""
        return self.store.call(self.services.cases.latest_draft)

    def offer_resume(self) -> QMessageBox | None:
        draft = self.pending_draft()
        if draft is None:
            return None
        name = self.services.catalog.definitions[draft.one_thing_id].name \
            if draft.one_thing_id in self.services.catalog.definitions else draft.one_thing_id
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("继续未完成的草稿"),
                          self.tr("发现未完成的草稿 %1(%2,上次保存于%3)。是否继续办理?")
                          .replace("%1", draft.provisional_no).replace("%2", name)
                          .replace("%3", draft.updated_at.strftime("%m-%d %H:%M")),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("继续办理"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("稍后"))
        box.accepted.connect(lambda: self.resume_draft(draft.id))
        box.open()
        return box

    def resume_draft(self, case_id: str) -> None:
        self.acceptance.resume(case_id)
        self.tabs.setCurrentWidget(self.acceptance)

    def ask_evaluation(self, case_id: str, stage: str) -> EvaluationDialog | None:
        """The citizen rates the service on the window's second screen or the
        clerk's, without blocking the next citizen."""
        self.evaluation_dialog = EvaluationDialog(self.services.evaluations, case_id, stage, self)
        self.evaluation_dialog.open()
        return self.evaluation_dialog

    # -- papers ------------------------------------------------------------------
    def print_case(self, case_id: str, kinds: list[str]):
        """受理回执 / 一次性告知书 / 取件凭证 ("slip": the format from settings)."""
        docs = self.documents
        jobs = []
        for kind in kinds:
            real = docs.slip_kind() if kind == "slip" else kind
            jobs.append((real, case_id,
                         lambda reprint, k=real: docs.case_pdf(k, case_id, reprint=reprint)))
        outcomes = self.printer.print_documents(jobs)
        self.statusBar().showMessage(";".join(o.message for o in outcomes), 10000)
        return outcomes

    def print_handover(self, kind: str, case_id: str, issuance_id: str):
        docs = self.documents
        return self.printer.print_document(
            "handover", issuance_id, lambda reprint: docs.handover_pdf(issuance_id, reprint=reprint))

    def print_guide(self, one_thing_id: str):
        docs = self.documents
        return self.printer.print_document(
            "guide", one_thing_id, lambda reprint: docs.guide_pdf(one_thing_id))

    def _case_queued(self, case_id: str, provisional_no: str) -> None:
        self.statusBar().showMessage(self.tr("已受理 %1").replace("%1", provisional_no), 8000)
        self.print_case(case_id, ["receipt", "notice", "slip"])
        self.ask_evaluation(case_id, "acceptance")
        if self.worker is not None:
            self.worker.trigger()
        self.store.submit(self.services.cases.usage_counts, self._usage_counted)

    def _usage_counted(self, usage: object) -> None:
        if isinstance(usage, dict):  # else logged by the executor; the old order stays
            self.acceptance.set_usage(usage)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.cases_view:
            self.acceptance.save_now()   # the list then shows the draft as it is now
        if self.sync_view is not None and self.tabs.widget(index) is self.sync_view:
            self.sync_view.mark_all_read()

    # -- the idle lock -------------------------------------------------------------
    @property
    def locked(self) -> bool:
        return self.idle is not None and self.idle.locked

    def lock_by_hand(self) -> None:
        self.lock("by_hand")

    def lock(self, reason: str = "by_hand") -> None:
        """Hides everything of the session: the window shows the lock screen, the
        other windows (case details, a material's pages, the evaluation) are hidden
        until unlock, and a question or chooser waiting in its own loop (a print
        dialog, a file dialog, a message box asked with exec) is cancelled. The
        draft is saved; the widgets keep everything typed and where the wizard is."""
        if self.idle is None or self.lock_screen is None or self.idle.locked:
            return
        self.acceptance.save_now()   # a full disk: kept in memory, retried as always
        focus = QApplication.focusWidget()
        self._focus_before_lock = focus if focus is not None and self.isAncestorOf(focus) else None
        QToolTip.hideText()
        self._held_back = []
        for widget in QApplication.topLevelWidgets():
            if widget is self or not widget.isVisible():
                continue
            if widget.windowType() in (Qt.WindowType.Popup, Qt.WindowType.ToolTip):
                widget.hide()   # a menu or a combo's list: closed, not shown again
            elif isinstance(widget, QDialog) and \
                    widget.windowModality() == Qt.WindowModality.ApplicationModal:
                widget.reject()  # in a loop of its own (exec): cancelled, nothing done
            else:
                widget.hide()
                self._held_back.append(widget)
        self.idle.lock()
        self.screens.setCurrentWidget(self.lock_screen)
        self.statusBar().hide()
        self.activateWindow()   # a hidden dialog had the focus: the password gets it
        self.lock_screen.reset()
        if self.services.sign_in is not None:
            self.services.sign_in.lock(self.clerk, reason)

    def _refuse(self, exc: AccountError) -> None:
        assert self.idle is not None and self.lock_screen is not None
        self.idle.failed()
        wait = self.idle.wait_left()
        if wait:
            self.lock_screen.too_many(wait)
        else:
            self.lock_screen.refuse(str(exc))

    def _may_try(self) -> bool:
        assert self.idle is not None and self.lock_screen is not None
        wait = self.idle.wait_left()
        if wait:
            self.lock_screen.too_many(wait)
        return not wait

    def unlock(self, username: str, password: str) -> bool:
        """The clerk's own password, or a hall manager's or administrator's account:
        the session comes back as it was (a manager unlocks the clerk's session, not
        one of their own). Refused: the reason on the lock screen, nothing else."""
        sign_in = self.services.sign_in
        if sign_in is None or not self.locked or not self._may_try():
            return False
        try:
            by = sign_in.unlock(self.clerk, username, password)
        except AccountError as exc:
            self._refuse(exc)
            return False
        self._open()
        if by.username != self.clerk.username:
            self.statusBar().showMessage(self.tr("已由%1解锁").replace("%1", by.display_name),
                                         10000)
        return True

    def switch_clerk(self, username: str, password: str) -> bool:
        """Another clerk signs in at the lock: this clerk's draft is saved under
        this clerk, this clerk is signed out, and ``clerk_switched`` hands the new
        sign-in to the app, which builds the new clerk's window. The same clerk's
        own name: an unlock."""
        sign_in = self.services.sign_in
        if sign_in is None or not self.locked or not self._may_try():
            return False
        assert self.lock_screen is not None
        if username.strip() in ("", self.clerk.username):
            return self.unlock(username, password)
        if not self.acceptance.save_now():
            self.lock_screen.refuse(self.tr("磁盘空间已满,当前草稿尚未保存,暂不能切换人员。"
                                            "请联系技术支持清理磁盘。"))
            return False
        try:
            result = sign_in.switch_clerk(self.clerk, username, password)
        except AccountError as exc:
            self._refuse(exc)
            return False
        self.clerk_switched.emit(result)
        return True

    def _open(self) -> None:
        assert self.idle is not None
        self.idle.unlock()
        self.screens.setCurrentWidget(self.contents)
        self.statusBar().show()
        for widget in self._held_back:
            if isValid(widget):
                widget.show()
        self._held_back = []
        focus = self._focus_before_lock
        if focus is not None and isValid(focus):
            focus.setFocus()

    def closeEvent(self, event) -> None:
        if not self.acceptance.save_now() and QMessageBox.question(
                self, self.tr("草稿尚未保存"),
                self.tr("磁盘空间已满,当前草稿只在程序中,尚未保存到磁盘。现在退出会丢失刚录入的内容。确定退出吗?"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            event.ignore()
            return
        if self.idle_watch is not None:
            self.idle_watch.stop()
        if self.worker is not None:
            self.worker.stop()
        self.store.shutdown()
        if self.board_reader is not None:
            self.board_reader.shutdown()
        super().closeEvent(event)
