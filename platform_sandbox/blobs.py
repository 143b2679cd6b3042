"""Content-addressed material storage on disk: ``<blob_dir>/ab/abcdef…`` by SHA-256.

A blob is written to a temporary file while its hash is computed, fsynced, and
renamed into place only when the hash is the one claimed, so a blob file that
exists always has the right content (unless someone damaged it afterwards, which
:meth:`BlobStore.verify` detects).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

CHUNK = 1024 * 1024


class HashMismatch(Exception):
    def __init__(self, actual: str, size: int):
        super().__init__(actual)
        self.actual = actual
        self.size = size


class TooLarge(Exception):
    pass


class BlobStore:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def put(self, sha256: str, stream: BinaryIO, limit: int) -> int:
        """Stores the stream under ``sha256`` if it hashes to that; returns the size.
        Raises :class:`HashMismatch` or :class:`TooLarge` (nothing is kept then)."""
        digest = hashlib.sha256()
        size = 0
        target = self.path(sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    if size > limit:
                        raise TooLarge()
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            if digest.hexdigest() != sha256:
                raise HashMismatch(digest.hexdigest(), size)
            os.replace(tmp, target)
            tmp = None
        finally:
            if tmp is not None:
                os.unlink(tmp)
        return size

    def verify(self, sha256: str) -> bool:
        """The stored bytes still hash to ``sha256``."""
        try:
            with open(self.path(sha256), "rb") as f:
                digest = hashlib.sha256()
                while chunk := f.read(CHUNK):
                    digest.update(chunk)
        except OSError:
            return False
        return digest.hexdigest() == sha256
