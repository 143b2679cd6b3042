"""The hall profile (hall.json, every OS account of the machine) under the user's
settings file, and provisional numbers unique per window across OS accounts."""

import json
import logging
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from window_client import cli
from window_client.core.storage_errors import NumberingUnavailable
from window_client.selfcheck import Report, check_numbering, check_settings
from window_client.settings import (HALL_KEYS, HallProfileReadOnly, Paths, Settings,
                                    SettingsError, SettingsFiles, load_layers, load_settings,
                                    update_settings)
from window_client.store.db import open_database
from window_client.store.numbering import SharedNumbers
from window_client.store.repository import CaseRepository
from window_client.wiring import shared_numbers

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).parent / "drivers" / "number_driver.py"


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def paths(tmp_path):
    home = tmp_path / "home"
    return Paths(home / "config", home / "data", home / "logs")


HALL = {"hall_name": "于都县政务服务中心", "window_code": "W02",
        "windows": {"W01": "综合窗口1号", "W02": "综合窗口2号"},
        "platform_url": "https://yc.example.gov.cn/api/v1", "material_retention_days": 60,
        "slip_format": "a4"}


def test_the_profile_is_the_machines_and_the_tests_own(tmp_path, paths):
    assert paths.hall_profile == tmp_path / "site" / "config" / "hall.json"
    assert paths.shared_numbers_dir == tmp_path / "site" / "data" / "numbers"
    assert paths.settings_files == SettingsFiles(paths.settings_file, paths.hall_profile)


def test_hall_wide_keys_come_from_the_profile_and_the_users_value_is_ignored(paths, caplog):
    write(paths.hall_profile, HALL)
    write(paths.settings_file, {"hall_name": "别的大厅", "window_code": "W09",
                                "printer_slip": "热敏打印机", "slip_format": "80mm"})
    with caplog.at_level(logging.WARNING, logger="window_client.settings"):
        loaded = load_layers(paths.settings_files)
    s = loaded.settings
    assert (s.hall_name, s.window_code, s.window_label) == ("于都县政务服务中心", "W02", "综合窗口2号")
    assert s.platform_url == "https://yc.example.gov.cn/api/v1" and s.material_retention_days == 60
    # per-user keys: the user's value over the profile's default over the built-in one
    assert (s.printer_slip, s.slip_format) == ("热敏打印机", "80mm")
    assert loaded.ignored == ("hall_name", "window_code") and "hall-wide keys ignored" in caplog.text
    assert loaded.windows == {"W01": "综合窗口1号", "W02": "综合窗口2号"}
    assert load_settings(paths.settings_file, profile=paths.hall_profile) == s
    # a per-user key the user did not set: the profile's default
    write(paths.settings_file, {})
    assert load_settings(paths.settings_files).slip_format == "a4"


def test_without_a_profile_the_user_file_holds_every_key_as_before(paths):
    write(paths.settings_file, {"hall_name": "别的大厅", "window_code": "W09"})
    loaded = load_layers(paths.settings_files)
    assert not loaded.layered and loaded.settings == Settings(hall_name="别的大厅", window_code="W09")


def test_a_bad_value_names_the_file_it_is_in(paths):
    write(paths.hall_profile, {**HALL, "backup_keep": 0})
    write(paths.settings_file, {"slip_format": "a5"})
    with pytest.raises(SettingsError) as caught:
        load_settings(paths.settings_files)
    assert caught.value.path == paths.hall_profile       # the profile's problems first
    assert caught.value.problems == ["backup_keep「数据库备份保留份数」必须是 1 到 365 之间的整数,文件中是 0"]
    assert str(paths.hall_profile) in str(caught.value)
    write(paths.hall_profile, HALL)
    with pytest.raises(SettingsError) as caught:
        load_settings(paths.settings_files)
    assert caught.value.path == paths.settings_file
    assert caught.value.problems[0].startswith("slip_format「取件凭证格式」只能是 80mm、a4 之一")


@pytest.mark.parametrize("change, expected", [
    ({"window_code": "W09"}, "window_code「窗口编码」必须是 windows「本大厅的窗口」中的一个(W01、W02),"
                             "文件中是 \"W09\""),
    ({"windows": {"W 1": "一号"}}, "windows「本大厅的窗口」必须是窗口编码到窗口名称的对象"),
    ({"windows": ["W01"]}, "windows「本大厅的窗口」必须是窗口编码到窗口名称的对象"),
])
def test_the_windows_of_the_hall_are_checked(paths, change, expected):
    write(paths.hall_profile, {**HALL, **change})
    with pytest.raises(SettingsError) as caught:
        load_settings(paths.settings_files)
    assert caught.value.path == paths.hall_profile and caught.value.problems[0].startswith(expected)


def test_a_profile_saved_by_notepad_with_a_bom_loads(paths):
    paths.hall_profile.parent.mkdir(parents=True)
    paths.hall_profile.write_bytes(b"\xef\xbb\xbf" + json.dumps(HALL).encode("utf-8"))
    assert load_settings(paths.settings_files).hall_name == "于都县政务服务中心"


def test_saving_routes_each_key_to_its_layer(paths):
    write(paths.hall_profile, HALL)
    write(paths.settings_file, {"printer_slip": "热敏打印机"})
    saved = update_settings(paths.settings_files, idcard_reader="simulator",
                            disabled_one_things=("newborn",))
    assert saved.idcard_reader == "simulator" and saved.disabled_one_things == ("newborn",)
    # the user file keeps what it had and what changed, no hall-wide key
    assert json.loads(paths.settings_file.read_text(encoding="utf-8")) == {
        "printer_slip": "热敏打印机", "idcard_reader": "simulator"}
    profile = json.loads(paths.hall_profile.read_text(encoding="utf-8"))
    assert profile == {**HALL, "disabled_one_things": ["newborn"]}
    assert load_settings(paths.settings_files) == saved
    files = paths.settings_files
    assert files.managed("disabled_one_things") and not files.managed("idcard_reader")


def test_a_hall_wide_key_is_not_saved_when_the_profile_is_read_only(paths, monkeypatch):
    """As an account without write access to hall.json (simulated: the tests run as
    root, for whom every file is writable; the next test is the real one)."""
    write(paths.hall_profile, HALL)
    before = paths.hall_profile.read_bytes()
    real_replace = os.replace

    def refused(src, dst):
        if Path(dst) == paths.hall_profile:
            raise PermissionError(13, "Permission denied")
        return real_replace(src, dst)
    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(HallProfileReadOnly) as caught:
        update_settings(paths.settings_files, urge_auto=False, idcard_reader="simulator")
    assert "urge_auto「超期自动催办」由大厅统一配置" in str(caught.value)
    assert str(paths.hall_profile) in str(caught.value) and "请由IT修改" in str(caught.value)
    assert paths.hall_profile.read_bytes() == before and not paths.settings_file.exists()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="root may write any file")
def test_a_read_only_profile_for_real(paths):
    write(paths.hall_profile, HALL)
    paths.hall_profile.chmod(0o444)
    paths.hall_profile.parent.chmod(0o555)
    try:
        assert not paths.settings_files.profile_writable
        with pytest.raises(HallProfileReadOnly):
            update_settings(paths.settings_files, urge_auto=False)
    finally:
        paths.hall_profile.parent.chmod(0o755)


def test_the_command_line_writes_a_checked_profile(paths, capsys):
    assert cli.main(["hall", "set", "hall_name=于都县政务服务中心", "window_code=W02",
                     'windows={"W01": "综合窗口1号", "W02": "综合窗口2号"}', "backup_keep=30"]) == 0
    assert json.loads(paths.hall_profile.read_text(encoding="utf-8"))["backup_keep"] == 30
    assert paths.shared_numbers_dir.is_dir()
    assert paths.shared_numbers_dir.stat().st_mode & 0o777 == 0o777
    # refused before anything is written
    before = paths.hall_profile.read_bytes()
    assert cli.main(["hall", "set", "window_code=W09"]) == 6
    assert "window_code「窗口编码」必须是 windows「本大厅的窗口」中的一个" in capsys.readouterr().err
    assert cli.main(["hall", "set", "no_such_key=1"]) == 2
    assert paths.hall_profile.read_bytes() == before
    assert cli.main(["hall", "show"]) == 0
    out = capsys.readouterr().out
    assert "window_label「窗口名称」= \"综合窗口2号\"  (大厅配置)" in out
    assert "slip_format「取件凭证格式」= \"80mm\"  (大厅默认/本账户)" in out


def test_every_hall_wide_key_is_declared_and_the_devices_stay_per_user():
    assert {"hall_name", "window_code", "platform_url", "material_retention_days",
            "backup_keep", "disabled_one_things", "urge_auto", "shared_dir"} <= HALL_KEYS
    assert not {"printer_slip", "slip_format", "idcard_reader", "idcard_port",
                "hot_folder"} & HALL_KEYS
    if "lock_minutes" in Settings.__pydantic_fields__:  # the idle lock's
        assert "lock_minutes" in HALL_KEYS


# -- provisional numbers across OS accounts ---------------------------------------

def account(tmp_path, name):
    home = tmp_path / name
    return Paths(home / "config", home / "data", home / "logs")


def repository(paths):
    settings = load_settings(paths.settings_files)
    return CaseRepository(open_database(paths.database), numbers=shared_numbers(paths, settings))


def draft(repo, code="W02"):
    return repo.create_draft(window_code=code, one_thing_id="newborn", catalog_version="t",
                             clerk="clerk").provisional_no


def numbers_in(database):
    with sqlite3.connect(database) as db:
        return [row[0] for row in db.execute("select provisional_no from cases")]


def test_two_accounts_creating_drafts_at_once_never_share_a_number(tmp_path):
    """Two processes, each with its own data directory and database (two OS
    accounts), the same machine directories: 2 × 100 drafts at once."""
    write(tmp_path / "site" / "config" / "hall.json", HALL)
    go = tmp_path / "go"
    procs = []
    for name in ("clerk_a", "clerk_b"):
        env = dict(os.environ, WINDOW_CLIENT_HOME=str(tmp_path / name),
                   WINDOW_CLIENT_SITE=str(tmp_path / "site"), PYTHONPATH=str(ROOT))
        procs.append(subprocess.Popen([sys.executable, str(DRIVER), "100", str(go)], env=env,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                      preexec_fn=lambda: os.umask(0o077)))
    for proc in procs:
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
    go.touch()
    issued = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        issued.append(json.loads(out))
    stored = [numbers_in(account(tmp_path, name).database) for name in ("clerk_a", "clerk_b")]
    assert [sorted(s) for s in stored] == [sorted(i) for i in issued]
    everything = stored[0] + stored[1]
    assert len(everything) == len(set(everything)) == 200
    # no gap either: one count for both accounts
    by_day = {}
    for no in everything:
        code, day, seq = no.split("-")
        assert code == "W02"
        by_day.setdefault(day, []).append(int(seq))
    assert all(sorted(seqs) == list(range(1, len(seqs) + 1)) for seqs in by_day.values())
    # the files are every account's, whatever the creator's umask
    shared = tmp_path / "site" / "data" / "numbers"
    assert {p.stat().st_mode & 0o777 for p in shared.iterdir()} == {0o666}


def test_the_database_is_the_floor_when_the_shared_file_is_lost_or_behind(tmp_path):
    write(tmp_path / "site" / "config" / "hall.json", HALL)
    a, b = repository(account(tmp_path, "a")), repository(account(tmp_path, "b"))
    assert [int(draft(r)[-4:]) for r in (a, a, b, a)] == [1, 2, 3, 4]
    assert sorted(int(n[-4:]) for n in numbers_in(a.engine.url.database)) == [1, 2, 4]
    # the shared files deleted: a continues above its own database (4), not at 1
    shared = tmp_path / "site" / "data" / "numbers"
    for f in shared.glob("*.seq"):
        f.unlink()
    assert int(draft(a)[-4:]) == 5
    # garbage in the file: the same
    (seq_file,) = shared.glob("W02-*.seq")
    seq_file.write_text("not a number", encoding="ascii")
    assert int(draft(a)[-4:]) == 6
    # a database restored from an old backup (here: a new one): the machine's count goes on
    fresh = repository(account(tmp_path, "c"))
    assert int(draft(fresh)[-4:]) == 7
    # a draft that fails after its number was counted leaves a gap, never a duplicate
    existing = a.create_draft(window_code="W02", one_thing_id="newborn", catalog_version="t",
                              clerk="clerk", case_id="fixed-id")
    assert existing.provisional_no.endswith("-0008")
    with pytest.raises(IntegrityError):
        a.create_draft(window_code="W02", one_thing_id="newborn", catalog_version="t",
                       clerk="clerk", case_id="fixed-id")
    assert int(draft(a)[-4:]) == 10
    # another window counts on its own
    assert draft(a, "W01").endswith("-0001")


def test_an_unwritable_shared_folder_creates_no_case_and_says_what_to_do(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    write(tmp_path / "site" / "config" / "hall.json", {**HALL, "shared_dir": str(blocker / "numbers")})
    paths = account(tmp_path, "a")
    repo = repository(paths)
    with pytest.raises(NumberingUnavailable) as caught:
        draft(repo)
    assert f"无法写入本机各账户共用的编号文件夹 {blocker / 'numbers'}" in str(caught.value)
    assert "请IT创建该文件夹并允许本机所有账户读写" in str(caught.value)
    assert repo.count() == 0
    report = Report()
    check_numbering(report, paths, load_settings(paths.settings_files))
    assert report.exit_code == 1 and report.lines[0][:2] == ("错误", "临时编号")


def test_without_profile_or_folder_numbers_stay_per_account_and_self_check_says_so(tmp_path):
    paths = account(tmp_path, "a")
    assert shared_numbers(paths, Settings()) is None
    report = Report()
    check_numbering(report, paths, Settings())
    assert report.lines[0][:2] == ("提示", "临时编号") and report.exit_code == 0
    paths.shared_numbers_dir.mkdir(parents=True)  # made by the installer
    assert shared_numbers(paths, Settings()) == SharedNumbers(paths.shared_numbers_dir)


def test_self_check_reports_the_profile_and_the_shared_folder(tmp_path):
    paths = account(tmp_path, "a")
    write(paths.hall_profile, HALL)
    write(paths.settings_file, {"platform_url": "https://other.example/api"})
    report = Report()
    settings = check_settings(report, paths)
    check_numbering(report, paths, settings)
    text = report.render()
    assert (f"[正常] 大厅配置:{paths.hall_profile}:于都县政务服务中心,窗口 W02(综合窗口2号),"
            "本大厅共2个窗口") in text
    assert "platform_url「一窗式综合服务平台地址」已忽略:由大厅统一配置" in text
    assert f"[正常] 临时编号:各账户共用 {paths.shared_numbers_dir}" in text
    paths.shared_numbers_dir.chmod(0o755)
    report = Report()
    check_numbering(report, paths, settings)
    assert report.lines[0][0] == "提示" and "只有本账户可写" in report.lines[0][2]


def test_the_example_profile_and_the_installers_folders_are_the_apps(tmp_path, monkeypatch):
    """installer/hall.json.example (shipped in the .deb, shown in README) loads; the
    folders the .deb's postinst makes are the ones the app reads without overrides."""
    example = ROOT / "installer" / "hall.json.example"
    loaded = load_layers(SettingsFiles(tmp_path / "none.json", example))
    assert loaded.layered and loaded.settings.window_label == "综合窗口2号"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert example.read_text(encoding="utf-8").rstrip() in readme
    assert readme.startswith("```\nbash tools/dev.sh run\nbash tools/dev.sh test\n```")
    if not sys.platform.startswith("linux"):
        return
    sys.path.insert(0, str(ROOT / "installer"))
    try:
        import build
    finally:
        sys.path.remove(str(ROOT / "installer"))
    monkeypatch.delenv("WINDOW_CLIENT_SITE")
    monkeypatch.delenv("XDG_CONFIG_DIRS", raising=False)
    machine = Paths(tmp_path / "c", tmp_path / "d", tmp_path / "l")
    assert machine.hall_profile == Path("/etc/xdg/window-client/hall.json")
    assert f"install -d -m 0777 {machine.shared_numbers_dir}" in build.POSTINST
    assert f"install -d -m 0755 {machine.site_config_dir}" in build.POSTINST
