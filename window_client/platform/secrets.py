"""Secrets (the platform refresh token) only through keyring, never in settings
files. A plaintext or failing keyring backend is refused: the client then works
offline and says why."""

from __future__ import annotations

import logging

import keyring
from keyring.errors import KeyringError

logger = logging.getLogger(__name__)
SERVICE = "window-client"
# keyrings.alt's file backends keep secrets in a file a copied disk gives away;
# keyring's fail/null backends keep nothing
REFUSED_CLASSES = {"PlaintextKeyring", "EncryptedKeyring", "Windows.RegistryKeyring"}
REFUSED_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt.file")


class SecretsUnavailable(RuntimeError):
    pass


class SecretStore:
    def __init__(self, backend: keyring.backend.KeyringBackend | None = None) -> None:
        self.backend = backend or keyring.get_keyring()

    def check(self) -> None:
        cls = type(self.backend)
        name = f"{cls.__module__}.{cls.__name__}"
        if cls.__name__ in REFUSED_CLASSES or cls.__module__.startswith(REFUSED_MODULES):
            raise SecretsUnavailable(f"系统密钥环不可用或不安全({name}),平台登录信息不能保存")

    # -- any named secret (the data key of security/keys.py, …) ---------------
    def get_secret(self, name: str) -> str | None:
        self.check()
        try:
            return self.backend.get_password(SERVICE, name)
        except KeyringError as exc:
            raise SecretsUnavailable(str(exc)) from None

    def set_secret(self, name: str, value: str) -> None:
        self.check()
        try:
            self.backend.set_password(SERVICE, name, value)
        except KeyringError as exc:
            raise SecretsUnavailable(str(exc)) from None

    def delete_secret(self, name: str) -> None:
        try:
            self.backend.delete_password(SERVICE, name)
        except KeyringError:
            pass

    def _key(self, window_code: str, username: str) -> str:
        return f"{window_code}:{username}:refresh_token"

    def get_refresh_token(self, window_code: str, username: str) -> str | None:
        self.check()
        try:
            return self.backend.get_password(SERVICE, self._key(window_code, username))
        except KeyringError as exc:
            raise SecretsUnavailable(str(exc)) from None

    def set_refresh_token(self, window_code: str, username: str, token: str) -> None:
        self.check()
        try:
            self.backend.set_password(SERVICE, self._key(window_code, username), token)
        except KeyringError as exc:
            raise SecretsUnavailable(str(exc)) from None

    def delete_refresh_token(self, window_code: str, username: str) -> None:
        try:
            self.backend.delete_password(SERVICE, self._key(window_code, username))
        except KeyringError:
            pass
