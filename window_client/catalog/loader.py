"""Loads the catalog from ``resources/catalog/``: the seed's rows, the department
table, the data dictionary and the configured one-thing definitions.

A broken file is refused with a message naming the file, the path inside it and
what is wrong (``CatalogError``) — never a traceback, never half-loaded: either the
whole catalog loads or none of it does.
"""

from __future__ import annotations

import hashlib
import re
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from collections.abc import Iterable

import yaml
from pydantic import ValidationError

from window_client.core.catalog import Catalog, CatalogRow, Department
from window_client.core.definition import OneThing
from window_client.core.library import (CompositionError, LibraryItem, OneThingDefinition,
                                        compose)
from window_client.core.dictionary import DataDictionary, DictionaryEntry, Section
from window_client.core.material_check import MaterialCues, parse_cues
from window_client.resources import resource

CATALOG_DIR = resource("catalog")


@dataclass
class CatalogError(Exception):
    """One or more files of the catalog are broken. ``problems`` holds one line per
    problem: ``file: path.inside: what is wrong``."""

    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "目录配置有误,未加载:\n" + "\n".join(self.problems)


def _loc(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif str(part).startswith("function-") or str(part) in ("tagged-union",):
            continue
        else:
            out += f".{part}" if out else str(part)
    return out or "(top)"


def _pydantic_problems(name: str, exc: ValidationError, prefix: str = "") -> list[str]:
    lines = []
    for err in exc.errors():
        where = _loc(err["loc"])
        if prefix:
            where = prefix if where == "(top)" else f"{prefix}.{where}"
        msg = err["msg"].removeprefix("Value error, ")
        last = err["loc"][-1] if err["loc"] else ""
        if err["type"] == "extra_forbidden" and not re.fullmatch(r"[a-z_][a-z0-9_]*", str(last)):
            msg += (" (this looks like the rest of a value split by an unquoted comma "
                    "inside {…}: quote the value)")
        if where == "(top)" and ": " in msg:  # a whole-model check names its own path
            lines.append(f"{name}: {msg}")
        else:
            lines.append(f"{name}: {where}: {msg}")
    return lines


# libyaml's parser when the wheel has it (ten times faster at start-up), else Python's
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    return yaml.load(text, Loader=YAML_LOADER)  # noqa: S506 - a safe loader


def _read_yaml(path: Path, problems: list[str]) -> Any:
    try:
        return parse_yaml(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "?"
        problems.append(f"{path.name}: {where}: not valid YAML ({getattr(exc, 'problem', exc)})")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path.name}: cannot be read ({exc})")
    return None


def load_dictionary(directory: Path, problems: list[str]) -> DataDictionary | None:
    sections: dict[str, Section] = {}
    entries: dict[str, DictionaryEntry] = {}
    for path in sorted(directory.glob("*.yaml")):
        data = _read_yaml(path, problems)
        if data is None:
            continue
        if not isinstance(data, dict) or set(data) != {"section", "entries"}:
            problems.append(f"dictionary/{path.name}: (top): expects 'section' and 'entries'")
            continue
        try:
            section = Section.model_validate(data["section"])
        except ValidationError as exc:
            problems += _pydantic_problems(f"dictionary/{path.name}", exc, "section")
            continue
        if section.id in sections:
            problems.append(f"dictionary/{path.name}: section.id: '{section.id}' is "
                            "already defined in another file")
        sections[section.id] = section
        for n, raw in enumerate(data["entries"] or []):
            try:
                entry = DictionaryEntry.model_validate({**raw, "section": section.id})
            except (ValidationError, TypeError) as exc:
                if isinstance(exc, ValidationError):
                    problems += _pydantic_problems(f"dictionary/{path.name}", exc,
                                                   f"entries[{n}]")
                else:
                    problems.append(f"dictionary/{path.name}: entries[{n}]: expects a mapping")
                continue
            if entry.key in entries:
                problems.append(f"dictionary/{path.name}: entries[{n}].key: '{entry.key}' "
                                "is defined twice")
            entries[entry.key] = entry
    if problems:
        return None
    return DataDictionary(sections=sections, entries=entries)


def load_library(directory: Path, problems: list[str]) -> dict[str, LibraryItem]:
    """The service-item library: one file per item, named by its code."""
    items: dict[str, LibraryItem] = {}
    for path in sorted(directory.glob("*.yaml")):
        data = _read_yaml(path, problems)
        name = f"items/{path.name}"
        if data is None:
            continue
        if not isinstance(data, dict):
            problems.append(f"{name}: (top): expects a mapping")
            continue
        try:
            item = LibraryItem.model_validate(data)
        except ValidationError as exc:
            problems += _pydantic_problems(name, exc)
            continue
        if item.code != path.stem:
            problems.append(f"{name}: code: '{item.code}' must match the file name")
        items[item.code] = item
    same: dict[tuple[str, str], str] = {}
    for code, item in items.items():
        other = same.setdefault((item.name, item.department), code)
        if other != code:
            problems.append(f"items/{code}.yaml: name: '{item.name}' of {item.department} is "
                            f"already the item '{other}' (an item is defined once)")
    return items


def load_authored(path: Path, problems: list[str]) -> OneThingDefinition | None:
    data = _read_yaml(path, problems)
    if data is None:
        return None
    name = f"onethings/{path.name}"
    if not isinstance(data, dict):
        problems.append(f"{name}: (top): expects a mapping")
        return None
    try:
        return OneThingDefinition.model_validate(data)
    except ValidationError as exc:
        problems += _pydantic_problems(name, exc)
        return None


def load_definition(path: Path, problems: list[str],
                    library: dict[str, LibraryItem] | None = None,
                    key_order: dict[str, int] | None = None) -> OneThing | None:
    """A one-thing composed from the item library (the library of ``path``'s catalog
    when not given)."""
    if library is None:
        library = load_library(path.parent.parent / "items", problems)
    authored = load_authored(path, problems)
    if authored is None:
        return None
    return compose_definition(path, authored, library, key_order, problems)


def compose_definition(path: Path, authored: OneThingDefinition, library: dict[str, LibraryItem],
                       key_order: dict[str, int] | None, problems: list[str]) -> OneThing | None:
    """``authored`` (read from ``path``) composed with the item library."""
    name = f"onethings/{path.name}"
    try:
        return compose(authored, library, key_order)
    except CompositionError as exc:
        problems.append(f"{name}: {exc}")
    except ValidationError as exc:
        problems += _pydantic_problems(name, exc)
    return None


def load_licence_types(directory: Path, problems: list[str]) -> dict[str, str]:
    types: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        data = _read_yaml(path, problems) or []
        for n, entry in enumerate(data):
            if not (isinstance(entry, dict) and set(entry) == {"id", "name"}):
                problems.append(f"licence_types/{path.name}: [{n}]: expects {{id, name}}")
            elif entry["id"] in types:
                problems.append(f"licence_types/{path.name}: [{n}].id: '{entry['id']}' "
                                "is listed twice")
            else:
                types[entry["id"]] = entry["name"]
    return types


def _check_items(library: dict[str, LibraryItem], dictionary: DataDictionary,
                 departments: dict[str, Department], licence_types: dict[str, str]) -> list[str]:
    """Each library item against the department table, the data dictionary and the
    e-licence types: the problem is named at the item's own file."""
    problems = []
    for code, item in library.items():
        name = f"items/{code}.yaml"
        if item.department not in departments:
            problems.append(f"{name}: department: unknown department '{item.department}'")
        for n, f in enumerate(item.form):
            if f.key not in dictionary.entries:
                problems.append(f"{name}: form[{n}].key: '{f.key}' is not in the data dictionary")
        for n, m in enumerate(item.materials):
            for e, ex in enumerate(m.exemptions):
                if ex.licence_type is not None and ex.licence_type not in licence_types:
                    problems.append(f"{name}: materials[{n}].exemptions[{e}].licence_type: "
                                    f"'{ex.licence_type}' is not a known e-licence type")
                if ex.holder is not None and ex.holder not in dictionary.entries:
                    problems.append(f"{name}: materials[{n}].exemptions[{e}].holder: "
                                    f"'{ex.holder}' is not in the data dictionary")
    return problems


def _cross_check(name: str, one: OneThing, dictionary: DataDictionary,
                 departments: dict[str, Department], rows: dict[int, CatalogRow],
                 licence_types: dict[str, str]) -> list[str]:
    problems = []
    for n, m in enumerate(one.materials):
        for e, ex in enumerate(m.exemptions):
            if ex.licence_type is not None and ex.licence_type not in licence_types:
                problems.append(f"{name}: materials[{n}].exemptions[{e}].licence_type: "
                                f"'{ex.licence_type}' is not a known e-licence type")
    for n, f in enumerate(one.fields):
        if f.key not in dictionary.entries:
            problems.append(f"{name}: fields[{n}].key: '{f.key}' is not in the data dictionary")
        for key in (f.required_when.fields() if f.required_when else ()):
            if key not in dictionary.entries:
                problems.append(f"{name}: fields[{n}].required_when: 'field:{key}' is not in "
                                "the data dictionary")
    for n, m in enumerate(one.materials):
        for key in (m.required_when.fields() if m.required_when else ()):
            if key not in dictionary.entries:
                problems.append(f"{name}: materials[{n}].required_when: 'field:{key}' is not "
                                "in the data dictionary")
    for n, q in enumerate(one.questions):
        if q.fills is not None and q.fills not in dictionary.entries:
            problems.append(f"{name}: questions[{n}].fills: '{q.fills}' is not in the data "
                            "dictionary")
        for o, option in enumerate(q.options):
            for key in option.fills:
                if key not in dictionary.entries:
                    problems.append(f"{name}: questions[{n}].options[{o}].fills: '{key}' is "
                                    "not in the data dictionary")
    for where, ids in (("lead_units", one.lead_units), ("responsible_units", one.responsible_units)):
        for n, dep in enumerate(ids):
            if dep not in departments:
                problems.append(f"{name}: {where}[{n}]: unknown department '{dep}'")
    for n, item in enumerate(one.items):
        if item.department not in departments:
            problems.append(f"{name}: items[{n}].department: unknown department '{item.department}'"
                            f" (items/{item.code}.yaml)")
    row = rows.get(one.seed_row)
    if row is None:
        problems.append(f"{name}: seed_row: there is no row {one.seed_row} in attachment 1")
    elif row.name is not None and row.name != one.name:
        problems.append(f"{name}: name: row {one.seed_row} of attachment 1 is "
                        f"'{row.name}', not '{one.name}'")
    elif row.name is None and not one.name_note:
        problems.append(f"{name}: name_note: row {one.seed_row} has no name in the seed; "
                        "say where the name comes from")
    return problems


def catalog_files(root: Path = CATALOG_DIR) -> list[Path]:
    files = [root / "attachment1.json", root / "departments.yaml", root / "pending.yaml",
             root / "material_cues.yaml"]
    files += sorted((root / "dictionary").glob("*.yaml"))
    files += sorted((root / "licence_types").glob("*.yaml"))
    files += sorted((root / "items").glob("*.yaml"))
    files += sorted((root / "onethings").glob("*.yaml"))
    return files


def load_catalog(root: Path = CATALOG_DIR) -> Catalog:
    """The whole catalog, or CatalogError listing every problem found."""
    problems: list[str] = []
    digest = hashlib.sha256()
    for path in catalog_files(root):
        if path.exists():
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    try:
        seed = json.loads((root / "attachment1.json").read_text(encoding="utf-8"))
        rows = {r["seq"]: CatalogRow.from_import(r) for r in seed["rows"]}
    except (OSError, ValueError, KeyError) as exc:
        raise CatalogError([f"attachment1.json: cannot be read ({exc})"]) from None
    dep_data = _read_yaml(root / "departments.yaml", problems) or []
    departments = {d["id"]: Department(d["id"], tuple(d["short_names"]), d["full_name"], d["kind"])
                   for d in dep_data}
    dictionary = load_dictionary(root / "dictionary", problems)
    licence_types = load_licence_types(root / "licence_types", problems)
    library = load_library(root / "items", problems)
    if dictionary is not None:
        problems += _check_items(library, dictionary, departments, licence_types)
    key_order = {k: n for n, k in enumerate(dictionary.entries)} if dictionary else {}
    definitions: dict[str, OneThing] = {}
    authored: dict[str, OneThingDefinition] = {}
    for path in sorted((root / "onethings").glob("*.yaml")):
        written = load_authored(path, problems)
        one = (compose_definition(path, written, library, key_order, problems)
               if written is not None else None)
        if one is None or written is None:
            continue
        authored[one.id] = written
        name = f"onethings/{path.name}"
        if path.stem != one.id:
            problems.append(f"{name}: id: '{one.id}' must match the file name '{path.stem}'")
        if one.id in definitions:
            problems.append(f"{name}: id: '{one.id}' is defined twice")
        if any(d.seed_row == one.seed_row for d in definitions.values()):
            problems.append(f"{name}: seed_row: row {one.seed_row} is configured twice")
        if dictionary is not None:
            problems += _cross_check(name, one, dictionary, departments, rows,
                                     licence_types)
        definitions[one.id] = one
    pending = load_pending(root / "pending.yaml", rows, definitions, problems)
    cues_path = root / "material_cues.yaml"
    cues = (parse_cues(_read_yaml(cues_path, problems), problems) if cues_path.exists()
            else MaterialCues())
    if problems or dictionary is None:
        raise CatalogError(problems)
    return Catalog(version=digest.hexdigest()[:16], rows=rows, departments=departments,
                   dictionary=dictionary, definitions=definitions, licence_types=licence_types,
                   items=library, authored=authored, pending=pending, material_cues=cues)


def load_pending(path: Path, rows: dict[int, CatalogRow], definitions: dict[str, OneThing],
                 problems: list[str]) -> dict[int, str]:
    """``pending.yaml``: the rows left 待配置 on purpose, each with why (a list of
    ``{seq, reason}``). A row listed here may not also be configured."""
    if not path.exists():
        return {}
    data = _read_yaml(path, problems) or []
    configured = {d.seed_row for d in definitions.values()}
    out: dict[int, str] = {}
    for n, raw in enumerate(data if isinstance(data, list) else []):
        seq, reason = (raw.get("seq"), str(raw.get("reason", "")).strip()) \
            if isinstance(raw, dict) else (None, "")
        where = f"pending.yaml: [{n}]"
        if seq not in rows:
            problems.append(f"{where}.seq: there is no row {seq} in attachment 1")
        elif len(reason) < 10:
            problems.append(f"{where}.reason: say why row {seq} is left unconfigured")
        elif seq in configured:
            problems.append(f"{where}.seq: row {seq} is configured; remove it from pending.yaml")
        elif seq in out:
            problems.append(f"{where}.seq: row {seq} is listed twice")
        else:
            out[seq] = reason
    if not isinstance(data, list):
        problems.append("pending.yaml: expects a list of {seq, reason}")
    return out


def load_pinyin_cache(root: Path = CATALOG_DIR) -> dict[str, tuple[str, str]]:
    """Precomputed pinyin of catalog texts (tools/build_pinyin.py); empty if absent."""
    try:
        data = json.loads((root / "pinyin.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: (v[0], v[1]) for k, v in data.items()}
