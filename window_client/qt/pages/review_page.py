"""Step 7: everything on one page, each part with a link back to edit it; confirm
puts the case in the outbox (queued) with its provisional number."""

from __future__ import annotations

import html

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from window_client.core.acceptance import SOURCE_LABELS
from window_client.core.labels import TAG_LABELS
from window_client.core.masking import mask, mask_id_number, mask_phone

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
        h = {key: esc(text) for key, text in {   # tr() outside f-strings: lupdate reads them
            "edit": self.tr("修改"), "number": self.tr("受理编号(临时)"),
            "due": self.tr("承诺办结日期"), "estimated": self.tr("(含未公布节假日,按周末估算)"),
            "blocked": self.tr("还不能确认受理:"), "applicant": self.tr("申请人"),
            "questions": self.tr("情景问答"), "items": self.tr("办理事项"),
            "form": self.tr("申请表"), "materials": self.tr("材料")}.items()}
        problems = session.problems("review")

        def edit(step: str) -> str:
            return f" <a href='edit:{step}'>[{h['edit']}]</a>"

        due, moved_from = session.promised_date()
        moved = (self.tr("(容缺材料补交期限较晚,由%1顺延)").replace("%1", moved_from.isoformat())
                 if moved_from is not None else "")
        parts = [f"<h2>{esc(plan.one_thing.name)}</h2>",
                 f"<p>{h['number']}:<b>{esc(session.case.provisional_no)}</b>"
                 f" · {h['due']}:<b>{due.isoformat()}</b>{esc(moved)}"
                 + (h['estimated'] if plan.due_date_estimated else "")
                 + "</p>"]
        if problems:
            items = "".join(f"<li>{esc(str(p))}</li>" for p in problems)
            parts.append(f"<div style='color:#b00020'><b>{h['blocked']}</b>"
                         f"<ul>{items}</ul></div>")
        mode = self.tr("委托代办") if state.via_agent else self.tr("本人办理")
        people = [(self.tr("申请人"), state.applicant_name or state.values.get("applicant.name"),
                   state.applicant_id_number or state.values.get("applicant.id_number"),
                   state.values.get("contact.mobile"))]
        if state.via_agent:
            people.append((self.tr("代办人"), state.values.get("agent.name"),
                           state.values.get("agent.id_number"), state.values.get("agent.mobile")))
        unfilled = self.tr("(未填写)")
        rows = "".join(
            f"<tr><td>{esc(role)}</td><td><b>{esc(name or unfilled)}</b></td>"
            f"<td>{esc(mask_id_number(number) if number else '')}</td>"
            f"<td>{esc(mask_phone(phone) if phone else '')}</td></tr>"
            for role, name, number, phone in people)
        parts.append(f"<h3>{h['applicant']}{edit('applicant')}</h3><p>{esc(mode)}</p>"
                     f"<table cellpadding='3'>{rows}</table>")
        parts.append(f"<h3>{h['questions']}{edit('questions')}</h3><ul>")
        for q in plan.questions:
            answer = plan.answers.get(q.id)
            labels = {o.value: o.label for o in q.options}
            if isinstance(answer, bool):
                shown = self.tr("是") if answer else self.tr("否")
            elif isinstance(answer, list):
                shown = "、".join(labels.get(a, a) for a in answer) or self.tr("无")
            else:
                shown = labels.get(answer, "" if answer is None else str(answer))
            parts.append(f"<li>{esc(q.text)} <b>{esc(shown)}</b></li>")
        parts.append(f"</ul><h3>{h['items']}</h3><ol>")
        parts += [f"<li>{esc(i.name)}({esc(session.catalog.department_name(i.department))})</li>"
                  for i in plan.items]
        parts.append(f"</ol><h3>{h['form']}{edit('form')}</h3>")
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
        parts.append(f"<h3>{h['materials']}{edit('materials')}</h3><table cellpadding='3'>")
        for m in plan.materials:
            st = state.materials.get(m.spec.id)
            got = (self.tr("已收%1份").replace("%1", str(st.copies)) if st and st.received
                   else self.tr("容缺") if st and st.accept_missing else "")
            parts.append(f"<tr><td>{esc(m.spec.name)}</td><td>{esc(TAG_LABELS[m.tag])}</td>"
                         f"<td>{esc(got)}</td></tr>")
        parts.append("</table>")
        return "".join(parts)
