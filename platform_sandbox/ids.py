"""Identifiers: resident ID check digits (GB 11643), credit codes (GB 32100),
case numbers, timestamps, and masking for logs. ``now()`` and ``today()`` read
the platform's clock (:data:`platform_sandbox.clock.CLOCK`)."""

from __future__ import annotations

import datetime as dt

from .clock import CLOCK, CST

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)



def id_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("need 17 digits")
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=False)) % 11]


def make_id_number(region: str, birth: str, sequence: int) -> str:
    """An 18-character resident ID: region (6), birth YYYYMMDD, sequence (odd for
    men, even for women), check character."""
    dt.date(int(birth[:4]), int(birth[4:6]), int(birth[6:8]))  # a real date
    first17 = f"{region}{birth}{sequence:03d}"
    return first17 + id_check_char(first17)


def is_valid_id_number(number: str) -> bool:
    """Format, real birth date and check character of an 18-character ID."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    try:
        dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return id_check_char(number[:17]) == number[17].upper()


def make_uscc(first17: str) -> str:
    """A unified social credit code: the 17 given characters plus the check one."""
    total = sum(_USCC_ALPHABET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=False))
    return first17 + _USCC_ALPHABET[(31 - total % 31) % 31]


def case_no(day: dt.date, sequence: int) -> str:
    """The platform's case number (办件编号): ``GZ`` + YYYYMMDD + 5-digit sequence."""
    return f"GZ{day:%Y%m%d}{sequence:05d}"




def now() -> float:
    return CLOCK.now()


def iso(ts: float) -> str:
    """An RFC 3339 time in the platform's zone, seconds precision."""
    return dt.datetime.fromtimestamp(ts, CST).isoformat(timespec="seconds")


def today() -> dt.date:
    return dt.datetime.fromtimestamp(now(), CST).date()


def mask_id(number: str | None) -> str:
    """``360702********0312``: what logs may show of an ID number."""
    if not number:
        return ""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_name(name: str | None) -> str:
    """``张*``: what logs may show of a name."""
    if not name:
        return ""
    return name[0] + "*" * (len(name) - 1) if len(name) > 1 else "*"
