"""Drives the real app through a full case offscreen and writes one PNG per screen
to docs/screenshots/ (``make screenshots``).

    .venv/bin/python tools/screenshots.py [OUT_DIR]
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# the screens as a counter PC in Ganzhou shows them: times in China Standard Time
os.environ.setdefault("TZ", "Asia/Shanghai")
time.tzset()
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from window_client.catalog.loader import load_catalog  # noqa: E402
from window_client.core.engine import MaterialTag  # noqa: E402
from window_client.core.validators import id_check_character  # noqa: E402
from window_client.core.workdays import WorkCalendar  # noqa: E402
from window_client.qt.app import make_application  # noqa: E402
from window_client.core.roles import Clerk  # noqa: E402
from window_client.qt.main_window import MainWindow  # noqa: E402
from window_client.qt.sign_in_dialog import SignInDialog  # noqa: E402
from window_client.settings import Paths, Settings  # noqa: E402
from window_client.store.db import open_database  # noqa: E402
from window_client.wiring import Wiring  # noqa: E402

SAMPLES = {"name": "张小明", "id_number": None, "mobile": "13907971234", "phone": "0797-8888888",
           "postal_code": "341000", "date": "2026-11-20", "number": "1", "money": "100",
           "uscc": "91350100M000100Y43", "address": "江西省赣州市章贡区红旗大道1号"}


def valid_id(prefix17: str) -> str:
    return prefix17 + id_check_character(prefix17)


class Shooter:
    def __init__(self, app: QApplication, out: Path) -> None:
        self.app, self.out, self.n = app, out, 0

    def shot(self, widget: QWidget, name: str) -> None:
        for _ in range(3):
            self.app.processEvents()
        self.n += 1
        path = self.out / f"{self.n:02d}_{name}.png"
        widget.grab().save(str(path))
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def fill(editors, state) -> None:
    for key, editor in editors.items():
        if state.values.get(key):
            continue
        if editor.combo is not None:
            editor.combo.setCurrentIndex(1)
            continue
        kind = editor.entry.type.value
        value = SAMPLES.get(kind) or ("08:30" if "时间" in editor.entry.label else "赣州市章贡区")
        if editor.entry.max_length:
            value = value[:editor.entry.max_length]
        if kind == "id_number":
            value = valid_id("36070219880101001" if key.startswith("father")
                             else "36070219900202002" if key.startswith("mother")
                             else "36072119750505003")
        editor.line.setText(value)
        editor._changed(value)


def admin_shots(shooter: Shooter, local: Wiring) -> None:
    """The administrator's 管理 section on a local-only install: two one-things
    switched off for this hall, the printers, the local accounts, the backups."""
    local.accounts.create("zhaomin", "赵敏", "admin2026x", "admin")
    local.accounts.create("lisi", "李四", "window2026", "manager")
    local.accounts.create("zhouqi", "周七", "window2026", "clerk")
    local.accounts.set_active("zhouqi", False, by="zhaomin")
    admin = MainWindow(local.for_clerk(Clerk("zhaomin", "赵敏", "admin")))
    admin.resize(1440, 900)
    admin.show()
    view = admin.admin_view
    assert view is not None
    admin.tabs.setCurrentWidget(view)
    for one_thing_id in ("vehicle_registration", "used_car_transfer"):
        view.one_things.set_switched_on(one_thing_id, False)
    view.one_things.save()
    shooter.shot(admin, "admin_one_things")
    view.sections.setCurrentWidget(view.printers)
    view.printers.printer_combos["printer_receipt"].setCurrentText("前台激光打印机")
    shooter.shot(admin, "admin_printers")
    view.sections.setCurrentWidget(view.accounts)
    view.accounts.refresh()
    view.accounts.select("zhouqi")
    shooter.shot(admin, "admin_accounts")
    view.sections.setCurrentWidget(view.backups)
    view.backups.backup_now()
    view.backups.table.selectRow(0)
    shooter.shot(admin, "admin_backups")
    admin.close()


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("[0-9][0-9]_*.png"):  # the doc_*.png are tools/render_documents.py's
        old.unlink()
    app = make_application(sys.argv)
    shooter = Shooter(app, out)
    tmp = Path(tempfile.mkdtemp())
    engine = open_database(tmp / "demo.sqlite3")
    catalog = load_catalog()
    paths = Paths(tmp / "config", tmp, tmp / "logs")
    local = Wiring(paths, Settings(), catalog, engine, calendar=WorkCalendar(),
                   has_platform=False)
    dialog = SignInDialog(local.sign_in_service(), Settings().hall_name)
    dialog.show()
    shooter.shot(dialog, "sign_in_first_run")
    from platform_sandbox.testing import SandboxServer
    sandbox = SandboxServer(db=tmp / "platform.sqlite3").start()
    wiring = Wiring(paths, Settings(idcard_reader="simulator", platform_url=sandbox.url),
                    catalog, engine, calendar=WorkCalendar(), settings_file=paths.settings_file)
    sign_in = wiring.sign_in_service()
    signed_in = sign_in.sign_in("wangli", "window2026")   # a sandbox account
    services = wiring.after_sign_in(signed_in, sign_in)
    cases = wiring.cases
    assert services.sync is not None
    sync = services.sync
    window = MainWindow(services)
    window.resize(1440, 900)
    window.show()
    w = window.acceptance
    w.pick_page.search_edit.setText("xse")
    shooter.shot(window, "pick_search_pinyin_initials")
    w.pick_page.search_edit.setText("")
    w.pick_page.side_tabs.setCurrentIndex(0)
    w.pick_page.category_tree.expandToDepth(0)
    shooter.shot(window, "pick_category_tree")
    w.start_case("newborn")
    shooter.shot(window, "guide")
    w.go_next()
    editors = w.pages["applicant"].editors
    editors["applicant.name"].line.setText("李娜")
    editors["applicant.name"]._changed("李娜")
    editors["applicant.id_number"].line.setText("360702199208150041")
    editors["applicant.id_number"]._changed("360702199208150041")
    w.go_next()
    shooter.shot(window, "applicant_validation_message")
    w.pages["applicant"].read_button.click()
    for _ in range(400):
        app.processEvents()
        if "已读取证件" in w.pages["applicant"].reader_label.text():
            break
        time.sleep(0.02)
    # the typed number differs from the card's: the clerk must choose (one click each)
    shooter.shot(window, "applicant_card_read_conflict")
    for use_card, _keep in list(w.pages["applicant"].conflict_buttons.values()):
        use_card.click()
    editors["contact.mobile"].line.setText("13907971234")
    editors["contact.mobile"]._changed("13907971234")
    w.go_next()
    shooter.shot(window, "questions_default")
    w.pages["questions"].widgets["register_household"].no.setChecked(True)
    shooter.shot(window, "questions_conditional_hidden")
    w.pages["questions"].widgets["register_household"].yes.setChecked(True)
    w.go_next()
    w.go_next()  # refused: shows what is missing
    shooter.shot(window, "form_required_missing")
    fill(w.pages["form"].editors, w.session.state)
    w.pages["form"].scroll.verticalScrollBar().setValue(0)
    shooter.shot(window, "form_filled")
    if not w.go_next():
        raise SystemExit("form refused: " + w.problem_label.text())
    session = w.session
    for m in session.plan().materials:
        row = w.pages["materials"].rows[m.spec.id]
        if m.tag == MaterialTag.MAY_BE_MISSING:
            row.missing.setChecked(True)
        elif m.to_hand_in:
            row.received.setChecked(True)
    shooter.shot(window, "materials")
    # the pages of one material: two scans through the image pipeline, checked by
    # the OCR (the household register's pages, the applicant's own number on them)
    from window_client.devtools.ocr_samples import sample

    person = (session.state.values["applicant.name"], session.state.values["applicant.id_number"])
    scans = []
    for n, kind in enumerate(("household_register", "household_register",
                              "birth_medical_certificate"), start=1):
        path = tmp / f"scan{n}.jpg"
        path.write_bytes(sample(kind, seed=n, width=1240, person=person).jpeg)
        scans.append(path)
    pages = w.pages["materials"].open_pages("household_register")
    checked: list[object] = []
    pages.scan_banner.checked.connect(lambda _pid, check: checked.append(check))

    def wait_checked(n: int) -> None:
        for _ in range(3000):
            app.processEvents()
            if len(pages.pages) == n and not pages.busy and len(checked) >= n:
                return
            time.sleep(0.02)
        raise SystemExit("the scan check did not finish")

    pages.add_files(scans[:2])
    wait_checked(2)
    pages._refresh()
    shooter.shot(pages, "material_pages")
    # a birth certificate filed as the household register: warned inline, the page kept
    pages.add_files(scans[2:])
    wait_checked(3)
    pages._refresh()
    shooter.shot(pages, "material_pages_scan_mismatch")
    pages.page_list.setCurrentRow(2)   # the clerk takes the wrong page out
    pages.delete_selected()
    pages.finish()
    camera_shot(app, shooter, w.pages["materials"], tmp)
    w.go_next()
    shooter.shot(window, "review")
    w.confirm()
    shooter.shot(window, "queued")
    from window_client.store.backup import make_backup
    make_backup(tmp / "demo.sqlite3", reason="daily")  # the day's backup; later cases lack it
    window.show_sync_report(sync.run_once())
    sandbox.tick(all=True)
    window.show_sync_report(sync.run_once())
    window.tabs.setCurrentWidget(window.sync_view)
    for _ in range(50):   # the 同步 section reads the store on its thread
        app.processEvents()
        time.sleep(0.01)
    shooter.shot(window, "sync_online_results_ready")
    # the hall manager's issuance counter: the slip scanned, the applicant checked
    manager = MainWindow(wiring.for_clerk(Clerk("lisi", "李四", "manager"), wiring.client()))
    manager.resize(1440, 900)
    manager.show()
    manager.tabs.setCurrentWidget(manager.issuance_view)
    queued_case = cases.list_cases()[0]
    manager.issuance_view.refresh_queue()
    shooter.shot(manager, "issuance_queue")
    manager.issuance_view.scanned(queued_case.platform_no or queued_case.provisional_no)
    manager.issuance_view.name_edit.setText("张三")   # someone else's card: refused
    manager.issuance_view.id_edit.setText(valid_id("36070219850101002"))
    manager.issuance_view.hand_over()
    shooter.shot(manager, "issuance_refused_mismatch")
    applicant = queued_case.applicant_id_number or ""
    manager.issuance_view.name_edit.setText(queued_case.applicant_name or "")
    manager.issuance_view.id_edit.setText(applicant)
    manager.issuance_view.hand_over()
    shooter.shot(manager, "issuance_handed_over")
    if manager.evaluation_dialog is not None:
        manager.evaluation_dialog.buttons[2].setChecked(True)
        shooter.shot(manager.evaluation_dialog, "evaluation_reason_asked")
        manager.evaluation_dialog.close()
    manager.close()
    window.tabs.setCurrentWidget(window.device_settings)
    window.device_settings.kind_combo.setCurrentIndex(
        window.device_settings.kind_combo.findData("simulator"))
    window.device_settings.test_reader()
    for _ in range(400):
        app.processEvents()
        if "读卡器" in window.device_settings.reader_result.text() and \
                "正在" not in window.device_settings.reader_result.text():
            break
        time.sleep(0.02)
    shooter.shot(window, "devices")
    # a second case left as a draft, then the cases view and a case's details
    w.start_case("company_setup")
    w.go_next()
    window.tabs.setCurrentWidget(window.cases_view)
    for _ in range(200):  # the list loads on the store thread
        app.processEvents()
        if window.cases_view.model.rowCount() >= 2:
            break
        time.sleep(0.01)
    shooter.shot(window, "cases")
    first = cases.list_cases()[-1]
    details = window.cases_view.open_details(first.id)
    details.resize(1000, 700)
    shooter.shot(details, "case_details")
    details.ui.details_tabs.setCurrentIndex(1)
    shooter.shot(details, "case_details_materials")
    details.close()
    # a full disk while typing: the draft stays in memory, the clerk is told
    window.tabs.setCurrentIndex(0)
    w._storage_full()
    shooter.shot(window, "disk_full_draft_kept")
    w._storage_recovered()
    # a damaged database at start: a copy of this one, its header zeroed
    import shutil
    from window_client.qt.storage_dialogs import RestoreDialog
    from window_client.services.recovery import plan_restore
    broken = tmp / "broken"
    broken.mkdir()
    for name in ("backups", "journal"):
        shutil.copytree(tmp / name, broken / name)
    shutil.copyfile(tmp / "demo.sqlite3", broken / "demo.sqlite3")
    with open(broken / "demo.sqlite3", "r+b") as fh:
        fh.write(b"\0" * 100)
    restore_dialog = RestoreDialog(plan_restore(broken / "demo.sqlite3"))
    restore_dialog.show()
    shooter.shot(restore_dialog, "restore_damaged_database")
    restore_dialog.close()
    # long question texts beside their answers, and a long option list, on a small
    # screen: each text wraps above its answer, the options flow onto further lines
    window.tabs.setCurrentIndex(0)
    window.resize(1366, 768)
    for one_thing_id, yes in (("second_hand_housing", ("has_mortgage",)),
                              ("small_restaurant", ("fire_check", "hire_employees"))):
        w.reset()
        w.start_case(one_thing_id)
        w.session.state.step = "questions"
        w._show("questions")
        page = w.pages["questions"]
        for qid in yes:
            if qid in page.widgets and hasattr(page.widgets[qid], "yes"):
                page.widgets[qid].yes.setChecked(True)
        shooter.shot(window, f"questions_{one_thing_id}_1366")
    w.reset()
    # one one-thing of each category of attachment 1, on its questions page: the
    # first configured row of the category, or the one named here when configured
    window.resize(1440, 900)
    preferred = {"个体工商户设立开办类": "small_restaurant", "企业设立变更类": "company_setup"}
    firsts: dict[str, str] = {}
    for entry in wiring.catalog.entries():
        if entry.definition is not None:
            firsts.setdefault(entry.row.category, entry.definition.id)
    for category, first in firsts.items():
        one_thing_id = preferred.get(category, first)
        if one_thing_id not in wiring.catalog.definitions:
            one_thing_id = first
        w.reset()
        w.start_case(one_thing_id)
        w.session.state.step = "questions"
        w._show("questions")
        seq = wiring.catalog.definitions[one_thing_id].seed_row
        shooter.shot(window, f"category_row{seq:03d}_{one_thing_id}")
    w.reset()
    admin_shots(shooter, local)
    sandbox.stop()
    supervision_shots(app, shooter, tmp / "year", catalog)
    # the idle lock: the clerk's window locked, one wrong password tried
    window.tabs.setCurrentIndex(0)
    window.lock("idle")
    window.unlock("wangli", "wrong-password1")
    shooter.shot(window, "lock_screen")
    audit_shots(app, shooter, tmp / "audit", catalog)
    key_shots(shooter, tmp / "keys")
    print(f"{shooter.n} screenshots in {out} ({dt.date.today()})")
    return 0


def key_shots(shooter: Shooter, tmp: Path) -> None:
    """The data key at the first start (IT sets the recovery passphrase) and after a
    lost keyring (IT types it; a wrong one refused). Nothing is submitted to the
    keyring here but the wrong try, which is refused before it."""
    from window_client.core import messages
    from window_client.platform.secrets import SecretStore
    from window_client.qt.recovery_dialog import PassphraseDialog
    from window_client.security.keys import KeyManager
    manager = KeyManager(tmp, SecretStore(), scrypt_n=2 ** 14)
    first = PassphraseDialog(manager, initialise=True)
    first.resize(640, first.sizeHint().height())
    shooter.shot(first, "data_key_first_start")
    first.deleteLater()
    lost = PassphraseDialog(manager, initialise=False, reason=messages.KEY_RECOVERY_NEEDED)
    lost.resize(640, lost.sizeHint().height())
    shooter.shot(lost, "data_key_recovery")
    lost.deleteLater()


def supervision_shots(app: QApplication, shooter: Shooter, tmp: Path, catalog) -> None:
    """The hall manager's view of a generated year (tools/demo_year.py, 30 windows):
    the efficiency board at 1366 and 1920, the cases sorted by urgency, and an
    overdue case's timeline."""
    from window_client.devtools.demo_year import generate
    from window_client.qt.case_table_model import CaseTableModel
    tmp.mkdir(parents=True, exist_ok=True)
    database = tmp / "window.sqlite3"
    generate(database, catalog, cases=6000, windows=30, seed=7)
    engine = open_database(database)
    paths = Paths(tmp / "config", tmp, tmp / "logs")
    wiring = Wiring(paths, Settings(), catalog, engine, calendar=WorkCalendar(),
                    has_platform=False, settings_file=paths.settings_file)
    manager = MainWindow(wiring.for_clerk(Clerk("lisi", "李四", "manager")))
    manager.show()
    view = manager.supervision_view
    assert view is not None
    manager.tabs.setCurrentWidget(view)
    for size, name in (((1366, 768), "board_1366"), ((1920, 1080), "board_1920")):
        manager.resize(*size)
        deadline = dt.datetime.now() + dt.timedelta(seconds=60)
        while view.board.figures is None and dt.datetime.now() < deadline:
            app.processEvents()
        view.board.set_quick_range("last_90")
        shooter.shot(manager, name)
    manager.resize(1440, 900)
    manager.tabs.setCurrentWidget(manager.cases_view)
    manager.cases_view.sort_by_urgency()
    shooter.shot(manager, "cases_by_urgency")
    model = manager.cases_view.model
    overdue = next(model.row_at(r).id for r in range(model.rowCount())
                   if (model.index(r, CaseTableModel.COL_REMAINING).data() or "")
                   .startswith("已超期"))
    details = manager.cases_view.open_details(overdue)
    details.resize(1100, 720)
    details.ui.details_tabs.setCurrentWidget(details.progress_panel)
    shooter.shot(details, "case_progress_timeline")
    details.close()
    manager.close()


def camera_shot(app: QApplication, shooter: Shooter, materials_page, tmp: Path) -> None:
    """The document camera in the pages dialog, fed by a video made with ffmpeg (the
    tests' kind: a sheet slides onto the table and lies still): the preview, and the
    page auto-captured once it was still, gone through the scans' pipeline. Closed
    without filing it (the case goes on as before)."""
    from window_client.devtools.camera_video import make_camera_video
    from window_client.qt.camera import VideoFileSource
    video = make_camera_video(tmp / "camera.avi", size=(640, 480), fps=10)
    before = materials_page.camera_source
    materials_page.camera_source = lambda: VideoFileSource(video.path)
    dialog = materials_page.open_pages("household_register")
    dialog.resize(1300, 700)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (
            len(dialog.pages) == 1 and not dialog.busy
            and dialog.camera_panel.source.player.position() >= video.seconds * 1000 - 200):
        app.processEvents()
        time.sleep(0.01)
    dialog.page_list.setCurrentRow(0)
    shooter.shot(dialog, "material_pages_camera")
    dialog.reject()
    materials_page.camera_source = before


def audit_shots(app: QApplication, shooter: Shooter, tmp: Path, catalog) -> None:
    """The hall manager's 审计日志: a morning at one window (sign-in, cases, details
    opened, a scan viewed and printed, a receipt printed and reprinted, the board
    exported), the chain intact; then the same log after someone changed a row with
    sqlite3 (triggers dropped first): 已被篡改 at that row."""
    import sqlite3

    from PIL import Image

    from window_client.core.case_state import CaseState
    from window_client.store.audit import AuditStore
    tmp.mkdir(parents=True, exist_ok=True)
    database = tmp / "window.sqlite3"
    engine = open_database(database)
    paths = Paths(tmp / "config", tmp, tmp / "logs")
    wiring = Wiring(paths, Settings(), catalog, engine, calendar=WorkCalendar(),
                    has_platform=False)
    clerk = Clerk("wangli", "王丽", "clerk")
    page = tmp / "page.jpg"
    Image.new("RGB", (400, 560), "white").save(page, "JPEG")
    today = dt.datetime.now().replace(hour=8, minute=30, second=0, microsecond=0)
    moments = iter(today + dt.timedelta(minutes=7 * n, seconds=13 * n) for n in range(200))
    wiring.cases._clock = lambda: next(moments)
    store = AuditStore(engine, clock=lambda: next(moments))
    wiring.audit = store
    store.record("wangli", "sign_in")
    services = wiring.for_clerk(clerk)
    audit = services.audit
    assert audit is not None
    ids = []
    for one_thing_id in ("newborn", "newborn"):
        case = wiring.cases.create_draft(window_code="W01", one_thing_id=one_thing_id,
                                         catalog_version=catalog.version, clerk="wangli")
        stored = wiring.cases.attach_file(case.id, "birth_cert", page,
                                          files_dir=wiring.files_dir, clerk="wangli")
        wiring.cases.transition(case.id, CaseState.QUEUED, clerk="wangli")
        audit.printed("receipt", case.id, "HP LaserJet 柜台", reprint=False)
        ids.append((case.id, stored.id))
    audit.viewed_case(ids[0][0])
    audit.open_scan(*ids[0])
    audit.printed_scan(ids[0][0], ids[0][1], "HP LaserJet 柜台")
    audit.printed("receipt", ids[0][0], "HP LaserJet 柜台", reprint=True)
    manager = MainWindow(wiring.for_clerk(Clerk("lisi", "李四", "manager")))
    manager.resize(1440, 900)
    manager.show()
    view = manager.audit_view
    assert view is not None
    manager.tabs.setCurrentWidget(view)

    def shown() -> None:
        deadline = dt.datetime.now() + dt.timedelta(seconds=20)
        while view.table.rowCount() == 0 and dt.datetime.now() < deadline:
            app.processEvents()

    view.refresh()
    shown()
    shooter.shot(manager, "audit_log")
    conn = sqlite3.connect(database)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET clerk = 'nobody' WHERE action = 'reprint'")
    conn.commit()
    conn.close()
    view.table.setRowCount(0)
    view.refresh()
    shown()
    shooter.shot(manager, "audit_log_tampered")
    manager.close()


if __name__ == "__main__":
    sys.exit(main())
