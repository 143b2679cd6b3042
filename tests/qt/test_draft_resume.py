"""Kill the app with SIGKILL in the middle of the form; on restart the app offers
the draft and nothing typed before the last save is lost."""

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from window_client.core.workdays import WorkCalendar
from window_client.qt.main_window import MainWindow
from window_client.settings import Paths, Settings
from window_client.core.roles import Clerk
from window_client.store.db import open_database

DRIVER = Path(__file__).parent / "drivers" / "typing_driver.py"
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.parametrize("typed_before_kill", [2, 5])
def test_draft_survives_a_kill_mid_form(tmp_path, qtbot, catalog, typed_before_kill):
    env = dict(os.environ, WINDOW_CLIENT_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, str(DRIVER)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    typed: list[str] = []
    case_id = None
    try:
        for line in proc.stdout:
            if line.startswith("CASE"):
                case_id = line.split()[1]
            if line.startswith("TYPED"):
                typed.append(line.split()[1])
                if len(typed) == typed_before_kill:
                    break
            assert not line.startswith("DONE")
        # kill while the next field is being typed, at a random moment
        random.seed(typed_before_kill)
        qtbot.wait(random.randint(0, 300))
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert case_id is not None
    paths = Paths(tmp_path / "home" / "config", tmp_path / "home" / "data",
                  tmp_path / "home" / "logs")
    from window_client.wiring import Wiring
    wiring = Wiring(paths, Settings(), catalog, open_database(paths.database),
                    calendar=WorkCalendar(), has_platform=False)
    window = MainWindow(wiring.for_clerk(Clerk("wangli", "王丽", "clerk")))
    qtbot.addWidget(window)
    window.show()
    draft = window.pending_draft()
    assert draft is not None and draft.id == case_id
    box = window.offer_resume()
    assert draft.provisional_no in box.text()
    box.accept()
    w = window.acceptance
    assert w.current_step() == "form"
    state = w.session.state
    assert state.values["applicant.name"] == "李娜"
    for key in typed[:-1]:  # every field whose save was awaited (the last may be in flight)
        assert state.values.get(key), key
        assert w.pages["form"].editors[key].value() == state.values[key]
