"""The window shows the sync state at all times; stuck cases can be retried or
exported; the worker thread runs the engine off the UI thread."""

import json
from pathlib import Path

from window_client.core.case_state import CaseState
from tests.qt.helpers import make_window

from .helpers import make_engine, make_queued_cases


def window_for(qtbot, engine, catalog, tmp_path):
    """The window on the engine's store, syncing with that engine (its test clock)."""
    window, _ = make_window(qtbot, tmp_path, catalog, engine=engine.cases.engine,
                            sync_engine=engine)
    return window


def test_header_tells_online_queued_and_stuck(qtbot, sandbox, tmp_path, catalog, clock):
    engine = make_engine(tmp_path / "c.sqlite3", catalog, sandbox.url, clock=clock)
    ids = make_queued_cases(engine.cases, catalog, 3, tmp_path / "files")
    # one case's scan is lost on disk: it cannot be submitted and needs the clerk
    broken = engine.cases.files(ids[2])[0]
    scan = Path(broken.stored_path).read_bytes()
    Path(broken.stored_path).unlink()
    window = window_for(qtbot, engine, catalog, tmp_path)
    window.show_sync_report(engine.run_once())
    # the header and the 同步 section read the store on its thread, then show it
    qtbot.waitUntil(lambda: "在线" in window.platform_label.text())
    text = window.platform_label.text()
    assert "待提交1件" in text and "1件需处理" in text
    view = window.sync_view
    qtbot.waitUntil(lambda: view.outbox_table.rowCount() == 1)
    assert view.outbox_table.item(0, 2).text() == "需人工处理"
    assert "本地材料文件缺失" in view.outbox_table.item(0, 3).text()
    assert any("无法提交" in view.notification_list.item(n).text()
               for n in range(view.notification_list.count()))
    exported = view.export_to(tmp_path / "export")
    assert exported == 1
    provisional = engine.cases.get(ids[2]).provisional_no
    data = json.loads((tmp_path / "export" / provisional / "case.json").read_text("utf-8"))
    assert data["client_uuid"] == ids[2] and data["submission"]["provisional_no"] == provisional
    # the clerk puts the scan back and retries
    Path(broken.stored_path).write_bytes(scan)
    view.outbox_table.selectRow(0)
    view.retry_selected()
    qtbot.waitUntil(lambda: view.outbox_table.item(0, 2).text() != "需人工处理")
    window.show_sync_report(engine.run_once())

    qtbot.waitUntil(lambda: "待提交0件" in window.platform_label.text())
    assert engine.cases.get(ids[2]).state != CaseState.QUEUED


def test_offline_is_shown_and_acceptance_goes_on(qtbot, tmp_path, catalog, clock):
    engine = make_engine(tmp_path / "c.sqlite3", catalog, "http://127.0.0.1:9/api/v1",
                         clock=clock, sign_in=False)
    make_queued_cases(engine.cases, catalog, 2, tmp_path / "files")
    window = window_for(qtbot, engine, catalog, tmp_path)
    window.show_sync_report(engine.run_once())
    qtbot.waitUntil(lambda: "离线" in window.platform_label.text())
    assert "待提交2件" in window.platform_label.text()
    assert "无法连接平台" in window.platform_label.toolTip()
    # the clerk can still start a case while offline
    window.acceptance.start_case("newborn")
    assert window.acceptance.current_step() == "guide"


def test_worker_thread_runs_the_engine_and_stops(qtbot, sandbox, tmp_path, catalog):
    engine = make_engine(tmp_path / "c.sqlite3", catalog, sandbox.url)
    make_queued_cases(engine.cases, catalog, 2, tmp_path / "files")
    window = window_for(qtbot, engine, catalog, tmp_path)
    with qtbot.waitSignal(window.worker.finished_run, timeout=15000) as got:
        window.start_sync()
    assert got.args[0].online and len(got.args[0].submitted) == 2
    qtbot.waitUntil(lambda: "待提交0件" in window.platform_label.text(), timeout=5000)
    window.close()
    assert not window.worker.isRunning()


def test_licences_and_shared_data_from_the_platform_during_acceptance(qtbot, sandbox, tmp_path,
                                                                      catalog):
    from window_client.core.engine import MaterialTag
    from tests.qt.helpers import type_text
    engine = make_engine(tmp_path / "c.sqlite3", catalog, sandbox.url)
    window = window_for(qtbot, engine, catalog, tmp_path)
    w = window.acceptance
    w.start_case("newborn")
    w.go_next()
    editors = w.pages["applicant"].editors
    type_text(editors["applicant.name"].line, "李娜")
    type_text(editors["applicant.id_number"].line, "360702200005180426")
    type_text(editors["contact.mobile"].line, "13907971234")
    with qtbot.waitSignal(w.lookup_done, timeout=10000) as got:
        assert w.go_next()
    assert got.args[0].online and "household_register" in got.args[0].licences
    assert "已联网核验" in w.banner_label.text()
    # the header agrees with the banner before any sync run has reported
    qtbot.waitUntil(lambda: "平台:在线" in window.platform_label.text())
    tags = {m.spec.id: m.tag for m in w.session.plan().materials}
    assert tags["household_register"] == MaterialTag.E_LICENCE
    assert tags["birth_info_sheet"] == MaterialTag.ONLINE_VERIFICATION  # online now
    shared = [k for k, src in w.session.state.sources.items() if src == "shared"]
    assert shared, "nothing prefilled from shared data"
    w.go_next()
    in_form = [k for k in shared if k in w.pages["form"].editors]
    assert in_form, (shared, list(w.pages["form"].editors))
    editor = w.pages["form"].editors[in_form[0]]
    assert editor.value() and "共享数据" in editor.source_label.text()
