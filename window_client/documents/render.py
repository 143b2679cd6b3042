"""One entry point for every printed document: ``render(kind, data)`` → PDF bytes."""

from __future__ import annotations

from collections.abc import Callable

from .data import DocumentCase, GuideData, HandoverData
from .guide import render_guide
from .handover import render_handover
from .notice import render_notice
from .pickup_slip import render_slip_80mm, render_slip_a4
from .receipt import render_receipt

RENDERERS: dict[str, tuple[type, Callable[..., bytes]]] = {
    "receipt": (DocumentCase, render_receipt),
    "notice": (DocumentCase, render_notice),
    "slip_a4": (DocumentCase, render_slip_a4),
    "slip_80mm": (DocumentCase, render_slip_80mm),
    "guide": (GuideData, render_guide),
    "handover": (HandoverData, render_handover),
}
KINDS = tuple(RENDERERS)
TITLES = {"receipt": "受理回执", "notice": "一次性告知书", "slip_a4": "取件凭证(A4)",
          "slip_80mm": "取件凭证(80毫米热敏纸)", "guide": "办事指南", "handover": "出件登记单"}


def render(kind: str, data: DocumentCase | GuideData | HandoverData, *,
           reprint: bool = False) -> bytes:
    """The document ``kind`` (one of KINDS) of ``data`` as PDF bytes. ``data`` is a
    DocumentCase for receipt, notice and the slips, a GuideData for the guide and a
    HandoverData for the handover record. ``reprint`` marks the paper 补打."""
    try:
        expected, renderer = RENDERERS[kind]
    except KeyError:
        raise ValueError(f"unknown document kind {kind!r}; one of {', '.join(KINDS)}") from None
    if not isinstance(data, expected):
        raise TypeError(f"{kind} needs {expected.__name__}, got {type(data).__name__}")
    return renderer(data, reprint=reprint)
