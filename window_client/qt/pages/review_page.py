"""Step 7: everything on one page, each part with a link back to edit it; confirm
puts the case in the outbox (queued) with its provisional number."""

from __future__ import annotations

import html

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from window_client.core.acceptance import SOURCE_LABELS
from window_client.core.labels import TAG_LABELS
from window_client.core.masking import mask

from .base import WizardPage


class ReviewPage(WizardPage):
    step = "review"
    jump_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.review_view = QTextBrowser()
        self.review_view.setObjectName("review_view")
        self.review_view.setOpenLinks(False)
        self.review_view.anchorClicked.connect(self._anchor)
        layout.addWidget(self.review_view)

    def _anchor(self, url: QUrl) -> None:
        if url.scheme() == "edit":
            self.jump_requested.emit(url.path())

    def enter(self, session) -> None:
        super().enter(session)
        self.review_view.setHtml(self.review_html())

    def review_html(self) -> str:
        session = self.session
        plan = session.plan()
        state = session.state
        esc = html.escape
        t = self.tr
        problems = session.problems("review")

        def edit(step: str) -> str:
            return f" <a href='edit:{step}'>[{esc(t('修改'))}]</a>"

        parts = [f"<h2>{esc(plan.one_thing.name)}</h2>",
                 f"<p>{esc(t('受理编号(临时)'))}:<b>{esc(session.case.provisional_no)}</b>"
                 f" · {esc(t('承诺办结日期'))}:<b>{plan.due_date.isoformat()}</b>"
                 + (esc(t('(含未公布节假日,按周末估算)')) if plan.due_date_estimated else "")
                 + "</p>"]
        if problems:
            items = "".join(f"<li>{esc(str(p))}</li>" for p in problems)
            parts.append(f"<div style='color:#b00020'><b>{esc(t('还不能确认受理:'))}</b>"
                         f"<ul>{items}</ul></div>")
        mode = t("委托代办") if state.via_agent else t("本人办理")
        parts.append(f"<h3>{esc(t('申请人'))}{edit('applicant')}</h3><p>{esc(mode)}</p>")
        parts.append(f"<h3>{esc(t('情景问答'))}{edit('questions')}</h3><ul>")
        for q in plan.questions:
            answer = plan.answers.get(q.id)
            labels = {o.value: o.label for o in q.options}
            if isinstance(answer, bool):
                shown = t("是") if answer else t("否")
            elif isinstance(answer, list):
                shown = "、".join(labels.get(a, a) for a in answer) or t("无")
            else:
                shown = labels.get(answer, "" if answer is None else str(answer))
            parts.append(f"<li>{esc(q.text)} <b>{esc(shown)}</b></li>")
        parts.append(f"</ul><h3>{esc(t('办理事项'))}</h3><ol>")
        parts += [f"<li>{esc(i.name)}({esc(session.catalog.department_name(i.department))})</li>"
                  for i in plan.items]
        parts.append(f"</ol><h3>{esc(t('申请表'))}{edit('form')}</h3>")
        for section in plan.form:
            rows = []
            for f in section.fields:
                value = state.values.get(f.key, "")
                labels = {o.value: o.label for o in f.entry.options}
                shown = labels.get(value, mask(value, f.entry.mask) if value else "")
                source = SOURCE_LABELS.get(state.sources.get(f.key, ""), "")
                rows.append(f"<tr><td>{esc(f.entry.label)}</td><td>{esc(shown)}</td>"
                            f"<td style='color:#2e6b30'>{esc(source)}</td></tr>")
            parts.append(f"<h4>{esc(section.section.label)}</h4><table cellpadding='3'>"
                         + "".join(rows) + "</table>")
        parts.append(f"<h3>{esc(t('材料'))}{edit('materials')}</h3><table cellpadding='3'>")
        for m in plan.materials:
            st = state.materials.get(m.spec.id)
            got = (t("已收%1份").replace("%1", str(st.copies)) if st and st.received
                   else t("容缺") if st and st.accept_missing else "")
            parts.append(f"<tr><td>{esc(m.spec.name)}</td><td>{esc(TAG_LABELS[m.tag])}</td>"
                         f"<td>{esc(got)}</td></tr>")
        parts.append("</table>")
        return "".join(parts)
