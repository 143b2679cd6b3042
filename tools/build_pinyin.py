"""Precomputes the pinyin of every catalog text into resources/catalog/pinyin.json,
so the app does not import pypinyin's phrase dictionary at start-up.

    python tools/build_pinyin.py [--check]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from window_client.catalog.loader import CATALOG_DIR, load_catalog  # noqa: E402
from window_client.core.search import catalog_texts, pinyin_forms  # noqa: E402

TARGET = CATALOG_DIR / "pinyin.json"


def render() -> str:
    texts = catalog_texts(load_catalog().entries())
    return json.dumps({t: list(pinyin_forms(t)) for t in texts}, ensure_ascii=False,
                      indent=0, sort_keys=True) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        same = TARGET.exists() and TARGET.read_text(encoding="utf-8") == text
        print("pinyin.json is up to date" if same else "pinyin.json is stale: run tools/build_pinyin.py")
        return 0 if same else 1
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
