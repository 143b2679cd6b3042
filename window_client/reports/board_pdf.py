"""The efficiency board as a monthly report (A4 PDF, reportlab): the title and the
filter, the KPI table, charts drawn with reportlab.graphics (cases per day, the
busiest one-things, working days against the promise, the 好差评 levels) and the
tables of board_rows. The CJK face is the documents' (documents.layout), embedded
as a subset."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from window_client.core.board import BoardFigures, BoardFilter
from window_client.core.labels import EVALUATION_LEVEL_LABELS
from window_client.documents.layout import (FONT, BoldLine, PageFrame, build_a4, grid,
                                            heading, register_font, styles, text)
from window_client.reports import board_rows as br

WIDTH = A4[0] - 36 * mm                 # the frame between 18 mm margins
BLUE = colors.HexColor("#1F5E9C")
ORANGE = colors.HexColor("#E08A1E")
GREY = colors.HexColor("#9AA5B1")
LEVEL_COLOURS = ("#2E7D32", "#66BB6A", "#FBC02D", "#EF6C00", "#C62828")


def _short(name: str, limit: int = 12) -> str:
    return name if len(name) <= limit else name[:limit - 1] + "…"


def _caption(drawing: Drawing, title: str) -> None:
    register_font()
    # the renderer starts every drawing in its default face (Helvetica, which would
    # be listed unembedded in the PDF): start it in ours
    drawing.initialFontName = FONT
    drawing.add(String(0, drawing.height - 11, title, fontName=FONT, fontSize=10))


def _style_axis_labels(*axes: object) -> None:
    for axis in axes:
        axis.labels.fontName = FONT  # type: ignore[attr-defined]
        axis.labels.fontSize = 7  # type: ignore[attr-defined]


def day_chart(fig: BoardFigures) -> Drawing:
    d = Drawing(WIDTH, 62 * mm)
    _caption(d, "每日办件数")
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 28, 22, WIDTH - 40, 62 * mm - 44
    counts = [n for _, n in fig.per_day] or [0]
    chart.data = [counts]
    step = max(1, len(counts) // 10)
    chart.categoryAxis.categoryNames = [f"{day:%m-%d}" if k % step == 0 else ""
                                        for k, (day, _) in enumerate(fig.per_day)] or [""]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(max(counts) * 1.15, 5)
    chart.lines[0].strokeColor = BLUE
    chart.lines[0].strokeWidth = 1.4
    _style_axis_labels(chart.categoryAxis, chart.valueAxis)
    d.add(chart)
    return d


def one_thing_chart(fig: BoardFigures, names: Mapping[str, str], top: int = 10) -> Drawing:
    rows = list(fig.per_one_thing[:top])[::-1]    # the busiest at the top
    d = Drawing(WIDTH, max(40, 14 * len(rows) + 40))
    _caption(d, f"办件量前{top}的一件事")
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 16
    chart.width, chart.height = WIDTH - 175, d.height - 36
    chart.data = [[n for _, n in rows] or [0]]
    chart.categoryAxis.categoryNames = [_short(names.get(k, k), 14) for k, _ in rows] or [""]
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = BLUE
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    _style_axis_labels(chart.categoryAxis, chart.valueAxis)
    d.add(chart)
    return d


def duration_chart(title: str, labels: Sequence[str], means: Sequence[float],
                   p90s: Sequence[float], promises: Sequence[float]) -> Drawing:
    d = Drawing(WIDTH, 70 * mm)
    _caption(d, title)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 28, 52, WIDTH - 40, 70 * mm - 84
    chart.data = [list(means) or [0], list(p90s) or [0], list(promises) or [0]]
    chart.categoryAxis.categoryNames = [_short(x, 9) for x in labels] or [""]
    chart.categoryAxis.labels.angle = 25
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.categoryAxis.labels.dy = -2
    chart.valueAxis.valueMin = 0
    for k, colour in enumerate((BLUE, ORANGE, GREY)):
        chart.bars[k].fillColor = colour
        chart.bars[k].strokeColor = None
    chart.groupSpacing = 6
    _style_axis_labels(chart.categoryAxis, chart.valueAxis)
    d.add(chart)
    legend = Legend()
    legend.x, legend.y = WIDTH - 230, d.height - 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName, legend.fontSize = FONT, 8
    legend.colorNamePairs = [(BLUE, "平均用时"), (ORANGE, "P90用时"), (GREY, "承诺时限")]
    legend.deltax = 70
    d.add(legend)
    return d


def level_chart(fig: BoardFigures) -> Drawing:
    d = Drawing(WIDTH / 2, 52 * mm)
    _caption(d, "好差评分布")
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 28, 18, WIDTH / 2 - 40, 52 * mm - 52
    chart.data = [[n for _, n in fig.levels]]
    chart.categoryAxis.categoryNames = [EVALUATION_LEVEL_LABELS[lv] for lv, _ in fig.levels]
    chart.valueAxis.valueMin = 0
    chart.bars.strokeColor = None
    for k, colour in enumerate(LEVEL_COLOURS):
        chart.bars[(0, k)].fillColor = colors.HexColor(colour)
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 6
    _style_axis_labels(chart.categoryAxis, chart.valueAxis)
    d.add(chart)
    return d


def _grid(table: br.Table, widths: Sequence[float], *, limit: int | None = None) -> Flowable:
    st = styles(9.5)
    rows = table.rows if limit is None else table.rows[:limit]
    body = [[br.cell_text(v, k) for v, k in zip(row, table.kinds, strict=True)] for row in rows]
    if not body:
        body = [["无"] + [Spacer(0, 0)] * (len(table.header) - 1)]
    numeric = [k for k, kind in enumerate(table.kinds) if kind != br.TEXT]
    return grid(table.header, body, widths, st, center=numeric)


def _columns(*fractions: float) -> list[float]:
    total = sum(fractions)
    return [WIDTH * f / total for f in fractions]


def _story(fig: BoardFigures, flt: BoardFilter, names: Mapping[str, str]) -> list[Flowable]:
    st = styles(10)
    story: list[Flowable] = [BoldLine(f"综合窗口效能月报 {br.month_label(flt)}", 16,
                                      space_after=4)]
    story.append(text("  ".join(f"{label}:{value}" for label, value
                                in br.filter_lines(fig, flt, names)[:4]), st.small))
    story.append(text("  ".join(f"{label}:{value}" for label, value
                                in br.filter_lines(fig, flt, names)[4:]), st.small))
    story.append(Spacer(1, 3 * mm))
    story += heading("一、主要指标")
    kpis = br.kpis(fig)
    pairs = [kpis[k:k + 3] for k in range(0, len(kpis), 3)]
    body: list[list[object]] = []
    for group in pairs:
        line: list[object] = []
        for label, value, kind in group:
            line += [label, br.cell_text(value, kind)]
        body.append(line + [Spacer(0, 0)] * (6 - len(line)))
    story.append(grid(None, body, _columns(3, 1.6, 3, 1.6, 3, 1.6), styles(9.5),
                      center=(1, 3, 5)))
    story.append(KeepTogether(heading("二、办件量") + [day_chart(fig)]))
    story.append(one_thing_chart(fig, names))
    top = fig.durations_by_one_thing[:10]
    story.append(KeepTogether(heading("三、办理用时(工作日)") + [duration_chart("一件事:平均用时、P90用时与承诺时限(办件量前10)",
                                [names.get(r.key, r.key) for r in top],
                                [r.mean or 0 for r in top], [r.p90 or 0 for r in top],
                                [r.promise for r in top])]))
    depts = fig.durations_by_department[:10]
    story.append(duration_chart("部门:平均用时、P90用时与承诺时限(按事项)",
                                [r.name for r in depts], [r.mean or 0 for r in depts],
                                [r.p90 or 0 for r in depts], [r.promise for r in depts]))
    story += heading("四、一件事明细")
    story.append(_grid(br.one_thing_table(fig, names), _columns(4.2, 1.2, 1.2, 1.4, 1.6, 1.6, 1.6)))
    story += heading("五、部门明细")
    story.append(_grid(br.department_table(fig), _columns(4, 1.4, 1.6, 1.6, 1.6)))
    overdue = br.overdue_table(fig, names)
    story += heading(f"六、超期办件({fig.overdue_count}件)")
    story.append(_grid(overdue, _columns(2.6, 3.2, 1, 1.6, 1.8, 1.3, 1.3), limit=60))
    if fig.overdue_count > 60:
        story.append(text(f"另有 {fig.overdue_count - 60} 件,见Excel导出。", st.small))
    story += heading("七、好差评")
    story.append(KeepTogether([level_chart(fig),
                               _grid(br.level_table(fig), _columns(2, 1, 1))]))
    story.append(Spacer(1, 2 * mm))
    story.append(_grid(br.complaint_table(fig), _columns(5, 1), limit=20))
    story += heading("八、减材料减表单")
    story.append(_grid(br.savings_table(fig), _columns(1.4, 1.4, 1.4, 1.6, 1, 1.5, 1.4)))
    return story


def render_board_pdf(figures: BoardFigures, flt: BoardFilter,
                     names: Mapping[str, str]) -> bytes:
    """The monthly report as PDF bytes, in the documents' A4 page frame (a header,
    第 X 页 / 共 Y 页 in the footer)."""
    frame = PageFrame(doc_title="效能看板", case_label=br.month_label(flt),
                      left_header="一件事一次办 综合窗口",
                      printed_at=f"{figures.loaded_at:%Y-%m-%d %H:%M}")
    return build_a4(_story(figures, flt, names), frame,
                    title=f"效能看板 {br.month_label(flt)}", author="综合窗口")


def export_board_pdf(figures: BoardFigures, flt: BoardFilter, path: Path | str,
                     names: Mapping[str, str]) -> Path:
    """Writes the monthly report to ``path`` (atomically) and returns the path."""
    pdf = render_board_pdf(figures, flt, names)
    return br.write_atomically(Path(path), lambda tmp: tmp.write_bytes(pdf))
