"""Clerk sign-in and bearer tokens.

Access tokens live ``token_ttl`` seconds (default 15 min); the ``token_ttl`` fault
switch shortens the life of every token, already issued ones included, counted
from when each was issued — that is how a test forces expiry mid-sync. Refresh
tokens live ``refresh_ttl`` seconds and are not rotated: a refresh answers a new
access token and the same refresh token, so a refresh whose answer was lost can be
repeated. Tokens are stored as their SHA-256 only.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass

from sqlalchemy import select

from .db import Database
from .demo_data import CLERKS
from .errors import ApiError
from .faults import Faults
from .ids import now
from .models import Clerk, Token

log = logging.getLogger(__name__)

_SCRYPT = {"n": 2**12, "r": 8, "p": 1}


def hash_password(password: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def check_password(password: str, stored: str) -> bool:
    try:
        _, salt, digest = stored.split("$")
        again = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), **_SCRYPT)
    except ValueError:
        return False
    return hmac.compare_digest(again.hex(), digest)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Caller:
    """Who is calling: the clerk behind a valid access token."""
    username: str
    window_code: str


class Auth:
    def __init__(self, db: Database, token_ttl: int, refresh_ttl: int, faults: Faults):
        self.db = db
        self.token_ttl = token_ttl
        self.refresh_ttl = refresh_ttl
        self.faults = faults

    def seed_clerks(self) -> None:
        """Adds the demo clerks that are missing."""
        with self.db.write() as s:
            for c in CLERKS:
                if s.get(Clerk, c.username) is None:
                    s.add(Clerk(username=c.username, display_name=c.display_name, role=c.role,
                                window_code=c.window_code, password_hash=hash_password(c.password)))

    def _access_ttl(self) -> int:
        forced = self.faults.token_ttl
        return int(forced) if forced else self.token_ttl

    def _tokens(self, s, clerk: Clerk, window_code: str, refresh: str | None) -> dict:
        t = now()
        ttl = self._access_ttl()
        access = secrets.token_urlsafe(32)
        s.add(Token(token_hash=_digest(access), kind="access", username=clerk.username,
                    window_code=window_code, issued_at=t, expires_at=t + ttl))
        if refresh is None:
            refresh = secrets.token_urlsafe(32)
            s.add(Token(token_hash=_digest(refresh), kind="refresh", username=clerk.username,
                        window_code=window_code, issued_at=t, expires_at=t + self.refresh_ttl))
        return {"access_token": access, "refresh_token": refresh, "expires_in": ttl,
                "clerk": {"username": clerk.username, "display_name": clerk.display_name,
                          "role": clerk.role, "window_code": window_code}}

    def sign_in(self, username: str, password: str, window_code: str) -> dict:
        if not window_code.strip():
            raise ApiError(422, "invalid_request", "缺少窗口编号")
        with self.db.write() as s:
            clerk = s.get(Clerk, username)
            if clerk is None or not check_password(password, clerk.password_hash):
                log.info("sign-in refused for %r", username[:2] + "*")
                raise ApiError(401, "invalid_credentials", "用户名或密码错误")
            log.info("clerk %s signed in at window %s", username, window_code)
            return self._tokens(s, clerk, window_code, None)

    def refresh(self, refresh_token: str) -> dict:
        with self.db.write() as s:
            row = s.get(Token, _digest(refresh_token))
            if row is None or row.kind != "refresh":
                raise ApiError(401, "unauthorized", "登录凭据无效,请重新登录")
            if now() >= row.expires_at:
                raise ApiError(401, "token_expired", "登录已过期,请重新登录")
            return self._tokens(s, s.get(Clerk, row.username), row.window_code, refresh_token)

    def check(self, authorization: str | None) -> Caller:
        """The caller behind ``Authorization: Bearer …``, or 401."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError(401, "unauthorized", "缺少登录凭据")
        with self.db.read() as s:
            row = s.get(Token, _digest(token.strip()))
            if row is None or row.kind != "access":
                raise ApiError(401, "unauthorized", "登录凭据无效")
            forced = self.faults.token_ttl
            expires = row.expires_at if not forced else min(row.expires_at,
                                                            row.issued_at + forced)
            if now() >= expires:
                raise ApiError(401, "token_expired", "登录已过期,请刷新凭据")
            return Caller(row.username, row.window_code)

    def prune(self) -> int:
        """Drops expired tokens; the back office calls this now and then."""
        with self.db.write() as s:
            old = s.scalars(select(Token).where(Token.expires_at < now() - 3600)).all()
            for row in old:
                s.delete(row)
            return len(old)
