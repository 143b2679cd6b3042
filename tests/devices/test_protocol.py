"""GA 467 frames and text blocks as pure bytes."""

import pytest

from window_client.devices.errors import (CardReadFailed, ChecksumError, LengthError,
                                          NoCard, ProtocolError, SamError, UnsupportedCard)
from window_client.devices.idcard import protocol as p


def _hex(text: str) -> bytes:
    return bytes.fromhex(text)


@pytest.mark.parametrize("command, frame", [
    (p.FIND_CARD, "AA AA AA 96 69 00 03 20 01 22"),
    (p.SELECT_CARD, "AA AA AA 96 69 00 03 20 02 21"),
    (p.READ_TEXT_PHOTO, "AA AA AA 96 69 00 03 30 01 32"),
    (p.RESET_SAM, "AA AA AA 96 69 00 03 10 FF EC"),
    (p.SAM_STATUS, "AA AA AA 96 69 00 03 11 FF ED"),
])
def test_request_frames_match_the_documented_bytes(command, frame):
    assert p.build_request(*command) == _hex(frame)


def test_checksum_is_xor_after_the_preamble_including_length():
    assert p.checksum(_hex("00 03 20 01")) == 0x22
    assert p.checksum(b"") == 0
    frame = p.build_request(0x20, 0x01, b"\x01\x02")
    assert frame[-1] == p.checksum(frame[5:-1])
    assert frame[5:7] == b"\x00\x05"  # CMD PARA 2×DATA CHK


def test_reply_round_trip_and_known_reply_bytes():
    found = _hex("AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97")
    assert p.build_reply(p.SW_FOUND, bytes(4)) == found
    reply = p.parse_reply(found)
    assert (reply.sw1, reply.sw2, reply.sw3, reply.data) == (0, 0, 0x9F, bytes(4))
    assert reply.meaning == "找到身份证"
    assert p.parse_reply(_hex("AA AA AA 96 69 00 04 00 00 90 94")).sw3 == 0x90


def test_parse_reply_reports_bad_checksum_and_length():
    good = p.build_reply(p.SW_OK, b"\x01\x02\x03")
    with pytest.raises(ChecksumError):
        p.parse_reply(good[:-1] + bytes([good[-1] ^ 1]))
    with pytest.raises(LengthError):
        p.parse_reply(good[:5] + b"\x00\x09" + good[7:])
    with pytest.raises(ProtocolError):
        p.parse_reply(b"\x00" + good[1:])


def test_request_parsing_for_the_reader_side():
    request = p.parse_request(p.build_request(0x30, 0x01))
    assert (request.cmd, request.para, request.data) == (0x30, 0x01, b"")


def test_take_frame_resynchronises_on_garbage_and_partial_preambles():
    frame = p.build_reply(p.SW_OK)
    noise = b"\x00\x13\xaa\xaa\x96" + p.PREAMBLE + b"\xff\xff" + b"\xaa\xaa"
    buffer = bytearray(noise + frame + b"tail")
    assert p.take_frame(buffer) == frame
    assert buffer == bytearray(b"tail")


def test_take_frame_waits_for_the_rest_and_keeps_a_possible_preamble_start():
    frame = p.build_reply(p.SW_OK, bytes(8))
    buffer = bytearray(b"junk" + frame[:9])
    assert p.take_frame(buffer) is None
    assert bytes(buffer) == frame[:9]  # garbage dropped, partial frame kept
    buffer += frame[9:]
    assert p.take_frame(buffer) == frame
    tail = bytearray(b"noise\xaa\xaa")
    assert p.take_frame(tail) is None and tail == bytearray(b"\xaa\xaa")
    assert p.find_frame(b"no frame here") is None


def test_read_data_split_and_length_errors():
    text, photo = bytes(range(256)), bytes(1024)
    data = p.build_read_data(text, photo)
    assert data[:4] == _hex("01 00 04 00")
    assert p.split_read_data(data) == (text, photo)
    with pytest.raises(LengthError):
        p.split_read_data(data[:-1])
    with pytest.raises(LengthError):
        p.split_read_data(b"\x01")


def test_status_table_and_error_mapping():
    for code in (0x90, 0x9F, 0x80, 0x81, 0x41, 0x10, 0x11, 0x21, 0x31, 0x32, 0x33, 0x40, 0x60):
        assert p.STATUS[code]
    assert p.status_meaning(0x60) == "安全模块自检失败,不能接收命令"
    assert "0xEE" in p.status_meaning(0xEE)
    assert isinstance(p.error_for_status(0x80), NoCard)
    assert isinstance(p.error_for_status(0x41), CardReadFailed)
    assert isinstance(p.error_for_status(0x40), UnsupportedCard)
    assert isinstance(p.error_for_status(0x60), SamError)
    assert isinstance(p.error_for_status(0x10), ChecksumError)
    assert isinstance(p.error_for_status(0x11), LengthError)
    assert p.error_for_status(0x21).status == 0x21


RESIDENT = {"name": "李娜", "sex": "2", "nation_code": "01", "birth_date": "20000518",
            "address": "江西省赣州市章贡区红旗大道20号3栋2单元501室",
            "id_number": "360702200005180426", "issuing_authority": "赣州市公安局章贡分局",
            "valid_from": "20200518", "valid_until": "20400518"}


def test_resident_text_block_layout_byte_by_byte():
    block = p.build_text_block(RESIDENT)
    assert len(block) == 256
    assert block[:4] == "李娜".encode("utf-16-le")
    assert block[4:30] == " ".encode("utf-16-le") * 13  # space padded to 15 characters
    assert block[30:32] == b"2\x00"
    assert block[32:36] == "01".encode("utf-16-le")
    assert block[36:52] == "20000518".encode("utf-16-le")
    assert block[122:158] == "360702200005180426".encode("utf-16-le")
    assert block[188:204] == "20200518".encode("utf-16-le")
    assert block[204:220] == "20400518".encode("utf-16-le")
    assert block[220:] == b" \x00" * 18  # 36 bytes reserved
    assert p.card_flag(block) == ""


@pytest.mark.parametrize("flag, fields", [
    ("", dict(RESIDENT, valid_until="长期")),
    ("J", {"name": "陈家明", "sex": "1", "birth_date": "19900515", "address": "赣州",
           "id_number": "810000199005151230", "issuing_authority": "赣州市公安局章贡分局",
           "valid_from": "20230301", "valid_until": "20280301", "pass_number": "H01234567",
           "issue_count": "01"}),
    ("I", {"english_name": "SMITH, JOHN", "sex": "1", "id_number": "USA360085052001",
           "nationality": "USA", "name": "史密斯", "valid_from": "20190610",
           "valid_until": "20290610", "birth_date": "19850520", "card_version": "10",
           "issuing_authority": "3600"}),
    ("Y", {"name": "史密斯", "sex": "1", "renewal_count": "01", "birth_date": "19850520",
           "english_name": "SMITH, JOHN", "id_number": "936840198505200011",
           "valid_from": "20240110", "valid_until": "20340110", "english_name_more": "JR",
           "nationality": "USA"}),
])
def test_text_block_round_trip_in_every_layout(flag, fields):
    block = p.build_text_block(fields, flag)
    assert len(block) == 256 and p.card_flag(block) == flag
    parsed = p.parse_text_block(block)
    assert parsed["card_flag"] == flag
    assert {k: parsed[k] for k in fields} == fields


def test_every_layout_is_128_characters_with_the_flag_at_byte_248():
    for layout in p.LAYOUTS.values():
        assert sum(width for _, width in layout) == 128
        pos = 0
        for name, width in layout:
            if name == "card_flag":
                assert pos * 2 == p.FLAG_OFFSET
            pos += width


def test_text_block_parsing_is_robust():
    with pytest.raises(LengthError):
        p.parse_text_block(bytes(100))
    longer = p.build_text_block(RESIDENT) + bytes(1024)  # a vendor buffer
    assert p.parse_text_block(longer)["name"] == "李娜"
    odd = b"\x00\xd8" * 128  # lone surrogates: undecodable, not an exception
    assert p.parse_text_block(odd)["card_flag"] == "\ufffd"
    nul = p.parse_text_block(bytes(256))  # NUL padded: blank fields
    assert nul["name"] == "" and nul["card_flag"] == ""
    with pytest.raises(ValueError):
        p.build_text_block(dict(RESIDENT, name="一" * 16))
