"""The efficiency board as an Excel workbook (openpyxl): 概览 (the KPIs, the filter
and how fresh the data is), 每日办件 with a line chart, 一件事, 部门, 超期办件, 评价
(with the reasons given for 不满意) and 减材料减表单. Header rows are styled and
frozen, shares carry a percent format, columns are as wide as their text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from window_client.core.board import BoardFigures, BoardFilter
from window_client.reports import board_rows as br

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F5E9C")
TITLE_FONT = Font(bold=True, size=14)
THIN = Side(style="thin", color="B7C4D4")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FORMATS = {br.PERCENT: "0.0%", br.NUMBER: "0.0", br.INT: "#,##0", br.DATE: "yyyy-mm-dd"}


def _width(value: object) -> float:
    """Columns measured in Latin characters: a CJK character takes two."""
    text = value if isinstance(value, str) else (
        f"{value:%Y-%m-%d}" if isinstance(value, dt.date) else str(value))
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _fit(ws: Worksheet, minimum: float = 8, maximum: float = 60) -> None:
    widths: dict[int, float] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None:
                widths[cell.column] = max(widths.get(cell.column, 0), _width(cell.value))
    for column, width in widths.items():
        ws.column_dimensions[get_column_letter(column)].width = min(max(width + 2, minimum),
                                                                     maximum)


def _table(ws: Worksheet, table: br.Table, first_row: int = 1) -> tuple[int, int]:
    """The table with its header at ``first_row``; returns its first and last row."""
    for col, title in enumerate(table.header, 1):
        cell = ws.cell(first_row, col, title)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for r, row in enumerate(table.rows, first_row + 1):
        for col, (value, kind) in enumerate(zip(row, table.kinds, strict=True), 1):
            cell = ws.cell(r, col, "—" if value is None else value)
            cell.border = BORDER
            if value is not None and kind in FORMATS:
                cell.number_format = FORMATS[kind]
            if value is None:
                cell.alignment = Alignment(horizontal="center")
    ws.freeze_panes = ws.cell(first_row + 1, 1)
    return first_row, first_row + len(table.rows)


def _overview(ws: Worksheet, fig: BoardFigures, flt: BoardFilter,
              names: Mapping[str, str]) -> None:
    ws.title = "概览"
    ws.cell(1, 1, f"效能看板 {br.month_label(flt)}").font = TITLE_FONT
    row = 3
    for col, title in enumerate(("指标", "数值"), 1):
        cell = ws.cell(row, col, title)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BORDER
    for label, value, kind in br.kpis(fig):
        row += 1
        ws.cell(row, 1, label).border = BORDER
        cell = ws.cell(row, 2, "—" if value is None else value)
        cell.border = BORDER
        if value is not None and kind in FORMATS:
            cell.number_format = FORMATS[kind]
        cell.alignment = Alignment(horizontal="right")
    row += 2
    for col, title in enumerate(("筛选与数据", ""), 1):
        cell = ws.cell(row, col, title)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BORDER
    for label, text in br.filter_lines(fig, flt, names):
        row += 1
        ws.cell(row, 1, label).border = BORDER
        ws.cell(row, 2, text).border = BORDER
    _fit(ws)
    ws.column_dimensions["A"].width = max(ws.column_dimensions["A"].width, 26)


def _daily(ws: Worksheet, fig: BoardFigures) -> None:
    first, last = _table(ws, br.day_table(fig))
    _fit(ws)
    if last > first:
        chart = LineChart()
        chart.title = "每日办件数"
        chart.y_axis.title = "办件数"
        chart.x_axis.number_format = "mm-dd"
        chart.height, chart.width = 9, 22
        chart.add_data(Reference(ws, min_col=3, min_row=first, max_row=last), titles_from_data=True)
        chart.set_categories(Reference(ws, min_col=1, min_row=first + 1, max_row=last))
        chart.legend = None
        ws.add_chart(chart, "E2")


def _levels(ws: Worksheet, fig: BoardFigures) -> None:
    first, last = _table(ws, br.level_table(fig))
    complaints = br.complaint_table(fig)
    start = last + 3
    ws.cell(start - 1, 1, complaints.title).font = Font(bold=True)
    _table(ws, complaints, start)
    ws.freeze_panes = "A2"
    _fit(ws)
    chart = BarChart()
    chart.title = "好差评分布"
    chart.height, chart.width = 7, 14
    chart.add_data(Reference(ws, min_col=2, min_row=first, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first + 1, max_row=last))
    chart.legend = None
    ws.add_chart(chart, "E2")


def export_board_xlsx(figures: BoardFigures, flt: BoardFilter, path: Path | str,
                      names: Mapping[str, str]) -> Path:
    """Writes the workbook to ``path`` (atomically: a temporary file renamed over it)
    and returns the path. ``names`` maps a one-thing's id to its name."""
    wb = Workbook()
    _overview(wb.active, figures, flt, names)
    _daily(wb.create_sheet("每日办件"), figures)
    for title, table in (("一件事", br.one_thing_table(figures, names)),
                         ("部门", br.department_table(figures)),
                         ("超期办件", br.overdue_table(figures, names))):
        ws = wb.create_sheet(title)
        _table(ws, table)
        _fit(ws)
    _levels(wb.create_sheet("评价"), figures)
    ws = wb.create_sheet("减材料减表单")
    _table(ws, br.savings_table(figures))
    _fit(ws)
    wb.properties.title = f"效能看板 {br.month_label(flt)}"
    return br.write_atomically(Path(path), lambda tmp: wb.save(tmp))
