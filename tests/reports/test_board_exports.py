"""The board's exports on the hand-counted fixture of tests/core/test_board.py: the
workbook read back with openpyxl holds the figures (shares as percent-formatted
numbers, a chart on the daily sheet); the PDF's text (pdftotext) has the headings
and the numbers, and every page rendered by pdftoppm has ink on it."""

from __future__ import annotations

import subprocess

import pytest
from openpyxl import load_workbook
from PIL import Image

from tests.core.test_board import DATA, TODAY, END, START
from window_client.core.board import BoardFilter, board_figures
from window_client.core.workdays import WorkCalendar
from window_client.reports.board_pdf import export_board_pdf
from window_client.reports.board_rows import default_file_name
from window_client.reports.board_xlsx import export_board_xlsx

NAMES = {"newborn": "新生儿出生", "company": "企业开办"}
FLT = BoardFilter(START, END)
FIG = board_figures(DATA, FLT, TODAY, WorkCalendar())


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "board.xlsx"
    assert export_board_xlsx(FIG, FLT, path, NAMES) == path
    return load_workbook(path)


def rows(ws, first=2):
    return [tuple(c.value for c in row) for row in ws.iter_rows(min_row=first)
            if any(c.value is not None for c in row)]


def test_the_sheets(workbook):
    assert workbook.sheetnames == ["概览", "每日办件", "一件事", "部门", "超期办件", "评价",
                                   "减材料减表单"]


def test_overview_holds_the_kpis_and_the_filter(workbook):
    ws = workbook["概览"]
    values = {r[0]: r[1] for r in rows(ws, 1) if r[0]}
    assert values["办件总数"] == 8 and values["超期在办"] == 2
    assert values["按时办结率"] == pytest.approx(2 / 3)
    assert values["补正率"] == 0.25 and values["不予受理率"] == 0.125
    assert values["满意率(基本满意及以上)"] == 0.5
    assert values["减少填表项"] == 82 and values["减少材料份数"] == 18
    share = next(c for c in ws["B"] if c.value == pytest.approx(2 / 3))
    assert share.number_format == "0.0%"
    assert values["统计期间"].startswith("2026-09-21 至 2026-10-12")
    assert values["平台数据"] == "平台数据截至 2026-10-12 08:00"
    assert values["窗口"] == "全部窗口"


def test_daily_sheet_has_every_day_and_a_chart(workbook):
    ws = workbook["每日办件"]
    days = rows(ws)
    assert len(days) == 22 and sum(r[2] for r in days) == 8
    assert days[0][0].date() == START and days[0][1] == "一"
    assert len(ws._charts) == 1
    assert ws["A1"].font.bold and ws.column_dimensions["A"].width >= 10


def test_one_thing_department_and_overdue_sheets(workbook):
    one = rows(workbook["一件事"])
    assert one[0][:4] == ("企业开办", 4, 0, "—")
    assert one[1][:7] == ("新生儿出生", 4, 3, pytest.approx(2 / 3), 5.5, 6, 5)
    dept = rows(workbook["部门"])
    assert [r[0] for r in dept] == ["市公安局", "市税务局", "市卫生健康委员会", "市市场监督管理局"]
    assert dept[0][1:] == (2, 4.5, 5, 5)
    overdue = rows(workbook["超期办件"])
    assert [(r[0], r[1], r[5], r[6]) for r in overdue] == [("C3", "企业开办", 3, "审批中"),
                                                             ("C4", "企业开办", 1, "退回补正")]


def test_ratings_and_savings_sheets(workbook):
    ws = workbook["评价"]
    table = rows(ws)
    assert table[:5] == [("非常满意", 1, pytest.approx(1 / 6)), ("满意", 1, pytest.approx(1 / 6)),
                         ("基本满意", 1, pytest.approx(1 / 6)), ("不满意", 2, pytest.approx(2 / 6)),
                         ("非常不满意", 1, pytest.approx(1 / 6))]
    assert ("等候时间过长", 2, None) in table and ("需要多次往返", 1, None) in table
    savings = rows(workbook["减材料减表单"])
    assert savings == [("填表项", 6, 210, 128, 82, 13.5, 2), ("材料份数", 6, 42, 24, 18, 3, 2)]


def test_a_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "board.xlsx"
    path.write_bytes(b"old")
    import openpyxl.workbook.workbook as wbmod

    def broken(self, filename):
        raise OSError("disk full")
    monkeypatch.setattr(wbmod.Workbook, "save", broken)
    with pytest.raises(OSError):
        export_board_xlsx(FIG, FLT, path, NAMES)
    assert path.read_bytes() == b"old" and list(tmp_path.iterdir()) == [path]


def test_default_file_names():
    import datetime as dt
    month = BoardFilter(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert default_file_name(month, ".xlsx") == "效能看板_2026-11.xlsx"
    assert default_file_name(FLT, ".pdf") == "效能看板_20260921-20261012.pdf"


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    path = export_board_pdf(FIG, FLT, out / "board.pdf", NAMES)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(out / "page")], check=True)
    return path, text, sorted(out.glob("page*.png"))


def test_pdf_text_has_the_headings_and_numbers(pdf):
    _, text, _ = pdf
    flat = "".join(text.split())
    for heading in ("综合窗口效能月报", "主要指标", "办件量", "办理用时", "一件事明细", "部门明细",
                    "超期办件(2件)", "好差评", "减材料减表单", "平台数据截至2026-10-1208:00"):
        assert heading in flat, heading
    assert "按时办结率66.7%" in flat and "补正率25.0%" in flat and "不予受理率12.5%" in flat
    assert "满意率(基本满意及以上)50.0%" in flat
    assert "等候时间过长2" in flat and "C3企业开办W022026-09-282026-10-083审批中" in flat
    assert "填表项62101288213.52" in flat


def test_pdf_pages_are_not_blank(pdf):
    _, _, pngs = pdf
    assert pngs
    for png in pngs:
        image = Image.open(png).convert("L")
        low, _ = image.getextrema()
        assert low < 80, png                       # there is dark ink
        dark = sum(image.histogram()[:200])
        assert dark > 0.003 * image.width * image.height, png


def test_pdf_embeds_the_cjk_face(pdf):
    path, _, _ = pdf
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                           check=True).stdout
    faces = fonts.splitlines()[2:]
    assert faces and all("WenQuanYiMicroHei" in line and " yes yes " in line for line in faces)
