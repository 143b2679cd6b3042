"""A layout that places its widgets left to right and wraps them onto the next line
when the width runs out: Qt's own "Flow Layout" example (doc.qt.io/qt-6/
qtwidgets-layouts-flowlayout-example.html), used for long option lists (check boxes
of 经营食品项目) so that no option is cut off at the right edge. It answers
heightForWidth, so a scroll area or a form gives it the height its lines need."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QStyle, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, h_spacing: int = -1,
                 v_spacing: int = -1) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._h, self._v = h_spacing, v_spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def __del__(self) -> None:
        while self.takeAt(0) is not None:
            pass

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt override
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt override
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._do_layout(QRect(0, 0, width, 0), test_only=True)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        super().setGeometry(rect)
        self._do_layout(rect, test_only=False)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _spacing(self, which: QStyle.PixelMetric, own: int) -> int:
        if own >= 0:
            return own
        parent = self.parent()
        if isinstance(parent, QWidget):
            return parent.style().pixelMetric(which, None, parent)
        return self.spacing()

    def _do_layout(self, rect: QRect, *, test_only: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line_height = area.x(), area.y(), 0
        for item in self._items:
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            style = widget.style() if widget is not None else None
            space_x = self._h if self._h >= 0 else (style.layoutSpacing(
                QSizePolicy.ControlType.CheckBox, QSizePolicy.ControlType.CheckBox,
                Qt.Orientation.Horizontal) if style else 6)
            space_y = self._v if self._v >= 0 else (style.layoutSpacing(
                QSizePolicy.ControlType.CheckBox, QSizePolicy.ControlType.CheckBox,
                Qt.Orientation.Vertical) if style else 6)
            space_x, space_y = max(space_x, 12), max(space_y, 4)
            hint = item.sizeHint()
            next_x = x + hint.width() + space_x
            if next_x - space_x > area.right() + 1 and line_height > 0:
                x = area.x()
                y = y + line_height + space_y
                next_x = x + hint.width() + space_x
                line_height = 0
            if not test_only:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x = next_x
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y() + m.bottom()
