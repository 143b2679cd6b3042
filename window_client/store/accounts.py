"""Local clerk accounts: sign-in against a slow salted hash, roles, audit of
sign-in and sign-out. (Platform sign-in joins with the sync issue.)"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import sessionmaker

from window_client.core.passwords import hash_password, password_problem, verify_password
from window_client.core.roles import LABELS as ROLES
from window_client.core.roles import AccountError, Clerk

from .models import AuditRow, ClerkRow

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

    def sign_in(self, username: str, password: str) -> Clerk:
        """The clerk, or AccountError with the same message for an unknown user and a
        wrong password (no hint which of the two was wrong)."""
        with self._sessions.begin() as session:
            row = session.get(ClerkRow, username.strip())
            ok = row is not None and row.active and verify_password(password, row.password_hash)
            session.add(AuditRow(at=self._clock(), clerk=username.strip()[:64],
                                 action="sign_in" if ok else "sign_in_failed", case_id=None,
                                 detail=""))
            if row is None or not ok:
                raise AccountError("用户名或密码不正确")
            row.last_sign_in = self._clock()
            return Clerk(row.username, row.display_name, row.role)

    def remember_online(self, username: str, display_name: str, role: str,
                        password: str) -> Clerk:
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
            session.add(AuditRow(at=now, clerk=username, action="sign_in_online", case_id=None,
                                 detail=""))
        return Clerk(username, display_name, row.role)

    def last_online_sign_in(self, username: str) -> dt.datetime | None:
        with self._sessions() as session:
            row = session.get(ClerkRow, username)
            return row.last_online_sign_in if row else None

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
