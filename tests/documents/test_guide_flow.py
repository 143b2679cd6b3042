"""The printed guide is 图文并茂: the items' flow chart (the screen's grid, from
core/flow.py) and a numbered "how it goes" with the figures of the usual case and
the promised date. Rendered to PDF, read back with pdftotext, the chart's page
rendered with pdftoppm."""

import datetime as dt
import subprocess

from PIL import Image

from window_client.core.engine import compute_plan
from window_client.core.flow import flow_grid
from window_client.core.workdays import WorkCalendar
from window_client.documents import guide_data_from, render
from window_client.settings import Settings


def guide_pdf(catalog, one_thing_id, tmp_path):
    one = catalog.definitions[one_thing_id]
    plan = compute_plan(one, catalog.dictionary, one.default_answers(), start=dt.date(2026, 12, 1),
                        calendar=WorkCalendar())
    data = guide_data_from(one, plan, catalog, Settings(), dt.datetime(2026, 12, 1, 9, 0))
    path = tmp_path / f"{one_thing_id}.pdf"
    path.write_bytes(render("guide", data))
    return path, data, plan


def test_flow_grid_columns_follow_the_dependencies():
    grid = flow_grid([("a", ()), ("b", ("a",)), ("c", ("a",)), ("d", ("b", "c")), ("e", ())])
    assert grid.cells == {"a": (0, 0), "b": (1, 0), "c": (1, 1), "d": (2, 0), "e": (0, 1)}
    assert set(grid.edges) == {("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")}
    assert (grid.columns, grid.rows) == (3, 2)


def test_the_guide_prints_how_it_goes_and_the_flow_chart(catalog, tmp_path):
    path, data, plan = guide_pdf(catalog, "newborn", tmp_path)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout.replace("\n", "")
    assert "二、怎么办(通常情形)" in text
    for n in range(1, 7):
        assert f"{n}. " in text
    assert f"通常情形办理{len(plan.items)}项" in text
    assert f"共{plan.statistics.fields_merged}项,其中需填写{plan.statistics.fields_to_type}项" in text
    assert f"{plan.due_date:%Y年%m月%d日}前办结" in text
    # each item's box carries its department's short name and promised days
    for item in data.items:
        assert f"{item.department_short} · 承诺{item.promised_days}个工作日" in text, item.name
    # the chart is drawn: the page with its caption has the boxes' fill over a wide area
    pages = [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"],
                            capture_output=True, text=True, check=True).stdout
             for n in range(1, 4)]
    page = 1 + next(n for n, words in enumerate(pages) if "办理顺序:" in words)
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", str(page), "-l", str(page), str(path),
                    str(tmp_path / "page")], check=True)
    raw = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB").tobytes()
    fill = sum(1 for i in range(0, len(raw), 3)
               if abs(raw[i] - 0xEE) < 6 and abs(raw[i + 2] - 0xFA) < 6)
    assert fill > 2000, fill
