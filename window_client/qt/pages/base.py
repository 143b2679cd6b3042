from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from window_client.services.acceptance import AcceptanceSession


class WizardPage(QWidget):
    """A page reads the session on ``enter`` and writes into it as the clerk works;
    ``changed`` tells the wizard to refresh the side panel and save the draft."""

    changed = Signal()
    step = ""

    def enter(self, session: AcceptanceSession) -> None:
        self.session = session

    def leave(self) -> None:
        """Commit anything still pending in the widgets into the session."""

    def first_focus(self) -> QWidget | None:
        return None
