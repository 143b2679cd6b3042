"""What every printed document shares: the bundled CJK font (embedded as a subset),
paragraph styles, tables with borders, a bold-looking title, and the page frame —
a header and a footer with 第 X 页 / 共 Y 页 and the case number on every page."""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from functools import lru_cache
from collections.abc import Callable, Iterable, Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Flowable, Frame, Image,
                                PageTemplate, Paragraph, Spacer, Table, TableStyle)

from window_client.resources import resource

FONT = "WQYMicroHei"
FONT_PATH = resource("fonts", "wqy-microhei.ttc")
HEADER_FILL = colors.Color(0.91, 0.91, 0.91)
# reportlab keeps per-process state (font subsets per document, rl_config): one
# document is built at a time, whichever thread asks
_BUILD_LOCK = threading.Lock()
LINE = 0.6


@lru_cache(maxsize=1)
def register_font() -> str:
    """Registers WenQuanYi Micro Hei (face 0 of the collection) once per process.
    reportlab embeds a subset of it in every PDF that uses it."""
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_PATH), subfontIndex=0))
    # the face has no bold or italic: <b> in a paragraph falls back to the same face
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT)
    return FONT


def has_glyph(char: str) -> bool:
    register_font()
    return ord(char) in pdfmetrics.getFont(FONT).face.charToGlyph


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    label: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    right: ParagraphStyle
    indent: ParagraphStyle      # body text, first line indented two characters


@lru_cache(maxsize=4)
def styles(size: float = 10.0) -> Styles:
    """Styles scaled from the body size (10 pt on A4, smaller on the 80 mm roll)."""
    register_font()
    base = ParagraphStyle("body", fontName=FONT, fontSize=size, leading=size * 1.45,
                          wordWrap="CJK", textColor=colors.black)
    cell = ParagraphStyle("cell", parent=base, fontSize=size - 1, leading=(size - 1) * 1.35)
    return Styles(
        body=base,
        small=ParagraphStyle("small", parent=base, fontSize=size - 1.5,
                             leading=(size - 1.5) * 1.4),
        cell=cell,
        cell_center=ParagraphStyle("cell_center", parent=cell, alignment=TA_CENTER),
        label=ParagraphStyle("label", parent=cell, alignment=TA_CENTER),
        subtitle=ParagraphStyle("subtitle", parent=base, fontSize=size + 1,
                                leading=(size + 1) * 1.4, alignment=TA_CENTER),
        heading=ParagraphStyle("heading", parent=base, fontSize=size + 1.5,
                               leading=(size + 1.5) * 1.4, spaceBefore=size * 0.6,
                               spaceAfter=size * 0.3),
        right=ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        indent=ParagraphStyle("indent", parent=base, firstLineIndent=size * 2),
    )


def text(value: object, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped; line breaks kept)."""
    s = "—" if value is None or value == "" else str(value)
    return Paragraph(escape(s).replace("\n", "<br/>"), style)


def markup(value: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(value, style)


class BoldLine(Flowable):
    """One line drawn filled and stroked: the face has no bold, and titles and
    headings must stand out in black and white. Shrinks to fit the width."""

    def __init__(self, line: str, size: float, align: str = "center", char_space: float = 0,
                 space_before: float = 0, space_after: float = 0) -> None:
        super().__init__()
        self.line, self.size, self.align, self.char_space = line, size, align, char_space
        self.spaceBefore, self.spaceAfter = space_before, space_after
        self._width = 0.0

    def _text_width(self, size: float) -> float:
        return (pdfmetrics.stringWidth(self.line, FONT, size)
                + self.char_space * max(len(self.line) - 1, 0))

    def wrap(self, avail_width, avail_height):
        register_font()
        while self.size > 6 and self._text_width(self.size) > avail_width:
            self.size -= 0.5
            self.char_space = min(self.char_space, self.size * 0.2)
        self._width = avail_width
        return avail_width, self.size * 1.35

    def draw(self) -> None:
        c = self.canv
        width = self._text_width(self.size)
        x = {"center": (self._width - width) / 2, "left": 0,
             "right": self._width - width}[self.align]
        c.saveState()
        c.setLineWidth(self.size * 0.035)
        t = c.beginText()
        t.setTextOrigin(x, self.size * 0.3)
        t.setFont(FONT, self.size)
        t.setCharSpace(self.char_space)
        t.setTextRenderMode(2)
        t.textOut(self.line)
        c.drawText(t)
        c.restoreState()


def table(data: list, widths: Sequence[float], commands: Sequence[tuple], **kw) -> Table:
    """A Table whose own font is ours too: reportlab sets a cell's font (Helvetica by
    default) before drawing it, which would list an unembedded font in the PDF."""
    t = Table(data, colWidths=list(widths), **kw)
    t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, 9)] + list(commands)))
    return t


def heading(line: str, size: float = 11.5, *, room: float = 22 * mm) -> list[Flowable]:
    """A section heading, moved to the next page when less than ``room`` is left
    under it (a heading alone at the foot of a page)."""
    return [CondPageBreak(room), BoldLine(line, size, align="left", space_before=size * 0.45,
                                          space_after=size * 0.15)]


def grid(header: Sequence[str] | None, rows: Iterable[Sequence[object]],
         widths: Sequence[float], st: Styles, *, center: Sequence[int] = (),
         fill_header: bool = True) -> Table:
    """A bordered table of wrapped cells; the header row repeats on every page."""
    data = []
    if header:
        data.append([text(h, st.label) for h in header])
    for row in rows:
        data.append([cell if isinstance(cell, Flowable)
                     else text(cell, st.cell_center if i in center else st.cell)
                     for i, cell in enumerate(row)])
    commands = [("GRID", (0, 0), (-1, -1), LINE, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
    if header and fill_header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL))
    return table(data, widths, commands, repeatRows=1 if header else 0)


def form_grid(pairs: Sequence[tuple[str, object, bool]], width: float, st: Styles, *,
              label_width: float = 26 * mm, fill: bool = True) -> Table:
    """Label/value pairs two to a row, as on a printed form; a pair marked wide
    takes a whole row (addresses, long names)."""
    value_width = width / 2 - label_width
    rows, spans, line = [], [], []
    for label, value, wide in pairs:
        if wide:
            if line:
                rows.append(line + ["", ""])
                spans.append(("SPAN", (1, len(rows) - 1), (3, len(rows) - 1)))
                line = []
            rows.append([text(label, st.label), text(value, st.cell), "", ""])
            spans.append(("SPAN", (1, len(rows) - 1), (3, len(rows) - 1)))
            continue
        line += [text(label, st.label), text(value, st.cell)]
        if len(line) == 4:
            rows.append(line)
            line = []
    if line:
        rows.append(line + ["", ""])
        spans.append(("SPAN", (1, len(rows) - 1), (3, len(rows) - 1)))
    commands = [("GRID", (0, 0), (-1, -1), LINE, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
    if fill:
        commands += [("BACKGROUND", (0, 0), (0, -1), HEADER_FILL),
                     ("BACKGROUND", (2, 0), (2, -1), HEADER_FILL)]
    for n, row in enumerate(rows):  # a wide row has no second label cell to fill
        if row[2] == "" and fill:
            commands.append(("BACKGROUND", (2, n), (2, n), colors.white))
    return table(rows, [label_width, value_width, label_width, value_width], commands + spans)


SIGNATURE_NOTE = "(电子签名,于群众屏签署)"
SIGNATURE_HEIGHT = 12 * mm


def signature_image(png: bytes, max_width: float, *,
                    height: float = SIGNATURE_HEIGHT) -> Image:
    """A signature PNG (imaging/signature.py) as a flowable ``height`` tall, as wide
    as its aspect asks, and smaller when that is wider than ``max_width``."""
    px_w, px_h = ImageReader(io.BytesIO(png)).getSize()
    width = height * px_w / px_h
    if width > max_width:
        width, height = max_width, max_width * px_h / px_w
    image = Image(io.BytesIO(png), width=width, height=height, mask="auto")
    image.hAlign = "LEFT"
    return image


def signature_lines(labels: Sequence[str], width: float, st: Styles, *,
                    with_date: bool = True,
                    signatures: Sequence[bytes | None] = ()) -> Table:
    """A line to sign on after each label: one label a row followed by
    日期: 年 月 日, or (``with_date`` False) two labels a row. ``signatures`` are
    PNGs by label (None: none): one is drawn on its line, with a note under it
    that it was signed on the citizen's screen; without any, the lines are blank."""
    date = markup("日期:" + "&nbsp;" * 10 + "年" + "&nbsp;" * 6 + "月" + "&nbsp;" * 6 + "日",
                  st.body)
    pngs = list(signatures) + [None] * max(len(labels) - len(signatures), 0)
    if with_date:
        widths = [width * 0.3, width * 0.35, width * 0.35]
        groups = [[i] for i in range(len(labels))]       # label indexes by row
        line_cols = (1,)
    else:
        widths = [width * 0.22, width * 0.28 - 4 * mm, width * 0.22 + 4 * mm, width * 0.28]
        groups = [list(range(i, min(i + 2, len(labels)))) for i in range(0, len(labels), 2)]
        line_cols = (1, 3)
    rows: list[list] = []
    heights: list[float | None] = []
    commands: list[tuple] = [("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                             ("LEFTPADDING", (0, 0), (-1, -1), 0)]
    for group in groups:
        row: list = []
        notes: list = []
        height = 10 * mm
        for slot, col in enumerate(line_cols):
            i = group[slot] if slot < len(group) else None
            row.append(text(labels[i], st.body) if i is not None else "")
            png = pngs[i] if i is not None else None
            if png:
                image = signature_image(png, widths[col] - 6)
                row.append(image)
                notes += ["", text(SIGNATURE_NOTE, st.small)]
                height = max(height, image.drawHeight + 4)
            else:
                row.append(Spacer(1, 1))
                notes += ["", ""]
        if with_date:
            row.append(date)
            notes.append("")
        n = len(rows)
        rows.append(row)
        heights.append(height)
        commands += [("LINEBELOW", (col, n), (col, n), LINE, colors.black) for col in line_cols]
        if any(notes):
            commands += [("VALIGN", (0, n + 1), (-1, n + 1), "TOP"),
                         ("TOPPADDING", (0, n + 1), (-1, n + 1), 1),
                         ("BOTTOMPADDING", (0, n), (-1, n), 1)]
            rows.append(notes)
            heights.append(None)
    return table(rows, widths, commands, rowHeights=heights)


# -- the page frame ----------------------------------------------------------------

Decorate = Callable[[Canvas, int, int], None]


class _PagedCanvas(Canvas):
    """Holds the pages back until the end so the header and footer know the page
    count (第 X 页 / 共 Y 页)."""

    def __init__(self, *args, decorate: Decorate | None = None, **kwargs) -> None:
        # reportlab starts every page in Helvetica, which would be listed unembedded
        kwargs["initialFontName"] = kwargs.get("initialFontName") or FONT
        kwargs["initialFontSize"] = kwargs.get("initialFontSize") or 10
        super().__init__(*args, **kwargs)
        self._decorate = decorate
        self._pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            if self._decorate is not None:
                self._decorate(self, number, total)
            super().showPage()
        super().save()


@dataclass(frozen=True)
class PageFrame:
    """What the header and footer print on every page."""
    doc_title: str          # 受理回执
    case_label: str         # 办件编号 GZ… / 临时受理编号 W01-…
    left_header: str        # hall · window
    printed_at: str
    reprint: bool = False


def _decorate_a4(frame: PageFrame) -> Decorate:
    def draw(c: Canvas, number: int, total: int) -> None:
        width, height = c._pagesize
        left, right = 18 * mm, width - 18 * mm
        c.saveState()
        c.setFont(FONT, 8.5)
        c.drawString(left, height - 12 * mm, frame.left_header)
        c.drawRightString(right, height - 12 * mm, f"{frame.doc_title}  {frame.case_label}")
        c.setLineWidth(0.5)
        c.line(left, height - 14 * mm, right, height - 14 * mm)
        if frame.reprint:
            c.setLineWidth(1.2)
            c.rect(width / 2 - 11 * mm, height - 13.2 * mm, 22 * mm, 7.5 * mm)
            c.setFont(FONT, 13)
            c.drawCentredString(width / 2, height - 11.1 * mm, "补 打")
        c.setFont(FONT, 8.5)
        c.line(left, 15 * mm, right, 15 * mm)
        c.drawString(left, 10.5 * mm, frame.case_label)
        c.drawCentredString(width / 2, 10.5 * mm, f"第 {number} 页 / 共 {total} 页")
        c.drawRightString(right, 10.5 * mm, ("补打时间 " if frame.reprint else "打印时间 ")
                          + frame.printed_at)
        c.restoreState()
    return draw


def build_a4(story: list[Flowable], frame: PageFrame, *, title: str, author: str) -> bytes:
    register_font()
    out = io.BytesIO()
    doc = BaseDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                          topMargin=18 * mm, bottomMargin=19 * mm, title=title,
                          author=author, creator="window-client", invariant=1)
    body = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="a4", frames=[body])])
    with _BUILD_LOCK:
        doc.build(story, canvasmaker=lambda *a, **kw: _PagedCanvas(
            *a, decorate=_decorate_a4(frame), **kw))
    return out.getvalue()


A4_WIDTH = A4[0] - 36 * mm   # the body width between the margins


def build_roll(make_story: Callable[[], list[Flowable]], *, width: float, margin: float,
               title: str, author: str) -> bytes:
    """A page exactly ``width`` wide and as long as its content (a thermal roll).
    The height is measured from the flowables; if reportlab still needs a second
    page, the page is made longer until it does not."""
    register_font()
    with _BUILD_LOCK:
        return _build_roll(make_story, width, margin, title, author)


def _build_roll(make_story: Callable[[], list[Flowable]], width: float, margin: float,
                title: str, author: str) -> bytes:
    inner = width - 2 * margin
    slack = 4 * mm
    for _ in range(5):
        story = make_story()
        height = sum(f.wrap(inner, 10_000)[1] + f.getSpaceBefore() + f.getSpaceAfter()
                     for f in story) + 2 * margin + slack
        out = io.BytesIO()
        doc = BaseDocTemplate(out, pagesize=(width, height), leftMargin=margin,
                              rightMargin=margin, topMargin=margin, bottomMargin=margin,
                              title=title, author=author, creator="window-client",
                              invariant=1)
        body = Frame(margin, margin, inner, height - 2 * margin, id="roll",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        doc.addPageTemplates([PageTemplate(id="roll", frames=[body])])
        doc.build(make_story(), canvasmaker=_PagedCanvas)
        if doc.page == 1:
            return out.getvalue()
        slack += 20 * mm
    raise RuntimeError("the roll document does not fit one page")


__all__ = ["A4_WIDTH", "BoldLine", "FONT", "PageFrame", "Styles", "build_a4", "build_roll",
           "form_grid", "grid", "has_glyph", "heading", "markup", "mm", "register_font",
           "signature_image", "signature_lines", "styles", "table", "text"]
