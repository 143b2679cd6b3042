"""Copies the worked example's files (机动车上牌) into docs/CONFIGURING.md, where each
is shown whole under ``<summary>items/…yaml</summary>``; ``--check`` only reports.
tests/services/test_lint.py keeps the document equal to the files."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "CONFIGURING.md"
CATALOG = ROOT / "resources" / "catalog"
BLOCK = re.compile(r"(<summary>((?:items|onethings)/[a-z_]+\.yaml)</summary>\s*```yaml\n)(.*?)(```)",
                   re.S)


def synced(text: str) -> str:
    return BLOCK.sub(lambda m: m.group(1) + (CATALOG / m.group(2)).read_text(encoding="utf-8")
                     + m.group(4), text)


def main(argv: list[str]) -> int:
    text = DOC.read_text(encoding="utf-8")
    new = synced(text)
    if "--check" in argv:
        print("CONFIGURING.md is up to date" if new == text else
              "CONFIGURING.md is stale: run tools/sync_configuring.py")
        return 0 if new == text else 1
    DOC.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
