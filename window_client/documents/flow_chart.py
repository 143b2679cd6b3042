"""The items' flow chart on paper: the grid of core/flow.py (the screen's), boxes
with the item's name, its department and its promised days, an arrow from each
item to those that wait for it. Items that apply only in some cases are drawn
dashed and marked 视情形."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from window_client.core.flow import flow_grid

from .data import DocItem
from .layout import mm, styles, text

GAP_X, GAP_Y, PAD = 9 * mm, 3 * mm, 1.6 * mm
MAX_BOX_W, MIN_BOX_W = 52 * mm, 26 * mm
BLUE, GREY = colors.HexColor("#1f4e79"), colors.HexColor("#5b6b7a")


@dataclass
class _Box:
    name: Paragraph
    note: Paragraph
    dashed: bool


class ItemFlowChart(Flowable):
    def __init__(self, items: Sequence[DocItem], applicable: Sequence[str],
                 width: float) -> None:
        super().__init__()
        names = {i.name: i.code for i in items}
        self.grid = flow_grid([(i.code, tuple(names[d] for d in i.depends_on if d in names))
                               for i in items])
        cols = max(self.grid.columns, 1)
        self.box_w = max(MIN_BOX_W, min(MAX_BOX_W, (width - (cols - 1) * GAP_X) / cols))
        st = styles()
        size = 8.5 if self.box_w >= 36 * mm else 7.5
        name_style = ParagraphStyle("flow_name", parent=st.cell_center, fontSize=size,
                                    leading=size * 1.3)
        note_style = ParagraphStyle("flow_note", parent=st.cell_center, fontSize=size - 1.5,
                                    leading=(size - 1.5) * 1.3, textColor=GREY)
        self.boxes: dict[str, _Box] = {}
        for i in items:
            dashed = i.code not in applicable
            note = f"{i.department_short or i.department} · 承诺{i.promised_days}个工作日" \
                + ("(视情形)" if dashed else "")
            self.boxes[i.code] = _Box(text(i.name, name_style), text(note, note_style), dashed)
        inner = self.box_w - 2 * PAD
        self.box_h = max((b.name.wrap(inner, 1000)[1] + b.note.wrap(inner, 1000)[1]
                          for b in self.boxes.values()), default=10 * mm) + 2 * PAD + 1 * mm
        self.width = cols * self.box_w + (cols - 1) * GAP_X
        self.height = self.grid.rows * self.box_h + max(self.grid.rows - 1, 0) * GAP_Y

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def _origin(self, key: str) -> tuple[float, float]:
        col, row = self.grid.cells[key]
        x = col * (self.box_w + GAP_X)
        y = self.height - (row + 1) * self.box_h - row * GAP_Y
        return x, y

    def draw(self) -> None:
        c = self.canv
        c.saveState()
        c.setStrokeColor(GREY)
        c.setLineWidth(0.8)
        for src, dst in self.grid.edges:
            sx, sy = self._origin(src)
            dx, dy = self._origin(dst)
            x0, y0 = sx + self.box_w, sy + self.box_h / 2
            x1, y1 = dx, dy + self.box_h / 2
            mid = (x0 + x1) / 2
            path = c.beginPath()
            path.moveTo(x0, y0)
            path.curveTo(mid, y0, mid, y1, x1, y1)
            c.drawPath(path, stroke=1, fill=0)
            head = c.beginPath()
            head.moveTo(x1, y1)
            head.lineTo(x1 - 2.2 * mm, y1 + 1.2 * mm)
            head.lineTo(x1 - 2.2 * mm, y1 - 1.2 * mm)
            head.close()
            c.setFillColor(GREY)
            c.drawPath(head, stroke=0, fill=1)
        inner = self.box_w - 2 * PAD
        for key, box in self.boxes.items():
            x, y = self._origin(key)
            c.setStrokeColor(BLUE)
            c.setFillColor(colors.HexColor("#eef4fa"))
            c.setLineWidth(0.9)
            c.setDash(2, 1.5) if box.dashed else c.setDash()
            c.roundRect(x, y, self.box_w, self.box_h, 1.5 * mm, stroke=1, fill=1)
            c.setDash()
            _, name_h = box.name.wrap(inner, self.box_h)
            _, note_h = box.note.wrap(inner, self.box_h)
            top = y + self.box_h - PAD
            gap = (self.box_h - 2 * PAD - name_h - note_h) / 2
            box.name.drawOn(c, x + PAD, top - gap - name_h)
            box.note.drawOn(c, x + PAD, y + PAD)
        c.restoreState()
