"""The efficiency board's figures on a fixture small enough to count by hand: ten
cases (one a draft, one accepted before the range), thirteen items, seven ratings,
across the 2026 Mid-Autumn / National Day break.

The 2026 calendar around it (W: working day, -: day off):
    Sep 20 Sun W (调休)  21–24 Mon–Thu W  25 Fri - (中秋)  26 Sat -  27 Sun -
    Sep 28–30 Mon–Wed W  Oct 1–7 -  (国庆)  Oct 8 Thu W  9 Fri W  10 Sat W (调休)
    Oct 11 Sun -  12 Mon W (today)  13 Tue W …
The board runs over 2026-09-21 … 2026-10-12 with today = 2026-10-12."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from window_client.core.board import (BoardData, BoardFilter, CaseFact, ItemFact, RatingFact,
                                      board_figures, percentile_nearest_rank)
from window_client.core.workdays import WorkCalendar

D = dt.date
CAL = WorkCalendar()
TODAY = D(2026, 10, 12)
START, END = D(2026, 9, 21), D(2026, 10, 12)
LOADED = dt.datetime(2026, 10, 12, 9, 30)


def case(case_id, accepted, window, one, state, promised, due, finished=None, *,
         returned=False, refused=False, items_refused=0, fields=(None, None),
         materials=(None, None)):
    return CaseFact(case_id, accepted, window, one, state, promised, due, finished, returned,
                    refused, items_refused, fields[0], fields[1], materials[0], materials[1])


CASES = (
    # C1: due 21 Sep + 5 = 22, 23, 24, 28, 29 → 29 Sep; finished that day: on time, used 5
    case("C1", D(2026, 9, 21), "W01", "newborn", "issued", 5, D(2026, 9, 29), D(2026, 9, 29),
         fields=(40, 25), materials=(8, 5)),
    # C2: due 24 Sep + 5 = 28, 29, 30, 8, 9 → 9 Oct; finished Sat 10 Oct (调休): late,
    # used 28, 29, 30, 8, 9, 10 = 6; returned for 补正 once
    case("C2", D(2026, 9, 24), "W01", "newborn", "issued", 5, D(2026, 10, 9), D(2026, 10, 10),
         returned=True, fields=(40, 22), materials=(8, 4)),
    # C3: due 28 Sep + 3 = 29, 30, 8 → 8 Oct; open: overdue 9, 10, 12 = 3 working days
    case("C3", D(2026, 9, 28), "W02", "company", "in_review", 3, D(2026, 10, 8)),
    # C4: due 30 Sep + 3 = 8, 9, 10 → 10 Oct; open and returned: overdue 12 = 1 (11 is Sunday)
    case("C4", D(2026, 9, 30), "W02", "company", "returned", 3, D(2026, 10, 10), returned=True,
         fields=(30, 18), materials=(6, 3)),
    # C5: due 8 Oct + 3 = 9, 10, 12 → today: not overdue, due within a working day
    case("C5", D(2026, 10, 8), "W01", "company", "accepted", 3, D(2026, 10, 12),
         fields=(30, 20), materials=(6, 4)),
    # C6: refused as a whole the day it came (9 Oct); due 10, 12, 13, 14, 15 → 15 Oct
    case("C6", D(2026, 10, 9), "W03", "newborn", "refused", 5, D(2026, 10, 15), D(2026, 10, 9),
         refused=True),
    # C7: accepted Sat 10 Oct (调休), still queued (not sent): not running against its promise
    case("C7", D(2026, 10, 10), "W03", "newborn", "queued", 5, D(2026, 10, 16),
         fields=(40, 25), materials=(8, 5)),
    # C8: accepted today, due 13, 14, 15 → 15 Oct; one item refused by itself
    case("C8", D(2026, 10, 12), "W01", "company", "in_review", 3, D(2026, 10, 15),
         items_refused=1, fields=(30, 18), materials=(6, 3)),
    # not counted: a draft, and a case accepted before the range (due 20 (Sun, 调休), 21–24)
    case("C9", D(2026, 10, 12), "W01", "company", "draft", 3, D(2026, 10, 15)),
    case("C0", D(2026, 9, 18), "W01", "newborn", "issued", 5, D(2026, 9, 24), D(2026, 9, 22),
         fields=(40, 20), materials=(8, 2)),
)
DEPT = {"wjw": "市卫生健康委员会", "gaj": "市公安局", "scjg": "市市场监督管理局",
        "swj": "市税务局"}


def item(case_id, n, dept, promised, started, finished=None, refused=False):
    return ItemFact(case_id, f"{case_id}-{n}", f"事项{n}", dept, DEPT[dept], promised, started,
                    finished, refused)


ITEMS = (
    item("C1", 1, "wjw", 3, D(2026, 9, 21), D(2026, 9, 24)),    # 22, 23, 24 = 3
    item("C1", 2, "gaj", 5, D(2026, 9, 22), D(2026, 9, 29)),    # 23, 24, 28, 29 = 4
    item("C2", 1, "wjw", 3, D(2026, 9, 24), D(2026, 9, 30)),    # 28, 29, 30 = 3
    item("C2", 2, "gaj", 5, D(2026, 9, 28), D(2026, 10, 10)),   # 29, 30, 8, 9, 10 = 5
    item("C3", 1, "scjg", 3, D(2026, 9, 28)),                   # open
    item("C3", 2, "swj", 2, D(2026, 9, 28), D(2026, 9, 30)),    # 29, 30 = 2
    item("C4", 1, "scjg", 3, D(2026, 9, 30)),                   # open
    item("C5", 1, "scjg", 3, D(2026, 10, 8)),                   # open
    item("C5", 2, "swj", 2, D(2026, 10, 8), D(2026, 10, 9)),    # 9 = 1
    item("C6", 1, "wjw", 3, D(2026, 10, 9), D(2026, 10, 9), refused=True),
    item("C7", 1, "gaj", 5, D(2026, 10, 10)),                   # open
    item("C8", 1, "swj", 2, D(2026, 10, 12), D(2026, 10, 12), refused=True),
    item("C8", 2, "scjg", 3, D(2026, 10, 12)),                  # open
)
RATINGS = (
    RatingFact("C1", 5, "", D(2026, 9, 29)),
    RatingFact("C4", 4, "", D(2026, 10, 10)),
    RatingFact("C5", 3, "", D(2026, 10, 9)),
    RatingFact("C2", 2, "等候时间过长", D(2026, 10, 10)),
    RatingFact("C3", 2, "需要多次往返", D(2026, 10, 8)),
    RatingFact("C6", 1, " 等候时间过长 ", D(2026, 10, 9)),
    RatingFact("C0", 1, "窗口人员态度不好", D(2026, 9, 22)),   # before the range
)
DATA = BoardData(CASES, ITEMS, RATINGS, LOADED, dt.datetime(2026, 10, 12, 8, 0))


def figures(**kw):
    return board_figures(DATA, BoardFilter(kw.pop("start", START), kw.pop("end", END), **kw),
                         TODAY, CAL)


def test_the_fixture_dates_are_the_calendars():
    for c in CASES:
        assert CAL.add_working_days(c.accepted_on, c.promised_days).date == c.due_date, c.case_id


def test_counts_and_days():
    f = figures()
    assert (f.total, f.finished, f.open) == (8, 3, 5)           # C1–C8; C1, C2, C6 finished
    assert len(f.per_day) == 22 and f.per_day[0] == (START, 1) and f.per_day[-1] == (END, 1)
    assert {d: n for d, n in f.per_day if n} == {
        D(2026, 9, 21): 1, D(2026, 9, 24): 1, D(2026, 9, 28): 1, D(2026, 9, 30): 1,
        D(2026, 10, 8): 1, D(2026, 10, 9): 1, D(2026, 10, 10): 1, D(2026, 10, 12): 1}
    assert dict(f.per_day)[D(2026, 10, 1)] == 0                  # a holiday is a zero day
    assert f.per_one_thing == (("company", 4), ("newborn", 4))   # a tie goes by id


def test_on_time():
    f = figures()
    # finished: C1 (29 ≤ 29), C2 (10 Oct > 9 Oct), C6 (refused 9 Oct ≤ 15 Oct) → 2 of 3
    assert (f.on_time.finished, f.on_time.on_time) == (3, 2)
    assert f.on_time.share == pytest.approx(2 / 3)
    by = {s.key: s for s in f.on_time_by_one_thing}
    assert by["company"].share is None and (by["company"].finished, by["company"].on_time) == (0, 0)
    assert (by["newborn"].finished, by["newborn"].on_time) == (3, 2)


def test_working_days_per_one_thing():
    rows = {r.key: r for r in figures().durations_by_one_thing}
    # newborn: C1 used 5, C2 used 6, C6 refused (not measured); P90: ceil(0.9·2) = 2nd → 6;
    # promises 5, 5, 5, 5 → 5
    assert (rows["newborn"].count, rows["newborn"].mean, rows["newborn"].p90,
            rows["newborn"].promise) == (2, 5.5, 6, 5.0)
    # company: nothing finished; promise 3
    assert (rows["company"].count, rows["company"].mean, rows["company"].p90,
            rows["company"].promise) == (0, None, None, 3.0)


def test_working_days_per_department():
    rows = figures().durations_by_department
    # gaj: 4 and 5 (C7's item open), promises 5, 5, 5; swj: 2 and 1 (C8's refused left out);
    # wjw: 3 and 3 (C6's refused left out); scjg: four open items, promise 3.
    # Most measured first, then most items, then by id.
    assert [r.key for r in rows] == ["gaj", "swj", "wjw", "scjg"]
    by = {r.key: r for r in rows}
    assert (by["gaj"].count, by["gaj"].mean, by["gaj"].p90, by["gaj"].promise) == (2, 4.5, 5, 5.0)
    assert (by["swj"].count, by["swj"].mean, by["swj"].p90, by["swj"].promise) == (2, 1.5, 2, 2.0)
    assert (by["wjw"].count, by["wjw"].mean, by["wjw"].p90, by["wjw"].promise) == (2, 3.0, 3, 3.0)
    assert (by["scjg"].count, by["scjg"].mean, by["scjg"].promise) == (0, None, 3.0)
    assert by["gaj"].name == "市公安局"


def test_overdue_and_due_soon():
    f = figures()
    # C3 3 working days, C4 1; C5 is due today (due soon), C7 queued, C8 due 15 Oct
    assert [(o.case_id, o.days_overdue) for o in f.overdue] == [("C3", 3), ("C4", 1)]
    assert f.overdue_count == 2 and f.due_soon == 1
    assert f.overdue[0].due_date == D(2026, 10, 8) and f.overdue[1].state == "returned"


def test_returned_and_refused():
    f = figures()
    assert (f.returned, f.returned_rate) == (2, 0.25)         # C2, C4 of 8
    assert (f.refused, f.refusal_rate) == (1, 0.125)          # C6 of 8
    assert f.items_refused == 1                               # C8's one item


def test_ratings():
    f = figures()
    # C1 5, C4 4, C5 3, C2 2, C3 2, C6 1 (C0 is before the range)
    assert f.levels == ((5, 1), (4, 1), (3, 1), (2, 2), (1, 1))
    assert f.ratings == 6 and f.satisfied_share == 0.5        # levels 3–5: 3 of 6
    # reasons trimmed; 等候时间过长 (C2, C6) before 需要多次往返 (C3)
    assert f.complaints == (("等候时间过长", 2), ("需要多次往返", 1))


def test_merge_savings():
    f = figures()
    # with statistics: C1 40/25, C2 40/22, C4 30/18, C5 30/20, C7 40/25, C8 30/18
    # savings 15, 18, 12, 10, 15, 12 → sorted 10 12 12 15 15 18 → median 13.5
    assert (f.fields.cases, f.fields.without) == (6, 2)        # C3, C6 without
    assert (f.fields.separate, f.fields.merged, f.fields.saved) == (210, 128, 82)
    assert f.fields.median_saved == 13.5
    # materials 8/5, 8/4, 6/3, 6/4, 8/5, 6/3: savings 3 4 3 2 3 3 → median 3
    assert (f.materials.separate, f.materials.merged, f.materials.saved) == (42, 24, 18)
    assert f.materials.median_saved == 3.0


def test_freshness_is_carried():
    f = figures()
    assert f.loaded_at == LOADED and f.feed_read_at == dt.datetime(2026, 10, 12, 8, 0)
    assert (f.start, f.end, f.today) == (START, END, TODAY)


def test_window_filter():
    f = figures(window_code="W01")
    # C1, C2, C5, C8
    assert (f.total, f.finished, f.on_time.on_time, f.overdue_count, f.due_soon) == (4, 2, 1, 0, 1)
    assert f.returned == 1 and f.items_refused == 1
    assert f.levels == ((5, 1), (4, 0), (3, 1), (2, 1), (1, 0))   # C1, C5, C2


def test_one_thing_filter():
    f = figures(one_thing_id="company")
    # C3, C4, C5, C8: nothing finished, C3 and C4 overdue
    assert (f.total, f.finished, f.on_time.share, f.overdue_count) == (4, 0, None, 2)
    assert f.per_one_thing == (("company", 4),)
    assert [r.key for r in f.durations_by_department] == ["swj", "scjg"]


def test_department_filter_restricts_the_items():
    f = figures(department="swj")
    # cases with a swj item: C3, C5, C8; only swj items: 2 and 1 measured, C8's refused
    assert f.total == 3 and f.per_one_thing == (("company", 3),)
    assert [(r.key, r.count, r.mean) for r in f.durations_by_department] == [("swj", 2, 1.5)]
    assert f.items_refused == 1
    g = figures(department="wjw")
    # C1, C2, C6: C6's item was refused with the whole case (counted as refused)
    assert (g.total, g.refused, g.items_refused) == (3, 1, 0)
    assert [(r.key, r.count) for r in g.durations_by_department] == [("wjw", 2)]
    assert figures(department="nobody").total == 0


def test_date_filter():
    f = figures(start=D(2026, 10, 8), end=D(2026, 10, 12))
    # C5, C6, C7, C8; the Sunday is a zero day
    assert f.total == 4
    assert [n for _, n in f.per_day] == [1, 1, 1, 0, 1]
    assert [o.case_id for o in f.overdue] == []
    assert f.complaints == (("等候时间过长", 1),)                   # C6 only


def test_combined_filters():
    f = figures(window_code="W02", one_thing_id="company", department="scjg")
    assert f.total == 2 and [o.case_id for o in f.overdue] == ["C3", "C4"]


def test_empty_data():
    empty = BoardData((), (), (), LOADED, None)
    f = board_figures(empty, BoardFilter(START, END), TODAY, CAL)
    assert (f.total, f.finished, f.open, f.overdue_count, f.due_soon) == (0, 0, 0, 0, 0)
    assert f.on_time.share is None and f.returned_rate is None and f.refusal_rate is None
    assert f.satisfied_share is None and f.ratings == 0 and f.complaints == ()
    assert f.per_one_thing == () and f.durations_by_department == ()
    assert len(f.per_day) == 22 and sum(n for _, n in f.per_day) == 0
    assert f.fields.median_saved is None and f.feed_read_at is None


def test_percentile_is_nearest_rank():
    assert percentile_nearest_rank([], 0.9) is None
    assert percentile_nearest_rank([7], 0.9) == 7
    assert percentile_nearest_rank(list(range(1, 11)), 0.9) == 9      # ceil(9.0) = 9th
    assert percentile_nearest_rank(list(range(1, 12)), 0.9) == 10     # ceil(9.9) = 10th


def test_a_new_load_is_a_new_index():
    before = figures().total
    more = BoardData(CASES + (case("CX", D(2026, 10, 9), "W09", "newborn", "accepted", 5,
                                   D(2026, 10, 15)),), ITEMS, RATINGS, LOADED, None)
    assert board_figures(more, BoardFilter(START, END), TODAY, CAL).total == before + 1
    assert figures().total == before


# -- properties over random data -----------------------------------------------------

DAY0 = D(2026, 9, 14)
days = st.integers(0, 60).map(lambda k: DAY0 + dt.timedelta(days=k))


@st.composite
def boards(draw):
    n = draw(st.integers(0, 25))
    cases, items = [], []
    for k in range(n):
        accepted = draw(days)
        promised = draw(st.integers(0, 10))
        due = CAL.add_working_days(accepted, promised).date
        finished = draw(st.none() | st.integers(0, 20).map(
            lambda d, a=accepted: a + dt.timedelta(days=d)))
        state = draw(st.sampled_from(["accepted", "in_review", "queued", "issued", "returned",
                                      "refused", "draft"]))
        cases.append(case(f"C{k}", accepted, draw(st.sampled_from(["W1", "W2"])),
                          draw(st.sampled_from(["a", "b", "c"])), state, promised, due, finished,
                          returned=draw(st.booleans()), refused=state == "refused"))
        for j in range(draw(st.integers(0, 3))):
            started = accepted + dt.timedelta(days=draw(st.integers(0, 2)))
            done = draw(st.none() | st.integers(0, 15).map(
                lambda d, s=started: s + dt.timedelta(days=d)))
            items.append(item(f"C{k}", j, draw(st.sampled_from(sorted(DEPT))),
                              draw(st.integers(1, 8)), started, done, draw(st.booleans())))
    ratings = [RatingFact(c.case_id, draw(st.integers(1, 5)), draw(st.sampled_from(["", "慢"])),
                          c.accepted_on) for c in cases if draw(st.booleans())]
    return BoardData(tuple(cases), tuple(items), tuple(ratings), LOADED, None)


@settings(max_examples=60, deadline=None)
@given(boards(), days, st.integers(0, 40), st.sampled_from([None, "W1"]),
       st.sampled_from([None, "a"]), st.sampled_from([None, "gaj"]))
def test_figures_agree_with_a_plain_count(data, start, length, window, one, dept):
    flt = BoardFilter(start, start + dt.timedelta(days=length), window, one, dept)
    f = board_figures(data, flt, D(2026, 10, 30), CAL)
    with_dept = {i.case_id for i in data.items if i.department == dept}
    chosen = [c for c in data.cases if c.state not in ("draft", "discarded")
              and flt.start <= c.accepted_on <= flt.end
              and window in (None, c.window_code) and one in (None, c.one_thing_id)
              and (dept is None or c.case_id in with_dept)]
    assert f.total == len(chosen) == sum(n for _, n in f.per_day)
    assert sum(n for _, n in f.per_one_thing) == f.total
    assert f.on_time.share is None or 0 <= f.on_time.share <= 1
    assert f.overdue_count + f.due_soon <= f.open
    assert f.ratings == sum(1 for r in data.ratings if r.case_id in {c.case_id for c in chosen})
    # the case-level working days match the calendar's own count
    used = sorted(CAL.working_days_between(c.accepted_on, c.finished_on) for c in chosen
                  if c.finished_on is not None and not c.refused)
    assert sum(r.count for r in f.durations_by_one_thing) == len(used)
    measured = sum((r.mean or 0) * r.count for r in f.durations_by_one_thing)
    assert measured == pytest.approx(sum(used))
    for o in f.overdue:
        assert o.days_overdue == CAL.working_days_between(o.due_date, D(2026, 10, 30)) >= 0
