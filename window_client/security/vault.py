"""The encrypted file format of the store's files (scans and other material
files, the outbox export, damaged database copies kept for IT): AES-256-GCM with
the installation's data key, one fresh 96-bit nonce per write.

    offset  size  what
    0       4     magic b"WCX\\x00"
    4       1     version (1)
    5       8     key id (the first 8 bytes of the data key's id, keys.key_id_of)
    13      12    nonce
    25      …     ciphertext, then the 16-byte GCM tag

The associated data is the 25-byte header plus the file's *context*: by default
"<folder name>/<file name>" (for a material: "<case uuid>/<name>"), so a file
copied into another case's folder, renamed, or given another header fails its
tag like a changed byte does. Files are decrypted into memory only (bytes, never
a plain temporary file) and written atomically: a ``.part`` beside the target,
fsynced, then ``os.replace`` — a kill leaves the old file or the new one.

Reading accepts a plain file (no magic) too: an installation whose migration is
not finished yet (security/migrate.py) still has some, and ``Vault(None)`` is
the plain store the tests and the benches use."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from window_client.core import messages

MAGIC = b"WCX\x00"
VERSION = 1
HEADER_SIZE = 4 + 1 + 8 + 12
PART = ".part"


class FileTampered(ValueError):
    """The tag did not match: the file was changed, truncated, moved or renamed."""

    def __init__(self, name: str) -> None:
        super().__init__(messages.FILE_TAMPERED.format(name=name))
        self.name = name


class FileOtherKey(ValueError):
    """Encrypted with another data key (another installation's file)."""

    def __init__(self, name: str) -> None:
        super().__init__(messages.FILE_OTHER_KEY.format(name=name))
        self.name = name


def is_encrypted(head: bytes) -> bool:
    """``head``: at least the first 5 bytes of a file."""
    return head[:4] == MAGIC and len(head) >= 5 and head[4] == VERSION


def file_is_encrypted(path: Path) -> bool:
    with open(path, "rb") as fh:
        return is_encrypted(fh.read(5))


def context_of(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def fsync_dir(directory: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """``data`` at ``path``, whole or not at all (temp + fsync + replace)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + PART)
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)  # a full disk leaves no partial file
    fsync_dir(path.parent)


class Vault:
    """Encrypts and decrypts with one data key; ``Vault(None)`` writes plain
    files (a store built without a key: tests, benches' baseline)."""

    def __init__(self, key: bytes | None, key_id: str = "") -> None:
        if key is not None and len(key) != 32:
            raise ValueError("the data key is 32 bytes")
        self._aead = AESGCM(key) if key is not None else None
        self._key = key
        self._kid = bytes.fromhex(key_id[:16]) if key_id else (
            _kid_bytes(key) if key is not None else b"")

    @property
    def encrypted(self) -> bool:
        return self._aead is not None

    # -- bytes --------------------------------------------------------------------
    def encrypt(self, data: bytes, context: str) -> bytes:
        if self._aead is None:
            return data
        nonce = secrets.token_bytes(12)
        header = MAGIC + bytes([VERSION]) + self._kid + nonce
        return header + self._aead.encrypt(nonce, data, header + context.encode("utf-8"))

    def decrypt(self, blob: bytes, context: str, *, name: str = "") -> bytes:
        """The plain bytes; a plain ``blob`` is returned as it is (see the module)."""
        if not is_encrypted(blob):
            return blob
        name = name or context
        if self._aead is None:
            raise FileOtherKey(name)
        if len(blob) < HEADER_SIZE + 16:
            raise FileTampered(name)
        header = blob[:HEADER_SIZE]
        if header[5:13] != self._kid:
            raise FileOtherKey(name)
        try:
            return self._aead.decrypt(header[13:25], blob[HEADER_SIZE:],
                                      header + context.encode("utf-8"))
        except InvalidTag:
            raise FileTampered(name) from None

    # -- files --------------------------------------------------------------------
    def write(self, path: Path, data: bytes, context: str | None = None) -> None:
        write_atomic(path, self.encrypt(data, context or context_of(path)))

    def read(self, path: Path, context: str | None = None) -> bytes:
        return self.decrypt(path.read_bytes(), context or context_of(path), name=path.name)

    def name_for(self, sha256: str) -> str:
        """The stored name of a file whose plain content has ``sha256``. Encrypted:
        an HMAC of the hash under the data key (the name neither tells nor lets
        anyone confirm which document it is); plain: the hash, as before."""
        if self._key is None:
            return sha256
        return hmac.new(self._key, b"file-name:" + sha256.encode(), hashlib.sha256).hexdigest()[:40]


def _kid_bytes(key: bytes) -> bytes:
    return hmac.new(key, b"window-client data key id", hashlib.sha256).digest()[:8]


def key_id_of(key: bytes) -> str:
    """The key's id: 16 hex digits, derived from the key (one-way), so a key and
    the wrapped file can be matched without revealing anything."""
    return _kid_bytes(key).hex()
