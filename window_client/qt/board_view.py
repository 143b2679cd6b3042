"""The hall manager's efficiency board (效能看板): KPI tiles, QtCharts charts (cases
per day, the busiest one-things, working days against the promise per one-thing
and per department, the 好差评 levels), the overdue cases and the reasons given for
不满意, over the cases accepted in a date range, of a window, a one-thing, a
department.

The facts are loaded through the store executor (``load``, never on the UI
thread); a filter change recomputes ``board_figures`` on the UI thread from the
loaded facts (the core keeps its index per load, so that takes tens of
milliseconds at 50,000 cases) and updates the existing series in place. A failed
load says so and keeps what was shown."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCharts import (QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView,
                              QDateTimeAxis, QHorizontalBarSeries, QLineSeries, QPieSeries,
                              QValueAxis)
from PySide6.QtCore import QDate, QDateTime, QMargins, QPointF, Qt, QTime, Signal
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QCompleter, QDateEdit,
                               QFileDialog, QFrame, QGridLayout, QHBoxLayout, QHeaderView,
                               QLabel, QListWidget, QPushButton, QScrollArea, QSizePolicy,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from window_client.core.board import BoardData, BoardFigures, BoardFilter, board_figures, board_index
from window_client.core.labels import CASE_STATE_LABELS, EVALUATION_LEVEL_LABELS
from window_client.core.workdays import WorkCalendar
from window_client.qt.db_executor import InlineExecutor, StoreExecutor
from window_client.reports.board_pdf import export_board_pdf
from window_client.reports.board_rows import default_file_name, short_department_name
from window_client.reports.board_xlsx import export_board_xlsx

logger = logging.getLogger(__name__)

TOP = 10                  # one-things and departments in the charts
OVERDUE_ROWS = 200        # rows of the overdue table (the export has them all)
CHART_FONT_PT = 9
BLUE, ORANGE, GREY = QColor("#1f5e9c"), QColor("#e08a1e"), QColor("#9aa5b1")
LEVEL_COLOURS = {5: "#2e7d32", 4: "#66bb6a", 3: "#fbc02d", 2: "#ef6c00", 1: "#c62828"}


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _short(name: str, limit: int = 10) -> str:
    return name if len(name) <= limit else name[:limit - 1] + "…"


class KpiTile(QFrame):
    """A headline figure: its caption, the value large, a line of detail."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpi_tile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        self.caption_label = QLabel(caption)
        self.caption_label.setObjectName("kpi_caption")
        self.value_label = QLabel("—")
        self.value_label.setObjectName("kpi_value")
        self.detail_label = QLabel()
        self.detail_label.setObjectName("kpi_detail")
        for label in (self.caption_label, self.value_label, self.detail_label):
            layout.addWidget(label)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def show_value(self, value: str, detail: str = "") -> None:
        self.value_label.setText(value)
        self.detail_label.setText(detail)


def _chart_view(title: str, height: int = 300) -> tuple[QChartView, QChart]:
    chart = QChart()
    chart.setTitle(title)
    font = QFont(chart.titleFont())
    font.setPointSize(CHART_FONT_PT + 2)
    font.setBold(True)
    chart.setTitleFont(font)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setFont(_font())
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(height)
    return view, chart


def _font() -> QFont:
    font = QFont()
    font.setPointSize(CHART_FONT_PT)
    return font


def _value_axis(fmt: str = "%d") -> QValueAxis:
    axis = QValueAxis()
    axis.setLabelFormat(fmt)
    axis.setLabelsFont(_font())
    axis.setMin(0)
    return axis


def _set_max(axis: QValueAxis, value: float) -> None:
    """0 … a round number a little above ``value``, ticks on round numbers."""
    top = max(float(value) * 1.08, 5.0)
    magnitude = 10 ** (len(str(int(top))) - 1)
    step = next(s * magnitude for s in (0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10)
                if top / (s * magnitude) <= 6)
    ticks = int(-(-top // step))
    axis.setRange(0, ticks * step)
    axis.setTickCount(ticks + 1)
    axis.setLabelFormat("%d" if step >= 1 else "%.1f")


class BoardView(QWidget):
    figures_changed = Signal(object)   # the BoardFigures now shown
    exported = Signal(str, str)        # format ("xlsx", "pdf"), the file written (audited)

    def __init__(self, load: Callable[[], BoardData], names: Mapping[str, str],
                 department_names: Mapping[str, str], calendar: WorkCalendar,
                 today: Callable[[], dt.date] = dt.date.today,
                 executor: StoreExecutor | None = None, parent: QWidget | None = None, *,
                 load_now: bool = True) -> None:
        super().__init__(parent)
        self.load, self.names, self.calendar, self.today = load, names, calendar, today
        self.department_names = dict(department_names)
        self.executor: StoreExecutor = executor or InlineExecutor()
        self.data: BoardData | None = None
        self.figures: BoardFigures | None = None
        self._updating = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        title_row = QHBoxLayout()
        self.title_label = QLabel(self.tr("效能看板"))
        self.title_label.setObjectName("page_title_label")
        title_row.addWidget(self.title_label)
        self.freshness_label = QLabel(self.tr("尚未读取数据"))
        self.freshness_label.setObjectName("hint_label")
        self.freshness_label.setWordWrap(True)
        title_row.addWidget(self.freshness_label, 1)
        layout.addLayout(title_row)
        layout.addWidget(self._filters())
        self.status_label = QLabel()
        self.status_label.setObjectName("board_status_label")
        self.status_label.setWordWrap(True)
        self.status_label.hide()
        layout.addWidget(self.status_label)
        scroll = QScrollArea()
        scroll.setObjectName("board_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._content())
        layout.addWidget(scroll, 1)
        if load_now:   # else whoever owns the view calls refresh (e.g. at its first show)
            self.refresh()

    # -- building ------------------------------------------------------------------
    def _filters(self) -> QWidget:
        box = QWidget()
        box.setObjectName("board_filters")
        rows = QVBoxLayout(box)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(6)
        flow = QHBoxLayout()
        second = QHBoxLayout()
        rows.addLayout(flow)
        rows.addLayout(second)
        today = self.today()
        self.start_edit = QDateEdit(_qdate(today - dt.timedelta(days=29)))
        self.end_edit = QDateEdit(_qdate(today))
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self._filter_changed)
        self.range_label = QLabel(self.tr("受理日期"))
        flow.addWidget(self.range_label)
        flow.addWidget(self.start_edit)
        self.to_label = QLabel(self.tr("至"))
        flow.addWidget(self.to_label)
        flow.addWidget(self.end_edit)
        self.this_month_button = QPushButton(self.tr("本月"))
        self.last_month_button = QPushButton(self.tr("上月"))
        self.last_90_button = QPushButton(self.tr("近90天"))
        self.this_year_button = QPushButton(self.tr("本年"))
        for button, which in ((self.this_month_button, "this_month"),
                              (self.last_month_button, "last_month"),
                              (self.last_90_button, "last_90"),
                              (self.this_year_button, "this_year")):
            button.setObjectName(f"{which}_button")
            button.clicked.connect(lambda _=False, w=which: self.set_quick_range(w))
            flow.addWidget(button)
        flow.addStretch(1)
        self.window_combo = QComboBox()
        self.window_combo.setObjectName("window_combo")
        self.window_combo.setMinimumContentsLength(5)
        self.one_thing_combo = QComboBox()
        self.one_thing_combo.setObjectName("one_thing_combo")
        self.one_thing_combo.setEditable(True)
        self.one_thing_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.one_thing_combo.setMinimumContentsLength(12)
        completer = self.one_thing_combo.completer()
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.department_combo = QComboBox()
        self.department_combo.setObjectName("department_combo")
        self.department_combo.setMinimumContentsLength(10)
        self.window_label = QLabel(self.tr("窗口"))
        self.one_thing_label = QLabel(self.tr("一件事"))
        self.department_label = QLabel(self.tr("部门"))
        for label, combo in ((self.window_label, self.window_combo),
                             (self.one_thing_label, self.one_thing_combo),
                             (self.department_label, self.department_combo)):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.currentIndexChanged.connect(self._filter_changed)
            second.addWidget(label)
            second.addWidget(combo)
            second.addSpacing(12)
        second.addStretch(1)
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.setObjectName("refresh_button")
        self.refresh_button.clicked.connect(self.refresh)
        self.xlsx_button = QPushButton(self.tr("导出Excel"))
        self.xlsx_button.setObjectName("export_xlsx_button")
        self.xlsx_button.clicked.connect(lambda: self.export_xlsx())
        self.pdf_button = QPushButton(self.tr("导出PDF"))
        self.pdf_button.setObjectName("export_pdf_button")
        self.pdf_button.clicked.connect(lambda: self.export_pdf())
        for button in (self.refresh_button, self.xlsx_button, self.pdf_button):
            flow.addWidget(button)
        self._fill_combos()
        return box

    def _content(self) -> QWidget:
        content = QWidget()
        content.setObjectName("board_content")
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, 4, 0)
        tiles = QGridLayout()
        tiles.setSpacing(8)
        captions = (("total", self.tr("办件总数")), ("on_time", self.tr("按时办结率")),
                    ("overdue", self.tr("超期在办")), ("returned", self.tr("补正率")),
                    ("refused", self.tr("不予受理率")), ("satisfied", self.tr("满意率")),
                    ("fields", self.tr("减少填表项")), ("materials", self.tr("减少材料份数")))
        self.tiles: dict[str, KpiTile] = {}
        for n, (key, caption) in enumerate(captions):
            tile = KpiTile(caption)
            tile.setObjectName("kpi_tile")
            tile.value_label.setObjectName(f"kpi_value_{key}")
            tile.value_label.setProperty("role", "kpi_value")
            self.tiles[key] = tile
            tiles.addWidget(tile, n // 4, n % 4)
        column.addLayout(tiles)
        grid = QGridLayout()
        grid.setSpacing(8)
        # cases per day
        self.day_view, chart = _chart_view(self.tr("每日办件数"))
        self.day_series = QLineSeries()
        self.day_series.setName(self.tr("办件数"))
        self.day_series.setColor(BLUE)
        chart.addSeries(self.day_series)
        self.day_axis_x = QDateTimeAxis()
        self.day_axis_x.setFormat("MM-dd")
        self.day_axis_x.setLabelsFont(_font())
        self.day_axis_y = _value_axis()
        chart.addAxis(self.day_axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.day_axis_y, Qt.AlignmentFlag.AlignLeft)
        self.day_series.attachAxis(self.day_axis_x)
        self.day_series.attachAxis(self.day_axis_y)
        chart.legend().hide()
        grid.addWidget(self.day_view, 0, 0)
        # the busiest one-things
        self.top_view, chart = _chart_view(self.tr("办件量前10的一件事"))
        self.top_set = QBarSet(self.tr("办件数"))
        self.top_set.setColor(BLUE)
        self.top_set.setLabelFont(_font())
        self.top_series = QHorizontalBarSeries()
        self.top_series.append(self.top_set)
        self.top_series.setLabelsVisible(True)
        self.top_series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
        chart.addSeries(self.top_series)
        self.top_axis_y = QBarCategoryAxis()
        self.top_axis_y.setLabelsFont(_font())
        self.top_axis_y.setTruncateLabels(False)
        self.top_axis_x = _value_axis()
        chart.addAxis(self.top_axis_y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(self.top_axis_x, Qt.AlignmentFlag.AlignBottom)
        self.top_series.attachAxis(self.top_axis_y)
        self.top_series.attachAxis(self.top_axis_x)
        chart.legend().hide()
        grid.addWidget(self.top_view, 0, 1)
        # working days against the promise
        self.one_duration = self._duration_chart(self.tr("一件事用时与承诺时限(工作日,办件量前10)"))
        grid.addWidget(self.one_duration[0], 1, 0)
        self.dept_duration = self._duration_chart(self.tr("部门用时与承诺时限(工作日,按事项)"))
        grid.addWidget(self.dept_duration[0], 1, 1)
        # 好差评
        self.level_view, chart = _chart_view(self.tr("好差评分布"))
        self.level_series = QPieSeries()
        self.level_series.setHoleSize(0.35)
        self.level_slices: dict[int, Any] = {}
        for level in (5, 4, 3, 2, 1):
            piece = self.level_series.append(EVALUATION_LEVEL_LABELS[level], 0)
            piece.setColor(QColor(LEVEL_COLOURS[level]))
            piece.setLabelFont(_font())
            self.level_slices[level] = piece
        chart.addSeries(self.level_series)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.level_view, 2, 0)
        # the reasons for 不满意
        reasons = QWidget()
        reasons_layout = QVBoxLayout(reasons)
        reasons_layout.setContentsMargins(0, 0, 0, 0)
        self.complaints_title = QLabel(self.tr("不满意原因"))
        self.complaints_title.setObjectName("section_label")
        reasons_layout.addWidget(self.complaints_title)
        self.complaint_list = QListWidget()
        self.complaint_list.setObjectName("complaint_list")
        reasons_layout.addWidget(self.complaint_list, 1)
        grid.addWidget(reasons, 2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        column.addLayout(grid)
        # the overdue cases
        self.overdue_title = QLabel(self.tr("超期在办"))
        self.overdue_title.setObjectName("section_label")
        column.addWidget(self.overdue_title)
        self.overdue_table = QTableWidget(0, 7)
        self.overdue_table.setObjectName("overdue_table")
        self.overdue_table.setHorizontalHeaderLabels([
            self.tr("办件编号"), self.tr("一件事"), self.tr("窗口"), self.tr("受理日期"),
            self.tr("承诺办结日期"), self.tr("超期(工作日)"), self.tr("状态")])
        self.overdue_table.verticalHeader().hide()
        self.overdue_table.setAlternatingRowColors(True)
        self.overdue_table.setWordWrap(False)
        self.overdue_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.overdue_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.overdue_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.overdue_table.setMinimumHeight(260)
        column.addWidget(self.overdue_table)
        return content

    def _duration_chart(self, title: str) -> tuple[QChartView, QBarSeries, tuple[QBarSet, ...],
                                                    QBarCategoryAxis, QValueAxis]:
        view, chart = _chart_view(title)
        series = QBarSeries()
        sets = []
        for name, colour in ((self.tr("平均用时"), BLUE), (self.tr("P90用时"), ORANGE),
                             (self.tr("承诺时限"), GREY)):
            bar = QBarSet(name)
            bar.setColor(colour)
            bar.setBorderColor(colour)
            series.append(bar)
            sets.append(bar)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.setLabelsFont(_font())
        axis_x.setLabelsAngle(-30)
        axis_x.setTruncateLabels(False)
        axis_y = _value_axis()
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_x)
        series.attachAxis(axis_y)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
        return view, series, tuple(sets), axis_x, axis_y

    # -- loading -----------------------------------------------------------------
    def refresh(self) -> None:
        """Loads the facts again through the executor; the figures follow."""
        self.refresh_button.setEnabled(False)
        self._say(self.tr("正在读取看板数据…") if self.data is None
                  else self.tr("正在更新看板数据,先显示上次读取的结果…"))
        load, calendar, today = self.load, self.calendar, self.today()

        def load_and_index() -> BoardData:
            # the index too is built off the UI thread; the view's call finds it kept
            data = load()
            board_index(data, calendar, today)
            return data

        self.executor.submit(load_and_index, self._loaded)

    def _loaded(self, result: Any) -> None:
        self.refresh_button.setEnabled(True)
        if isinstance(result, BaseException):
            logger.warning("board data could not be read: %s", result)
            self._say(self.tr("读取看板数据失败,显示的仍是上次读取的数据。原因:%1")
                      .replace("%1", str(result) or type(result).__name__), error=True)
            return
        self.data = result
        self._say("")
        # the index was built with the load (kept per load); filter changes reuse it
        board_index(result, self.calendar, self.today())
        self._fill_combos()
        self.recompute()

    def _fill_combos(self) -> None:
        self._updating = True
        try:
            windows, ones, departments = (), (), {}
            if self.data is not None:
                index = board_index(self.data, self.calendar, self.today())
                windows, ones = index.window_codes, index.one_thing_ids
                departments = dict(index.department_names)
            departments.update(self.department_names)
            self._refill(self.window_combo, self.tr("全部窗口"), [(w, w) for w in windows])
            self._refill(self.one_thing_combo, self.tr("全部一件事"),
                         sorted((self.names.get(o, o), o) for o in ones))
            self._refill(self.department_combo, self.tr("全部部门"),
                         sorted(((name, d) for d, name in departments.items())))
        finally:
            self._updating = False

    @staticmethod
    def _refill(combo: QComboBox, everything: str, entries: list[tuple[str, str]]) -> None:
        keep = combo.currentData()
        combo.clear()
        combo.addItem(everything, None)
        for text, key in entries:
            combo.addItem(text, key)
        at = combo.findData(keep) if keep is not None else 0
        combo.setCurrentIndex(max(at, 0))

    # -- filters -------------------------------------------------------------------
    def current_filter(self) -> BoardFilter:
        start, end = _pydate(self.start_edit.date()), _pydate(self.end_edit.date())
        if end < start:
            start, end = end, start
        return BoardFilter(start, end, self.window_combo.currentData(),
                           self.one_thing_combo.currentData(),
                           self.department_combo.currentData())

    def set_range(self, start: dt.date, end: dt.date) -> None:
        """Both dates at once, recomputed once."""
        self._updating = True
        try:
            self.start_edit.setDate(_qdate(start))
            self.end_edit.setDate(_qdate(end))
        finally:
            self._updating = False
        self.recompute()

    def set_quick_range(self, which: str) -> None:
        """this_month, last_month, last_90 (the 90 days up to today) or this_year."""
        today = self.today()
        if which == "this_month":
            self.set_range(today.replace(day=1), today)
        elif which == "last_month":
            last = today.replace(day=1) - dt.timedelta(days=1)
            self.set_range(last.replace(day=1), last)
        elif which == "last_90":
            self.set_range(today - dt.timedelta(days=89), today)
        elif which == "this_year":
            self.set_range(today.replace(month=1, day=1), today)
        else:
            raise ValueError(which)

    def _filter_changed(self, *_: object) -> None:
        if not self._updating:
            self.recompute()

    # -- figures -------------------------------------------------------------------
    def recompute(self) -> None:
        """The figures of the loaded facts under the current filter, shown."""
        if self.data is None:
            return
        self.figures = board_figures(self.data, self.current_filter(), self.today(),
                                     self.calendar)
        self._show(self.figures)
        self.figures_changed.emit(self.figures)

    def _show(self, fig: BoardFigures) -> None:
        self.tiles["total"].show_value(f"{fig.total:,}", self.tr("已办结 %1 · 在办 %2").replace(
            "%1", f"{fig.finished:,}").replace("%2", f"{fig.open:,}"))
        self.tiles["on_time"].show_value(_percent(fig.on_time.share), self.tr("已办结 %1 件中按时 %2 件")
                                         .replace("%1", f"{fig.on_time.finished:,}")
                                         .replace("%2", f"{fig.on_time.on_time:,}"))
        self.tiles["overdue"].show_value(f"{fig.overdue_count:,}", self.tr("1个工作日内到期 %1 件")
                                         .replace("%1", f"{fig.due_soon:,}"))
        self.tiles["returned"].show_value(_percent(fig.returned_rate), self.tr("补正 %1 件")
                                          .replace("%1", f"{fig.returned:,}"))
        self.tiles["refused"].show_value(_percent(fig.refusal_rate), self.tr("整件 %1 件 · 单项 %2 项")
                                         .replace("%1", f"{fig.refused:,}")
                                         .replace("%2", f"{fig.items_refused:,}"))
        self.tiles["satisfied"].show_value(_percent(fig.satisfied_share), self.tr("评价 %1 条(基本满意及以上)")
                                           .replace("%1", f"{fig.ratings:,}"))
        self.tiles["fields"].show_value(f"{fig.fields.saved:,}", self.tr("每件中位数 %1 项")
                                        .replace("%1", _number(fig.fields.median_saved)))
        self.tiles["materials"].show_value(f"{fig.materials.saved:,}", self.tr("每件中位数 %1 份")
                                           .replace("%1", _number(fig.materials.median_saved)))
        self._show_days(fig)
        self._show_top(fig)
        top = fig.durations_by_one_thing[:TOP]
        self._show_durations(self.one_duration,
                             [_short(self.names.get(r.key, r.key), 8) for r in top], top)
        depts = fig.durations_by_department[:TOP]
        self._show_durations(self.dept_duration, [_short(short_department_name(r.name), 8)
                                                  for r in depts], depts)
        self._show_levels(fig)
        self.complaint_list.clear()
        self.complaint_list.addItems([self.tr("%1 · %2 次").replace("%1", reason).replace("%2", str(n))
                                      for reason, n in fig.complaints])
        if not fig.complaints:
            self.complaint_list.addItem(self.tr("(无不满意评价)"))
        self._show_overdue(fig)
        feed = (self.tr("平台数据截至 %1").replace("%1", f"{fig.feed_read_at:%Y-%m-%d %H:%M}")
                if fig.feed_read_at else self.tr("尚未从平台读取,仅本机数据"))
        self.freshness_label.setText(self.tr("数据读取于 %1 · %2").replace(
            "%1", f"{fig.loaded_at:%Y-%m-%d %H:%M}").replace("%2", feed))

    def _show_days(self, fig: BoardFigures) -> None:
        points = [QPointF(QDateTime(_qdate(day), QTime(12, 0)).toMSecsSinceEpoch(), n)
                  for day, n in fig.per_day]
        self.day_series.replace(points)
        if fig.per_day:
            self.day_axis_x.setRange(QDateTime(_qdate(fig.per_day[0][0]), QTime(0, 0)),
                                     QDateTime(_qdate(fig.per_day[-1][0]), QTime(23, 59)))
            days = len(fig.per_day)
            self.day_axis_x.setFormat("MM-dd" if days <= 120 else "yyyy-MM")
            self.day_axis_x.setTickCount(min(days, 8) if days > 1 else 2)
        _set_max(self.day_axis_y, max((n for _, n in fig.per_day), default=0))

    def _show_top(self, fig: BoardFigures) -> None:
        rows = list(fig.per_one_thing[:TOP])[::-1]          # the busiest at the top
        self.top_set.remove(0, self.top_set.count())
        self.top_set.append([float(n) for _, n in rows])
        self.top_axis_y.setCategories([_short(self.names.get(k, k), 10) for k, _ in rows])
        _set_max(self.top_axis_x, max((n for _, n in rows), default=0))

    def _show_durations(self, parts: tuple[QChartView, QBarSeries, tuple[QBarSet, ...],
                                           QBarCategoryAxis, QValueAxis],
                        labels: list[str], rows: Any) -> None:
        _, _, (mean, p90, promise), axis_x, axis_y = parts
        for bar, values in ((mean, [r.mean or 0.0 for r in rows]),
                            (p90, [float(r.p90 or 0) for r in rows]),
                            (promise, [float(r.promise) for r in rows])):
            bar.remove(0, bar.count())
            bar.append(values)
        axis_x.setCategories(labels)
        _set_max(axis_y, max([max(r.p90 or 0, r.promise) for r in rows] or [0]))

    def _show_levels(self, fig: BoardFigures) -> None:
        rated = fig.ratings
        for level, n in fig.levels:
            piece = self.level_slices[level]
            piece.setValue(n)
            share = f"{n / rated * 100:.0f}%" if rated else "—"
            piece.setLabel(f"{EVALUATION_LEVEL_LABELS[level]} {n} ({share})")
            piece.setLabelVisible(bool(n) and n / max(rated, 1) >= 0.03)

    def _show_overdue(self, fig: BoardFigures) -> None:
        shown = fig.overdue[:OVERDUE_ROWS]
        self.overdue_title.setText(
            self.tr("超期在办 %1 件").replace("%1", f"{fig.overdue_count:,}")
            + (self.tr("(列出超期最久的 %1 件,全部见导出)").replace("%1", str(OVERDUE_ROWS))
               if fig.overdue_count > OVERDUE_ROWS else ""))
        table = self.overdue_table
        table.setUpdatesEnabled(False)
        try:
            table.setRowCount(len(shown))
            for row, o in enumerate(shown):
                cells = (o.case_id, self.names.get(o.one_thing_id, o.one_thing_id),
                         o.window_code, f"{o.accepted_on:%Y-%m-%d}", f"{o.due_date:%Y-%m-%d}",
                         str(o.days_overdue), CASE_STATE_LABELS.get(o.state, o.state))
                for col, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    if col == 5:
                        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    table.setItem(row, col, item)
        finally:
            table.setUpdatesEnabled(True)

    def _say(self, message: str, *, error: bool = False) -> None:
        self.status_label.setText(message)
        self.status_label.setProperty("role", "error" if error else "")
        self.status_label.style().unpolish(self.status_label)
        self.status_label.style().polish(self.status_label)
        self.status_label.setVisible(bool(message))

    # -- exports -------------------------------------------------------------------
    def export_xlsx(self, path: Path | str | None = None) -> Path | None:
        """Writes the figures shown as a workbook; asks where when ``path`` is None."""
        return self._export(path, ".xlsx", self.tr("Excel 工作簿 (*.xlsx)"), export_board_xlsx)

    def export_pdf(self, path: Path | str | None = None) -> Path | None:
        """Writes the figures shown as the monthly PDF report; asks where when None."""
        return self._export(path, ".pdf", self.tr("PDF 文件 (*.pdf)"), export_board_pdf)

    def _export(self, path: Path | str | None, suffix: str, file_filter: str,
                write: Callable[..., Path]) -> Path | None:
        if self.figures is None:
            self._say(self.tr("还没有可导出的数据。"), error=True)
            return None
        flt = self.current_filter()
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, self.tr("导出效能看板"), str(Path.home() / default_file_name(flt, suffix)),
                file_filter)
            if not chosen:
                return None
            path = chosen if chosen.endswith(suffix) else chosen + suffix
        try:
            written = write(self.figures, flt, Path(path), self.names)
        except OSError as exc:
            logger.warning("board export failed: %s", exc)
            self._say(self.tr("导出失败:%1").replace("%1", exc.strerror or str(exc)), error=True)
            return None
        self._say(self.tr("已导出:%1").replace("%1", str(written)))
        self.exported.emit(suffix.lstrip("."), str(written))
        return written


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.0f}" if value == int(value) else f"{value:.1f}"



