"""Re-imports attachment 1 of the seed into resources/catalog/attachment1.json.

    python tools/import_catalog.py [--seed PATH] [--check]

--check compares instead of writing and exits 1 when the committed file differs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from window_client.catalog.seed_importer import build_catalog, render_catalog  # noqa: E402

CATALOG_DIR = ROOT / "resources" / "catalog"
DEFAULT_SEED = CATALOG_DIR / "seed" / "ganzhou_work_plan.txt"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, default=DEFAULT_SEED)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    catalog = build_catalog(args.seed.read_text(encoding="utf-8"),
                            CATALOG_DIR / "departments.yaml")
    text = render_catalog(catalog)
    target = CATALOG_DIR / "attachment1.json"
    if args.check:
        same = target.exists() and target.read_text(encoding="utf-8") == text
        print("attachment1.json is up to date" if same else "attachment1.json differs")
        return 0 if same else 1
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}: {catalog['row_count']} rows, "
          f"unnamed rows {catalog['rows_without_name']}, "
          f"count mismatches {catalog['category_count_mismatches']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
