"""Reads attachment 1 of the city's work plan into structured catalog rows.

The seed's table was flattened into one cell per line, and cells merged vertically
in the original appear only on the first row of the merge. For every cell this
importer records where its value came from: read on the row, inherited from an
earlier row (merged cell), or absent. Nothing is invented: rows whose name is not
in the text are flagged ``name_missing``.

Merged cells: unit cells are taken as merged only inside one category (the
category column is itself a merged cell and a unit merge that crossed it would
assign e.g. the disability federation as lead of every row down to 公民身后); where
a row starts a category without its unit cell the value is absent and the row is
flagged ``lead_units_not_in_text``. The level column is one long merged cell in the
original (two 国家部署 rows, then 市级牵头), so it is inherited across categories.

Pure Python (no Qt, no SQLAlchemy): used by ``tools/import_catalog.py`` and tests.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ATTACHMENT_START = "附件1"
LEVELS = ("国家部署,市级落实", "市级牵头")
HEADER_CELLS = ("类型", "序号", "一件事名称", "牵头市领导", "牵头单位", "责任单位", "事项层级")
_UNIT_RE = re.compile(r"^(市|各县|赣州|国家)")
_COUNT_RE = re.compile(r"^[((](\d+)[项类][))]$")
_INLINE_CATEGORY_RE = re.compile(r"^(.+类)[((](\d+)[项类][))]$")
# split on 、 outside parentheses: 各县(市、区) is one unit
_SPLIT_RE = re.compile(r"、(?![^((]*[))])")


class SeedFormatError(ValueError):
    """The seed text does not have the shape attachment 1 is known to have."""


@dataclass
class _RawRow:
    seq: int
    category: str
    category_declared_count: int | None
    category_read_here: bool
    cells: list[str]


def _is_unit(line: str) -> bool:
    return bool(_UNIT_RE.match(line)) and line not in LEVELS


def split_units(line: str) -> list[str]:
    return [u.strip() for u in _SPLIT_RE.split(line) if u.strip()]


def _attachment_lines(text: str) -> list[str]:
    lines = [ln.strip() for ln in text.splitlines()]
    try:
        start = lines.index(ATTACHMENT_START)
    except ValueError as exc:
        raise SeedFormatError("附件1 not found in the seed text") from exc
    body = lines[start + 1:]
    # skip the title block up to and including the last header cell
    try:
        last_header = body.index(HEADER_CELLS[-1])
    except ValueError as exc:
        raise SeedFormatError("table header of attachment 1 not found") from exc
    return [ln for ln in body[last_header + 1:] if ln]


def _split_rows(lines: list[str]) -> list[_RawRow]:
    """Groups lines into rows: a line equal to the next expected sequence number
    starts a row; category headers sit between rows."""
    rows: list[_RawRow] = []
    expected = 1
    category = ""
    declared: int | None = None
    category_fresh = False
    pending: list[str] = []  # lines of the current row
    i = 0

    def flush() -> None:
        if rows:
            rows[-1].cells = list(pending)

    while i < len(lines):
        line = lines[i]
        if line == str(expected):
            flush()
            pending.clear()
            rows.append(_RawRow(expected, category, declared, category_fresh, []))
            category_fresh = False
            expected += 1
            i += 1
            continue
        inline = _INLINE_CATEGORY_RE.match(line)
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if inline:
            category, declared, category_fresh = inline.group(1), int(inline.group(2)), True
            i += 1
            continue
        if _COUNT_RE.match(nxt) and not _is_unit(line):
            category, declared, category_fresh = line, int(_COUNT_RE.match(nxt).group(1)), True
            i += 2
            continue
        if line.endswith("类") and nxt == str(expected):
            category, declared, category_fresh = line, None, True
            i += 1
            continue
        pending.append(line)
        i += 1
    flush()
    return rows


def _cell(value: Any, source: str, from_row: int | None = None) -> dict[str, Any]:
    cell: dict[str, Any] = {"value": value, "source": source}
    if from_row is not None:
        cell["from_row"] = from_row
    return cell


def parse_attachment(text: str) -> list[dict[str, Any]]:
    """Returns one dict per row of attachment 1, every cell with its provenance."""
    raw_rows = _split_rows(_attachment_lines(text))
    result: list[dict[str, Any]] = []
    last: dict[str, tuple[Any, int]] = {}  # column -> (value, row it was read on)
    category_start = 0
    for raw in raw_rows:
        flags: list[str] = []
        notes: list[str] = []
        names = [c for c in raw.cells if not _is_unit(c) and c not in LEVELS]
        units = [c for c in raw.cells if _is_unit(c)]
        levels = [c for c in raw.cells if c in LEVELS]
        if len(names) > 2 or len(units) > 2 or len(levels) > 1:
            raise SeedFormatError(f"row {raw.seq}: unexpected cells {raw.cells!r}")
        row: dict[str, Any] = {"seq": raw.seq}
        if raw.category_read_here:
            category_start = raw.seq
            last.pop("lead_units", None)
            last.pop("responsible_units", None)
            row["category"] = _cell(raw.category, "read")
            row["category_declared_count"] = raw.category_declared_count
        else:
            row["category"] = _cell(raw.category, "inherited", category_start)
            row["category_declared_count"] = raw.category_declared_count
        # name, then the leading official when a second non-unit cell is present
        if names:
            row["name"] = _cell(names[0], "read")
        else:
            row["name"] = _cell(None, "absent")
            flags.append("name_missing")
        row["leading_official"] = (_cell(names[1], "read") if len(names) == 2
                                   else _cell(None, "absent"))
        # units: two lines = lead + responsible; one line = responsible (the lead
        # cell was merged with the row above); none = both merged
        lead_line = units[0] if len(units) == 2 else None
        resp_line = units[-1] if units else None
        if len(units) == 1:
            notes.append("one unit cell on this row: read as responsible units, "
                         "lead unit taken from the merged cell above")
        for column, line in (("lead_units", lead_line), ("responsible_units", resp_line)):
            if line is not None:
                values = split_units(line)
                if len(set(values)) != len(values):
                    notes.append(f"{column}: a unit is listed twice in the seed; kept once")
                    values = list(dict.fromkeys(values))
                row[column] = _cell(values, "read")
                last[column] = (values, raw.seq)
            elif column in last:
                value, read_on = last[column]
                row[column] = _cell(value, "inherited", read_on)
            else:
                row[column] = _cell(None, "absent")
                flags.append(f"{column}_not_in_text")
        if levels:
            row["level"] = _cell(levels[0], "read")
            last["level"] = (levels[0], raw.seq)
        elif "level" in last:
            row["level"] = _cell(last["level"][0], "inherited", last["level"][1])
        else:
            row["level"] = _cell(None, "absent")
        row["flags"] = flags
        row["notes"] = notes
        result.append(row)
    return result


def load_departments(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def attach_departments(rows: list[dict[str, Any]], departments: list[dict[str, Any]]) -> None:
    """Adds ``lead_unit_ids`` / ``responsible_unit_ids`` to every row. A unit that
    the department table does not know is an error: it must be named there first."""
    by_short = {s: d["id"] for d in departments for s in d["short_names"]}
    for row in rows:
        for column in ("lead_units", "responsible_units"):
            ids = []
            for short in row[column]["value"] or []:
                if short not in by_short:
                    raise SeedFormatError(
                        f"row {row['seq']}: unit {short!r} is not in departments.yaml")
                ids.append(by_short[short])
            row[column.replace("_units", "_unit_ids")] = ids


def check_categories(rows: list[dict[str, Any]]) -> list[str]:
    """Compares each category's declared count with the rows found under it."""
    problems = []
    counts: dict[str, int] = {}
    declared: dict[str, int | None] = {}
    for row in rows:
        name = row["category"]["value"]
        counts[name] = counts.get(name, 0) + 1
        declared[name] = row["category_declared_count"]
    for name, count in counts.items():
        if declared[name] is not None and declared[name] != count:
            problems.append(f"{name}: declared {declared[name]}, found {count}")
    return problems


def build_catalog(seed_text: str, departments_path: Path) -> dict[str, Any]:
    rows = parse_attachment(seed_text)
    departments = load_departments(departments_path)
    attach_departments(rows, departments)
    used = {i for r in rows for i in r["lead_unit_ids"] + r["responsible_unit_ids"]}
    return {
        "source": "赣州市“一件事一次办”工作方案 附件1 市级牵头上线“一件事一次办”事项责任清单",
        "declared_rows": 200,
        "row_count": len(rows),
        "rows_without_name": [r["seq"] for r in rows if "name_missing" in r["flags"]],
        "category_count_mismatches": check_categories(rows),
        "departments_used": sorted(used),
        "rows": rows,
    }


def render_catalog(catalog: dict[str, Any]) -> str:
    return json.dumps(catalog, ensure_ascii=False, indent=1) + "\n"
