"""Every question page of every configured one-thing, at the two screen sizes halls
have (1366×768 and 1920×1080): no question's text, option or button is clipped,
and no option runs past the right edge. Measured with QFontMetrics against each
widget's geometry, so a layout that squeezes a wrapped label into one button's
height fails here."""

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from .helpers import make_window

SIZES = [(1366, 768), (1920, 1080)]


def _problems(page) -> list[str]:
    viewport = page.scroll.viewport()
    found = []
    holder = page.scroll.widget()
    for widget in [*holder.findChildren(QLabel), *holder.findChildren(QAbstractButton)]:
        if not widget.isVisibleTo(page) or not widget.text():
            continue
        text = widget.text()
        if isinstance(widget, QLabel):
            rect = widget.contentsRect()
            fm = widget.fontMetrics()
            if widget.wordWrap():
                need = fm.boundingRect(QRect(0, 0, rect.width(), 100000),
                                       int(Qt.TextFlag.TextWordWrap), text)
                if need.height() > rect.height() or need.width() > rect.width():
                    found.append(f"label {text[:20]!r}: needs {need.width()}×{need.height()}, "
                                 f"has {rect.width()}×{rect.height()}")
            elif fm.horizontalAdvance(text) > rect.width():
                found.append(f"label {text[:20]!r}: needs {fm.horizontalAdvance(text)} px, "
                             f"has {rect.width()}")
        else:
            hint = widget.sizeHint()
            if hint.width() > widget.width() or hint.height() > widget.height():
                found.append(f"option {text[:20]!r}: needs {hint.width()}×{hint.height()}, "
                             f"has {widget.width()}×{widget.height()}")
        right = widget.mapTo(viewport, QPoint(widget.width(), 0)).x()
        if right > viewport.width():
            found.append(f"{text[:20]!r} runs {right - viewport.width()} px past the right edge")
    return found


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_no_question_text_or_option_is_clipped(qtbot, tmp_path, catalog, size):
    window, _ = make_window(qtbot, tmp_path, catalog)
    window.resize(*size)
    w = window.acceptance
    checked, problems = 0, {}
    for one_thing_id, one in sorted(catalog.definitions.items()):
        if not one.questions:
            continue
        w.start_case(one_thing_id)
        w.session.state.step = "questions"
        w._show("questions")
        page = w.pages["questions"]
        for qid in page.widgets:   # every question, also those a condition hides
            page.blocks[qid].setVisible(True)
            page.widgets[qid].setVisible(True)
            page.labels[qid].setVisible(True)
        for _ in range(3):
            QApplication.processEvents()
        found = _problems(page)
        if found:
            problems[one_thing_id] = found
        checked += len(page.widgets)
        w.reset()
    assert checked >= 40, checked
    assert problems == {}
