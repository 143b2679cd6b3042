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
    # birth date and sex always follow the number: a typed sex is replaced when the
    # number is entered again, and a new number brings its own birth date
    session.set_value("applicant.sex", "male")
    session.set_value("applicant.id_number", "11010519491231002X")
    assert session.state.values["applicant.sex"] == "female"
    session.set_value("applicant.id_number", "110105195001010012")
    assert session.state.values["applicant.birth_date"] == "1950-01-01"
    assert session.state.values["applicant.sex"] == "male"   # 17th digit 1: odd is male


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
    """新生儿出生 without medical insurance, accepted on 2026-12-01, is promised for
    12-14, but the 容缺 photo may come until 12-15: the promise moves to 12-15, and
    the receipt and the notice say so (it used to promise the earlier day and allow
    the photo a day later)."""
    import subprocess

    from tests.qt.helpers import fill_to_review
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
    session.state.answers["enroll_medical_insurance"] = False
    photo = session.state.material("child_photo")
    photo.accept_missing = True
    fill_to_review(session)
    assert session.plan().due_date == dt.date(2026, 12, 14)
    assert session.promised_date() == (dt.date(2026, 12, 15), dt.date(2026, 12, 14))
    case = session.confirm()
    photo_record = next(m for m in case.materials if m.material_id == "child_photo")
    assert photo_record.missing_deadline == dt.date(2026, 12, 15)
    snap = case.snapshot
    assert snap.due_date == dt.date(2026, 12, 15) >= photo_record.missing_deadline
    assert snap.due_date_moved_from == dt.date(2026, 12, 14)
    docs = DocumentService(catalog, Settings(), cases, SyncRepository(db), IssuanceRepository(db),
                           WorkCalendar())
    for kind, words in (("receipt", "由2026年12月14日相应顺延"), ("notice", "由2026年12月14日顺延")):
        pdf = tmp_path / f"{kind}.pdf"
        pdf.write_bytes(docs.case_pdf(kind, case.id))
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout.replace("\n", "").replace(" ", "")
        assert words in text and "2026年12月15日" in text, (kind, text[:400])
    # stored: the snapshot read back from the database keeps the moved promise
    assert cases.get(case.id).snapshot.due_date_moved_from == dt.date(2026, 12, 14)


def test_a_typed_value_against_the_card_blocks_until_the_clerk_chooses(session):
    """After a read, a different number typed over the card's (or one typed before
    it) is a conflict: the applicant step is refused until the clerk takes the card's
    or keeps the typed one; the birth date always follows the number chosen."""
    card_number, other = "360702199208150045", "360702198501010020"
    session.start("newborn")
    session.set_value("applicant.name", "李娜")
    session.set_value("contact.mobile", "13907971234")
    session.apply_card({"applicant.name": "李娜", "applicant.id_number": card_number,
                        "applicant.birth_date": "1992-08-15"})
    assert session.card_conflicts() == [] and session.problems("applicant") == []
    # the clerk types another number over the card's
    session.set_value("applicant.id_number", other)
    assert session.state.values["applicant.birth_date"] == "1985-01-01"   # follows the number
    [conflict] = session.card_conflicts()
    assert (conflict.key, conflict.typed, conflict.card) == ("applicant.id_number", other,
                                                             card_number)
    problems = session.problems("applicant")
    assert [p.key for p in problems] == ["applicant.id_number"]
    assert "请选择采用哪一个" in problems[0].message
    # the card's number is taken: the birth date follows it again
    session.settle_card_conflict("applicant.id_number", use_card=True)
    assert session.state.values["applicant.id_number"] == card_number
    assert session.state.values["applicant.birth_date"] == "1992-08-15"
    assert session.state.sources["applicant.id_number"] == "id_card"
    assert session.problems("applicant") == []
    # typed before a read: the typed name stays until the clerk chooses; kept typed
    session.set_value("applicant.name", "李小娜")
    applied = session.apply_card({"applicant.name": "李娜", "applicant.id_number": card_number})
    assert "applicant.name" not in applied and session.state.values["applicant.name"] == "李小娜"
    assert [c.key for c in session.card_conflicts()] == ["applicant.name"]
    session.settle_card_conflict("applicant.name", use_card=False)
    assert session.state.values["applicant.name"] == "李小娜" and session.card_conflicts() == []
    # the conflict survives a save and a resume (the card's values are in the draft's meta)
    session.set_value("applicant.id_number", other)
    session.save()
    resumed = AcceptanceSession(session.catalog, session.cases, WorkCalendar(), clerk="wangli",
                                window_code="W07", files_dir=session.files_dir)
    resumed.resume(session.case.id)
    assert [c.key for c in resumed.card_conflicts()] == ["applicant.id_number"]
