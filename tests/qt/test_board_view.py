"""The efficiency board's view on the hand-counted fixture of tests/core/test_board.py:
the KPI tiles say what was counted there, every filter changes the tiles and the
series, the exports write files through the view, and a failed load says so in
Chinese and keeps the figures shown."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from tests.core.test_board import DATA, END, START, TODAY
from window_client.core.workdays import WorkCalendar
from window_client.qt.board_view import BoardView

NAMES = {"newborn": "新生儿出生", "company": "企业开办"}
DEPARTMENTS = {"wjw": "市卫生健康委员会", "gaj": "市公安局", "scjg": "市市场监督管理局",
               "swj": "市税务局"}


class Loader:
    """Hands out DATA, or raises once ``fail`` is set."""

    def __init__(self) -> None:
        self.fail: Exception | None = None
        self.calls = 0

    def __call__(self):
        self.calls += 1
        if self.fail is not None:
            raise self.fail
        return DATA


@pytest.fixture
def loader():
    return Loader()


@pytest.fixture
def view(qtbot, loader):
    v = BoardView(loader, NAMES, DEPARTMENTS, WorkCalendar(), today=lambda: TODAY)
    qtbot.addWidget(v)
    v.resize(1366, 768)
    v.show()
    v.set_range(START, END)
    return v


def kpi(view, key):
    return view.tiles[key].value_label.text()


def select(combo, data):
    combo.setCurrentIndex(combo.findData(data))


def test_defaults_are_the_last_30_days(qtbot, loader):
    v = BoardView(loader, NAMES, DEPARTMENTS, WorkCalendar(), today=lambda: TODAY)
    qtbot.addWidget(v)
    assert v.current_filter().start == TODAY - dt.timedelta(days=29)
    assert v.current_filter().end == TODAY
    assert kpi(v, "total") == "9"            # C0 (18 Sep) is within 30 days of 12 Oct
    assert loader.calls == 1


def test_the_fixture_kpis(view):
    assert kpi(view, "total") == "8"
    assert kpi(view, "on_time") == "66.7%"
    assert kpi(view, "overdue") == "2"
    assert kpi(view, "returned") == "25.0%"
    assert kpi(view, "refused") == "12.5%"
    assert kpi(view, "satisfied") == "50.0%"
    assert kpi(view, "fields") == "82"
    assert kpi(view, "materials") == "18"
    assert view.tiles["overdue"].detail_label.text() == "1个工作日内到期 1 件"
    assert view.freshness_label.text() == ("数据读取于 2026-10-12 09:30 · "
                                           "平台数据截至 2026-10-12 08:00")


def test_the_series_and_tables(view):
    assert view.day_series.count() == 22
    assert sum(p.y() for p in view.day_series.points()) == 8
    assert view.top_set.count() == 2 and view.top_axis_y.categories() == ["新生儿出生", "企业开办"]
    mean, p90, promise = view.one_duration[2]
    assert [mean.at(k) for k in range(mean.count())] == [0.0, 5.5]     # 企业开办, 新生儿出生
    assert [p90.at(k) for k in range(2)] == [0.0, 6.0]
    assert view.dept_duration[3].categories() == ["公安局", "税务局", "卫生健康委员会",
                                                  "市场监督管理局"]
    assert [view.level_slices[lv].value() for lv in (5, 4, 3, 2, 1)] == [1, 1, 1, 2, 1]
    assert view.overdue_table.rowCount() == 2
    assert view.overdue_table.item(0, 0).text() == "C3"
    assert view.overdue_table.item(0, 5).text() == "3"
    assert view.overdue_table.item(1, 6).text() == "退回补正"
    assert [view.complaint_list.item(k).text() for k in range(view.complaint_list.count())] \
        == ["等候时间过长 · 2 次", "需要多次往返 · 1 次"]


def test_the_combos_list_the_data(view):
    assert [view.window_combo.itemText(k) for k in range(view.window_combo.count())] == [
        "全部窗口", "W01", "W02", "W03"]
    texts = [view.one_thing_combo.itemText(k) for k in range(view.one_thing_combo.count())]
    assert texts[0] == "全部一件事" and set(texts[1:]) == {"新生儿出生", "企业开办"}
    assert view.department_combo.findText("市税务局") > 0


def test_window_filter(view):
    select(view.window_combo, "W01")
    assert kpi(view, "total") == "4" and kpi(view, "on_time") == "50.0%"
    assert kpi(view, "overdue") == "0" and view.overdue_table.rowCount() == 0
    assert kpi(view, "satisfied") == "66.7%"           # C1 5, C5 3, C2 2


def test_one_thing_filter(view):
    select(view.one_thing_combo, "company")
    assert kpi(view, "total") == "4" and kpi(view, "on_time") == "—"
    assert view.top_set.count() == 1 and view.top_axis_y.categories() == ["企业开办"]
    assert view.dept_duration[3].categories() == ["税务局", "市场监督管理局"]


def test_department_filter(view):
    select(view.department_combo, "swj")
    assert kpi(view, "total") == "3"
    assert view.dept_duration[3].categories() == ["税务局"]
    assert view.dept_duration[2][0].at(0) == 1.5


def test_date_range_and_quick_buttons(view, qtbot):
    view.start_edit.setDate(view.start_edit.date().addDays(17))   # 8 Oct
    assert kpi(view, "total") == "4" and view.day_series.count() == 5
    view.this_month_button.click()
    assert view.current_filter().start == dt.date(2026, 10, 1)
    assert kpi(view, "total") == "4"                              # C5–C8
    view.last_month_button.click()
    assert (view.current_filter().start, view.current_filter().end) == (
        dt.date(2026, 9, 1), dt.date(2026, 9, 30))
    assert kpi(view, "total") == "5"                              # C0–C4
    view.last_90_button.click()
    assert view.current_filter().start == TODAY - dt.timedelta(days=89)
    view.this_year_button.click()
    assert view.current_filter().start == dt.date(2026, 1, 1)
    assert kpi(view, "total") == "9" and view.day_series.count() == 285


def test_exports_through_the_view(view, tmp_path):
    xlsx = view.export_xlsx(tmp_path / "board.xlsx")
    pdf = view.export_pdf(tmp_path / "board.pdf")
    assert xlsx.exists() and pdf.read_bytes().startswith(b"%PDF")
    assert load_workbook(xlsx)["概览"]["B4"].value == 8
    assert "已导出" in view.status_label.text()


def test_an_export_that_cannot_write_says_so(view, tmp_path):
    assert view.export_xlsx(tmp_path / "missing" / "board.xlsx") is None
    assert view.status_label.text().startswith("导出失败")


def test_a_failed_load_keeps_the_figures(view, loader):
    before = view.figures
    loader.fail = OSError("数据库被锁定")
    view.refresh_button.click()
    assert loader.calls == 2
    assert view.status_label.isVisible()
    assert view.status_label.text().startswith("读取看板数据失败")
    assert "数据库被锁定" in view.status_label.text()
    assert view.figures is before and kpi(view, "total") == "8"
    assert view.refresh_button.isEnabled()
    loader.fail = None
    view.refresh()
    assert not view.status_label.isVisible() and kpi(view, "total") == "8"
