import sys

from window_client.qt.errors import install_excepthook


def test_unexpected_error_becomes_a_chinese_dialog_with_details(qtbot, caplog, monkeypatch):
    shown = []
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    install_excepthook()
    import window_client.qt.errors as errors
    original = errors.error_dialog

    def capture(parent, message, details=""):
        box = original(parent, message, details)
        shown.append(box)
        return box

    monkeypatch.setattr(errors, "error_dialog", capture)
    try:
        raise RuntimeError("database is locked")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    box = shown[0]
    qtbot.addWidget(box)
    assert "已保存的草稿不会丢失" in box.text() and "编号" in box.text()
    assert "RuntimeError: database is locked" in box.detailedText()
    assert "unexpected error" in caplog.text
