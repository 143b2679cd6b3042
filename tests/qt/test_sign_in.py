from PySide6.QtWidgets import QDialogButtonBox

from window_client.core.passwords import N
from window_client.store.accounts import ClerkAccounts
from window_client.store.db import open_database

from .helpers import type_text


def fast_accounts(tmp_path):
    from window_client.core.passwords import hash_password
    return ClerkAccounts(open_database(tmp_path / "acc.sqlite3"),
                         hasher=lambda p: hash_password(p, n=2 ** 10))


def local(accounts):
    """Sign-in without a platform: local accounts only."""
    from window_client.services.sign_in import SignInService
    return SignInService(accounts, client_factory=None, secrets=None, window_code="W01")


def ok_button(dialog):
    return dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Ok)


def test_first_run_creates_the_first_account(qtbot, tmp_path):
    from window_client.qt.sign_in_dialog import SignInDialog
    accounts = fast_accounts(tmp_path)
    dialog = SignInDialog(local(accounts), "赣州市政务服务中心")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.first_run and dialog.ui.confirm_edit.isVisible()
    type_text(dialog.ui.username_edit, "wangli")
    type_text(dialog.ui.display_name_edit, "王丽")
    type_text(dialog.ui.password_edit, "short")
    type_text(dialog.ui.confirm_edit, "short")
    ok_button(dialog).click()
    assert dialog.ui.message_label.text() == "密码至少8位" and dialog.clerk is None
    dialog.ui.password_edit.setText("window2026")
    dialog.ui.confirm_edit.setText("window2025")
    ok_button(dialog).click()
    assert dialog.ui.message_label.text() == "两次输入的密码不一致"
    dialog.ui.confirm_edit.setText("window2026")
    ok_button(dialog).click()
    assert dialog.clerk is not None and dialog.clerk.role == "admin"
    assert dialog.result() == dialog.DialogCode.Accepted


def test_sign_in_and_wrong_password(qtbot, tmp_path):
    from window_client.qt.sign_in_dialog import SignInDialog
    accounts = fast_accounts(tmp_path)
    accounts.create("lisi", "李四", "counter2026")
    dialog = SignInDialog(local(accounts), "大厅")
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.first_run and not dialog.ui.confirm_edit.isVisible()
    type_text(dialog.ui.username_edit, "lisi")
    type_text(dialog.ui.password_edit, "counter2025")
    ok_button(dialog).click()
    assert dialog.ui.message_label.text() == "用户名或密码不正确"
    dialog.ui.password_edit.setText("counter2026")
    ok_button(dialog).click()
    assert dialog.clerk.display_name == "李四"


def test_passwords_are_stored_only_as_slow_salted_hashes(tmp_path):
    import sqlite3
    accounts = ClerkAccounts(open_database(tmp_path / "acc.sqlite3"))
    accounts.create("zhaomin", "赵敏", "secret2026")
    with sqlite3.connect(tmp_path / "acc.sqlite3") as conn:
        stored = conn.execute("SELECT password_hash FROM clerks").fetchone()[0]
    assert "secret2026" not in stored and stored.startswith(f"scrypt${N}$")
    audit = [a.action for a in __import__("window_client.store.repository",
                                          fromlist=["x"]).CaseRepository(
        open_database(tmp_path / "acc.sqlite3")).audit()]
    assert audit == ["clerk_created"]
