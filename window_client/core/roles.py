"""Who may do what at the window: the roles of the people who sign in, the
permissions, and the one table that gives each role its permissions. The services
check a permission (``require``; services/permissions.py audits a refusal) and the
UI asks ``permits`` instead of comparing role names itself.

The roles nest: a hall manager may do everything a clerk may, and an administrator
everything a hall manager may (a county hall often has one person for both; the
issuance counter and the board have always been open to administrators). What only
an administrator may do is the installation's own: accounts, devices, printers, hall
settings, one-things, backups. Changing that is one edit of ``PERMISSIONS``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from . import labels, messages


class Role(StrEnum):
    CLERK = "clerk"          # 窗口人员: accepts cases
    MANAGER = "manager"      # 大厅管理员: also the issuance counter (出件), board, urging rule
    ADMIN = "admin"          # 系统管理员: everything a manager may do, and 管理


class Permission(StrEnum):
    ACCEPT_CASES = "accept_cases"              # 受理: start, resume and confirm a case
    ISSUE = "issue"                            # 统一出件: the counter's queue, look-ups, hand-over
    SUPERVISE = "supervise"                    # 效能看板: the board's facts
    SET_URGE_RULE = "set_urge_rule"            # the hall's automatic urging rule
    EXPORT_AUDIT = "export_audit"              # the audit log for a date range
    UNLOCK_OTHERS = "unlock_others"            # unlock another clerk's locked window
    MANAGE_ACCOUNTS = "manage_accounts"        # local accounts (local-only installs)
    MANAGE_DEVICES = "manage_devices"          # ID card reader, its port, the hot folder
    MANAGE_PRINTERS = "manage_printers"        # a printer per paper, slip format
    MANAGE_HALL_SETTINGS = "manage_hall_settings"  # hall name, window name, phone
    MANAGE_ONE_THINGS = "manage_one_things"    # which one-things this hall offers
    MANAGE_BACKUPS = "manage_backups"          # make, list and restore backups


_CLERK = frozenset({Permission.ACCEPT_CASES})
_MANAGER = _CLERK | {Permission.ISSUE, Permission.SUPERVISE, Permission.SET_URGE_RULE,
                     Permission.EXPORT_AUDIT, Permission.UNLOCK_OTHERS}
_ADMIN = _MANAGER | {Permission.MANAGE_ACCOUNTS, Permission.MANAGE_DEVICES,
                     Permission.MANAGE_PRINTERS, Permission.MANAGE_HALL_SETTINGS,
                     Permission.MANAGE_ONE_THINGS, Permission.MANAGE_BACKUPS}

# THE table: role → what it may do. A role not listed (an unknown role string from
# an old database or the platform) may do nothing.
PERMISSIONS: Mapping[Role, frozenset[Permission]] = {
    Role.CLERK: _CLERK, Role.MANAGER: _MANAGER, Role.ADMIN: _ADMIN}

LABELS: dict[str, str] = {role: labels.ROLE_LABELS[role] for role in Role}
PERMISSION_LABELS: dict[str, str] = {p: labels.PERMISSION_LABELS[p] for p in Permission}


def permits(role: str, permission: Permission) -> bool:
    """Whether ``role`` (exactly as stored: "Manager" is no role) may ``permission``."""
    try:
        return permission in PERMISSIONS[Role(role)]
    except ValueError:
        return False


def roles_with(permission: Permission) -> list[Role]:
    return [role for role in Role if permission in PERMISSIONS[role]]


class NotPermitted(PermissionError):
    """The signed-in person's role does not allow this; ``str()`` is the Chinese
    message for them, ``permission`` what was asked."""

    def __init__(self, permission: Permission, message: str | None = None) -> None:
        self.permission = permission
        super().__init__(message or messages.NOT_PERMITTED.format(
            action=PERMISSION_LABELS[permission],
            roles=messages.LIST_SEPARATOR.join(LABELS[r] for r in roles_with(permission))))


def require(clerk: Clerk, permission: Permission) -> None:
    """NotPermitted unless ``clerk``'s role may ``permission`` (no audit here: the
    services' ``requires`` records the refusal)."""
    if not permits(clerk.role, permission):
        raise NotPermitted(permission)


# -- the questions the code asked before the table; thin wrappers over it -----------
def can_issue(role: str) -> bool:
    """The issuance counter (统一出件): hall managers and administrators."""
    return permits(role, Permission.ISSUE)


def can_supervise(role: str) -> bool:
    """The efficiency board and the hall's urging rule (督办): hall managers and
    administrators. Urging one case by hand is every clerk's."""
    return permits(role, Permission.SUPERVISE)


def can_administer(role: str) -> bool:
    """The 管理 section: administrators only (any of the installation's own things)."""
    return permits(role, Permission.MANAGE_ONE_THINGS)


@dataclass(frozen=True)
class Clerk:
    """The person signed in at the window."""
    username: str
    display_name: str
    role: str

    @property
    def role_label(self) -> str:
        return LABELS.get(self.role, self.role)

    def may(self, permission: Permission) -> bool:
        return permits(self.role, permission)


class AccountError(ValueError):
    """A Chinese message for the person at the keyboard."""
