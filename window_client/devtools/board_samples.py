"""Synthetic facts for the efficiency board (效能看板): ``sample_board_data`` makes a
hall's year and a bit of cases, for the benchmarks (devtools/bench_board.py, the Qt
redraw bench) and the screenshots. Realistic in shape, random in detail: a few dozen
windows, forty one-things of very different volume with one to four items each,
working days only with a dip around the Spring Festival and a summer and year-end
rise, about 8 % returned for 补正, 2 % refused, 10 % late, ratings for about 60 % of
the finished cases, mostly 非常满意 and 满意."""

from __future__ import annotations

import bisect
import datetime as dt
import random

from window_client.core.board import BoardData, CaseFact, ItemFact, RatingFact
from window_client.core.workdays import WorkCalendar

DEPARTMENTS: dict[str, str] = {
    "gaj": "市公安局", "scjg": "市市场监督管理局", "rsj": "市人力资源和社会保障局",
    "ybj": "市医疗保障局", "wjw": "市卫生健康委员会", "mzj": "市民政局",
    "zjj": "市住房和城乡建设局", "zrzy": "市自然资源局", "swj": "国家税务总局市税务局",
    "jyj": "市教育局", "gjj": "市住房公积金管理中心", "cl": "市残疾人联合会",
    "tyjr": "市退役军人事务局", "jtj": "市交通运输局", "wgl": "市文化广电新闻出版旅游局",
}

# id, name, promise (working days), the departments of its items
ONE_THINGS: tuple[tuple[str, str, int, tuple[str, ...]], ...] = (
    ("newborn", "新生儿出生", 5, ("wjw", "gaj", "ybj", "rsj")),
    ("company", "企业开办", 3, ("scjg", "swj", "rsj", "gjj")),
    ("restaurant", "开办餐饮店", 7, ("scjg", "zjj")),
    ("retire", "退休", 10, ("rsj", "ybj", "gjj")),
    ("after_death", "身后事", 5, ("mzj", "gaj", "rsj", "ybj")),
    ("house_transfer", "二手房转移登记及水电气网联动过户", 5, ("zrzy", "swj")),
    ("veteran", "军人退役", 10, ("tyjr", "gaj", "rsj")),
    ("disabled", "残疾人服务", 15, ("cl", "mzj")),
    ("school", "教育入学", 10, ("jyj", "gaj")),
    ("flexible_job", "灵活就业", 3, ("rsj", "ybj")),
    ("marriage", "公民婚育", 5, ("mzj", "wjw", "gaj")),
    ("company_close", "企业注销", 10, ("scjg", "swj", "rsj")),
    ("hire", "员工录用", 3, ("rsj", "ybj", "gjj")),
    ("heavy_transport", "大件物品运输", 5, ("jtj", "gaj")),
    ("household_move", "户口迁移", 5, ("gaj",)),
    ("real_estate", "不动产登记", 5, ("zrzy", "swj", "zjj")),
    ("pharmacy", "开办药店", 15, ("scjg", "ybj")),
    ("supermarket", "开办超市", 7, ("scjg", "swj")),
    ("gym", "开办健身房", 7, ("scjg", "wgl")),
    ("kindergarten", "开办幼儿园", 20, ("jyj", "scjg", "wjw")),
    ("private_school", "开办民办学校", 20, ("jyj", "mzj")),
    ("clinic", "开办诊所", 15, ("wjw", "scjg", "ybj")),
    ("hotel", "开办旅馆", 10, ("gaj", "scjg", "wgl")),
    ("bookshop", "开办书店", 7, ("wgl", "scjg")),
    ("internet_cafe", "开办网吧", 15, ("wgl", "gaj", "scjg")),
    ("ktv", "开办歌舞娱乐场所", 15, ("wgl", "gaj", "scjg")),
    ("convenience", "开办便利店", 5, ("scjg",)),
    ("beauty", "开办美容美发店", 5, ("scjg", "wjw")),
    ("car_wash", "开办洗车店", 5, ("scjg", "zjj")),
    ("car_repair", "开办汽车维修店", 10, ("jtj", "scjg")),
    ("construction", "建设项目开工", 20, ("zjj", "zrzy")),
    ("social_card", "社会保障卡办理", 3, ("rsj",)),
    ("fund_withdraw", "住房公积金提取", 3, ("gjj",)),
    ("micro_finance", "小微企业融资", 10, ("scjg", "rsj")),
    ("company_change", "企业信息变更", 3, ("scjg", "swj")),
    ("sole_trader", "个体工商户开业", 3, ("scjg", "swj")),
    ("utilities", "水电气网报装", 5, ("zjj",)),
    ("unemployment", "失业保险待遇申领", 5, ("rsj",)),
    ("medical_transfer", "医保关系转移接续", 10, ("ybj",)),
    ("elderly_allowance", "高龄津贴申领", 10, ("mzj", "cl")),
)
ONE_THING_NAMES: dict[str, str] = {one_id: name for one_id, name, _, _ in ONE_THINGS}

SPRING_FESTIVALS = (dt.date(2024, 2, 10), dt.date(2025, 1, 29), dt.date(2026, 2, 17),
                    dt.date(2027, 2, 6), dt.date(2028, 1, 26))
MONTH_LOAD = (0.8, 0.7, 1.1, 1.0, 1.0, 1.1, 1.25, 1.2, 1.1, 0.9, 1.0, 1.2)
LEVEL_WEIGHTS = ((5, 70), (4, 20), (3, 5), (2, 3), (1, 2))
COMPLAINTS = ("等候时间过长", "需要多次往返", "工作人员解释不清楚", "材料要求前后不一致",
              "系统故障无法办理", "办理时限太长", "窗口人员态度不好", "表单填写复杂")


def sample_board_data(n_cases: int = 50_000, seed: int = 1,
                      today: dt.date = dt.date(2026, 11, 27),
                      calendar: WorkCalendar | None = None) -> BoardData:
    """``n_cases`` cases accepted on the working days of the 420 days up to
    ``today``, with their items and ratings; the same seed gives the same data."""
    rng = random.Random(seed)
    calendar = calendar or WorkCalendar()
    span = [today - dt.timedelta(days=d) for d in range(420, -1, -1)]
    horizon = [today + dt.timedelta(days=d) for d in range(1, 120)]
    workdays = [d for d in span + horizon if calendar.is_workday(d)]
    rank = {d: n for n, d in enumerate(workdays)}
    open_days = [d for d in span if d in rank]

    def load(day: dt.date) -> float:
        weight = MONTH_LOAD[day.month - 1] * (0.85 if day.weekday() == 4 else 1.0)
        if any(0 <= (day - sf).days + 7 <= 21 for sf in SPRING_FESTIVALS):
            weight *= 0.35   # the fortnight around the festival: people are at home
        return weight

    cumulative, total = [], 0.0
    for day in open_days:
        total += load(day)
        cumulative.append(total)
    popularity = [1.0 / (k + 1) ** 0.9 for k in range(len(ONE_THINGS))]
    windows = [f"W{k:02d}" for k in range(1, 29)]
    cases: list[CaseFact] = []
    items: list[ItemFact] = []
    ratings: list[RatingFact] = []

    def after(day: dt.date, days: int) -> dt.date:
        """``days`` working days after ``day`` (a working day)."""
        n = rank[day] + days
        return workdays[n] if n < len(workdays) else workdays[-1] + dt.timedelta(days=n)

    for serial in range(n_cases):
        accepted = open_days[min(bisect.bisect_left(cumulative, rng.random() * total),
                                 len(open_days) - 1)]
        one_id, _, promise, departments = rng.choices(ONE_THINGS, popularity)[0]
        window = windows[min(int(rng.expovariate(1 / 8)), len(windows) - 1)]
        due = after(accepted, promise)
        roll = rng.random()
        refused = roll < 0.02
        returned = 0.02 <= roll < 0.10
        late = rng.random() < 0.10
        if refused:
            finished: dt.date | None = after(accepted, rng.randint(0, 1))
        elif late:
            finished = after(due, rng.randint(1, 6))
        else:
            finished = after(accepted, rng.randint(max(promise // 3, 0), promise))
        if returned and finished is not None:
            finished = after(finished, rng.randint(0, 2))
        if finished is not None and finished > today:
            finished = None
        if refused:
            state = "refused"
        elif finished is not None:
            state = "issued" if rng.random() < 0.85 else "ready"
        elif returned:
            state = "returned"
        elif accepted == today and rng.random() < 0.3:
            state = "queued"
        else:
            state = rng.choice(("submitted", "accepted", "in_review", "in_review"))
        case_id = f"C{accepted:%Y%m%d}{serial:06d}"
        n_items = min(len(departments), rng.choice((1, 2, 2, 3, 3, 4)))
        items_refused = 0
        for k, department in enumerate(departments[:n_items]):
            started = after(accepted, rng.randint(0, 1)) if k else accepted
            item_refused = refused or (not refused and rng.random() < 0.01)
            item_finished = finished
            if finished is not None and not refused:
                item_finished = min(finished, after(started, rng.randint(0, promise)))
                if item_finished < started:
                    item_finished = started
            elif finished is None and item_refused:
                item_finished = started
            if item_refused and not refused:
                items_refused += 1
            items.append(ItemFact(case_id, f"{one_id}-{k + 1}", f"{ONE_THING_NAMES[one_id]}事项{k + 1}",
                                  department, DEPARTMENTS[department], max(promise - 1, 1) if k
                                  else promise, started, item_finished, item_refused))
        stats = rng.random() < 0.92
        fields_separate = n_items * rng.randint(18, 32)
        materials_separate = n_items * rng.randint(3, 6)
        cases.append(CaseFact(
            case_id, accepted, window, one_id, state, promise, due, finished, returned, refused,
            items_refused,
            fields_separate if stats else None,
            int(fields_separate * rng.uniform(0.45, 0.7)) if stats else None,
            materials_separate if stats else None,
            max(1, int(materials_separate * rng.uniform(0.4, 0.75))) if stats else None))
        if finished is not None and not refused and rng.random() < 0.6:
            level = rng.choices([lv for lv, _ in LEVEL_WEIGHTS], [w for _, w in LEVEL_WEIGHTS])[0]
            reason = rng.choice(COMPLAINTS) if level <= 2 and rng.random() < 0.85 else ""
            ratings.append(RatingFact(case_id, level, reason, finished))
    now = dt.datetime.combine(today, dt.time(9, 5))
    return BoardData(tuple(cases), tuple(items), tuple(ratings), now,
                     now - dt.timedelta(minutes=40))
