"""Telling a keyboard-wedge barcode scanner from a person: a scanner types a burst
of characters, each within a few milliseconds of the last, ending in Enter. The
detector sees every key press with its time and says when a burst was a scan."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ScanDetector:
    max_gap_s: float = 0.05     # people type slower than one key per 50 ms, scanners faster
    min_length: int = 6
    _chars: list[str] = field(default_factory=list)
    _last: float | None = None

    def key(self, char: str, at: float) -> None:
        """A printable key press."""
        if self._last is None or at - self._last > self.max_gap_s:
            self._chars = []
        self._chars.append(char)
        self._last = at

    def enter(self, at: float) -> str | None:
        """Enter pressed: the scanned code, or None when it was a person typing."""
        burst = self._last is not None and at - self._last <= self.max_gap_s
        code = "".join(self._chars) if burst and len(self._chars) >= self.min_length else None
        self._chars = []
        self._last = None
        return code
