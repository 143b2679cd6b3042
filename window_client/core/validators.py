"""Validators for what a clerk types. Each returns a ``Check``: the normalised value,
an error in Chinese that says what is wrong (the value is refused), or a warning in
Chinese (the value is accepted and the clerk is told)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from stdnum import numdb
from stdnum.cn import ric as _ric

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


_PERMIT_PREFIXES = {"81": "香港居民居住证", "82": "澳门居民居住证", "83": "台湾居民居住证"}


def _province(two_digits: str) -> bool:
    info = numdb.get("cn/loc").info(two_digits + "0000")
    return any("province" in props for _part, props in info)


def _region(code: str, year: int) -> tuple[str | None, tuple[str, ...]]:
    """(error, warnings) for a 6-digit region code in a birth year. Only a province
    part that never existed is an error; an unknown county or one not assigned in
    the birth year is a warning (a number keeps the code of where it was issued)."""
    if code[:2] in _PERMIT_PREFIXES:
        # residence permits of Hong Kong, Macao and Taiwan residents (GB 11643 numbers
        # with 810000 / 820000 / 830000): valid numbers, not from the region table
        return None, (f"此号码为{_PERMIT_PREFIXES[code[:2]]}号码,请核对对应证件",)
    if code[0] == "9" and _province(code[1:3]):
        # the 2023 foreign permanent resident ID: 9 + the issuing province's code
        return None, ("此号码为外国人永久居留身份证号码,请核对对应证件",)
    info = numdb.get("cn/loc").info(code)
    props = {k: v for _part, p in info for k, v in p.items()}
    if "province" not in props:
        return f"前两位地区码{code[:2]}不是有效的省级行政区划代码", ()
    if "county" not in props:
        return None, (f"地区码{code}未在行政区划代码表中找到,请核对证件",)
    for county in props["county"].split(","):
        if not county.startswith("["):
            return None, ()
        span, _name = county[1:].split("]", 1)
        start, end = span.split("-")
        if (not start or year >= int(start)) and (not end or year <= int(end)):
            return None, ()
    return None, (f"地区码{code}在出生年份{year}年尚未设立或已撤销,请核对证件",)


def resident_id(text: str, today: dt.date | None = None) -> Check:
    """Resident ID number (GB 11643)."""
    number = _ric.compact(_clean(text))
    today = today or dt.date.today()
    if not number:
        return _fail("请输入身份证号码")
    if len(number) == 15 and re.fullmatch(r"[0-9]{15}", number):
        return _fail("这是15位旧身份证号码,已停止使用;请申请人出示18位二代身份证")
    if len(number) != 18:
        return _fail(f"身份证号码应为18位,当前为{len(number)}位")
    if not re.fullmatch(r"[0-9]{17}", number[:17]):
        return _fail("身份证号码前17位应为数字")
    if number[17] not in "0123456789X":
        return _fail("身份证号码最后一位应为数字或X")
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return _fail(f"出生日期{number[6:14]}不是有效日期")
    if birth > today:
        return _fail(f"出生日期{birth:%Y年%m月%d日}晚于今天")
    if birth.year < 1900:
        return _fail(f"出生年份{birth.year}不合理")
    expected = id_check_character(number[:17])
    if number[17] != expected:
        return _fail(f"校验位应为{expected},当前为{number[17]},请核对号码")
    error, warnings = _region(number[:6], birth.year)
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
USCC_AUTHORITIES: dict[str, tuple[str, str]] = {
    "1": ("机构编制", "1239"),
    "2": ("外交", "19"),
    "3": ("司法行政", "1234569"),
    "4": ("文化", "1239"),
    "5": ("民政", "123459"),
    "6": ("旅游", "129"),
    "7": ("宗教", "1239"),
    "8": ("工会", "129"),
    "9": ("市场监管(工商)", "1239"),
    "A": ("中央军委改革和编制办公室", "19"),
    "G": ("公安", "19"),
    "J": ("住房城乡建设", "19"),
    "N": ("农业农村", "1239"),
    "Q": ("侨联", "1239"),
    "Y": ("其他", "1"),
}
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
        return _fail("请输入统一社会信用代码")
    if len(code) != 18:
        return _fail(f"统一社会信用代码应为18位,当前为{len(code)}位")
    bad = sorted({c for c in code if c not in _USCC_ALPHABET})
    if bad:
        return _fail(f"统一社会信用代码不能含有字符{''.join(bad)}(不使用I、O、Z、S、V)")
    authority = USCC_AUTHORITIES.get(code[0])
    if authority is None:
        return _fail(f"统一社会信用代码第1位{code[0]}不是登记管理部门代码"
                     f"(应为{'、'.join(USCC_AUTHORITIES)}之一),请核对代码")
    name, categories = authority
    if code[1] not in categories:
        return _fail(f"统一社会信用代码第2位{code[1]}不是{name}部门登记的机构类别"
                     f"(应为{'、'.join(categories)}之一),请核对代码")
    region = code[2:8]
    if not re.fullmatch(r"[0-9]{6}", region):
        return _fail("统一社会信用代码第3至8位应为登记管理机关行政区划码(6位数字)")
    if region != "100000" and not _province(region[:2]):
        return _fail(f"统一社会信用代码第3至8位{region}不是有效的行政区划码"
                     f"(前两位{region[:2]}不是省级代码),请核对代码")
    expected = uscc_check_character(code[:17])
    if code[17] != expected:
        return _fail(f"校验位应为{expected},当前为{code[17]},请核对代码")
    if organisation_check_character(code[8:16]) != code[16]:
        return Check(value=code, warnings=(
            "统一社会信用代码第9至17位(组织机构代码)的校验位不符合GB 11714,"
            "请与营业执照或登记证书核对",))
    return Check(value=code)


def mobile(text: str) -> Check:
    cleaned = re.sub(r"[\s\-]", "", text or "")
    if not cleaned:
        return _fail("请输入手机号码")
    m = _MOBILE_RE.match(cleaned)
    if not m:
        digits = re.sub(r"\D", "", cleaned)
        if len(digits) != 11:
            return _fail(f"手机号码应为11位,当前为{len(digits)}位")
        return _fail("手机号码应以13至19开头")
    return Check(value=m.group(1))


def phone(text: str) -> Check:
    """A mobile or a landline (区号-号码[-分机])."""
    cleaned = re.sub(r"\s", "", text or "")
    if _MOBILE_RE.match(cleaned.replace("-", "")):
        return mobile(cleaned)
    m = _PHONE_RE.match(cleaned)
    if not m:
        return _fail("请输入11位手机号码或带区号的固定电话,如0797-8888888")
    return Check(value="-".join(p for p in m.groups() if p))


def postal_code(text: str) -> Check:
    code = (text or "").strip()
    if not re.fullmatch(r"[0-9]{6}", code):
        return _fail("邮政编码应为6位数字")
    return Check(value=code)


def date(text: str, *, not_future: bool = False, today: dt.date | None = None) -> Check:
    """A date as YYYY-MM-DD (also accepts YYYYMMDD and YYYY年M月D日)."""
    raw = (text or "").strip()
    if not raw:
        return _fail("请输入日期")
    m = (re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw, re.ASCII)
         or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", raw, re.ASCII)
         or re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日?", raw, re.ASCII)
         or re.fullmatch(r"(\d{4})[./](\d{1,2})[./](\d{1,2})", raw, re.ASCII))
    if not m:
        return _fail("日期格式应为年-月-日,如2026-01-31")
    try:
        value = dt.date(*(int(g) for g in m.groups()))
    except ValueError:
        return _fail(f"{raw}不是有效日期")
    if not_future and value > (today or dt.date.today()):
        return _fail("日期不能晚于今天")
    return Check(value=value.isoformat())


def number(text: str) -> Check:
    raw = (text or "").strip()
    try:
        float(raw)
    except ValueError:
        return _fail("请输入数字")
    return Check(value=raw)


def money(text: str) -> Check:
    raw = (text or "").strip().replace(",", "")
    if not re.fullmatch(r"\d+(\.\d{1,2})?", raw, re.ASCII):
        return _fail("金额应为非负数,最多两位小数")
    return Check(value=raw)


def required_text(text: str, max_length: int | None = None) -> Check:
    value = (text or "").strip()
    if not value:
        return _fail("此项不能为空")
    if max_length and len(value) > max_length:
        return _fail(f"最多{max_length}个字,当前{len(value)}个字")
    return Check(value=value)


def person_name(text: str) -> Check:
    value = re.sub(r"\s+", "", text or "")
    if not value:
        return _fail("请输入姓名")
    if re.search(r"[\d!-/:-@\[-`{-~]", value.replace("·", "")):
        return _fail("姓名不能含数字或符号(少数民族姓名中间点请用·)")
    if len(value) > 30:
        return _fail("姓名过长,最多30个字")
    return Check(value=value)
