"""Starting the sandbox from tests.

In-process (a thread; the fault switches, tick and state are one call away)::

    with SandboxServer() as sb:          # 127.0.0.1, a free port, a temporary DB
        requests.post(sb.url + "/auth/sign-in", json={...})   # sb.url ends in /api/v1
        sb.set_faults(error_rate=1.0)    # sb.base_url is http://127.0.0.1:PORT
        sb.tick(all=True); sb.state()

As a separate process (for tests that kill it)::

    proc, url = start_subprocess(port=0, db=tmp_path / "p.db", review_delay=0)
    admin = SandboxAdmin(url)            # the same switches: tick, clock, urges, …
    ...; proc.kill(); proc.wait()

The platform clock: ``advance_clock(seconds)``, ``advance_working_days(n)``,
``set_clock(iso)``, ``clock()``; ``reset()`` puts it back on the wall clock.

``SandboxServer`` defaults suit tests: the back office thread runs but with a
one-hour ``review_delay``, so cases move only when a test calls ``tick(all=True)``;
nothing is returned or refused unless asked (``return_share=1.0``).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from .config import SandboxConfig
from .clock import CLOCK
from .server import RunningSandbox

READY_PREFIX = "platform sandbox listening on "
ROOT = Path(__file__).resolve().parents[1]


def _admin(base_url: str, method: str, path: str, body: dict | None = None) -> dict:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"{base_url}/_sandbox{path}", data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())


class AdminCalls:
    """The ``/_sandbox/`` switches, for anything with a ``base_url``."""

    base_url: str

    def set_faults(self, **switches) -> dict:
        return _admin(self.base_url, "POST", "/faults", switches)

    def reset(self) -> dict:
        """Every fault switch off and the clock back to the wall clock."""
        return _admin(self.base_url, "POST", "/reset", {})

    def advance_clock(self, seconds: float) -> float:
        """Moves the sandbox's clock ``seconds`` on; returns the offset."""
        return _admin(self.base_url, "POST", "/clock", {"advance_seconds": seconds})["offset"]

    def advance_working_days(self, days: int) -> str:
        """Moves the clock to the same time of day ``days`` working days later;
        returns the new platform time (ISO)."""
        return _admin(self.base_url, "POST", "/clock", {"advance_working_days": days})["now"]

    def set_clock(self, when: str | dt.datetime) -> str:
        """Sets the platform time (ISO text or an aware datetime; naive means CST)."""
        text = when.isoformat() if isinstance(when, dt.datetime) else when
        return _admin(self.base_url, "POST", "/clock", {"set": text})["now"]

    def clock(self) -> str:
        """The platform time now (ISO, +08:00)."""
        return _admin(self.base_url, "GET", "/clock")["now"]

    def tick(self, all: bool = True, steps: int | None = None) -> dict:  # noqa: A002
        body = {"all": all} if steps is None else {"all": all, "steps": steps}
        return _admin(self.base_url, "POST", "/tick", body)

    def configure(self, **settings) -> dict:
        return _admin(self.base_url, "POST", "/config", settings)

    def state(self) -> dict:
        return _admin(self.base_url, "GET", "/state")

    def urges(self) -> list[dict]:
        """Every recorded urge (``GET /_sandbox/urges``)."""
        return _admin(self.base_url, "GET", "/urges")["urges"]


class SandboxAdmin(AdminCalls):
    """The switches of a sandbox started elsewhere, e.g. by :func:`start_subprocess`:
    ``SandboxAdmin(url)`` takes the server root or the API base (``…/api/v1``)."""

    def __init__(self, url: str):
        self.base_url = url.rstrip("/").removesuffix("/api/v1")


class SandboxServer(AdminCalls):
    """The sandbox in a thread of this process. ``url`` is the API base
    (``…/api/v1``); ``base_url`` is the server root. Keyword options are
    :class:`~platform_sandbox.config.SandboxConfig` fields; ``db`` is a SQLite
    path (default: a temporary folder removed on :meth:`stop`)."""

    def __init__(self, db: Path | str | None = None, **options):
        self._tmp = None
        if db is None and "db_url" not in options:
            self._tmp = tempfile.mkdtemp(prefix="platform-sandbox-")
            db = Path(self._tmp) / "sandbox.db"
        options.setdefault("review_delay", 3600.0)
        options.setdefault("return_share", 0.0)
        if "db_url" in options:
            options.setdefault("blob_dir", Path(self._tmp or tempfile.mkdtemp()) / "blobs")
            self.config = SandboxConfig(**options)
        else:
            self.config = SandboxConfig.for_sqlite(db, **options)
        self._running: RunningSandbox | None = None
        logging.getLogger("werkzeug").setLevel(logging.WARNING)

    def start(self) -> SandboxServer:
        CLOCK.reset()  # one process-wide clock: each server starts on the wall clock
        self._running = RunningSandbox(self.config).start_thread()
        return self

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return self._running.base_url

    @property
    def url(self) -> str:
        return self._running.api_url

    @property
    def sandbox(self):
        """The in-process :class:`~platform_sandbox.app.Sandbox` (database, services)."""
        return self._running.sandbox

    def stop(self) -> None:
        if self._running is not None:
            self._running.stop()
            self._running = None
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None


def start_subprocess(port: int = 0, db: Path | str | None = None, timeout: float = 30.0,
                     **options) -> tuple[subprocess.Popen, str]:
    """Starts ``python -m platform_sandbox`` and waits for its ready line; returns
    (the process, the API base URL ``http://127.0.0.1:PORT/api/v1``). Options are
    command-line flags: ``review_delay=0`` → ``--review-delay 0``; ``True`` → a bare
    flag (``no_background=True``). Standard error is inherited; stop it with
    ``proc.terminate()`` or ``proc.kill()``, then ``proc.wait()``."""
    cmd = [sys.executable, "-m", "platform_sandbox", "--host", "127.0.0.1", "--port", str(port)]
    if db is not None:
        cmd += ["--db", str(db)]
    for name, value in options.items():
        flag = "--" + name.replace("_", "-")
        if value is True:
            cmd.append(flag)
        elif value not in (False, None):
            cmd += [flag, str(value)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    line: list[str] = []
    reader = threading.Thread(target=lambda: line.append(proc.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    if not line or not line[0].startswith(READY_PREFIX):
        proc.kill()
        proc.wait()
        raise RuntimeError(f"platform sandbox did not start: {line[0] if line else 'timeout'!r}")
    threading.Thread(target=proc.stdout.read, daemon=True).start()  # drain the pipe
    return proc, line[0][len(READY_PREFIX):].strip() + "/api/v1"


def wait_until(predicate, timeout: float = 10.0, interval: float = 0.05) -> bool:
    """Polls ``predicate`` until true or ``timeout``; returns its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() >= deadline:
            return value
        time.sleep(interval)
