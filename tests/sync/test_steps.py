"""The sync run as steps: each with its own dependencies, run in order, one failing
step never stopping the others; every state change through core's transition."""

from __future__ import annotations

import datetime as dt

from window_client.core.case_state import CaseState, IllegalTransition, transition, walk
from window_client.sync.engine import SyncEngine
from window_client.sync.steps import (AutoUrge, Housekeeping, PushUrges, PullFeed, PushCases, PushRecords,
                                      ReferenceData, Reverify, SyncReport)

from .helpers import make_engine, make_queued_cases


class Boom:
    name = "故障步骤"
    needs_network = True

    def run(self, report: SyncReport) -> None:
        raise RuntimeError("a bug in one step")


def test_the_factory_builds_only_the_steps_it_has_dependencies_for(tmp_path, catalog, sandbox):
    bare = make_engine(tmp_path / "a.sqlite3", catalog, sandbox.url)
    assert [type(s) for s in bare.steps] == [PushCases, PullFeed, Reverify, Housekeeping]
    full = make_engine(tmp_path / "b.sqlite3", catalog, sandbox.url, with_issuance=True,
                       calendar_file=tmp_path / "h.json")
    assert [type(s) for s in full.steps] == [PushCases, PushRecords, PullFeed, Reverify,
                                             ReferenceData, Housekeeping]


def test_a_failing_step_does_not_stop_the_others(tmp_path, catalog, sandbox, clock):
    engine = make_engine(tmp_path / "c.sqlite3", catalog, sandbox.url, clock=clock)
    ids = make_queued_cases(engine.cases, catalog, 2, tmp_path / "files")
    steps = list(engine.steps)
    steps.insert(0, Boom())  # before the push: the cases still go up
    runner = SyncEngine(steps, cases=engine.cases, sync=engine.sync, client=engine.client,
                        clock=clock)
    report = runner.run_once()
    assert report.online and [n for n, _ in report.step_errors] == ["故障步骤"]
    # the clerk reads a Chinese sentence; the exception itself is in the log
    assert "程序内部出错" in report.error and "a bug in one step" not in report.error
    assert all(engine.cases.get(i).platform_no for i in ids)
    assert engine.cases.get(ids[0]).state == CaseState.ACCEPTED  # the feed ran after it
    assert engine.sync.get_state("last_cleanup") == clock.now.date().isoformat()


def test_offline_skips_the_network_steps_but_housekeeping_runs(tmp_path, catalog, clock):
    engine = make_engine(tmp_path / "c.sqlite3", catalog, "http://127.0.0.1:9/api/v1",
                         clock=clock, sign_in=False)
    make_queued_cases(engine.cases, catalog, 1, tmp_path / "files")
    report = engine.run_once()
    assert not report.online and "无法连接平台" in report.error
    assert engine.sync.get_state("last_cleanup") == clock.now.date().isoformat()


def test_feed_moves_are_audited_like_the_windows_own(tmp_path, catalog, sandbox, clock):
    engine = make_engine(tmp_path / "c.sqlite3", catalog, sandbox.url, clock=clock)
    [case_id] = make_queued_cases(engine.cases, catalog, 1, tmp_path / "files")
    engine.run_once()
    sandbox.tick(all=True)
    engine.run_once()
    history = engine.cases.history(case_id)
    audit = [a for a in engine.cases.audit(case_id) if a.action == "state_changed"]
    moves = [(h.from_state.value, h.to_state.value) for h in history if h.from_state]
    assert [tuple(a.detail.split(" ")[0].split("->")) for a in audit] == moves
    assert {a.clerk for a in audit} >= {"platform", "sync"}
    assert moves[-1][1] == CaseState.READY.value


def test_transition_is_one_legal_move_or_the_shortest_walk():
    at = dt.datetime(2026, 12, 1, 9, 0)
    [step] = transition("draft", "queued", at=at, clerk="wangli")
    assert (step.from_state, step.to_state, step.audit_detail) == (
        CaseState.DRAFT, CaseState.QUEUED, "draft->queued")
    try:
        transition("draft", "ready", at=at, clerk="wangli")
    except IllegalTransition as exc:
        assert "草稿" in str(exc)
    else:
        raise AssertionError("draft -> ready must be refused")
    walked = transition("submitted", "ready", at=at, clerk="platform", walk_to=True)
    assert [s.to_state for s in walked] == [CaseState.ACCEPTED, CaseState.READY]
    assert walked[1].from_state == CaseState.ACCEPTED
    assert transition("ready", "queued", at=at, clerk="p", walk_to=True) == []
    assert walk(CaseState.ISSUED, CaseState.ISSUED) == []


def test_the_command_lines_engine_has_the_apps_steps(tmp_path, catalog, monkeypatch,
                                                     secret_service):
    """`cli sync now` used to leave out issuance, catalogs, the holiday table and
    retention: it never pushed issuance records nor refreshed the catalog. Both are
    now built by the one composition root (window_client/wiring.py)."""
    import json

    from window_client.core.roles import Clerk
    from window_client.settings import Paths
    from window_client.wiring import Wiring
    from window_client.security.keys import KeyManager
    paths = Paths(tmp_path / "config", tmp_path / "data", tmp_path / "logs")
    paths.config_dir.mkdir(parents=True)
    paths.settings_file.write_text(json.dumps({"material_retention_days": 7}), "utf-8")
    KeyManager(paths.data_dir, secret_service, scrypt_n=2 ** 14).initialise("hall-IT 2026 key")
    cli = Wiring.for_command_line(paths, catalog)
    engine = cli.sync_engine(cli.client())
    assert [type(s) for s in engine.steps] == [PushCases, PushRecords, PullFeed, Reverify,
                                               AutoUrge, PushUrges, ReferenceData, Housekeeping]
    assert engine.step(ReferenceData).calendar_file == paths.data_dir / "calendar" / "holidays.json"
    assert engine.step(Housekeeping).retention_days == 7
    window = cli.for_clerk(Clerk("wangli", "王丽", "clerk"), cli.client())
    assert window.sync is not None
    assert cli.command_line_sync().step_names == window.sync.step_names == [
        "PushCases", "PushRecords", "PullFeed", "Reverify", "AutoUrge", "PushUrges",
        "ReferenceData", "Housekeeping"]
