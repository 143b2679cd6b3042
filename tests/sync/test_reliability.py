"""The sync defects of issue 10, each against a real server on 127.0.0.1: the real
sandbox, the sandbox behind a proxy that rewrites chosen answers, or a server
that trickles bytes or feeds events for ever."""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import threading

import pytest

from window_client.core.case_state import CaseState
from window_client.core.workdays import WorkCalendar
from window_client.documents.data import date_text
from window_client.platform.client import ConnectionSettings, PlatformClient
from window_client.platform.errors import MalformedResponse, Unreachable
from window_client.services.acceptance import AcceptanceSession
from window_client.services.documents import DocumentService
from window_client.settings import Settings
from window_client.store.db import open_database
from window_client.store.repository import CaseRepository
from window_client.store.sync_repository import SyncRepository
from window_client.sync.engine import SyncReport, make_sync_engine

from .broken import FeedServer, Proxy, TrickleServer, deep_json, rewrite_case_answer
from .helpers import DEMO_PASSWORD, DEMO_USER, Clock, make_engine, make_queued_cases

FRIDAY = dt.date(2026, 12, 4)
MONDAY = dt.date(2026, 12, 7)


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def confirm_newborn(catalog, cases: CaseRepository, calendar: WorkCalendar, day: dt.date,
                    files_dir):
    """A newborn case filled and confirmed through the AcceptanceSession, as the
    wizard does, on ``day``."""
    from tests.qt.helpers import fill_to_review
    session = AcceptanceSession(catalog, cases, calendar, clerk=DEMO_USER, window_code="W01",
                                files_dir=files_dir, today=lambda: day)
    session.start("newborn")
    fill_to_review(session)
    return session.confirm()


def later_catalog(catalog, extra_days: int):
    """The same catalog with newborn promised in ``extra_days`` more working days
    (a newer catalog version, as sync would bring)."""
    from dataclasses import replace
    one = catalog.definitions["newborn"]
    changed = one.model_copy(update={"promised_days": one.promised_days + extra_days})
    return replace(catalog, definitions={**catalog.definitions, "newborn": changed},
                   version=catalog.version + "-next")


# -- 2. one truth per case -------------------------------------------------------------

def test_due_date_is_the_snapshots_on_the_payload_the_platform_and_the_receipt(
        sandbox, tmp_path, catalog):
    db = open_database(tmp_path / "c.sqlite3")
    cases = CaseRepository(db)
    friday_calendar = WorkCalendar()
    case = confirm_newborn(catalog, cases, friday_calendar, FRIDAY, tmp_path / "files")
    snap = case.snapshot
    assert snap is not None and snap.accepted_at.date() == FRIDAY
    promised = snap.due_date
    assert promised == friday_calendar.add_working_days(
        FRIDAY, catalog.definitions["newborn"].promised_days).date

    # over the weekend: a new catalog (more days) and a holiday table (next week off)
    newer = later_catalog(catalog, 5)
    holidays = WorkCalendar.from_table({"years": {"2026": {
        "holidays": [(MONDAY + dt.timedelta(days=k)).isoformat() for k in range(5)],
        "workdays": []}}})
    replanned = holidays.add_working_days(MONDAY, newer.definitions["newborn"].promised_days).date
    assert replanned != promised  # what a recomputed plan would say

    monday_9 = dt.datetime.combine(MONDAY, dt.time(9, 0))
    client = PlatformClient(ConnectionSettings(base_url=sandbox.url, read_timeout=5))
    client.sign_in(DEMO_USER, DEMO_PASSWORD)
    sync = SyncRepository(db, clock=lambda: monday_9)
    engine = make_sync_engine(newer, CaseRepository(db, clock=lambda: monday_9), sync, client,
                        clock=lambda: monday_9, rng=random.Random(1))
    files = cases.files(case.id)
    payload, outputs = engine.push_cases.payload(cases.get(case.id), files)
    assert payload["due_date"] == promised.isoformat()
    assert payload["accepted_at"].startswith(FRIDAY.isoformat())
    assert payload["catalog_version"] == catalog.version
    assert [o.output_id for o in outputs] == [o.id for _, o in snap.outputs]
    report = engine.run_once()
    assert report.submitted == [case.provisional_no], report

    stored = cases.get(case.id)
    assert client.case_status(stored.platform_no).due_date == promised

    papers = DocumentService(newer, Settings(), cases, sync, None, holidays,
                             now=lambda: monday_9)
    receipt = pdf_text(papers.case_pdf("receipt", case.id), tmp_path)
    assert date_text(promised) in receipt
    assert date_text(replanned) not in receipt
    assert date_text(FRIDAY) in receipt  # accepted on Friday, printed on Monday


def test_a_case_from_before_snapshots_gets_one_rebuilt_once(sandbox, tmp_path, catalog, clock):
    engine = make_engine(tmp_path / "c.sqlite3", catalog, sandbox.url, clock=clock)
    [case_id] = make_queued_cases(engine.cases, catalog, 1, tmp_path / "files", snapshot=False)
    assert engine.cases.get(case_id).snapshot is None
    engine.run_once()
    case = engine.cases.get(case_id)
    assert case.platform_no and case.snapshot is not None and case.snapshot.rebuilt
    first = case.snapshot_json
    engine.push_cases.payload(case, engine.cases.files(case_id))
    assert engine.cases.get(case_id).snapshot_json == first  # never replaced
    assert [a.action for a in engine.cases.audit(case_id)].count("snapshot_rebuilt") == 1


# -- 3.1 a case never passes submitted without a platform number ---------------------------

def test_lost_submit_answer_is_reconciled_before_the_feed_moves_the_case(
        sandbox, tmp_path, catalog, clock):
    engine = make_engine(tmp_path / "c.sqlite3", catalog, sandbox.url, clock=clock)
    ids = make_queued_cases(engine.cases, catalog, 2, tmp_path / "files")
    # the platform commits the first case, the client sees the connection cut
    sandbox.set_faults(drop_next=1, drop_mode="response", paths=["/cases/"])
    report = engine.run_once()
    assert not report.online
    lost = engine.cases.get(ids[0])
    assert lost.state == CaseState.QUEUED and not lost.platform_no
    remote = {c["client_uuid"]: c for c in sandbox.state()["cases"]}
    assert ids[0] in remote  # committed there
    sandbox.reset()
    # the back office finishes it while the case still backs off here
    sandbox.tick(all=True)
    assert sandbox.state()["cases"][0]["state"] == "ready"
    [entry] = [q for q in engine.sync.queued() if q.case_id == ids[0]]
    assert entry.next_attempt_at > clock.now  # not pushed again in the next run
    engine.run_once()
    case = engine.cases.get(ids[0])
    assert case.platform_no == remote[ids[0]]["case_no"]
    assert case.state == CaseState.READY
    walk = [h.to_state for h in engine.cases.history(ids[0])]
    assert walk.index(CaseState.SUBMITTED) < walk.index(CaseState.ACCEPTED)
    assert {o.status for o in engine.sync.outputs(ids[0])} == {"ready"}
    # and the rest of the queue went on: the second case went up too
    assert engine.cases.get(ids[1]).platform_no
    assert len(sandbox.state()["cases"]) == 2
    assert all(c["submissions"] == 1 for c in sandbox.state()["cases"])


# -- 3.2 calls that never end --------------------------------------------------------------

def _returns_within(fn, seconds: float):
    """Runs ``fn`` in a thread; (finished, result or exception)."""
    box: dict = {}

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - the test looks at it
            box["value"] = exc
    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    return not t.is_alive(), box.get("value")


@pytest.mark.parametrize("headers_too", [False, True], ids=["body", "status-line"])
def test_a_trickling_server_does_not_hold_a_call_past_its_deadline(headers_too):
    with TrickleServer(gap=0.2, headers_too=headers_too) as server:
        client = PlatformClient(ConnectionSettings(base_url=server.url, connect_timeout=1,
                                                   read_timeout=1.0, total_timeout=2.0))
        # without a total deadline this never returns (each byte comes within 1 s)
        finished, outcome = _returns_within(lambda: client.manifest(["0" * 64]), 30)
    assert finished, "the call is still running"
    assert isinstance(outcome, Unreachable)
    assert "超时" in str(outcome)


def test_an_endless_feed_is_read_a_bounded_number_of_pages_per_run(tmp_path, catalog, clock):
    with FeedServer("endless") as server:
        engine = make_engine(tmp_path / "c.sqlite3", catalog, server.url, clock=clock,
                             sign_in=False)
        engine.feed.max_pages = 7
        finished, report = _returns_within(engine.run_once, 60)
        assert finished, "run_once never ended"
        assert server.pages == 7
        assert int(engine.sync.get_state("feed_cursor")) == 7  # the rest next run
        engine.run_once()
        assert server.pages == 14 and int(engine.sync.get_state("feed_cursor")) == 14


def test_a_feed_cursor_that_does_not_move_stops_the_run(tmp_path, catalog, clock):
    with FeedServer("stuck") as server:
        engine = make_engine(tmp_path / "c.sqlite3", catalog, server.url, clock=clock,
                             sign_in=False)
        finished, report = _returns_within(engine.run_once, 60)
        assert finished and server.pages == 1
        assert "未前进" in report.error


# -- 3.3 answers that poison the queue ------------------------------------------------------

@pytest.fixture
def proxy(sandbox):
    with Proxy(sandbox.url.rsplit("/api/v1", 1)[0]) as p:
        yield p


def lookups_of(client_uuid: str, change) :
    """Rewrites the platform's answer to ``GET /cases/<client_uuid>`` too (a
    platform that is consistently wrong about one case)."""
    def rewrite(method, path, body, status, answer):
        if method == "GET" and path.endswith(f"/cases/{client_uuid}") and status == 200:
            import json
            return status, "application/json", json.dumps(change(json.loads(answer))).encode()
        return None
    return rewrite


def stuck_entry(engine, case_id):
    [entry] = [q for q in engine.sync.queued() if q.case_id == case_id]
    return entry


def test_a_deeply_nested_answer_is_malformed_not_a_crash(tmp_path, catalog, clock, proxy,
                                                         sandbox):
    engine = make_engine(tmp_path / "c.sqlite3", catalog, proxy.url, clock=clock)
    ids = make_queued_cases(engine.cases, catalog, 3, tmp_path / "files")
    proxy.rewrites.append(rewrite_case_answer(ids[1], lambda a: deep_json()))
    report = SyncReport()
    engine.push_cases.run(report)
    assert [n for n, _ in report.failed] == [engine.cases.get(ids[1]).provisional_no]
    assert "嵌套" in report.failed[0][1]
    entry = stuck_entry(engine, ids[1])
    assert entry.stuck and "嵌套" in entry.last_error           # 需人工处理, in Chinese
    assert engine.cases.get(ids[0]).platform_no and engine.cases.get(ids[2]).platform_no
    # the platform had committed it: the feed names it, the UUID look-up numbers it
    engine.run_once()
    remote = {c["client_uuid"]: c["case_no"] for c in sandbox.state()["cases"]}
    assert engine.cases.get(ids[1]).platform_no == remote[ids[1]]
    # every other kind of call too: a deep answer is a clean MalformedResponse
    proxy.rewrites[:] = [lambda m, p, b, s, a: (200, "application/json", deep_json())
                         if p.endswith("/materials/manifest") or "/changes" in p else None]
    with pytest.raises(MalformedResponse):
        engine.client.manifest(["a" * 64])
    assert "嵌套" in engine.run_once().error


def test_two_cases_answered_with_one_number_stop_only_the_second(tmp_path, catalog, clock,
                                                                  proxy):
    engine = make_engine(tmp_path / "c.sqlite3", catalog, proxy.url, clock=clock)
    ids = make_queued_cases(engine.cases, catalog, 3, tmp_path / "files")
    taken: dict = {}

    def first_number(answer: dict) -> dict:
        taken.setdefault("no", answer["case_no"])
        return answer

    proxy.rewrites.append(rewrite_case_answer(ids[0], first_number))
    proxy.rewrites.append(rewrite_case_answer(ids[1], lambda a: {**a, "case_no": taken["no"]}))
    proxy.rewrites.append(lookups_of(ids[1], lambda a: {**a, "case_no": taken["no"]}))
    for _ in range(3):  # no run raises IntegrityError, however often it is tried
        report = engine.run_once()
        clock.advance(3600)
    first, second, third = (engine.cases.get(i) for i in ids)
    assert first.platform_no == taken["no"] and first.state != CaseState.QUEUED
    assert second.state == CaseState.QUEUED and not second.platform_no
    assert third.platform_no and third.platform_no != taken["no"]
    entry = stuck_entry(engine, ids[1])
    assert entry.stuck and "已属于本窗口的办件" in entry.last_error
    assert any(n.kind == "stuck" and second.provisional_no in n.message
               for n in engine.sync.notifications())
    assert "Integrity" not in report.error


@pytest.mark.parametrize("bad_no", [" ", "str", "", "GZ 2026", "X" * 41])
def test_malformed_case_numbers_are_refused(tmp_path, catalog, clock, proxy, bad_no):
    engine = make_engine(tmp_path / "c.sqlite3", catalog, proxy.url, clock=clock)
    ids = make_queued_cases(engine.cases, catalog, 2, tmp_path / "files", file_size=300)
    proxy.rewrites.append(rewrite_case_answer(ids[0], lambda a: {**a, "case_no": bad_no}))
    proxy.rewrites.append(lookups_of(ids[0], lambda a: {**a, "case_no": bad_no}))
    engine.run_once()
    bad, good = engine.cases.get(ids[0]), engine.cases.get(ids[1])
    assert bad.state == CaseState.QUEUED and bad.platform_no is None
    entry = stuck_entry(engine, ids[0])
    assert entry.stuck and "case_no" in entry.last_error
    assert good.platform_no and good.state != CaseState.QUEUED


# -- 3.4 a clock jump never parks a case ------------------------------------------------------

def test_a_wait_set_by_a_clock_a_year_ahead_ends_when_the_clock_is_set_back(
        sandbox, tmp_path, catalog):
    clock = Clock()
    real_now = clock.now
    engine = make_engine(tmp_path / "c.sqlite3", catalog, sandbox.url, clock=clock)
    [case_id] = make_queued_cases(engine.cases, catalog, 1, tmp_path / "files")
    clock.now = real_now + dt.timedelta(days=365)
    sandbox.set_faults(burst_5xx=1)
    engine.run_once()
    [entry] = engine.sync.queued()
    assert entry.attempts == 1 and entry.next_attempt_at > real_now + dt.timedelta(days=300)
    clock.now = real_now  # IT corrects the clock
    engine.run_once()
    case = engine.cases.get(case_id)
    assert case.state != CaseState.QUEUED and case.platform_no
    backoff = engine.push_cases.failures.backoff
    assert backoff.max_wait <= dt.timedelta(seconds=backoff.maximum * 1.5)


def test_the_case_journal_learns_the_platform_number(sandbox, tmp_path, catalog, clock):
    from window_client.store.journal import CaseJournal
    engine = make_engine(tmp_path / "c.sqlite3", catalog, sandbox.url, clock=clock)
    [case_id] = make_queued_cases(engine.cases, catalog, 1, tmp_path / "files")
    engine.run_once()
    number = engine.cases.get(case_id).platform_no
    lines = [e for e in CaseJournal.beside(tmp_path / "c.sqlite3").entries()
             if e.case_id == case_id]
    assert any(e.event == "submitted" and e.platform_no == number for e in lines)
