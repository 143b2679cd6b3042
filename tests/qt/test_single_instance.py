"""Two starts on one profile: the real main.py twice (offscreen). The second asks
the first to bring its window forward and exits 0 with a Chinese message; after a
kill -9 of the first, the stale lock and socket do not block the next start; a
second profile runs beside the first."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LISTENING = "single instance: listening"


def profile(home: Path, secrets) -> dict:
    """A profile with its data key set (as IT does at install) in the test keyring,
    whose bus address the started processes inherit."""
    from window_client.security.keys import KeyManager
    KeyManager(home / "data", secrets, scrypt_n=2 ** 14).initialise("hall-IT 2026 recovery")
    (home / "config").mkdir(parents=True, exist_ok=True)
    # a platform that is not the embedded sandbox: nothing else gets started
    (home / "config" / "settings.json").write_text(
        json.dumps({"platform_url": "http://127.0.0.1:9/api/v1"}), encoding="utf-8")
    return dict(os.environ, WINDOW_CLIENT_HOME=str(home), QT_QPA_PLATFORM="offscreen")


def log_text(home: Path) -> str:
    log = home / "logs" / "window-client.log"
    return log.read_text(encoding="utf-8") if log.exists() else ""


def start(env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(ROOT / "main.py")], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def wait_for(predicate, timeout=60.0, proc=None) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"exited {proc.returncode}: {proc.stderr.read()}")
        time.sleep(0.1)
    raise AssertionError("timed out")


@pytest.mark.slow
def test_second_start_brings_the_first_forward_and_a_killed_one_does_not_block(tmp_path,
                                                                              secret_service):
    home = tmp_path / "home"
    env = profile(home, secret_service)
    first = start(env)
    procs = [first]
    try:
        wait_for(lambda: log_text(home).count(LISTENING) == 1, proc=first)
        second = subprocess.run([sys.executable, str(ROOT / "main.py")], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 0, second.stderr
        assert "已在本机运行" in second.stderr and "Traceback" not in second.stderr
        wait_for(lambda: "window brought forward: SignInDialog" in log_text(home), 20)
        assert first.poll() is None                      # the first one is still there

        other_home = tmp_path / "other"
        other = start(profile(other_home, secret_service))               # another profile: its own window
        procs.append(other)
        wait_for(lambda: LISTENING in log_text(other_home), proc=other)

        first.send_signal(signal.SIGKILL)
        first.wait(10)
        assert (home / "data" / "instance.lock").exists()   # left behind by the kill
        third = start(env)
        procs.append(third)
        wait_for(lambda: log_text(home).count(LISTENING) == 2, proc=third)
        again = subprocess.run([sys.executable, str(ROOT / "main.py")], cwd=ROOT, env=env,
                               capture_output=True, text=True, timeout=60)
        assert again.returncode == 0 and "已在本机运行" in again.stderr
        assert third.poll() is None
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait(10)
