"""The data key at the window's start (security/keys.py), for hall IT:
- the very first start of an installation (no key yet, the installer's
  ``security init`` was not run — e.g. the checkout's demo): IT sets the recovery
  passphrase, twice; the key is made, kept by the keyring, and an existing plain
  store is encrypted in place afterwards;
- the keyring lost the key (reinstalled OS, another login) or holds another one:
  IT types the recovery passphrase; a wrong one is refused and nothing changes.
The passphrase is never kept: the dialog holds the key it got, nothing else."""

from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout,
                               QWidget)

from window_client.security.keys import DataKey, KeyManager, KeyProblem


class PassphraseDialog(QDialog):
    """``initialise``: set a new passphrase (and so the key); otherwise recover."""

    def __init__(self, manager: KeyManager, *, initialise: bool, reason: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.manager = manager
        self.initialise = initialise
        self.key: DataKey | None = None
        layout = QVBoxLayout(self)
        if initialise:
            self.setWindowTitle(self.tr("设置数据恢复口令"))
            intro = self.tr(
                "本机的办件数据(数据库、扫描件、备份)将加密保存,密钥由系统密钥环保管。"
                "请信息技术人员设置恢复口令:重装系统或密钥环丢失时,只有凭此口令才能恢复数据。"
                "口令至少12个字符,含字母、数字或符号中的至少两类。"
                "请把口令抄写后密封保管;口令和密钥环都丢失时,数据将无法恢复。")
        else:
            self.setWindowTitle(self.tr("输入数据恢复口令"))
            intro = reason + "\n" + self.tr("口令错误时不会修改任何数据。")
        self.intro_label = QLabel(intro)
        self.intro_label.setWordWrap(True)
        layout.addWidget(self.intro_label)
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setObjectName("passphrase_edit")
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setPlaceholderText(self.tr("恢复口令"))
        layout.addWidget(self.passphrase_edit)
        self.repeat_edit = QLineEdit()
        self.repeat_edit.setObjectName("repeat_edit")
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit.setPlaceholderText(self.tr("再次输入恢复口令"))
        self.repeat_edit.setVisible(initialise)
        layout.addWidget(self.repeat_edit)
        self.message_label = QLabel()
        self.message_label.setObjectName("message_label")
        self.message_label.setProperty("role", "error")
        self.message_label.setWordWrap(True)
        layout.addWidget(self.message_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("设置") if initialise else self.tr("恢复"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(520, self.sizeHint().height())

    def submit(self) -> None:
        text = self.passphrase_edit.text()
        if self.initialise and text != self.repeat_edit.text():
            self.message_label.setText(self.tr("两次输入的恢复口令不一致,请重新输入"))
            return
        try:
            self.key = (self.manager.initialise(text) if self.initialise
                        else self.manager.recover(text))
        except KeyProblem as exc:   # WrongPassphrase, WeakPassphrase, KeyringMissing …
            self.message_label.setText(str(exc))
            self.passphrase_edit.selectAll()
            self.passphrase_edit.setFocus()
            return
        finally:
            self.repeat_edit.clear()
        self.passphrase_edit.clear()
        self.accept()
