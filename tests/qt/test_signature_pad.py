"""The citizen's signature box: strokes drawn with real mouse and tablet events,
checked by the core on 确认签名, cleared on 重写, a pen's stroke recorded once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QInputDevice, QMouseEvent, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from window_client.core import messages
from window_client.core.signature import MAX_POINTS
from window_client.qt.signature_pad import SignaturePad, SignaturePanel

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.MouseButton.NoButton
NO_MOD = Qt.KeyboardModifier.NoModifier


@pytest.fixture
def panel(qtbot):
    panel = SignaturePanel()
    qtbot.addWidget(panel)
    panel.resize(1600, 700)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _move(widget, pos: QPoint, buttons=LEFT) -> None:
    """A move carrying the button state (what a finger or a held mouse sends)."""
    event = QMouseEvent(QEvent.Type.MouseMove, QPointF(pos), QPointF(widget.mapToGlobal(pos)),
                        NONE, buttons, NO_MOD)
    QApplication.sendEvent(widget, event)


def mouse_stroke(widget, points: list[tuple[int, int]]) -> None:
    first, *rest = [QPoint(x, y) for x, y in points]
    QTest.mousePress(widget, LEFT, NO_MOD, first)
    for p in rest:
        _move(widget, p)
    QTest.mouseRelease(widget, LEFT, NO_MOD, rest[-1] if rest else first)


def zigzag(x0: int, y0: int, x1: int, y1: int, steps: int = 24) -> list[tuple[int, int]]:
    return [(x0 + (x1 - x0) * i // steps, y0 if i % 2 else y1) for i in range(steps + 1)]


def scribble(pad: SignaturePad) -> None:
    """Two long strokes across the box: a name's worth of ink."""
    w, h = pad.width(), pad.height()
    mouse_stroke(pad, zigzag(w // 10, h // 4, w // 2, h * 3 // 4))
    mouse_stroke(pad, zigzag(w // 2 + 20, h // 5, w * 9 // 10, h * 7 // 10))


def click(button: QPushButton) -> None:
    QTest.mouseClick(button, LEFT)


def test_a_scribble_is_accepted_and_signed_carries_the_strokes(panel, qtbot):
    pad = panel.findChild(SignaturePad, "signature_pad")
    assert pad is panel.pad and pad.is_empty()
    assert pad.width() >= 900 and pad.height() >= 300
    changes = []
    pad.changed.connect(lambda: changes.append(1))
    scribble(pad)
    assert not pad.is_empty() and len(changes) == 4   # each stroke: started, ended
    with qtbot.waitSignal(panel.signed, timeout=1000) as blocker:
        click(panel.findChild(QPushButton, "signature_confirm_button"))
    sig = blocker.args[0]
    assert sig.problem() is None
    assert (sig.width, sig.height) == (pad.width(), pad.height())
    assert len(sig.strokes) == 2 and all(len(s) == 25 for s in sig.strokes)
    for stroke in sig.strokes:
        for x, y, ms in stroke:
            assert 0 <= x <= sig.width and 0 <= y <= sig.height
            assert ms >= 0
        times = [ms for _x, _y, ms in stroke]
        assert times == sorted(times)
    assert sig.strokes[0][0][:2] == (pad.width() // 10, pad.height() * 3 // 4)
    assert panel.findChild(type(panel.message_label), "signature_message").text() == ""


def test_a_tap_is_refused_and_the_strokes_stay(panel, qtbot):
    pad = panel.pad
    QTest.mouseClick(pad, LEFT, NO_MOD, QPoint(300, 150))
    assert len(pad.strokes()) == 1
    with qtbot.assertNotEmitted(panel.signed):
        assert not panel.confirm()
        click(panel.confirm_button)
    assert panel.message_label.text() in (messages.SIGNATURE_EMPTY,
                                         messages.SIGNATURE_TOO_FEW_STROKES)
    assert len(pad.strokes()) == 1   # nothing the citizen drew is lost
    # one long line is still too few strokes; the strokes stay again
    mouse_stroke(pad, zigzag(100, 80, 800, 250))
    assert not panel.confirm()
    assert panel.message_label.text() == messages.SIGNATURE_TOO_FEW_STROKES
    assert len(pad.strokes()) == 2
    # drawing on clears the stale message; a second line makes it a signature
    mouse_stroke(pad, zigzag(820, 60, 1300, 260))
    assert panel.message_label.text() == ""
    with qtbot.waitSignal(panel.signed, timeout=1000):
        click(panel.confirm_button)


def test_rewrite_clears_the_pad_and_the_message(panel):
    pad = panel.pad
    mouse_stroke(pad, [(200, 100), (260, 120)])
    assert not panel.confirm() and panel.message_label.text()
    click(panel.findChild(QPushButton, "signature_clear_button"))
    assert pad.is_empty() and pad.strokes() == [] and panel.message_label.text() == ""
    assert not panel.confirm()
    assert panel.message_label.text() == messages.SIGNATURE_EMPTY
    scribble(pad)
    panel.reset()
    assert pad.is_empty() and panel.message_label.text() == ""


def test_moves_without_a_button_draw_nothing(panel):
    pad = panel.pad
    for x in range(100, 800, 50):
        _move(pad, QPoint(x, 150), buttons=NONE)
    assert pad.is_empty()
    # a right button draws nothing either
    QTest.mousePress(pad, Qt.MouseButton.RightButton, NO_MOD, QPoint(100, 100))
    _move(pad, QPoint(400, 100), buttons=Qt.MouseButton.RightButton)
    QTest.mouseRelease(pad, Qt.MouseButton.RightButton, NO_MOD, QPoint(400, 100))
    assert pad.is_empty()
    # after a release, moves add nothing to the finished stroke
    mouse_stroke(pad, [(100, 100), (300, 120)])
    _move(pad, QPoint(600, 200), buttons=NONE)
    _move(pad, QPoint(700, 200))   # a stray move claiming a button, without a press
    assert pad.strokes()[0][-1][:2] == (300, 120) and len(pad.strokes()) == 1


def test_points_are_capped(panel, monkeypatch):
    import window_client.qt.signature_pad as module
    monkeypatch.setattr(module, "MAX_POINTS", 10)
    assert MAX_POINTS > 10
    pad = panel.pad
    mouse_stroke(pad, [(100 + i * 5, 100 + (i % 2) * 40) for i in range(30)])
    assert sum(len(s) for s in pad.strokes()) == 10


# -- a pen: tablet events -------------------------------------------------------------

@pytest.fixture(scope="module")
def stylus():
    caps = (QInputDevice.Capability.Position | QInputDevice.Capability.Pressure)
    return QPointingDevice("test pen", 4242, QInputDevice.DeviceType.Stylus,
                           QPointingDevice.PointerType.Pen, caps, 1, 2)


def _tablet(widget, device, kind, pos: QPoint, pressure, button, buttons) -> bool:
    """Send a tablet event as the platform delivers it (not accepted beforehand);
    when the widget leaves it unaccepted, send the mouse event Qt would synthesize
    from it (QGuiApplicationPrivate::processTabletEvent). True when accepted."""
    event = QTabletEvent(kind, device, QPointF(pos), QPointF(widget.mapToGlobal(pos)),
                         pressure, 0.0, 0.0, 0.0, 0.0, 0.0, NO_MOD, button, buttons)
    event.setAccepted(False)
    QApplication.sendEvent(widget, event)
    if not event.isAccepted():
        mouse_kind = {QEvent.Type.TabletPress: QEvent.Type.MouseButtonPress,
                      QEvent.Type.TabletMove: QEvent.Type.MouseMove,
                      QEvent.Type.TabletRelease: QEvent.Type.MouseButtonRelease}[kind]
        QApplication.sendEvent(widget, QMouseEvent(
            mouse_kind, QPointF(pos), QPointF(pos), QPointF(widget.mapToGlobal(pos)), button,
            buttons, NO_MOD, Qt.MouseEventSource.MouseEventSynthesizedByQt, device))
    return event.isAccepted()


def pen_stroke(widget, device, points, pressures=None) -> list[bool]:
    pressures = pressures or [0.6] * len(points)
    pts = [QPoint(x, y) for x, y in points]
    accepted = [_tablet(widget, device, QEvent.Type.TabletPress, pts[0], pressures[0],
                        LEFT, LEFT)]
    for p, pr in zip(pts[1:], pressures[1:], strict=True):
        accepted.append(_tablet(widget, device, QEvent.Type.TabletMove, p, pr, NONE, LEFT))
    accepted.append(_tablet(widget, device, QEvent.Type.TabletRelease, pts[-1], 0.0,
                            LEFT, NONE))
    return accepted


def test_a_pen_stroke_is_recorded_once(panel, qtbot, stylus):
    pad = panel.pad
    w, h = pad.width(), pad.height()
    first = zigzag(w // 10, h // 4, w // 2, h * 3 // 4)
    accepted = pen_stroke(pad, stylus, first, [0.2 + 0.03 * i for i in range(len(first))])
    assert all(accepted)   # accepted: Qt makes no mouse events of them
    assert len(pad.strokes()) == 1
    assert [p[:2] for p in pad.strokes()[0]] == [(float(x), float(y)) for x, y in first]
    # a pen hovering (no tip down) draws nothing, nor the mouse moves made of it
    # (QWidget leaves hovering moves unaccepted without WA_TabletTracking)
    for x in range(100, 600, 100):
        _tablet(pad, stylus, QEvent.Type.TabletMove, QPoint(x, 60), 0.0, NONE, NONE)
    assert len(pad.strokes()) == 1
    # the mouse events some platforms make of a pen themselves are not drawn again
    QApplication.sendEvent(pad, QMouseEvent(
        QEvent.Type.MouseButtonPress, QPointF(50, 50), QPointF(50, 50),
        QPointF(pad.mapToGlobal(QPoint(50, 50))),
        LEFT, LEFT, NO_MOD, Qt.MouseEventSource.MouseEventSynthesizedBySystem, stylus))
    _move(pad, QPoint(400, 200))
    QTest.mouseRelease(pad, LEFT, NO_MOD, QPoint(400, 200))
    assert len(pad.strokes()) == 1
    pen_stroke(pad, stylus, zigzag(w // 2 + 20, h // 5, w * 9 // 10, h * 7 // 10))
    assert [len(s) for s in pad.strokes()] == [len(first), 25]
    with qtbot.waitSignal(panel.signed, timeout=1000) as blocker:
        click(panel.confirm_button)
    assert len(blocker.args[0].strokes) == 2


def test_a_pen_and_a_finger_in_one_signature(panel, qtbot, stylus):
    pad = panel.pad
    pen_stroke(pad, stylus, zigzag(150, 80, 700, 260))
    mouse_stroke(pad, zigzag(750, 60, 1400, 250))
    assert len(pad.strokes()) == 2
    with qtbot.waitSignal(panel.signed, timeout=1000):
        click(panel.confirm_button)


def test_screenshot(panel, stylus):
    """Rendered at the second screen's size for a look (not compared)."""
    panel.resize(1920, 1080)
    QApplication.processEvents()
    pad = panel.pad
    panel.grab().save("/tmp/pad_empty.png")
    w, h = pad.width(), pad.height()
    # something like a two-character name, drawn with a pen of varying pressure
    strokes = [
        [(0.18, 0.30), (0.30, 0.28), (0.31, 0.33)],
        [(0.24, 0.20), (0.23, 0.50), (0.17, 0.70)],
        [(0.24, 0.42), (0.33, 0.68)],
        [(0.42, 0.26), (0.55, 0.25)],
        [(0.48, 0.18), (0.49, 0.70), (0.45, 0.66)],
        [(0.40, 0.45), (0.58, 0.44)],
        [(0.62, 0.22), (0.62, 0.66)],
        [(0.62, 0.22), (0.78, 0.22), (0.78, 0.66)],
        [(0.62, 0.44), (0.78, 0.44)],
        [(0.62, 0.66), (0.80, 0.66)],
    ]
    for stroke in strokes:
        pts = []
        for (ax, ay), (bx, by) in zip(stroke, stroke[1:], strict=False):
            pts += [(round(w * (ax + (bx - ax) * i / 12)), round(h * (ay + (by - ay) * i / 12)))
                    for i in range(12)]
        pts.append((round(w * stroke[-1][0]), round(h * stroke[-1][1])))
        pen_stroke(pad, stylus, pts, [0.3 + 0.6 * i / len(pts) for i in range(len(pts))])
    panel.grab().save("/tmp/pad.png")
    assert not panel.confirm() or panel.message_label.text() == ""
    QTest.mouseClick(pad, LEFT, NO_MOD, QPoint(40, 40))
    panel.reset()
    QTest.mouseClick(pad, LEFT, NO_MOD, QPoint(300, 150))
    panel.confirm()
    panel.grab().save("/tmp/pad_refused.png")
