"""Validators for what a clerk types. Each returns a ``Check``: the normalised value,
an error in Chinese that says what is wrong (the value is refused), or a warning in
Chinese (the value is accepted and the clerk is told)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from stdnum import numdb
from stdnum.cn import ric as _ric

from . import labels, messages

_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_RIC_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RIC_CHECK = "10X98765432"
_MOBILE_RE = re.compile(r"^(?:\+?86)?(1[3-9][0-9]{9})$")
_PHONE_RE = re.compile(r"^(0[0-9]{2,3})-?([0-9]{7,8})(?:-([0-9]{1,6}))?$")


@dataclass(frozen=True)
class Check:
    value: str | None = None
    error: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return self.error is None


def _fail(message: str) -> Check:
    return Check(error=message)


def _clean(text: str) -> str:
    return re.sub(r"[\s\-]", "", text or "").upper()


def id_check_character(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    return _RIC_CHECK[sum(int(c) * w for c, w in zip(first17, _RIC_WEIGHTS, strict=False)) % 11]


_PERMIT_PREFIXES = labels.RESIDENCE_PERMIT_NAMES


def _province(two_digits: str) -> bool:
    info = numdb.get("cn/loc").info(two_digits + "0000")
    return any("province" in props for _part, props in info)


def _region(code: str) -> tuple[str | None, tuple[str, ...]]:
    """(error, warnings) for a 6-digit region code. Only a province part that never
    existed is an error; a code that never existed in GB/T 2260 is a warning. A code
    set up after the birth year (or since abolished) is normal: a number keeps the
    code of the place that issued it, so a 章贡区 (360702, 1998) resident born in
    1990 has a valid number."""
    if code[:2] in _PERMIT_PREFIXES:
        # residence permits of Hong Kong, Macao and Taiwan residents (GB 11643 numbers
        # with 810000 / 820000 / 830000): valid numbers, not from the region table
        return None, (messages.ID_PERMIT_NUMBER.format(permit=_PERMIT_PREFIXES[code[:2]]),)
    if code[0] == "9" and _province(code[1:3]):
        # the 2023 foreign permanent resident ID: 9 + the issuing province's code
        return None, (messages.ID_FOREIGN_PERMANENT_RESIDENT,)
    info = numdb.get("cn/loc").info(code)
    props = {k: v for _part, p in info for k, v in p.items()}
    if "province" not in props:
        return messages.ID_PROVINCE_INVALID.format(province=code[:2]), ()
    if "county" not in props:
        return None, (messages.ID_REGION_UNKNOWN.format(region=code),)
    return None, ()


def resident_id(text: str, today: dt.date | None = None) -> Check:
    """Resident ID number (GB 11643)."""
    number = _ric.compact(_clean(text))
    today = today or dt.date.today()
    if not number:
        return _fail(messages.ID_REQUIRED)
    if len(number) == 15 and re.fullmatch(r"[0-9]{15}", number):
        return _fail(messages.ID_OLD_15_DIGITS)
    if len(number) != 18:
        return _fail(messages.ID_LENGTH.format(length=len(number)))
    if not re.fullmatch(r"[0-9]{17}", number[:17]):
        return _fail(messages.ID_FIRST_17_NOT_DIGITS)
    if number[17] not in "0123456789X":
        return _fail(messages.ID_LAST_CHARACTER)
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return _fail(messages.ID_BIRTH_DATE_INVALID.format(digits=number[6:14]))
    if birth > today:
        return _fail(messages.ID_BIRTH_DATE_FUTURE.format(birth=birth))
    if birth.year < 1900:
        return _fail(messages.ID_BIRTH_YEAR_IMPLAUSIBLE.format(year=birth.year))
    expected = id_check_character(number[:17])
    if number[17] != expected:
        return _fail(messages.ID_CHECK_CHARACTER.format(expected=expected, actual=number[17]))
    error, warnings = _region(number[:6])
    if error:
        return _fail(error)
    return Check(value=number, warnings=warnings)


def id_birth_date(number: str) -> dt.date:
    return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def id_sex(number: str) -> str:
    """'male' or 'female' from the sequence digit (odd male, even female)."""
    return "male" if int(number[16]) % 2 else "female"


#: GB 32100 registration authorities (character 1): name and the entity categories
#: (character 2) each may register. The pairs of GB 32100-2015's own table are
#: 1 {1,2,3,9}, 2 {1,9}, 3 {1,2,3,4,5,9}, 4 {1,9}, 5 {1,2,3,9}, 6 {1,2,9},
#: 7 {1,2,9}, 8 {1,9}, 9 {1,2,3}, A {1,9}, N {1,2,3,9}, Y {1}. Added later by the
#: authorities and listed in public tables (kept: refusing a real company's code is
#: the worse error): 54 村民委员会 and 55 居民委员会 (基层群众性自治组织, 民政 since
#: 2018), G1/G9 公安 (境外非政府组织代表机构), J1/J9 住房城乡建设 (业主大会).
#: UNSURE, from a single public table or from the issue's list, not verified against
#: the standard's text: 36 商事调解组织, 42/43 文化, 73 宗教, 82 非法人工会组织,
#: 99 市场监管其他, Q1–Q3/Q9 侨联.
_USCC_CATEGORIES: dict[str, str] = {
    "1": "1239",
    "2": "19",
    "3": "1234569",
    "4": "1239",
    "5": "123459",
    "6": "129",
    "7": "1239",
    "8": "129",
    "9": "1239",
    "A": "19",
    "G": "19",
    "J": "19",
    "N": "1239",
    "Q": "1239",
    "Y": "1",
}
#: authority character → (name, categories); the names are labels.USCC_AUTHORITY_NAMES
USCC_AUTHORITIES: dict[str, tuple[str, str]] = {
    authority: (labels.USCC_AUTHORITY_NAMES[authority], categories)
    for authority, categories in _USCC_CATEGORIES.items()}
#: GB 11714 (organisation code): values of its characters, weights of the 8-character
#: body; check = 11 - Σ % 11, 10 → X, 11 → 0
_ORG_VALUES = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def uscc_check_character(first17: str) -> str:
    """The GB 32100 check character (character 18) for the first 17 characters."""
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=False))
    return _USCC_ALPHABET[(31 - total % 31) % 31]


def organisation_check_character(body8: str) -> str:
    """The GB 11714 check character for an organisation code's first 8 characters."""
    rest = 11 - sum(_ORG_VALUES.index(c) * w for c, w in zip(body8, _ORG_WEIGHTS, strict=False)) % 11
    return {10: "X", 11: "0"}.get(rest, str(rest))


def uscc(text: str) -> Check:
    """Unified social credit code (GB 32100): 1 registration authority, 2 entity
    category (per authority), 3–8 the registering authority's region (a province part
    of GB/T 2260, or 100000 for national registrations), 9–17 the organisation code,
    18 the check character. A wrong organisation-code check character (GB 11714) is
    only a warning: the code is assigned once and printed on the licence, and some
    codes in use do not follow GB 11714."""
    code = _clean(text)
    if not code:
        return _fail(messages.USCC_REQUIRED)
    if len(code) != 18:
        return _fail(messages.USCC_LENGTH.format(length=len(code)))
    bad = sorted({c for c in code if c not in _USCC_ALPHABET})
    if bad:
        return _fail(messages.USCC_BAD_CHARACTERS.format(characters="".join(bad)))
    authority = USCC_AUTHORITIES.get(code[0])
    if authority is None:
        return _fail(messages.USCC_AUTHORITY_UNKNOWN.format(
            character=code[0], allowed=messages.LIST_SEPARATOR.join(USCC_AUTHORITIES)))
    name, categories = authority
    if code[1] not in categories:
        return _fail(messages.USCC_CATEGORY_NOT_REGISTERED.format(
            character=code[1], authority=name, allowed=messages.LIST_SEPARATOR.join(categories)))
    region = code[2:8]
    if not re.fullmatch(r"[0-9]{6}", region):
        return _fail(messages.USCC_REGION_NOT_DIGITS)
    if region != "100000" and not _province(region[:2]):
        return _fail(messages.USCC_REGION_INVALID.format(region=region, province=region[:2]))
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        return _fail(messages.USCC_CHECK_CHARACTER.format(expected=expected, actual=code[17]))
    if organisation_check_character(code[8:16]) != code[16]:
        return Check(value=code, warnings=(messages.USCC_ORGANISATION_CHECK_CHARACTER,))
    return Check(value=code)


def mobile(text: str) -> Check:
    cleaned = re.sub(r"[\s\-]", "", text or "")
    if not cleaned:
        return _fail(messages.MOBILE_REQUIRED)
    m = _MOBILE_RE.match(cleaned)
    if not m:
        digits = re.sub(r"\D", "", cleaned)
        if len(digits) != 11:
            return _fail(messages.MOBILE_LENGTH.format(length=len(digits)))
        return _fail(messages.MOBILE_PREFIX)
    return Check(value=m.group(1))


def phone(text: str) -> Check:
    """A mobile or a landline (区号-号码[-分机])."""
    cleaned = re.sub(r"\s", "", text or "")
    if _MOBILE_RE.match(cleaned.replace("-", "")):
        return mobile(cleaned)
    m = _PHONE_RE.match(cleaned)
    if not m:
        return _fail(messages.PHONE_FORMAT)
    return Check(value="-".join(p for p in m.groups() if p))


def postal_code(text: str) -> Check:
    code = (text or "").strip()
    if not re.fullmatch(r"[0-9]{6}", code):
        return _fail(messages.POSTAL_CODE_FORMAT)
    return Check(value=code)


def date(text: str, *, not_future: bool = False, today: dt.date | None = None) -> Check:
    """A date as YYYY-MM-DD (also accepts YYYYMMDD and YYYY年M月D日)."""
    raw = (text or "").strip()
    if not raw:
        return _fail(messages.DATE_REQUIRED)
    m = (re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw, re.ASCII)
         or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", raw, re.ASCII)
         or re.fullmatch(labels.CHINESE_DATE_PATTERN, raw, re.ASCII)
         or re.fullmatch(r"(\d{4})[./](\d{1,2})[./](\d{1,2})", raw, re.ASCII))
    if not m:
        return _fail(messages.DATE_FORMAT)
    try:
        value = dt.date(*(int(g) for g in m.groups()))
    except ValueError:
        return _fail(messages.DATE_INVALID.format(text=raw))
    if not_future and value > (today or dt.date.today()):
        return _fail(messages.DATE_IN_FUTURE)
    return Check(value=value.isoformat())


def number(text: str) -> Check:
    raw = (text or "").strip()
    try:
        float(raw)
    except ValueError:
        return _fail(messages.NUMBER_REQUIRED)
    return Check(value=raw)


def money(text: str) -> Check:
    raw = (text or "").strip().replace(",", "")
    if not re.fullmatch(r"\d+(\.\d{1,2})?", raw, re.ASCII):
        return _fail(messages.MONEY_FORMAT)
    return Check(value=raw)


def required_text(text: str, max_length: int | None = None) -> Check:
    value = (text or "").strip()
    if not value:
        return _fail(messages.TEXT_REQUIRED)
    if max_length and len(value) > max_length:
        return _fail(messages.TEXT_TOO_LONG.format(max_length=max_length, length=len(value)))
    return Check(value=value)


def person_name(text: str) -> Check:
    value = re.sub(r"\s+", "", text or "")
    if not value:
        return _fail(messages.NAME_REQUIRED)
    if re.search(r"[\d!-/:-@\[-`{-~]", value.replace("·", "")):
        return _fail(messages.NAME_CHARACTERS)
    if len(value) > 30:
        return _fail(messages.NAME_TOO_LONG)
    return Check(value=value)
