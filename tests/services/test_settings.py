"""Declared settings: every default validates, a bad value in settings.json is
refused with a Chinese message naming the key and what is allowed — at load, in the
command line (exit 6, no traceback) and in --self-check (an 错误 line)."""

import json
import logging
from dataclasses import replace

import pytest

from tests.services.test_upgrade_and_selfcheck import run_main
from window_client.settings import (DEFAULTS, LABELS, Paths, Settings, SettingsError, allowed,
                                    load_settings, save_settings)


DISABLED_ALLOWED = "必须是一件事编号的列表,如 [\"newborn\"](小写字母开头,只含小写字母、数字和_)"


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_every_setting_has_a_chinese_label_and_a_description_of_what_is_allowed():
    assert set(LABELS) == set(DEFAULTS) and len(LABELS) >= 22
    for key, label in LABELS.items():
        assert label and all(not ("a" <= c.lower() <= "z") for c in label.replace("CA", "")
                             .replace("mm", "")), (key, label)
        assert allowed(key)
    assert allowed("slip_format") == "只能是 80mm、a4 之一"
    assert allowed("connect_timeout_s") == "必须是 1 到 120 之间的整数"


@pytest.mark.parametrize("key", sorted(DEFAULTS))
def test_every_default_validates_when_written_out(tmp_path, key):
    path = write(tmp_path / "settings.json", {key: DEFAULTS[key]})
    assert load_settings(path) == Settings()


def test_a_file_with_every_default_loads_as_the_defaults(tmp_path):
    path = write(tmp_path / "settings.json", DEFAULTS)
    assert load_settings(path) == Settings()
    assert load_settings(tmp_path / "absent.json") == Settings()


@pytest.mark.parametrize("key, value, expected", [
    ("slip_format", "a5", "只能是 80mm、a4 之一"),
    ("idcard_reader", "usb", "只能是 none、serial、vendor、simulator 之一"),
    ("connect_timeout_s", 0, "必须是 1 到 120 之间的整数"),
    ("read_timeout_s", 601, "必须是 1 到 600 之间的整数"),
    ("sync_interval_s", "15", "必须是 5 到 3600 之间的整数"),
    ("backup_keep", 2.5, "必须是 1 到 365 之间的整数"),
    ("silent_slip", 1, "只能是 true 或 false"),
    ("window_code", "W 01", "必须是1到16位字母、数字、-或_"),
    ("platform_url", "ftp://platform.example/api", "必须是以 http:// 或 https:// 开头的地址"),
    ("hall_name", "", "必须是非空的文字"),
    ("printer_slip", 3, "必须是文字(用双引号括起)"),
    ("disabled_one_things", ["Newborn"], DISABLED_ALLOWED),
    ("disabled_one_things", "newborn", DISABLED_ALLOWED),
    ("disabled_one_things", ["newborn", 3], DISABLED_ALLOWED),
])
def test_a_bad_value_is_refused_naming_the_key_and_what_is_allowed(tmp_path, key, value,
                                                                   expected):
    path = write(tmp_path / "settings.json", {key: value})
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    assert caught.value.problems == [
        f"{key}「{LABELS[key]}」{expected},文件中是 {json.dumps(value, ensure_ascii=False)}"]
    assert str(path) in str(caught.value)


def test_every_bad_key_is_named_in_declaration_order(tmp_path):
    path = write(tmp_path / "settings.json",
                 {"idcard_reader": "usb", "window_label": "综合窗口2号", "slip_format": "a5",
                  "connect_timeout_s": -1})
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    assert [p.split("「")[0] for p in caught.value.problems] == [
        "connect_timeout_s", "slip_format", "idcard_reader"]


@pytest.mark.parametrize("text, expected", [
    ("{\"slip_format\": \"a4\",", "不是有效的 JSON"),
    ("[1, 2]", "必须是一个 JSON 对象"),
])
def test_a_file_that_is_not_a_json_object_is_refused(tmp_path, text, expected):
    path = tmp_path / "settings.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError, match=expected):
        load_settings(path)


def test_unknown_keys_are_ignored_with_a_warning(tmp_path, caplog):
    path = write(tmp_path / "settings.json", {"slip_format": "a4", "from_a_newer_build": 1})
    with caplog.at_level(logging.WARNING, logger="window_client.settings"):
        assert load_settings(path) == Settings(slip_format="a4")
    assert "from_a_newer_build" in caplog.text


def test_settings_made_in_code_are_validated_too():
    with pytest.raises(ValueError):
        Settings(slip_format="a5")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        replace(Settings(), idcard_reader="usb")


def test_what_the_device_settings_screen_saves_round_trips(tmp_path):
    """The screen (qt/device_settings.py) saves ``replace(settings, reader, port,
    folder)`` with save_settings; every key is written and reads back the same."""
    changed = replace(Settings(window_code="W07", slip_format="a4", silent_slip=False,
                               backup_keep=30, proxy="http://10.0.0.1:3128"),
                      idcard_reader="serial", idcard_port="/dev/ttyUSB0",
                      hot_folder=str(tmp_path / "扫描"))
    path = tmp_path / "config" / "settings.json"
    save_settings(path, changed)
    assert set(json.loads(path.read_text(encoding="utf-8"))) == set(DEFAULTS)
    assert load_settings(path) == changed


def test_the_one_things_switched_off_load_as_a_tuple(tmp_path):
    path = write(tmp_path / "settings.json", {"disabled_one_things": ["newborn", "from_elsewhere"]})
    assert load_settings(path).disabled_one_things == ("newborn", "from_elsewhere")
    assert DEFAULTS["disabled_one_things"] == ()


def test_update_settings_changes_only_the_keys_given(tmp_path):
    """The 设备 and 管理 screens each save their own keys through update_settings:
    the file is read again, so neither undoes the other; unknown keys are kept."""
    from window_client.settings import update_settings
    path = write(tmp_path / "config" / "settings.json",
                 {"hall_name": "于都县政务服务中心", "hot_folder": "/srv/scan",
                  "from_a_newer_build": {"x": 1}})
    saved = update_settings(path, disabled_one_things=("newborn",))
    assert saved == Settings(hall_name="于都县政务服务中心", hot_folder="/srv/scan",
                             disabled_one_things=("newborn",))
    assert load_settings(path) == saved
    assert json.loads(path.read_text(encoding="utf-8"))["from_a_newer_build"] == {"x": 1}
    assert update_settings(tmp_path / "absent" / "settings.json", idcard_reader="simulator") == \
        Settings(idcard_reader="simulator")
    bad = write(tmp_path / "bad.json", {"slip_format": "a5"})
    with pytest.raises(SettingsError):
        update_settings(bad, disabled_one_things=())
    assert json.loads(bad.read_text(encoding="utf-8")) == {"slip_format": "a5"}


def test_self_check_warns_about_switched_off_ids_the_catalog_does_not_know(tmp_path):
    from window_client.selfcheck import Report, check_catalog
    paths = Paths(tmp_path / "config", tmp_path / "data", tmp_path / "logs")
    report = Report()
    check_catalog(report, paths, Settings(disabled_one_things=("newborn", "from_elsewhere")))
    text = report.render()
    assert "已配置175项,本大厅启用174项" in text
    assert "[提示] 一件事启用设置" in text and "from_elsewhere" in text and "newborn" not in \
        text.split("一件事启用设置")[1]
    assert report.exit_code == 0


def bad_home(tmp_path):
    home = tmp_path / "home"
    paths = Paths(home / "config", home / "data", home / "logs")
    write(paths.settings_file, {"slip_format": "a5", "idcard_reader": "usb"})
    return home, paths


def test_the_command_line_refuses_bad_settings_without_a_traceback(tmp_path):
    home, paths = bad_home(tmp_path)
    out = run_main(home, "cli", "sync", "status")
    assert out.returncode == 6, out.stdout + out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""
    assert f"错误:设置文件 {paths.settings_file} 有误" in out.stderr
    assert "slip_format「取件凭证格式」只能是 80mm、a4 之一,文件中是 \"a5\"" in out.stderr
    assert "idcard_reader「身份证读卡器」只能是 none、serial、vendor、simulator 之一" in out.stderr


def test_self_check_reports_bad_settings_as_errors(tmp_path):
    home, paths = bad_home(tmp_path)
    out = run_main(home, "--self-check")
    assert out.returncode == 1, out.stdout + out.stderr
    assert (f"[错误] 设置:{paths.settings_file}:slip_format「取件凭证格式」只能是 80mm、a4 之一"
            in out.stdout)
    assert (f"[错误] 设置:{paths.settings_file}:idcard_reader「身份证读卡器」只能是 none、serial、"
            "vendor、simulator 之一" in out.stdout)
    assert "[正常] 数据库" in out.stdout and "自检未通过" in out.stdout

