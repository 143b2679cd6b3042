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


def run_main(home, *args):
    env = dict(os.environ, WINDOW_CLIENT_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_version():
    out = run_main("/nonexistent", "--version")
    assert out.returncode == 0 and out.stdout.strip() == f"window-client {__version__}"


def test_self_check_passes_on_a_fresh_machine(tmp_path):
    out = run_main(tmp_path / "home", "--self-check")
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


def test_ops_tools_through_the_entry_point(tmp_path):
    """An installed build has only the executable: `window-client cli …` reaches the
    command line tools."""
    out = run_main(tmp_path / "home", "cli", "sync", "status")
    assert out.returncode == 0 and "待提交0件" in out.stdout
    bad = run_main(tmp_path / "home", "cli", "plan", "不存在的一件事")
    assert bad.returncode == 2 and "目录中没有" in bad.stderr
