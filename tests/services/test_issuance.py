"""The issuance counter's rules on a real SQLite file: self, agent, mismatch refused,
postal, partial handover, double issuance refused."""

import pytest

from tests.ready_case import APPLICANT, make_ready_case
from window_client.core.case_state import CaseState
from window_client.core.issuance import Collector, evaluation_problem
from window_client.core.roles import Clerk
from window_client.store.db import open_database
from window_client.core.issuance import IssuanceRefused
from window_client.store.issuance_repository import IssuanceRepository
from window_client.store.repository import CaseRepository
from window_client.store.sync_repository import FeedChange, SyncRepository
from window_client.services.issuance import IssuanceService

AGENT = "360702200005180426"


@pytest.fixture
def counter(tmp_path):
    db = open_database(tmp_path / "c.sqlite3")
    cases, sync, issuance = CaseRepository(db), SyncRepository(db), IssuanceRepository(db)
    case_id = make_ready_case(cases, sync)
    return IssuanceService(cases, sync, issuance, Clerk("lisi", "李四", "manager")), case_id


def statuses(service, case_id):
    return {o.output_id: o.status for o in service.load(case_id).outputs}


def test_scan_by_platform_or_provisional_number(counter):
    service, case_id = counter
    provisional = service.cases.get(case_id).provisional_no
    assert service.scanned("GZ2026112700001").case.id == case_id
    assert service.scanned(provisional).case.id == case_id
    assert service.scanned("GZ2099") is None
    assert [c.id for c in service.search("002x")] == [case_id]


def test_applicant_collects_everything(counter):
    service, case_id = counter
    rec = service.hand_over(case_id, ["birth_medical_certificate", "social_security_card"],
                            Collector("applicant", "王秀英", APPLICANT.lower()))
    assert rec.collector_id_number == APPLICANT and not rec.synced
    assert set(statuses(service, case_id).values()) == {"issued"}
    assert service.cases.get(case_id).state == CaseState.ISSUED


def test_mismatch_is_refused_with_a_reason(counter):
    service, case_id = counter
    with pytest.raises(IssuanceRefused, match="与申请人不一致"):
        service.hand_over(case_id, ["social_security_card"], Collector("applicant", "李娜", AGENT))
    with pytest.raises(IssuanceRefused, match="校验位"):
        service.hand_over(case_id, ["social_security_card"],
                          Collector("applicant", "王秀英", APPLICANT[:-1] + "1"))
    assert set(statuses(service, case_id).values()) == {"ready"}


def test_agent_needs_the_authorisation(counter):
    service, case_id = counter
    with pytest.raises(IssuanceRefused, match="授权委托书"):
        service.hand_over(case_id, ["social_security_card"], Collector("agent", "李娜", AGENT))
    rec = service.hand_over(case_id, ["social_security_card"],
                            Collector("agent", "李娜", AGENT, authorisation_checked=True))
    assert rec.collector_role == "agent"


def test_partial_then_rest_and_never_twice(counter):
    service, case_id = counter
    service.hand_over(case_id, ["social_security_card"], Collector("applicant", "王秀英", APPLICANT))
    assert statuses(service, case_id) == {"birth_medical_certificate": "ready",
                                          "social_security_card": "issued"}
    assert service.cases.get(case_id).state == CaseState.READY
    with pytest.raises(IssuanceRefused, match="“社会保障卡”已发放"):
        service.hand_over(case_id, ["social_security_card"],
                          Collector("applicant", "王秀英", APPLICANT))
    # even straight through the repository, the second issue is refused
    with pytest.raises(IssuanceRefused, match="已发放"):
        service.issuance.issue(case_id, ["social_security_card"], method="window",
                               collector_role="applicant", collector_name="x",
                               collector_id_number=APPLICANT, manager="lisi")
    service.hand_over(case_id, ["birth_medical_certificate"],
                      Collector("applicant", "王秀英", APPLICANT))
    assert service.cases.get(case_id).state == CaseState.ISSUED
    assert len(service.issuance.issuances(case_id)) == 2


def test_free_postal_delivery(counter):
    service, case_id = counter
    with pytest.raises(IssuanceRefused, match="EMS邮件号"):
        service.hand_over(case_id, ["social_security_card"], Collector("applicant", "", ""),
                          method="post", tracking_no="12345", address="江西省赣州市章贡区红旗大道1号")
    rec = service.hand_over(case_id, ["social_security_card"], Collector("applicant", "", ""),
                            method="post", tracking_no="ea123456789cn",
                            address="江西省赣州市章贡区红旗大道1号")
    assert rec.tracking_no == "EA123456789CN" and rec.method == "post"
    assert statuses(service, case_id)["social_security_card"] == "posted"


def test_not_ready_results_cannot_be_issued(tmp_path, counter):
    service, case_id = counter
    service.sync.apply_feed([FeedChange(case_id, None, "social_security_card", "pending")], 6)
    with pytest.raises(IssuanceRefused, match="尚未办结"):
        service.hand_over(case_id, ["social_security_card"],
                          Collector("applicant", "王秀英", APPLICANT))


def test_evaluation_rules():
    assert evaluation_problem(5, "") is None
    assert "原因" in evaluation_problem(2, " ")
    assert evaluation_problem(1, "等候时间太长") is None
    assert evaluation_problem(0, "") == "请选择评价等级"
