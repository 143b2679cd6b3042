"""The scan check's rule (core/material_check.py) on OCR text, and its resource
(resources/catalog/material_cues.yaml) loaded with the catalog and linted. The OCR
itself: tests/imaging/test_ocr.py."""

import pytest

from window_client.catalog.lint import lint
from window_client.catalog.loader import CatalogError, load_catalog
from window_client.core.material_check import (People, Verdict, check_page, contains, normalise,
                                               parse_cues, people_on_form)
from window_client.core.validators import id_check_character

ID = "36070219880512341" + id_check_character("36070219880512341")
OTHER = "36070219900101123" + id_check_character("36070219900101123")

MARRIAGE = f"""结婚证
中华人民共和国民政部监制
持证人 王建华
登记日期 2018年8月21日
姓名 王建华 国籍 中国
身份证件号 {ID}
登记机关 赣州市章贡区民政局"""
HOUSEHOLD = f"""常住人口登记卡
户号 123456789
姓名 王建华 户主或与户主关系 户主
公民身份号码 {ID}"""


@pytest.fixture(scope="module")
def cues(catalog):
    return catalog.material_cues


def test_the_shipped_cues_cover_eight_kinds_and_lint_clean(catalog):
    assert len(catalog.material_cues.kinds) >= 8
    assert {"household_register", "marriage_certificate", "business_licence",
            "birth_medical_certificate"} <= set(catalog.material_cues.materials)
    assert [f for f in lint(catalog) if f.file == "material_cues.yaml"] == []


def test_a_page_of_the_right_kind_matches(cues):
    check = check_page(MARRIAGE, "marriage_certificate", cues)
    assert check.verdict == Verdict.MATCH and not check.warns
    assert check.found == ("marriage_certificate",)


def test_a_page_of_another_kind_names_what_it_looks_like(cues):
    check = check_page(MARRIAGE, "household_register", cues)
    assert check.verdict == Verdict.MISMATCH
    assert check.warnings == ("此页像是结婚证,不是居民户口簿,请核对是否放错材料",)


def test_a_household_page_is_not_an_id_card_although_it_prints_the_number(cues):
    assert check_page(HOUSEHOLD, "household_register", cues).verdict == Verdict.MATCH
    assert check_page(HOUSEHOLD, "applicant_id_card", cues).verdict == Verdict.MISMATCH


def test_a_page_without_a_title_matches_by_its_field_labels(cues):
    inner = "户别 家庭户\n户主姓名 王建华\n户号 123456789\n住址 赣州市章贡区"
    assert check_page(inner, "household_register", cues).verdict == Verdict.MATCH


def test_nothing_known_warns_on_a_first_page_but_not_on_a_later_one(cues):
    clauses = "第五条 付款方式及期限\n买受人按照下列方式付款\n第六条 交付期限"
    first = check_page(clauses, "marriage_certificate", cues)
    assert first.verdict == Verdict.MISMATCH
    assert first.warnings == ("此页未见结婚证的标题或栏目,请核对是否放错材料",)
    later = check_page(clauses, "marriage_certificate", cues, material_matched=True)
    assert later.verdict == Verdict.MATCH and not later.warns
    # another kind's title still warns on a later page
    assert check_page(HOUSEHOLD, "marriage_certificate", cues,
                      material_matched=True).verdict == Verdict.MISMATCH


def test_a_page_without_text_is_unreadable(cues):
    check = check_page("| 1 .", "marriage_certificate", cues)
    assert check.verdict == Verdict.UNREADABLE and check.kind_mismatch and check.warns


def test_a_material_without_cues_is_not_checked(cues):
    check = check_page(MARRIAGE, "child_photo", cues)
    assert check.verdict == Verdict.NOT_CHECKED and not check.warns


def test_one_misread_character_is_forgiven_in_a_long_word_only():
    assert contains(normalise("统一社会信甲代码 9136"), normalise("统一社会信用代码"))
    assert not contains(normalise("统一社会甲甲代码"), normalise("统一社会信用代码"))
    assert not contains("离婚证", "结婚证")        # three characters: exact
    assert contains(normalise("营 业 执 照"), "营业执照")   # white space ignored
    assert normalise("ＡＢ１２ x") == "AB12X"      # full width, case


def test_the_id_number_on_the_page_is_compared_with_the_form(cues):
    same = check_page(MARRIAGE, "marriage_certificate", cues, People.of([ID], ["王建华"]))
    assert not same.warns and same.id_numbers == (ID,)
    other = check_page(MARRIAGE, "marriage_certificate", cues, People.of([OTHER], ["李秀英"]))
    assert other.verdict == Verdict.MATCH and other.id_differs
    masked = ID[:6] + "********" + ID[-4:]
    assert other.warnings == (f"此页上的身份证号码({masked})与表单中的人员不一致,请核对",)
    assert ID not in other.log_text() and masked in other.log_text()
    # any person on the form counts (the spouse's number on a marriage certificate)
    assert not check_page(MARRIAGE, "marriage_certificate", cues,
                          People.of([OTHER, ID], [])).id_differs
    # nothing on the form yet: nothing to compare
    assert not check_page(MARRIAGE, "marriage_certificate", cues).id_differs


def test_an_invalid_number_is_no_id_number():
    bad = ID[:17] + ("0" if ID[17] != "0" else "1")
    assert check_page(f"公民身份号码 {bad}", "x", parse_cues(None, [])).id_numbers == ()


def test_a_name_is_compared_where_the_page_shows_no_id_number(cues):
    licence = "营业执照\n统一社会信用代码 91360702MA35XXXX\n经营者 李秀英\n登记机关 赣州市"
    check = check_page(licence, "business_licence", cues, People.of([], ["王建华"]))
    assert check.verdict == Verdict.MATCH and check.name_differs
    assert check.warnings == ("此页上未见表单中的姓名(页面上为李**),请核对",)
    assert "李秀英" not in check.log_text()
    assert not check_page(licence, "business_licence", cues,
                          People.of([], ["李秀英"])).name_differs


def test_people_on_the_form_by_field_type(catalog):
    values = {"applicant.name": "王建华", "applicant.id_number": ID.lower(),
              "applicant.address": "赣州市", "spouse.name": "李秀英"}
    people = people_on_form(values, catalog.dictionary.entries)
    assert people.id_numbers == {ID} or people.id_numbers == {ID.upper()}
    assert "王建华" in people.names and "赣州市" not in people.names


def test_a_broken_cues_file_is_refused_with_every_problem(catalog_dir):
    (catalog_dir / "material_cues.yaml").write_text(
        "kinds:\n  a: {name: 甲, titles: []}\n  b: {name: 乙, titles: [乙证], min_fields: 3, colour: red}\n"
        "materials:\n  household_register: [a, nope]\n", encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        load_catalog(catalog_dir)
    text = str(err.value)
    assert "kinds.a.titles: at least one title" in text
    assert "kinds.b: unknown keys ['colour']" in text
    assert "kinds.b.min_fields" in text
    assert "unknown kind 'nope'" in text


def test_lint_finds_a_material_that_is_not_in_the_library(catalog_dir):
    path = catalog_dir / "material_cues.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  no_such_material: [marriage_certificate]\n"
                    "  child_photo: [marriage_certificate]\n", encoding="utf-8")
    findings = [f for f in lint(load_catalog(catalog_dir)) if f.file == "material_cues.yaml"]
    assert [(f.check, f.is_error) for f in findings] == [("cues_material", True),
                                                          ("cues_kind_name", False)]
