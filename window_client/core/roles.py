"""Who may do what at the window: the roles of the people who sign in, and the
rules the UI asks instead of comparing role names itself."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from . import labels


class Role(StrEnum):
    CLERK = "clerk"          # 窗口人员: accepts cases
    MANAGER = "manager"      # 大厅管理员: also the issuance counter (出件)
    ADMIN = "admin"          # 系统管理员: everything a manager may do, and 管理


LABELS: dict[str, str] = {role: labels.ROLE_LABELS[role] for role in Role}


def can_issue(role: str) -> bool:
    """The issuance counter (统一出件): hall managers and administrators."""
    return role in (Role.MANAGER, Role.ADMIN)


def can_supervise(role: str) -> bool:
    """The efficiency board and the hall's urging rule (督办): hall managers and
    administrators. Urging one case by hand is every clerk's."""
    return role in (Role.MANAGER, Role.ADMIN)


def can_administer(role: str) -> bool:
    """The 管理 section (which one-things this hall offers): administrators only."""
    return role == Role.ADMIN


@dataclass(frozen=True)
class Clerk:
    """The person signed in at the window."""
    username: str
    display_name: str
    role: str

    @property
    def role_label(self) -> str:
        return LABELS.get(self.role, self.role)


class AccountError(ValueError):
    """A Chinese message for the person at the keyboard."""
