"""Kill -9 the syncing client at 20 random moments, restarting it each time: every
case ends up on the platform exactly once, every material hash matches, and none
is left behind."""

import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from window_client.core.case_state import CaseState
from window_client.store.db import open_database
from window_client.store.repository import CaseRepository

from .helpers import make_queued_cases
from .test_sync import assert_exactly_once

DRIVER = Path(__file__).parent / "drivers" / "sync_driver.py"
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_kill_the_client_at_twenty_random_points(sandbox, tmp_path, catalog):
    db = tmp_path / "client.sqlite3"
    cases = CaseRepository(open_database(db))
    ids = make_queued_cases(cases, catalog, 100, tmp_path / "files", file_size=20_000)
    sandbox.set_faults(latency_ms=40)  # long enough that kills land mid-sync
    rng = random.Random(2026)
    kills = 0
    for _ in range(20):
        proc = subprocess.Popen([sys.executable, str(DRIVER), str(db), sandbox.url], cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        time.sleep(rng.uniform(0.6, 1.6))  # start-up is ~0.5 s; then somewhere in the work
        if proc.poll() is None:
            proc.kill()
            kills += 1
        proc.wait()
        with sqlite3.connect(db) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert kills >= 15, f"only {kills} kills landed while syncing"
    sandbox.reset()
    finish = subprocess.run([sys.executable, str(DRIVER), str(db), sandbox.url], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert "DONE" in finish.stdout, finish.stdout[-500:]

    class Engine:  # what assert_exactly_once reads
        pass
    engine = Engine()
    engine.cases = CaseRepository(open_database(db))
    assert_exactly_once(sandbox, engine, ids)
    assert all(engine.cases.get(i).state != CaseState.QUEUED for i in ids)
    submissions = sandbox.state()["submissions"]
    assert set(submissions) == set(ids)
