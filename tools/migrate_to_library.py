"""One-off migration (issue 13): the 13 inline one-things → the item library
(resources/catalog/items/) and one-things that reference it. Kept for provenance:
it documents how each library item came to be. Run once from the checkout:

    .venv/bin/python tools/migrate_to_library.py  [--plans-before FILE]

Items with the same code in several one-things are merged when they are the same
事项 (one name and department), renamed apart when they are not (RENAMES). A merged
item's own form and material list are the union of what the one-things asked for it
(the item asks them, whichever life event it is part of)."""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (one-thing, old code) → library code
RENAMES = {
    ("after_death", "housing_fund_withdrawal"): "housing_fund_withdrawal_death",
    ("employee_retirement", "housing_fund_withdrawal"): "housing_fund_withdrawal_retirement",
    ("unemployment_benefit", "housing_fund_withdrawal"): "housing_fund_withdrawal_unemployed",
    ("small_restaurant", "tax_info_confirmation"): "tax_info_confirmation_individual",
    ("small_restaurant", "social_insurance_registration"):
        "social_insurance_registration_individual",
    ("newborn", "medical_insurance"): "resident_medical_insurance_enrolment",
    ("social_security_card", "medical_enrolment"): "resident_medical_insurance_enrolment",
    ("graduate_settlement", "medical_enrolment"): "flexible_medical_insurance_enrolment",
    ("second_hand_housing", "transfer_registration"): "real_estate_transfer_registration",
    ("used_car_transfer", "transfer_registration"): "vehicle_transfer_registration",
    ("second_hand_housing", "mortgage_registration"): "real_estate_mortgage_registration",
    ("used_car_transfer", "mortgage_registration"): "vehicle_mortgage_registration",
    ("vehicle_registration", "mortgage_registration"): "vehicle_mortgage_registration",
}
# a merged item's name when the one-things spelled it differently (the 事项's own name)
NAMES = {
    "unemployment_registration": "失业登记",
    "vehicle_mortgage_registration": "机动车抵押登记",
    "road_transport_certificate": "营运车辆道路运输证配发",
}


def _clean(data: Any) -> Any:
    """Plain YAML-able data: enums to values, tuples to lists, empty values dropped."""
    if isinstance(data, dict):
        out = {}
        for k, v in data.items():
            v = _clean(v)
            if v in (None, [], {}, "") and k not in ("amount",):
                continue
            out[k] = v
        return out
    if isinstance(data, (list, tuple)):
        return [_clean(v) for v in data]
    if hasattr(data, "value"):
        return data.value
    return data


def main() -> int:
    from types import SimpleNamespace

    from window_client.core.catalog import CatalogRow
    from window_client.core.definition import OneThing
    parser = argparse.ArgumentParser()
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    # the inline (pre-library) definitions, read as they were written
    seed = json.loads((ROOT / "resources/catalog/attachment1.json").read_text("utf-8"))
    catalog = SimpleNamespace(
        rows={r["seq"]: CatalogRow.from_import(r) for r in seed["rows"]},
        definitions={p.stem: OneThing.model_validate(yaml.safe_load(p.read_text("utf-8")))
                     for p in sorted((ROOT / "resources/catalog/onethings").glob("*.yaml"))})
    library: dict[str, dict[str, Any]] = {}
    sources_of: dict[str, dict[str, Any]] = {}
    onethings: dict[str, dict[str, Any]] = {}
    pending: list[tuple[Any, ...]] = []
    for oid, one in sorted(catalog.definitions.items()):
        raw = yaml.safe_load((ROOT / "resources/catalog/onethings" / f"{oid}.yaml")
                             .read_text("utf-8"))
        raw_items = {i["code"]: i for i in raw["items"]}
        raw_fields = {f["key"]: f for f in raw.get("fields", [])}
        raw_fields_all = {(f["key"], tuple(f["items"])): f for f in raw.get("fields", [])}
        raw_materials = {m["id"]: m for m in raw.get("materials", [])}
        rename = {i.code: RENAMES.get((oid, i.code), i.code) for i in one.items}
        row = catalog.rows.get(one.seed_row)
        level = {"省": "省级", "市": "市级", "县": "县级"}.get(
            (getattr(row, "level", "") or "")[:1], "市级")
        for item in one.items:
            code = rename[item.code]
            form = []
            for f in one.fields:
                if item.code in f.items:
                    entry: dict[str, Any] = {"key": f.key}
                    if f.optional:
                        entry["optional"] = True
                    srcs = [s.value for s in f.sources if s.value != "clerk"]
                    if srcs:
                        entry["sources"] = srcs
                    form.append(entry)
            materials = []
            for m in one.materials:
                if item.code in m.items:
                    spec = _clean(m.model_dump(exclude={"items", "required_when"}))
                    for ex in spec.get("exemptions", []):
                        if "item" in ex:
                            ex["item"] = rename.get(ex["item"], ex["item"])
                    materials.append(spec)
            new = {"code": code, "name": NAMES.get(code, item.name),
                   "department": item.department, "level": level,
                   "legal_days": item.legal_days, "promised_days": item.promised_days,
                   "basis": item.basis,
                   "outputs": _clean([o.model_dump() for o in item.outputs]),
                   "form": form, "materials": materials, "review": {"state": "draft"}}
            if code in library:   # the same 事项 in another one-thing: one file, the union
                old = library[code]
                for k in ("legal_days", "promised_days"):
                    old[k] = max(old[k], new[k])
                keys = {f["key"]: f for f in old["form"]}
                for f in new["form"]:
                    if f["key"] in keys:
                        merged = sorted(set(keys[f["key"]].get("sources", []))
                                        | set(f.get("sources", [])))
                        if merged:
                            keys[f["key"]]["sources"] = merged
                        if not f.get("optional"):
                            keys[f["key"]].pop("optional", None)
                    else:
                        old["form"].append(f)
                by_id = {m["id"]: m for m in old["materials"]}
                for m in new["materials"]:
                    if m["id"] not in by_id:
                        old["materials"].append(m)
                        continue
                    have = by_id[m["id"]].setdefault("exemptions", [])
                    have += [e for e in m.get("exemptions", []) if e not in have]
                outs = {o["id"] for o in old["outputs"]}
                old["outputs"] += [o for o in new["outputs"] if o["id"] not in outs]
                if not old["basis"]:
                    old["basis"] = new["basis"]
                sources_of[code]["used_by"].append(oid)
            else:
                library[code] = new
                sources_of[code] = {"used_by": [oid]}
        uses = []
        for item in one.items:
            use: dict[str, Any] = {"ref": rename[item.code]}
            if item.when is not None:
                use["when"] = raw_items[item.code]["when"]
            if item.depends_on:
                use["depends_on"] = [rename[d] for d in item.depends_on]
            uses.append(use)
        pending.append((oid, one, rename, raw_fields, raw_materials, uses, raw_fields_all))
        continue
    omit_reason = ("本一件事的情形不需要:事项库中同一事项的这一项来自它在其他一件事中的用法"
                   "(迁移时保留原有办理方案,待部门审核)")
    for oid, one, rename, raw_fields, raw_materials, uses, raw_fields_all in pending:
        orig_keys = {rename[c]: {f.key for f in one.fields if c in f.items}
                     for c in rename}
        orig_materials = {rename[c]: {m.id for m in one.materials if c in m.items}
                          for c in rename}
        field_rules: dict[str, dict[str, Any]] = {}
        material_rules: dict[str, dict[str, Any]] = {}
        for code in rename.values():
            for f in library[code]["form"]:
                if f["key"] not in orig_keys[code]:
                    rule = field_rules.setdefault(f["key"], {"key": f["key"]})
                    rule.setdefault("omit_for", []).append(code)
                    rule["reason"] = omit_reason
            for m in library[code]["materials"]:
                if m["id"] not in orig_materials[code]:
                    rule = material_rules.setdefault(m["id"], {"id": m["id"]})
                    rule.setdefault("omit_for", []).append(code)
                    rule["reason"] = omit_reason
        scoped_rules = []
        for f in one.fields:
            same_key = [g for g in one.fields if g.key == f.key]
            if len(same_key) > 1:   # one rule per item group, as the definition had it
                rule = {"key": f.key, "for_items": [rename[c] for c in f.items]}
                if f.required_when is not None:
                    rule["required_when"] = f.required_when and raw_fields_all[
                        (f.key, f.items)]["required_when"]
                rule["optional"] = f.optional
                scoped_rules.append(rule)
                continue
            codes = {rename[c] for g in same_key for c in g.items}
            entries = [e for c in codes for e in library[c]["form"] if e["key"] == f.key]
            rule = field_rules.setdefault(f.key, {"key": f.key})
            if f.required_when is not None:
                rule["required_when"] = raw_fields[f.key]["required_when"]
            optional = all(g.optional for g in same_key)
            if all(e.get("optional") for e in entries) != optional:
                rule["optional"] = optional
            composed = set(s for e in entries for s in e.get("sources", [])) | {"clerk"}
            if composed != {s.value for s in f.sources} | {"clerk"}:
                rule["sources"] = [s.value for s in f.sources]
            if list(rule) == ["key"]:
                field_rules.pop(f.key)
        for m in one.materials:
            if m.required_when is not None:
                rule = material_rules.setdefault(m.id, {"id": m.id})
                rule["required_when"] = raw_materials[m.id]["required_when"]
        data = _clean(one.model_dump(exclude={"items", "fields", "materials", "questions",
                                              "review", "promised_days"}))
        data["promised_days"] = one.promised_days
        data["items"] = uses
        data["questions"] = yaml.safe_load(
            (ROOT / "resources/catalog/onethings" / f"{oid}.yaml").read_text("utf-8")
        ).get("questions", [])
        if field_rules or scoped_rules:
            data["fields"] = list(field_rules.values()) + scoped_rules
        if material_rules:
            data["materials"] = list(material_rules.values())
        data["review"] = {"state": "draft"}
        onethings[oid] = data
    if args.dry_run:
        print(json.dumps({c: s["used_by"] for c, s in sources_of.items() if len(s["used_by"]) > 1},
                         ensure_ascii=False, indent=1))
        return 0
    items_dir = ROOT / "resources/catalog/items"
    items_dir.mkdir(exist_ok=True)
    for code, item in sorted(library.items()):
        used = ", ".join(sources_of[code]["used_by"])
        text = f"# {item['name']} — used by: {used}\n" + yaml.safe_dump(
            _clean(item), allow_unicode=True, sort_keys=False, width=100)
        (items_dir / f"{code}.yaml").write_text(text, encoding="utf-8")
    for oid, data in onethings.items():
        path = ROOT / "resources/catalog/onethings" / f"{oid}.yaml"
        # the file's leading comment block, whole (it once kept three lines only)
        head = list(itertools.takewhile(lambda line: line.startswith("#"),
                                        path.read_text("utf-8").splitlines()))
        path.write_text("\n".join(head) + ("\n" if head else "") + yaml.safe_dump(
            data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    print(f"{len(library)} library items, {len(onethings)} one-things written")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
