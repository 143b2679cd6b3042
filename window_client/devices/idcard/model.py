"""What a card holds, as the rest of the client sees it: ``IdCardData``, a frozen
dataclass built from the card's text block and raw photo.

Personal data stays out of logs and reprs: ``repr(card)`` and ``str(card)`` show a
masked name and ID number only. The photo is kept exactly as the card gives it (the
1024-byte compressed wlt); decoding it needs a vendor library (see ``vendor``)."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from enum import StrEnum

from ...core.masking import mask_id_number, mask_name
from ...core.validators import id_birth_date, id_check_character, id_sex, resident_id
from .protocol import FLAG_OFFSET, LAYOUTS, parse_text_block, spare_characters_not_blank

logger = logging.getLogger(__name__)


class CardType(StrEnum):
    RESIDENT_ID = "resident_id"
    FOREIGN_PERMANENT_RESIDENT = "foreign_permanent_resident"
    HK_MACAO_RESIDENCE_PERMIT = "hk_macao_residence_permit"
    TAIWAN_RESIDENCE_PERMIT = "taiwan_residence_permit"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return _TYPE_LABELS[self]


_TYPE_LABELS = {
    CardType.RESIDENT_ID: "居民身份证",
    CardType.FOREIGN_PERMANENT_RESIDENT: "外国人永久居留身份证",
    CardType.HK_MACAO_RESIDENCE_PERMIT: "港澳居民居住证",
    CardType.TAIWAN_RESIDENCE_PERMIT: "台湾居民居住证",
    CardType.UNKNOWN: "无法识别的证件",
}

#: GB 3304 nationalities (names as printed on the card, without 族), plus 97 and 98
NATIONS: dict[str, str] = {f"{i:02d}": name for i, name in enumerate((
    "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜",
    "满", "侗", "瑶", "白", "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳",
    "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土",
    "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米",
    "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔",
    "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺"), start=1)}
NATIONS.update({"97": "其他", "98": "外国血统中国籍人士"})

LONG_TERM = "长期"
_UNKNOWN_TYPE = "无法识别的证件类型,请核对证件并手工录入"
_PERMIT_PREFIXES = {"810000": CardType.HK_MACAO_RESIDENCE_PERMIT,
                    "820000": CardType.HK_MACAO_RESIDENCE_PERMIT,
                    "830000": CardType.TAIWAN_RESIDENCE_PERMIT}
_NUMBER_RE = re.compile(r"[0-9]{17}[0-9X]")
_SEXES = {"1": "male", "2": "female"}
#: data-dictionary fields per prefix where a section holds fewer than all of them
_PREFIX_FIELDS = {"agent": ("name", "id_number")}
_ALL_FIELDS = ("name", "id_number", "sex", "nation", "birth_date", "address",
               "id_valid_until")


def nation_name(code: str) -> str:
    """The nationality for a GB 3304 code ('01' → '汉'); '' for an unknown code."""
    return NATIONS.get(code.strip(), "")


def recognise(flag: str, id_number: str) -> CardType:
    """The card type from the text block's card-type flag and the ID number:
    ``I``/``Y`` foreign permanent resident card (2017/2023); ``J`` or a number
    starting 810000/820000 (Hong Kong/Macao) or 830000 (Taiwan) a residence permit;
    a blank flag and a well-formed 18-character number a resident ID card."""
    if flag in ("I", "Y"):
        return CardType.FOREIGN_PERMANENT_RESIDENT
    permit = _PERMIT_PREFIXES.get(id_number[:6])
    if flag == "J":
        return permit or CardType.UNKNOWN
    if flag == "" and _NUMBER_RE.fullmatch(id_number):
        return permit or CardType.RESIDENT_ID
    return CardType.UNKNOWN


def parse_card_date(text: str) -> dt.date | None:
    """A YYYYMMDD date from the card, or None when it is not one."""
    if not re.fullmatch(r"[0-9]{8}", text):
        return None
    try:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


@dataclass(frozen=True, repr=False)
class IdCardData:
    """One card as read. ``sex`` is 'male', 'female' or '' when the card holds
    another code; dates are None when the card does not hold a readable one, except
    that ``valid_until`` is None with ``long_term`` True for a card valid for life
    (长期). Fields a card type does not carry (a foreigner's nation and address)
    are ''. ``warnings`` are Chinese notes for the clerk (e.g. the number's check
    character disagrees); the data is returned anyway."""

    card_type: CardType
    name: str
    sex: str
    nation_code: str
    nation: str
    birth_date: dt.date | None
    address: str
    id_number: str
    issuing_authority: str
    valid_from: dt.date | None
    valid_until: dt.date | None
    photo_raw: bytes = b""
    long_term: bool = False
    english_name: str = ""
    nationality: str = ""  # ISO 3166 alpha-3, foreign permanent resident cards
    pass_number: str = ""  # residence permits: the travel permit's number
    issue_count: str = ""
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def from_blocks(cls, text: bytes, photo: bytes = b"") -> IdCardData:
        """Interpret a text block (and keep the photo as is). A block whose card-type
        flag is unknown (spare bytes that are not UTF-16 spaces, a flag no layout
        has) but whose ID number validates is read as a resident card, with a note
        in the log. Never raises for a card type it does not know: that card comes
        back as ``CardType.UNKNOWN`` with whatever could not be read left blank.
        Raises ``LengthError`` only for a text block shorter than 256 bytes."""
        f = parse_text_block(text)
        flag = f["card_flag"]
        if flag not in LAYOUTS and resident_id(f.get("id_number", "")).ok:
            # an unknown flag (often the spare bytes are NULs, 0xFF or noise rather
            # than UTF-16 spaces) over a number that validates: a resident card read
            # by a reader that pads differently; read it as one (blank flag)
            logger.warning(
                "证件类型标志无法识别(第%d字节起 %s,保留区18个字符中%d个不是空格),"
                "证件号码%s校验通过,按居民身份证读取", FLAG_OFFSET,
                text[FLAG_OFFSET:FLAG_OFFSET + 2].hex(" "), spare_characters_not_blank(text),
                mask_id_number(f.get("id_number", "")))
            flag = ""
        card_type = recognise(flag, f.get("id_number", ""))
        if card_type is CardType.UNKNOWN and flag not in ("", "J"):
            logger.warning("无法识别的证件类型标志 %r", flag)
            return cls(CardType.UNKNOWN, "", "", "", "", None, "", "", "", None, None,
                       photo_raw=bytes(photo), warnings=(_UNKNOWN_TYPE,))
        until_text = f.get("valid_until", "")
        long_term = until_text == LONG_TERM
        english = " ".join(filter(None, (f.get("english_name", ""),
                                         f.get("english_name_more", ""))))
        resident = card_type is CardType.RESIDENT_ID
        data = cls(
            card_type=card_type,
            name=f.get("name") or english,
            sex=_SEXES.get(f.get("sex", ""), ""),
            nation_code=f.get("nation_code", "") if resident else "",
            nation=nation_name(f.get("nation_code", "")) if resident else "",
            birth_date=parse_card_date(f.get("birth_date", "")),
            address=f.get("address", ""),
            id_number=f.get("id_number", ""),
            issuing_authority=f.get("issuing_authority", ""),
            valid_from=parse_card_date(f.get("valid_from", "")),
            valid_until=None if long_term else parse_card_date(until_text),
            photo_raw=bytes(photo),
            long_term=long_term,
            english_name=english,
            nationality=f.get("nationality", ""),
            pass_number=f.get("pass_number", ""),
            issue_count=f.get("issue_count", "") or f.get("renewal_count", ""),
        )
        warnings = _consistency_warnings(data, f)
        return replace(data, warnings=warnings) if warnings else data

    def expired(self, today: dt.date | None = None) -> bool:
        """True when the card's validity ended before ``today`` (the last day printed
        is still valid). A long-term card, or one whose end date is unreadable, is
        not reported expired; the latter carries a warning instead."""
        if self.long_term or self.valid_until is None:
            return False
        return self.valid_until < (today or dt.date.today())

    @property
    def valid_until_text(self) -> str:
        """'长期', an ISO date, or '' when unreadable."""
        if self.long_term:
            return LONG_TERM
        return self.valid_until.isoformat() if self.valid_until else ""

    def masked(self) -> str:
        """A one-line description safe for logs: masked name and number only."""
        return (f"IdCardData({self.card_type.value}, name={mask_name(self.name)!r}, "
                f"id_number={mask_id_number(self.id_number)!r}, "
                f"valid_until={self.valid_until_text or '?'}, photo={len(self.photo_raw)} bytes)")

    __repr__ = masked

    def __str__(self) -> str:
        return self.masked()

    def form_values(self, prefix: str = "applicant",
                    keys: Collection[str] | None = None) -> dict[str, str]:
        """The card's data under the data dictionary's keys, e.g.
        ``applicant.name``, ``applicant.id_number``, ``applicant.sex`` (male/female),
        ``applicant.nation`` (汉), ``applicant.birth_date`` (ISO),
        ``applicant.address``, ``applicant.id_valid_until`` (ISO or 长期). The agent
        section holds only name and ID number; pass ``keys`` (the dictionary's keys)
        to keep only those for another prefix. Values the card does not carry are
        left out rather than sent as ''."""
        values = {
            "name": self.name,
            "id_number": self.id_number,
            "sex": self.sex,
            "nation": self.nation,
            "birth_date": self.birth_date.isoformat() if self.birth_date else "",
            "address": self.address,
            "id_valid_until": self.valid_until_text,
        }
        wanted = _PREFIX_FIELDS.get(prefix, _ALL_FIELDS)
        out = {f"{prefix}.{k}": values[k] for k in wanted if values[k]}
        if keys is not None:
            out = {k: v for k, v in out.items() if k in keys}
        return out


def _consistency_warnings(data: IdCardData, f: dict[str, str]) -> tuple[str, ...]:
    """Chinese notes where the card disagrees with itself (never an exception)."""
    notes: list[str] = []
    if data.card_type is CardType.UNKNOWN:
        notes.append(_UNKNOWN_TYPE)
    if data.birth_date is None:
        notes.append("出生日期无法识别,请核对证件")
    if data.valid_from is None or (data.valid_until is None and not data.long_term):
        notes.append("有效期限无法识别,请核对证件")
    if data.sex == "":
        notes.append("性别无法识别,请核对证件")
    if data.card_type is CardType.RESIDENT_ID and not data.nation:
        notes.append(f"民族代码{f.get('nation_code', '')!r}无法识别,请核对证件")
    number = data.id_number
    if _NUMBER_RE.fullmatch(number) and data.card_type is not CardType.FOREIGN_PERMANENT_RESIDENT:
        if id_check_character(number[:17]) != number[17]:
            notes.append("证件号码校验位不符,请核对证件")
        try:
            if data.birth_date and id_birth_date(number) != data.birth_date:
                notes.append("出生日期与证件号码不一致,请核对证件")
        except ValueError:
            notes.append("证件号码中的出生日期无效,请核对证件")
        if data.sex and id_sex(number) != data.sex:
            notes.append("性别与证件号码不一致,请核对证件")
    return tuple(notes)
