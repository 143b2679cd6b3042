"""Regenerates window_client/qt/forms/ui_<name>.py from ui/<name>.ui with pyside6-uic.

    python tools/gen_ui.py          write the modules
    python tools/gen_ui.py --check  exit 1 when a committed module differs
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_DIR = ROOT / "ui"
FORMS_DIR = ROOT / "window_client" / "qt" / "forms"


def uic() -> str:
    exe = Path(sys.executable).with_name("pyside6-uic")
    return str(exe) if exe.exists() else "pyside6-uic"


def generate(ui_file: Path) -> str:
    return subprocess.run([uic(), "--no-autoconnection", str(ui_file)], capture_output=True,
                          text=True, check=True).stdout


def _normalise(text: str) -> str:
    """Without the header line naming the uic version (CI may have a newer patch)."""
    return "\n".join(line for line in text.splitlines()
                     if "Qt User Interface Compiler version" not in line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    stale = []
    for ui_file in sorted(UI_DIR.glob("*.ui")):
        target = FORMS_DIR / f"ui_{ui_file.stem}.py"
        text = generate(ui_file)
        if args.check:
            if not target.exists() or \
                    _normalise(target.read_text(encoding="utf-8")) != _normalise(text):
                stale.append(target.name)
        else:
            target.write_text(text, encoding="utf-8")
    if stale:
        print("out of date (run python tools/gen_ui.py): " + ", ".join(stale))
        return 1
    print("generated forms are up to date" if args.check else "forms generated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
