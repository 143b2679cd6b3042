"""The scan check in the pages dialog: after a page is added, OCR reads it off the UI
thread (run_in_background, imaging/ocr.py) and core/material_check.py checks it
against the material's expected kinds and the people on the form. A warning shows
inline above the pages (never a modal box, never blocking the page); the clerk
either fixes the page or confirms it with one key — Enter on the warning's 确认无误
button (it takes the focus when a warning appears) or Ctrl+Enter anywhere in the
dialog. The confirmation goes to ``on_override(checks)`` (the acceptance session
audits it and keeps it in the material's note)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from window_client.core.material_check import MaterialCues, PageCheck, People, Verdict, check_page
from window_client.imaging.ocr import OcrUnavailable, TextReader, default_reader
from window_client.imaging.pipeline import Page

from .background import run_in_background

logger = logging.getLogger(__name__)


@dataclass
class ScanCheckContext:
    """What the pages dialog needs to check a material's pages: the material, the
    catalog's cues, who is on the form, and where a confirmation goes."""
    material_id: str
    cues: MaterialCues
    people: People = field(default_factory=People)
    on_override: Callable[[Sequence[PageCheck]], None] | None = None
    reader: TextReader | None = None   # default: the process's RapidOCR reader

    @property
    def checked(self) -> bool:
        return bool(self.cues.materials.get(self.material_id))


class ScanCheckBanner(QFrame):
    """The inline warning: what is wrong on which page, and 确认无误."""
    overridden = Signal(object)   # the PageChecks confirmed
    checked = Signal(str, object)  # page id, PageCheck (for tests and tools)

    def __init__(self, context: ScanCheckContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scan_check_banner")
        self.setStyleSheet("#scan_check_banner { background: #fff4e0; border: 1px solid #d08a00;"
                           " border-radius: 4px; } QLabel { color: #5a3a00; }")
        self.context = context
        self.reader = context.reader
        self.results: dict[str, PageCheck] = {}
        self.page_numbers: dict[str, int] = {}
        self.confirmed: set[str] = set()
        self.pending: set[str] = set()
        self._generation: dict[str, int] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.text = QLabel()
        self.text.setObjectName("scan_check_text")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.text, 1)
        self.confirm_button = QPushButton(self.tr("确认无误(Ctrl+Enter)"))
        self.confirm_button.setObjectName("scan_check_confirm")
        self.confirm_button.setAutoDefault(True)
        self.confirm_button.clicked.connect(self.override)
        layout.addWidget(self.confirm_button)
        self.shortcuts = []
        window = parent if parent is not None else self
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            sc = QShortcut(QKeySequence(keys), window)
            sc.setContext(Qt.ShortcutContext.WindowShortcut)
            sc.activated.connect(self._shortcut)
            self.shortcuts.append(sc)
        self.hide()

    # -- checking (OCR off the UI thread) ---------------------------------------------
    def page_added(self, page: Page, number: int) -> None:
        """Reads and checks ``page`` in the background; a rescan under the same id
        replaces the earlier result."""
        if not self.context.checked and not self.context.people.id_numbers:
            return
        self.page_numbers[page.id] = number
        self.results.pop(page.id, None)
        self.confirmed.discard(page.id)
        generation = self._generation.get(page.id, 0) + 1
        self._generation[page.id] = generation
        self.pending.add(page.id)
        reader = self.reader or default_reader()
        jpeg = page.jpeg()
        run_in_background(lambda: reader.read(jpeg),
                          lambda text, pid=page.id, g=generation: self._read(pid, g, text))

    def _read(self, page_id: str, generation: int, text: object) -> None:
        if not shiboken6.isValid(self):
            return  # the dialog closed while the page was read
        if self._generation.get(page_id) != generation or page_id not in self.pending:
            return  # a rescan or a delete came first
        self.pending.discard(page_id)
        if isinstance(text, OcrUnavailable):
            logger.warning("scan check off: %s", text)
            return
        if isinstance(text, Exception):
            return   # logged by run_in_background; the page stays as it is
        matched = any(r.verdict == Verdict.MATCH for pid, r in self.results.items()
                      if pid != page_id)
        check = check_page(str(text), self.context.material_id, self.context.cues,
                           self.context.people, material_matched=matched)
        logger.info("scan check of %s page %s: %s", self.context.material_id,
                    self.page_numbers.get(page_id), check.log_text())
        self.results[page_id] = check
        self.checked.emit(page_id, check)
        self._show()

    def page_removed(self, page_id: str) -> None:
        for table in (self.results, self.page_numbers):
            table.pop(page_id, None)
        self.pending.discard(page_id)
        self.confirmed.discard(page_id)
        self._show()

    def renumber(self, order: Sequence[str]) -> None:
        self.page_numbers = {pid: n for n, pid in enumerate(order, start=1)
                             if pid in self.page_numbers}
        self._show()

    # -- what the clerk sees ----------------------------------------------------------
    def open_warnings(self) -> list[tuple[str, PageCheck]]:
        return [(pid, c) for pid, c in self.results.items()
                if c.warns and pid not in self.confirmed]

    def _show(self) -> None:
        warned = sorted(self.open_warnings(), key=lambda pc: self.page_numbers.get(pc[0], 0))
        if not warned:
            self.hide()
            return
        lines = []
        for pid, check in warned:
            number = str(self.page_numbers.get(pid, "?"))
            lines += [self.tr("第%1页:%2").replace("%1", number).replace("%2", w)
                      for w in check.warnings]
        self.text.setText("\n".join(lines))
        was_hidden = self.isHidden()
        self.show()
        if was_hidden:
            self.confirm_button.setFocus()   # Enter confirms

    def _shortcut(self) -> None:
        if self.isVisible():
            self.override()

    def override(self) -> None:
        """The clerk confirms every page warned about now."""
        warned = self.open_warnings()
        if not warned:
            return
        checks = [c for _pid, c in warned]
        self.confirmed.update(pid for pid, _c in warned)
        if self.context.on_override is not None:
            self.context.on_override(checks)
        self.overridden.emit(checks)
        self._show()
