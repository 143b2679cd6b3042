"""How much of attachment 1 is configured, and what the merge gives citizens, per
category: ``python -m window_client catalog --coverage`` prints it; docs/CATALOG.md
holds the same table (``--markdown``), kept equal to the catalog by a test.

Figures are taken on each one-thing's default path (the default answers of its
questions), with no e-licence held and every online check available:
- fields / materials: the median over the category's configured one-things of
  "separate" (the sum of what each item's own form and list asks) and "merged"
  (what the one form and the one set ask);
- exemption routes: e-licence, online-verification and shared-from-item routes
  on the composed one-things' materials (every path, not only the default);
- low saving: one-things whose merged form saves less than 30% of the separate
  fields on the default path."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field

from window_client.core.catalog import Catalog
from window_client.core.engine import Plan, compute_plan
from window_client.core.workdays import WorkCalendar

LOW_SAVING = 0.30
START = dt.date(2026, 12, 7)   # a Monday; the figures do not depend on it


@dataclass
class CategoryCoverage:
    category: str
    total: int = 0
    configured: int = 0
    fields_separate: list[int] = field(default_factory=list)
    fields_merged: list[int] = field(default_factory=list)
    materials_separate: list[int] = field(default_factory=list)
    materials_merged: list[int] = field(default_factory=list)
    exemption_routes: int = 0
    low_saving: list[tuple[str, str, float]] = field(default_factory=list)  # id, name, saving
    pending: list[tuple[int, str, str]] = field(default_factory=list)      # seq, name, why


def _median(values: list[int]) -> float | None:
    return statistics.median(values) if values else None


def saving(separate: int, merged: int) -> float:
    return (separate - merged) / separate if separate else 0.0


def default_plan(catalog: Catalog, one_id: str) -> Plan:
    one = catalog.definitions[one_id]
    return compute_plan(one, catalog.dictionary, one.default_answers(), start=START,
                        calendar=WorkCalendar())


def coverage(catalog: Catalog) -> list[CategoryCoverage]:
    out: dict[str, CategoryCoverage] = {}
    for entry in catalog.entries():
        cat = out.setdefault(entry.row.category, CategoryCoverage(entry.row.category))
        cat.total += 1
        one = entry.definition
        if one is None:
            cat.pending.append((entry.row.seq, entry.display_name,
                                catalog.pending.get(entry.row.seq, "尚未配置")))
            continue
        cat.configured += 1
        s = default_plan(catalog, one.id).statistics
        cat.fields_separate.append(s.fields_separate)
        cat.fields_merged.append(s.fields_merged)
        cat.materials_separate.append(s.materials_separate)
        cat.materials_merged.append(s.materials_merged)
        cat.exemption_routes += sum(len(m.exemptions) for m in one.materials)
        saved = saving(s.fields_separate, s.fields_merged)
        if saved < LOW_SAVING:
            cat.low_saving.append((one.id, one.name, saved))
    return list(out.values())


def _fmt(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}"


HEADERS = ("类别", "已配置/总数", "字段 分别→合并(中位数)", "材料 分别→合并(中位数)", "免交途径",
           "合并省字段不足30%")


def rows(cats: list[CategoryCoverage]) -> list[tuple[str, ...]]:
    table: list[tuple[str, ...]] = []
    for c in cats:
        table.append((
            c.category, f"{c.configured}/{c.total}",
            f"{_fmt(_median(c.fields_separate))}→{_fmt(_median(c.fields_merged))}",
            f"{_fmt(_median(c.materials_separate))}→{_fmt(_median(c.materials_merged))}",
            str(c.exemption_routes),
            "、".join(f"{name}({saved:.0%})" for _id, name, saved in c.low_saving) or "—"))
    total = sum(c.total for c in cats)
    configured = sum(c.configured for c in cats)
    fs = [v for c in cats for v in c.fields_separate]
    fm = [v for c in cats for v in c.fields_merged]
    ms = [v for c in cats for v in c.materials_separate]
    mm = [v for c in cats for v in c.materials_merged]
    low = sum(len(c.low_saving) for c in cats)
    table.append(("合计", f"{configured}/{total}", f"{_fmt(_median(fs))}→{_fmt(_median(fm))}",
                  f"{_fmt(_median(ms))}→{_fmt(_median(mm))}", str(sum(c.exemption_routes for c in cats)),
                  f"{low}项"))
    return table


def text_report(cats: list[CategoryCoverage]) -> str:
    table = rows(cats)
    lines = ["  ".join(HEADERS)]
    lines += ["  ".join(r) for r in table]
    pending = [p for c in cats for p in c.pending]
    if pending:
        lines.append(f"待配置{len(pending)}项:")
        lines += [f"  第{seq}行 {name}:{why}" for seq, name, why in pending]
    return "\n".join(lines)


def markdown(cats: list[CategoryCoverage], version: str) -> str:
    table = rows(cats)
    out = ["# 一件事目录覆盖情况", "",
           "由 `python -m window_client catalog --coverage --markdown` 生成(测试保证与目录一致;"
           "目录改动后重新生成)。", "",
           f"目录版本 `{version}`。各项数字取每个一件事的**默认情形**(各情景问题的默认答案,"
           "申请人未持有电子证照):", "",
           "- **字段/材料 分别→合并**:本类已配置的一件事中,各事项单独申请时表单字段(材料)之和,"
           "与合并成一张表单(一套材料)后的个数,取中位数;",
           "- **免交途径**:本类一件事所有材料上的电子证照、网络核验、事项间共享免交途径的条数(全部情形);",
           "- **合并省字段不足30%**:默认情形下合并表单比分别申请少不到30%字段的一件事。", "",
           "| " + " | ".join(HEADERS) + " |",
           "|" + "---|" * len(HEADERS)]
    out += ["| " + " | ".join(r) + " |" for r in table]
    pending = [p for c in cats for p in c.pending]
    out += ["", "## 待配置", ""]
    if pending:
        out += [f"- 第{seq}行 {name}:{why}" for seq, name, why in pending]
    else:
        out.append("无:附件1的每一行都已配置(review 状态均为 draft,待部门审核)。")
    return "\n".join(out) + "\n"
