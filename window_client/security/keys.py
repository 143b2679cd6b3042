"""The installation's data key: 32 random bytes, made once (``initialise``), that
encrypt the database (SQLCipher, raw key) and every stored file (vault.py).

Where it lives:
- in the OS keyring (Secret Service on UOS/Kylin and other Linux, Windows
  Credential Manager) as ``window-client / data-key:<key id>``, through
  ``platform.secrets.SecretStore`` (which refuses plaintext and fail backends);
- on disk only WRAPPED, in ``data/keys/datakey.json``: AES-256-GCM under a key
  encryption key derived from the recovery passphrase with scrypt (salt and
  parameters in the file), plus the key id.

``unlock`` reads the keyring; a value whose key id does not match the file's is
refused (KeyMismatch), never used. ``recover(passphrase)`` after the keyring lost
the key (reinstalled OS, another login): unwraps the file and writes the key back
to the keyring; a wrong passphrase raises WrongPassphrase and writes nothing.
``change_passphrase`` rewraps the same key (atomically: the old file or the new).
No keyring at all: KeyringMissing, with what IT must install; there is no plain
fallback. A lost passphrase AND a lost keyring: the data cannot be decrypted."""

from __future__ import annotations

import base64
import json
import secrets as random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from window_client.core import messages
from window_client.platform.secrets import SecretStore, SecretsUnavailable

from .vault import Vault, key_id_of, write_atomic

KEY_DIR = "keys"
KEY_FILE = "datakey.json"
SECRET_PREFIX = "data-key:"
FORMAT = "window-client-datakey"
MIN_LENGTH = 12
# scrypt: 2**17 × 8 × 128 bytes = 128 MiB, ~0.3 s here (OWASP's minimum for scrypt)
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 17, 8, 1


class KeyProblem(RuntimeError):
    """A refusal about the data key; ``str()`` is the Chinese text for IT."""


class KeyringMissing(KeyProblem):
    pass


class KeyNotSet(KeyProblem):
    pass


class RecoveryNeeded(KeyProblem):
    pass


class KeyMismatch(KeyProblem):
    pass


class WrongPassphrase(KeyProblem):
    pass


class KeyAlreadySet(KeyProblem):
    pass


class KeyFileDamaged(KeyProblem):
    pass


class WeakPassphrase(KeyProblem, ValueError):
    pass


@dataclass(frozen=True)
class DataKey:
    key: bytes
    key_id: str

    def __repr__(self) -> str:  # never the key itself in a log or a traceback
        return f"DataKey(key_id={self.key_id!r})"

    def vault(self) -> Vault:
        return Vault(self.key, self.key_id)


def check_passphrase(passphrase: str) -> None:
    """WeakPassphrase unless at least MIN_LENGTH characters of at least two kinds
    (letters, digits, anything else) and not one character repeated."""
    if len(passphrase) < MIN_LENGTH:
        raise WeakPassphrase(messages.PASSPHRASE_TOO_SHORT.format(minimum=MIN_LENGTH,
                                                                  length=len(passphrase)))
    kinds = {("a" if c.isalpha() else "0" if c.isdigit() else "#") for c in passphrase}
    if len(kinds) < 2 or len(set(passphrase)) < 4:
        raise WeakPassphrase(messages.PASSPHRASE_TOO_SIMPLE)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


class KeyManager:
    def __init__(self, data_dir: Path, secrets: SecretStore, *, scrypt_n: int = SCRYPT_N) -> None:
        self.data_dir = data_dir
        self.secrets = secrets
        self.scrypt_n = scrypt_n

    @property
    def key_file(self) -> Path:
        return self.data_dir / KEY_DIR / KEY_FILE

    def is_set(self) -> bool:
        return self.key_file.exists()

    # -- the wrapped file -------------------------------------------------------------
    def _read_file(self) -> dict[str, Any]:
        try:
            data = json.loads(self.key_file.read_text(encoding="utf-8"))
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError("format")
            for name in ("key_id", "salt", "nonce", "wrapped"):
                if not isinstance(data.get(name), str):
                    raise ValueError(name)
            return data
        except FileNotFoundError:
            raise KeyNotSet(messages.KEY_NOT_SET) from None
        except (OSError, ValueError) as exc:
            raise KeyFileDamaged(messages.KEY_FILE_DAMAGED.format(path=self.key_file)) from exc

    def _kek(self, passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
        return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))

    def _wrap(self, key: bytes, passphrase: str) -> dict[str, Any]:
        salt, nonce = random.token_bytes(16), random.token_bytes(12)
        key_id = key_id_of(key)
        kek = self._kek(passphrase, salt, self.scrypt_n, SCRYPT_R, SCRYPT_P)
        wrapped = AESGCM(kek).encrypt(nonce, key, f"{FORMAT}:{key_id}".encode())
        return {"format": FORMAT, "version": 1, "key_id": key_id,
                "kdf": {"name": "scrypt", "n": self.scrypt_n, "r": SCRYPT_R, "p": SCRYPT_P},
                "salt": _b64(salt), "cipher": "AES-256-GCM", "nonce": _b64(nonce),
                "wrapped": _b64(wrapped)}

    def _unwrap(self, data: dict[str, Any], passphrase: str) -> DataKey:
        try:
            kdf = data.get("kdf") or {}
            kek = self._kek(passphrase, _unb64(data["salt"]), int(kdf["n"]), int(kdf["r"]),
                            int(kdf["p"]))
            key = AESGCM(kek).decrypt(_unb64(data["nonce"]), _unb64(data["wrapped"]),
                                      f"{FORMAT}:{data['key_id']}".encode())
        except InvalidTag:
            raise WrongPassphrase(messages.PASSPHRASE_WRONG) from None
        except (KeyError, TypeError, ValueError) as exc:
            raise KeyFileDamaged(messages.KEY_FILE_DAMAGED.format(path=self.key_file)) from exc
        if key_id_of(key) != data["key_id"]:
            raise KeyFileDamaged(messages.KEY_FILE_DAMAGED.format(path=self.key_file))
        return DataKey(key, data["key_id"])

    def key_id(self) -> str:
        return str(self._read_file()["key_id"])

    # -- the keyring ----------------------------------------------------------------
    def _check_keyring(self) -> None:
        try:
            self.secrets.check()
        except SecretsUnavailable as exc:
            raise KeyringMissing(str(exc)) from None

    def _store(self, key: DataKey) -> None:
        try:
            self.secrets.set_secret(SECRET_PREFIX + key.key_id, f"v1:{key.key_id}:{key.key.hex()}")
        except SecretsUnavailable as exc:
            raise KeyringMissing(str(exc)) from None

    # -- operations ----------------------------------------------------------------
    def initialise(self, passphrase: str) -> DataKey:
        """At install: a new data key, wrapped to disk and kept by the keyring.
        KeyAlreadySet when this data directory has one (never replaced: the data
        encrypted with it would be lost)."""
        check_passphrase(passphrase)
        self._check_keyring()
        if self.key_file.exists():
            raise KeyAlreadySet(messages.KEY_ALREADY_SET)
        key = random.token_bytes(32)
        data_key = DataKey(key, key_id_of(key))
        write_atomic(self.key_file, json.dumps(self._wrap(key, passphrase), indent=1).encode())
        self._store(data_key)
        return data_key

    def unlock(self) -> DataKey:
        """From the keyring. KeyNotSet (no wrapped file), RecoveryNeeded (the
        keyring has no key for it), KeyMismatch (the keyring's is another key),
        KeyringMissing."""
        key_id = self.key_id()
        self._check_keyring()
        try:
            value = self.secrets.get_secret(SECRET_PREFIX + key_id)
        except SecretsUnavailable as exc:
            raise KeyringMissing(str(exc)) from None
        if not value:
            raise RecoveryNeeded(messages.KEY_RECOVERY_NEEDED)
        try:
            version, stored_id, hex_key = value.split(":")
            key = bytes.fromhex(hex_key)
        except ValueError:
            raise KeyMismatch(messages.KEY_MISMATCH) from None
        if version != "v1" or len(key) != 32 or stored_id != key_id or key_id_of(key) != key_id:
            raise KeyMismatch(messages.KEY_MISMATCH)
        return DataKey(key, key_id)

    def recover(self, passphrase: str) -> DataKey:
        """The key from the wrapped file, written back to the keyring. A wrong
        passphrase: WrongPassphrase, and nothing written anywhere."""
        data = self._read_file()
        self._check_keyring()
        key = self._unwrap(data, passphrase)
        self._store(key)
        return key

    def verify_passphrase(self, passphrase: str) -> DataKey:
        """The key, without touching the keyring (WrongPassphrase otherwise)."""
        return self._unwrap(self._read_file(), passphrase)

    def change_passphrase(self, old: str, new: str) -> DataKey:
        """The same key, wrapped by ``new``; WrongPassphrase (nothing written)
        when ``old`` is wrong."""
        check_passphrase(new)
        key = self._unwrap(self._read_file(), old)
        write_atomic(self.key_file, json.dumps(self._wrap(key.key, new), indent=1).encode())
        return key
