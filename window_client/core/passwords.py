"""Slow salted password hashes (scrypt) for local clerk accounts. Only the hash is
stored; the password itself is never written anywhere."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from . import messages

# ~50 ms per check on a hall PC: slow for a guesser, unnoticeable at sign-in
N, R, P = 2 ** 14, 8, 1


def hash_password(password: str, *, n: int = N, r: int = R, p: int = P) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt),
                                n=int(n), r=int(r), p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def password_problem(password: str) -> str | None:
    """Why a new password is not acceptable (None when it is)."""
    if len(password) < 8:
        return messages.PASSWORD_TOO_SHORT
    if password.isdigit() or password.isalpha():
        return messages.PASSWORD_LETTERS_AND_DIGITS
    return None
