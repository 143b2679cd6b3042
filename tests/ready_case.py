"""A case ready for pick-up, straight through the repositories (the issuance tests
start here)."""

from window_client.core.case_state import CaseState
from window_client.store.repository import CaseRepository
from window_client.store.sync_repository import FeedChange, OutputRecord, SyncRepository

APPLICANT = "11010519491231002X"
PLATFORM_NO = "GZ2026112700001"


def make_ready_case(cases: CaseRepository, sync: SyncRepository, *, name: str = "王秀英",
                    id_number: str = APPLICANT, platform_no: str = PLATFORM_NO) -> str:
    case = cases.create_draft(window_code="W01", one_thing_id="newborn", catalog_version="v",
                              clerk="wangli")
    cases.save_draft(case.id, clerk="wangli", answers={}, form_values={
        "applicant.name": name, "applicant.id_number": id_number},
        applicant_name=name, applicant_id_number=id_number)
    cases.transition(case.id, CaseState.QUEUED, clerk="wangli")
    outputs = [OutputRecord("birth_medical_certificate", "birth_certificate", "出生医学证明", "pending"),
               OutputRecord("social_security_card", "social_security_card", "社会保障卡", "pending")]
    sync.mark_submitted(case.id, platform_no, outputs)
    sync.apply_feed([FeedChange(case.id, CaseState.READY, o.output_id, "ready") for o in outputs], 5)
    assert cases.get(case.id).state == CaseState.READY
    return case.id
