"""The idle lock's Qt part: ``IdleWatch`` sees every key and mouse input to any of
the application's windows (an application-wide event filter) and asks, on a
timer, whether the window has been idle long enough (core.idle_lock.IdleLock, on
an injectable monotonic clock); ``LockScreen`` is what the locked window shows
instead of its contents. MainWindow does the locking (main_window.py)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (QApplication, QFormLayout, QFrame, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QVBoxLayout, QWidget)

from window_client.core.idle_lock import IdleLock
from window_client.core.roles import Clerk

CHECK_MS = 5000   # how often idleness is checked: the lock comes at most this late

INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate, QEvent.Type.InputMethod, QEvent.Type.TabletPress})


class IdleWatch(QObject):
    """Emits ``idle`` once the application has had no key or mouse input for
    ``lock.idle_s`` (checked every ``check_ms``). Installed on the application, so
    input to a dialog counts as much as input to the main window."""

    idle = Signal()

    def __init__(self, lock: IdleLock, parent: QObject | None = None, *,
                 check_ms: int = CHECK_MS) -> None:
        super().__init__(parent)
        self.lock = lock
        self.timer = QTimer(self)
        self.timer.setInterval(check_ms)
        self.timer.timeout.connect(self.check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in INPUT_EVENTS:
            self.lock.input()
        return False

    def check(self) -> None:
        if self.lock.due():
            self.idle.emit()

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class LockScreen(QWidget):
    """The hall and window, who is signed in, a password; 解锁 (the clerk, or a hall
    manager with their own account) and 切换人员 (another clerk signs in)."""

    unlock_requested = Signal(str, str)   # user name, password
    switch_requested = Signal(str, str)

    def __init__(self, hall: str, window_label: str, clerk: Clerk,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lock_screen")
        self.clerk = clerk
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        panel = QFrame()
        panel.setObjectName("lock_panel")
        panel.setMinimumWidth(520)
        box = QVBoxLayout(panel)
        box.setContentsMargins(32, 24, 32, 24)
        self.place_label = QLabel(f"{hall} · {window_label}")
        self.place_label.setObjectName("lock_place_label")
        self.place_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(self.place_label)
        self.title_label = QLabel(self.tr("已锁定"))
        self.title_label.setObjectName("lock_title_label")
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(self.title_label)
        self.who_label = QLabel(self.tr("窗口人员:%1(%2)").replace("%1", clerk.display_name)
                                .replace("%2", clerk.role_label))
        self.who_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(self.who_label)
        self.hint_label = QLabel(self.tr(
            "输入密码解锁,正在办理的内容原样保留;大厅管理员也可用自己的账号解锁。"
            "换人办理请输入新人员的用户名和密码,点“切换人员”(当前草稿保存在原人员名下)。"))
        self.hint_label.setObjectName("hint_label")
        self.hint_label.setWordWrap(True)
        box.addWidget(self.hint_label)
        form = QFormLayout()
        self.username_edit = QLineEdit()
        self.username_edit.setObjectName("lock_username_edit")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("lock_password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("用户名"), self.username_edit)
        form.addRow(self.tr("密码"), self.password_edit)
        box.addLayout(form)
        self.message_label = QLabel()
        self.message_label.setObjectName("lock_message_label")
        self.message_label.setProperty("role", "error")
        self.message_label.setWordWrap(True)
        box.addWidget(self.message_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.switch_button = QPushButton(self.tr("切换人员"))
        self.switch_button.setObjectName("lock_switch_button")
        self.switch_button.setAutoDefault(False)
        self.unlock_button = QPushButton(self.tr("解锁"))
        self.unlock_button.setObjectName("lock_unlock_button")
        self.unlock_button.setDefault(True)
        buttons.addWidget(self.switch_button)
        buttons.addWidget(self.unlock_button)
        box.addLayout(buttons)
        row.addWidget(panel)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.unlock_button.clicked.connect(lambda: self._request(self.unlock_requested))
        self.switch_button.clicked.connect(lambda: self._request(self.switch_requested))
        self.password_edit.returnPressed.connect(self.unlock_button.click)
        self.username_edit.returnPressed.connect(self.password_edit.setFocus)

    def _request(self, signal) -> None:
        signal.emit(self.username_edit.text(), self.password_edit.text())

    def reset(self) -> None:
        """As it shows when the window locks: the signed-in clerk's name, no
        password, no message; the cursor in the password."""
        self.username_edit.setText(self.clerk.username)
        self.password_edit.clear()
        self.message_label.clear()
        self.password_edit.setFocus()

    def refuse(self, message: str) -> None:
        """A refused try: the reason, the password field empty for the next try."""
        self.message_label.setText(message)
        self.password_edit.clear()
        self.password_edit.setFocus()

    def too_many(self, seconds: int) -> None:
        self.refuse(self.tr("密码错误次数过多,请%1秒后再试").replace("%1", str(seconds)))

