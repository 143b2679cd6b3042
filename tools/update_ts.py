"""The translation source of the window: resources/i18n/window_client_zh_CN.ts,
made by pyside6-lupdate from every tr()/translate() in window_client/qt (the
generated forms/ui_*.py are read as their ui/*.ui).

    python tools/update_ts.py           # regenerate (make ts)
    python tools/update_ts.py --check   # exit 1 when the committed .ts is not current

The app's source strings are Chinese, so the .ts lists what a clerk can see
(and is what a translator would open in Qt Linguist); --check compares the sets
of (context, source text, comment), not line numbers."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_FILE = ROOT / "resources" / "i18n" / "window_client_zh_CN.ts"
QT_PACKAGE = ROOT / "window_client" / "qt"

Message = tuple[str, str, str]   # context, source, comment


def sources() -> list[Path]:
    """The files lupdate reads: the Qt package's modules (not the generated forms,
    whose .ui files are read instead) and the Designer files."""
    modules = [p for p in QT_PACKAGE.rglob("*.py")
               if not {"forms", "devtools"} & set(p.relative_to(QT_PACKAGE).parts)
               and "__pycache__" not in p.parts]
    return sorted(modules) + sorted((ROOT / "ui").glob("*.ui"))


def lupdate_command() -> list[str]:
    """pyside6-lupdate beside the running interpreter (the venv), else on PATH."""
    here = Path(sys.executable).parent
    for name in ("pyside6-lupdate", "pyside6-lupdate.exe"):
        if (here / name).exists():
            return [str(here / name)]
    found = shutil.which("pyside6-lupdate")
    if found is None:
        raise SystemExit("pyside6-lupdate not found (make setup installs PySide6)")
    return [found]


def run_lupdate(ts_file: Path) -> None:
    ts_file.parent.mkdir(parents=True, exist_ok=True)
    files = [str(p.relative_to(ROOT)) for p in sources()]
    subprocess.run([*lupdate_command(), *files, "-ts", str(ts_file), "-no-obsolete",
                    "-locations", "relative", "-source-language", "zh_CN",
                    "-target-language", "zh_CN", "-silent"],
                   cwd=ROOT, check=True, capture_output=True, text=True)


def messages(ts_file: Path) -> set[Message]:
    out = set()
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out.add((name, message.findtext("source") or "", message.findtext("comment") or ""))
    return out


def fresh_messages() -> set[Message]:
    with tempfile.TemporaryDirectory() as tmp:
        ts = Path(tmp) / TS_FILE.name
        run_lupdate(ts)
        return messages(ts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="fail when the committed .ts misses or keeps strings")
    args = parser.parse_args(argv)
    if not args.check:
        run_lupdate(TS_FILE)
        print(f"{TS_FILE.relative_to(ROOT)}: {len(messages(TS_FILE))} source texts")
        return 0
    committed = messages(TS_FILE) if TS_FILE.exists() else set()
    fresh = fresh_messages()
    if committed == fresh:
        print(f"{TS_FILE.relative_to(ROOT)} is current ({len(fresh)} source texts)")
        return 0
    for ctx, src, _ in sorted(fresh - committed):
        print(f"missing from the .ts: [{ctx}] {src}")
    for ctx, src, _ in sorted(committed - fresh):
        print(f"no longer in the code: [{ctx}] {src}")
    print("run `make ts` to regenerate")
    return 1


if __name__ == "__main__":
    sys.exit(main())
