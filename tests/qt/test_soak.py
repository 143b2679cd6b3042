"""The soak: a real main window driven through more than 5,000 keystrokes and
clicks (pick search in Chinese, pinyin and initials with backspaces; the applicant
and form pages; the materials checklist; the cases view's search, filter and
table; Alt+← back to the pick page; round after round) in a subprocess
(drivers/soak_driver.py), so that a binding which aborts the interpreter is a
failed test carrying the fatal message, not a dead pytest.

The bounds, per reference count, from the sample after a warm-up round to the end
(after gc.collect()):

- None must not fall by more than 200, nor at any round. PySide6 6.12.0 on
  CPython 3.11 drops one reference per void-returning call: about −39,000 over
  this soak (and the interpreter aborts, none_dealloc / bool_dealloc).
  6.11.3 never falls; it rises by about 17 per event (about 3–7 references to None
  per widget that a parent destroys, e.g. every rebuilt form: harmless, no memory
  goes with it), so the upper bound is loose: 60 per event. A binding adding a
  reference per void call would exceed it many times over.
- True and False must stay within ±200: 6.11.3 moves them by less than 100 (cases
  accumulate in the table), 6.12.0 drops True by about 7,000.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

DRIVER = Path(__file__).parent / "drivers" / "soak_driver.py"
ROOT = Path(__file__).resolve().parents[2]

EVENTS = 5000
FALL_BOUND = 200          # None: the fatal direction
BOOL_BOUND = 200          # True/False: both ways
NONE_RISE_PER_EVENT = 60  # None: upward, per event (6.11.3: about 17)


def test_soak_survives_and_reference_counts_stay_bounded(tmp_path):
    env = dict(os.environ, WINDOW_CLIENT_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen",
               PYTHONFAULTHANDLER="1")
    out = subprocess.run([sys.executable, str(DRIVER), "--events", str(EVENTS)], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=600)
    lines = [line for line in out.stdout.splitlines() if line.startswith("SOAK ")]
    result = json.loads(lines[-1][5:]) if lines else None
    stderr = [line for line in out.stderr.splitlines() if "propagateSizeHints" not in line]
    summary = (f"exit {out.returncode}; drift {result and result['drift']}; "
               f"stderr tail: {chr(10).join(stderr[-12:])}")
    assert "Fatal Python error" not in out.stderr, summary
    assert out.returncode == 0, summary
    assert result is not None, out.stdout[-2000:]

    # the walk really went through every part, every round
    assert result["events"] >= EVENTS
    assert len(result["rounds"]) >= 10
    for r in result["rounds"]:
        assert set(r["reached"]) >= {"pick", "applicant", "form", "materials", "cases"}, r
    assert result["rounds"][-1]["case_rows"] >= len(result["rounds"]) - 1  # one draft a round

    start, drift = result["start"], result["drift"]
    lowest = min(s["None"] for s in result["samples"])
    assert drift["None"] >= -FALL_BOUND, summary
    assert lowest >= start["None"] - FALL_BOUND, (lowest, start, summary)
    assert drift["None"] <= NONE_RISE_PER_EVENT * result["events"], summary
    for name in ("True", "False"):
        assert abs(drift[name]) < BOOL_BOUND, (name, summary)
        assert all(abs(s[name] - start[name]) < BOOL_BOUND for s in result["samples"]), name
