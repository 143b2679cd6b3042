from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from window_client.services.acceptance import AcceptanceSession


class WizardPage(QWidget):
    summary_label: QLabel
    scroll: QScrollArea

    """A page reads the session on ``enter`` and writes into it as the clerk works;
    ``changed`` tells the wizard to refresh the side panel and save the draft."""

    changed = Signal()
    step = ""

    def enter(self, session: AcceptanceSession) -> None:
        self.session = session

    def _summary_and_scroll(self) -> None:
        """The layout of the generated pages: a one-line summary over a scroll area."""
        layout = QVBoxLayout(self)
        self.summary_label = QLabel()
        self.summary_label.setObjectName("hint_label")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        layout.addWidget(self.scroll, 1)

    def leave(self) -> None:
        """Commit anything still pending in the widgets into the session."""

    def first_focus(self) -> QWidget | None:
        return None


class FieldsPage(WizardPage):
    """A page of FieldEditors in ``self.editors`` (key → editor): edits go into the
    session, Enter moves to the next field (and past the last, out of the page)."""

    editors: dict

    def _edited(self, key: str, text: str) -> None:
        self.session.set_value(key, text)
        self.changed.emit()

    def _reveal(self, widget: QWidget) -> None:
        """Scroll ``widget`` into view; pages in a scroll area override this."""

    def _focus_next(self, key: str) -> None:
        keys = list(self.editors)
        index = keys.index(key)
        if index + 1 < len(keys):
            nxt = self.editors[keys[index + 1]]
            self._reveal(nxt)
            nxt.setFocus()
        else:
            self.window().focusNextChild()
