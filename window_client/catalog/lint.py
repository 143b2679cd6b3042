"""Checks on a loaded catalog beyond what the loader refuses: what an author (hall IT,
a department's reviewer) should fix or look at before a definition goes live.

The loader refuses what cannot be planned with (a broken file, an unknown key, a
cycle). ``lint`` looks at what loads but is wrong or suspicious:

- an item without a legal basis, with a department the catalog does not know, or
  without its own application form; a material without an issuer (errors; the
  basis text ``待部门确认设定依据`` — the basis awaits the department — is a warning);
- two items with the same name and department (an item is defined once: error);
- a condition on a question the one-thing does not have (or, for a question's own
  condition, one asked later), a condition on a value the question cannot take, a
  rule naming an item the one-thing does not use (errors);
- a question that changes nothing, an item that applies on no tested path, a
  one-thing whose merge saves nothing, a one-thing promise shorter than its items
  take in their order (warnings) — from the plans of the tested paths: the default
  answers, then each question set to each of its other answers (and, where those
  cannot reach, the combinations of the answers a condition reads);
- a reviewed definition whose reviewing unit or date is not real (error);
- a difference from the seed's row (name, lead units, responsible units) without a
  ``deviations`` entry saying why (error); a deviation that no longer differs
  (warning).

Pure Python (no Qt): used by ``python -m window_client catalog lint`` and tests.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from window_client.core.catalog import Catalog
from window_client.core.conditions import Condition, holds
from window_client.core.definition import (OneThing, Question, QuestionKind, Review, ReviewState,
                                           answer_problem, made_by_applicant)
from window_client.core.engine import compute_plan, visible_questions
from window_client.core.library import LibraryItem, OneThingDefinition, critical_path_days
from window_client.core.workdays import WorkCalendar

# the honest basis of an item whose department has not yet said which law governs it
BASIS_PENDING = "待部门确认设定依据"

_START = dt.date(2026, 1, 5)     # any Monday: the checks never look at dates
_CALENDAR = WorkCalendar()

SEED_FIELDS = {"name": "名称", "lead_units": "牵头单位", "responsible_units": "责任单位"}


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    severity: Severity
    file: str        # relative to the catalog folder: items/x.yaml, onethings/y.yaml
    message: str     # Chinese, for hall IT and the authors
    check: str       # which check found it (a stable id, e.g. "seed_mismatch")

    @property
    def is_error(self) -> bool:
        return self.severity == Severity.ERROR


def item_file(code: str) -> str:
    return f"items/{code}.yaml"


def onething_file(oid: str) -> str:
    return f"onethings/{oid}.yaml"


def lint(catalog: Catalog) -> list[Finding]:
    """Every finding on ``catalog``: the item library first, then each one-thing."""
    findings: list[Finding] = []
    items: Mapping[str, LibraryItem] = catalog.items
    for code in sorted(items):
        findings += _check_item(catalog, items[code])
    findings += _duplicate_items(items)
    findings += _check_cues(catalog)
    authored: Mapping[str, OneThingDefinition] = catalog.authored
    for oid in sorted(authored):
        definition = authored[oid]
        findings += _check_review(catalog, definition.review, onething_file(oid),
                                  f"一件事“{definition.name}”")
        findings += _check_references(catalog, definition)
        findings += _check_seed(catalog, definition)
        one = catalog.definitions.get(oid)
        if one is not None:
            findings += _check_paths(catalog, one, definition)
    return findings


# --- the item library ---------------------------------------------------------------

def _check_item(catalog: Catalog, item: LibraryItem) -> list[Finding]:
    out: list[Finding] = []
    where = item_file(item.code)

    def add(severity: Severity, check: str, message: str) -> None:
        out.append(Finding(severity, where, message, check))

    basis = item.basis.strip()
    if not basis:
        add(Severity.ERROR, "item_basis",
            f"事项“{item.name}”没有设定依据(basis 为空):填写法律法规名称(条款只在确定时写);"
            f"一时无法确定的,写“{BASIS_PENDING}”")
    elif basis == BASIS_PENDING:
        add(Severity.WARNING, "item_basis",
            f"事项“{item.name}”的设定依据待部门确认(basis: {BASIS_PENDING})")
    if item.department not in catalog.departments:
        add(Severity.ERROR, "item_department",
            f"事项“{item.name}”的办理部门“{item.department}”不在部门表(departments.yaml)中")
    if not item.form:
        add(Severity.ERROR, "item_form",
            f"事项“{item.name}”没有自己的申请表(form 为空):列出单独申请这一事项时要填写的字段")
    out += _check_review(catalog, item.review, where, f"事项“{item.name}”")
    for m in item.materials:
        if not m.issuer.strip():
            add(Severity.ERROR, "material_issuer",
                f"事项“{item.name}”的材料“{m.name}”({m.id})没有出具单位(issuer 为空)")
        if not m.exemptions and not made_by_applicant(m.issuer) and not m.hand_in_reason.strip():
            add(Severity.WARNING, "material_without_reason",
                f"事项“{item.name}”的材料“{m.name}”({m.id})没有免交途径,也没有写为什么要群众提交:"
                "有电子证照、网络核验或共享的写 exemptions,否则写 hand_in_reason(如:须核验原件、"
                "尚无电子证照、由第三方出具)")
    return out


def _check_cues(catalog: Catalog) -> list[Finding]:
    """material_cues.yaml: every material it names is in the library, and a kind's
    name is in the names of the materials that expect it alone. A kind no material
    expects is fine: it still names what a wrong page looks like (离婚证 for a 结婚证)."""
    cues = catalog.material_cues
    out: list[Finding] = []
    where = "material_cues.yaml"
    names: dict[str, set[str]] = {}
    for item in catalog.items.values():
        for m in item.materials:
            names.setdefault(m.id, set()).add(m.name)
    for mid, kinds in cues.materials.items():
        if mid not in names:
            out.append(Finding(Severity.ERROR, where, f"材料 {mid} 不在事项库的任何材料中", "cues_material"))
            continue
        if len(kinds) == 1:
            kind = cues.kinds[kinds[0]]
            if not any(any(t in n for t in kind.titles + (kind.name,)) for n in names[mid]):
                out.append(Finding(Severity.WARNING, where,
                                   f"材料 {mid}({'、'.join(sorted(names[mid]))})的名称中未见“{kind.name}”,"
                                   "请核对要求的证件种类", "cues_kind_name"))
    return out


def _check_review(catalog: Catalog, review: Review, where: str, what: str) -> list[Finding]:
    """A reviewed definition names a known unit and a real date (the model only asks
    that both are there)."""
    if review.state != ReviewState.REVIEWED:
        return []
    out = []
    if review.unit not in catalog.departments:
        out.append(Finding(Severity.ERROR, where,
                           f"{what}的审核单位“{review.unit}”(review.unit)不在部门表中", "review"))
    try:
        dt.date.fromisoformat(review.date)
    except ValueError:
        out.append(Finding(Severity.ERROR, where,
                           f"{what}的审核日期“{review.date}”(review.date)不是 YYYY-MM-DD 日期",
                           "review"))
    return out


def _duplicate_items(items: Mapping[str, LibraryItem]) -> list[Finding]:
    out = []
    first: dict[tuple[str, str], str] = {}
    for code in sorted(items):
        item = items[code]
        other = first.setdefault((item.name, item.department), code)
        if other != code:
            out.append(Finding(Severity.ERROR, item_file(code),
                               f"事项“{item.name}”({item.department})已在 {item_file(other)} "
                               "中定义:同一事项在事项库中只定义一次,一件事按 ref 引用它",
                               "duplicate_item"))
    return out


# --- references inside a one-thing ---------------------------------------------------

def _conditions(catalog: Catalog, d: OneThingDefinition
                ) -> Iterator[tuple[str, Condition, frozenset[str]]]:
    """Every condition of the one-thing (and of its items' fees) with where it is and
    the questions it may read."""
    every = frozenset(q.id for q in d.questions)
    earlier: set[str] = set()
    for n, q in enumerate(d.questions):
        if q.when is not None:
            yield f"questions[{n}]({q.id}).when", q.when, frozenset(earlier)
        earlier.add(q.id)
    for n, use in enumerate(d.items):
        if use.when is not None:
            yield f"items[{n}]({use.ref}).when", use.when, every
    for n, rule in enumerate(d.fields):
        if rule.required_when is not None:
            yield f"fields[{n}]({rule.key}).required_when", rule.required_when, every
    for n, mrule in enumerate(d.materials):
        if mrule.required_when is not None:
            yield f"materials[{n}]({mrule.id}).required_when", mrule.required_when, every
    for n, fee in enumerate(d.fees):
        if fee.when is not None:
            yield f"fees[{n}]({fee.name}).when", fee.when, every
    for use in d.items:
        item = catalog.items.get(use.ref)
        for n, fee in enumerate(item.fees if item is not None else ()):
            if fee.when is not None:
                yield (f"事项 {use.ref} 的 fees[{n}]({fee.name}).when({item_file(use.ref)})",
                       fee.when, every)


def _atoms(cond: Condition) -> Iterator[Condition]:
    if cond.children:
        for child in cond.children:
            yield from _atoms(child)
    else:
        yield cond


def _impossible_value(cond: Condition, q: Question) -> str | None:
    """Why the atom ``cond`` can never hold for ``q``'s answers (None when it can)."""
    def show(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    options = sorted(o.value for o in q.options)
    choices = f"(可选:{'、'.join(options)})" if options else ""
    if cond.op == "answered":
        return None
    if cond.op == "contains":
        if q.kind != QuestionKind.MULTIPLE:
            return f"contains 只用于多选问题,“{q.id}”是 {q.kind.value} 问题"
        if cond.value not in options:
            return f"{show(cond.value)} 不是多选问题“{q.id}”的选项{choices}"
        return None
    if cond.op == "compare":
        if q.kind == QuestionKind.NUMBER:
            if isinstance(cond.value, bool) or not isinstance(cond.value, (int, float)):
                return f"“{q.id}”是数字问题,比较的值 {show(cond.value)} 不是数字"
            return None
        if q.kind == QuestionKind.DATE:
            try:
                dt.date.fromisoformat(str(cond.value))
            except ValueError:
                return f"“{q.id}”是日期问题,比较的值 {show(cond.value)} 不是 YYYY-MM-DD 日期"
            return None
        return f"compare 只用于数字或日期问题,“{q.id}”是 {q.kind.value} 问题"
    values: Sequence[Any] = cond.value if cond.op == "in" else (cond.value,)
    bad = [v for v in values if answer_problem(q, v)]
    if not bad:
        return None
    rest = "(其余取值有效)" if len(bad) < len(values) else ""
    return f"{'、'.join(show(v) for v in bad)} 不是问题“{q.id}”可能的答案{choices}{rest}"


def _check_references(catalog: Catalog, d: OneThingDefinition) -> list[Finding]:
    out: list[Finding] = []
    where = onething_file(d.id)

    def add(check: str, message: str) -> None:
        out.append(Finding(Severity.ERROR, where, message, check))

    by_id = {q.id: q for q in d.questions}
    for path, cond, known in _conditions(catalog, d):
        for ref in sorted(cond.questions()):
            if ref not in known:
                what = "后面才问的" if ref in by_id else "本一件事没有的"
                add("unknown_question", f"{path} 的条件引用了{what}问题“{ref}”")
        for atom in _atoms(cond):
            q = by_id.get(atom.question or "")
            problem = _impossible_value(atom, q) if q is not None else None
            if problem:
                add("condition_value", f"{path} 的条件永远不会成立:{problem}")
    refs = {u.ref for u in d.items}
    for n, use in enumerate(d.items):
        for dep in use.depends_on:
            if dep not in refs:
                add("unknown_item", f"items[{n}]({use.ref}).depends_on 引用了本一件事没有的事项“{dep}”")
    for n, rule in enumerate(d.fields):
        for attr in ("omit_for", "for_items"):
            for code in getattr(rule, attr):
                if code not in refs:
                    add("unknown_item", f"fields[{n}]({rule.key}).{attr} 引用了本一件事没有的事项“{code}”")
    for n, mrule in enumerate(d.materials):
        for code in mrule.omit_for:
            if code not in refs:
                add("unknown_item", f"materials[{n}]({mrule.id}).omit_for 引用了本一件事没有的事项“{code}”")
    return out


# --- the seed's row -----------------------------------------------------------------

def _units(catalog: Catalog, ids: Sequence[str]) -> str:
    names = [catalog.departments[i].short_name if i in catalog.departments else i for i in ids]
    return "、".join(names) or "(无)"


def _check_seed(catalog: Catalog, d: OneThingDefinition) -> list[Finding]:
    where = onething_file(d.id)
    row = catalog.rows.get(d.seed_row)
    if row is None:
        return [Finding(Severity.ERROR, where, f"seed_row:附件1中没有第{d.seed_row}行",
                        "seed_mismatch")]
    differences: dict[str, tuple[str, str]] = {}
    if row.name is not None and row.name != d.name:
        differences["name"] = (row.name, d.name)
    if set(d.lead_units) != set(row.lead_unit_ids):
        differences["lead_units"] = (_units(catalog, row.lead_unit_ids),
                                     _units(catalog, d.lead_units))
    if set(d.responsible_units) != set(row.responsible_unit_ids):
        differences["responsible_units"] = (_units(catalog, row.responsible_unit_ids),
                                            _units(catalog, d.responsible_units))
    explained = {dev.field for dev in d.deviations}
    out = []
    for fld, (seed, ours) in differences.items():
        if fld in explained:
            continue
        hint = ""
        if fld == "lead_units" and "lead_units_not_in_text" in row.flags:
            hint = "(种子导入时未能从文本读出本行的牵头单位:lead_units_not_in_text;仍需说明依据)"
        elif fld != "name" and row.provenance.get(fld, "").startswith("inherited"):
            hint = f"(种子中本行的{SEED_FIELDS[fld]}是从合并单元格继承的:{row.provenance[fld]})"
        out.append(Finding(
            Severity.ERROR, where,
            f"{SEED_FIELDS[fld]}与附件1第{d.seed_row}行不一致且未说明:种子为“{seed}”,"
            f"本定义为“{ours}”{hint}。在 deviations 中加一条 field: {fld},写明原因",
            "seed_mismatch"))
    for dev in d.deviations:
        if dev.field in SEED_FIELDS and dev.field not in differences:
            out.append(Finding(
                Severity.WARNING, where,
                f"deviations 中有 field: {dev.field} 的说明,但{SEED_FIELDS[dev.field]}与附件1"
                f"第{d.seed_row}行并无不同:删去这条说明,或核对是否改错了",
                "stale_deviation"))
    return out


# --- the plans of the tested paths ---------------------------------------------------

def alternatives(q: Question) -> list[Any]:
    """The answers a path tries for ``q``: yes/no both, each option of a single
    choice, each single option of a multiple choice, a number's min and max."""
    if q.kind == QuestionKind.YES_NO:
        return [True, False]
    if q.kind == QuestionKind.SINGLE:
        return [o.value for o in q.options]
    if q.kind == QuestionKind.MULTIPLE:
        return [[o.value] for o in q.options]
    if q.kind == QuestionKind.NUMBER:
        bounds = [b for b in (q.min, q.max) if b is not None]
        return [int(b) if float(b).is_integer() else b for b in bounds]
    return []


def tested_paths(one: OneThing) -> list[tuple[str, dict[str, Any]]]:
    """The default answers, then each question set to each of its other answers."""
    base = one.default_answers()
    runs: list[tuple[str, dict[str, Any]]] = [("默认答案", base)]
    for q in one.questions:
        for value in alternatives(q):
            if base.get(q.id) != value:
                runs.append((f"{q.id}={json.dumps(value, ensure_ascii=False)}",
                             {**base, q.id: value}))
    return runs


Signature = tuple[frozenset[str], frozenset[tuple[str, bool]], frozenset[tuple[str, str]],
                  frozenset[str], frozenset[tuple[str, str]]]


class _Planner:
    """Plans of one one-thing, remembered by answers."""

    def __init__(self, catalog: Catalog, one: OneThing) -> None:
        self.catalog = catalog
        self.one = one
        self._cache: dict[str, tuple[Signature, Any]] = {}

    def plan(self, answers: Mapping[str, Any]) -> tuple[Signature, Any]:
        key = json.dumps(answers, sort_keys=True, ensure_ascii=False)
        if key not in self._cache:
            plan = compute_plan(self.one, self.catalog.dictionary, answers, start=_START,
                                calendar=_CALENDAR)
            fees = [f for f in self.one.fees if holds(f.when, plan.answers)]
            fees += [f for i in plan.items for f in i.fees if holds(f.when, plan.answers)]
            sig: Signature = (
                frozenset(i.code for i in plan.items),
                frozenset((f.key, f.required) for f in plan.fields),
                frozenset((m.spec.id, m.tag.value) for m in plan.materials),
                frozenset(f"{f.name}:{f.amount}" for f in fees),
                frozenset(plan.filled.items()))   # an answer that fills the form matters
            self._cache[key] = (sig, plan)
        return self._cache[key]


def _plan_conditions(one: OneThing) -> list[Condition]:
    """Every condition of the composed one-thing that shapes a plan."""
    found = [q.when for q in one.questions] + [i.when for i in one.items]
    found += [f.required_when for f in one.fields] + [m.required_when for m in one.materials]
    found += [f.when for f in one.fees] + [f.when for i in one.items for f in i.fees]
    return [c for c in found if c is not None]


def _with_gates(one: OneThing, qids: set[str]) -> set[str]:
    """``qids`` and the questions their display conditions read, transitively."""
    out = set(qids)
    pending = list(qids)
    by_id = {q.id: q for q in one.questions}
    while pending:
        q = by_id.get(pending.pop())
        for ref in (q.when.questions() if q is not None and q.when is not None else ()):
            if ref not in out:
                out.add(ref)
                pending.append(ref)
    return out


COMBINATIONS = 256   # at most this many answer combinations per deeper look


def combinations(one: OneThing, qids: set[str]) -> list[dict[str, Any]]:
    """The default answers with the questions ``qids`` set to every combination of
    their answers (at most COMBINATIONS): where the single-question paths cannot
    reach, e.g. an item that applies when two questions both have another answer."""
    base = one.default_answers()
    asked = [q for q in one.questions if q.id in qids]
    choices = [alternatives(q) or [base.get(q.id)] for q in asked]
    return [{**base, **{q.id: v for q, v in zip(asked, values, strict=True)}}
            for values in itertools.islice(itertools.product(*choices), COMBINATIONS)]


def _check_paths(catalog: Catalog, one: OneThing,
                 definition: OneThingDefinition | None = None) -> list[Finding]:
    where = onething_file(one.id)
    planner = _Planner(catalog, one)
    named = tested_paths(one)
    paths = [answers for _name, answers in named]
    plans = [planner.plan(answers)[1] for answers in paths]
    conditions = _plan_conditions(one)
    out: list[Finding] = []

    # a question that changes nothing: its answers give the same plan on every path
    # where it is asked (the tested paths, then the combinations of the questions that
    # share a condition with it)
    for q in one.questions:
        values = alternatives(q)
        if len(values) < 2:
            continue
        partners = _with_gates(one, set().union(*(c.questions() for c in conditions
                                                 if q.id in c.questions())) | {q.id})
        shown_somewhere = matters = False
        for contexts in (paths, combinations(one, partners - {q.id})):
            for answers in contexts:
                shown, _eff, _problems = visible_questions(one, answers)
                if q.id not in {s.id for s in shown}:
                    continue
                shown_somewhere = True
                if len({planner.plan({**answers, q.id: v})[0] for v in values}) > 1:
                    matters = True
                    break
            if matters:
                break
        if not shown_somewhere:
            out.append(Finding(Severity.WARNING, where,
                               f"问题“{q.text}”({q.id})在任何测试路径上都不显示(它的 when "
                               "条件从不成立):检查条件,或删去这个问题", "question_no_effect"))
        elif not matters:
            out.append(Finding(Severity.WARNING, where,
                               f"问题“{q.text}”({q.id})的各个答案得到相同的事项、表单、材料和收费:"
                               "它不改变办理方案;只作记录的可以保留,否则删去或补上依赖它的条件",
                               "question_no_effect"))

    # an item that applies on no path (the tested paths, then the combinations of the
    # questions its condition reads)
    applied = {i.code for plan in plans for i in plan.items}
    for item in one.items:
        if item.code in applied:
            continue
        deeper = combinations(one, _with_gates(one, item.when.questions())) \
            if item.when is not None else []
        if not any(item.code in planner.plan(answers)[0][0] for answers in deeper):
            out.append(Finding(Severity.WARNING, where,
                               f"事项“{item.name}”({item.code})在任何测试路径上都不适用(默认答案、"
                               "逐个改变每个问题的答案、它的条件所涉问题的全部答案组合):"
                               "检查它的 when 条件", "unreachable_item"))

    # a promise set for the whole one-thing is a ceiling: the applicable items, in
    # their order, should fit in it on every path
    if definition is not None and definition.promised_days is not None:
        days, name = max(((critical_path_days(one.items, [i.code for i in plan.items]), name)
                          for (name, _answers), plan in zip(named, plans, strict=True)),
                         key=lambda pair: pair[0])
        if days > definition.promised_days:
            out.append(Finding(Severity.WARNING, where,
                               f"一件事承诺{definition.promised_days}个工作日办结,但在“{name}”的情形下,"
                               f"适用的事项按办理顺序(depends_on)需要{days}个工作日:在 items 中为事项写"
                               "更短的 promised_days(附 reason),或核对一件事的承诺时限",
                               "promise_exceeded"))

    # a merge that saves nothing
    if plans and all(p.statistics.fields_separate == p.statistics.fields_merged
                     and p.statistics.materials_separate == p.statistics.materials_merged
                     for p in plans):
        out.append(Finding(Severity.WARNING, where,
                           "合并在所有测试路径上都没有减少表单字段或材料(分别申请与合并后相同):"
                           "检查各事项的 form 和 materials 是否使用了数据字典中的同一字段和同一材料编号",
                           "merge_saves_nothing"))
    return out


# --- the report ----------------------------------------------------------------------

def summary(findings: Sequence[Finding]) -> str:
    errors = sum(1 for f in findings if f.is_error)
    return f"{errors}个错误,{len(findings) - errors}个警告"


def report_lines(findings: Sequence[Finding]) -> list[str]:
    """The findings grouped by file (errors first in each file), then the summary."""
    lines: list[str] = []
    by_file: dict[str, list[Finding]] = {}
    for f in findings:
        by_file.setdefault(f.file, []).append(f)
    label = {Severity.ERROR: "错误", Severity.WARNING: "警告"}
    for name in sorted(by_file, key=lambda n: (not n.startswith("items/"), n)):
        lines.append(name)
        for f in sorted(by_file[name], key=lambda f: not f.is_error):
            lines.append(f"  {label[f.severity]}  {f.message}")
    lines.append(("目录检查:" if findings else "目录检查通过:") + summary(findings))
    return lines


def load_findings(problems: Sequence[str]) -> list[Finding]:
    """The loader's refusals (``file: where: what``) as errors of their files."""
    out = []
    for problem in problems:
        name, sep, rest = problem.partition(": ")
        if not sep or " " in name:
            name, rest = "(目录)", problem
        out.append(Finding(Severity.ERROR, name, f"目录无法加载:{rest}", "load"))
    return out
