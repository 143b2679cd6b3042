"""The 管理 sections under a hall profile this account cannot write: the hall-wide
keys are shown read-only with 由大厅统一配置, and a save is refused naming the file."""

import json

from window_client.qt.admin_view import HallPanel, OneThingsPanel
from window_client.settings import HALL_MANAGED, Paths, SettingsFiles, load_settings

from .test_admin_view import administration


def test_hall_sections_are_read_only_when_the_profile_is_the_halls(qtbot, tmp_path, catalog,
                                                                   monkeypatch):
    paths = Paths(tmp_path / "config", tmp_path / "data", tmp_path / "logs")
    paths.hall_profile.parent.mkdir(parents=True)
    paths.hall_profile.write_text(json.dumps({"disabled_one_things": ["newborn"],
                                              "hall_name": "于都县政务服务中心"}), encoding="utf-8")
    files = paths.settings_files
    admin = administration(tmp_path / "db", load_settings(files), files)
    writable = HallPanel(admin)
    qtbot.addWidget(writable)
    assert writable.save_button.isEnabled() and writable.read_only == ""
    # as an account that may not write hall.json (the tests run as root)
    monkeypatch.setattr(SettingsFiles, "profile_writable", property(lambda self: False))
    panel = OneThingsPanel(catalog, admin)
    qtbot.addWidget(panel)
    assert HALL_MANAGED in panel.hint_label.text() and str(paths.hall_profile) in panel.hint_label.text()
    assert not panel.save_button.isEnabled() and not panel.table.isEnabled()
    hall = HallPanel(admin)
    qtbot.addWidget(hall)
    assert HALL_MANAGED in hall.status_label.text() and not hall.save_button.isEnabled()
    assert hall.edits["hall_name"].isReadOnly() and hall.edits["hall_name"].text() == "于都县政务服务中心"
    # a user file alone (no profile): as before
    plain = HallPanel(administration(tmp_path / "db2", load_settings(paths.settings_file),
                                     paths.settings_file))
    qtbot.addWidget(plain)
    assert plain.save_button.isEnabled()
