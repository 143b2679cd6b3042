"""Provisional numbers unique per window across the OS accounts of one machine.

Each OS account has its own data directory and database, so the database's own
sequence (``provisional_sequences``) alone would let two accounts at one window
issue the same ``W01-20250101-0001``. The machine therefore counts in a shared
folder (``Paths.shared_numbers_dir``, or the hall profile's ``shared_dir``) that every
account can write: one file per window and day (``W01-20250101.seq``, the last number
issued) changed only under an OS lock on ``W01.lock`` (``fcntl.flock`` on Linux,
``msvcrt.locking`` on Windows: released by the OS when a process dies), written
beside, fsynced and renamed into place — a kill leaves the old or the new number.

The number is ``max(shared file, database sequence) + 1``: the database is a floor,
so a deleted or lost shared file never makes an account go back below what it has
issued itself. The shared file is updated before the number is used (inside
``CaseRepository.create_draft``'s transaction): a crash after it leaves a gap, never
a duplicate. Not writable: ``NumberingUnavailable`` (a Chinese message for IT) and
no case is created."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from window_client.security.vault import fsync_dir
from window_client.core.storage_errors import NumberingUnavailable, StorageFull, is_disk_full

logger = logging.getLogger(__name__)

# every hall account writes these files: not the creator's umask
_SHARED_MODE = 0o666
_LOCK_WAIT_S = 60.0


@dataclass(frozen=True)
class SharedNumbers:
    """The machine's count of provisional numbers in ``directory``."""
    directory: Path

    def allocate(self, window_code: str, day: str, floor: int) -> int:
        """The next number of ``window_code`` on ``day`` (YYYYMMDD): one above both
        the machine's last and ``floor`` (this database's last), recorded on disk
        before it is returned. Raises NumberingUnavailable / StorageFull."""
        try:
            self._ensure()
            with _locked(self.directory / f"{window_code}.lock"):
                path = self.directory / f"{window_code}-{day}.seq"
                number = max(_read(path), floor) + 1
                _write(path, number)
                return number
        except OSError as exc:
            if is_disk_full(exc):
                raise StorageFull(str(self.directory)) from exc
            raise NumberingUnavailable(self.directory, exc.strerror or str(exc)) from exc

    def check(self) -> None:
        """Can this account count here? Creates the folder when it may, takes the
        lock and writes a probe; raises NumberingUnavailable when not."""
        try:
            self._ensure()
            with _locked(self.directory / ".check.lock"):
                _write(self.directory / ".check", 0)
        except OSError as exc:
            raise NumberingUnavailable(self.directory, exc.strerror or str(exc)) from exc

    def _ensure(self) -> None:
        """The folder, made writable for every account when this one makes it (the
        installer normally has)."""
        if not self.directory.is_dir():
            self.directory.mkdir(parents=True, exist_ok=True)
            if sys.platform != "win32":
                with contextlib.suppress(OSError):
                    os.chmod(self.directory, 0o777)

    def others_can_write(self) -> bool:
        """POSIX: may other accounts write the folder (group or others, w and x)?
        Windows' ACLs are not read here: True."""
        if sys.platform == "win32":
            return True
        mode = self.directory.stat().st_mode
        return bool(mode & 0o003 == 0o003 or mode & 0o030 == 0o030)


def _share(fd: int) -> None:
    """The shared mode on a file this account made (the owner alone may chmod)."""
    if hasattr(os, "fchmod"):
        with contextlib.suppress(OSError):
            if os.fstat(fd).st_mode & 0o777 != _SHARED_MODE:
                os.fchmod(fd, _SHARED_MODE)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    fd = os.open(path, os.O_RDWR | os.O_CREAT, _SHARED_MODE)
    try:
        _share(fd)
        if sys.platform == "win32":
            import msvcrt
            deadline = time.monotonic() + _LOCK_WAIT_S
            while True:
                try:  # LK_LOCK itself retries for about 10 s
                    msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
            try:
                yield
            finally:
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _read(path: Path) -> int:
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return 0
    try:
        return max(int(text), 0)
    except ValueError:
        logger.warning("shared number file %s unreadable (%r): counting from the database",
                       path, text[:40])
        return 0


def _write(path: Path, number: int) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, _SHARED_MODE)
    try:
        _share(fd)
        os.write(fd, f"{number}\n".encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    fsync_dir(path.parent)  # the rename itself, on disk
