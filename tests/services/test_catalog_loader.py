"""A broken definition is refused with the file, the path inside it and what is
wrong — never a traceback, never half-loaded."""

from pathlib import Path

import pytest
import yaml

from window_client.catalog.loader import CatalogError, load_catalog


def edit(catalog_dir: Path, name: str, change) -> None:
    path = catalog_dir / "onethings" / f"{name}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def edit_item(catalog_dir: Path, code: str, change) -> None:
    path = catalog_dir / "items" / f"{code}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def refused(catalog_dir: Path) -> list[str]:
    with pytest.raises(CatalogError) as info:
        load_catalog(catalog_dir)
    assert "未加载" in str(info.value)
    return info.value.problems


def test_committed_catalog_loads(catalog):
    assert len(catalog.rows) == 186
    assert "newborn" in catalog.definitions


def test_cycle_between_items(catalog_dir):
    def change(d):
        d["items"][0]["depends_on"] = ["social_security_card"]
    edit(catalog_dir, "newborn", change)
    problems = refused(catalog_dir)
    assert any(p.startswith("onethings/newborn.yaml: items: the order between items has a cycle")
               for p in problems), problems


def test_unknown_dictionary_key(catalog_dir):
    edit_item(catalog_dir, "birth_certificate",
              lambda d: d["form"][2].update(key="child.shoe_size"))
    assert "items/birth_certificate.yaml: form[2].key: 'child.shoe_size' is not in the data " \
        "dictionary" in refused(catalog_dir)


def test_condition_on_a_later_question(catalog_dir):
    edit(catalog_dir, "newborn", lambda d: d["questions"][0].update(
        when={"equals": ["birth_order", 2]}))
    assert any("questions[0].when: refers to a later question 'birth_order'" in p
               for p in refused(catalog_dir))


def test_malformed_condition_names_its_path(catalog_dir):
    edit(catalog_dir, "newborn", lambda d: d["items"][2].update(
        when={"all": [{"equals": ["register_household", True]}, {"eval": "True"}]}))
    problems = refused(catalog_dir)
    assert any(p.startswith("onethings/newborn.yaml: items[2].when:") and "all[1]" in p
               and "unknown operator 'eval'" in p for p in problems), problems


def test_wrong_type_and_unknown_key(catalog_dir):
    def change(d):
        d["promised_days"] = "five"
        d["items"][0]["colour"] = "red"
    edit(catalog_dir, "newborn", change)
    problems = refused(catalog_dir)
    assert any(p.startswith("onethings/newborn.yaml: promised_days:") for p in problems)
    assert any(p.startswith("onethings/newborn.yaml: items[0].colour:") for p in problems)


def test_unknown_department_and_licence_type(catalog_dir):
    edit_item(catalog_dir, "birth_registration", lambda d: d.update(department="ministry_of_magic"))
    edit_item(catalog_dir, "household_registration",
              lambda d: d["materials"][0].setdefault("exemptions", []).append(
                  {"route": "e_licence", "licence_type": "wizard_licence"}))
    problems = refused(catalog_dir)
    assert "items/birth_registration.yaml: department: unknown department 'ministry_of_magic'" \
        in problems
    assert any(p.startswith("items/household_registration.yaml: materials[0].exemptions[")
               and "'wizard_licence'" in p for p in problems), problems


def test_name_must_match_the_seed_row(catalog_dir):
    edit(catalog_dir, "newborn", lambda d: d.update(name="新生儿出生"))
    assert any("row 1 of attachment 1 is '新生儿出生(婚育户一链办)'" in p for p in refused(catalog_dir))


def test_yaml_syntax_error_gives_line(catalog_dir):
    (catalog_dir / "onethings" / "newborn.yaml").write_text("id: newborn\nitems: [\n",
                                                            encoding="utf-8")
    problems = refused(catalog_dir)
    assert any(p.startswith("newborn.yaml: line") and "not valid YAML" in p for p in problems)


def test_broken_dictionary_entry(catalog_dir):
    path = catalog_dir / "dictionary" / "child.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("type: date", "type: datum", 1),
                    encoding="utf-8")
    assert any(p.startswith("dictionary/child.yaml: entries[2].type:") for p in refused(catalog_dir))


def test_key_material_cannot_be_missing(catalog_dir):
    edit_item(catalog_dir, "birth_certificate",
              lambda d: d["materials"][0].update(missing_allowed_days=5, key=True))
    assert any(p.startswith("items/birth_certificate.yaml: materials[0]")
               and "a key material cannot be accepted missing" in p
               for p in refused(catalog_dir))


def test_every_problem_is_reported_at_once(catalog_dir):
    edit_item(catalog_dir, "birth_registration", lambda d: d.update(department="nowhere"))
    edit_item(catalog_dir, "birth_certificate", lambda d: d["form"][0].update(key="child.nothing"))
    edit(catalog_dir, "newborn", lambda d: d.update(name="别的名字"))
    assert len(refused(catalog_dir)) >= 3


def test_unquoted_comma_in_flow_mapping_gets_a_hint(catalog_dir):
    path = catalog_dir / "dictionary" / "contact.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "label: 电子邮箱,", "label: 电子邮箱, 如有请填写,", 1), encoding="utf-8")
    problems = refused(catalog_dir)
    assert any(p.startswith("dictionary/contact.yaml: entries[2].如有请填写:")
               and "unquoted comma" in p for p in problems), problems


def test_an_item_is_defined_once(catalog_dir):
    """Two library items with one name and department: refused (one 事项, one file)."""
    source = catalog_dir / "items" / "birth_registration.yaml"
    copy = catalog_dir / "items" / "birth_registration_copy.yaml"
    copy.write_text(source.read_text(encoding="utf-8").replace(
        "code: birth_registration", "code: birth_registration_copy"), encoding="utf-8")
    assert any(p.startswith("items/birth_registration_copy.yaml: name:") and "defined once" in p
               for p in refused(catalog_dir))


def test_a_reference_to_an_item_not_in_the_library(catalog_dir):
    edit(catalog_dir, "newborn", lambda d: d["items"][1].update(ref="no_such_item"))
    assert any("onethings/newborn.yaml: items: not in the item library: no_such_item" in p
               for p in refused(catalog_dir))


def test_an_override_or_an_omission_says_why(catalog_dir):
    edit(catalog_dir, "newborn", lambda d: d["items"][0].update(promised_days=0))
    assert any("onethings/newborn.yaml: items[0]" in p and "says why" in p
               for p in refused(catalog_dir))
