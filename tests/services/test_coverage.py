"""``catalog --coverage``: per category of attachment 1, what is configured and what
the merge saves; docs/CATALOG.md is that table for the shipped catalog."""

import subprocess
import sys
from pathlib import Path

import pytest

from window_client.catalog.coverage import coverage, markdown, saving
from window_client.catalog.loader import CatalogError, load_catalog

ROOT = Path(__file__).resolve().parents[2]


def test_catalog_md_is_the_coverage_of_the_shipped_catalog(catalog):
    text = (ROOT / "docs" / "CATALOG.md").read_text(encoding="utf-8")
    assert text == markdown(coverage(catalog), catalog.version), \
        "docs/CATALOG.md is stale: python -m window_client catalog --coverage --markdown " \
        "> docs/CATALOG.md"


def test_every_row_is_counted_once_in_its_category(catalog):
    cats = coverage(catalog)
    assert sum(c.total for c in cats) == len(catalog.rows) == 186
    assert sum(c.configured for c in cats) == len(catalog.definitions)
    by_name = {c.category: c for c in cats}
    newborn = catalog.definitions["newborn"]
    born = by_name[catalog.rows[newborn.seed_row].category]
    assert born.configured >= 1 and len(born.fields_merged) == born.configured
    # what the figures are made of: the default plan's statistics
    assert all(m <= s for m, s in zip(born.fields_merged, born.fields_separate, strict=True))


def test_low_saving_is_under_thirty_percent_of_the_separate_fields():
    assert saving(10, 7) == pytest.approx(0.3)
    assert saving(10, 8) < 0.3 < saving(10, 6)
    assert saving(0, 0) == 0.0


def test_the_command_prints_the_table_and_the_pending_rows_with_their_reasons(catalog_dir):
    root = catalog_dir
    configured = {p.stem for p in (root / "onethings").glob("*.yaml")}
    assert "newborn" in configured
    (root / "onethings" / "newborn.yaml").unlink()
    (root / "pending.yaml").write_text(
        "- {seq: 1, reason: 卫健部门尚未确认出生医学证明的网上办理流程}\n", encoding="utf-8")
    cats = coverage(load_catalog(root))
    pending = [p for c in cats for p in c.pending]
    assert (1, "新生儿出生(婚育户一链办)", "卫健部门尚未确认出生医学证明的网上办理流程") in pending
    out = subprocess.run([sys.executable, "-m", "window_client", "catalog", "--coverage"],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and "合计" in out.stdout and "出生类" in out.stdout


def test_pending_rows_need_a_reason_and_may_not_be_configured(catalog_dir):
    root = catalog_dir
    (root / "pending.yaml").write_text("- {seq: 1, reason: 待定}\n- {seq: 999, reason: "
                                       "这一行并不存在于附件1中}\n", encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        load_catalog(root)
    text = "\n".join(err.value.problems)
    assert "say why row 1" in text and "no row 999" in text
    (root / "pending.yaml").write_text("- {seq: 1, reason: 卫健部门尚未确认网上办理流程}\n",
                                       encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        load_catalog(root)
    assert "row 1 is configured" in "\n".join(err.value.problems)
