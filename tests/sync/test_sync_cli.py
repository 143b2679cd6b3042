import json
import subprocess
import sys
from pathlib import Path

from window_client.settings import Paths, Settings, save_settings
from window_client.store.db import open_database
from window_client.store.repository import CaseRepository

from .helpers import make_queued_cases

ROOT = Path(__file__).resolve().parents[2]


def run(home, *args):
    import os
    env = dict(os.environ, WINDOW_CLIENT_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "window_client", "sync", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=60)


def test_status_now_and_export(sandbox, tmp_path, catalog, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("WINDOW_CLIENT_HOME", str(home))
    paths = Paths.default()
    save_settings(paths.settings_file, Settings(platform_url=sandbox.url))
    cases = CaseRepository(open_database(paths.database))
    ids = make_queued_cases(cases, catalog, 2, paths.data_dir / "materials")
    status = run(home, "status")
    assert status.returncode == 0 and "待提交2件" in status.stdout
    # no keyring on this machine and nobody signed in online: sync says so, exits 1
    now = run(home, "now")
    assert now.returncode == 1 and "平台登录已失效" in now.stderr
    out = run(home, "export", str(tmp_path / "out"))
    assert out.returncode == 0 and "已导出2件" in out.stdout
    exported = sorted((tmp_path / "out").iterdir())
    assert [p.name for p in exported] == sorted(cases.get(i).provisional_no for i in ids)
    data = json.loads((exported[0] / "case.json").read_text(encoding="utf-8"))
    assert len([p for p in exported[0].iterdir() if p.suffix == ".jpg"]) == 2
    assert data["submission"]["window_code"] == "W01"
    assert run(home, "export").returncode == 2
