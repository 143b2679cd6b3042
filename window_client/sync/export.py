"""The last resort for a case the platform will not take: write it to a folder
(JSON with everything the platform would get, plus its material files) so it can
be carried over by other means. Personal data: the folder is the hall's to guard."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from window_client.store.repository import CaseRepository
from window_client.store.sync_repository import SyncRepository

from .engine import SyncEngine


def export_queued(engine: SyncEngine, cases: CaseRepository, sync: SyncRepository,
                  target: Path, only_stuck: bool = False) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for entry in sync.queued():
        if only_stuck and not entry.stuck:
            continue
        case = cases.get(entry.case_id)
        files = cases.files(case.id)
        payload, _outputs = engine.push_cases.payload(case, files)
        folder = target / case.provisional_no
        folder.mkdir(exist_ok=True)
        (folder / "case.json").write_text(json.dumps(
            {"client_uuid": case.id, "last_error": entry.last_error, "attempts": entry.attempts,
             "submission": payload}, ensure_ascii=False, indent=1), encoding="utf-8")
        for f in files:
            src = Path(f.stored_path)
            if src.exists():
                shutil.copyfile(src, folder / f"{f.material_id}-{f.sha256[:12]}{src.suffix}")
        written.append(folder)
    return written
