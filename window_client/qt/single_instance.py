"""One running window per profile (data directory). The first instance holds a
lock file in the data directory (QLockFile: a lock left by a killed process is
stale and taken over) and listens on a local socket named after a hash of the
directory; a second instance finds the lock held, asks the first over the socket
to bring its window forward, and exits. Two profiles on one machine (two
$WINDOW_CLIENT_HOME) run side by side."""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QWidget

logger = logging.getLogger(__name__)

LOCK_NAME = "instance.lock"
ACTIVATE = b"activate\n"


def server_name(data_dir: Path) -> str:
    key = os.path.normcase(str(Path(data_dir).resolve()))
    return "window-client-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


class SingleInstance(QObject):
    """``acquire()`` True: this is the first instance (keep the object alive while
    the app runs). False: another one runs and was asked to come forward."""

    activation_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        data_dir.mkdir(parents=True, exist_ok=True)
        self.name = server_name(data_dir)
        self.lock = QLockFile(str(data_dir / LOCK_NAME))
        self.lock.setStaleLockTime(0)   # only a dead owner makes it stale, never age
        self.server: QLocalServer | None = None

    def acquire(self, wait_ms: int = 3000) -> bool:
        if self.lock.tryLock(200):
            self._listen()
            return True
        # another instance holds the lock; it may still be starting its server
        waited = 0
        while waited < wait_ms:
            if self._ask_to_activate():
                return False
            if self.lock.tryLock(200):  # it went away meanwhile
                self._listen()
                return True
            waited += 400
        logger.warning("another instance holds the lock but does not answer")
        return False

    def _ask_to_activate(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(200):
            return False
        socket.write(ACTIVATE)
        socket.flush()
        socket.waitForBytesWritten(1000)
        socket.waitForReadyRead(1000)  # the first answers "ok" once it raised its window
        socket.disconnectFromServer()
        return True

    def _listen(self) -> None:
        QLocalServer.removeServer(self.name)   # a socket left by a killed instance
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self.server.listen(self.name):
            logger.warning("single-instance server not listening: %s", self.server.errorString())
            return
        self.server.newConnection.connect(self._on_connection)
        logger.info("single instance: listening")

    def _on_connection(self) -> None:
        while self.server is not None and self.server.hasPendingConnections():
            conn = self.server.nextPendingConnection()
            conn.readyRead.connect(lambda c=conn: self._on_message(c))
            conn.disconnected.connect(conn.deleteLater)
            if conn.bytesAvailable():
                self._on_message(conn)

    def _on_message(self, conn: QLocalSocket) -> None:
        data = bytes(conn.readAll())
        if ACTIVATE.strip() in data:
            logger.info("single instance: a second start brought this window forward")
            self.activation_requested.emit()
            conn.write(b"ok\n")
            conn.flush()

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        self.lock.unlock()


def bring_forward() -> QWidget | None:
    """Raises the window the clerk works in: a modal dialog (sign-in) when one is
    open, else the main window. Returns it."""
    app = QApplication.instance()
    if app is None:
        return None
    target = QApplication.activeModalWidget()
    if target is None:
        visible = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        mains = [w for w in visible if w.inherits("QMainWindow")]
        target = (mains or visible or [None])[0]
    if target is None:
        return None
    if target.isMinimized():
        target.showNormal()
    target.raise_()
    target.activateWindow()
    logger.info("window brought forward: %s", target.metaObject().className())
    return target
