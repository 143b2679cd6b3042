"""好差评 on the citizen's screen: a 3 to 5 is one touch; a 1 or 2 asks for the
reasons with buttons before 提交评价; 不评价 skips."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from window_client.core.labels import EVALUATION_LEVEL_LABELS, EVALUATION_REASONS
from window_client.qt.citizen_rating import RatingPanel


@pytest.fixture
def panel(qtbot):
    panel = RatingPanel()
    qtbot.addWidget(panel)
    panel.resize(1600, 900)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def touch(panel, name: str) -> None:
    button = panel.findChild(QPushButton, name)
    assert button is not None and button.isVisible(), name
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


def reason(panel, text: str) -> str:
    return f"reason_{EVALUATION_REASONS.index(text)}"


def test_the_five_levels_best_first_and_the_titles(panel):
    buttons = [panel.findChild(QPushButton, f"rate_{n}") for n in (5, 4, 3, 2, 1)]
    assert [b.text() for b in buttons] == [EVALUATION_LEVEL_LABELS[n] for n in (5, 4, 3, 2, 1)]
    xs = [b.x() for b in buttons]
    assert xs == sorted(xs)   # 非常满意 on the left
    assert all(b.height() >= 96 for b in buttons)
    title = panel.findChild(QLabel, "rating_title")
    assert title.text() == "请您对本次受理服务进行评价"
    panel.ask("issuance")
    assert title.text() == "请您对本次出件服务进行评价"
    with pytest.raises(ValueError):
        panel.ask("payment")
    assert not panel.reasons_box.isVisible()


@pytest.mark.parametrize("level", [5, 4, 3])
def test_a_good_rating_is_one_touch(panel, qtbot, level):
    with qtbot.waitSignal(panel.rated, timeout=1000) as blocker:
        touch(panel, f"rate_{level}")
    assert blocker.args == [level, ""]
    assert not panel.reasons_box.isVisible()


def test_a_1_without_a_reason_is_not_submitted(panel, qtbot):
    with qtbot.assertNotEmitted(panel.rated):
        touch(panel, "rate_1")
        assert panel.reasons_box.isVisible()
        assert len(panel.reason_buttons) == len(EVALUATION_REASONS)
        assert all(b.height() >= 96 for b in panel.reason_buttons)
        touch(panel, "rating_submit_button")
    assert panel.findChild(QLabel, "rating_message").text() == "请选择不满意的原因"
    # touching a reason twice leaves it unchosen: still refused
    with qtbot.assertNotEmitted(panel.rated):
        touch(panel, reason(panel, "多次跑动"))
        assert panel.message_label.text() == ""
        touch(panel, reason(panel, "多次跑动"))
        touch(panel, "rating_submit_button")
    assert panel.message_label.text() == "请选择不满意的原因"


def test_a_1_with_two_reasons(panel, qtbot):
    touch(panel, "rate_1")
    touch(panel, reason(panel, "服务态度差"))
    touch(panel, reason(panel, "等候时间长"))
    with qtbot.waitSignal(panel.rated, timeout=1000) as blocker:
        touch(panel, "rating_submit_button")
    assert blocker.args == [1, "等候时间长、服务态度差"]   # in the buttons' order


def test_a_2_with_one_reason_and_a_change_of_mind(panel, qtbot):
    touch(panel, "rate_2")
    touch(panel, reason(panel, "系统故障"))
    with qtbot.waitSignal(panel.rated, timeout=1000) as blocker:
        touch(panel, "rating_submit_button")
    assert blocker.args == [2, "系统故障"]
    # after a 1, the citizen touches 4 instead: at once, without a reason
    panel.reset()
    touch(panel, "rate_1")
    touch(panel, reason(panel, "办理效率低"))
    with qtbot.waitSignal(panel.rated, timeout=1000) as blocker:
        touch(panel, "rate_4")
    assert blocker.args == [4, ""]


def test_skip(panel, qtbot):
    with qtbot.waitSignal(panel.skipped, timeout=1000), qtbot.assertNotEmitted(panel.rated):
        touch(panel, "rating_skip_button")


def test_reset_returns_to_the_first_state(panel):
    touch(panel, "rate_2")
    touch(panel, reason(panel, "多次跑动"))
    touch(panel, reason(panel, "多次跑动"))
    touch(panel, "rating_submit_button")
    assert panel.message_label.text()
    panel.reset()
    assert not panel.reasons_box.isVisible() and panel.message_label.text() == ""
    assert panel.level() is None and panel.chosen_reasons() == []
    assert not any(b.isChecked() for b in panel.level_buttons.values())
    panel.ask("issuance")
    assert panel.level() is None


def test_screenshot(panel):
    """Rendered at the second screen's size for a look (not compared)."""
    panel.resize(1920, 1080)
    panel.ask("issuance")
    QApplication.processEvents()
    panel.grab().save("/tmp/rating.png")
    touch(panel, "rate_2")
    touch(panel, reason(panel, "等候时间长"))
    touch(panel, reason(panel, "多次跑动"))
    QApplication.processEvents()
    panel.grab().save("/tmp/rating_reasons.png")
    panel.reset()
    touch(panel, "rate_1")
    touch(panel, "rating_submit_button")
    QApplication.processEvents()
    panel.grab().save("/tmp/rating_refused.png")
