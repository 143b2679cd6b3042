"""The start's passphrase dialog (qt/recovery_dialog.py) driven with pytest-qt on
a real keyring: the first start sets the passphrase; a lost keyring recovers with
it, a wrong one is refused in the dialog and nothing is written."""

from __future__ import annotations

from window_client.qt.recovery_dialog import PassphraseDialog
from window_client.security.keys import SECRET_PREFIX, KeyManager

from .helpers import FAST_N, PASSPHRASE


def test_first_start_sets_then_a_lost_keyring_recovers(qtbot, tmp_path, secret_service):
    keys = KeyManager(tmp_path / "data", secret_service, scrypt_n=FAST_N)
    first = PassphraseDialog(keys, initialise=True)
    qtbot.addWidget(first)
    first.passphrase_edit.setText(PASSPHRASE)
    first.repeat_edit.setText(PASSPHRASE + "!")
    first.submit()
    assert "不一致" in first.message_label.text() and not keys.is_set()
    first.passphrase_edit.setText("short")
    first.repeat_edit.setText("short")
    first.submit()
    assert "12" in first.message_label.text() and not keys.is_set()
    first.passphrase_edit.setText(PASSPHRASE)
    first.repeat_edit.setText(PASSPHRASE)
    first.submit()
    assert first.result() == first.DialogCode.Accepted and first.key == keys.unlock()

    secret_service.delete_secret(SECRET_PREFIX + first.key.key_id)
    wrapped = keys.key_file.read_bytes()
    again = PassphraseDialog(keys, initialise=False, reason="lost")
    qtbot.addWidget(again)
    assert not again.repeat_edit.isVisibleTo(again)
    again.passphrase_edit.setText("a wrong passphrase 1")
    again.submit()
    assert "不正确" in again.message_label.text() and again.key is None
    assert keys.key_file.read_bytes() == wrapped
    assert secret_service.get_secret(SECRET_PREFIX + first.key.key_id) is None
    again.passphrase_edit.setText(PASSPHRASE)
    again.submit()
    assert again.key == first.key and keys.unlock() == first.key
