import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_generated_forms_match_their_ui_sources():
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "gen_ui.py"), "--check"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_every_ui_file_has_a_generated_module():
    for ui in (ROOT / "ui").glob("*.ui"):
        assert (ROOT / "window_client" / "qt" / "forms" / f"ui_{ui.stem}.py").exists()
