"""The demo year (window_client/devtools/demo_year.py): some 400 cases over a year in
a store at the newest schema and in a sandbox database, checked the way the board,
the case list and the feed read them."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter

import pytest
import requests
from sqlalchemy import func, select

from window_client.core.board import BoardFilter, board_figures
from window_client.core.case_state import CaseState, check_transition
from window_client.core.records import CaseListQuery
from window_client.core.snapshot import CaseSnapshot
from window_client.core.validators import resident_id, uscc
from window_client.core.workdays import WorkCalendar
from window_client.devtools.demo_year import CST, generate
from window_client.services.cases import CaseService
from window_client.store.db import current_revision, head_revision, open_database
from window_client.store.models import (CaseItemRow, CaseNodeRow, CaseOutputRow, CaseRow,
                                        StateChange, SyncStateRow)
from window_client.store.repository import CaseRepository
from window_client.store.supervision_repository import SupervisionRepository

TODAY = dt.date(2026, 11, 27)
CAL = WorkCalendar()


@pytest.fixture(scope="module")
def year(tmp_path_factory, catalog):
    root = tmp_path_factory.mktemp("demo-year")
    report = generate(root / "store.sqlite3", catalog, cases=400, windows=12, seed=3,
                      today=TODAY, sandbox_db=root / "platform.db")
    engine = open_database(root / "store.sqlite3")
    yield root, report, engine
    engine.dispose()


def _platform(at: dt.datetime) -> dt.datetime:
    """A store time (local, naive) in platform time."""
    return at.astimezone(CST)


def test_the_store_is_at_the_newest_schema_and_the_board_reads_it(year):
    root, report, engine = year
    assert current_revision(engine) == head_revision()
    data = SupervisionRepository(engine, clock=lambda: dt.datetime(2026, 11, 27, 10)
                                 ).board_data()
    assert len(data.cases) == report.cases and 380 <= report.cases <= 420
    assert len(data.items) == report.items > report.cases
    assert len(data.ratings) == report.ratings
    finished = sum(1 for c in data.cases if c.finished_on is not None)
    assert 0.5 * finished <= report.ratings <= 0.7 * finished
    fig = board_figures(data, BoardFilter(TODAY - dt.timedelta(days=366), TODAY), TODAY, CAL)
    assert fig.total == report.cases
    assert 0.03 <= fig.returned / fig.total <= 0.14
    assert fig.refused + fig.items_refused >= 1 and fig.refused / fig.total <= 0.05
    assert 0.6 <= fig.on_time.share <= 0.97
    assert len(fig.overdue) == report.overdue_open >= 1
    per_month = Counter()
    for day, n in fig.per_day:
        per_month[(day.year, day.month)] += n
    assert per_month[(2026, 2)] < per_month[(2026, 3)]
    assert per_month[(2026, 2)] < per_month[(2026, 4)]
    assert sum(n for day, n in fig.per_day if not CAL.is_workday(day)) == 0
    levels = dict(fig.levels)
    assert levels[5] > levels[4] > levels[3] and levels[5] > report.ratings / 2
    assert fig.complaints and all(reason for reason, _ in fig.complaints)
    assert len({c.window_code for c in data.cases}) == 12
    assert len({c.one_thing_id for c in data.cases}) >= 40


def test_items_nodes_and_states_are_consistent(year):
    _, report, engine = year
    with engine.connect() as conn:
        items = conn.execute(select(CaseItemRow)).all()
        nodes = conn.execute(select(CaseNodeRow).order_by(CaseNodeRow.seq)).all()
        history = conn.execute(select(StateChange).order_by(StateChange.id)).all()
        cases = conn.execute(select(CaseRow)).all()
        cursor = conn.scalar(select(SyncStateRow.value).where(SyncStateRow.key == "feed_cursor"))
    assert all(i.department and i.department_name for i in items)
    done = [i for i in items if i.finished_at is not None and not i.refused]
    assert done and all(i.started_at is not None and i.started_at <= i.finished_at for i in done)
    assert report.nodes == len(nodes) == int(cursor)
    assert [n.seq for n in nodes] == list(range(1, len(nodes) + 1))
    for n in nodes:   # working days, working hours, platform time
        at = _platform(n.at)
        assert CAL.is_workday(at.date()), n
        assert dt.time(9) <= at.time() <= dt.time(17, 30), n
        assert at.date() < TODAY
        assert (n.item_code is None) == (n.kind == "accepted") and (n.department != "") == (
            n.item_code is not None)
    # the state path of every case is the state machine's, and ends in the case's state
    path: dict[str, str | None] = {}
    for h in history:
        assert h.from_state == path.get(h.case_id)
        if h.from_state is not None:
            check_transition(h.from_state, h.to_state)
        path[h.case_id] = h.to_state
    assert all(path[c.id] == c.state for c in cases)
    assert {c.state for c in cases} >= {"issued", "ready", "in_review", "refused"}
    for c in cases:
        assert resident_id(c.applicant_id_number, today=TODAY).ok or \
            uscc(c.applicant_id_number).ok, c.applicant_id_number
        assert c.platform_no.startswith("GZ") and c.provisional_no.startswith(c.window_code)
        assert c.due_date >= c.accepted_at.date() and (c.finished_at is None) == (
            c.state in ("accepted", "in_review", "returned"))
        snap = CaseSnapshot.from_json(c.snapshot_json)
        assert (snap.due_date, snap.one_thing_id, snap.promised_days) == (
            c.due_date, c.one_thing_id, c.promised_days)
        assert snap.accepted_at.replace(tzinfo=None) == c.accepted_at.astimezone(
            snap.accepted_at.tzinfo).replace(tzinfo=None)
        assert not snap.due_date_estimated


def test_the_same_seed_gives_the_same_year(tmp_path, catalog):
    def dump(path):
        conn = sqlite3.connect(path)
        try:
            return [conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
                    for t in ("cases", "case_items", "case_nodes", "case_outputs", "urges",
                              "evaluations", "issuances", "state_history")]
        finally:
            conn.close()

    a = generate(tmp_path / "a.sqlite3", catalog, cases=120, windows=5, seed=9, today=TODAY)
    b = generate(tmp_path / "b.sqlite3", catalog, cases=120, windows=5, seed=9, today=TODAY)
    generate(tmp_path / "c.sqlite3", catalog, cases=120, windows=5, seed=10, today=TODAY)
    assert (a.cases, a.nodes) == (b.cases, b.nodes)
    assert dump(tmp_path / "a.sqlite3") == dump(tmp_path / "b.sqlite3")
    assert dump(tmp_path / "a.sqlite3")[0] != dump(tmp_path / "c.sqlite3")[0]
    with pytest.raises(FileExistsError):
        generate(tmp_path / "a.sqlite3", catalog, cases=10, today=TODAY)


def test_the_sandbox_serves_the_same_cases(year):
    from platform_sandbox.testing import SandboxServer

    root, report, engine = year
    with engine.connect() as conn:
        w01 = {r.id: r for r in conn.execute(select(CaseRow).where(CaseRow.window_code == "W01"))}
        nodes = conn.execute(select(CaseNodeRow).where(CaseNodeRow.case_id.in_(list(w01)))
                             .order_by(CaseNodeRow.seq)).all()
    assert w01 and nodes
    # no background ticks: this test only reads, and the year's plans must still be
    # unplayed for test_the_apps_sync_goes_on_from_the_generated_cursor (the module's
    # tests share one year; under xdist their order on a worker is not fixed)
    with SandboxServer(db=root / "platform.db", pace="workdays", background=False) as sb:
        token = requests.post(f"{sb.url}/auth/sign-in", timeout=10, json={
            "username": "wangli", "password": "window2026", "window_code": "W01"}
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        events, cursor = [], 0
        while True:
            page = requests.get(f"{sb.url}/changes", headers=headers, timeout=10, params={
                "window_code": "W01", "cursor": cursor, "limit": 500}).json()
            events += page["events"]
            if page["next_cursor"] == cursor:
                break
            cursor = page["next_cursor"]
        old = [e for e in events if e["seq"] <= report.feed_cursor]
        assert [(e["seq"], e["client_uuid"], e["case_no"], e["type"], e["item_code"],
                 e["department"] or "", dt.datetime.fromisoformat(e["at"]))
                for e in old] == [
            (n.seq, n.case_id, w01[n.case_id].platform_no, n.kind, n.item_code, n.department,
             _platform(n.at)) for n in nodes]
        last = {}
        for e in old:
            last[e["client_uuid"]] = e["state"]
        assert all(last[i] == r.state for i, r in w01.items())
        # each case as the platform answers for it, with its outputs
        case = next(r for r in w01.values() if r.state == "ready")
        status = requests.get(f"{sb.url}/cases/{case.platform_no}", headers=headers,
                              timeout=10).json()
        assert status["client_uuid"] == case.id and status["state"] == "ready"
        with engine.connect() as conn:
            outputs = {o.output_id: o.status for o in conn.execute(
                select(CaseOutputRow).where(CaseOutputRow.case_id == case.id))}
        assert {o["id"]: o["status"] for i in status["items"] for o in i["outputs"]} == outputs


def test_the_client_lists_and_opens_a_generated_case(year):
    _, report, engine = year
    repo = CaseRepository(engine)
    rows = repo.list_rows(CaseListQuery(states=frozenset({CaseState.IN_REVIEW})), limit=50)
    assert rows and all(r.state == CaseState.IN_REVIEW for r in rows)
    assert repo.count_rows(CaseListQuery()) == report.cases
    found = repo.list_rows(CaseListQuery(text=rows[0].provisional_no), limit=5)
    assert [r.id for r in found] == [rows[0].id]
    details = CaseService(repo, "clerk01a").details(rows[0].id)
    assert details.case.state == CaseState.IN_REVIEW and details.case.platform_no
    assert [h.to_state for h in details.history][:4] == [
        CaseState.DRAFT, CaseState.QUEUED, CaseState.SUBMITTED, CaseState.ACCEPTED]
    assert details.case.materials
    timeline = SupervisionRepository(engine).timeline(rows[0].id)
    assert timeline is not None and timeline.items and timeline.nodes
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(CaseNodeRow)) == report.nodes


def test_the_apps_sync_goes_on_from_the_generated_cursor(year, catalog):
    """The app's engine on the store, signed in at W01 against the sandbox on the
    same cases: nothing before the cursor is read again; what the platform did since
    (its plans played out up to the wall clock) arrives as new nodes, once."""
    from platform_sandbox.testing import SandboxServer

    from tests.sync.helpers import make_engine

    root, report, engine = year
    with engine.connect() as conn:
        before = conn.scalar(select(func.count()).select_from(CaseNodeRow))
    with SandboxServer(db=root / "platform.db", pace="workdays", token_ttl=10**9,
                       background=False) as sb:
        moved = sb.tick(all=False)["moved"]   # the plans up to the wall clock played out
        sync = make_engine(root / "store.sqlite3", catalog, sb.url, window_code="W01",
                           with_supervision=True)
        first = sync.run_once()
        assert not first.step_errors, first.step_errors
        again = sync.run_once()
        assert not again.step_errors and again.events == 0
    with engine.connect() as conn:
        new = conn.execute(select(CaseNodeRow).where(CaseNodeRow.seq > report.feed_cursor)).all()
        after = conn.scalar(select(func.count()).select_from(CaseNodeRow))
        cursor = int(conn.scalar(select(SyncStateRow.value)
                                 .where(SyncStateRow.key == "feed_cursor")))
    assert after == before + len(new) and len(new) == first.events
    assert moved > 0 and cursor > report.feed_cursor
