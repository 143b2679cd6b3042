import json

from window_client.core.roles import Clerk
from window_client.qt.device_settings import DeviceSettingsView
from window_client.services.administration import Administration
from window_client.settings import Settings, load_settings
from window_client.store.accounts import ClerkAccounts
from window_client.store.db import open_database


def test_reader_test_and_saving(qtbot, tmp_path):
    settings_file = tmp_path / "settings.json"
    view = DeviceSettingsView(Administration(
        Clerk("zhaomin", "赵敏", "admin"), Settings(), settings_file,
        ClerkAccounts(open_database(tmp_path / "w.sqlite3")), local_accounts=True))
    qtbot.addWidget(view)
    view.kind_combo.setCurrentIndex(view.kind_combo.findData("simulator"))
    view.test_reader_button.click()
    qtbot.waitUntil(lambda: "读卡器工作正常" in view.reader_result.text()
                    or "未通过" in view.reader_result.text(), timeout=15000)
    assert "读卡器工作正常" in view.reader_result.text(), view.reader_result.text()
    assert "********" in view.reader_result.text()
    view.kind_combo.setCurrentIndex(view.kind_combo.findData("serial"))
    view.port_combo.setCurrentText("/dev/ttyNOPE0")
    view.test_reader_button.click()
    qtbot.waitUntil(lambda: "未通过" in view.reader_result.text(), timeout=15000)
    view.hot_folder_edit.setText(str(tmp_path))
    view.test_scanner_button.click()
    qtbot.waitUntil(lambda: "文件导入" in view.scanner_result.text(), timeout=15000)
    assert "共享文件夹:可用" in view.scanner_result.text()
    assert "文件导入:始终可用" in view.scanner_result.text()
    view.save()
    saved = load_settings(settings_file)
    assert saved.idcard_reader == "serial" and saved.idcard_port == "/dev/ttyNOPE0"
    assert saved.hot_folder == str(tmp_path)
    assert "password" not in json.loads(settings_file.read_text(encoding="utf-8"))


def test_the_document_camera_is_chosen_and_saved_per_user(qtbot, tmp_path):
    """No camera here: the list offers the system default, and a saved camera that
    is not connected stays chosen (with its resolution) until an admin changes it."""
    settings_file = tmp_path / "settings.json"
    saved_camera = "/dev/video7"
    admin = Administration(Clerk("zhaomin", "赵敏", "admin"),
                           Settings(camera_device=saved_camera, camera_resolution="2592x1944"),
                           settings_file, ClerkAccounts(open_database(tmp_path / "w.sqlite3")),
                           local_accounts=True)
    view = DeviceSettingsView(admin)
    qtbot.addWidget(view)
    cameras = [view.camera_combo.itemData(n) for n in range(view.camera_combo.count())]
    assert cameras == ["", saved_camera]
    assert view.camera_combo.currentData() == saved_camera
    assert "未连接" in view.camera_combo.currentText()
    assert "未检测到摄像头" in view.camera_note.text()
    assert view.camera_resolution_combo.currentData() == "2592x1944"
    assert "不支持" in view.camera_resolution_combo.currentText()
    assert view.save()
    saved = load_settings(settings_file)
    assert (saved.camera_device, saved.camera_resolution) == (saved_camera, "2592x1944")
    view.camera_combo.setCurrentIndex(0)           # the system default, its largest
    assert view.camera_resolution_combo.currentData() == ""
    assert view.save()
    saved = load_settings(settings_file)
    assert (saved.camera_device, saved.camera_resolution) == ("", "")
    clerk_view = DeviceSettingsView(Administration(
        Clerk("wangli", "王丽", "clerk"), saved, settings_file,
        ClerkAccounts(open_database(tmp_path / "c.sqlite3")), local_accounts=True))
    qtbot.addWidget(clerk_view)
    assert not clerk_view.camera_combo.isEnabled()
    assert not clerk_view.camera_resolution_combo.isEnabled()
