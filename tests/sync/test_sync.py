"""The sync engine against the real sandbox over HTTP on 127.0.0.1."""

from __future__ import annotations

import threading

from window_client.core.case_state import CaseState

from .helpers import make_engine, make_queued_cases


def sync_until_done(engine, clock, ids, rounds=60):
    for _ in range(rounds):
        engine.run_once()
        if all(engine.cases.get(i).state != CaseState.QUEUED for i in ids):
            return
        clock.advance(3600)
    raise AssertionError("cases still queued: " + str(engine.sync.queued()[:3]))


def assert_exactly_once(sandbox, engine, ids):
    state = sandbox.state()
    by_uuid = {c["client_uuid"]: c for c in state["cases"]}
    for case_id in ids:
        case = engine.cases.get(case_id)
        assert case.state != CaseState.QUEUED and case.platform_no
        remote = by_uuid[case_id]
        assert remote["case_no"] == case.platform_no
        assert remote["provisional_no"] == case.provisional_no
        local_hashes = {f.sha256 for f in engine.cases.files(case_id)}
        remote_files = remote["materials"]
        assert {f["sha256"] for f in remote_files} == local_hashes
        assert all(f["recorded"] and f["exists"] and f["verified"] for f in remote_files)
    assert len(state["cases"]) == len(ids)


def test_happy_path_submit_then_feed_to_ready(sandbox, tmp_path, catalog, clock):
    engine = make_engine(tmp_path / "c.sqlite3", catalog, sandbox.url, clock=clock)
    ids = make_queued_cases(engine.cases, catalog, 3, tmp_path / "files")
    report = engine.run_once()
    assert report.online and not report.error and len(report.submitted) == 3
    assert_exactly_once(sandbox, engine, ids)
    # the same run pulled the feed: the platform accepted them
    assert {engine.cases.get(i).state for i in ids} == {CaseState.ACCEPTED}
    assert all(h.to_state != CaseState.QUEUED for h in engine.cases.history(ids[0])[2:])
    sandbox.tick(all=True)
    engine.run_once()
    for case_id in ids:
        assert engine.cases.get(case_id).state == CaseState.READY
        outputs = engine.sync.outputs(case_id)
        assert outputs and all(o.status == "ready" for o in outputs)
    kinds = [n.kind for n in engine.sync.notifications()]
    assert kinds.count("ready") == sum(len(engine.sync.outputs(i)) for i in ids)
    again = engine.run_once()  # nothing new: nothing changes
    assert again.events == 0 and not again.submitted


def test_returned_case_is_completed_and_resubmitted(sandbox, tmp_path, catalog, clock):
    sandbox.configure(return_share=1.0)
    engine = make_engine(tmp_path / "c.sqlite3", catalog, sandbox.url, clock=clock)
    [case_id] = make_queued_cases(engine.cases, catalog, 1, tmp_path / "files")
    engine.run_once()
    sandbox.tick(all=True)
    engine.run_once()
    case = engine.cases.get(case_id)
    assert case.state == CaseState.RETURNED
    note = [n for n in engine.sync.notifications() if n.kind == "returned"]
    assert note and case.provisional_no in note[0].message
    # the clerk completes it at the window and puts it back in the outbox
    engine.cases.save_draft(case_id, clerk="wangli", answers=case.answers,
                            form_values={**case.form_values, "child.name": "张小红"},
                            applicant_name=case.applicant_name,
                            applicant_id_number=case.applicant_id_number, meta=case.meta)
    engine.cases.transition(case_id, CaseState.QUEUED, clerk="wangli")
    sandbox.configure(return_share=0.0)
    engine.run_once()
    assert engine.cases.get(case_id).platform_no == case.platform_no
    sandbox.tick(all=True)
    engine.run_once()
    assert engine.cases.get(case_id).state == CaseState.READY
    assert len(sandbox.state()["cases"]) == 1


def test_server_down_then_back(tmp_path, catalog, clock):
    from platform_sandbox.testing import start_subprocess
    proc, url = start_subprocess(port=0, db=tmp_path / "p.sqlite3")
    engine = make_engine(tmp_path / "c.sqlite3", catalog, url, clock=clock)
    ids = make_queued_cases(engine.cases, catalog, 2, tmp_path / "files")
    proc.terminate()
    proc.wait(10)
    report = engine.run_once()
    assert not report.online and "无法连接平台" in report.error
    assert {engine.cases.get(i).state for i in ids} == {CaseState.QUEUED}
    waiting = [q for q in engine.sync.queued() if q.attempts]
    assert len(waiting) == 2 and all(q.next_attempt_at > clock.now for q in waiting)  # backed off
    port = url.split(":")[2].split("/")[0]
    proc, url2 = start_subprocess(port=int(port), db=tmp_path / "p.sqlite3")
    try:
        clock.advance(3600)
        sync_until_done(engine, clock, ids)
        from platform_sandbox.testing import _admin
        state = _admin(url2.rsplit("/api/v1", 1)[0], "GET", "/state")
        assert sorted(c["client_uuid"] for c in state["cases"]) == sorted(ids)
    finally:
        proc.terminate()
        proc.wait(10)


def test_twenty_percent_server_errors(sandbox, tmp_path, catalog, clock):
    engine = make_engine(tmp_path / "c.sqlite3", catalog, sandbox.url, clock=clock)
    ids = make_queued_cases(engine.cases, catalog, 12, tmp_path / "files")
    sandbox.set_faults(error_rate=0.2)
    sync_until_done(engine, clock, ids)
    sandbox.reset()
    assert_exactly_once(sandbox, engine, ids)


def test_connection_reset_mid_upload_and_mid_answer(sandbox, tmp_path, catalog, clock):
    engine = make_engine(tmp_path / "c.sqlite3", catalog, sandbox.url, clock=clock)
    ids = make_queued_cases(engine.cases, catalog, 8, tmp_path / "files", file_size=60_000)
    sandbox.set_faults(drop_mid_body=0.3)
    sync_until_done(engine, clock, ids, rounds=100)
    sandbox.reset()
    assert_exactly_once(sandbox, engine, ids)
    # the platform committed a case but the answer was cut: the replay keeps one case
    more = make_queued_cases(engine.cases, catalog, 1, tmp_path / "files", seed=99)
    sandbox.set_faults(drop_next=1, drop_mode="response", paths=["/api/v1/cases/"])
    engine.run_once()
    sandbox.reset()
    clock.advance(3600)
    sync_until_done(engine, clock, more)
    assert_exactly_once(sandbox, engine, ids + more)


def test_token_expiry_mid_sync(sandbox, tmp_path, catalog, clock):
    engine = make_engine(tmp_path / "c.sqlite3", catalog, sandbox.url, clock=clock)
    ids = make_queued_cases(engine.cases, catalog, 3, tmp_path / "files")
    sandbox.set_faults(token_ttl=1)
    sandbox.advance_clock(1.2)  # the token the engine holds has expired
    report = engine.run_once()
    assert report.online and not report.error, report.error
    assert_exactly_once(sandbox, engine, ids)


def test_slow_answers_beyond_the_timeout(sandbox, tmp_path, catalog, clock):
    engine = make_engine(tmp_path / "c.sqlite3", catalog, sandbox.url, clock=clock,
                         read_timeout=0.4)
    ids = make_queued_cases(engine.cases, catalog, 1, tmp_path / "files")
    sandbox.set_faults(latency_ms=1200)
    report = engine.run_once()
    assert not report.online and "平台长时间没有应答" in report.error
    assert engine.cases.get(ids[0]).state == CaseState.QUEUED
    sandbox.reset()
    clock.advance(3600)
    sync_until_done(engine, clock, ids)
    assert_exactly_once(sandbox, engine, ids)


def test_two_windows_sync_at_once(sandbox, tmp_path, catalog):
    from .helpers import Clock
    engines, ids = [], []
    for code in ("W01", "W02"):
        clk = Clock()
        engine = make_engine(tmp_path / f"{code}.sqlite3", catalog, sandbox.url, clock=clk,
                             window_code=code)
        ids.append(make_queued_cases(engine.cases, catalog, 10, tmp_path / f"files-{code}",
                                     window_code=code, seed=len(engines)))
        engines.append((engine, clk))
    sandbox.set_faults(error_rate=0.1)
    threads = [threading.Thread(target=sync_until_done, args=(e, c, i))
               for (e, c), i in zip(engines, ids, strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    sandbox.reset()
    state = sandbox.state()
    assert sorted(c["client_uuid"] for c in state["cases"]) == sorted(ids[0] + ids[1])
    sandbox.tick(all=True)
    for (engine, _clk), own in zip(engines, ids, strict=True):
        engine.run_once()
        assert {engine.cases.get(i).state for i in own} == {CaseState.READY}
        # a window's feed holds only its own cases
        assert all(n.case_id in own for n in engine.sync.notifications())


def test_offline_verification_is_rechecked_on_sync(sandbox, tmp_path, catalog, clock):
    from window_client.store.repository import MaterialRecord
    engine = make_engine(tmp_path / "c.sqlite3", catalog, sandbox.url, clock=clock)
    ids = make_queued_cases(engine.cases, catalog, 2, tmp_path / "files")
    for case_id, id_number in zip(ids, ["360702200005180426", "360702200101010793"], strict=True):
        case = engine.cases.get(case_id)
        engine.cases.transition(case_id, CaseState.DRAFT, clerk="wangli")
        engine.cases.save_draft(case_id, clerk="wangli", answers=case.answers,
                                form_values=case.form_values, applicant_name="x",
                                applicant_id_number=id_number, meta=case.meta)
        engine.cases.set_materials(case_id, list(case.materials) + [
            MaterialRecord("marriage_certificate", "结婚证", "verification_pending")],
            clerk="wangli")
        engine.cases.transition(case_id, CaseState.QUEUED, clerk="wangli")
    engine.run_once()
    tags = [{m.material_id: m.tag for m in engine.cases.get(i).materials}["marriage_certificate"]
            for i in ids]
    assert tags == ["online_verification", "hand_in"]
    failed = [n for n in engine.sync.notifications() if n.kind == "verification_failed"]
    assert len(failed) == 1 and failed[0].case_id == ids[1]


def test_catalog_and_holidays_arrive_by_sync(sandbox, tmp_path, catalog, clock):
    import json
    from window_client.catalog.store import CatalogStore
    catalogs, calendar_file = CatalogStore(tmp_path / "catalogs"), tmp_path / "calendar" / "h.json"
    engine = make_engine(tmp_path / "c.sqlite3", catalog, sandbox.url, clock=clock,
                         catalogs=catalogs, calendar_file=calendar_file)
    engine.run_once()
    assert (tmp_path / "catalogs" / "current").read_text() == catalog.version
    assert catalogs.current().version == catalog.version
    years = json.loads(calendar_file.read_text())["years"]
    assert set(years) == {str(clock.now.year), str(clock.now.year + 1)} or \
        set(years) == {str(clock.now.year)}  # next year's table is not published yet
    if clock.now.year == 2026:
        assert "2026-10-01" in years["2026"]["holidays"]
        assert "2026-10-10" in years["2026"]["workdays"]


def test_local_scans_of_closed_cases_go_after_the_retention_period(sandbox, tmp_path, catalog,
                                                                   clock):
    from pathlib import Path
    from window_client.store.issuance_repository import IssuanceRepository
    engine = make_engine(tmp_path / "c.sqlite3", catalog, sandbox.url, clock=clock,
                         retention_days=30)
    issuance = IssuanceRepository(engine.cases._sessions.kw["bind"], clock=clock)
    closed, still_open = make_queued_cases(engine.cases, catalog, 2, tmp_path / "files")
    engine.run_once()
    sandbox.tick(all=True)
    engine.run_once()
    outputs = [o.output_id for o in engine.sync.outputs(closed)]
    issuance.issue(closed, outputs, method="window", collector_role="applicant",
                   collector_name="测试0", collector_id_number="11010519491231002X", manager="lisi")
    assert engine.cases.get(closed).state == CaseState.ISSUED
    paths = {cid: [Path(f.stored_path) for f in engine.cases.files(cid)] for cid in (closed, still_open)}
    clock.advance(10 * 86400)
    engine.run_once()
    assert all(p.exists() for p in paths[closed])  # within the retention period
    clock.advance(25 * 86400)
    engine.run_once()
    assert not any(p.exists() for p in paths[closed])
    assert engine.cases.files(closed)  # the records (hashes) stay
    assert all(p.exists() for p in paths[still_open])  # not closed: kept
