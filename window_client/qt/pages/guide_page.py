"""Step 2: the guide (办事指南) — what the one-thing covers, its items and their
order as a flow chart, the promised time limit, fees and the material overview."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QScrollArea, QTextBrowser,
                               QVBoxLayout, QWidget)

from window_client.core.labels import TAG_LABELS
from window_client.qt.flow_chart import FlowChartWidget

from .base import WizardPage



class GuidePage(WizardPage):
    step = "guide"
    print_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.flow_title = QLabel(self.tr("办理流程(箭头表示先后顺序)"))
        top.addWidget(self.flow_title, 1)
        self.print_button = QPushButton(self.tr("打印办事指南"))
        self.print_button.setObjectName("print_guide_button")
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_requested.emit)
        top.addWidget(self.print_button)
        layout.addLayout(top)
        self.flow_chart = FlowChartWidget()
        self.flow_scroll = QScrollArea()
        self.flow_scroll.setWidget(self.flow_chart)
        self.flow_scroll.setWidgetResizable(False)
        layout.addWidget(self.flow_scroll)
        self.guide_view = QTextBrowser()
        self.guide_view.setObjectName("guide_view")
        layout.addWidget(self.guide_view, 1)

    def enter(self, session) -> None:
        super().enter(session)
        one = session.one_thing
        catalog = session.catalog
        short = lambda d: catalog.departments[d].short_name  # noqa: E731
        self.flow_chart.set_items([(i.code, i.name, short(i.department), i.depends_on)
                                   for i in one.items])
        # tall enough for the chart (up to a limit), plus room for a scroll bar
        self.flow_scroll.setFixedHeight(min(self.flow_chart.height() + 28, 300))
        self.guide_view.setHtml(self.guide_html(session))

    def guide_html(self, session) -> str:
        one = session.one_thing
        catalog = session.catalog
        esc = html.escape
        plan = session.plan()
        guide = "<br>".join(esc(line) for line in one.guide.strip().splitlines())
        items = "".join(
            f"<tr><td>{esc(i.name)}</td><td>{esc(catalog.department_name(i.department))}</td>"
            f"<td>{i.legal_days}</td><td>{i.promised_days}</td></tr>" for i in one.items)
        h = {key: esc(text) for key, text in {   # tr() outside f-strings: lupdate reads them
            "promised": self.tr("承诺时限"), "workdays": self.tr("个工作日"),
            "pickup": self.tr("结果领取"), "items": self.tr("包含事项"), "item": self.tr("事项"),
            "department": self.tr("办理部门"), "legal": self.tr("法定时限"), "fees": self.tr("收费"),
            "no_fee": self.tr("不收费"), "materials": self.tr("材料概览(按常见情形)"),
            "yuan": self.tr("元")}.items()}
        fees = "".join(f"<li>{esc(f.name)}:{esc(f.amount)}{h['yuan'] if f.amount.isdigit() else ''}"
                       f"{(' · ' + esc(f.basis)) if f.basis else ''}</li>" for f in one.fees)
        materials = "".join(f"<li>{esc(m.spec.name)}({esc(TAG_LABELS[m.tag])})</li>"
                            for m in plan.materials)
        ways = {"window": self.tr("窗口领取"), "post": self.tr("免费邮寄")}
        delivery = "、".join(ways[d.value] for d in one.delivery)
        return (f"<h2>{esc(one.name)}</h2><p>{guide}</p>"
                f"<p><b>{h['promised']}</b>:{one.promised_days}{h['workdays']}"
                f" · <b>{h['pickup']}</b>:{esc(delivery)}</p>"
                f"<h3>{h['items']}</h3><table border='1' cellpadding='4' cellspacing='0'>"
                f"<tr><th>{h['item']}</th><th>{h['department']}</th>"
                f"<th>{h['legal']}</th><th>{h['promised']}</th></tr>{items}</table>"
                f"<h3>{h['fees']}</h3><ul>{fees or '<li>' + h['no_fee'] + '</li>'}</ul>"
                f"<h3>{h['materials']}</h3><ul>{materials}</ul>")
