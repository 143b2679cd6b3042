"""Sign-in for local clerk accounts; on the very first start the same dialog
creates the first account (role: system administrator)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from window_client.core.roles import AccountError, Clerk
from window_client.services.sign_in import SignInResult, SignInService

from .forms.ui_sign_in_dialog import Ui_SignInDialog


class SignInDialog(QDialog):
    def __init__(self, sign_in: SignInService, hall: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_SignInDialog()
        self.ui.setupUi(self)
        self.service = sign_in
        self.clerk: Clerk | None = None
        self.result_info: SignInResult | None = None
        # with a platform, its accounts sign in here; a first local account is only
        # needed when there is neither a platform nor a local account
        self.first_run = sign_in.first_run()
        self.ui.title_label.setText(self.tr("一件事一次办 综合窗口 · %1").replace("%1", hall))
        self.ui.message_label.setProperty("role", "error")
        for w in (self.ui.display_name_label, self.ui.display_name_edit,
                  self.ui.confirm_label, self.ui.confirm_edit):
            w.setVisible(self.first_run)
        if self.first_run:
            self.setWindowTitle(self.tr("创建第一个账号"))
            self.ui.intro_label.setText(self.tr(
                "本机还没有窗口人员账号。请创建第一个账号(系统管理员),之后可用它登录。"
                "密码至少8位,须同时包含字母和数字。"))
        ok = self.ui.button_box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("创建并登录") if self.first_run else self.tr("登录"))
        self.ui.button_box.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("退出"))
        self.ui.button_box.accepted.connect(self.submit)
        self.ui.button_box.rejected.connect(self.reject)
        self.ui.username_edit.setFocus()

    def submit(self) -> None:
        ui = self.ui
        username, password = ui.username_edit.text(), ui.password_edit.text()
        try:
            if self.first_run:
                self.result_info = self.service.create_first_account(
                    username, ui.display_name_edit.text(), password, ui.confirm_edit.text())
            else:
                self.result_info = self.service.sign_in(username, password)
            self.clerk = self.result_info.clerk
        except AccountError as exc:
            ui.message_label.setText(str(exc))
            ui.password_edit.selectAll()
            ui.password_edit.setFocus()
            return
        self.accept()
