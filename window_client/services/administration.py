"""The administrator's own things, each behind a method that checks the role
(services/permissions.py): local accounts on a local-only install, the devices,
the printers, the hall's details and which one-things it offers. Settings are
saved with ``update_settings`` (only the keys of that section; the rest as the
file has them now) and every change is audited by key, never by value.

Reading the settings is every role's: the 设备 section shows a clerk what is set,
read-only."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pydantic

from window_client.core.roles import LABELS as ROLE_LABELS
from window_client.core.roles import AccountError, Clerk, Permission
from window_client.settings import (LABELS, Settings, SettingsError, SettingsFiles,
                                    SettingsTarget, allowed,
                                    read_only_note, update_settings)
from window_client.store.accounts import AccountInfo, ClerkAccounts

from . import messages
from .permissions import Guard, requires

DEVICE_KEYS = ("idcard_reader", "idcard_port", "hot_folder", "scanner_device", "camera_device",
               "camera_resolution")
PRINTER_KEYS = ("printer_receipt", "printer_notice", "printer_slip", "printer_handover",
                "slip_format", "silent_slip")
HALL_KEYS = ("hall_name", "window_label", "hall_phone")


class AccountsFromPlatform(AccountError):
    """An install signed in against the platform: its accounts are the platform's."""

    def __init__(self) -> None:
        super().__init__(messages.ACCOUNTS_FROM_PLATFORM)


class Administration:
    OPEN_TO_EVERY_ROLE: frozenset[str] = frozenset({"settings", "may", "local_accounts",
                                                    "read_only_note"})

    def __init__(self, clerk: Clerk, settings: Settings, settings_file: SettingsTarget | None,
                 accounts: ClerkAccounts, *, local_accounts: bool) -> None:
        self.guard = Guard(clerk, accounts)
        self._settings = settings
        self.settings_file = settings_file
        self._accounts = accounts
        self.local_accounts = local_accounts

    def may(self, permission: Permission) -> bool:
        return self.guard.permits(permission)

    def settings(self) -> Settings:
        """What the sections show: the last saved here, else the start's."""
        return self._settings

    def read_only_note(self, *keys: str) -> str:
        """"" when these keys can be saved here; else they are the hall profile's and
        this account cannot write it: the Chinese line a section shows, read-only."""
        return read_only_note(self.settings_file, *keys)

    # -- settings -------------------------------------------------------------------
    def _save(self, section: str, keys: tuple[str, ...], changes: dict[str, Any]) -> Settings:
        unknown = set(changes) - set(keys)
        if unknown:
            raise ValueError(f"not {section} settings: {sorted(unknown)}")
        try:
            checked = dataclasses.replace(self._settings, **changes)
        except pydantic.ValidationError as exc:
            bad = sorted({str(e["loc"][0]) for e in exc.errors() if e["loc"]} & set(changes),
                         key=list(LABELS).index)
            target = self.settings_file
            raise SettingsError((target.user if isinstance(target, SettingsFiles) else target)
                                or Path(), [
                f"{LABELS[key]}{allowed(key)}" for key in bad]) from None
        if self.settings_file is not None:
            checked = update_settings(self.settings_file, **changes)
        self._settings = checked
        self._accounts.record(self.guard.clerk, "settings_changed",
                              f"section={section} keys={','.join(sorted(changes))}")
        return checked

    @requires(Permission.MANAGE_DEVICES)
    def save_devices(self, **changes: Any) -> Settings:
        """The ID card reader, its port, the scanner's hot folder, the SANE scanner and
        the document camera (device and resolution)."""
        return self._save("devices", DEVICE_KEYS, changes)

    @requires(Permission.MANAGE_PRINTERS)
    def save_printers(self, **changes: Any) -> Settings:
        """A printer per paper ("" = the system default), the slip's format."""
        return self._save("printers", PRINTER_KEYS, changes)

    @requires(Permission.MANAGE_HALL_SETTINGS)
    def save_hall(self, **changes: Any) -> Settings:
        """The hall's name and phone and this window's name."""
        return self._save("hall", HALL_KEYS, changes)

    @requires(Permission.MANAGE_ONE_THINGS)
    def save_disabled_one_things(self, disabled: Iterable[str]) -> Settings:
        """The configured one-things this hall does not offer."""
        return self._save("one_things", ("disabled_one_things",),
                          {"disabled_one_things": tuple(sorted(set(disabled)))})

    # -- local accounts ------------------------------------------------------------
    def _local_only(self) -> None:
        if not self.local_accounts:
            raise AccountsFromPlatform()

    @requires(Permission.MANAGE_ACCOUNTS)
    def accounts(self) -> list[AccountInfo]:
        """Every local account (on an online install too: the ones remembered for
        offline sign-in, shown but not changed here)."""
        return self._accounts.accounts()

    @requires(Permission.MANAGE_ACCOUNTS)
    def create_account(self, username: str, display_name: str, password: str,
                       role: str) -> AccountInfo:
        self._local_only()
        if role not in ROLE_LABELS:
            raise AccountError(messages.ROLE_UNKNOWN.format(role=role))
        made = self._accounts.create(username, display_name, password, role,
                                     by=self.guard.clerk.username)
        return next(a for a in self._accounts.accounts() if a.username == made.username)

    @requires(Permission.MANAGE_ACCOUNTS)
    def set_account_active(self, username: str, active: bool) -> None:
        """Deactivates (no more sign-in) or reactivates; never one's own account."""
        self._local_only()
        if username == self.guard.clerk.username and not active:
            raise AccountError(messages.ACCOUNT_NOT_SELF)
        self._accounts.set_active(username, active, by=self.guard.clerk.username)

    @requires(Permission.MANAGE_ACCOUNTS)
    def reset_password(self, username: str, password: str) -> None:
        self._local_only()
        self._accounts.reset_password(username, password, by=self.guard.clerk.username)
