"""The Chinese text of the core and of the services lives in one place per package:
window_client/core/labels.py and messages.py, window_client/services/messages.py.
No other module of these packages holds a string with a Chinese character, in a
literal or in an f-string's text (docstrings aside; comments are not strings)."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("window_client/core", "window_client/services", "window_client/security")
ALLOWED = {"window_client/core/labels.py", "window_client/core/messages.py",
           "window_client/services/messages.py"}
CJK = re.compile("[\u4e00-\u9fff]")


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of the nodes that are docstrings: the first statement of a module,
    class or function when it is a string."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            first = node.body[0] if node.body else None
            if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                    and isinstance(first.value.value, str)):
                found.add(id(first.value))
    return found


def chinese_strings(source: str, filename: str = "<source>") -> list[tuple[int, str]]:
    """(line, text) of every string constant with a CJK character, docstrings aside.
    An f-string's literal parts are Constant nodes inside its JoinedStr, so ast.walk
    reaches them as well."""
    tree = ast.parse(source, filename)
    docstrings = _docstrings(tree)
    return sorted((node.lineno, node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str)
                  and id(node) not in docstrings and CJK.search(node.value))


def _offenders() -> list[str]:
    out = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            if name in ALLOWED:
                continue
            out += [f"{name}:{line}: {text!r}"
                    for line, text in chinese_strings(path.read_text(encoding="utf-8"), name)]
    return out


def test_chinese_text_only_in_the_labels_and_messages_modules():
    offenders = _offenders()
    for offender in offenders:
        print(offender)
    assert offenders == [], ("Chinese strings outside labels.py / messages.py:\n"
                             + "\n".join(offenders))


def test_the_check_sees_literals_and_f_strings_but_not_docstrings():
    source = '''"""模块说明"""
def f(x):
    """函数说明"""
    # 注释
    a = "错误"
    b = f"第{x}行"
    return "ok"


class C:
    """类说明"""
    label = "标签"
'''
    assert chinese_strings(source) == [(5, "错误"), (6, "第"), (6, "行"), (12, "标签")]


def test_the_label_tables_cover_their_enumerations():
    """labels.py imports nothing, so its tables are keyed by the members' values."""
    from window_client.core import labels
    from window_client.core.case_state import CaseState, OutputStatus
    from window_client.core.definition import MaterialForm, MaterialFormat
    from window_client.core.engine import MaterialTag
    from window_client.core.roles import Permission, Role
    for table, enum in ((labels.TAG_LABELS, MaterialTag), (labels.FORM_LABELS, MaterialForm),
                        (labels.FORMAT_LABELS, MaterialFormat),
                        (labels.CASE_STATE_LABELS, CaseState),
                        (labels.OUTPUT_STATUS_LABELS, OutputStatus), (labels.ROLE_LABELS, Role),
                        (labels.PERMISSION_LABELS, Permission)):
        assert list(table) == [m.value for m in enum], enum.__name__
