"""The GA 467 serial protocol of second-generation ID card readers, as pure
functions over bytes: no I/O, no clock.

Request ``AA AA AA 96 69 | LEN(2, big-endian) | CMD | PARA | DATA | CHK`` and reply
``AA AA AA 96 69 | LEN(2) | SW1 SW2 SW3 | DATA | CHK``. LEN counts everything after
itself (CMD+PARA+DATA+CHK, or SW1..SW3+DATA+CHK); CHK is the XOR of every byte after
the 5-byte preamble, the length bytes included.

The card's 256-byte text block is UCS-2 little-endian, space padded, in one of four
layouts told apart by the card-type flag at byte 248 (character 124): blank for the
resident ID card, ``J`` for the Hong Kong/Macao/Taiwan residence permit, ``I`` for
the 2017 foreign permanent resident card and ``Y`` for the 2023 one."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import (CardReadFailed, ChecksumError, DeviceError, LengthError, NoCard,
                      ProtocolError, SamError, UnsupportedCard)

PREAMBLE = b"\xAA\xAA\xAA\x96\x69"
HEADER_SIZE = len(PREAMBLE) + 2
#: LEN of the shortest reply (SW1 SW2 SW3 CHK) and a bound no reader exceeds (the
#: longest, text + photo + fingerprint, is about 2.3 KB): anything outside is noise.
MIN_REPLY_LEN = 4
MIN_REQUEST_LEN = 3
MAX_LEN = 4096

# (CMD, PARA) of the commands this client sends
RESET_SAM = (0x10, 0xFF)
SAM_STATUS = (0x11, 0xFF)
FIND_CARD = (0x20, 0x01)
SELECT_CARD = (0x20, 0x02)
READ_TEXT_PHOTO = (0x30, 0x01)

SW_OK = 0x90
SW_FOUND = 0x9F
SW_NO_CARD = 0x80
SW_SELECT_FAILED = 0x81
SW_READ_FAILED = 0x41

#: SW3 status codes and what they mean
STATUS: dict[int, str] = {
    0x90: "操作成功",
    0x9F: "找到身份证",
    0x10: "读卡器收到的数据校验和错误",
    0x11: "读卡器收到的数据长度错误",
    0x21: "读卡器收到的命令错误",
    0x23: "越权操作",
    0x24: "无法识别的错误",
    0x31: "身份证认证安全模块失败",
    0x32: "安全模块认证身份证失败",
    0x33: "信息验证失败",
    0x40: "无法识别的卡类型",
    0x41: "读卡操作失败",
    0x47: "取随机数失败",
    0x60: "安全模块自检失败,不能接收命令",
    0x66: "安全模块未经授权,无法使用",
    0x80: "未找到身份证",
    0x81: "选卡失败",
    0x91: "卡中此项无内容",
}

TEXT_SIZE = 256
PHOTO_SIZE = 1024
FLAG_OFFSET = 248  # byte offset of the card-type flag in every layout

Layout = tuple[tuple[str, int], ...]  # (field, width in characters), 128 in all

RESIDENT_LAYOUT: Layout = (
    ("name", 15), ("sex", 1), ("nation_code", 2), ("birth_date", 8), ("address", 35),
    ("id_number", 18), ("issuing_authority", 15), ("valid_from", 8), ("valid_until", 8),
    ("reserved", 14), ("card_flag", 1), ("reserved2", 3))
RESIDENCE_PERMIT_LAYOUT: Layout = (
    ("name", 15), ("sex", 1), ("reserved", 2), ("birth_date", 8), ("address", 35),
    ("id_number", 18), ("issuing_authority", 15), ("valid_from", 8), ("valid_until", 8),
    ("pass_number", 9), ("issue_count", 2), ("reserved2", 3), ("card_flag", 1),
    ("reserved3", 3))
FOREIGN_2017_LAYOUT: Layout = (
    ("english_name", 60), ("sex", 1), ("id_number", 15), ("nationality", 3), ("name", 15),
    ("valid_from", 8), ("valid_until", 8), ("birth_date", 8), ("card_version", 2),
    ("issuing_authority", 4), ("card_flag", 1), ("reserved", 3))
FOREIGN_2023_LAYOUT: Layout = (
    ("name", 15), ("sex", 1), ("renewal_count", 2), ("birth_date", 8),
    ("english_name", 35), ("id_number", 18), ("reserved", 15), ("valid_from", 8),
    ("valid_until", 8), ("english_name_more", 11), ("nationality", 3), ("card_flag", 1),
    ("previous_number_link", 3))

LAYOUTS: dict[str, Layout] = {
    "": RESIDENT_LAYOUT, "J": RESIDENCE_PERMIT_LAYOUT,
    "I": FOREIGN_2017_LAYOUT, "Y": FOREIGN_2023_LAYOUT,
}


def checksum(data: bytes) -> int:
    """XOR of ``data``; pass everything after the preamble except CHK itself."""
    value = 0
    for b in data:
        value ^= b
    return value


def _frame(body: bytes) -> bytes:
    length = (len(body) + 1).to_bytes(2, "big")
    return PREAMBLE + length + body + bytes([checksum(length + body)])


def build_request(cmd: int, para: int, data: bytes = b"") -> bytes:
    """A complete request frame, e.g. ``build_request(0x20, 0x01)`` is
    ``AA AA AA 96 69 00 03 20 01 22``."""
    return _frame(bytes([cmd, para]) + data)


def build_reply(sw3: int, data: bytes = b"", sw1: int = 0, sw2: int = 0) -> bytes:
    """A complete reply frame (what a reader sends; the simulator uses it)."""
    return _frame(bytes([sw1, sw2, sw3]) + data)


@dataclass(frozen=True)
class Reply:
    sw1: int
    sw2: int
    sw3: int
    data: bytes = b""

    @property
    def meaning(self) -> str:
        return status_meaning(self.sw3)


@dataclass(frozen=True)
class Request:
    cmd: int
    para: int
    data: bytes = b""


def status_meaning(sw3: int) -> str:
    """Chinese meaning of a status code (``未知状态 0xNN`` for one not in the table)."""
    return STATUS.get(sw3, f"未知状态0x{sw3:02X}")


def find_frame(buffer: bytes | bytearray, min_len: int = MIN_REPLY_LEN) -> tuple[int, int] | None:
    """Locate the first plausible frame in ``buffer``: ``(start, end)`` with ``end``
    possibly beyond the buffer when the frame is still arriving, or ``None`` when no
    preamble with a sane length is there. Garbage before the preamble, and
    preambles followed by an impossible LEN, are skipped (resynchronisation)."""
    start = buffer.find(PREAMBLE)
    while start >= 0:
        if len(buffer) < start + HEADER_SIZE:
            return start, start + HEADER_SIZE  # header still arriving
        length = int.from_bytes(buffer[start + 5:start + 7], "big")
        if min_len <= length <= MAX_LEN:
            return start, start + HEADER_SIZE + length
        start = buffer.find(PREAMBLE, start + 1)
    return None


def take_frame(buffer: bytearray, min_len: int = MIN_REPLY_LEN) -> bytes | None:
    """Remove and return the first complete frame from ``buffer`` (dropping any
    garbage before it), or ``None`` if no complete frame is there yet. Garbage is
    dropped even when no frame is found, except a tail that may begin a preamble."""
    found = find_frame(buffer, min_len)
    if found is None:
        keep = next((n for n in range(len(PREAMBLE) - 1, 0, -1)
                     if buffer.endswith(PREAMBLE[:n])), 0)
        del buffer[:len(buffer) - keep]
        return None
    start, end = found
    del buffer[:start]
    if len(buffer) < end - start:
        return None
    frame = bytes(buffer[:end - start])
    del buffer[:end - start]
    return frame


def _check(frame: bytes, min_len: int) -> bytes:
    """The body (after LEN, before CHK) of a frame whose framing is right."""
    if not frame.startswith(PREAMBLE) or len(frame) < HEADER_SIZE:
        raise ProtocolError("帧头错误")
    length = int.from_bytes(frame[5:7], "big")
    if length < min_len or len(frame) != HEADER_SIZE + length:
        raise LengthError(f"LEN={length},实际{len(frame) - HEADER_SIZE}字节")
    if checksum(frame[5:-1]) != frame[-1]:
        raise ChecksumError(f"校验和应为0x{checksum(frame[5:-1]):02X},收到0x{frame[-1]:02X}")
    return frame[HEADER_SIZE:-1]


def parse_reply(frame: bytes) -> Reply:
    """Check and split a complete reply frame. Raises ``LengthError`` when LEN does
    not match the frame and ``ChecksumError`` when CHK is wrong."""
    body = _check(frame, MIN_REPLY_LEN)
    return Reply(body[0], body[1], body[2], bytes(body[3:]))


def parse_request(frame: bytes) -> Request:
    """Check and split a complete request frame (what a reader receives)."""
    body = _check(frame, MIN_REQUEST_LEN)
    return Request(body[0], body[1], bytes(body[2:]))


def split_read_data(data: bytes) -> tuple[bytes, bytes]:
    """``(text, photo)`` from the data of a read reply: 2-byte text length and
    2-byte photo length (big-endian), then the blocks. Raises ``LengthError`` when
    the declared lengths disagree with the data."""
    if len(data) < 4:
        raise LengthError(f"读卡应答只有{len(data)}字节")
    text_len = int.from_bytes(data[0:2], "big")
    photo_len = int.from_bytes(data[2:4], "big")
    if text_len < TEXT_SIZE or len(data) != 4 + text_len + photo_len:
        raise LengthError(f"文字{text_len}+照片{photo_len}字节,实际数据{len(data) - 4}字节")
    return bytes(data[4:4 + text_len]), bytes(data[4 + text_len:])


def build_read_data(text: bytes, photo: bytes) -> bytes:
    """The inverse of ``split_read_data``."""
    return len(text).to_bytes(2, "big") + len(photo).to_bytes(2, "big") + text + photo


def error_for_status(sw3: int, detail: str = "") -> DeviceError:
    """The error for an unexpected status code, by what it means for the clerk."""
    detail = f"{detail}状态0x{sw3:02X}:{status_meaning(sw3)}"
    if sw3 == SW_NO_CARD:
        return NoCard(detail, status=sw3)
    if sw3 in (SW_SELECT_FAILED, SW_READ_FAILED, 0x33, 0x47, 0x91):
        return CardReadFailed(detail, status=sw3)
    if sw3 == 0x40:
        return UnsupportedCard(detail, status=sw3)
    if sw3 in (0x31, 0x32, 0x60, 0x66):
        return SamError(detail, status=sw3)
    if sw3 == 0x10:
        return ChecksumError(detail, status=sw3)
    if sw3 == 0x11:
        return LengthError(detail, status=sw3)
    return ProtocolError(detail, status=sw3)


# --- the text block ---------------------------------------------------------------

def _offset(layout: Layout, field: str) -> int:
    """Byte offset of ``field`` in ``layout``."""
    pos = 0
    for name, width in layout:
        if name == field:
            return pos * 2
        pos += width
    raise KeyError(field)


#: the resident layout's 36 spare bytes (reserved, the card-type flag, reserved2):
#: UTF-16 spaces on a card, though some readers hand over NULs, 0xFF or noise
SPARE_OFFSET = _offset(RESIDENT_LAYOUT, "reserved")
SPARE_SIZE = TEXT_SIZE - SPARE_OFFSET


def spare_characters_not_blank(block: bytes) -> int:
    """How many of the resident layout's 18 spare characters are neither a UTF-16
    space nor NUL (0 on a well-formed resident card)."""
    spare = block[SPARE_OFFSET:TEXT_SIZE]
    return sum(spare[i:i + 2] not in (b" \x00", b"\x00\x00") for i in range(0, len(spare), 2))


def card_flag(block: bytes) -> str:
    """The card-type flag character ('' for a blank/NUL one)."""
    if len(block) < FLAG_OFFSET + 2:
        return ""
    return block[FLAG_OFFSET:FLAG_OFFSET + 2].decode("utf-16-le", "replace").strip(" \x00")


def parse_text_block(block: bytes) -> dict[str, str]:
    """The fields of a text block as stripped strings, by the layout its card-type
    flag names (an unknown flag is read with the resident layout; ``card_flag``
    tells the caller). Undecodable characters become U+FFFD, never an exception.
    Raises ``LengthError`` for a block shorter than 256 bytes; bytes past 256 (a
    vendor SDK's larger buffer) are ignored."""
    if len(block) < TEXT_SIZE:
        raise LengthError(f"文字信息只有{len(block)}字节")
    flag = card_flag(block)
    text = block[:TEXT_SIZE].decode("utf-16-le", "replace")
    fields: dict[str, str] = {}
    pos = 0
    for name, width in LAYOUTS.get(flag, RESIDENT_LAYOUT):
        fields[name] = text[pos:pos + width].strip(" \x00")
        pos += width
    fields["card_flag"] = flag
    return fields


def build_text_block(fields: dict[str, str], flag: str = "") -> bytes:
    """The 256-byte block for ``fields`` in the layout of ``flag`` (missing fields
    are blank). Raises ``ValueError`` when a value is wider than its field."""
    layout = LAYOUTS[flag]
    values = dict(fields, card_flag=flag)
    parts = []
    for name, width in layout:
        value = values.get(name, "")
        if len(value) > width:
            raise ValueError(f"{name} is {len(value)} characters, the field holds {width}")
        parts.append(value.ljust(width))
    block = "".join(parts).encode("utf-16-le")
    assert len(block) == TEXT_SIZE
    return block
