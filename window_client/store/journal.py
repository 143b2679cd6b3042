"""The case journal: an append-only record, outside the database, of every case
created and of every state it moved to — ``data/journal/cases-YYYYMM.jsonl``
beside the database, one JSON line per event, fsynced.

It exists for one moment: the database was damaged and a backup restored. The
backup does not know the cases created (or confirmed) after it was taken; the
journal does, so the clerk is told which cases to enter again and which to ask
the platform about. A line holds the case UUID, the provisional and platform
numbers, the one-thing, the state and the time, and the applicant MASKED (张*,
360702********0015) — never a full name or ID number. That is why the journal
stays plain on an encrypted store: it must be readable when the database is not,
and tests/security/test_done_when.py greps it for full ID numbers. The journal holds no
answers or form values, so it cannot rebuild a case; it tells what is missing."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Iterable

from window_client.core.case_state import LABELS as STATE_LABELS, CaseState
from window_client.core.masking import mask_id_number, mask_name

from .cipher import DB_ERRORS, connect

logger = logging.getLogger(__name__)

JOURNAL_DIR = "journal"
STATE_ORDER = ["draft", "queued", "submitted", "accepted", "in_review", "ready", "issued"]


@dataclass(frozen=True)
class JournalEntry:
    at: dt.datetime
    event: str              # created | state | submitted
    case_id: str
    provisional_no: str
    one_thing_id: str
    state: str
    applicant: str = ""     # masked
    platform_no: str = ""


@dataclass(frozen=True)
class MissingCase:
    """A case the journal knows and the restored database does not (``in_backup``
    None), or knows only in an earlier state."""
    entry: JournalEntry     # the newest event for the case
    in_backup: str | None   # the state in the restored database, None: absent

    def describe(self) -> str:
        e = self.entry
        who = f",申请人 {e.applicant}" if e.applicant else ""
        when = f"{e.at:%m-%d %H:%M}"
        if self.in_backup is None:
            if e.state == "draft":
                what = "草稿已丢失,需重新录入"
            elif e.state == "queued":
                what = "已确认受理但尚未提交平台,需重新录入并受理"
            else:
                what = (f"已提交平台(平台编号 {e.platform_no}),请向平台核对后补录"
                        if e.platform_no else "已提交平台,请向平台核对后补录")
        else:
            what = f"恢复后为“{_state_label(self.in_backup)}”,{when}后为“{_state_label(e.state)}”,请核对"
        return f"{e.provisional_no}({e.one_thing_id}{who},{when}):{what}"


def _state_label(state: str) -> str:
    try:
        return STATE_LABELS.get(CaseState(state), state)
    except ValueError:
        return state


class CaseJournal:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    @classmethod
    def beside(cls, db_path: str | Path | None) -> CaseJournal | None:
        """The journal of the database at ``db_path`` (None for in-memory ones)."""
        if db_path is None or str(db_path) in ("", ":memory:"):
            return None
        return cls(Path(db_path).parent / JOURNAL_DIR)

    # -- writing ---------------------------------------------------------------------
    def record(self, event: str, *, at: dt.datetime, case_id: str, provisional_no: str,
               one_thing_id: str, state: str, applicant_name: str | None = None,
               applicant_id_number: str | None = None, platform_no: str | None = None) -> bool:
        """Appends one line; False (logged, never raised) when it cannot be written —
        the database already holds the case, the journal is the second copy."""
        applicant = " ".join(x for x in (mask_name(applicant_name),
                                         mask_id_number(applicant_id_number)) if x)
        line = json.dumps({"at": at.isoformat(timespec="seconds"), "event": event,
                           "case": case_id, "no": provisional_no, "one_thing": one_thing_id,
                           "state": state, "applicant": applicant,
                           "platform_no": platform_no or ""}, ensure_ascii=False)
        path = self.directory / f"cases-{at:%Y%m}.jsonl"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(line + "\n")
                fh.flush()
                os.fsync(fh.fileno())
            return True
        except OSError as exc:
            logger.warning("case journal not written (%s): case %s %s", exc.strerror,
                           provisional_no, event)
            return False

    # -- reading -----------------------------------------------------------------------
    def entries(self, since: dt.datetime | None = None) -> list[JournalEntry]:
        """Every readable line (a torn last line after a crash is skipped), oldest
        first, at or after ``since``."""
        out: list[JournalEntry] = []
        if not self.directory.is_dir():
            return out
        files = sorted(self.directory.glob("cases-*.jsonl"))
        if since is not None:
            files = [f for f in files if f.stem[6:] >= f"{since:%Y%m}"]
        for f in files:
            for raw in f.read_text(encoding="utf-8", errors="replace").splitlines():
                try:
                    d = json.loads(raw)
                    entry = JournalEntry(dt.datetime.fromisoformat(d["at"]), d["event"], d["case"],
                                         d["no"], d["one_thing"], d["state"],
                                         d.get("applicant", ""), d.get("platform_no", ""))
                except (ValueError, KeyError, TypeError):
                    continue
                if since is None or entry.at >= since:
                    out.append(entry)
        return sorted(out, key=lambda e: e.at)

    def missing_from(self, db_path: Path, since: dt.datetime, *,
                     key: bytes | None = None) -> list[MissingCase]:
        """The cases with journal events at or after ``since`` that the database at
        ``db_path`` (a backup, or the restored file) lacks or holds in an earlier
        state. Read with plain sqlite3, read-only."""
        newest: dict[str, JournalEntry] = {}
        for e in self.entries(since):
            newest[e.case_id] = e
        if not newest:
            return []
        states = _states_in(db_path, newest, key)
        missing = []
        for case_id, entry in newest.items():
            have = states.get(case_id)
            if have is None or _behind(have, entry.state):
                missing.append(MissingCase(entry, have))
        return sorted(missing, key=lambda m: m.entry.at)


def _states_in(db_path: Path, case_ids: Iterable[str], key: bytes | None = None
               ) -> dict[str, str]:
    ids = list(case_ids)
    conn = connect(db_path, key, mode="ro")
    try:
        out = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for case_id, state in conn.execute(
                    f"SELECT id, state FROM cases WHERE id IN ({marks})", chunk):
                out[case_id] = state
        return out
    except DB_ERRORS as exc:
        logger.warning("cannot read cases from %s: %s", Path(db_path).name, exc)
        return {}
    finally:
        conn.close()


def _behind(have: str, journal_state: str) -> bool:
    """The restored state is earlier on the main path than the journal's."""
    if have == journal_state:
        return False
    if have in STATE_ORDER and journal_state in STATE_ORDER:
        return STATE_ORDER.index(have) < STATE_ORDER.index(journal_state)
    return True
