"""The plans of every configured one-thing on its tested paths, as comparable data:
the default answers, each question set to each of its other answers in turn (on top
of the defaults), and the default answers through an agent. Used to show what the
item-library migration (issue 13) changed:

    .venv/bin/python tools/plan_paths.py > before.json     (on the old layout)
    .venv/bin/python tools/plan_paths.py --compare before.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

START = dt.date(2026, 12, 1)


def _alternatives(q) -> list[Any]:
    kind = q.kind.value
    if kind == "yes_no":
        return [True, False]
    if kind == "single":
        return [o.value for o in q.options]
    if kind == "multiple":
        return [[o.value] for o in q.options]
    return []


def signature(plan, renames: dict[str, str]) -> dict[str, Any]:
    code = lambda c: renames.get(c, c)  # noqa: E731
    return {
        "items": [code(i.code) for i in plan.items],
        "fields": sorted(f"{f.key}{'*' if f.required else ''}" for f in plan.fields),
        "materials": sorted(f"{m.spec.id}:{m.tag.value}" for m in plan.materials),
        "due": (plan.due_date - START).days,
        "stats": [plan.statistics.fields_separate, plan.statistics.fields_merged,
                  plan.statistics.materials_separate, plan.statistics.materials_merged],
    }


def paths(catalog, renames_of=lambda oid: {}) -> dict[str, dict[str, Any]]:
    from window_client.core.engine import compute_plan
    from window_client.core.workdays import WorkCalendar
    out: dict[str, dict[str, Any]] = {}
    cal = WorkCalendar()
    for oid, one in sorted(catalog.definitions.items()):
        renames = renames_of(oid)
        base = one.default_answers()
        runs = [("default", base, False), ("agent", base, True)]
        for q in one.questions:
            for value in _alternatives(q):
                if base.get(q.id) != value:
                    runs.append((f"{q.id}={json.dumps(value, ensure_ascii=False)}",
                                 {**base, q.id: value}, False))
        for name, answers, agent in runs:
            plan = compute_plan(one, catalog.dictionary, answers, start=START, calendar=cal,
                                via_agent=agent)
            out[f"{oid} {name}"] = signature(plan, renames)
    return out


def main() -> int:
    from window_client.catalog.loader import load_catalog
    parser = argparse.ArgumentParser()
    parser.add_argument("--compare", metavar="BEFORE.json")
    parser.add_argument("--renames", action="store_true",
                        help="map old item codes through tools/migrate_to_library.RENAMES")
    args = parser.parse_args()
    renames_of = (lambda oid: {}) if not args.renames else _renames
    now = paths(load_catalog(), renames_of)
    if not args.compare:
        print(json.dumps(now, ensure_ascii=False, indent=0, sort_keys=True))
        return 0
    before = json.loads(Path(args.compare).read_text("utf-8"))
    changed = 0
    for key in sorted(set(before) | set(now)):
        a, b = before.get(key), now.get(key)
        if a == b:
            continue
        changed += 1
        print(f"== {key}")
        for part in ("items", "fields", "materials", "due", "stats"):
            if a is None or b is None or a[part] != b[part]:
                if isinstance(a and a[part], list) and isinstance(b and b[part], list) \
                        and part in ("fields", "materials"):
                    print(f"  {part}: -{sorted(set(a[part]) - set(b[part]))} "
                          f"+{sorted(set(b[part]) - set(a[part]))}")
                else:
                    print(f"  {part}: {a and a[part]} → {b and b[part]}")
    print(f"{changed} of {len(now)} paths changed")
    return 0


def _renames(oid: str) -> dict[str, str]:
    from tools.migrate_to_library import RENAMES
    return {old: new for (o, old), new in RENAMES.items() if o == oid}


if __name__ == "__main__":
    raise SystemExit(main())
