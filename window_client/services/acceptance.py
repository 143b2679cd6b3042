"""AcceptanceSession: one case being accepted at the window. Holds the core state,
recomputes the plan, saves the draft at every step and confirms the case into the
outbox. The Qt wizard is a view of this object; tests drive it without Qt."""

from __future__ import annotations

import copy

import datetime as dt
import logging
from pathlib import Path
from collections.abc import Callable, Mapping, Sequence

from window_client.core.acceptance import (DERIVED_SUFFIXES, AcceptanceState, CardConflict,
                                           Problem, applicant_problems, card_conflicts,
                                           derive_from_id_number, form_problems,
                                           material_problems, missing_deadline,
                                           question_problems)
from window_client.core.catalog import Catalog
from window_client.core.definition import OneThing
from window_client.core.engine import Plan, compute_plan
from window_client.core import messages
from window_client.core.masking import mask_id_number
from window_client.core.material_check import PageCheck, People, people_on_form
from window_client.core.validators import resident_id
from window_client.core.snapshot import due_after_missing, take_snapshot
from window_client.core.workdays import WorkCalendar
from window_client.core.records import CaseRecord, FileRecord, MaterialRecord
from window_client.store.repository import CaseRepository
from window_client.core.storage_errors import StorageFull

logger = logging.getLogger(__name__)


class AcceptanceSession:
    def __init__(self, catalog: Catalog, cases: CaseRepository, calendar: WorkCalendar, *,
                 clerk: str, window_code: str, files_dir: Path,
                 licences: frozenset[str] = frozenset(), online: bool = False,
                 today: Callable[[], dt.date] = dt.date.today,
                 catalog_versions: Callable[[str], Catalog | None] | None = None) -> None:
        self.catalog = catalog
        self.cases = cases
        self.calendar = calendar
        self.clerk = clerk
        self.window_code = window_code
        self.files_dir = files_dir
        self.licences = licences
        # e-licences of the other people of the case: ID field → (number, types)
        self.holders: dict[str, tuple[str, frozenset[str]]] = {}
        self.online = online  # until the platform is wired, online checks are pending
        self.today = today
        self.catalog_versions = catalog_versions
        self.state: AcceptanceState | None = None
        self.case: CaseRecord | None = None
        # set while the citizen's screen is on (qt/citizen_link.py): what the citizen
        # must still confirm before the case may be confirmed (services/citizen.py)
        self.citizen_check: Callable[[AcceptanceSession], list[Problem]] | None = None

    # -- lifecycle ----------------------------------------------------------
    @property
    def one_thing(self) -> OneThing:
        assert self.state is not None
        return self.catalog.definitions[self.state.one_thing_id]

    def start(self, one_thing_id: str) -> CaseRecord:
        one = self.catalog.definitions[one_thing_id]
        self.state = AcceptanceState(one_thing_id=one_thing_id,
                                     applicant_kind=one.applicant_kind.value,
                                     answers=one.default_answers(), step="guide")
        self.case = self.cases.create_draft(window_code=self.window_code,
                                            one_thing_id=one_thing_id,
                                            catalog_version=self.catalog.version,
                                            clerk=self.clerk)
        logger.info("acceptance started: case %s, one-thing %s", self.case.provisional_no,
                    one_thing_id)
        return self.save()

    def resume(self, case_id: str) -> CaseRecord:
        case = self.cases.get(case_id)
        self.state = AcceptanceState.restore(case.one_thing_id, case.answers, case.form_values,
                                             case.meta)
        self.case = case
        if case.catalog_version != self.catalog.version:
            # a draft keeps the catalog version it started with, when it is still here
            older = self.catalog_versions(case.catalog_version) if self.catalog_versions else None
            logger.info("resuming case %s started on catalog %s (now %s, %s)",
                        case.provisional_no, case.catalog_version, self.catalog.version,
                        "kept" if older else "not available: current used")
            if older is not None:
                self.catalog = older
        return case

    def save(self) -> CaseRecord:
        assert self.state is not None and self.case is not None
        s = self.state
        self.case = self.cases.save_draft(self.case.id, clerk=self.clerk, answers=s.answers,
                                          form_values=s.values, applicant_name=s.applicant_name,
                                          applicant_id_number=s.applicant_id_number,
                                          meta=s.meta())
        return self.case

    def save_job(self) -> Callable[[], CaseRecord]:
        """The debounced save on the store thread: called on the UI thread, it copies
        what the draft is now (answers, values, applicant, the wizard's meta) so the
        clerk types on while the copy is written; the job it returns writes exactly
        what ``save()`` writes. Put its result back with ``adopt``."""
        assert self.state is not None and self.case is not None
        s = self.state
        cases, case_id, clerk = self.cases, self.case.id, self.clerk
        answers, values = copy.deepcopy(s.answers), copy.deepcopy(s.values)
        name, id_number, meta = s.applicant_name, s.applicant_id_number, copy.deepcopy(s.meta())

        def job() -> CaseRecord:
            return cases.save_draft(case_id, clerk=clerk, answers=answers, form_values=values,
                                    applicant_name=name, applicant_id_number=id_number,
                                    meta=meta)

        return job

    def adopt(self, record: CaseRecord) -> bool:
        """True when ``record`` (a save job's result) is now the session's case: it
        is this case's newest revision, not overtaken by a later synchronous save."""
        current = self.case
        if current is not None and (current.id != record.id
                                    or current.revision >= record.revision):
            return False
        self.case = record
        return True

    # -- the plan -------------------------------------------------------------
    def plan(self) -> Plan:
        """The plan for the answers and the form as typed so far. Form values an
        answer gives (a choice's ``fills``) are put in the form, marked 情景问答,
        unless the clerk typed another value."""
        assert self.state is not None
        plan = compute_plan(self.one_thing, self.catalog.dictionary, self.state.answers,
                            licences=self.licences, online=self.online, start=self.today(),
                            calendar=self.calendar, via_agent=self.state.via_agent,
                            values=self.state.values,
                            holder_licences={k: v for k, (_n, v) in self.holders.items()})
        for key, value in plan.filled.items():
            if self.state.sources.get(key) in (None, "answer") \
                    and self.state.values.get(key) != value:
                self.state.set_value(key, value, "answer")
        return plan

    def set_value(self, key: str, value: str | None, source: str = "clerk") -> None:
        assert self.state is not None
        self.state.set_value(key, value, source)
        if key in ("applicant.id_number", "agent.id_number"):
            derive_from_id_number(self.state, key.split(".")[0])

    def apply_card(self, values: Mapping[str, str]) -> list[str]:
        """What the ID card reader read (already keyed by the dictionary, with the
        applicant's or the agent's prefix). A field that is empty or agrees is set and
        marked 读卡; a field typed differently keeps the typed value and becomes a
        conflict (``card_conflicts``) that blocks the step until the clerk settles it
        with ``settle_card_conflict``. Returns the keys set from the card."""
        assert self.state is not None
        known = self.catalog.dictionary.entries
        read = {key: value for key, value in values.items() if key in known and value}
        prefixes = {key.split(".")[0] for key in read}
        # a new read of this person replaces what an earlier read said of them
        self.state.card = {k: v for k, v in self.state.card.items()
                           if k.split(".")[0] not in prefixes}
        self.state.card.update(read)
        applied = []
        for key, value in read.items():
            typed = self.state.values.get(key)
            if typed and not key.endswith(DERIVED_SUFFIXES) \
                    and "".join(typed.split()).upper() != "".join(value.split()).upper():
                continue   # a conflict: the clerk chooses
            self.set_value(key, value, "id_card")
            applied.append(key)
        return applied

    def card_conflicts(self) -> list[CardConflict]:
        assert self.state is not None
        return card_conflicts(self.state)

    def settle_card_conflict(self, key: str, *, use_card: bool) -> None:
        """The clerk's choice: the card's value (marked 读卡), or the typed one (the
        card's is dropped; logged without the values)."""
        assert self.state is not None
        card = self.state.card.get(key)
        if card is None:
            return
        if use_card:
            self.set_value(key, card, "id_card")
        else:
            self.state.card.pop(key)
            if key.endswith(".id_number"):   # the birth date and sex follow the number kept
                derive_from_id_number(self.state, key.split(".")[0])
            logger.info("card value of %s set aside for the typed one", key)

    # -- what the platform knows about the other people of the case -----------------
    def holders_to_look_up(self) -> dict[str, str]:
        """ID field → number, for each person besides the applicant whose e-licence
        could spare a material of this plan and whose valid number is on the form
        but not looked up yet (or changed since)."""
        assert self.state is not None
        wanted = {e.holder for m in self.plan().materials for e in m.spec.exemptions
                  if e.holder is not None}
        out = {}
        for key in sorted(wanted):
            number = self.state.values.get(key, "")
            if number and resident_id(number).ok \
                    and self.holders.get(key, ("", frozenset()))[0] != number:
                out[key] = number
        return out

    def apply_holder_data(self, id_key: str, number: str, licences: frozenset[str],
                          shared: Mapping[str, str]) -> list[str]:
        """Another person's e-licences (their materials become exempt) and shared data:
        for an ID field ``<person>.id_number``, what the platform returns of
        ``applicant.X`` fills that person's empty ``<person>.X``. Returns the keys filled."""
        assert self.state is not None
        self.holders[id_key] = (number, licences)
        prefix = id_key.rsplit(".", 1)[0] + "." if id_key.endswith(".id_number") else None
        filled = []
        known = self.catalog.dictionary.entries
        for key, value in shared.items():
            if prefix is None or not key.startswith("applicant."):
                continue
            target = prefix + key[len("applicant."):]
            if target in known and not self.state.values.get(target):
                self.state.set_value(target, value, "shared")
                filled.append(target)
        return filled

    # -- what the platform knows about the applicant ------------------------------
    def apply_applicant_data(self, licences: frozenset[str], shared: dict[str, str]) -> list[str]:
        """E-licence holdings (materials become exempt) and shared data (empty form
        fields are prefilled, marked 共享数据). Returns the keys prefilled."""
        assert self.state is not None
        self.licences = licences
        self.online = True
        filled = []
        known = self.catalog.dictionary.entries
        for key, value in shared.items():
            if key in known and not self.state.values.get(key):
                self.state.set_value(key, value, "shared")
                filled.append(key)
        return filled

    # -- checks per step -------------------------------------------------------
    def problems(self, step: str) -> list[Problem]:
        assert self.state is not None
        entries = self.catalog.dictionary.entries
        if step == "applicant":
            return applicant_problems(self.state, entries)
        if step == "questions":
            return question_problems(self.plan())
        if step == "form":
            return form_problems(self.plan(), self.state)
        if step == "materials":
            return material_problems(self.plan(), self.state)
        if step == "review":
            found = (self.problems("applicant") + self.problems("questions")
                     + self.problems("form") + self.problems("materials"))
            if not found and self.citizen_check is not None:
                found = self.citizen_check(self)
            return found
        return []

    # -- materials ---------------------------------------------------------------
    def attach_file(self, material_id: str, path: Path) -> FileRecord:
        assert self.state is not None and self.case is not None
        record = self.cases.attach_file(self.case.id, material_id, path,
                                        files_dir=self.files_dir, clerk=self.clerk)
        st = self.state.material(material_id)
        if not st.received:
            st.received, st.copies = True, max(st.copies, 1)
        self.save()
        return record

    def attach_bytes(self, material_id: str, name: str, data: bytes) -> FileRecord:
        """A file made in memory (the pages dialog's JPEG/PDF), stored as ``name``."""
        assert self.state is not None and self.case is not None
        record = self.cases.attach_bytes(self.case.id, material_id, data, name,
                                         files_dir=self.files_dir, clerk=self.clerk)
        st = self.state.material(material_id)
        if not st.received:
            st.received, st.copies = True, max(st.copies, 1)
        self.save()
        return record

    def people(self) -> People:
        """Every ID number and name on the form so far, for the scan check."""
        assert self.state is not None
        return people_on_form(self.state.values, self.catalog.dictionary.entries)

    def override_scan_check(self, material_id: str, checks: Sequence[PageCheck]) -> None:
        """The clerk confirmed a material's pages despite the scan check's warnings
        (one key in the pages dialog): audited with the kinds and flags (numbers and
        names masked), and kept in the material's note, which the confirm records."""
        assert self.state is not None and self.case is not None
        if not checks:
            return
        detail = " | ".join(c.log_text() for c in checks)
        self.cases.record_material_check(self.case.id, material_id, detail, clerk=self.clerk)
        st = self.state.material(material_id)
        warnings = messages.LIST_SEPARATOR.join(dict.fromkeys(w for c in checks for w in c.warnings))
        note = messages.PAGE_CHECK_OVERRIDDEN_NOTE.format(warnings=warnings)
        st.note = note if not st.note else f"{st.note}\n{note}"
        logger.info("scan check of %s overridden: %s", material_id, detail)
        self.save()

    def files(self) -> list[FileRecord]:
        return self.cases.files(self.case.id) if self.case else []

    # -- confirm -------------------------------------------------------------------
    def confirm(self) -> CaseRecord:
        """Puts the case in the outbox (queued) with its provisional number. Refused
        with the problems when anything is missing or invalid."""
        assert self.state is not None and self.case is not None
        problems = self.problems("review")
        if problems:
            raise IncompleteCase(problems)
        plan = self.plan()
        today = self.today()
        records = self._material_records(plan, today)
        accepted_at = dt.datetime.combine(today, dt.datetime.now().time()).replace(microsecond=0)
        snapshot = take_snapshot(plan, self.catalog, records, accepted_at)
        self.state.step = "done"
        try:
            self.save()
            # materials, the snapshot of this plan and the move to queued: one transaction
            self.case = self.cases.confirm(self.case.id, records, snapshot, clerk=self.clerk)
        except StorageFull:  # a full disk: still a draft, kept in memory, confirmed again later
            self.state.step = "review"
            raise
        logger.info("case %s queued (applicant %s)", self.case.provisional_no,
                    mask_id_number(self.state.applicant_id_number))
        return self.case


    def _material_records(self, plan: Plan, today: dt.date) -> list[MaterialRecord]:
        """The checklist as it would be recorded at confirm (容缺 deadlines counted in
        working days from ``today``)."""
        assert self.state is not None
        records = []
        for m in plan.materials:
            st = self.state.materials.get(m.spec.id)
            deadline = (missing_deadline(plan, m.spec.id, today, self.calendar)
                        if st and st.accept_missing and not st.received else None)
            records.append(MaterialRecord(m.spec.id, m.spec.name, m.tag.value,
                                          bool(st and st.received), st.copies if st else 0,
                                          deadline, st.note if st else ""))
        return records

    def promised_date(self, plan: Plan | None = None) -> tuple[dt.date, dt.date | None]:
        """The promised date if confirmed today, with the checklist as it is: (date,
        the date it moved from because a 容缺 material may come later, or None).
        ``plan``: the current plan when the caller has it already."""
        plan = plan or self.plan()
        return due_after_missing(plan.due_date, self._material_records(plan, self.today()))


class IncompleteCase(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
