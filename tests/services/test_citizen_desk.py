"""The citizen's screen's calls (services/citizen.py): a confirmation holds only for
the summary confirmed, a signature is checked and stored encrypted, a rating is the
citizen's and syncs like one given at the clerk's screen."""

import datetime as dt
import os

import pytest

from tests.qt.helpers import fill_to_review
from window_client.core import messages
from window_client.core.signature import Signature, SignatureRefused
from window_client.core.workdays import WorkCalendar
from window_client.security.vault import Vault, file_is_encrypted
from window_client.services.acceptance import AcceptanceSession, IncompleteCase
from window_client.services.citizen import CitizenDesk, handover_purpose
from window_client.services.evaluations import EvaluationRefused, Evaluations
from window_client.store.db import open_database
from window_client.store.issuance_repository import IssuanceRepository
from window_client.store.repository import CaseRepository

KEY = os.urandom(32)
APPLICANT = "11010519491231002X"
PHONE = "13912345678"


def good_signature() -> Signature:
    """Two characters' worth of strokes in a 900×300 box."""
    strokes = [[(120, 80), (260, 80)], [(190, 40), (190, 240)], [(120, 240), (270, 200)],
               [(420, 60), (560, 230)], [(560, 60), (420, 230)], [(400, 150), (600, 150)]]
    return Signature.of(900, 300, [[(x, y, 10 * n) for n, (x, y) in enumerate(s)]
                                   for s in strokes])


@pytest.fixture
def desk_and_session(tmp_path, catalog):
    engine = open_database(tmp_path / "c.sqlite3")
    cases = CaseRepository(engine, vault=Vault(KEY))
    session = AcceptanceSession(catalog, cases, WorkCalendar(), clerk="wangli",
                                window_code="W01", files_dir=tmp_path / "files",
                                today=lambda: dt.date(2026, 12, 1))
    desk = CitizenDesk(cases, Evaluations(IssuanceRepository(engine)),
                       files_dir=tmp_path / "files", clerk="wangli")
    session.start("newborn")
    session.state.answers["enroll_medical_insurance"] = False
    session.state.material("child_photo").accept_missing = True
    fill_to_review(session)
    session.set_value("applicant.id_number", APPLICANT)
    session.set_value("contact.mobile", PHONE)
    assert session.problems("review") == []
    session.citizen_check = desk.problems
    return desk, session


def test_the_citizen_sees_the_items_and_outputs_and_a_masked_summary(desk_and_session):
    desk, session = desk_and_session
    view = desk.view(session)
    assert view.one_thing_name == session.plan().one_thing.name
    assert [i.name for i in view.items] == [i.name for i in session.plan().items]
    assert view.outputs and all(isinstance(o, str) for o in view.outputs)
    shown = [v for s in view.summary for _label, v in s.rows]
    assert "110105********002X" in shown and "139****5678" in shown
    assert APPLICANT not in repr(view) and PHONE not in repr(view)
    assert session.state.applicant_name in shown   # the name is checked, so shown in full


def test_no_confirm_without_the_citizen_and_a_change_asks_again(desk_and_session):
    desk, session = desk_and_session
    [problem] = session.problems("review")
    assert problem.message == messages.CITIZEN_NOT_CONFIRMED
    with pytest.raises(IncompleteCase):
        session.confirm()
    desk.confirm(session, "touch")
    assert session.problems("review") == [] and desk.is_confirmed(session)
    session.set_value("contact.mobile", "13800000000")   # the clerk changes the phone
    [problem] = session.problems("review")
    assert problem.message == messages.CITIZEN_CONFIRMATION_STALE
    desk.confirm(session, "clerk_key")
    case = session.confirm()
    assert case.meta["citizen"]["confirmation"]["method"] == "clerk_key"
    stored = session.cases.get(case.id)
    assert stored.meta["citizen"]["confirmation"]["digest"]
    with pytest.raises(ValueError):
        desk.confirm(session, "nodded")


@pytest.mark.parametrize("strokes, message", [
    ([], messages.SIGNATURE_EMPTY),
    ([[(100, 100), (101, 100)]], messages.SIGNATURE_EMPTY),                # a tap
    ([[(100, 50), (400, 250)]], messages.SIGNATURE_TOO_FEW_STROKES),
    ([[(100, 100), (110, 110)], [(120, 100), (130, 110)]], messages.SIGNATURE_TOO_SHORT),
    ([[(100, 100), (100, 380)], [(120, 100), (300, 100)]], messages.SIGNATURE_OUTSIDE),
    ([[(100, 100), (120, 100)] * 20, [(100, 110), (120, 110)] * 20],
     messages.SIGNATURE_TOO_SMALL),
])
def test_a_poor_signature_is_refused_with_its_reason_and_nothing_is_stored(
        desk_and_session, tmp_path, strokes, message):
    desk, session = desk_and_session
    with pytest.raises(SignatureRefused) as info:
        desk.sign(session, Signature.of(900, 300, strokes))
    assert str(info.value) == message
    assert desk.signature(session.case.id) is None
    assert "signature" not in session.state.citizen


def test_a_signature_is_stored_encrypted_and_read_back(desk_and_session, tmp_path):
    desk, session = desk_and_session
    sig = good_signature()
    desk.sign(session, sig)
    assert desk.signature(session.case.id) == sig
    files = [p for p in (tmp_path / "files").rglob("*") if p.is_file()]
    [stored] = [p for p in files if p.name.startswith("sig-")]
    assert file_is_encrypted(stored) and b"strokes" not in stored.read_bytes()
    assert session.cases.get(session.case.id).meta["citizen"]["signature"]["strokes"] == 6
    desk.sign_handover(session.case.id, "iss-1", sig)
    assert desk.signature(session.case.id, handover_purpose("iss-1")) == sig
    assert desk.signature(session.case.id, handover_purpose("iss-2")) is None
    taken = [a for a in session.cases.audit(session.case.id) if a.action == "signature_taken"]
    assert [a.detail for a in taken] == ["purpose=acceptance", "purpose=handover:iss-1"]


def test_the_rating_is_the_citizens_and_a_low_one_needs_a_reason(desk_and_session):
    desk, session = desk_and_session
    desk.confirm(session, "touch")
    case = session.confirm()
    with pytest.raises(EvaluationRefused):
        desk.rate(case.id, "acceptance", 1, "")
    record = desk.rate(case.id, "acceptance", 2, "等候时间长")
    assert record.level == 2 and record.reason == "等候时间长"
