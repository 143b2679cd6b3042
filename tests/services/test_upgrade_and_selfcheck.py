"""--version and --self-check of the real entry point, and the upgrade path: a
database left by an older build is migrated on first start, keeping drafts, the
outbox and the settings."""

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from window_client import __version__
from window_client.core.case_state import CaseState
from window_client.settings import Paths, Settings, load_settings, save_settings
from window_client.store.db import current_revision, head_revision, make_engine, migrate, open_database
from window_client.store.repository import CaseRepository
from window_client.store.sync_repository import SyncRepository

ROOT = Path(__file__).resolve().parents[2]


def run_main(home, *args, env_extra=None):
    env = dict(os.environ, WINDOW_CLIENT_HOME=str(home), QT_QPA_PLATFORM="offscreen",
               **(env_extra or {}))
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_version():
    out = run_main("/nonexistent", "--version")
    assert out.returncode == 0 and out.stdout.strip() == f"window-client {__version__}"


def test_self_check_passes_on_a_fresh_machine(tmp_path, installed_key, secret_service_env):
    """A fresh install: IT has set the data key (`cli security init`), the keyring
    holds it, nothing else is there yet."""
    out = run_main(tmp_path / "home", "--self-check", env_extra=secret_service_env)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "[正常] 数据库" in out.stdout and "[正常] 一件事目录:共186项" in out.stdout
    assert "打印字体" in out.stdout and "界面字体" in out.stdout and "自检通过" in out.stdout


def test_self_check_fails_on_a_broken_database(tmp_path):
    home = tmp_path / "home"
    paths = Paths(home / "config", home / "data", home / "logs")
    paths.data_dir.mkdir(parents=True)
    paths.database.write_bytes(b"this is not a database" * 100)
    out = run_main(home, "--self-check")
    assert out.returncode == 1 and "[错误] 数据库" in out.stdout and "自检未通过" in out.stdout


def test_upgrade_from_an_older_build_keeps_drafts_outbox_and_settings(tmp_path):
    home = tmp_path / "home"
    paths = Paths(home / "config", home / "data", home / "logs")
    # what the build of revision 0003 left behind: a draft, a queued case, settings
    engine = make_engine(paths.database)
    migrate(engine, "0003")
    now = "2026-11-20 09:00:00"
    with engine.begin() as conn:
        for case_id, no, state, meta in (
                ("draft-1", "W05-20261120-0001", "draft", {"step": "form", "via_agent": False}),
                ("queued-1", "W05-20261120-0002", "queued", {"step": "done"})):
            conn.execute(text(
                "INSERT INTO cases (id, provisional_no, window_code, one_thing_id, catalog_version,"
                " state, applicant_name, applicant_id_number, answers_json, form_json, revision,"
                " created_by, created_at, updated_at, meta_json) VALUES (:id, :no, 'W05', 'newborn',"
                " 'old', :state, '李娜', '11010519491231002X', '{\"register_household\": true}',"
                " '{\"child.name\": \"张小明\"}', 4, 'wangli', :now, :now, :meta)"),
                {"id": case_id, "no": no, "state": state, "now": now, "meta": json.dumps(meta)})
    engine.dispose()
    save_settings(paths.settings_file, Settings(window_code="W05", hall_name="于都县政务服务中心",
                                                idcard_reader="serial", idcard_port="/dev/ttyUSB0"))
    before = paths.settings_file.read_text(encoding="utf-8")
    # first start of the newer build
    out = run_main(home, "--self-check")
    assert "[正常] 数据库" in out.stdout, out.stdout + out.stderr
    engine = open_database(paths.database)
    assert current_revision(engine) == head_revision()
    cases = CaseRepository(engine)
    draft = cases.get("draft-1")
    assert draft.state == CaseState.DRAFT and draft.form_values == {"child.name": "张小明"}
    assert draft.meta["step"] == "form" and draft.revision == 4
    assert [q.case_id for q in SyncRepository(engine).queued()] == ["queued-1"]
    cases.save_draft("draft-1", clerk="wangli", answers=draft.answers,
                     form_values={**draft.form_values, "child.sex": "male"})
    assert paths.settings_file.read_text(encoding="utf-8") == before
    settings = load_settings(paths.settings_file)
    assert settings.window_code == "W05" and settings.idcard_port == "/dev/ttyUSB0"
    assert "[提示] 身份证读卡器:串口 /dev/ttyUSB0 不存在" in out.stdout


def test_ops_tools_through_the_entry_point(tmp_path, installed_key, secret_service_env):
    """An installed build has only the executable: `window-client cli …` reaches the
    command line tools."""
    out = run_main(tmp_path / "home", "cli", "sync", "status", env_extra=secret_service_env)
    assert out.returncode == 0 and "待提交0件" in out.stdout
    bad = run_main(tmp_path / "home", "cli", "plan", "不存在的一件事")
    assert bad.returncode == 2 and "目录中没有" in bad.stderr


# -- the Qt binding ---------------------------------------------------------------

def test_binding_check_names_a_known_bad_release_from_its_version():
    from window_client.selfcheck import KNOWN_BAD_BINDINGS, Report, check_binding
    assert "6.12.0" in KNOWN_BAD_BINDINGS
    for drift in (None, {"None": 0, "True": 0, "False": 0}):
        report = Report()
        check_binding(report, "6.12.0", drift)
        assert report.exit_code == 1
        text = report.render()
        assert "[错误] Qt绑定:PySide6 6.12.0 是已知有缺陷的版本" in text
        assert "none_dealloc" in text and "PySide6-Essentials 6.11.3" in text
    good = Report()
    check_binding(good, "6.11.3", {"None": 1, "True": 0, "False": 0})
    assert good.exit_code == 0 and good.lines == [
        ("正常", "Qt绑定", "PySide6 6.11.3,引用计数稳定(1000次调用后None +1、True +0、False +0)")]


def test_binding_check_reports_a_drift_beyond_the_bound_for_any_version():
    from window_client.selfcheck import BINDING_DRIFT_BOUND, Report, check_binding
    for drift in ({"None": -998, "True": 0, "False": 0},
                  {"None": 0, "True": -(BINDING_DRIFT_BOUND + 1), "False": 0},
                  {"None": 0, "True": 0, "False": BINDING_DRIFT_BOUND + 1}):
        report = Report()
        check_binding(report, "6.13.0", drift)  # a release nobody has judged yet
        assert report.exit_code == 1, drift
        level, what, detail = report.lines[0]
        assert (level, what) == ("错误", "Qt绑定")
        assert detail.startswith("PySide6 6.13.0 引用计数异常:1000次无返回值的Qt调用后")
        assert "PySide6-Essentials 6.11.3" in detail


def test_binding_measurement_on_the_installed_binding(qapp):
    """The measurement itself, on the real binding: the pinned release does not
    drift (on 6.12.0 the same call gives None about −1000)."""
    import PySide6

    from window_client.qt.selfcheck_qt import measure_binding_drift
    from window_client.selfcheck import (BINDING_DRIFT_BOUND, KNOWN_BAD_BINDINGS, Report,
                                         check_binding)
    assert PySide6.__version__ not in KNOWN_BAD_BINDINGS
    drift = measure_binding_drift()
    assert set(drift) == {"None", "True", "False"}
    assert all(abs(change) <= BINDING_DRIFT_BOUND for change in drift.values()), drift
    report = Report()
    check_binding(report, PySide6.__version__, drift)
    assert report.lines[0][:2] == ("正常", "Qt绑定")
    assert f"PySide6 {PySide6.__version__}" in report.lines[0][2]


def test_self_check_reports_the_binding(tmp_path):
    import PySide6
    out = run_main(tmp_path / "home", "--self-check")
    assert f"[正常] Qt绑定:PySide6 {PySide6.__version__},引用计数稳定" in out.stdout, \
        out.stdout + out.stderr
