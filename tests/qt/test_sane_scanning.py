"""A SANE scanner from the window, against SANE's test backend (tests/sane_backend.py):
chosen in 设备 from the devices libsane lists and saved; the pages dialog's 扫描
button scans a page off the UI thread into the material, and a scanner that has
gone says so in Chinese, keeps the pages already there and scans again once back."""

import threading

import pypdfium2 as pdfium

from window_client.core import messages
from window_client.core.roles import Clerk
from window_client.imaging import sources
from window_client.qt.device_settings import DeviceSettingsView
from window_client.qt.pages_dialog import PagesDialog
from window_client.services.administration import Administration
from window_client.settings import Settings, load_settings
from window_client.store.accounts import ClerkAccounts
from window_client.store.db import open_database


def test_choosing_a_sane_scanner_in_the_device_settings(qtbot, tmp_path):
    settings_file = tmp_path / "settings.json"
    view = DeviceSettingsView(Administration(
        Clerk("zhaomin", "赵敏", "admin"), Settings(), settings_file,
        ClerkAccounts(open_database(tmp_path / "w.sqlite3")), local_accounts=True))
    qtbot.addWidget(view)
    assert view.sane_device() == ""
    view.find_sane_button.click()
    qtbot.waitUntil(lambda: view.sane_device_combo.count() == 3, timeout=15000)
    assert [view.sane_device_combo.itemData(n) for n in range(3)] == ["", "test:0", "test:1"]
    assert "找到2台扫描仪" in view.scanner_result.text()
    view.sane_device_combo.setCurrentIndex(2)
    view.test_scanner_button.click()
    qtbot.waitUntil(lambda: "文件导入" in view.scanner_result.text(), timeout=15000)
    assert "SANE扫描仪:可用" in view.scanner_result.text()
    assert view.save()
    assert load_settings(settings_file).scanner_device == "test:1"
    view.sane_device_combo.setEditText("test:7")   # typed, not listed
    view.test_scanner_button.click()
    qtbot.waitUntil(lambda: "test:7" in view.scanner_result.text(), timeout=15000)
    assert messages.SANE_DEVICE_GONE.format(device="test:7") in view.scanner_result.text()


def test_the_scan_button_scans_off_the_ui_thread_and_survives_the_scanner_going(
        qtbot, sane_test_backend, monkeypatch):
    threads = []
    acquire = sources.SaneSource.acquire

    def recorded(self):
        threads.append(threading.current_thread())
        return acquire(self)

    monkeypatch.setattr(sources.SaneSource, "acquire", recorded)
    attached = []
    dialog = PagesDialog("户口簿", lambda name, data: attached.append((name, data)) or name,
                         scanner_device="test:0")
    qtbot.addWidget(dialog)
    plain = PagesDialog("户口簿", lambda *a: None)   # no scanner set: no button
    qtbot.addWidget(plain)
    assert not plain.scan_button.isVisibleTo(plain)
    assert dialog.scan_button.isVisibleTo(dialog)
    dialog.scan_button.click()
    assert not dialog.scan_button.isEnabled()
    qtbot.waitUntil(lambda: len(dialog.pages) == 1 and dialog.busy == 0, timeout=15000)
    assert threads and threads[0] is not threading.main_thread()
    assert dialog.page_list.count() == 1 and dialog.scan_button.isEnabled()
    with sane_test_backend.unplugged():
        dialog.scan_button.click()
        qtbot.waitUntil(lambda: dialog.busy == 0 and "扫描未成功" in dialog.status_label.text(),
                        timeout=15000)
    assert messages.SANE_DEVICE_GONE.format(device="test:0") in dialog.status_label.text()
    assert len(dialog.pages) == 1 and dialog.done_button.isEnabled()   # nothing lost
    dialog.scan_button.click()   # plugged in again
    qtbot.waitUntil(lambda: len(dialog.pages) == 2 and dialog.busy == 0, timeout=15000)
    dialog.finish()
    ((name, data),) = attached
    assert name == "material.pdf"
    assert len(pdfium.PdfDocument(data)) == 2
