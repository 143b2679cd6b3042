"""Queued cases made the quick way (straight through the repository) and an engine
pointed at a sandbox."""

from __future__ import annotations

import datetime as dt
import os
import random
from pathlib import Path

from window_client.core.case_state import CaseState
from window_client.core.engine import compute_plan
from window_client.platform.client import ConnectionSettings, PlatformClient
from window_client.store.db import open_database
from window_client.store.repository import CaseRepository, MaterialRecord
from window_client.store.sync_repository import SyncRepository
from window_client.sync.engine import SyncEngine, make_sync_engine

DEMO_USER, DEMO_PASSWORD = "wangli", "window2026"


class Clock:
    """A clock the test moves forward (backoff waits without sleeping)."""

    def __init__(self) -> None:
        self.now = dt.datetime.now().replace(microsecond=0)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float = 3600) -> None:
        self.now += dt.timedelta(seconds=seconds)


def make_queued_cases(cases: CaseRepository, catalog, n: int, files_dir: Path, *,
                      window_code: str = "W01", file_size: int = 8_000, files_per_case: int = 2,
                      seed: int = 1, snapshot: bool = True) -> list[str]:
    rng = random.Random(seed)
    one = catalog.definitions["newborn"]
    plan = compute_plan(one, catalog.dictionary, one.default_answers())
    scratch = files_dir / "_scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    ids = []
    for k in range(n):
        case = cases.create_draft(window_code=window_code, one_thing_id="newborn",
                                  catalog_version=catalog.version, clerk=DEMO_USER)
        cases.save_draft(case.id, clerk=DEMO_USER, answers=one.default_answers(),
                         form_values={"applicant.name": f"测试{k}", "child.name": "张小明"},
                         applicant_name=f"测试{k}", applicant_id_number="11010519491231002X",
                         meta={"applicant_kind": "person", "via_agent": False})
        records = []
        hand_in = [m for m in plan.materials if m.to_hand_in][:files_per_case]
        for m in hand_in:
            src = scratch / f"{case.id}-{m.spec.id}.jpg"
            src.write_bytes(rng.randbytes(file_size))
            cases.attach_file(case.id, m.spec.id, src, files_dir=files_dir, clerk=DEMO_USER)
            records.append(MaterialRecord(m.spec.id, m.spec.name, m.tag.value, True, 1))
        if snapshot:  # as the window confirms: materials, snapshot and queued at once
            from window_client.core.snapshot import take_snapshot
            cases.confirm(case.id, records, take_snapshot(plan, catalog, records,
                                                          dt.datetime.now()), clerk=DEMO_USER)
        else:  # as a client from before snapshots left it
            cases.set_materials(case.id, records, clerk=DEMO_USER)
            cases.transition(case.id, CaseState.QUEUED, clerk=DEMO_USER)
        ids.append(case.id)
    return ids


def make_engine(db_path: Path, catalog, api_url: str, *, clock=None, window_code="W01",
                read_timeout: float = 5.0, sign_in: bool = True, with_issuance: bool = False,
                with_supervision: bool = False, urge_rule=None, **steps) -> SyncEngine:
    """An engine on ``db_path`` against ``api_url``; ``steps`` go to
    make_sync_engine (catalogs, calendar_file, retention_days, max_pages…);
    ``with_supervision``: the urging steps (the rule too when ``urge_rule`` is given,
    a callable returning a core.supervision.UrgeRule)."""
    db = open_database(db_path)
    client = PlatformClient(ConnectionSettings(base_url=api_url, window_code=window_code,
                                               connect_timeout=2, read_timeout=read_timeout))
    if sign_in:
        client.sign_in(DEMO_USER, DEMO_PASSWORD)
    if with_issuance:
        from window_client.store.issuance_repository import IssuanceRepository
        steps["issuance"] = IssuanceRepository(db, clock=clock or dt.datetime.now)
    if with_supervision:
        from window_client.core.workdays import WorkCalendar
        from window_client.store.supervision_repository import SupervisionRepository
        steps["supervision"] = SupervisionRepository(db, clock=clock or dt.datetime.now)
        steps.setdefault("calendar", WorkCalendar())
        if urge_rule is not None:
            steps["urge_rule"] = urge_rule
    return make_sync_engine(catalog, CaseRepository(db, clock=clock or dt.datetime.now),
                            SyncRepository(db, clock=clock or dt.datetime.now), client,
                            clock=clock or dt.datetime.now, rng=random.Random(7), **steps)


def env_without_display() -> dict:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen")
