"""Secrets (the platform refresh token, the data key) only through keyring, never
in settings files: Windows Credential Manager, or a Secret Service (gnome-keyring)
on Linux. A plaintext or failing keyring backend is refused with what IT must
install (messages.KEYRING_*); nothing falls back to a file. Tested against a real
gnome-keyring-daemon on a private D-Bus bus (tests/secret_service.py)."""

from __future__ import annotations

import logging

import keyring
from keyring.errors import KeyringError

from window_client.core import messages

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
        if cls.__module__.startswith(("keyring.backends.fail", "keyring.backends.null")):
            raise SecretsUnavailable(messages.KEYRING_MISSING.format(backend=name))
        if cls.__name__ in REFUSED_CLASSES or cls.__module__.startswith(REFUSED_MODULES):
            raise SecretsUnavailable(messages.KEYRING_UNSAFE.format(backend=name))

    # -- any named secret (the data key of security/keys.py, …) ---------------
    def get_secret(self, name: str) -> str | None:
        self.check()
        try:
            return self.backend.get_password(SERVICE, name)
        except KeyringError as exc:
            raise SecretsUnavailable(messages.KEYRING_FAILED.format(error=exc)) from None

    def set_secret(self, name: str, value: str) -> None:
        self.check()
        try:
            self.backend.set_password(SERVICE, name, value)
        except KeyringError as exc:
            raise SecretsUnavailable(messages.KEYRING_FAILED.format(error=exc)) from None

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
            raise SecretsUnavailable(messages.KEYRING_FAILED.format(error=exc)) from None

    def set_refresh_token(self, window_code: str, username: str, token: str) -> None:
        self.check()
        try:
            self.backend.set_password(SERVICE, self._key(window_code, username), token)
        except KeyringError as exc:
            raise SecretsUnavailable(messages.KEYRING_FAILED.format(error=exc)) from None

    def delete_refresh_token(self, window_code: str, username: str) -> None:
        try:
            self.backend.delete_password(SERVICE, self._key(window_code, username))
        except KeyringError:
            pass
