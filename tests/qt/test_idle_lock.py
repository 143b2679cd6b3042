"""The idle lock through the real window, a real SQLite file and a fake monotonic
clock: idle minutes lock the window and hide the case (and its dialogs); input
resets the count; the clerk's own password brings the wizard back exactly as it
was; a wrong one is refused; a hall manager unlocks the clerk's session; another
clerk switching in leaves the draft under the first clerk and starts fresh; and the
app's own loop (qt/app.run) switches, signs out (the refresh token goes) and comes
back to sign-in."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QWidget

import pytest

from window_client.core.passwords import hash_password
from window_client.qt.main_window import MainWindow
from window_client.services.messages import UNLOCK_NOT_PERMITTED
from window_client.settings import Settings
from window_client.store.accounts import ClerkAccounts

from .helpers import make_wiring, type_text

PASSWORD = "window2026"


class FakeClock:
    """Monotonic seconds that move only when told."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock():
    return FakeClock()


def local_wiring(tmp_path, catalog, **settings):
    wiring = make_wiring(tmp_path, catalog, Settings(**settings))
    # the same accounts table, with a cheap hash so that the tests stay fast
    wiring.accounts = ClerkAccounts(wiring.engine, hasher=lambda p: hash_password(p, n=2 ** 10))
    for username, name, role in (("wangli", "王丽", "clerk"), ("lisi", "李四", "manager"),
                                 ("zhaomin", "赵敏", "clerk")):
        wiring.accounts.create(username, name, PASSWORD, role)
    return wiring


def signed_in_window(qtbot, wiring, clock, username="wangli"):
    """The window as qt/app.run builds it after sign-in (the wiring's after-sign-in
    path), on the fake clock, checking idleness every 10 ms."""
    sign_in = wiring.sign_in_service()
    result = sign_in.sign_in(username, PASSWORD)
    window = MainWindow(wiring.after_sign_in(result, sign_in), clock=clock, lock_check_ms=10)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()    # as at the counter: shortcuts go to the active window
    qtbot.waitUntil(window.isActiveWindow, timeout=1000)
    return window


def start_and_type(window, name="李娜"):
    """A newborn case on the applicant page, the applicant's name typed."""
    w = window.acceptance
    w.start_case("newborn")
    w.go_next()
    assert w.current_step() == "applicant"
    line = w.pages["applicant"].editors["applicant.name"].line
    type_text(line, name)
    return line


def readable_texts(root: QWidget) -> list[str]:
    """Every text a person could read on ``root`` now: visible labels, fields and
    buttons."""
    out = []
    for kind in (QLabel, QLineEdit, QAbstractButton):
        for widget in root.findChildren(kind):
            if widget.isVisible():
                out.append(widget.text())
    return out


def actions(wiring) -> list[tuple[str, str, str]]:
    return [(a.clerk, a.action, a.detail) for a in wiring.cases.audit()
            if a.action.startswith(("lock", "unlock", "clerk_switched", "sign_out"))]


def try_unlock(window, username, password, button="unlock"):
    screen = window.lock_screen
    screen.username_edit.setText(username)
    screen.password_edit.setText(password)
    (screen.unlock_button if button == "unlock" else screen.switch_button).click()


def test_idle_minutes_lock_the_window_and_hide_the_case(qtbot, tmp_path, catalog, clock):
    wiring = local_wiring(tmp_path, catalog, lock_minutes=3)
    window = signed_in_window(qtbot, wiring, clock)
    line = start_and_type(window)
    case_id = window.acceptance.session.case.id
    details = window.cases_view.open_details(case_id)   # a dialog over the window
    assert details.isVisible()
    clock.advance(3 * 60 - 1)
    qtbot.wait(60)                     # the check runs, one second short: still open
    assert not window.locked and line.isVisible()
    QTest.keyClick(line, Qt.Key.Key_End)   # the clerk's key: the count starts again
    clock.advance(60)
    qtbot.wait(60)
    assert not window.locked           # 3 minutes since the start, 1 since the key
    clock.advance(2 * 60)
    qtbot.waitUntil(lambda: window.locked, timeout=2000)
    assert window.screens.currentWidget() is window.lock_screen
    assert not window.contents.isVisible() and not line.isVisible()
    assert not details.isVisible()     # the case details are hidden too
    shown = " ".join(readable_texts(window))
    assert "李娜" not in shown and "王丽" in shown and wiring.settings.hall_name in shown
    assert case_id not in shown and window.acceptance.session.case.provisional_no not in shown
    assert not window.statusBar().isVisible()
    qtbot.waitUntil(window.lock_screen.password_edit.hasFocus, timeout=1000)
    assert actions(wiring) == [("wangli", "lock", "reason=idle")]
    # the draft was saved when the window locked
    assert wiring.cases.get(case_id).applicant_name == "李娜"
    try_unlock(window, "wangli", PASSWORD)
    assert not window.locked and details.isVisible() and line.isVisible()


def test_the_clerk_unlocks_to_the_wizard_as_it_was(qtbot, tmp_path, catalog, clock):
    wiring = local_wiring(tmp_path, catalog)
    window = signed_in_window(qtbot, wiring, clock)
    line = start_and_type(window, "李")
    w = window.acceptance
    phone = w.pages["applicant"].editors["contact.mobile"].line
    type_text(phone, "1390797")    # typed, the debounced save not yet run
    QTest.keyClick(phone, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)   # 锁屏
    assert window.locked and not phone.isVisible()
    # a wrong password: refused on the lock screen, the field emptied, still locked
    try_unlock(window, "wangli", "wrong2026")
    assert window.locked
    assert window.lock_screen.message_label.text() == "用户名或密码不正确"
    assert window.lock_screen.password_edit.text() == ""
    try_unlock(window, "wangli", PASSWORD)
    assert not window.locked and window.screens.currentWidget() is window.contents
    assert w.current_step() == "applicant"
    assert line.text() == "李" and phone.text() == "1390797" and phone.hasFocus()
    assert w.session.state.values["contact.mobile"] == "1390797"
    assert window.clerk.username == "wangli"
    assert actions(wiring) == [("wangli", "lock", "reason=by_hand"),
                               ("wangli", "unlock_failed", "for=wangli"),
                               ("wangli", "unlock", "for=wangli")]


def test_five_wrong_passwords_make_everyone_wait(qtbot, tmp_path, catalog, clock):
    wiring = local_wiring(tmp_path, catalog)
    window = signed_in_window(qtbot, wiring, clock)
    window.lock_by_hand()
    for _ in range(5):
        try_unlock(window, "wangli", "wrong2026")
    assert "请60秒后再试" in window.lock_screen.message_label.text()
    try_unlock(window, "wangli", PASSWORD)       # the right one, too soon
    assert window.locked and "秒后再试" in window.lock_screen.message_label.text()
    clock.advance(60)
    try_unlock(window, "wangli", PASSWORD)
    assert not window.locked


def test_a_manager_unlocks_the_clerks_session_another_clerk_may_not(qtbot, tmp_path,
                                                                     catalog, clock):
    wiring = local_wiring(tmp_path, catalog)
    window = signed_in_window(qtbot, wiring, clock)
    line = start_and_type(window)
    window.lock_by_hand()
    try_unlock(window, "zhaomin", PASSWORD)      # a clerk, not this window's: refused
    assert window.locked
    assert window.lock_screen.message_label.text() == UNLOCK_NOT_PERMITTED.format(name="王丽")
    try_unlock(window, "lisi", PASSWORD)         # the hall manager
    assert not window.locked
    assert window.clerk.username == "wangli" and line.text() == "李娜"
    assert "李四" in window.statusBar().currentMessage()
    assert actions(wiring)[-2:] == [("zhaomin", "unlock_refused", "for=wangli"),
                                    ("lisi", "unlock", "for=wangli")]


def test_another_clerk_saves_the_draft_under_the_first_and_starts_fresh(qtbot, tmp_path,
                                                                         catalog, clock):
    wiring = local_wiring(tmp_path, catalog)
    window = signed_in_window(qtbot, wiring, clock)
    start_and_type(window)
    phone = window.acceptance.pages["applicant"].editors["contact.mobile"].line
    type_text(phone, "13907971234")   # not saved yet: the switch saves it
    case_id = window.acceptance.session.case.id
    window.lock_by_hand()
    try_unlock(window, "zhaomin", "wrong2026", button="switch")
    assert window.locked and window.lock_screen.message_label.text() == "用户名或密码不正确"
    with qtbot.waitSignal(window.clerk_switched) as switched:
        try_unlock(window, "zhaomin", PASSWORD, button="switch")
    draft = wiring.cases.get(case_id)
    assert draft.created_by == "wangli" and draft.state == "draft"
    assert draft.form_values["contact.mobile"] == "13907971234"
    # it is the first clerk's to resume, not the new clerk's
    first = wiring.for_clerk(window.clerk).cases.latest_draft()
    assert first is not None and first.id == case_id
    assert actions(wiring)[-2:] == [("wangli", "sign_out", ""),
                                    ("zhaomin", "clerk_switched", "from=wangli")]
    # the new clerk's window, built by the after-sign-in path as qt/app.run does
    result = switched.args[0]
    assert result.clerk.username == "zhaomin"
    fresh = MainWindow(wiring.after_sign_in(result, wiring.sign_in_service()), clock=clock)
    qtbot.addWidget(fresh)
    fresh.show()
    assert fresh.clerk.username == "zhaomin" and fresh.acceptance.session is None
    assert fresh.acceptance.current_step() == "pick" and fresh.pending_draft() is None
    assert "赵敏" in fresh.header_label.text()


def test_a_question_in_its_own_loop_is_cancelled_by_the_lock(qtbot, tmp_path, catalog, clock):
    """A modal question (exec: a loop of its own, blocking every other window) would
    keep the lock screen from taking a password: locking answers it with its
    cancel button, and the lock screen takes input."""
    from PySide6.QtWidgets import QMessageBox
    wiring = local_wiring(tmp_path, catalog)
    window = signed_in_window(qtbot, wiring, clock)
    QTimer.singleShot(50, window.lock_by_hand)
    safety = QTimer(window)
    safety.setSingleShot(True)
    safety.timeout.connect(lambda: QApplication.activeModalWidget()
                           and QApplication.activeModalWidget().done(0))
    safety.start(5000)
    answer = QMessageBox.question(window, "?", "?")
    assert safety.isActive(), "the lock did not end the question"
    assert answer != QMessageBox.StandardButton.Yes and window.locked
    assert QApplication.activeModalWidget() is None
    try_unlock(window, "wangli", PASSWORD)
    assert not window.locked


def test_lock_minutes_come_from_the_settings(qtbot, tmp_path, catalog, clock):
    wiring = local_wiring(tmp_path, catalog, lock_minutes=10)
    window = signed_in_window(qtbot, wiring, clock)
    clock.advance(9 * 60 + 59)
    qtbot.wait(60)
    assert not window.locked
    clock.advance(1)
    qtbot.waitUntil(lambda: window.locked, timeout=2000)
    assert Settings().lock_minutes == 5


def test_no_sign_in_service_no_lock(qtbot, main_window):
    """A window built without the sign-in service (tools, most tests) never locks."""
    assert main_window.idle is None and main_window.lock_button is None
    main_window.lock_by_hand()
    assert not main_window.locked and main_window.contents.isVisible()


def test_the_apps_loop_switches_clerks_and_signs_out_without_a_token(qtbot, tmp_path, catalog,
                                                                     monkeypatch, secret_service):
    """qt/app.run as the counter PC runs it, against the sandbox platform: 王丽 signs
    in, types, locks; 李四 switches in (王丽's token goes, her draft stays hers) and
    gets a fresh window; 退出登录 deletes 李四's token and shows sign-in again."""
    from platform_sandbox.testing import SandboxServer
    from window_client.platform.secrets import SecretStore
    from window_client.qt import app as app_module
    from window_client.qt.sign_in_dialog import SignInDialog

    ring = secret_service.backend   # the real Secret Service (tests/secret_service.py)
    token = ("window-client", "W01:{}:refresh_token")
    monkeypatch.setattr(app_module, "make_application", lambda argv: QApplication.instance())
    monkeypatch.setattr(app_module, "install_excepthook", lambda active: None)
    monkeypatch.setattr(app_module, "MaintenanceTimer",
                        type("NoMaintenance", (), {"__init__": lambda self, *a: None,
                                                   "run_now": lambda self: None}))
    monkeypatch.setattr(MainWindow, "start_sync", lambda self: None)   # not what is tested
    seen: dict = {"windows": [], "sign_in_dialogs": 0}
    done = []

    def top(kind):
        return next((w for w in QApplication.topLevelWidgets()
                     if isinstance(w, kind) and w.isVisible()), None)

    def sign_in_as(username, password):
        dialog = top(SignInDialog)
        if dialog is None:
            return False
        seen["sign_in_dialogs"] += 1
        dialog.ui.username_edit.setText(username)
        dialog.ui.password_edit.setText(password)
        dialog.submit()
        return True

    def first_window():
        window = top(MainWindow)
        if window is None:
            return False
        seen["windows"].append(window)
        assert ring.get_password(token[0], token[1].format("wangli"))
        window.acceptance.start_case("newborn")
        window.acceptance.go_next()
        type_text(window.acceptance.pages["applicant"].editors["applicant.name"].line, "李娜")
        seen["case"] = window.acceptance.session.case.id
        window.lock_by_hand()
        try_unlock(window, "lisi", "counter2026", button="switch")
        return True

    def second_window():
        window = top(MainWindow)
        if window is None or window is seen["windows"][0]:
            return False
        seen["windows"].append(window)
        seen["fresh"] = (window.clerk.username, window.acceptance.session,
                         window.acceptance.current_step())
        seen["tokens_after_switch"] = (ring.get_password(token[0], token[1].format("wangli")),
                                       ring.get_password(token[0], token[1].format("lisi")))
        window.sign_out_button.click()
        return True

    def back_at_sign_in():
        dialog = top(SignInDialog)
        if dialog is None:
            return False
        seen["sign_in_dialogs"] += 1
        seen["tokens_after_sign_out"] = ring.get_password(token[0], token[1].format("lisi"))
        dialog.reject()
        return True

    steps = [lambda: sign_in_as("wangli", "window2026"), first_window, second_window,
             back_at_sign_in]

    def drive():
        if steps and steps[0]():
            steps.pop(0)
        if steps and not done:
            QTimer.singleShot(20, drive)

    with SandboxServer(db=tmp_path / "platform.sqlite3") as sandbox:
        wiring = make_wiring(tmp_path, catalog, Settings(platform_url=sandbox.url),
                             has_platform=True, secrets=SecretStore(ring))
        QTimer.singleShot(20, drive)
        QTimer.singleShot(30000, lambda: done.append("timeout"))
        code = app_module.run([], wiring)
    done.append("returned")
    assert code == 0 and not steps, steps
    assert seen["sign_in_dialogs"] == 2     # at the start, and after signing out
    assert seen["fresh"] == ("lisi", None, "pick")
    assert seen["tokens_after_switch"][0] is None and seen["tokens_after_switch"][1]
    assert seen["tokens_after_sign_out"] is None
    draft = wiring.cases.get(seen["case"])
    assert draft.created_by == "wangli" and draft.applicant_name == "李娜"
    assert [a.action for a in wiring.cases.audit() if a.clerk == "lisi"][-3:] == \
        ["sign_in_online", "clerk_switched", "sign_out"]
