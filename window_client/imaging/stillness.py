"""When has the page under the document camera stopped moving? Pure numpy, no Qt:
the camera panel feeds it a small grayscale copy of each preview frame (64×48 is
plenty) with the frame's time, and ``feed`` answers True exactly once per page that
has been laid down and left still.

The rule (``StillnessOptions``):

- two consecutive frames count as *still* when their mean absolute difference
  (0–255 gray levels) is below ``threshold`` — a camera's sensor noise on a small,
  averaged copy stays well under 1; a hand or a sliding sheet gives tens;
- a capture fires when the picture has been still for at least ``still_frames``
  frames AND ``still_ms`` milliseconds (whichever is longer at the camera's rate);
- and only when the still picture differs from the *reference* — the picture at the
  start, or at the last capture (automatic or by hand, ``captured``) — by more than
  ``change``: an empty table left alone, or the same page left lying after its
  capture, never fires again; the next page (or the same page turned over) does.

So a page is captured once when it settles, never while it moves."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

SMALL_SIZE = (64, 48)   # what callers scale a preview frame to (width, height)


class Motion(StrEnum):
    WAITING = "waiting"      # nothing new since the reference (start or last capture)
    MOVING = "moving"        # the picture is changing
    SETTLING = "settling"    # still, but not yet for long enough
    CAPTURED = "captured"    # this frame fired a capture


@dataclass(frozen=True)
class StillnessOptions:
    threshold: float = 2.5   # mean |Δ| between consecutive frames below which they are still
    still_frames: int = 5    # at least this many still frames in a row …
    still_ms: int = 700      # … covering at least this long
    change: float = 6.0      # mean |Δ| from the reference that makes a new page

    def __post_init__(self) -> None:
        if self.threshold <= 0 or self.change <= 0 or self.still_frames < 1 or self.still_ms < 0:
            raise ValueError("stillness options out of range")


def mean_difference(a: np.ndarray, b: np.ndarray) -> float:
    """Mean absolute difference of two equally sized grayscale frames (0–255)."""
    if a.shape != b.shape:
        raise ValueError(f"frames differ in size: {a.shape} vs {b.shape}")
    return float(np.mean(np.abs(a.astype(np.int16) - b.astype(np.int16))))


class StillnessDetector:
    """Feed it frames in order; ``feed`` is True for the frame that should be captured."""

    def __init__(self, options: StillnessOptions | None = None) -> None:
        self.options = options or StillnessOptions()
        self.reset()

    def reset(self) -> None:
        """Forget everything: the next frame becomes the reference."""
        self._previous: np.ndarray | None = None
        self._reference: np.ndarray | None = None
        self._still_since_ms: float | None = None
        self._still_frames = 0
        self.state = Motion.WAITING

    def captured(self, frame: np.ndarray | None = None) -> None:
        """A capture was taken (by hand, or ``feed`` said so): the picture now (or
        ``frame``) is the new reference, so the same page does not fire again."""
        ref = frame if frame is not None else self._previous
        if ref is not None:
            self._reference = np.array(ref, dtype=np.uint8, copy=True)
        self.state = Motion.WAITING

    def feed(self, frame: np.ndarray, t_ms: float) -> bool:
        """One grayscale frame (2-D uint8) at ``t_ms`` (any monotonic clock, ms).
        A frame of another size than the last starts over (the resolution changed)."""
        frame = np.asarray(frame, dtype=np.uint8)
        if frame.ndim != 2:
            raise ValueError("a grayscale frame is two-dimensional")
        if self._previous is None or self._previous.shape != frame.shape:
            self.reset()
            self._previous = frame.copy()
            self._reference = frame.copy()
            return False
        opts = self.options
        moving = mean_difference(frame, self._previous) >= opts.threshold
        self._previous = frame.copy()
        if moving:
            self._still_frames, self._still_since_ms = 0, None
            self.state = Motion.MOVING
            return False
        if self._still_since_ms is None:
            self._still_since_ms = t_ms
        self._still_frames += 1
        assert self._reference is not None
        if mean_difference(frame, self._reference) <= opts.change:
            self.state = Motion.WAITING
            return False
        if self._still_frames < opts.still_frames or t_ms - self._still_since_ms < opts.still_ms:
            self.state = Motion.SETTLING
            return False
        self._reference = frame.copy()
        self._still_frames, self._still_since_ms = 0, None
        self.state = Motion.CAPTURED
        return True
