"""The citizen's signature box on the second screen: strokes drawn with a finger (a
touch screen acting as a mouse), a mouse, or a pen (a signature pad acting as a
tablet), kept as points in the box's own pixels and handed over as a core
Signature (core/signature.py checks it and says why it is refused).

SignaturePad is the box; SignaturePanel is the box with its title, the message and
the two buttons (重写, 确认签名)."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (QColor, QFont, QInputDevice, QMouseEvent, QPainter, QPaintEvent,
                           QPen, QTabletEvent)
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout,
                               QWidget)

from window_client.core.signature import MAX_POINTS, Signature

#: the pen's width in pixels: a mouse or a finger draws at MOUSE_PRESSURE; a pen's
#: pressure (0..1) varies the width between the two
MIN_PEN_PX, MAX_PEN_PX = 3.0, 9.0
MOUSE_PRESSURE = 0.5
INK = QColor("#111111")
BORDER = QColor("#7a828c")
BASELINE = QColor("#d3d8de")
HINT = QColor("#9aa1a9")
#: a pen's devices: mouse events from them are what the platform made of tablet
#: events the pad already drew
_PEN_DEVICES = (QInputDevice.DeviceType.Stylus, QInputDevice.DeviceType.Airbrush,
                QInputDevice.DeviceType.Puck)


class SignaturePad(QWidget):
    """A white box with a faint baseline; draws what the citizen draws.

    ``changed`` is emitted when a stroke starts, when it ends and on ``clear()``."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signature_pad")
        self.setMinimumSize(900, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self._strokes: list[list[tuple[float, float, int]]] = []
        self._pressures: list[list[float]] = []   # per point, for the pen's width
        self._points = 0
        self._drawing = False         # a button (or the pen's tip) is down
        self._tablet_down = False     # the stroke comes from tablet events
        self._clock = QElapsedTimer()
        self._hint = self.tr("请在此处签名")

    # -- what the panel asks --------------------------------------------------------
    def signature(self) -> Signature:
        return Signature.of(self.width(), self.height(), self._strokes)

    def strokes(self) -> list[list[tuple[float, float, int]]]:
        """A copy of the strokes: (x, y, ms since the first point) in the box's pixels."""
        return [list(s) for s in self._strokes]

    def is_empty(self) -> bool:
        return not self._strokes

    def clear(self) -> None:
        self._strokes.clear()
        self._pressures.clear()
        self._points = 0
        self._drawing = self._tablet_down = False
        self._clock.invalidate()
        self.update()
        self.changed.emit()

    # -- recording -------------------------------------------------------------------
    def _start(self, pos: QPointF, pressure: float) -> None:
        self._drawing = True
        self._strokes.append([])
        self._pressures.append([])
        self._add(pos, pressure)
        self.changed.emit()

    def _add(self, pos: QPointF, pressure: float) -> None:
        if not self._drawing or self._points >= MAX_POINTS:
            return
        if not self._clock.isValid():
            self._clock.start()
        stroke = self._strokes[-1]
        point = (pos.x(), pos.y(), int(self._clock.elapsed()))
        if stroke and stroke[-1][:2] == point[:2]:
            return   # the pen resting: nothing new to draw
        stroke.append(point)
        self._pressures[-1].append(pressure)
        self._points += 1
        self._update_around(stroke, pressure)

    def _end(self, pos: QPointF, pressure: float) -> None:
        if not self._drawing:
            return
        self._add(pos, pressure)
        self._drawing = self._tablet_down = False
        self.changed.emit()

    def _update_around(self, stroke: list[tuple[float, float, int]], pressure: float) -> None:
        """Repaint only the newest segment's neighbourhood."""
        x, y, _t = stroke[-1]
        px, py, _pt = stroke[-2] if len(stroke) > 1 else stroke[-1]
        margin = _pen_width(pressure) + 2
        self.update(QRectF(QPointF(min(x, px), min(y, py)), QPointF(max(x, px), max(y, py)))
                    .adjusted(-margin, -margin, margin, margin).toAlignedRect())

    # -- mouse (a mouse, a finger on a touch screen, a pad acting as a mouse) -------
    @staticmethod
    def _from_pen(event: QMouseEvent) -> bool:
        device = event.device()
        return device is not None and device.type() in _PEN_DEVICES

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._tablet_down or self._from_pen(event):
            event.accept()
            return
        if event.button() == Qt.MouseButton.LeftButton and not self._drawing:
            self._start(event.position(), MOUSE_PRESSURE)
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._tablet_down or self._from_pen(event):
            event.accept()
            return
        if self._drawing and event.buttons() & Qt.MouseButton.LeftButton:
            self._add(event.position(), MOUSE_PRESSURE)
            event.accept()
        else:
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._tablet_down or self._from_pen(event):
            event.accept()
            return
        if event.button() == Qt.MouseButton.LeftButton and self._drawing:
            self._end(event.position(), MOUSE_PRESSURE)
            event.accept()
        else:
            super().mouseReleaseEvent(event)

    # -- a pen (a signature pad acting as a tablet) -----------------------------------
    def tabletEvent(self, event: QTabletEvent) -> None:
        # accepted, always: Qt then makes no mouse events of it (a stroke drawn twice)
        event.accept()
        kind = event.type()
        pressure = max(0.0, min(1.0, event.pressure()))
        if kind == QEvent.Type.TabletPress:
            if event.button() == Qt.MouseButton.LeftButton and not self._drawing:
                self._tablet_down = True
                self._start(event.position(), pressure)
        elif kind == QEvent.Type.TabletMove:
            # a pen hovering over the pad moves without its tip down: no ink
            if self._tablet_down and event.buttons() & Qt.MouseButton.LeftButton:
                self._add(event.position(), pressure)
        elif kind == QEvent.Type.TabletRelease:
            if self._tablet_down and event.button() == Qt.MouseButton.LeftButton:
                self._end(event.position(), pressure)

    # -- drawing ----------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), Qt.GlobalColor.white)
        w, h = self.width(), self.height()
        # the baseline: where a name sits, faint, inset from the sides
        painter.setPen(QPen(BASELINE, 2))
        base_y = round(h * 0.72)
        inset = round(w * 0.06)
        painter.drawLine(inset, base_y, w - inset, base_y)
        if not self._strokes:
            font = QFont(self.font())
            font.setPixelSize(max(24, h // 9))
            painter.setFont(font)
            painter.setPen(HINT)
            painter.drawText(QRectF(0, 0, w, base_y), Qt.AlignmentFlag.AlignCenter, self._hint)
        for stroke, pressures in zip(self._strokes, self._pressures, strict=True):
            self._draw_stroke(painter, stroke, pressures)
        painter.setPen(QPen(BORDER, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(1, 1, w - 2, h - 2))
        painter.end()

    @staticmethod
    def _draw_stroke(painter: QPainter, stroke: list[tuple[float, float, int]],
                     pressures: list[float]) -> None:
        pen = QPen(INK)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        if len(stroke) == 1:   # a tap: a dot
            pen.setWidthF(_pen_width(pressures[0]))
            painter.setPen(pen)
            painter.drawPoint(QPointF(stroke[0][0], stroke[0][1]))
            return
        for (ax, ay, _a), (bx, by, _b), pa, pb in zip(stroke, stroke[1:], pressures,
                                                      pressures[1:], strict=False):
            pen.setWidthF(_pen_width((pa + pb) / 2))
            painter.setPen(pen)
            painter.drawLine(QPointF(ax, ay), QPointF(bx, by))


def _pen_width(pressure: float) -> float:
    return MIN_PEN_PX + (MAX_PEN_PX - MIN_PEN_PX) * pressure


PANEL_STYLE = """
QWidget#signature_panel { background: #f4f6f8; }
QLabel#signature_title { color: #1b2430; font-size: 40px; font-weight: bold; }
QLabel#signature_message { color: #b3261e; font-size: 30px; font-weight: bold; }
QPushButton { font-size: 32px; min-height: 96px; min-width: 280px; border-radius: 12px;
              padding: 0 40px; }
QPushButton#signature_clear_button { color: #1b2430; background: #ffffff;
                                     border: 3px solid #5b6470; }
QPushButton#signature_clear_button:pressed { background: #e3e7ec; }
QPushButton#signature_confirm_button { color: #ffffff; background: #0b4f9c;
                                       border: 3px solid #0b4f9c; font-weight: bold; }
QPushButton#signature_confirm_button:pressed { background: #083a73; }
"""


class SignaturePanel(QWidget):
    """Title, pad, message and the buttons. ``signed(Signature)`` when the citizen
    confirms a signature the core accepts; otherwise the message says why and the
    strokes stay (the citizen adds to them, or touches 重写)."""

    signed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signature_panel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(PANEL_STYLE)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 40, 48, 40)
        layout.setSpacing(24)
        self.title_label = QLabel(self.tr("请在下方框内签名"))
        self.title_label.setObjectName("signature_title")
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.title_label)
        self.pad = SignaturePad()
        layout.addWidget(self.pad, 1)
        self.message_label = QLabel()
        self.message_label.setObjectName("signature_message")
        self.message_label.setProperty("role", "error")
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setWordWrap(True)
        self.message_label.setMinimumHeight(48)   # the layout does not jump when it shows
        layout.addWidget(self.message_label)
        buttons = QHBoxLayout()
        buttons.setSpacing(48)
        buttons.addStretch(1)
        self.clear_button = QPushButton(self.tr("重写"))
        self.clear_button.setObjectName("signature_clear_button")
        self.confirm_button = QPushButton(self.tr("确认签名"))
        self.confirm_button.setObjectName("signature_confirm_button")
        for b in (self.clear_button, self.confirm_button):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # touch only: no focus frame
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.clear_button.clicked.connect(self.reset)
        self.confirm_button.clicked.connect(self.confirm)
        self.pad.changed.connect(self._pad_changed)

    def _pad_changed(self) -> None:
        if not self.pad.is_empty():   # drawing again: the old message is stale
            self.message_label.clear()

    def confirm(self) -> bool:
        sig = self.pad.signature()
        problem = sig.problem()
        if problem is not None:
            self.message_label.setText(problem)
            return False
        self.message_label.clear()
        self.signed.emit(sig)
        return True

    def reset(self) -> None:
        self.pad.clear()
        self.message_label.clear()
