"""The sandbox as a process: ready line, persistence across a kill, isolation."""

import re
import signal
import subprocess
import uuid
from pathlib import Path

import pytest
import requests

from platform_sandbox.testing import start_subprocess

from .conftest import submission

ROOT = Path(__file__).resolve().parents[2]


def _sign_in(url):
    r = requests.post(url + "/auth/sign-in", timeout=10, json={
        "username": "wangli", "password": "window2026", "window_code": "W01"})
    r.raise_for_status()
    return {"Authorization": "Bearer " + r.json()["access_token"]}


@pytest.mark.slow
def test_cases_survive_a_killed_server(tmp_path):
    db = tmp_path / "platform.db"
    proc, url = start_subprocess(db=db, no_background=True)
    try:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/api/v1", url)
        headers = _sign_in(url)
        client_uuid = str(uuid.uuid4())
        body = submission()
        first = requests.put(f"{url}/cases/{client_uuid}", json=body, headers=headers, timeout=10)
        assert first.status_code == 201
    finally:
        proc.kill()
        proc.wait()
    proc, url = start_subprocess(db=db, no_background=True)
    try:
        headers = _sign_in(url)
        again = requests.put(f"{url}/cases/{client_uuid}", json=body, headers=headers, timeout=10)
        assert again.status_code == 200 and again.json() == first.json()
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0


def test_the_client_never_imports_the_sandbox():
    """It may start ``python -m platform_sandbox`` as a process, never import it."""
    hits = subprocess.run(["grep", "-rlE", r"(import|from)\s+platform_sandbox",
                           str(ROOT / "window_client"), str(ROOT / "main.py")],
                          capture_output=True, text=True).stdout
    assert hits == ""


def test_any_sqlalchemy_url_and_the_command_line(tmp_path):
    from platform_sandbox.__main__ import config_from, parse_args
    from platform_sandbox.testing import SandboxServer

    from .conftest import Api

    url = f"sqlite:///{tmp_path / 'by-url.db'}"
    with SandboxServer(db_url=url, blob_dir=tmp_path / "blobs") as sb:
        api = Api(sb)
        api.upload(b"stored through a URL")
        assert api.submit(submission())["state"] == "accepted"
    assert (tmp_path / "by-url.db").exists() and any((tmp_path / "blobs").rglob("*"))
    cfg = config_from(parse_args(["--db", str(tmp_path / "x.db"), "--review-delay", "2",
                                  "--return-share", "0.5", "--token-ttl", "60", "--seed", "9"]))
    assert cfg.db_url.endswith("x.db") and cfg.blob_dir == tmp_path / "x.db.blobs"
    assert (cfg.review_delay, cfg.return_share, cfg.token_ttl, cfg.seed) == (2.0, 0.5, 60, 9)
    assert parse_args([]).host == "127.0.0.1"
