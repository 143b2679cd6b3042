"""Keeps each item file's first line, ``# <name> — used by: <one-things>``, true:
the one-things whose ``items`` reference it, wrapped at 88 columns. ``--check`` only
reports (tests/services/test_lint.py runs it)."""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "resources" / "catalog"
HEADER = re.compile(r"# (.*?) — used by: [^\n]*\n(?:#   [^\n]*\n)*")


def header(name: str, users: list[str]) -> str:
    lines, cur = [], f"# {name} — used by: "
    for n, user in enumerate(users):
        piece = user + (", " if n < len(users) - 1 else "")
        if len(cur) + len(piece) > 88 and cur != f"# {name} — used by: ":
            lines.append(cur.rstrip())
            cur = "#   "
        cur += piece
    lines.append(cur.rstrip())
    return "\n".join(lines) + "\n"


def stale(root: Path = CATALOG) -> dict[Path, str]:
    users: dict[str, set[str]] = defaultdict(set)
    for path in sorted((root / "onethings").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for use in data.get("items", []):
            users[use["ref"]].add(data["id"])
    out = {}
    for path in sorted((root / "items").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        m = HEADER.match(text)
        if m is None:
            continue
        new = header(m.group(1), sorted(users[path.stem])) + text[m.end():]
        if new != text:
            out[path] = new
    return out


def main(argv: list[str]) -> int:
    changes = stale()
    if "--check" in argv:
        for path in changes:
            print(f"{path.relative_to(ROOT)}: the used-by line is stale: run tools/item_headers.py")
        return 1 if changes else 0
    for path, text in changes.items():
        path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
