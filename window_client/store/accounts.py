"""Local clerk accounts: sign-in against a slow salted hash, roles, audit of
sign-in and sign-out. (Platform sign-in joins with the sync issue.)"""

from __future__ import annotations

import builtins
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from window_client.core import messages
from window_client.core.passwords import hash_password, password_problem, verify_password
from window_client.core.roles import LABELS as ROLES
from window_client.core.roles import AccountError, Clerk, Permission

from .models import AuditRow, ClerkRow

@dataclass(frozen=True)
class AccountInfo:
    """One local account as the 管理 section lists it (never the hash)."""
    username: str
    display_name: str
    role: str
    active: bool
    last_sign_in: dt.datetime | None


class ClerkAccounts:
    def __init__(self, engine: Engine, clock: Callable[[], dt.datetime] = dt.datetime.now,
                 hasher: Callable[[str], str] = hash_password) -> None:
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._clock = clock
        self._hash = hasher

    def any_exist(self) -> bool:
        with self._sessions() as session:
            return bool(session.scalar(select(func.count()).select_from(ClerkRow)))

    def create(self, username: str, display_name: str, password: str,
               role: str = "clerk", *, by: str = "setup") -> Clerk:
        username = username.strip()
        display_name = display_name.strip()
        if not re.fullmatch(r"[A-Za-z0-9_.]{2,32}", username):
            raise AccountError("用户名应为2至32位字母、数字、下划线或点")
        if not display_name:
            raise AccountError("请输入姓名")
        if role not in ROLES:
            raise AccountError(f"未知角色 {role}")
        problem = password_problem(password)
        if problem:
            raise AccountError(problem)
        with self._sessions.begin() as session:
            if session.get(ClerkRow, username) is not None:
                raise AccountError(f"用户名 {username} 已存在")
            session.add(ClerkRow(username=username, display_name=display_name, role=role,
                                 password_hash=self._hash(password), active=True,
                                 created_at=self._clock()))
            session.add(AuditRow(at=self._clock(), clerk=by, action="clerk_created",
                                 case_id=None, detail=f"username={username} role={role}"))
        return Clerk(username, display_name, role)

    def sign_in(self, username: str, password: str, *, audit: str | None = "sign_in") -> Clerk:
        """The clerk, or AccountError with the same message for an unknown user and a
        wrong password (no hint which of the two was wrong). ``audit``: the action
        written (``<audit>_failed`` when refused); None: the caller audits."""
        with self._sessions.begin() as session:
            row = session.get(ClerkRow, username.strip())
            ok = row is not None and row.active and verify_password(password, row.password_hash)
            if audit is not None:
                session.add(AuditRow(at=self._clock(), clerk=username.strip()[:64],
                                     action=audit if ok else f"{audit}_failed", case_id=None,
                                     detail=""))
            if row is None or not ok:
                raise AccountError("用户名或密码不正确")
            row.last_sign_in = self._clock()
            return Clerk(row.username, row.display_name, row.role)

    def remember_online(self, username: str, display_name: str, role: str,
                        password: str, *, audit: str | None = "sign_in_online") -> Clerk:
        """After the platform accepted this password: keep a slow verifier of it
        (never the password) and the time, for offline sign-in later."""
        now = self._clock()
        with self._sessions.begin() as session:
            row = session.get(ClerkRow, username)
            if row is None:
                row = ClerkRow(username=username, created_at=now, active=True)
                session.add(row)
            row.display_name = display_name
            row.role = role if role in ROLES else "clerk"
            row.password_hash = self._hash(password)
            row.last_online_sign_in = now
            row.last_sign_in = now
            if audit is not None:
                session.add(AuditRow(at=now, clerk=username, action=audit, case_id=None,
                                     detail=""))
        return Clerk(username, display_name, row.role)

    def last_online_sign_in(self, username: str) -> dt.datetime | None:
        with self._sessions() as session:
            row = session.get(ClerkRow, username)
            return row.last_online_sign_in if row else None

    def record_by_name(self, username: str, action: str, detail: str = "") -> None:
        """An audit row of an account's own doing (the lock screen's lock, unlock,
        refusals and switches). ``detail``: user names and reasons, never personal data."""
        with self._sessions.begin() as session:
            session.add(AuditRow(at=self._clock(), clerk=username.strip()[:64], action=action,
                                 case_id=None, detail=detail))

    def sign_out(self, clerk: Clerk) -> None:
        with self._sessions.begin() as session:
            session.add(AuditRow(at=self._clock(), clerk=clerk.username, action="sign_out",
                                 case_id=None, detail=""))

    def display_names(self) -> dict[str, str]:
        """username → display name, for every account this machine knows."""
        with self._sessions() as session:
            rows = session.execute(select(ClerkRow.username, ClerkRow.display_name)).all()
            return {username: name for username, name in rows}

    def list(self) -> list[Clerk]:
        with self._sessions() as session:
            return [Clerk(r.username, r.display_name, r.role)
                    for r in session.scalars(select(ClerkRow).order_by(ClerkRow.username))]

    def accounts(self) -> builtins.list[AccountInfo]:
        """Every account this machine knows, active or not, by user name."""
        with self._sessions() as session:
            return [AccountInfo(r.username, r.display_name, r.role, r.active, r.last_sign_in)
                    for r in session.scalars(select(ClerkRow).order_by(ClerkRow.username))]

    @staticmethod
    def _active_admins(session: Session) -> int:
        return int(session.scalar(select(func.count()).select_from(ClerkRow).where(
            ClerkRow.role == "admin", ClerkRow.active.is_(True))) or 0)

    def set_active(self, username: str, active: bool, *, by: str) -> None:
        """Deactivates (signs in no more; the cases keep the name) or reactivates
        an account. The last active administrator is never deactivated."""
        with self._sessions.begin() as session:
            row = session.get(ClerkRow, username)
            if row is None:
                raise AccountError(messages.ACCOUNT_UNKNOWN.format(username=username))
            if not active and row.active and row.role == "admin" \
                    and self._active_admins(session) <= 1:
                raise AccountError(messages.ACCOUNT_LAST_ADMIN)
            row.active = active
            session.add(AuditRow(at=self._clock(), clerk=by,
                                 action="clerk_activated" if active else "clerk_deactivated",
                                 case_id=None, detail=f"username={username}"))

    def reset_password(self, username: str, password: str, *, by: str) -> None:
        """A new password set by the administrator (only its slow hash is kept)."""
        problem = password_problem(password)
        if problem:
            raise AccountError(problem)
        with self._sessions.begin() as session:
            row = session.get(ClerkRow, username)
            if row is None:
                raise AccountError(messages.ACCOUNT_UNKNOWN.format(username=username))
            row.password_hash = self._hash(password)
            session.add(AuditRow(at=self._clock(), clerk=by, action="password_reset",
                                 case_id=None, detail=f"username={username}"))

    def record(self, clerk: Clerk, action: str, detail: str = "",
               case_id: str | None = None) -> None:
        """One audit row for something an administrator did (settings saved, a backup
        made or restored): ``detail`` names keys and files, never personal data."""
        with self._sessions.begin() as session:
            session.add(AuditRow(at=self._clock(), clerk=clerk.username[:64], action=action[:32],
                                 case_id=case_id, detail=detail[:500]))

    def record_refusal(self, clerk: Clerk, permission: Permission, where: str,
                       case_id: str | None = None) -> None:
        """A permission refused in a service: who asked, what and where (no personal
        data; the case by its id when the call named one)."""
        self.record(clerk, "refused",
                    f"permission={permission.value} method={where} role={clerk.role}", case_id)
