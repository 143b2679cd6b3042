"""The citizen's handwritten signature, as strokes: what a touch screen or a
signature pad (acting as a tablet or a mouse) drew in the signature box.

Kept as points, not pixels: the strokes are checked (too few, too short, too small,
outside the box: refused with a Chinese message), stored encrypted with the case
(services/citizen.py) and drawn at any size for the screen and the printed papers
(imaging/signature.py). No Qt here: the pad (qt/signature_pad.py) hands over plain
coordinates in the box's own pixels, with the box's size.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass

from . import messages

FORMAT = 1
#: a name in Chinese has at least two characters, each of several strokes; a single
#: tap or a lone line is not a signature
MIN_STROKES = 2
#: the ink's whole length, in box heights: a two-character name is several times
#: the box's height in ink
MIN_INK_HEIGHTS = 1.5
#: the signed area, as shares of the box: a signature, not a dot in a corner
MIN_WIDTH_SHARE = 0.15
MIN_HEIGHT_SHARE = 0.12
#: strokes shorter than this (in box pixels) are specks and do not count
MIN_STROKE_PX = 4.0
#: points further out than this share of the box (a pen slipping off the edge) are refused
OUTSIDE_SLACK = 0.02
MAX_POINTS = 20_000   # a bound on what is kept (a stuck pen would draw forever)


Point = tuple[float, float, int]   # x, y in box pixels; milliseconds since the first point


@dataclass(frozen=True)
class Signature:
    width: int                              # the box's size when it was drawn, in pixels
    height: int
    strokes: tuple[tuple[Point, ...], ...]

    @classmethod
    def of(cls, width: int, height: int,
           strokes: Sequence[Sequence[Sequence[float]]]) -> Signature:
        """From plain lists (a pad's strokes, or JSON): points are (x, y) or (x, y, ms)."""
        out = []
        for stroke in strokes:
            pts = tuple((float(p[0]), float(p[1]), int(p[2]) if len(p) > 2 else 0)
                        for p in stroke)
            if pts:
                out.append(pts)
        return cls(int(width), int(height), tuple(out))

    # -- measures ----------------------------------------------------------------
    @property
    def point_count(self) -> int:
        return sum(len(s) for s in self.strokes)

    @staticmethod
    def stroke_length(stroke: Sequence[Point]) -> float:
        return sum(math.dist(a[:2], b[:2]) for a, b in zip(stroke, stroke[1:], strict=False))

    def counted_strokes(self) -> list[tuple[Point, ...]]:
        """The strokes that are ink, not specks (a tap of the finger is a speck)."""
        return [s for s in self.strokes if self.stroke_length(s) >= MIN_STROKE_PX]

    def ink_length(self) -> float:
        return sum(self.stroke_length(s) for s in self.counted_strokes())

    def bounds(self) -> tuple[float, float, float, float] | None:
        """(left, top, right, bottom) of the counted ink, or None without ink."""
        pts = [p for s in self.counted_strokes() for p in s]
        if not pts:
            return None
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return min(xs), min(ys), max(xs), max(ys)

    # -- the check -------------------------------------------------------------
    def problem(self) -> str | None:
        """Why this is not accepted as a signature (a Chinese message for the
        citizen), or None."""
        if self.width <= 0 or self.height <= 0 or self.point_count > MAX_POINTS:
            return messages.SIGNATURE_DAMAGED
        counted = self.counted_strokes()
        if not counted:
            return messages.SIGNATURE_EMPTY
        slack_x, slack_y = self.width * OUTSIDE_SLACK, self.height * OUTSIDE_SLACK
        for s in self.strokes:
            for x, y, _t in s:
                if not (-slack_x <= x <= self.width + slack_x
                        and -slack_y <= y <= self.height + slack_y):
                    return messages.SIGNATURE_OUTSIDE
        if len(counted) < MIN_STROKES:
            return messages.SIGNATURE_TOO_FEW_STROKES
        if self.ink_length() < MIN_INK_HEIGHTS * self.height:
            return messages.SIGNATURE_TOO_SHORT
        bounds = self.bounds()
        assert bounds is not None
        left, top, right, bottom = bounds
        if right - left < MIN_WIDTH_SHARE * self.width \
                or bottom - top < MIN_HEIGHT_SHARE * self.height:
            return messages.SIGNATURE_TOO_SMALL
        return None

    # -- storage -----------------------------------------------------------------
    def to_json(self) -> bytes:
        return json.dumps({"format": FORMAT, "width": self.width, "height": self.height,
                           "strokes": [[[round(x, 1), round(y, 1), t] for x, y, t in s]
                                       for s in self.strokes]},
                          separators=(",", ":")).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes | str) -> Signature:
        """Raises SignatureDamaged when the data is not a signature of this format."""
        try:
            raw = json.loads(data)
            if raw.get("format") != FORMAT:
                raise ValueError(raw.get("format"))
            return cls.of(raw["width"], raw["height"], raw["strokes"])
        except (ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
            raise SignatureDamaged(messages.SIGNATURE_DAMAGED) from exc


class SignatureDamaged(ValueError):
    """Stored signature data that cannot be read (a Chinese message)."""


class SignatureRefused(ValueError):
    """A signature that does not pass the check (the Chinese message for the citizen)."""
