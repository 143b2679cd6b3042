"""督办与看板 (hall managers and administrators): the hall's urging rule above the
efficiency board. The rule is saved through the supervision service (which checks
the role) into the hall settings; the next sync applies it."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtWidgets import (QCheckBox, QGroupBox, QHBoxLayout, QLabel, QPushButton, QSpinBox,
                               QVBoxLayout, QWidget)

from window_client.core.catalog import Catalog
from window_client.core.supervision import UrgeRule
from window_client.services.supervision import NotPermitted, SupervisionService

from .board_view import BoardView
from .db_executor import InlineExecutor, StoreExecutor
from .store_events import StoreEvents, refresh_when_shown

logger = logging.getLogger(__name__)


class SupervisionView(QWidget):
    def __init__(self, supervision: SupervisionService, catalog: Catalog,
                 parent: QWidget | None = None, *, executor: StoreExecutor | None = None,
                 today: Callable[[], dt.date] = dt.date.today,
                 events: StoreEvents | None = None) -> None:
        super().__init__(parent)
        self._supervision = supervision
        executor = executor or InlineExecutor()
        rule_box = QGroupBox(self.tr("督办规则"), self)
        self.auto_check = QCheckBox(self.tr("自动催办超期事项"), rule_box)
        self.auto_check.setObjectName("urge_auto_check")
        self.within_spin = QSpinBox(rule_box)
        self.within_spin.setObjectName("urge_within_spin")
        self.within_spin.setRange(0, 10)
        self.within_spin.setSuffix(self.tr(" 个工作日"))
        self.save_button = QPushButton(self.tr("保存规则"), rule_box)
        self.save_button.setObjectName("save_rule_button")
        self.rule_label = QLabel(rule_box)
        self.rule_label.setObjectName("hint_label")
        self.rule_label.setWordWrap(True)
        row = QHBoxLayout(rule_box)
        row.addWidget(self.auto_check)
        row.addWidget(QLabel(self.tr("到期前"), rule_box))
        row.addWidget(self.within_spin)
        row.addWidget(QLabel(self.tr("起每个工作日提醒一次"), rule_box))
        row.addWidget(self.save_button)
        row.addWidget(self.rule_label, 1)
        names = {one_id: d.name for one_id, d in catalog.definitions.items()}
        departments = {dep_id: d.short_name for dep_id, d in catalog.departments.items()}
        self.board = BoardView(supervision.board_data, names, departments,
                               supervision.calendar, today=today, executor=executor,
                               parent=self, load_now=False)
        # the facts are read at the first show (not at sign-in), and again when shown
        # after the feed or the window changed cases
        signals = (events.cases_changed,) if events is not None else ()
        refresh_when_shown(self.board, self.board.refresh, *signals).notify()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(rule_box)
        layout.addWidget(self.board, 1)
        self._show_rule(supervision.rule())
        self.auto_check.toggled.connect(self.within_spin.setEnabled)
        self.save_button.clicked.connect(self.save_rule)

    def _show_rule(self, rule: UrgeRule) -> None:
        self.auto_check.setChecked(rule.enabled)
        self.within_spin.setValue(rule.within_days)
        self.within_spin.setEnabled(rule.enabled)
        self.rule_label.setText(self._describe(rule))

    def _describe(self, rule: UrgeRule) -> str:
        if not rule.enabled:
            return self.tr("自动催办已关闭;可在办件详情的“办理进度”中手动催办")
        if rule.within_days == 0:
            return self.tr("事项超期或当天到期时,每个工作日自动催办一次")
        return self.tr("事项超期或剩余%1个工作日以内时,每个工作日自动催办一次").replace(
            "%1", str(rule.within_days))

    def save_rule(self) -> bool:
        rule = UrgeRule(self.auto_check.isChecked(), self.within_spin.value())
        try:
            self._supervision.set_rule(rule)
        except (NotPermitted, OSError, ValueError) as exc:
            logger.warning("urging rule not saved: %s", exc)
            self.rule_label.setText(self.tr("规则未保存:%1").replace("%1", str(exc)))
            return False
        self.rule_label.setText(self._describe(rule) + self.tr("(已保存,下次同步起生效)"))
        return True
