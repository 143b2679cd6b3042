"""Chinese everywhere a clerk looks: Qt's own texts (standard buttons, a text
field's context menu, the print preview) are Chinese after make_application, the
translation source resources/i18n/window_client_zh_CN.ts is what lupdate makes
of the code today, and the step titles spelled out for lupdate match the core's."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import update_ts  # noqa: E402

# Runs in a fresh interpreter: make_application installs translators and the theme
# application-wide, which the rest of the suite (one shared QApplication) must not see.
PROBE = r"""
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QMessageBox
from window_client.qt.app import make_application

app = make_application(sys.argv)
edit = QLineEdit("文本")
menu = [a.text() for a in edit.createStandardContextMenu().actions() if not a.isSeparator()]
SB = QDialogButtonBox.StandardButton
box = QDialogButtonBox(SB.Ok | SB.Cancel | SB.Save | SB.Close | SB.Yes | SB.No)
buttons = {SB(box.standardButton(b)).name: b.text() for b in box.buttons()}
printer = QPrinter()
preview = QPrintPreviewDialog(printer)
preview_actions = sorted({a.text() for a in preview.findChildren(QAction) if a.text()})
question = []

def answer():
    w = QApplication.activeModalWidget()
    if isinstance(w, QMessageBox):
        question.extend(b.text() for b in w.buttons())
        w.reject()
    else:
        QTimer.singleShot(10, answer)

QTimer.singleShot(0, answer)
QMessageBox.question(None, "问题", "继续吗?")
print(json.dumps({"menu": menu, "buttons": buttons, "question": question,
                  "preview": preview_actions}, ensure_ascii=False))
"""


@pytest.fixture(scope="module")
def qt_texts():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=120, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _plain(text: str) -> str:
    """Menu text without its mnemonic and shortcut: "复制(&C)\tCtrl+C" -> "复制"."""
    return text.split("\t")[0].split("(&")[0].replace("&", "")


def test_context_menu_of_a_text_field_is_chinese(qt_texts):
    menu = [_plain(t) for t in qt_texts["menu"]]
    assert menu == ["撤消", "重做", "剪切", "复制", "粘贴", "删除", "全选"]


def test_standard_dialog_buttons_are_chinese(qt_texts):
    assert qt_texts["buttons"] == {"Ok": "确定", "Cancel": "取消", "Save": "保存",
                                   "Close": "关闭", "Yes": "是(&Y)", "No": "否(&N)"}


def test_message_box_question_buttons_are_chinese(qt_texts):
    assert sorted(_plain(t) for t in qt_texts["question"]) == ["否", "是"]


def test_print_preview_speaks_chinese(qt_texts):
    texts = set(qt_texts["preview"])
    assert {"打印", "下一页", "上一页", "放大", "缩小"} <= texts, texts
    assert not [t for t in texts if t.isascii() and any(c.isalpha() for c in t)], texts


def test_qt_translations_are_found_where_the_app_looks():
    from window_client.qt.i18n import QT_CATALOGS, translation_dirs
    for catalog in QT_CATALOGS:
        assert any((d / f"{catalog}_zh_CN.qm").is_file() for d in translation_dirs()), catalog


def test_the_committed_ts_is_current():
    """An lupdate run proves resources/i18n/window_client_zh_CN.ts is current:
    every tr() text of window_client/qt and ui/*.ui is in it, and nothing else."""
    assert update_ts.TS_FILE.is_file(), "run `make ts`"
    committed, fresh = update_ts.messages(update_ts.TS_FILE), update_ts.fresh_messages()
    missing = sorted(src for _ctx, src, _c in fresh - committed)
    stale = sorted(src for _ctx, src, _c in committed - fresh)
    assert not missing and not stale, f"run `make ts`: missing {missing[:5]}, stale {stale[:5]}"


def test_the_ts_check_fails_on_a_stale_file(tmp_path, monkeypatch):
    stale = tmp_path / "stale.ts"
    stale.write_text(update_ts.TS_FILE.read_text(encoding="utf-8").replace(
        "<source>上一步 (Alt+←)</source>", "<source>上一步</source>"), encoding="utf-8")
    monkeypatch.setattr(update_ts, "TS_FILE", stale)
    assert update_ts.main(["--check"]) == 1


def test_lupdate_sees_the_whole_qt_package():
    contexts = {ctx for ctx, _s, _c in update_ts.messages(update_ts.TS_FILE)}
    assert {"AcceptanceWidget", "MainWindow", "SignInDialog", "CaseDetailsDialog",
            "StorageDialogs", "Printing", "Errors"} <= contexts, contexts


def test_step_titles_match_the_wizard(main_window):
    from window_client.core import wizard as nav
    from window_client.qt.acceptance_widget import STEPS
    widget = main_window.acceptance
    assert {s: widget.step_title(s) for s in STEPS} == nav.TITLES
    shown = [widget.step_list.item(i).text() for i in range(widget.step_list.count())]
    assert shown == [f"{n}. {nav.TITLES[s]}" for n, s in enumerate(STEPS, start=1)]


# --- every text a clerk sees goes through tr() with literal text -----------------------

CJK = re.compile(r"[\u3400-\u9fff\uff01-\uff5e]")   # han characters, fullwidth punctuation
PUNCTUATION_ONLY = re.compile(r"^[\s、,,。:;·()()\-—/<>a-z=\"'#%0-9]*$")
TR_CALLS = {"tr": 0, "translate": 1, "QT_TR_NOOP": 0, "QT_TRANSLATE_NOOP": 1}
#: modules whose Chinese literals are not user interface: the UI benchmark's made-up
#: catalog rows, the case list benchmark's made-up cases
NOT_UI = {"bench_ui.py", "bench_cases.py"}  # window_client/qt/devtools: never shipped


def _name(func: ast.expr) -> str | None:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _qt_modules() -> list[Path]:
    return [p for p in update_ts.sources() if p.suffix == ".py"]


def _scan(path: Path):
    """(literal tr texts, problems) of one module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    texts, problems, inside_tr = set(), [], set()
    in_fstring = {id(n) for js in ast.walk(tree) if isinstance(js, ast.JoinedStr)
                  for n in ast.walk(js)}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and _name(node.func) in TR_CALLS):
            continue
        index = TR_CALLS[_name(node.func)]
        args = node.args[index:index + 1]
        arg = args[0] if args else None
        if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
            problems.append(f"{rel}:{node.lineno}: {_name(node.func)}() of a non-literal")
            continue
        if index and not (isinstance(node.args[0], ast.Constant)):
            problems.append(f"{rel}:{node.lineno}: translate() with a non-literal context")
        if id(node) in in_fstring:
            problems.append(f"{rel}:{node.lineno}: tr() inside an f-string (lupdate misses it)")
        if isinstance(node.func, ast.Name) and node.func.id == "tr":
            problems.append(f"{rel}:{node.lineno}: an alias of tr() (lupdate gives it no context)")
        texts.add(arg.value)
        inside_tr.add(id(arg))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and n.body and isinstance(n.body[0], ast.Expr)
                  and isinstance(n.body[0].value, ast.Constant)}
    if path.name not in NOT_UI:
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                    and CJK.search(node.value) and id(node) not in inside_tr | docstrings
                    and not PUNCTUATION_ONLY.match(node.value)):
                problems.append(f"{rel}:{node.lineno}: Chinese text outside tr(): {node.value[:30]!r}")
    return texts, problems


def test_user_visible_text_goes_through_tr_with_literal_text():
    problems = [p for path in _qt_modules() for p in _scan(path)[1]]
    assert not problems, "\n".join(problems)


def test_lupdate_extracts_every_tr_text():
    """What the code passes to tr()/translate() is what lupdate finds: no alias, no
    f-string hides a text from the translator."""
    in_code = set().union(*(_scan(path)[0] for path in _qt_modules()))
    extracted = {src for _ctx, src, _c in update_ts.fresh_messages()}
    assert sorted(in_code - extracted) == []


def test_the_scan_catches_what_it_forbids(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('def f(self, x):\n    self.label.setText("未经翻译")\n    self.tr(x)\n'
                   '    return f"{self.tr(\'在f字符串里\')}"\n', encoding="utf-8")
    problems = _scan(bad)[1]
    assert any("outside tr()" in p for p in problems)
    assert any("non-literal" in p for p in problems)
    assert any("f-string" in p for p in problems)
