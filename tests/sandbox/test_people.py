"""Demo citizens: valid ID numbers, licences and shared data the client knows."""

import pytest
import yaml
from stdnum.cn import ric, uscc

from platform_sandbox import demo_data
from platform_sandbox.config import DEFAULT_CATALOG_DIR
from platform_sandbox.ids import id_check_char, is_valid_id_number, make_id_number


def _licence_types() -> set[str]:
    types = set()
    for path in (DEFAULT_CATALOG_DIR / "licence_types").glob("*.yaml"):
        types |= {entry["id"] for entry in yaml.safe_load(path.read_text(encoding="utf-8"))}
    return types


def _dictionary() -> dict[str, dict]:
    entries = {}
    for path in (DEFAULT_CATALOG_DIR / "dictionary").glob("*.yaml"):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["entries"]:
            entries[entry["key"]] = entry
    return entries


def test_check_characters():
    assert id_check_char("11010519491231002") == "X"
    assert make_id_number("110105", "19491231", 2) == "11010519491231002X"
    assert not is_valid_id_number("110105194912310021")
    assert not is_valid_id_number("11010519490231002X")  # 31 February


@pytest.mark.parametrize("person", demo_data.PEOPLE, ids=lambda p: p.note[:6])
def test_demo_citizens_are_valid_and_use_catalog_ids(person):
    ric.validate(person.id_number)  # check digit, birth date, region known in that year
    types = _licence_types()
    assert {lic.type for lic in person.licences} <= types
    dictionary = _dictionary()
    for key, value in person.shared.items():
        assert key in dictionary, key
        options = dictionary[key].get("options")
        if options:
            assert value in {o["value"] for o in options}, (key, value)
    sex = "male" if int(person.id_number[16]) % 2 else "female"
    assert person.shared["applicant.sex"] == sex


def test_the_business_licence_number_is_a_valid_credit_code():
    uscc.validate(demo_data.CHEN_GANG_USCC)


def test_licences_and_shared_data(api):
    tpl = "/people/{id_number}/licences"
    body = api.call("get", f"/people/{demo_data.LI_NA}/licences", tpl, expect=200)
    types = [lic["type"] for lic in body["licences"]]
    assert {"resident_id_card", "household_register", "marriage_certificate",
            "birth_medical_certificate"} <= set(types)
    shared = api.call("get", f"/people/{demo_data.ZHANG_WEI}/shared-data",
                      "/people/{id_number}/shared-data", expect=200)
    assert shared["values"]["father.household_address"].startswith("江西省赣州市")
    assert shared["values"]["applicant.household_address"]
    older = api.call("get", "/people/11010519491231002x/licences", tpl, expect=200)
    assert [lic["valid_until"] for lic in older["licences"]][0] is None  # 长期


def test_unknown_people_have_nothing(api):
    number = make_id_number("360702", "20030303", 11)
    assert api.call("get", f"/people/{number}/licences", "/people/{id_number}/licences",
                    expect=200) == {"licences": []}
    assert api.call("get", f"/people/{number}/shared-data", "/people/{id_number}/shared-data",
                    expect=200)["values"] == {}


def test_verification_is_deterministic(api):
    def verify(number):
        return api.call("post", "/verifications", json={
            "service": "全国婚姻登记信息核验", "id_number": number}, expect=200)["result"]
    assert verify(demo_data.ZHANG_WEI) == "passed"
    assert verify(make_id_number("360702", "20030303", 11)) == "passed"
    assert verify(demo_data.ZHAO_LEI) == "failed"
    assert verify("360702200303030110") == "failed"  # wrong check character
