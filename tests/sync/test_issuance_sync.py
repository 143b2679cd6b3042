"""Issuance and evaluations work offline and sync later; the platform's 409 for a
result issued elsewhere reaches the hall manager."""

import uuid

import requests

from window_client.core.case_state import CaseState
from window_client.core.issuance import Collector
from window_client.core.roles import Clerk
from window_client.services.issuance import IssuanceService
from window_client.sync.steps import PushRecords

from .helpers import DEMO_PASSWORD, DEMO_USER, make_engine, make_queued_cases

APPLICANT = "11010519491231002X"


def ready_case(sandbox, tmp_path, catalog, clock):
    engine = make_engine(tmp_path / "c.sqlite3", catalog, sandbox.url, clock=clock,
                         with_issuance=True)
    issuance = engine.step(PushRecords).issuance
    [case_id] = make_queued_cases(engine.cases, catalog, 1, tmp_path / "files")
    engine.run_once()
    sandbox.tick(all=True)
    engine.run_once()
    assert engine.cases.get(case_id).state == CaseState.READY
    service = IssuanceService(engine.cases, engine.sync, issuance,
                              Clerk("lisi", "李四", "manager"))
    return engine, service, case_id


def remote_outputs(sandbox, case_id):
    case = next(c for c in sandbox.state()["cases"] if c["client_uuid"] == case_id)
    return {k: v for item in case["items"] for k, v in item["outputs"].items()}


def test_issued_offline_synced_later(sandbox, tmp_path, catalog, clock):
    engine, service, case_id = ready_case(sandbox, tmp_path, catalog, clock)
    outputs = [o.output_id for o in service.load(case_id).ready]
    sandbox.set_faults(error_rate=1.0)  # the platform is unreachable for now
    service.hand_over(case_id, outputs, Collector("applicant", "测试0", APPLICANT))
    service.issuance.evaluate(case_id, "issuance", 2, "等候时间过长")
    assert engine.cases.get(case_id).state == CaseState.ISSUED  # issuance did not wait
    engine.run_once()
    assert not service.issuance.issuances(case_id)[0].synced
    sandbox.reset()
    clock.advance(3600)
    engine.run_once()
    assert service.issuance.issuances(case_id)[0].synced
    assert set(remote_outputs(sandbox, case_id).values()) == {"issued"}
    assert not service.issuance.pending_evaluations(clock.now)
    engine.run_once()  # replays nothing twice
    assert len(service.issuance.issuances(case_id)) == 1


def test_platform_conflict_is_shown_to_the_manager(sandbox, tmp_path, catalog, clock):
    engine, service, case_id = ready_case(sandbox, tmp_path, catalog, clock)
    case = engine.cases.get(case_id)
    output = service.load(case_id).ready[0]
    # another counter already handed this result over on the platform
    token = requests.post(f"{sandbox.url}/auth/sign-in", json={
        "username": DEMO_USER, "password": DEMO_PASSWORD, "window_code": "W09"}).json()
    r = requests.post(f"{sandbox.url}/cases/{case.platform_no}/issuances", json={
        "issuance_id": str(uuid.uuid4()), "outputs": [output.output_id], "method": "window",
        "collector": {"name": "测试0", "id_number": APPLICANT, "role": "applicant"}},
        headers={"Authorization": f"Bearer {token['access_token']}"}, timeout=10)
    assert r.status_code == 200
    service.hand_over(case_id, [output.output_id], Collector("applicant", "测试0", APPLICANT))
    engine.run_once()
    [rec] = service.issuance.issuances(case_id)
    assert rec.synced and rec.platform_refusal
    notes = [n for n in engine.sync.notifications() if n.kind == "issuance_refused"]
    assert notes and case.provisional_no in notes[0].message
