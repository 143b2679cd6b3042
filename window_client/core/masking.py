"""Masking of personal data wherever others can see it: lists, printed papers,
logs. A full ID number, name or phone never goes to a log."""

from __future__ import annotations

from .dictionary import MaskRule


def mask_id_number(number: str | None) -> str:
    """110101********1234 — first 6 and last 4 kept."""
    if not number:
        return ""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_name(name: str | None) -> str:
    """张* / 欧阳** — the surname's first character kept."""
    if not name:
        return ""
    return name[0] + "*" * (len(name) - 1) if len(name) > 1 else "*"


def mask_phone(phone: str | None) -> str:
    if not phone:
        return ""
    if len(phone) < 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def mask_address(address: str | None) -> str:
    if not address:
        return ""
    keep = min(6, max(len(address) // 3, 1))
    return address[:keep] + "*" * 4


def mask_account(account: str | None) -> str:
    if not account:
        return ""
    return "*" * max(len(account) - 4, 0) + account[-4:]


_MASKERS = {
    MaskRule.ID_NUMBER: mask_id_number,
    MaskRule.NAME: mask_name,
    MaskRule.PHONE: mask_phone,
    MaskRule.ADDRESS: mask_address,
    MaskRule.ACCOUNT: mask_account,
}


def mask(value: str | None, rule: MaskRule) -> str:
    if rule == MaskRule.NONE:
        return value or ""
    return _MASKERS[rule](value)
