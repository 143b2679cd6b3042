"""A small flow chart of a one-thing's items: one column per dependency layer,
arrows from each item to the items that wait for it (the grid is core/flow.py's,
the same the printed guide draws)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from window_client.core.flow import flow_grid

BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN = 190, 64, 48, 14, 8


class FlowChartWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._boxes: dict[str, QRectF] = {}
        self._labels: dict[str, tuple[str, str]] = {}
        self._edges: list[tuple[str, str]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_items(self, items: list[tuple[str, str, str, tuple[str, ...]]]) -> None:
        """``items``: (code, name, department, depends_on)."""
        grid = flow_grid([(c, d) for c, _n, _dep, d in items])
        self._labels = {code: (name, dep) for code, name, dep, _ in items}
        self._boxes = {code: QRectF(MARGIN + col * (BOX_W + GAP_X),
                                    MARGIN + row * (BOX_H + GAP_Y), BOX_W, BOX_H)
                       for code, (col, row) in grid.cells.items()}
        self._edges = list(grid.edges)
        self.updateGeometry()
        self.resize(self.sizeHint())  # inside a non-resizing scroll area
        self.update()

    def sizeHint(self) -> QSize:
        if not self._boxes:
            return QSize(200, 40)
        right = max(r.right() for r in self._boxes.values()) + MARGIN
        bottom = max(r.bottom() for r in self._boxes.values()) + MARGIN
        return QSize(int(right), int(bottom))

    def minimumSizeHint(self) -> QSize:
        return QSize(self.sizeHint().width() // 2, self.sizeHint().height())

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(QColor("#5b6b7a"), 1.6))
        for src, dst in self._edges:
            a, b = self._boxes[src], self._boxes[dst]
            start = QPointF(a.right(), a.center().y())
            end = QPointF(b.left(), b.center().y())
            path = QPainterPath(start)
            mid = (start.x() + end.x()) / 2
            path.cubicTo(QPointF(mid, start.y()), QPointF(mid, end.y()), end)
            p.drawPath(path)
            p.drawLine(end, end + QPointF(-7, -4))
            p.drawLine(end, end + QPointF(-7, 4))
        for code, rect in self._boxes.items():
            name, dep = self._labels[code]
            p.setPen(QPen(QColor("#1f4e79"), 1.4))
            p.setBrush(QColor("#eef4fa"))
            p.drawRoundedRect(rect, 6, 6)
            p.setPen(QColor("#1b1f24"))
            font = p.font()
            font.setPointSizeF(10.5)
            p.setFont(font)
            inner = rect.adjusted(6, 4, -6, -18)
            p.drawText(inner, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, name)
            font.setPointSizeF(9)
            p.setFont(font)
            p.setPen(QColor("#4a5560"))
            p.drawText(rect.adjusted(4, rect.height() - 20, -4, -3),
                       Qt.AlignmentFlag.AlignCenter, dep)
        p.end()
