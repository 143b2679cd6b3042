"""Supervision through the real sandbox on 127.0.0.1: the feed's events become each
item's timeline (each once, also when the feed is read again), urges by hand and by
the hall's rule go up once (idempotent on their ids, also after a lost answer), an
urge made offline waits in the outbox, one urge the platform refuses never blocks
the others, and the department's reply lands on the timeline."""

from __future__ import annotations

import datetime as dt

from platform_sandbox.testing import _admin
from window_client.core.case_state import CaseState
from window_client.core.roles import Clerk
from window_client.core.supervision import UrgeRequest, UrgeRule, case_progress
from window_client.core.workdays import WorkCalendar
from window_client.services.supervision import SupervisionService, UrgeRefused
from window_client.store.supervision_repository import SupervisionRepository
from window_client.sync.steps import AutoUrge, PushUrges

from .helpers import make_engine, make_queued_cases

CAL = WorkCalendar()


def _urges(sandbox) -> list[dict]:
    return _admin(sandbox.base_url, "GET", "/urges")["urges"]


def _repo(engine) -> SupervisionRepository:
    return engine.step(PushUrges).supervision


def _service(engine, clock, role="clerk") -> SupervisionService:
    return SupervisionService(_repo(engine), CAL, Clerk("wangli", "王丽", role),
                              today=lambda: clock().date())


def test_the_feed_builds_each_items_timeline_once(sandbox, tmp_path, catalog, clock):
    engine = make_engine(tmp_path / "c.sqlite3", catalog, sandbox.url, clock=clock,
                         with_supervision=True)
    [case_id] = make_queued_cases(engine.cases, catalog, 1, tmp_path / "files")
    engine.run_once()
    sandbox.tick(all=True)
    engine.run_once()
    engine.run_once()
    timeline = _repo(engine).timeline(case_id)
    assert timeline is not None and timeline.state == CaseState.READY
    progress = case_progress(timeline.state, timeline.items, timeline.nodes,
                             timeline.accepted_on, timeline.due, clock().date(), CAL)
    snapshot_items = [i.code for i in engine.cases.get(case_id).snapshot.items]
    assert [i.code for i in progress.items] == snapshot_items
    for item in progress.items:
        kinds = [n.kind for n in item.nodes]
        assert kinds[:2] == ["dispatched", "review"], kinds
        assert "approved" in kinds and "item_done" in kinds, kinds
        assert kinds.index("approved") < kinds.index("item_done")
        assert {n.department for n in item.nodes} == {item.department}
        assert item.finished_on is not None and item.started_on is not None
    assert [n.kind for n in progress.case_nodes][:1] == ["accepted"]
    assert progress.countdown is None   # finished
    nodes = len(timeline.nodes)
    # the feed read again from the start: nothing doubled
    engine.sync.set_state("feed_cursor", "0")
    engine.run_once()
    assert len(_repo(engine).timeline(case_id).nodes) == nodes
    # the board sees the case finished, its items with their departments
    data = _repo(engine).board_data()
    [fact] = [c for c in data.cases if c.case_id == case_id]
    assert fact.finished_on is not None and fact.fields_separate and fact.fields_merged
    assert {i.item_code for i in data.items if i.case_id == case_id} == set(snapshot_items)


def test_a_manual_urge_goes_up_once_and_the_reply_lands_on_the_timeline(sandbox, tmp_path,
                                                                        catalog, clock):
    engine = make_engine(tmp_path / "c.sqlite3", catalog, sandbox.url, clock=clock,
                         with_supervision=True)
    [case_id] = make_queued_cases(engine.cases, catalog, 1, tmp_path / "files")
    engine.run_once()
    service = _service(engine, clock)
    first = engine.cases.get(case_id).snapshot.items[0].code
    try:
        service.urge(case_id, [first], "催")
    except UrgeRefused as exc:
        assert exc.problems == ("请填写催办原因(至少4个字),部门会看到这条说明",)
    else:
        raise AssertionError("a reason of one character went through")
    [urge] = service.urge(case_id, [first], "申请人急需出生医学证明办理入学")
    # a double click: refused, nothing recorded twice
    try:
        service.urge(case_id, [first], "申请人急需出生医学证明办理入学")
    except UrgeRefused as exc:
        assert "今天已催办过" in exc.problems[0]
    assert len(service.urges(case_id)) == 1
    engine.run_once()
    [sent] = service.urges(case_id)
    assert sent.synced and sent.urged is True
    # the answer was lost: sent again, the platform records it once
    with engine.cases.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE urges SET synced = 0")
    engine.run_once()
    recorded = [u for u in _urges(sandbox) if u["urge_id"] == urge.id]
    assert len(recorded) == 1 and recorded[0]["item_code"] == first
    assert recorded[0]["reason"] == "申请人急需出生医学证明办理入学"
    assert recorded[0]["auto"] is False
    # the department answers on a later pass; the reply is on the urge and the timeline
    sandbox.tick(all=True, steps=1)
    engine.run_once()
    [answered] = service.urges(case_id)
    assert answered.reply
    progress = service.progress(case_id)
    kinds = [n.kind for i in progress.items if i.code == first for n in i.nodes]
    assert "urged" in kinds and "urge_answered" in kinds
    assert kinds.index("urged") < kinds.index("urge_answered")
    # the audit log has the urge with who and which case
    audit = [a for a in engine.cases.audit(case_id) if a.action == "urge"]
    assert audit and audit[0].clerk == "wangli" and audit[0].detail == f"item={first}"


def test_an_offline_urge_waits_in_the_outbox_and_goes_up_once(sandbox, tmp_path, catalog,
                                                              clock):
    db = tmp_path / "c.sqlite3"
    engine = make_engine(db, catalog, sandbox.url, clock=clock, with_supervision=True)
    [case_id] = make_queued_cases(engine.cases, catalog, 1, tmp_path / "files")
    engine.run_once()
    code = engine.cases.get(case_id).snapshot.items[0].code
    # the same store, the network gone (nothing listens on that port)
    offline = make_engine(db, catalog, "http://127.0.0.1:9/api/v1", clock=clock,
                          with_supervision=True, sign_in=False, read_timeout=1)
    _service(offline, clock).urge(case_id, [code], "申请人明天出国,请加急")
    for _ in range(3):
        report = offline.run_once()
        assert not report.online
    [waiting] = _service(offline, clock).urges(case_id)
    assert not waiting.synced and not waiting.failed
    assert [u for u in _urges(sandbox) if u["urge_id"] == waiting.id] == []
    engine.run_once()
    engine.run_once()
    assert len([u for u in _urges(sandbox) if u["urge_id"] == waiting.id]) == 1
    assert _service(engine, clock).urges(case_id)[0].synced


def test_one_urge_the_platform_refuses_never_blocks_the_others(sandbox, tmp_path, catalog,
                                                               clock):
    engine = make_engine(tmp_path / "c.sqlite3", catalog, sandbox.url, clock=clock,
                         with_supervision=True)
    ids = make_queued_cases(engine.cases, catalog, 2, tmp_path / "files")
    engine.run_once()
    repo, today = _repo(engine), clock().date()
    code = engine.cases.get(ids[1]).snapshot.items[0].code
    # an item the platform does not know (an older catalog, a typing error): 422
    repo.add_urges([UrgeRequest(ids[0], "no_such_item", "请加快办理本事项")], day=today,
                   clerk="wangli", auto=False)
    repo.add_urges([UrgeRequest(ids[1], code, "请加快办理本事项")], day=today,
                   clerk="wangli", auto=False)
    engine.run_once()
    bad, good = repo.urges(ids[0])[0], repo.urges(ids[1])[0]
    assert bad.failed and not bad.synced and bad.last_error
    assert good.synced and good.urged is True
    engine.run_once()   # the refused one is not tried again
    assert repo.urges(ids[0])[0].attempts == bad.attempts


def test_the_rule_urges_each_open_item_once_per_working_day(sandbox, tmp_path, catalog, clock):
    rule = UrgeRule(True, within_days=1)
    engine = make_engine(tmp_path / "c.sqlite3", catalog, sandbox.url, clock=clock,
                         with_supervision=True, urge_rule=lambda: rule)
    [case_id] = make_queued_cases(engine.cases, catalog, 1, tmp_path / "files")
    engine.run_once()
    assert _repo(engine).urges(case_id) == []   # far from its promise: nothing
    due = engine.cases.get(case_id).snapshot.due_date
    # two working days past the promise, at ten in the morning
    late = CAL.add_working_days(due, 2).date
    clock.now = dt.datetime.combine(late, dt.time(10))
    engine.run_once()
    engine.run_once()   # the same day again: no second urge
    items = engine.cases.get(case_id).snapshot.items
    urges = _repo(engine).urges(case_id)
    assert sorted(u.item_code for u in urges) == sorted(i.code for i in items)
    assert all(u.auto and u.synced and u.day == late for u in urges)
    assert all(u.reason == "该事项已超过承诺时限2个工作日,大厅自动催办" for u in urges)
    assert len([u for u in _urges(sandbox) if u["auto"]]) == len(items)
    # the next calendar day off (if any) adds nothing; the next working day urges again
    day = late + dt.timedelta(days=1)
    while not CAL.is_workday(day):
        clock.now = dt.datetime.combine(day, dt.time(10))
        engine.run_once()
        day += dt.timedelta(days=1)
    assert len(_repo(engine).urges(case_id)) == len(items)
    clock.now = dt.datetime.combine(day, dt.time(10))
    engine.run_once()
    assert len(_repo(engine).urges(case_id)) == 2 * len(items)
    # a clock set back a day makes no urge for that day again
    clock.now = dt.datetime.combine(late, dt.time(15))
    engine.run_once()
    assert len(_repo(engine).urges(case_id)) == 2 * len(items)
    assert engine.step(AutoUrge).rule() is rule


def test_a_clerk_may_urge_but_only_a_manager_sees_the_board_and_sets_the_rule(
        sandbox, tmp_path, catalog, clock):
    engine = make_engine(tmp_path / "c.sqlite3", catalog, sandbox.url, clock=clock,
                         with_supervision=True)
    saved = []
    clerk = SupervisionService(_repo(engine), CAL, Clerk("wangli", "王丽", "clerk"),
                               save_rule=saved.append)
    manager = SupervisionService(_repo(engine), CAL, Clerk("zhaomin", "赵敏", "manager"),
                                 save_rule=saved.append)
    from window_client.services.supervision import NotPermitted
    for call in (clerk.board_data, lambda: clerk.set_rule(UrgeRule(False, 0))):
        try:
            call()
        except NotPermitted as exc:
            assert str(exc) in ("您的角色无权查看效能看板,仅大厅管理员、系统管理员可以操作",
                                "您的角色无权设置自动催办规则,仅大厅管理员、系统管理员可以操作")
        else:
            raise AssertionError("a clerk got past the role check")
    manager.set_rule(UrgeRule(False, 3))
    assert saved == [UrgeRule(False, 3)]
    assert manager.board_data().cases == ()
