"""Every configured one-thing, run on its default path, on each other answer of
each question (the lint's tested paths) and on a pairwise covering set of all its
questions' answers (allpairspy). Each plan must be one a clerk can use: no field,
material or item twice; items in their dependency order; the merged form and
material set no larger than the separate ones; every material either spared by
an exemption route or handed in for a stated reason."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from allpairspy import AllPairs

from window_client.catalog.lint import alternatives
from window_client.catalog.lint import tested_paths as lint_paths
from tests.shipped import shipped_catalog
from window_client.catalog.loader import CATALOG_DIR
from window_client.core.engine import compute_plan
from window_client.core.workdays import WorkCalendar
import datetime as dt

CATALOG = shipped_catalog()
IDS = sorted(CATALOG.definitions)
START = dt.date(2026, 12, 7)


def pairwise_paths(one) -> list[tuple[str, dict[str, Any]]]:
    """The default answers overlaid with each row of a pairwise covering array of
    the questions that have at least two answers."""
    base = one.default_answers()
    asked = [(q, alternatives(q)) for q in one.questions]
    asked = [(q, alts) for q, alts in asked if len(alts) >= 2]
    if len(asked) < 2:
        return []
    rows = AllPairs([list(range(len(alts))) for _q, alts in asked])
    return [(f"pairwise#{n}", {**base, **{q.id: alts[i] for (q, alts), i
                                           in zip(asked, row, strict=True)}})
            for n, row in enumerate(rows)]


def check_plan(one, name: str, answers: dict[str, Any]) -> list[str]:
    plan = compute_plan(one, CATALOG.dictionary, answers, start=START, calendar=WorkCalendar())
    where = f"{one.id} [{name}]"
    problems = []
    codes = [i.code for i in plan.items]
    keys = [f.key for f in plan.fields]
    mids = [m.spec.id for m in plan.materials]
    for what, seq in (("事项", codes), ("字段", keys), ("材料", mids)):
        twice = sorted({x for x in seq if seq.count(x) > 1})
        if twice:
            problems.append(f"{where}: {what}重复 {twice}")
    for n, item in enumerate(plan.items):
        for dep in item.depends_on:
            if dep in codes and codes.index(dep) > n:
                problems.append(f"{where}: {item.code} 排在它依赖的 {dep} 之前")
    s = plan.statistics
    if s.fields_merged > s.fields_separate or s.materials_merged > s.materials_separate:
        problems.append(f"{where}: 合并后多于分别申请 {s}")
    if not plan.items:
        problems.append(f"{where}: 没有适用的事项")
    for m in plan.materials:
        spec = m.spec
        if not (spec.exemptions or spec.made_by_applicant or spec.hand_in_reason.strip()):
            problems.append(f"{where}: 材料 {spec.id}({spec.name})既无免交途径也未说明为何要提交")
    return problems


@pytest.mark.parametrize("one_id", IDS)
def test_every_path_gives_a_usable_plan(one_id):
    one = CATALOG.definitions[one_id]
    problems: list[str] = []
    paths = lint_paths(one) + pairwise_paths(one)
    for name, answers in paths:
        problems += check_plan(one, name, answers)
    assert not problems, "\n".join(problems[:20])


def _definition_files() -> dict[str, dict[str, Any]]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted((CATALOG_DIR / "onethings").glob("*.yaml"))}


@pytest.mark.parametrize("one_id", IDS)
def test_a_definition_is_a_draft_with_a_guide_and_two_items_or_a_reason(one_id):
    raw = _definition_files()[one_id]
    assert raw.get("review", {}).get("state", "draft") == "draft"
    assert len(raw.get("guide", "").strip()) >= 80, "办事指南太短:写明谁可以办、得到什么、在哪里办、多久办结"
    if len(raw["items"]) < 2:
        reasons = [d for d in raw.get("deviations", []) if d.get("field") == "items"]
        assert reasons, "只有一个事项:在 deviations 中写 field: items,说明为什么是一件事"


def test_every_configured_one_thing_is_on_in_the_default_hall():
    from window_client.settings import Settings
    assert set(CATALOG.enabled_ids(Settings().disabled_one_things)) == set(IDS)


def test_every_row_of_attachment_1_is_configured_or_pending_with_a_reason():
    configured = {one.seed_row for one in CATALOG.definitions.values()}
    assert configured.isdisjoint(CATALOG.pending)
    assert configured | set(CATALOG.pending) == set(CATALOG.rows)
    assert len(CATALOG.rows) == 186
