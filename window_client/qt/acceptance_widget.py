"""The acceptance wizard: pages in a stack, navigation from core.wizard, the live
side panel, and a draft saved at every page change and (debounced) field edit."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QPushButton, QStackedWidget,
                               QVBoxLayout, QWidget)

from window_client.core import wizard as nav
from window_client.core.catalog import Catalog
from window_client.services.acceptance import AcceptanceSession, IncompleteCase
from window_client.services.applicant_lookup import ApplicantData
from window_client.core.storage_errors import NumberingUnavailable, StorageFull

from .background import run_in_background
from .db_executor import InlineExecutor, StoreExecutor
from .store_events import StoreEvents

from .pages.applicant_page import ApplicantPage
from .pages.form_page import FormPage
from .pages.guide_page import GuidePage
from .pages.materials_page import MaterialsPage
from .pages.pick_page import PickPage
from .pages.questions_page import QuestionsPage
from .pages.review_page import ReviewPage
from .side_panel import PlanSidePanel

logger = logging.getLogger(__name__)
SAVE_DELAY_MS = 300
STORAGE_RETRY_MS = 5000   # a full disk: the draft in memory is saved again this often
STEPS = [nav.PICK, nav.GUIDE, nav.APPLICANT, nav.QUESTIONS, nav.FORM, nav.MATERIALS, nav.REVIEW]


class AcceptanceWidget(QWidget):
    case_queued = Signal(str, str)   # case id, provisional number
    draft_saved = Signal(int)        # revision
    draft_unsaved = Signal(bool)     # True: a save failed for lack of space; False: saved again

    lookup_done = Signal(object)     # ApplicantData, after it was applied
    guide_print_requested = Signal(str)  # one-thing id
    card_read = Signal(object)           # CardReadResult or an exception, after applying it

    def __init__(self, catalog: Catalog, new_session: Callable[[], AcceptanceSession],
                 parent: QWidget | None = None,
                 lookup: Callable[[str], ApplicantData] | None = None,
                 read_card: Callable[[str, dict], object] | None = None,
                 executor: StoreExecutor | None = None,
                 events: StoreEvents | None = None,
                 enabled: Collection[str] | None = None) -> None:
        """``enabled``: the configured one-things this hall offers (None: all)."""
        super().__init__(parent)
        # draft saves go through the one store executor; a debounced one does not wait
        self.executor: StoreExecutor = executor or InlineExecutor()
        self.events = events
        self.catalog = catalog
        self.new_session = new_session
        self.lookup = lookup
        self.read_card = read_card   # (prefix, typed values) → CardReadResult, off the UI thread
        self.session: AcceptanceSession | None = None
        self.navigator = nav.WizardNavigator()
        self.navigator.start()
        self.save_timer = QTimer(self)
        self.save_timer.setSingleShot(True)
        self.save_timer.setInterval(SAVE_DELAY_MS)
        self.save_timer.timeout.connect(self.save_later)
        self.storage_retry_timer = QTimer(self)
        self.storage_retry_timer.setInterval(STORAGE_RETRY_MS)
        self.storage_retry_timer.timeout.connect(self.save_now)

        outer = QHBoxLayout(self)
        self.step_list = QListWidget()
        self.step_list.setObjectName("step_list")
        self.step_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.step_list.setMaximumWidth(170)
        for n, step in enumerate(STEPS, start=1):
            self.step_list.addItem(f"{n}. {self.step_title(step)}")
        outer.addWidget(self.step_list)
        center = QVBoxLayout()
        self.banner_label = QLabel()
        self.banner_label.setObjectName("banner_label")
        self.banner_label.hide()
        center.addWidget(self.banner_label)
        self.storage_label = QLabel()
        self.storage_label.setObjectName("storage_label")
        self.storage_label.setProperty("role", "error")
        self.storage_label.setWordWrap(True)
        self.storage_label.hide()
        center.addWidget(self.storage_label)
        self.page_title_label = QLabel()
        self.page_title_label.setObjectName("page_title_label")
        center.addWidget(self.page_title_label)
        self.stack = QStackedWidget()
        self.pick_page = PickPage(catalog, enabled=enabled)
        self.pages = {nav.GUIDE: GuidePage(), nav.APPLICANT: ApplicantPage(),
                      nav.QUESTIONS: QuestionsPage(), nav.FORM: FormPage(),
                      nav.MATERIALS: MaterialsPage(), nav.REVIEW: ReviewPage()}
        self.stack.addWidget(self.pick_page)
        for page in self.pages.values():
            self.stack.addWidget(page)
            page.changed.connect(self._changed)
        self.pick_page.picked.connect(self.start_case)
        self.pages[nav.REVIEW].jump_requested.connect(self.jump_to)
        self.pages[nav.APPLICANT].read_card_requested.connect(self.read_id_card)
        self.pages[nav.GUIDE].print_requested.connect(
            lambda: self.session and self.guide_print_requested.emit(self.session.state.one_thing_id))
        center.addWidget(self.stack, 1)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("problem_label")
        self.problem_label.setProperty("role", "error")
        self.problem_label.setWordWrap(True)
        center.addWidget(self.problem_label)
        buttons = QHBoxLayout()
        self.case_label = QLabel()
        self.case_label.setObjectName("case_label")
        buttons.addWidget(self.case_label, 1)
        self.back_button = QPushButton(self.tr("上一步 (Alt+←)"))
        self.back_button.setObjectName("back_button")
        self.next_button = QPushButton(self.tr("下一步 (Ctrl+Enter)"))
        self.next_button.setObjectName("next_button")
        self.confirm_button = QPushButton(self.tr("确认受理 (Ctrl+Enter)"))
        self.confirm_button.setObjectName("confirm_button")
        for b in (self.back_button, self.next_button, self.confirm_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        center.addLayout(buttons)
        outer.addLayout(center, 1)
        self.side_panel = PlanSidePanel()
        outer.addWidget(self.side_panel)

        self.back_button.clicked.connect(self.go_back)
        self.next_button.clicked.connect(self.go_next)
        self.confirm_button.clicked.connect(self.confirm)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(seq), self, self._primary,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Alt+Left"), self, self.go_back,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save_now,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._show(nav.PICK)

    # -- starting and resuming --------------------------------------------------
    def set_usage(self, usage: dict[str, int]) -> None:
        self.pick_page.set_usage(usage)

    def set_enabled(self, enabled: Collection[str]) -> None:
        """The hall switched one-things on or off (the 管理 section saved): the pick
        page offers only those switched on, at once; a case already started goes on."""
        self.pick_page.set_enabled(enabled)

    def start_case(self, one_thing_id: str) -> None:
        session = self.new_session()
        try:
            session.start(one_thing_id)
        except NumberingUnavailable as exc:  # no number, no case: IT must fix the folder
            self.storage_label.setText(str(exc))
            self.storage_label.show()
            return
        except StorageFull:
            if session.case is None:  # nothing to keep yet: the clerk tries again later
                self.storage_label.setText(self.tr("磁盘空间已满,无法新建办件。请联系技术支持清理磁盘后再试。"))
                self.storage_label.show()
                return
            self._storage_full()
        self.session = session
        self.banner_label.hide()
        self.navigator.start()
        self._advance(self.navigator.go_next(self._nav_data()))

    def resume(self, case_id: str) -> None:
        self.session = self.new_session()
        self.session.resume(case_id)
        step = self.session.state.step if self.session.state.step in STEPS else nav.GUIDE
        self.navigator.restore(step, self._nav_data())
        self.banner_label.setText(self.tr("继续办理草稿 %1").replace(
            "%1", self.session.case.provisional_no))
        self.banner_label.show()
        self._advance(self.navigator.current)

    def reset(self) -> None:
        if not self.save_now():
            return  # a full disk: the draft stays open (in memory) until it is saved
        self.session = None
        self.navigator.start()
        self._show(nav.PICK)

    # -- navigation ---------------------------------------------------------------
    def step_title(self, step: str) -> str:
        """The step's title: core/wizard.py's TITLES, spelled out here so that
        lupdate extracts them (tests/qt/test_translations.py keeps the two equal)."""
        return {nav.PICK: self.tr("选择一件事"), nav.GUIDE: self.tr("办事指南"),
                nav.APPLICANT: self.tr("申请人"), nav.QUESTIONS: self.tr("情景问答"),
                nav.FORM: self.tr("合并表单"), nav.MATERIALS: self.tr("材料"),
                nav.REVIEW: self.tr("确认受理")}[step]

    def _nav_data(self) -> dict:
        has_q = bool(self.session and self.session.one_thing.questions)
        return {"has_questions": has_q}

    def current_step(self) -> str:
        return self.navigator.current

    def _primary(self) -> None:
        if self.navigator.current == nav.PICK:
            return
        if self.navigator.is_last():
            self.confirm()
        else:
            self.go_next()

    def go_next(self) -> bool:
        current = self.navigator.current
        if current == nav.PICK or self.session is None:
            return False
        page = self.pages[current]
        page.leave()
        problems = self.session.problems(current)
        if problems:
            self._show_problems(problems)
            if isinstance(page, FormPage):
                page.show_problems(problems)
            self.save_now()
            return False
        if current == nav.APPLICANT:
            self._look_up_applicant()
        if current == nav.FORM:
            self._look_up_holders()
        self._advance(self.navigator.go_next(self._nav_data()))
        return True

    def read_id_card(self, prefix: str) -> None:
        """Reads the ID card off the UI thread; the data fills the applicant (or the
        agent), marked 读卡, and disagreements with what was typed are shown."""
        page = self.pages[nav.APPLICANT]
        if self.session is None or self.read_card is None:
            page.show_card_result(self.tr("未配置身份证读卡器,请手工录入并核对证件原件"), True)
            return
        session = self.session
        typed = dict(session.state.values)
        page.show_card_result(self.tr("正在读卡,请将身份证放在读卡区……"), False)
        reader = self.read_card

        def done(result) -> None:
            if session is not self.session:
                return
            if isinstance(result, Exception):
                page.show_card_result(str(result) or self.tr("读卡失败,请重试或手工录入"), True)
            else:
                self.problem_label.clear()  # what was wrong before the read may be fixed now
                session.apply_card(result.values)
                notes = result.differences + result.warnings
                page.show_card_result(
                    self.tr("已读取证件 %1").replace("%1", result.masked_id)
                    + (";" + ";".join(notes) if notes else ""), bool(notes))
                if self.navigator.current == nav.APPLICANT:
                    page.enter(session)
                self._refresh_side()
                self.save_now()
            self.card_read.emit(result)

        run_in_background(lambda: reader(prefix, typed), done)

    def _look_up_applicant(self) -> None:
        """E-licences and shared data from the platform, off the UI thread; the
        clerk goes on meanwhile, and offline nothing waits."""
        id_number = self.session.state.applicant_id_number if self.session else None
        if self.lookup is None or not id_number:
            return
        session = self.session
        lookup = self.lookup

        def done(data) -> None:
            if not isinstance(data, ApplicantData) or session is not self.session:
                return
            if data.online:
                filled = session.apply_applicant_data(data.licences, data.shared)
                if self.navigator.current in (nav.QUESTIONS, nav.FORM, nav.MATERIALS):
                    self.pages[self.navigator.current].enter(session)
                self._refresh_side()
                self.save_now()
                self.banner_label.setText(
                    self.tr("已联网核验:持有电子证照%1项,共享数据预填%2项")
                    .replace("%1", str(len(data.licences))).replace("%2", str(len(filled))))
            else:
                self.banner_label.setText(self.tr("平台暂不可达:电子证照和网络核验材料标记为待核验,联网后自动核验"))
            self.banner_label.show()
            self.lookup_done.emit(data)

        run_in_background(lambda: lookup(id_number), done)

    def _look_up_holders(self) -> None:
        """The e-licences of the other people of the case (the seller, the spouse…)
        whose numbers are now on the form, off the UI thread; their materials become
        exempt when the answers arrive."""
        if self.lookup is None or self.session is None:
            return
        session, lookup = self.session, self.lookup
        for id_key, number in session.holders_to_look_up().items():
            def done(data, id_key=id_key, number=number) -> None:
                if not isinstance(data, ApplicantData) or session is not self.session \
                        or not data.online:
                    return
                session.apply_holder_data(id_key, number, data.licences, data.shared)
                if self.navigator.current in (nav.MATERIALS, nav.REVIEW):
                    self.pages[self.navigator.current].enter(session)
                self._refresh_side()

            run_in_background(lambda number=number: lookup(number), done)

    def go_back(self) -> None:
        if self.navigator.current in (nav.PICK, nav.GUIDE) and self.session is not None:
            if self.navigator.current == nav.GUIDE:
                self.reset()
            return
        self._advance(self.navigator.go_back())

    def jump_to(self, step: str) -> None:
        self._advance(self.navigator.jump_to(step))

    def _advance(self, step: str) -> None:
        if self.session is not None and step != nav.PICK:
            self.session.state.step = step
            self.save_now()
        self._show(step)

    def _show(self, step: str) -> None:
        self.problem_label.clear()
        self.step_list.setCurrentRow(STEPS.index(step))
        self.page_title_label.setText(self.step_title(step))
        page = self.pick_page if step == nav.PICK else self.pages[step]
        if step != nav.PICK:
            page.enter(self.session)
        self.stack.setCurrentWidget(page)
        last = step == nav.REVIEW
        self.next_button.setVisible(step != nav.PICK and not last)
        self.confirm_button.setVisible(last)
        self.back_button.setVisible(step != nav.PICK)
        self.side_panel.setVisible(step != nav.PICK)
        self._refresh_side()
        self.case_label.setText(self.tr("临时受理编号 %1").replace("%1", self.session.case.provisional_no)
                                if self.session and self.session.case else "")
        focus = page.first_focus()
        if focus is not None:
            focus.setFocus()

    def _show_problems(self, problems) -> None:
        head = self.tr("请先处理以下%1项:").replace("%1", str(len(problems)))
        self.problem_label.setText(head + ";".join(str(p) for p in problems[:6])
                                   + ("…" if len(problems) > 6 else ""))

    # -- changes and saving -------------------------------------------------------------
    def _changed(self) -> None:
        self._refresh_side()
        self._recheck_problems()
        self.save_timer.start()

    def _recheck_problems(self) -> None:
        """The problems shown after a refused Next follow the fields: each one fixed
        goes from the list (and from its field), and the list goes when none is left.
        Nothing is shown that the clerk has not asked for by pressing Next."""
        if not self.problem_label.text() or self.session is None:
            return
        current = self.navigator.current
        if current == nav.PICK:
            return
        problems = self.session.problems(current)
        page = self.pages[current]
        if isinstance(page, FormPage):
            page.clear_problems_except({p.key for p in problems})
        if problems:
            self._show_problems(problems)
        else:
            self.problem_label.clear()

    def _refresh_side(self) -> None:
        if self.session is None or self.session.state is None:
            self.side_panel.show_plan(None)
            return
        plan = self.session.plan()
        self.side_panel.show_plan(plan, promised=self.session.promised_date(plan))
        if self.navigator.current == nav.FORM:
            self.pages[nav.FORM].show_required(plan)

    def save_later(self) -> None:
        """The debounced save: the draft as it is now, written on the store thread
        while the clerk types on."""
        self.save_timer.stop()
        session = self.session
        if session is None or session.case is None or session.state.step == "done":
            return
        self.executor.submit(session.save_job(),
                             lambda result: self._saved_later(session, result))

    def _saved_later(self, session: AcceptanceSession, result: object) -> None:
        current = session is self.session
        if isinstance(result, StorageFull):
            if current:
                self._storage_full()
            return
        if isinstance(result, Exception):  # logged by the executor; save_now() tells the clerk
            return
        if session.adopt(result) and current:
            self._storage_recovered()
            self.draft_saved.emit(result.revision)
        if self.events is not None:
            self.events.cases_changed.emit()

    def save_now(self) -> bool:
        """Saves at once, behind any save still on the store thread. False when the
        disk is full: what was typed stays in the session and is saved by a retry
        every few seconds once there is space again."""
        self.save_timer.stop()
        if self.session is not None and self.session.case is not None \
                and self.session.state.step != "done":
            try:
                case = self.executor.call(self.session.save)
            except StorageFull:
                self._storage_full()
                return False
            self._storage_recovered()
            self.draft_saved.emit(case.revision)
            if self.events is not None:
                self.events.cases_changed.emit()
        elif self.storage_retry_timer.isActive():
            self._storage_recovered()
        return True

    def _storage_full(self) -> None:
        logger.warning("draft not saved: disk full (kept in memory, retrying)")
        self.storage_label.setText(self.tr(
            "磁盘空间已满:草稿暂未保存。已录入的内容仍保留在程序中,空间恢复后会自动保存。"
            "请联系技术支持清理磁盘,期间请不要关闭程序。"))
        self.storage_label.show()
        self.draft_unsaved.emit(True)
        if not self.storage_retry_timer.isActive():
            self.storage_retry_timer.start()

    def _storage_recovered(self) -> None:
        if self.storage_retry_timer.isActive() or not self.storage_label.isHidden():
            logger.info("disk space back: draft saved")
            self.storage_retry_timer.stop()
            self.storage_label.hide()
            self.draft_unsaved.emit(False)

    def storage_ok(self) -> bool:
        """False while a draft waits in memory for disk space."""
        return not self.storage_retry_timer.isActive()

    def confirm(self) -> bool:
        if self.session is None:
            return False
        if not self.save_now():
            return False
        try:
            case = self.executor.call(self.session.confirm)
        except IncompleteCase as exc:
            self._show_problems(exc.problems)
            return False
        except StorageFull:
            self._storage_full()
            return False
        self.case_queued.emit(case.id, case.provisional_no)
        if self.events is not None:
            self.events.cases_changed.emit()
        self.session = None
        self.navigator.start()
        self.pick_page.search_edit.clear()   # the next citizen's search starts empty
        self._show(nav.PICK)
        self.banner_label.setText(self.tr("已受理,临时受理编号 %1,已放入待提交队列。")
                                  .replace("%1", case.provisional_no))
        self.banner_label.show()
        return True
