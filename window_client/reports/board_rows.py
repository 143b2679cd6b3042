"""What the board's reports show, as plain rows: the KPI list, the filter, and one
table per section, each a title, a header and rows of values (a float marked as a
percent is a share in [0, 1]; None is shown as a dash). The workbook and the PDF
render these, so both always say the same."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from window_client.core.board import BoardFigures, BoardFilter
from window_client.core.labels import CASE_STATE_LABELS, EVALUATION_LEVEL_LABELS

INT, PERCENT, NUMBER, TEXT, DATE = "int", "percent", "number", "text", "date"
Cell = object


@dataclass(frozen=True)
class Table:
    title: str
    header: tuple[str, ...]
    kinds: tuple[str, ...]              # per column: INT, PERCENT, NUMBER, TEXT, DATE
    rows: tuple[tuple[Cell, ...], ...]


def percent_text(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def number_text(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def month_label(flt: BoardFilter) -> str:
    """2026年11月 for a range within one month, else the range."""
    if (flt.start.year, flt.start.month) == (flt.end.year, flt.end.month):
        return f"{flt.start.year}年{flt.start.month}月"
    return f"{flt.start:%Y-%m-%d} 至 {flt.end:%Y-%m-%d}"


def kpis(fig: BoardFigures) -> list[tuple[str, Cell, str]]:
    """(label, value, kind) of the headline figures, in the board's order."""
    return [
        ("办件总数", fig.total, INT),
        ("已办结", fig.finished, INT),
        ("在办", fig.open, INT),
        ("按时办结率", fig.on_time.share, PERCENT),
        ("超期在办", fig.overdue_count, INT),
        ("1个工作日内到期", fig.due_soon, INT),
        ("补正率", fig.returned_rate, PERCENT),
        ("不予受理率", fig.refusal_rate, PERCENT),
        ("单项不予受理(项)", fig.items_refused, INT),
        ("评价数", fig.ratings, INT),
        ("满意率(基本满意及以上)", fig.satisfied_share, PERCENT),
        ("减少填表项", fig.fields.saved, INT),
        ("减少材料份数", fig.materials.saved, INT),
    ]


def filter_lines(fig: BoardFigures, flt: BoardFilter, names: Mapping[str, str]) -> list[
        tuple[str, str]]:
    department = "全部部门"
    if flt.department is not None:
        named = {d.key: d.name for d in fig.durations_by_department}
        department = named.get(flt.department, flt.department)
    feed = (f"平台数据截至 {fig.feed_read_at:%Y-%m-%d %H:%M}" if fig.feed_read_at
            else "尚未从平台读取,仅本机数据")
    return [
        ("统计期间", f"{flt.start:%Y-%m-%d} 至 {flt.end:%Y-%m-%d}(按受理日期)"),
        ("窗口", flt.window_code or "全部窗口"),
        ("一件事", names.get(flt.one_thing_id, flt.one_thing_id) if flt.one_thing_id
         else "全部一件事"),
        ("部门", department),
        ("数据读取时间", f"{fig.loaded_at:%Y-%m-%d %H:%M}"),
        ("平台数据", feed),
        ("统计日", f"{fig.today:%Y-%m-%d}"),
    ]


def day_table(fig: BoardFigures) -> Table:
    return Table("每日办件", ("日期", "星期", "办件数"), (DATE, TEXT, INT),
                 tuple((day, "一二三四五六日"[day.weekday()], n) for day, n in fig.per_day))


def one_thing_table(fig: BoardFigures, names: Mapping[str, str]) -> Table:
    shares = {s.key: s for s in fig.on_time_by_one_thing}
    durations = {d.key: d for d in fig.durations_by_one_thing}
    rows = []
    for key, count in fig.per_one_thing:
        s, d = shares[key], durations[key]
        rows.append((names.get(key, key), count, s.finished, s.share, d.mean, d.p90, d.promise))
    return Table("一件事", ("一件事", "办件数", "已办结", "按时办结率", "平均用时(工作日)",
                           "P90用时(工作日)", "承诺时限(工作日)"),
                 (TEXT, INT, INT, PERCENT, NUMBER, INT, NUMBER), tuple(rows))


def department_table(fig: BoardFigures) -> Table:
    return Table("部门", ("部门", "已办结事项", "平均用时(工作日)", "P90用时(工作日)",
                         "承诺时限(工作日)"), (TEXT, INT, NUMBER, INT, NUMBER),
                 tuple((d.name, d.count, d.mean, d.p90, d.promise)
                       for d in fig.durations_by_department))


def overdue_table(fig: BoardFigures, names: Mapping[str, str]) -> Table:
    return Table("超期办件", ("办件编号", "一件事", "窗口", "受理日期", "承诺办结日期",
                             "超期(工作日)", "状态"), (TEXT, TEXT, TEXT, DATE, DATE, INT, TEXT),
                 tuple((o.case_id, names.get(o.one_thing_id, o.one_thing_id), o.window_code,
                        o.accepted_on, o.due_date, o.days_overdue,
                        CASE_STATE_LABELS.get(o.state, o.state)) for o in fig.overdue))


def level_table(fig: BoardFigures) -> Table:
    rated = fig.ratings
    return Table("评价", ("评价等级", "评价数", "占比"), (TEXT, INT, PERCENT),
                 tuple((EVALUATION_LEVEL_LABELS[level], n, n / rated if rated else None)
                       for level, n in fig.levels))


def complaint_table(fig: BoardFigures) -> Table:
    return Table("不满意原因", ("原因(不满意、非常不满意)", "次数"), (TEXT, INT),
                 tuple(fig.complaints))


def savings_table(fig: BoardFigures) -> Table:
    rows = []
    for label, s in (("填表项", fig.fields), ("材料份数", fig.materials)):
        rows.append((label, s.cases, s.separate, s.merged, s.saved, s.median_saved, s.without))
    return Table("减材料减表单", ("项目", "有统计的办件", "分别办理合计", "一件事合并后合计",
                                "减少", "每件减少(中位数)", "无统计的办件"),
                 (TEXT, INT, INT, INT, INT, NUMBER, INT), tuple(rows))


def write_atomically(path: Path, write: Callable[[Path], object]) -> Path:
    """``write(tmp)`` into a file beside ``path``, then renamed over it: a reader never
    sees half a file, and a failure leaves what was there."""
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix,
                                    dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def cell_text(value: Cell, kind: str) -> str:
    """A cell as the PDF prints it."""
    if value is None:
        return "—"
    if kind == PERCENT:
        return percent_text(value)  # type: ignore[arg-type]
    if kind == NUMBER:
        return number_text(value)  # type: ignore[arg-type]
    if kind == DATE and isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    return str(value)


def default_file_name(flt: BoardFilter, suffix: str) -> str:
    """效能看板_2026-11.xlsx for a range within a month, else 效能看板_start_end."""
    if (flt.start.year, flt.start.month) == (flt.end.year, flt.end.month):
        return f"效能看板_{flt.start:%Y-%m}{suffix}"
    return f"效能看板_{flt.start:%Y%m%d}-{flt.end:%Y%m%d}{suffix}"



def short_department_name(name: str) -> str:
    """市市场监督管理局 → 市场监督管理局: a chart's labels drop the 市 in front."""
    return name[1:] if name.startswith("市") and len(name) > 3 else name
