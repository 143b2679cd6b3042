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
