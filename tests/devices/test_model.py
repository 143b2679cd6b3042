"""IdCardData: interpretation of text blocks, card types, expiry, form values and
masking."""

import dataclasses
import datetime as dt
import logging

import pytest

from window_client.devices.idcard import protocol as p
from window_client.devices.idcard.model import (NATIONS, CardType, IdCardData, nation_name,
                                                recognise)
from window_client.devices.idcard.simulator import (SAMPLE_CARDS, expired_card, foreign_card,
                                                    long_term_card, residence_permit,
                                                    resident_card, with_spare_bytes)


def _data(card) -> IdCardData:
    return IdCardData.from_blocks(card.text, card.photo)


def test_nation_table_is_gb3304():
    assert len(NATIONS) == 58
    assert [f"{i:02d}" for i in range(1, 57)] + ["97", "98"] == list(NATIONS)
    assert NATIONS["01"] == "汉" and NATIONS["56"] == "基诺"
    assert NATIONS["46"] == "德昂" and NATIONS["36"] == "毛南" and NATIONS["20"] == "傈僳"
    assert NATIONS["97"] == "其他" and NATIONS["98"] == "外国血统中国籍人士"
    assert len(set(NATIONS.values())) == 58
    assert nation_name(" 06") == "苗" and nation_name("57") == "" and nation_name("") == ""


def test_resident_card_fields():
    card = _data(resident_card())
    assert card.card_type is CardType.RESIDENT_ID and card.card_type.label == "居民身份证"
    assert (card.name, card.sex, card.nation_code, card.nation) == ("李娜", "female", "01", "汉")
    assert card.birth_date == dt.date(2000, 5, 18)
    assert card.address == "江西省赣州市章贡区红旗大道20号3栋2单元501室"
    assert card.id_number == "360702200005180426"
    assert card.issuing_authority == "赣州市公安局章贡分局"
    assert card.valid_from == dt.date(2020, 5, 18) and card.valid_until == dt.date(2040, 5, 18)
    assert not card.long_term and card.warnings == ()
    assert card.photo_raw == resident_card().photo and len(card.photo_raw) == 1024


@pytest.mark.parametrize("flag, number, expected", [
    ("", "360702200005180426", CardType.RESIDENT_ID),
    ("", "11010519491231002X", CardType.RESIDENT_ID),
    ("", "810000199005151230", CardType.HK_MACAO_RESIDENCE_PERMIT),
    ("J", "820000199005151240", CardType.HK_MACAO_RESIDENCE_PERMIT),
    ("J", "830000199005151234", CardType.TAIWAN_RESIDENCE_PERMIT),
    ("J", "360702200005180426", CardType.UNKNOWN),
    ("I", "USA360085052001", CardType.FOREIGN_PERMANENT_RESIDENT),
    ("Y", "936840198505200011", CardType.FOREIGN_PERMANENT_RESIDENT),
    ("", "36070220000518", CardType.UNKNOWN),
    ("Z", "360702200005180426", CardType.UNKNOWN),
])
def test_card_type_recognition(flag, number, expected):
    assert recognise(flag, number) is expected


def test_residence_permits_are_recognised_and_parsed():
    hk, macao, taiwan = (_data(residence_permit(r)) for r in ("hk", "macao", "taiwan"))
    assert hk.card_type is macao.card_type is CardType.HK_MACAO_RESIDENCE_PERMIT
    assert taiwan.card_type is CardType.TAIWAN_RESIDENCE_PERMIT
    assert hk.id_number.startswith("810000") and macao.id_number.startswith("820000")
    assert (hk.name, hk.sex, hk.pass_number, hk.issue_count) == ("陈家明", "male", "H01234567", "01")
    assert macao.sex == "female" and taiwan.pass_number == "01234567"
    assert hk.nation == "" and hk.nation_code == "" and hk.address
    assert hk.valid_until == dt.date(2028, 3, 1) and hk.warnings == ()


@pytest.mark.parametrize("version", [2017, 2023])
def test_foreign_permanent_resident_cards(version):
    card = _data(foreign_card(version))
    assert card.card_type is CardType.FOREIGN_PERMANENT_RESIDENT
    assert card.name == "史密斯" and card.english_name == "SMITH, JOHN WILLIAM"
    assert card.sex == "male" and card.nationality == "USA"
    assert card.birth_date == dt.date(1985, 5, 20)
    assert card.nation == "" and card.address == ""
    assert len(card.id_number) == (15 if version == 2017 else 18)
    assert card.valid_until > card.valid_from
    assert card.warnings == ()
    assert "applicant.nation" not in card.form_values()


def test_foreign_card_without_chinese_name_uses_the_english_one():
    block = p.build_text_block({"english_name": "DOE", "english_name_more": "JANE",
                                "sex": "2", "id_number": "936840198505200011",
                                "birth_date": "19850520", "valid_from": "20240110",
                                "valid_until": "20340110", "nationality": "CAN"}, "Y")
    card = IdCardData.from_blocks(block)
    assert card.name == "DOE JANE" == card.english_name and card.sex == "female"


def _with_flag(block: bytes, flag: str) -> bytes:
    out = bytearray(block)
    out[p.FLAG_OFFSET:p.FLAG_OFFSET + 2] = flag.encode("utf-16-le")
    return bytes(out)


def test_unknown_flag_without_a_valid_number_is_labelled_not_guessed_and_never_crashes():
    fields = {"name": "李娜", "sex": "2", "nation_code": "01", "birth_date": "20000518",
              "id_number": "360702200005180427",  # wrong check character
              "valid_from": "20200518", "valid_until": "20400518"}
    card = IdCardData.from_blocks(_with_flag(p.build_text_block(fields), "Q"), b"\x01" * 1024)
    assert card.card_type is CardType.UNKNOWN
    assert card.name == "" and card.id_number == "" and card.birth_date is None
    assert card.warnings and not card.expired(dt.date(2099, 1, 1))
    assert card.form_values() == {}
    for junk in (bytes(256), b"\xff" * 256, b"\x00\xd8" * 128):
        assert IdCardData.from_blocks(junk).card_type is CardType.UNKNOWN


@pytest.mark.parametrize("spare", [b"\xff", b"\x00\xd8", bytes(range(1, 37)), b"Q\x00",
                                   b"\x00", b"\x00\x00\x20\x00"])
def test_spare_bytes_that_are_not_spaces_still_give_the_resident_card(spare, caplog):
    sample = with_spare_bytes(resident_card(), spare)
    assert sample.text[:p.SPARE_OFFSET] == resident_card().text[:p.SPARE_OFFSET]
    assert p.spare_characters_not_blank(sample.text) > 0 or set(spare) <= {0, 0x20}
    with caplog.at_level(logging.INFO, logger="window_client.devices"):
        card = IdCardData.from_blocks(sample.text, sample.photo)
    expected = IdCardData.from_blocks(resident_card().text, resident_card().photo)
    assert card == expected  # every field, the type and no warnings
    assert card.card_type is CardType.RESIDENT_ID and card.warnings == ()
    if p.card_flag(sample.text) == "":  # NUL/space padding: nothing to note
        assert "按居民身份证读取" not in caplog.text
    else:
        assert "证件类型标志无法识别" in caplog.text and "按居民身份证读取" in caplog.text
        assert "360702********0426" in caplog.text
    assert card.id_number not in caplog.text and card.name not in caplog.text


def test_unknown_flag_with_a_valid_number_reads_as_a_resident_card(caplog):
    for flag in ("Q", "Z", "1", "\uffff"):
        block = _with_flag(resident_card().text, flag)
        with caplog.at_level(logging.WARNING, logger="window_client.devices"):
            card = IdCardData.from_blocks(block)
        assert card.card_type is CardType.RESIDENT_ID, flag
        assert (card.name, card.id_number, card.nation) == ("李娜", "360702200005180426", "汉")
        assert card.warnings == ()
    assert caplog.text.count("按居民身份证读取") == 4
    # the type flags that name a layout are never overridden
    assert IdCardData.from_blocks(foreign_card(2023).text).card_type is \
        CardType.FOREIGN_PERMANENT_RESIDENT
    assert IdCardData.from_blocks(residence_permit("hk").text).card_type is \
        CardType.HK_MACAO_RESIDENCE_PERMIT


def test_inconsistent_card_gets_warnings_not_errors():
    fields = {"name": "李娜", "sex": "1", "nation_code": "77", "birth_date": "20000519",
              "address": "x", "id_number": "360702200005180427", "issuing_authority": "x",
              "valid_from": "2020051", "valid_until": "20401318"}
    card = IdCardData.from_blocks(p.build_text_block(fields))
    text = " ".join(card.warnings)
    for expected in ("校验位", "出生日期与证件号码不一致", "性别与证件号码不一致", "民族代码",
                     "有效期限无法识别"):
        assert expected in text
    assert card.valid_from is None and card.valid_until is None and not card.long_term


def test_expiry():
    card = _data(resident_card())
    assert not card.expired(dt.date(2040, 5, 18))  # the last printed day is still valid
    assert card.expired(dt.date(2040, 5, 19))
    assert _data(expired_card()).expired(dt.date(2026, 1, 1))
    assert _data(expired_card()).expired()  # today by default
    forever = _data(long_term_card())
    assert forever.long_term and forever.valid_until is None
    assert not forever.expired(dt.date(2199, 1, 1))
    assert forever.valid_until_text == "长期"


def test_form_values_use_the_data_dictionary_keys():
    values = _data(resident_card()).form_values()
    assert values == {
        "applicant.name": "李娜", "applicant.id_number": "360702200005180426",
        "applicant.sex": "female", "applicant.nation": "汉",
        "applicant.birth_date": "2000-05-18",
        "applicant.address": "江西省赣州市章贡区红旗大道20号3栋2单元501室",
        "applicant.id_valid_until": "2040-05-18",
    }
    assert _data(long_term_card()).form_values()["applicant.id_valid_until"] == "长期"
    assert _data(resident_card()).form_values("agent") == {
        "agent.name": "李娜", "agent.id_number": "360702200005180426"}
    spouse = _data(resident_card()).form_values(
        "spouse", keys={"spouse.id_number", "spouse.sex", "spouse.nation"})
    assert spouse == {"spouse.id_number": "360702200005180426", "spouse.sex": "female",
                      "spouse.nation": "汉"}


def test_form_value_keys_exist_in_the_data_dictionary():
    import yaml

    from tests.conftest import ROOT
    folder = ROOT / "resources" / "catalog" / "dictionary"
    declared = {e["key"] for name in ("applicant", "agent")
                for e in yaml.safe_load((folder / f"{name}.yaml").read_text("utf-8"))["entries"]}
    card = _data(resident_card())
    assert set(card.form_values()) <= declared
    assert set(card.form_values("agent")) <= declared


@pytest.mark.parametrize("sample", sorted(SAMPLE_CARDS))
def test_repr_and_str_never_show_the_full_number_or_name(sample):
    card = _data(SAMPLE_CARDS[sample]())
    for shown in (repr(card), str(card), f"{card}", card.masked(), repr([card])):
        assert card.id_number not in shown
        assert card.name not in shown
        assert card.address not in shown or not card.address
        assert card.photo_raw.hex()[:16] not in shown
    assert card.id_number[-4:] in repr(card)


def test_card_data_is_frozen():
    card = _data(resident_card())
    with pytest.raises(dataclasses.FrozenInstanceError):
        card.name = "x"  # type: ignore[misc]
