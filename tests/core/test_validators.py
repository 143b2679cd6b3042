import datetime as dt

from hypothesis import given, strategies as st
from stdnum.cn import ric as stdnum_ric
from stdnum.cn import uscc as stdnum_uscc

from window_client.core import validators as v
from window_client.core.masking import mask_id_number, mask_name, mask_phone

TODAY = dt.date(2026, 11, 27)


def make_id(prefix17: str) -> str:
    return prefix17 + v.id_check_character(prefix17)


# -- resident ID -------------------------------------------------------------

def test_valid_ids():
    for number in ("11010519491231002X",             # GB 11643 example
                   make_id("36070220000307123"),     # 赣州市章贡区 (code since 1998)
                   make_id("36073420051111002")):    # 寻乌县 (code since 1998)
        check = v.resident_id(number, today=TODAY)
        assert check.ok and check.value == number and check.warnings == ()


def test_lowercase_x_and_spaces_are_normalised():
    assert v.resident_id("110105 19491231 002x", today=TODAY).value == "11010519491231002X"


def test_wrong_check_character_says_which():
    check = v.resident_id("110105194912310021", today=TODAY)
    assert check.error == "校验位应为X,当前为1,请核对号码"


def test_15_digit_legacy_number_is_refused_with_explanation():
    check = v.resident_id("110105491231002", today=TODAY)
    assert not check.ok and "15位" in check.error


def test_birth_date_must_be_real_and_not_future():
    assert "不是有效日期" in v.resident_id(make_id("36070219900230123"), today=TODAY).error
    assert "晚于今天" in v.resident_id(make_id("36070220301010123"), today=TODAY).error


def test_length_and_characters():
    assert "18位" in v.resident_id("3607021990", today=TODAY).error
    assert "数字" in v.resident_id("36070219900307A23X", today=TODAY).error
    assert v.resident_id("", today=TODAY).error == "请输入身份证号码"


def test_unknown_province_refused_unknown_county_only_warned():
    assert "省级" in v.resident_id(make_id("99070219900307123"), today=TODAY).error
    # 360799 does not exist: a warning, the citizen is not refused
    check = v.resident_id(make_id("36079919900307123"), today=TODAY)
    assert check.ok and check.warnings
    # 360702 章贡区 exists since 1998; a citizen born there in 1990 may well hold
    # it (the number keeps the code of where it was issued): stdnum refuses, the
    # counter accepts without any warning — it was an orange warning for every
    # 章贡区 resident born before 1998
    number = make_id("36070219900307123")
    assert not stdnum_ric.is_valid(number)
    check = v.resident_id(number, today=TODAY)
    assert check.ok and check.warnings == ()
    # a code abolished before the birth year is as normal (赣县 360721, now 赣县区 360704)
    assert v.resident_id(make_id("36072120100307123"), today=TODAY).warnings == ()


@given(st.from_regex(r"\A(11|36|44|65)0[1-5]0[1-2](19[5-9][0-9]|200[0-9])(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}\Z"))
def test_agrees_with_stdnum_when_the_region_is_known(prefix17):
    number = make_id(prefix17)
    ours = v.resident_id(number, today=TODAY)
    try:
        theirs = stdnum_ric.is_valid(number)
    except KeyError:  # stdnum 2.2 trips over codes with a province and no county
        theirs = False
    if theirs:
        assert ours.ok and not ours.warnings
    else:  # stdnum also refuses codes not assigned in the birth year: normal here; a
        # code that never existed only warns
        assert ours.ok
        from stdnum import numdb
        known = any("county" in props for _p, props in numdb.get("cn/loc").info(number[:6]))
        assert bool(ours.warnings) != known
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    assert not v.resident_id(wrong, today=TODAY).ok


def test_sex_and_birth_date_from_number():
    assert v.id_sex("11010519491231002X") == "female"
    assert v.id_birth_date("11010519491231002X") == dt.date(1949, 12, 31)


# -- unified social credit code ---------------------------------------------

def test_uscc_samples():
    assert v.uscc("91350100M000100Y43").ok               # GB 32100 example
    assert v.uscc("91350100M000100Y4").error == "统一社会信用代码应为18位,当前为17位"
    assert "I" in v.uscc("9135010OM000100YI3").error
    check = v.uscc("91350100M000100Y44")
    assert check.error == "校验位应为3,当前为4,请核对代码"


_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


_PROVINCES = ("11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35",
              "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54",
              "61", "62", "63", "64", "65", "71", "81", "82")
_VALID_PAIRS = sorted(a + c for a, (_n, cats) in v.USCC_AUTHORITIES.items() for c in cats)


def make_uscc(first16: str) -> str:
    """A code with a right GB 11714 organisation check and a right GB 32100 check."""
    first17 = first16 + v.organisation_check_character(first16[8:16])
    return first17 + v.uscc_check_character(first17)


def test_gb32100_authority_and_category_table():
    # the pairs of GB 32100-2015's own table are all accepted
    standard = {"1": "1239", "2": "19", "3": "123459", "4": "19", "5": "1239", "6": "129",
                "7": "129", "8": "19", "9": "123", "A": "19", "N": "1239", "Y": "1"}
    for authority, categories in standard.items():
        assert set(categories) <= set(v.USCC_AUTHORITIES[authority][1]), authority
    # characters that are no registration authority
    for c in "0BCDEFHKLMPRTUWX":
        assert c not in v.USCC_AUTHORITIES


def test_all_zero_code_is_refused_by_its_registration_authority():
    code = "000000000000000000"
    body = code[:17]
    assert v.uscc_check_character(body) == "0"  # the check character alone passes
    assert stdnum_uscc.is_valid(code)  # and so does python-stdnum
    check = v.uscc(code)
    assert not check.ok and check.error.startswith("统一社会信用代码第1位0不是登记管理部门代码")


def test_entity_category_must_belong_to_the_authority():
    assert v.uscc(make_uscc("91360702MA35K2L9")).ok                  # 工商 企业
    assert v.uscc(make_uscc("Y1360702MA35K2L9")).ok                  # 其他
    assert v.uscc(make_uscc("54360702MA35K2L9")).ok                  # 村民委员会
    check = v.uscc(make_uscc("94360702MA35K2L9"))
    assert check.error == ("统一社会信用代码第2位4不是市场监管(工商)部门登记的机构类别"
                           "(应为1、2、3、9之一),请核对代码")
    assert "第2位2不是其他部门登记的机构类别(应为1之一)" in v.uscc(make_uscc("Y2360702MA35K2L9")).error
    assert "第2位0" in v.uscc(make_uscc("10360702MA35K2L9")).error


def test_region_must_be_digits_with_a_province_part():
    assert v.uscc(make_uscc("11100000MA35K2L9")).ok                  # national: 100000
    assert v.uscc(make_uscc("12820000MA35K2L9")).ok                  # 澳门
    assert v.uscc(make_uscc("9136A702MA35K2L9")).error == \
        "统一社会信用代码第3至8位应为登记管理机关行政区划码(6位数字)"
    for region in ("000000", "990702", "100702", "190000"):
        check = v.uscc(make_uscc(f"91{region}MA35K2L9"))
        assert check.error == (f"统一社会信用代码第3至8位{region}不是有效的行政区划码"
                               f"(前两位{region[:2]}不是省级代码),请核对代码")


def test_organisation_code_check_is_a_warning_not_a_refusal():
    assert v.organisation_check_character("M000100Y") == "4"   # the GB 32100 example
    assert v.organisation_check_character("60003734") == "1"
    assert v.organisation_check_character("00000000") == "0"   # 11 → 0
    assert v.organisation_check_character("00000005") == "1"
    assert v.organisation_check_character("00000006") == "X"   # 10 → X
    good = make_uscc("91360702MA35K2L9")
    assert v.uscc(good).warnings == ()
    first17 = good[:16] + ("1" if good[16] != "1" else "2")
    wrong = first17 + v.uscc_check_character(first17)
    check = v.uscc(wrong)
    assert check.ok and check.value == wrong
    assert check.warnings == ("统一社会信用代码第9至17位(组织机构代码)的校验位不符合GB 11714,"
                              "请与营业执照或登记证书核对",)


_USCC_REST = st.text(alphabet=_USCC_CHARS, min_size=8, max_size=8)


@given(st.sampled_from(_VALID_PAIRS), st.sampled_from(_PROVINCES),
       st.text(alphabet="0123456789", min_size=4, max_size=4), _USCC_REST)
def test_well_formed_codes_accept_exactly_the_stdnum_check_character(pair, province, county,
                                                                      org_body):
    first16 = pair + province + county + org_body
    first17 = first16 + v.organisation_check_character(org_body)
    accepted = [c for c in _USCC_CHARS if v.uscc(first17 + c).ok]
    assert accepted == [stdnum_uscc.calc_check_digit(first17)]
    assert v.uscc(first17 + accepted[0]).warnings == ()


@given(st.text(alphabet=_USCC_CHARS, min_size=17, max_size=17))
def test_uscc_accepts_only_a_known_authority_category_and_province(body):
    accepted = [c for c in _USCC_CHARS if v.uscc(body + c).ok]
    well_formed = (body[:2] in _VALID_PAIRS and body[2:8].isdigit()
                   and (body[2:4] in _PROVINCES or body[2:8] == "100000"))
    if well_formed:
        # stdnum checks only the check character (and wants digits in 1–8)
        assert accepted == [stdnum_uscc.calc_check_digit(body)]
    else:
        assert accepted == []
        assert "统一社会信用代码" in v.uscc(body + "0").error


# -- other fields -------------------------------------------------------------

def test_mobile():
    assert v.mobile("13907971234").value == "13907971234"
    assert v.mobile("+86 139 0797 1234").value == "13907971234"
    assert v.mobile("1390797123").error == "手机号码应为11位,当前为10位"
    assert v.mobile("12907971234").error == "手机号码应以13至19开头"


def test_phone_accepts_landline_and_mobile():
    assert v.phone("0797-8888888").value == "0797-8888888"
    assert v.phone("13907971234").value == "13907971234"
    assert not v.phone("8888").ok


def test_postal_code():
    assert v.postal_code("341000").ok
    assert v.postal_code("34100").error == "邮政编码应为6位数字"


def test_dates():
    assert v.date("2026-1-5").value == "2026-01-05"
    assert v.date("20260105").value == "2026-01-05"
    assert v.date("2026年1月5日").value == "2026-01-05"
    assert v.date("2026-02-30").error == "2026-02-30不是有效日期"
    assert "格式" in v.date("05/01/2026").error
    assert v.date("2027-01-01", not_future=True, today=TODAY).error == "日期不能晚于今天"


def test_names():
    assert v.person_name("阿依古丽·买买提").ok
    assert not v.person_name("张3").ok


def test_masking():
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_name("欧阳娜娜") == "欧***"
    assert mask_phone("13907971234") == "139****1234"


def test_residence_permits_and_foreign_permanent_resident_ids_are_accepted_with_a_note():
    hk = make_id("81000019900101123")
    tw = make_id("83000019850505456")
    foreign = make_id("93360219880808001")
    for number, what in ((hk, "香港居民居住证"), (tw, "台湾居民居住证"),
                         (foreign, "外国人永久居留身份证")):
        check = v.resident_id(number, today=TODAY)
        assert check.ok and what in check.warnings[0], (number, check)
    assert not v.resident_id(hk[:17] + ("0" if hk[17] != "0" else "1"), today=TODAY).ok
    assert "省级" in v.resident_id(make_id("99070219900307123"), today=TODAY).error
