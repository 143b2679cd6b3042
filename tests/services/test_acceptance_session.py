"""The acceptance session without any UI: what the wizard relies on."""

import datetime as dt

import pytest

from window_client.core.case_state import CaseState
from window_client.core.workdays import WorkCalendar
from window_client.services.acceptance import AcceptanceSession, IncompleteCase
from window_client.store.db import open_database
from window_client.store.repository import CaseRepository


@pytest.fixture
def session(tmp_path, catalog):
    return AcceptanceSession(catalog, CaseRepository(open_database(tmp_path / "s.sqlite3")),
                             WorkCalendar(), clerk="wangli", window_code="W07",
                             files_dir=tmp_path / "files", today=lambda: dt.date(2026, 11, 27))


def test_start_saves_a_draft_with_the_catalog_version(session, catalog):
    case = session.start("social_security_card")
    assert case.state == CaseState.DRAFT and case.catalog_version == catalog.version
    assert case.provisional_no.startswith("W07-")
    assert case.answers == catalog.definitions["social_security_card"].default_answers()


def test_confirm_refuses_an_incomplete_case_and_names_the_problems(session):
    session.start("unemployment_benefit")
    with pytest.raises(IncompleteCase) as info:
        session.confirm()
    wheres = {p.where for p in info.value.problems}
    assert "申请人" in wheres and "材料" in wheres
    assert session.cases.get(session.case.id).state == CaseState.DRAFT


def test_id_number_derives_birth_date_and_sex(session):
    session.start("newborn")
    session.set_value("applicant.id_number", "11010519491231002X")
    assert session.state.values["applicant.birth_date"] == "1949-12-31"
    assert session.state.values["applicant.sex"] == "female"
    assert session.state.sources["applicant.sex"] == "derived"
    session.set_value("applicant.sex", "male")  # the clerk's correction wins
    session.set_value("applicant.id_number", "11010519491231002X")
    assert session.state.values["applicant.sex"] == "male"


def test_offline_verification_is_pending_not_exempt(session):
    session.start("newborn")
    tags = {m.spec.id: m.tag.value for m in session.plan().materials}
    assert tags["birth_info_sheet"] == "verification_pending"


def test_card_values_are_applied_by_the_session_not_the_widget(session):
    session.start("newborn")
    session.set_value("applicant.name", "李娜")  # typed before the card was read
    applied = session.apply_card({"applicant.name": "李 娜", "applicant.id_number":
                                  "11010519491231002X", "applicant.nonsense": "x"})
    assert applied == ["applicant.name", "applicant.id_number"]
    assert session.state.values["applicant.name"] == "李 娜"          # the card wins
    assert session.state.sources["applicant.name"] == "id_card"
    assert session.state.values["applicant.birth_date"] == "1949-12-31"  # derived as typed
    assert "applicant.nonsense" not in session.state.values


def test_a_missing_material_due_after_the_promise_moves_the_promise(tmp_path, catalog):
    """新生儿出生 accepted on 2026-12-01 is promised for 12-08, but the 容缺 photo may
    come until 12-15: the promise moves to 12-15, and the receipt and the notice say
    so (it used to promise 12-08 and allow the photo a week later)."""
    import subprocess

    from tests.qt.helpers import sample_value
    from window_client.services.documents import DocumentService
    from window_client.settings import Settings
    from window_client.store.issuance_repository import IssuanceRepository
    from window_client.store.sync_repository import SyncRepository
    db = open_database(tmp_path / "m.sqlite3")
    cases = CaseRepository(db)
    session = AcceptanceSession(catalog, cases, WorkCalendar(), clerk="wangli",
                                window_code="W01", files_dir=tmp_path / "files",
                                today=lambda: dt.date(2026, 12, 1))
    session.start("newborn")
    entries = catalog.dictionary.entries
    photo = session.state.material("child_photo")
    photo.accept_missing = True
    for _ in range(10):
        problems = session.problems("review")
        if not problems:
            break
        for p in problems:
            if p.where == "材料":
                st = session.state.material(p.key)
                st.received, st.copies = True, 1
            elif p.key in entries:
                session.set_value(p.key, sample_value(entries[p.key]))
    assert session.plan().due_date == dt.date(2026, 12, 8)
    assert session.promised_date() == (dt.date(2026, 12, 15), dt.date(2026, 12, 8))
    case = session.confirm()
    photo_record = next(m for m in case.materials if m.material_id == "child_photo")
    assert photo_record.missing_deadline == dt.date(2026, 12, 15)
    snap = case.snapshot
    assert snap.due_date == dt.date(2026, 12, 15) >= photo_record.missing_deadline
    assert snap.due_date_moved_from == dt.date(2026, 12, 8)
    docs = DocumentService(catalog, Settings(), cases, SyncRepository(db), IssuanceRepository(db),
                           WorkCalendar())
    for kind, words in (("receipt", "由2026年12月8日相应顺延"), ("notice", "由2026年12月8日顺延")):
        pdf = tmp_path / f"{kind}.pdf"
        pdf.write_bytes(docs.case_pdf(kind, case.id))
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout.replace("\n", "").replace(" ", "")
        assert words in text and "2026年12月15日" in text, (kind, text[:400])
    # stored: the snapshot read back from the database keeps the moved promise
    assert cases.get(case.id).snapshot.due_date_moved_from == dt.date(2026, 12, 8)
