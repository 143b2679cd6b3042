"""catalog lint: each check fires on a small broken catalog (a copy of
resources/catalog with one file edited, or the loaded catalog with one definition
replaced where the loader would refuse the file), and the committed catalog has no
error. The CLI: `python -m window_client catalog lint` exits 0 on the committed
catalog, 1 on a broken copy."""

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from window_client.catalog.lint import BASIS_PENDING, Severity, lint, report_lines, summary
from window_client.catalog.loader import CATALOG_DIR, load_catalog

ROOT = Path(__file__).resolve().parents[2]


def edit(catalog_dir: Path, name: str, change) -> None:
    """Edit ``items/x.yaml`` or ``onethings/y.yaml`` of the copy."""
    path = catalog_dir / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def write(catalog_dir: Path, name: str, data) -> None:
    (catalog_dir / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                    encoding="utf-8")


def found(catalog, check: str, file: str | None = None):
    return [f for f in lint(catalog) if f.check == check and (file is None or f.file == file)]


def test_the_committed_catalog_has_no_error(catalog):
    findings = lint(catalog)
    errors = [f for f in findings if f.severity == Severity.ERROR]
    assert errors == [], "\n".join(report_lines(errors))
    assert summary(findings).startswith("0个错误,")
    assert all(f.message and f.file.startswith(("items/", "onethings/")) for f in findings)


# --- the item library ---------------------------------------------------------------

def test_item_without_a_basis_is_an_error_and_a_pending_basis_a_warning(catalog_dir):
    edit(catalog_dir, "items/birth_certificate.yaml", lambda d: d.update(basis=""))
    edit(catalog_dir, "items/cremation.yaml", lambda d: d.update(basis=BASIS_PENDING))
    catalog = load_catalog(catalog_dir)
    missing = found(catalog, "item_basis", "items/birth_certificate.yaml")
    assert [f.severity for f in missing] == [Severity.ERROR]
    assert "没有设定依据" in missing[0].message
    pending = found(catalog, "item_basis", "items/cremation.yaml")
    assert [f.severity for f in pending] == [Severity.WARNING]


def test_item_with_an_unknown_department_and_no_form(catalog_dir):
    """An item with an unknown department is refused by the loader itself (named at
    its own file), also when no one-thing uses it; one without a form is lint's."""
    data = yaml.safe_load((catalog_dir / "items/cremation.yaml").read_text("utf-8"))
    data.update(code="lint_probe", name="探针事项", department="ministry_of_magic", form=[])
    write(catalog_dir, "items/lint_probe.yaml", data)
    from window_client.catalog.loader import CatalogError
    with pytest.raises(CatalogError) as info:
        load_catalog(catalog_dir)
    assert "items/lint_probe.yaml: department: unknown department 'ministry_of_magic'" \
        in info.value.problems
    data.update(department="civil_affairs")
    write(catalog_dir, "items/lint_probe.yaml", data)
    catalog = load_catalog(catalog_dir)
    form = found(catalog, "item_form", "items/lint_probe.yaml")
    assert len(form) == 1 and form[0].severity == Severity.ERROR


def test_material_without_an_issuer(catalog_dir):
    edit(catalog_dir, "items/birth_certificate.yaml",
         lambda d: d["materials"][0].update(issuer=" "))
    hits = found(load_catalog(catalog_dir), "material_issuer", "items/birth_certificate.yaml")
    assert len(hits) == 1 and hits[0].severity == Severity.ERROR
    assert "birth_info_sheet" in hits[0].message


def test_review_names_a_known_unit_and_a_real_date(catalog_dir):
    edit(catalog_dir, "items/cremation.yaml", lambda d: d.update(
        review={"state": "reviewed", "unit": "civil_affairs", "date": "2026-12-01"}))
    edit(catalog_dir, "onethings/newborn.yaml", lambda d: d.update(
        review={"state": "reviewed", "unit": "市卫健委", "date": "12/01/2026"}))
    catalog = load_catalog(catalog_dir)
    assert not found(catalog, "review", "items/cremation.yaml")
    hits = found(catalog, "review", "onethings/newborn.yaml")
    assert [f.severity for f in hits] == [Severity.ERROR, Severity.ERROR]
    assert "review.unit" in hits[0].message and "review.date" in hits[1].message


def test_items_with_the_same_name_and_department(catalog):
    # the loader refuses such a library; lint says so too, on a catalog built in memory
    twin = catalog.items["cremation"].model_copy(update={"code": "cremation_again"})
    broken = dataclasses.replace(catalog, items={**catalog.items, "cremation_again": twin})
    hits = found(broken, "duplicate_item")
    assert [(f.file, f.severity) for f in hits] == [("items/cremation_again.yaml", Severity.ERROR)]
    assert "items/cremation.yaml" in hits[0].message


# --- conditions and references -----------------------------------------------------

def test_condition_on_an_unknown_question(catalog_dir, catalog):
    # a fee's condition: the models do not check it
    edit(catalog_dir, "onethings/newborn.yaml", lambda d: d["fees"].append(
        {"name": "加急", "amount": "10", "when": {"equals": ["express", True]}}))
    hits = found(load_catalog(catalog_dir), "unknown_question", "onethings/newborn.yaml")
    assert len(hits) == 1 and hits[0].severity == Severity.ERROR and "express" in hits[0].message
    # an item's condition and a question's condition on a later question: the loader
    # refuses those files, lint reports them on a definition built in memory
    authored = catalog.authored["newborn"]
    uses = list(authored.items)
    uses[1] = uses[1].model_copy(update={"when": _parse({"equals": ["twins", True]})})
    questions = list(authored.questions)
    questions[0] = questions[0].model_copy(update={"when": _parse({"equals": ["birth_order", 2]})})
    broken = dataclasses.replace(catalog, authored={**catalog.authored, "newborn": authored.model_copy(
        update={"items": tuple(uses), "questions": tuple(questions)})})
    messages = [f.message for f in found(broken, "unknown_question", "onethings/newborn.yaml")]
    assert any("twins" in m and "没有的问题" in m for m in messages), messages
    assert any("birth_order" in m and "后面才问的问题" in m for m in messages), messages


def _parse(data):
    from window_client.core.conditions import parse
    return parse(data)


def test_condition_on_a_value_the_question_cannot_take(catalog_dir):
    edit(catalog_dir, "onethings/newborn.yaml", lambda d: d["items"][2].update(
        when={"equals": ["register_household", "yes"]}))
    edit(catalog_dir, "onethings/newborn.yaml", lambda d: d["materials"][-1].update(
        required_when={"in": ["applicant_role", ["guardian", "grandma"]]}))
    hits = found(load_catalog(catalog_dir), "condition_value", "onethings/newborn.yaml")
    assert len(hits) == 2 and all(f.severity == Severity.ERROR for f in hits)
    assert '"yes"' in hits[0].message and '"grandma"' in hits[1].message


def test_rule_naming_an_item_the_one_thing_does_not_use(catalog_dir):
    edit(catalog_dir, "onethings/newborn.yaml", lambda d: d["fields"].append(
        {"key": "child.name", "omit_for": ["no_such_item"], "reason": "测试:不存在的事项"}))
    hits = found(load_catalog(catalog_dir), "unknown_item", "onethings/newborn.yaml")
    assert len(hits) == 1 and hits[0].severity == Severity.ERROR
    assert "no_such_item" in hits[0].message


# --- the plans of the tested paths ---------------------------------------------------

def test_question_that_changes_nothing(catalog_dir):
    def change(d):
        d["questions"].append({"id": "favourite_colour", "text": "喜欢什么颜色?", "kind": "single",
                               "options": [{"value": "red", "label": "红"},
                                           {"value": "blue", "label": "蓝"}],
                               "default": "red"})
        d["questions"].append({"id": "never_asked", "text": "从不显示?", "kind": "yes_no",
                               "when": {"all": [{"equals": ["parents_married", True]},
                                                {"equals": ["parents_married", False]}]},
                               "default": False})
        # a question that matters only together with another non-default answer is
        # not flagged: the fee is charged when no household is registered and it is
        # not waived (register_household defaults to true)
        d["questions"].append({"id": "fee_waived", "text": "是否减免?", "kind": "yes_no",
                               "default": False})
        d["fees"].append({"name": "工本费", "amount": "20",
                          "when": {"all": [{"equals": ["register_household", False]},
                                           {"equals": ["fee_waived", False]}]}})
    edit(catalog_dir, "onethings/newborn.yaml", change)
    hits = found(load_catalog(catalog_dir), "question_no_effect", "onethings/newborn.yaml")
    by_question = {q: f for f in hits for q in ("favourite_colour", "never_asked", "fee_waived")
                   if q in f.message}
    assert set(by_question) == {"favourite_colour", "never_asked"}, [f.message for f in hits]
    assert all(f.severity == Severity.WARNING for f in hits)
    assert "不改变办理方案" in by_question["favourite_colour"].message
    assert "不显示" in by_question["never_asked"].message


def test_unreachable_item(catalog_dir, catalog):
    edit(catalog_dir, "onethings/newborn.yaml", lambda d: d["items"][1].update(
        when={"all": [{"equals": ["register_household", True]},
                      {"equals": ["register_household", False]}]}))
    hits = found(load_catalog(catalog_dir), "unreachable_item", "onethings/newborn.yaml")
    assert len(hits) == 1 and hits[0].severity == Severity.WARNING
    assert "birth_registration" in hits[0].message
    # an item that needs two non-default answers at once is reachable (公民婚育: the
    # pension transfer when one spouse moves in from another county)
    assert not found(catalog, "unreachable_item", "onethings/marriage_childbirth.yaml")


def test_promise_shorter_than_the_items_take(catalog_dir):
    # 机动车上牌: the purchase tax 1 day, then the registration 1, then the road
    # transport certificate of an operating vehicle 1 more: 3 days on that path
    where = "onethings/vehicle_registration.yaml"
    edit(catalog_dir, where, lambda d: d.update(promised_days=3))
    assert not found(load_catalog(catalog_dir), "promise_exceeded", where)
    edit(catalog_dir, where, lambda d: d.update(promised_days=1))
    hits = found(load_catalog(catalog_dir), "promise_exceeded", where)
    assert len(hits) == 1 and hits[0].severity == Severity.WARNING
    assert "承诺1个工作日" in hits[0].message and "需要3个工作日" in hits[0].message


def _probe(catalog_dir: Path, **extra) -> None:
    """A one-thing of one item on row 3 (收养孩子), in place of the shipped one:
    nothing for a merge to save."""
    (catalog_dir / "onethings" / "adoption.yaml").unlink()
    data = {"id": "lint_probe", "name": "收养孩子", "seed_row": 3,
            "lead_units": ["civil_affairs"],
            "responsible_units": ["human_resources", "medical_security", "public_security"],
            "guide": "测试用。", "items": [{"ref": "cremation"}]}
    data.update(extra)
    write(catalog_dir, "onethings/lint_probe.yaml", data)


def test_merge_that_saves_nothing(catalog_dir):
    _probe(catalog_dir)
    probe = [f for f in lint(load_catalog(catalog_dir)) if f.file == "onethings/lint_probe.yaml"]
    assert [(f.check, f.severity) for f in probe] == [("merge_saves_nothing", Severity.WARNING)]
    assert not found(load_catalog(CATALOG_DIR), "merge_saves_nothing")


# --- the seed's row -----------------------------------------------------------------

def test_seed_mismatch_without_a_deviation(catalog_dir):
    edit(catalog_dir, "onethings/after_death.yaml", lambda d: d.pop("deviations"))
    edit(catalog_dir, "onethings/newborn.yaml",
         lambda d: d["responsible_units"].append("education"))
    catalog = load_catalog(catalog_dir)
    after = found(catalog, "seed_mismatch", "onethings/after_death.yaml")
    assert [f.severity for f in after] == [Severity.ERROR, Severity.ERROR]
    assert "牵头单位" in after[0].message and "lead_units_not_in_text" in after[0].message
    assert "责任单位" in after[1].message and "市卫健委" in after[1].message
    newborn = found(catalog, "seed_mismatch", "onethings/newborn.yaml")
    assert len(newborn) == 1 and "市教育局" in newborn[0].message
    # a deviation with that field covers the difference
    edit(catalog_dir, "onethings/newborn.yaml", lambda d: d.update(deviations=[
        {"field": "responsible_units", "reason": "测试:增列有事项的单位"}]))
    assert not found(load_catalog(catalog_dir), "seed_mismatch", "onethings/newborn.yaml")


def test_name_mismatch_and_a_stale_deviation(catalog, catalog_dir):
    # the loader refuses a name other than the row's; lint checks it too
    authored = catalog.authored["newborn"]
    renamed = dataclasses.replace(catalog, authored={**catalog.authored,
                                                     "newborn": authored.model_copy(
                                                         update={"name": "新生儿"})})
    hits = found(renamed, "seed_mismatch", "onethings/newborn.yaml")
    assert len(hits) == 1 and "名称" in hits[0].message and "field: name" in hits[0].message
    _probe(catalog_dir, deviations=[{"field": "responsible_units", "reason": "测试:其实与种子相同"}])
    stale = found(load_catalog(catalog_dir), "stale_deviation", "onethings/lint_probe.yaml")
    assert len(stale) == 1 and stale[0].severity == Severity.WARNING


def test_report_is_grouped_by_file_with_a_summary(catalog_dir):
    edit(catalog_dir, "onethings/after_death.yaml", lambda d: d.pop("deviations"))
    edit(catalog_dir, "items/birth_certificate.yaml", lambda d: d.update(basis=""))
    findings = lint(load_catalog(catalog_dir))
    lines = report_lines(findings)
    assert lines.index("items/birth_certificate.yaml") < lines.index("onethings/after_death.yaml")
    assert lines[-1].startswith("目录检查:3个错误,")
    assert all(line.startswith(("items/", "onethings/", "  错误", "  警告", "目录检查"))
               for line in lines)


# --- the command line ---------------------------------------------------------------

def run(*args):
    return subprocess.run([sys.executable, "-m", "window_client", *args], cwd=ROOT,
                          capture_output=True, text=True)


def test_cli_lint_passes_on_the_committed_catalog():
    out = run("catalog", "lint")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "目录检查" in out.stdout and "0个错误" in out.stdout
    data = json.loads(run("catalog", "lint", "--json").stdout)
    assert data["loaded"] and data["errors"] == 0
    assert {f["severity"] for f in data["findings"]} <= {"warning"}


def test_cli_lint_fails_on_a_broken_copy(catalog_dir):
    edit(catalog_dir, "onethings/after_death.yaml", lambda d: d.pop("deviations"))
    out = run("catalog", "lint", "--root", str(catalog_dir))
    assert out.returncode == 1, out.stdout + out.stderr
    assert "onethings/after_death.yaml" in out.stdout and "2个错误" in out.stdout
    assert "Traceback" not in out.stderr


def test_cli_lint_reports_a_catalog_that_does_not_load(catalog_dir):
    (catalog_dir / "onethings/newborn.yaml").write_text("id: [newborn\n", encoding="utf-8")
    out = run("catalog", "lint", "--root", str(catalog_dir))
    assert out.returncode == 1 and "目录未能加载" in out.stdout and "newborn.yaml" in out.stdout
    missing = run("catalog", "lint", "--root", str(catalog_dir / "nowhere"))
    assert missing.returncode == 2 and "目录文件夹不存在" in missing.stderr
    assert "Traceback" not in out.stderr + missing.stderr


def test_cli_catalog_listing_and_help_still_work():
    assert run("catalog").returncode == 0
    assert run("catalog", "--json").returncode == 0
    for args in (("catalog", "--help"), ("catalog", "lint", "--help")):
        out = run(*args)
        assert out.returncode == 0 and "用法" in out.stdout and "usage" not in out.stdout


# --- docs/CONFIGURING.md ------------------------------------------------------------

def test_the_worked_example_in_configuring_is_the_repository_s_files():
    """docs/CONFIGURING.md shows 机动车上牌's files whole: they must be the files."""
    import re
    text = (ROOT / "docs" / "CONFIGURING.md").read_text(encoding="utf-8")
    shown = re.findall(r"<summary>((?:items|onethings)/[a-z_]+\.yaml)</summary>\s*```yaml\n(.*?)```",
                       text, re.S)
    assert {name for name, _ in shown} == {
        "items/purchase_tax.yaml", "items/vehicle_registration.yaml",
        "items/vehicle_mortgage_registration.yaml", "items/road_transport_certificate.yaml",
        "onethings/vehicle_registration.yaml"}
    for name, body in shown:
        assert body == (CATALOG_DIR / name).read_text(encoding="utf-8"), \
            f"docs/CONFIGURING.md: the example's {name} is not the file: copy it again"
    assert "lint" in text and all(check in text for check in (
        "item_basis", "seed_mismatch", "question_no_effect", "unreachable_item",
        "merge_saves_nothing", "promise_exceeded"))


def test_each_item_file_names_the_one_things_that_use_it():
    import subprocess
    import sys
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "item_headers.py"), "--check"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout
