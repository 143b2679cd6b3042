"""The rule for refusals, from the platform's feed to the counter: a case refused
as a whole has nothing ready (no 可以领取, every result 不予受理); one item refused
takes only its own results, the other items go on to ready and are handed over,
and the refused item is listed with its reason in the cases view, on the papers and
at the issuance counter. Against the sandbox's back office on 127.0.0.1."""

import subprocess

from platform_sandbox.backoffice import fate
from window_client.core.case_state import CaseState, OutputStatus
from window_client.core.issuance import Collector
from window_client.core.roles import Clerk
from window_client.core.records import CaseListQuery
from window_client.core.workdays import WorkCalendar
from window_client.services.cases import CaseService
from window_client.services.documents import DocumentService
from window_client.services.issuance import IssuanceService
from window_client.settings import Settings
from window_client.store.issuance_repository import IssuanceRepository

from .helpers import make_engine, make_queued_cases


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout.replace("\n", "").replace(" ", "")


def test_whole_case_and_one_item_refusals(sandbox, tmp_path, catalog, clock):
    sandbox.configure(refuse_share=1.0)
    engine = make_engine(tmp_path / "c.sqlite3", catalog, sandbox.url, clock=clock,
                         with_issuance=True)
    seed = sandbox.config.seed
    n_items = len(catalog.definitions["newborn"].items)
    whole = part = None
    for _ in range(40):   # cases until the back office refuses one at its first item and
        [case_id] = make_queued_cases(engine.cases, catalog, 1, tmp_path / "files")  # one later
        doom = fate(seed, case_id, n_items, 0.0, 1.0)
        if doom.item == 0 and whole is None:
            whole = case_id
        elif doom.item > 0 and part is None:
            part = case_id
        if whole and part:
            break
    assert whole and part
    engine.run_once()
    sandbox.tick(all=True)
    engine.run_once()
    engine.run_once()

    # refused as a whole: nothing ready, no 可以领取 for it
    assert engine.cases.get(whole).state == CaseState.REFUSED
    assert {o.status for o in engine.sync.outputs(whole)} == {OutputStatus.REFUSED}
    notes = engine.sync.notifications(unread_only=False)
    whole_no = engine.cases.get(whole).provisional_no
    assert not [n for n in notes if n.case_id == whole and n.kind == "ready"]
    assert [n for n in notes if n.case_id == whole and n.kind == "refused"]

    # one item refused: it alone, the others ready and handed over
    part_case = engine.cases.get(part)
    outputs = engine.sync.outputs(part)
    refused_items = engine.sync.refused_items(part)
    assert len(refused_items) == 1 and all(refused_items.values())
    [refused_code] = refused_items
    refused = [o for o in outputs if o.status == OutputStatus.REFUSED]
    ready = [o for o in outputs if o.status == OutputStatus.READY]
    assert ready and part_case.state == CaseState.READY
    assert {o.item_code for o in refused} <= {refused_code} and all(o.note for o in refused)
    assert [n for n in notes if n.case_id == part and n.kind == "item_refused"]
    assert [n for n in notes if n.case_id == part and n.kind == "ready"]

    # the cases view says how many results will not come (not for the refused case)
    rows = {r.id: r for r in CaseService(engine.cases, "wangli",
                                         refused_counts=engine.sync.refused_item_counts)
            .first_page(CaseListQuery(), 50).rows}
    assert rows[part].refused_items == 1 and rows[whole].refused_items == 0

    # the counter: the refused results cannot be handed over, the ready ones can
    issuance = IssuanceRepository(engine.cases.engine)
    counter = IssuanceService(engine.cases, engine.sync, issuance,
                              Clerk("lisi", "李四", "manager"))
    assert counter.load(whole).ready == ()
    assert [code for code, _name, _reason in counter.load(part).refused_items] == [refused_code]
    collector = Collector("applicant", part_case.applicant_name or "",
                          part_case.applicant_id_number or "")
    record = counter.hand_over(part, [o.output_id for o in ready], collector)
    assert set(record.outputs) == {o.output_id for o in ready}

    # the papers: the slip lists the refused result with its reason; the notice names
    # the refused item; the whole refusal's notice is a refusal notice
    docs = DocumentService(catalog, Settings(), engine.cases, engine.sync, issuance,
                           WorkCalendar())
    reason = refused_items[refused_code].split(":")[-1]
    if refused:   # the refused item has results: the slip lists them with the reason
        slip = _pdf_text(docs.case_pdf("slip_a4", part), tmp_path)
        assert "不予受理" in slip and reason in slip   # the cell wraps: words, not a line
    notice = _pdf_text(docs.case_pdf("notice", part), tmp_path)
    assert "不予受理的事项" in notice and "其他事项继续办理" in notice and reason in notice
    refusal = _pdf_text(docs.case_pdf("notice", whole), tmp_path)
    assert "决定不予受理" in refusal and whole_no in refusal
