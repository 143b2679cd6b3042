"""The live side panel of the wizard: applicable items, field and material counts,
and what the merge saved (the engine's statistics)."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QFrame, QLabel, QTextBrowser, QVBoxLayout, QWidget

from window_client.core.engine import Plan


class PlanSidePanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("side_panel")
        self.setMinimumWidth(300)
        self.setMaximumWidth(380)
        layout = QVBoxLayout(self)
        self.title_label = QLabel(self.tr("本次办理"))
        self.title_label.setObjectName("page_title_label")
        layout.addWidget(self.title_label)
        self.items_label = QTextBrowser()
        self.items_label.setObjectName("items_label")
        self.items_label.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(self.items_label, 1)
        self.stats_label = QTextBrowser()
        self.stats_label.setObjectName("stats_label")
        self.stats_label.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(self.stats_label, 1)

    def show_plan(self, plan: Plan | None, department_name=lambda d: d, *,
                  promised: tuple | None = None) -> None:
        """``promised``: (date, moved from) when a 容缺 material moves the promise."""
        if plan is None:
            self.items_label.setPlainText(self.tr("请先选择一件事。"))
            self.stats_label.clear()
            return
        esc = html.escape
        items = "".join(f"<li>{esc(i.name)}</li>" for i in plan.items)
        heading = esc(self.tr("适用事项"))
        self.items_label.setHtml(
            f"<b>{heading} {len(plan.items)}</b><ol style='margin:0'>{items}</ol>")
        s = plan.statistics
        saved_fields = s.fields_separate - s.fields_merged
        saved_materials = s.materials_separate - s.materials_to_hand_in
        day, moved_from = promised if promised is not None else (plan.due_date, None)
        due = day.isoformat() + (self.tr("(估算)") if plan.due_date_estimated else "") \
            + (self.tr("(容缺顺延)") if moved_from is not None else "")
        self.stats_label.setHtml(
            self.tr("<b>表单</b>:合并后%1项,手工填写%2项<br>"
                    "(分别申请需%3项,少填%4项)<br><br>"
                    "<b>材料</b>:共%5项,需提交%6份<br>"
                    "(分别申请需%7份,少交%8份)<br><br>"
                    "<b>承诺办结</b>:%9")
            .replace("%1", str(s.fields_merged)).replace("%2", str(s.fields_to_type))
            .replace("%3", str(s.fields_separate)).replace("%4", str(saved_fields))
            .replace("%5", str(s.materials_merged)).replace("%6", str(s.materials_to_hand_in))
            .replace("%7", str(s.materials_separate)).replace("%8", str(saved_materials))
            .replace("%9", due))
