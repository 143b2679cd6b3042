"""The last resort for a case the platform will not take: write it to a folder
(JSON with everything the platform would get, plus its material files) so it can
be carried over by other means. Personal data: on an encrypted store every file
written is in the vault's format (security/vault.py, the installation's data key:
``window-client cli security decrypt`` on this machine reads one back); the folder
is still the hall's to guard."""

from __future__ import annotations

import json
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
        vault = cases.vault
        vault.write(folder / "case.json", json.dumps(
            {"client_uuid": case.id, "last_error": entry.last_error, "attempts": entry.attempts,
             "submission": payload}, ensure_ascii=False, indent=1).encode("utf-8"))
        for f in files:
            data = cases.read_file(f)
            if data is not None:
                suffix = Path(f.original_name).suffix.lower() or Path(f.stored_path).suffix
                vault.write(folder / f"{f.material_id}-{f.sha256[:12]}{suffix}", data)
        written.append(folder)
    return written
