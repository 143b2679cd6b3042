import json
import subprocess
import sys
from pathlib import Path

from window_client.settings import Paths, Settings, save_settings
from window_client.store.db import open_database
from window_client.store.repository import CaseRepository

from .helpers import make_queued_cases

ROOT = Path(__file__).resolve().parents[2]


def run(home, *args, env_extra=None):
    import os
    env = dict(os.environ, WINDOW_CLIENT_HOME=str(home), **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "window_client", "sync", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=60)


def test_status_now_and_export(sandbox, tmp_path, catalog, monkeypatch, installed_key,
                               secret_service_env):
    home = tmp_path / "home"
    monkeypatch.setenv("WINDOW_CLIENT_HOME", str(home))
    paths = Paths.default()
    save_settings(paths.settings_file, Settings(platform_url=sandbox.url))
    cases = CaseRepository(open_database(paths.database, key=installed_key.key),
                           vault=installed_key.vault())
    ids = make_queued_cases(cases, catalog, 2, paths.data_dir / "materials")
    status = run(home, "status", env_extra=secret_service_env)
    assert status.returncode == 0 and "待提交2件" in status.stdout
    # nobody signed in online on this machine: sync says so, exits 1
    now = run(home, "now", env_extra=secret_service_env)
    assert now.returncode == 1 and "平台登录已失效" in now.stderr
    out = run(home, "export", str(tmp_path / "out"), env_extra=secret_service_env)
    assert out.returncode == 0 and "已导出2件" in out.stdout
    exported = sorted((tmp_path / "out").iterdir())
    assert [p.name for p in exported] == sorted(cases.get(i).provisional_no for i in ids)
    # the export is encrypted like the store (`cli security decrypt` reads it for IT)
    data = json.loads(installed_key.vault().read(exported[0] / "case.json").decode("utf-8"))
    assert len([p for p in exported[0].iterdir() if p.suffix == ".jpg"]) == 2
    assert data["submission"]["window_code"] == "W01"
    assert run(home, "export", env_extra=secret_service_env).returncode == 2
