"""What each role sees of the devices and the 管理 section, on real widgets over a
real store: a clerk sees the devices read-only (and a save that got through anyway
is refused by the service, audited); an administrator changes them and has the
管理 section's tabs — printers, hall, accounts, backups — each saved through its
service."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from window_client.core.roles import Clerk
from window_client.settings import Settings, load_settings
from window_client.store.models import AuditRow

from .helpers import make_window

ADMIN = Clerk("zhaomin", "赵敏", "admin")


def _window(qtbot, tmp_path, catalog, clerk):
    settings_file = tmp_path / "config" / "settings.json"
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text(json.dumps({"hall_name": "于都县政务服务中心"}), encoding="utf-8")
    return make_window(qtbot, tmp_path, catalog, clerk=clerk,
                       settings=load_settings(settings_file), settings_file=settings_file)


def _actions(wiring, action):
    with Session(wiring.engine) as session:
        return [(r.clerk, r.detail) for r in
                session.scalars(select(AuditRow).where(AuditRow.action == action))]


@pytest.mark.parametrize("role", ["clerk", "manager"])
def test_only_an_administrator_changes_the_devices(qtbot, tmp_path, catalog, role):
    window, wiring = _window(qtbot, tmp_path, catalog, Clerk("wangli", "王丽", role))
    devices = window.device_settings
    assert devices.read_only_label.isVisibleTo(devices)
    assert not devices.kind_combo.isEnabled() and not devices.port_combo.isEnabled()
    assert not devices.hot_folder_edit.isEnabled() and not devices.choose_button.isEnabled()
    assert not devices.save_button.isVisibleTo(devices)
    assert devices.test_reader_button.isEnabled()   # testing what is set is everyone's
    assert window.admin_view is None
    # a save that got past the screen (a script, a stale build) stops in the service
    devices.kind_combo.setCurrentIndex(devices.kind_combo.findData("simulator"))
    assert not devices.save()
    assert "仅系统管理员" in devices.saved_label.text()
    assert load_settings(wiring.settings_file) == Settings(hall_name="于都县政务服务中心")
    assert _actions(wiring, "refused") == [
        ("wangli", f"permission=manage_devices method=Administration.save_devices role={role}")]


def test_an_administrator_changes_devices_printers_and_the_hall(qtbot, tmp_path, catalog):
    window, wiring = _window(qtbot, tmp_path, catalog, ADMIN)
    devices = window.device_settings
    assert not devices.read_only_label.isVisibleTo(devices) and devices.save_button.isVisibleTo(devices)
    devices.kind_combo.setCurrentIndex(devices.kind_combo.findData("serial"))
    devices.port_combo.setCurrentText("/dev/ttyUSB0")
    devices.save_button.click()
    assert devices.saved_label.text() == "已保存,重新登录后生效"
    admin = window.admin_view
    sections = admin.sections
    assert [sections.tabText(i) for i in range(sections.count())] == [
        "一件事", "打印机", "大厅信息", "账号", "备份与恢复"]
    admin.printers.printer_combos["printer_receipt"].setCurrentText("前台激光")
    admin.printers.slip_format_combo.setCurrentIndex(
        admin.printers.slip_format_combo.findData("a4"))
    admin.printers.save_button.click()
    admin.hall.edits["hall_name"].setText("")
    assert not admin.hall.save()
    assert "大厅名称" in admin.hall.status_label.text()
    admin.hall.edits["hall_name"].setText("章贡区政务服务中心")
    admin.hall.save_button.click()
    saved = load_settings(wiring.settings_file)
    assert (saved.idcard_reader, saved.idcard_port) == ("serial", "/dev/ttyUSB0")
    assert (saved.printer_receipt, saved.slip_format) == ("前台激光", "a4")
    assert saved.hall_name == "章贡区政务服务中心"
    assert _actions(wiring, "settings_changed") == [
        ("zhaomin", "section=devices keys=camera_device,camera_resolution,hot_folder,idcard_port,"
                    "idcard_reader,scanner_device"),
        ("zhaomin", "section=printers keys=printer_handover,printer_notice,printer_receipt,"
                    "printer_slip,silent_slip,slip_format"),
        ("zhaomin", "section=hall keys=hall_name,hall_phone,window_label")]
    assert _actions(wiring, "refused") == []


def test_an_administrator_manages_local_accounts(qtbot, tmp_path, catalog):
    window, wiring = _window(qtbot, tmp_path, catalog, ADMIN)
    wiring.accounts.create("zhaomin", "赵敏", "window2026", "admin")
    accounts = window.admin_view.accounts
    accounts.refresh()
    assert accounts.changes.isVisibleTo(accounts)
    accounts.username_edit.setText("zhouqi")
    accounts.display_name_edit.setText("周七")
    accounts.password_edit.setText("short")
    assert not accounts.create() and "密码至少8位" in accounts.status_label.text()
    accounts.password_edit.setText("window2026")
    assert accounts.create()
    assert accounts.table.rowCount() == 2
    accounts.select("zhouqi")
    assert accounts.toggle_button.text() == "停用所选账号"
    accounts.toggle_button.click()
    assert "已停用账号 zhouqi" in accounts.status_label.text()
    assert {a.username: a.active for a in wiring.accounts.accounts()} == {
        "zhaomin": True, "zhouqi": False}
    accounts.select("zhouqi")
    accounts.toggle_button.click()   # reactivated
    accounts.select("zhouqi")
    accounts.new_password_edit.setText("newpass2026")
    accounts.reset_button.click()
    assert wiring.accounts.sign_in("zhouqi", "newpass2026").username == "zhouqi"
    accounts.select("zhaomin")
    accounts.toggle_button.click()
    assert "不能停用自己" in accounts.status_label.text()


def test_an_online_install_lists_accounts_without_changing_them(qtbot, tmp_path, catalog):
    window, _ = make_window(qtbot, tmp_path, catalog, clerk=ADMIN, has_platform=True)
    accounts = window.admin_view.accounts
    assert not accounts.changes.isVisibleTo(accounts)


def test_an_administrator_backs_up_and_restores_and_the_window_signs_out(
        qtbot, tmp_path, catalog):
    window, wiring = _window(qtbot, tmp_path, catalog, ADMIN)
    backups = window.admin_view.backups
    assert backups.table.rowCount() == 0 and not backups.restore_button.isEnabled()
    assert backups.backup_now()
    assert backups.table.rowCount() == 1 and "已备份" in backups.status_label.text()
    backups.table.selectRow(0)
    assert backups.restore_button.isEnabled()
    with qtbot.waitSignal(window.sign_out_requested, timeout=2000):
        outcome = backups.restore_selected()
    assert outcome is not None and outcome.result.damaged_copy is not None
    assert [d for _, d in _actions(wiring, "backup_restored")] == [
        f"file={outcome.result.backup.path.name}"]
