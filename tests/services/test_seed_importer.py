import json
from pathlib import Path

import pytest

from window_client.catalog.seed_importer import (SeedFormatError, build_catalog,
                                                 parse_attachment, render_catalog,
                                                 split_units)

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "resources" / "catalog"
SEED_COPY = CATALOG / "seed" / "ganzhou_work_plan.txt"
SHARED_SEED = ROOT.parent / "shared" / "seeds" / "000_6e6c68c56236efdc.txt"


@pytest.fixture(scope="module")
def imported():
    return build_catalog(SEED_COPY.read_text(encoding="utf-8"), CATALOG / "departments.yaml")


def test_rerun_matches_committed_file(imported):
    committed = (CATALOG / "attachment1.json").read_text(encoding="utf-8")
    assert render_catalog(imported) == committed


def test_committed_seed_copy_is_the_shared_seed():
    if not SHARED_SEED.exists():
        pytest.skip("shared/ is not beside this checkout")
    assert SEED_COPY.read_bytes() == SHARED_SEED.read_bytes()


def test_186_rows_in_order(imported):
    rows = imported["rows"]
    assert imported["row_count"] == 186 and len(rows) == 186
    assert [r["seq"] for r in rows] == list(range(1, 187))
    assert imported["declared_rows"] == 200  # the text promises 200 and holds 186


def test_only_rows_36_88_137_have_no_name(imported):
    assert imported["rows_without_name"] == [36, 88, 137]
    for row in imported["rows"]:
        missing = row["seq"] in (36, 88, 137)
        assert (row["name"]["source"] == "absent") == missing
        assert ("name_missing" in row["flags"]) == missing
        assert (row["name"]["value"] is None) == missing


def test_cells_read_inherited_absent(imported):
    rows = {r["seq"]: r for r in imported["rows"]}
    first = rows[1]
    assert first["name"] == {"value": "新生儿出生(婚育户一链办)", "source": "read"}
    assert first["leading_official"] == {"value": "赖正文", "source": "read"}
    assert first["lead_units"] == {"value": ["市卫健委"], "source": "read"}
    assert first["responsible_units"]["value"] == ["市公安局", "市医保局", "市人社局"]
    assert first["level"] == {"value": "国家部署,市级落实", "source": "read"}
    # row 3: lead unit merged with row 2, level read on the row
    assert rows[3]["lead_units"] == {"value": ["市民政局"], "source": "inherited", "from_row": 2}
    assert rows[3]["level"] == {"value": "市级牵头", "source": "read"}
    assert rows[3]["leading_official"]["source"] == "absent"
    # row 8: no unit cell at all -> both merged with row 6/5
    assert rows[8]["responsible_units"]["source"] == "inherited"
    assert rows[8]["responsible_units"]["from_row"] == 6
    # row 99 has two lead units on one line
    assert rows[99]["lead_units"]["value"] == ["市市监局", "市行政审批局"]
    # row 100 inherits both from 99
    assert rows[100]["lead_units"] == {"value": ["市市监局", "市行政审批局"],
                                       "source": "inherited", "from_row": 99}
    # a unit merge does not cross a category: 企业开办 has no lead unit in the text
    assert rows[58]["lead_units"]["source"] == "absent"
    assert "lead_units_not_in_text" in rows[58]["flags"]


def test_categories_and_counts(imported):
    rows = {r["seq"]: r for r in imported["rows"]}
    assert rows[1]["category"] == {"value": "出生类", "source": "read"}
    assert rows[4]["category"] == {"value": "出生类", "source": "inherited", "from_row": 1}
    assert rows[36]["category"]["value"] == "公民身后"
    assert rows[50]["category"]["value"] == "房屋类"
    assert rows[94]["category"]["value"] == "个体工商户设立开办类"
    assert rows[186]["category"]["value"] == "工程建设项目类"
    assert imported["category_count_mismatches"] == []


def test_units_split_outside_parentheses():
    assert split_units("市住建局、各县(市、区)、市人社局") == ["市住建局", "各县(市、区)", "市人社局"]


def test_duplicate_unit_kept_once_and_noted(imported):
    row = imported["rows"][129]
    assert row["seq"] == 130
    units = row["responsible_units"]["value"]
    assert units.count("市消防救援支队") == 1
    assert any("listed twice" in n for n in row["notes"])


def test_every_row_points_into_the_department_table(imported):
    import yaml
    deps = {d["id"]: d for d in yaml.safe_load((CATALOG / "departments.yaml").read_text("utf-8"))}
    for row in imported["rows"]:
        for column in ("lead", "responsible"):
            names = row[f"{column}_units"]["value"] or []
            ids = row[f"{column}_unit_ids"]
            assert len(ids) == len(names)
            for name, dep_id in zip(names, ids, strict=True):
                assert name in deps[dep_id]["short_names"]
    assert deps["health"]["full_name"] == "赣州市卫生健康委员会"
    assert deps["water_group"]["short_names"] == ["赣州市水务集团有限责任公司", "赣州水务集团有限责任公司"]


def test_unknown_unit_is_refused(tmp_path):
    text = SEED_COPY.read_text(encoding="utf-8").replace("市卫健委\n市公安局", "市新设局\n市公安局", 1)
    with pytest.raises(SeedFormatError, match="市新设局"):
        build_catalog(text, CATALOG / "departments.yaml")


def test_text_without_attachment_is_refused():
    with pytest.raises(SeedFormatError):
        parse_attachment("没有附件的文本")


def test_import_tool_check_mode(tmp_path):
    import subprocess
    import sys
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "import_catalog.py"), "--check"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    json.loads((CATALOG / "attachment1.json").read_text(encoding="utf-8"))
