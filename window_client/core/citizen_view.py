"""What the citizen's screen shows, in step with the clerk: plain, read-only views
built from the acceptance session's plan and state. No business rule lives on the
citizen's screen; it draws these and can only confirm, sign and rate through
services/citizen.py.

Personal data is masked here once for every screen facing the hall: ID numbers keep
the first 6 and last 4 digits (what the citizen checks against their card), phones
the first 3 and last 4, bank accounts the last 4. Names and addresses are shown in
full: the citizen must be able to check them.

``digest`` is a hash of everything the citizen is asked to confirm: a confirmation
counts only while the summary is the one confirmed (services/citizen.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass

from . import labels
from .acceptance import AcceptanceState
from .dictionary import MaskRule
from .engine import EXEMPT_TAGS, Plan
from .masking import mask, mask_id_number, mask_phone

#: what the citizen's screen masks; names and addresses stay readable for the check
SCREEN_MASKS = frozenset({MaskRule.ID_NUMBER, MaskRule.PHONE, MaskRule.ACCOUNT})


@dataclass(frozen=True)
class WaitingView:
    hall_name: str
    window_label: str
    clerk_name: str
    job_number: str     # the clerk's account name, shown as 工号


@dataclass(frozen=True)
class CitizenItem:
    name: str
    department: str
    outputs: tuple[str, ...]    # what the citizen will get from it


@dataclass(frozen=True)
class ExemptMaterial:
    name: str
    reason: str          # 电子证照免交 / 网络核验免交 / 办结事项共享免交, with the detail


@dataclass(frozen=True)
class SummarySection:
    title: str
    rows: tuple[tuple[str, str], ...]   # (label, value as shown, masked)


@dataclass(frozen=True)
class CaseView:
    one_thing_name: str
    provisional_no: str
    items: tuple[CitizenItem, ...]
    exempt: tuple[ExemptMaterial, ...]
    to_hand_in: tuple[str, ...]
    promised_date: dt.date
    summary: tuple[SummarySection, ...]

    @property
    def outputs(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(o for i in self.items for o in i.outputs))

    @property
    def digest(self) -> str:
        """What the citizen confirms: the items, the materials and the summary."""
        raw = json.dumps([self.one_thing_name, self.provisional_no,
                          [(i.name, i.outputs) for i in self.items],
                          [(m.name, m.reason) for m in self.exempt], self.to_hand_in,
                          [(s.title, s.rows) for s in self.summary]],
                         ensure_ascii=False)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _shown(value: str, rule: MaskRule) -> str:
    return mask(value, rule) if rule in SCREEN_MASKS else value


def case_view(plan: Plan, state: AcceptanceState, *, provisional_no: str,
              promised_date: dt.date,
              department_name: Mapping[str, str] | None = None) -> CaseView:
    """The case as the citizen sees it now (``department_name``: id → full name)."""
    deps = department_name or {}
    items = tuple(CitizenItem(i.name, deps.get(i.department, i.department),
                              tuple(o.name for o in i.outputs)) for i in plan.items)
    exempt = tuple(ExemptMaterial(m.spec.name, labels.TAG_LABELS[m.tag]
                                  + (f"({m.detail})" if m.detail else ""))
                   for m in plan.materials if m.tag in EXEMPT_TAGS)
    hand_in = tuple(m.spec.name for m in plan.materials if m.to_hand_in)
    values = state.values
    people = [(labels.CITIZEN_ROLE_APPLICANT, state.applicant_name,
               state.applicant_id_number, values.get("contact.mobile"))]
    if state.via_agent:
        people.append((labels.CITIZEN_ROLE_AGENT, values.get("agent.name"),
                       values.get("agent.id_number"), values.get("agent.mobile")))
    rows: list[tuple[str, str]] = []
    for role, name, number, phone in people:
        rows.append((f"{role}{labels.CITIZEN_FIELD_NAME}", name or ""))
        rows.append((f"{role}{labels.CITIZEN_FIELD_ID}", mask_id_number(number)))
        if phone:
            rows.append((f"{role}{labels.CITIZEN_FIELD_PHONE}", mask_phone(phone)))
    sections = [SummarySection(labels.CITIZEN_SUMMARY_PEOPLE, tuple(rows))]
    shown_people = {"applicant.name", "applicant.id_number", "contact.mobile",
                    "agent.name", "agent.id_number", "agent.mobile", "company.name",
                    "company.uscc"}
    for section in plan.form:
        out = []
        for f in section.fields:
            value = values.get(f.key, "")
            if not value or f.key in shown_people:
                continue
            options = {o.value: o.label for o in f.entry.options}
            out.append((f.entry.label, options.get(value) or _shown(value, f.entry.mask)))
        if out:
            sections.append(SummarySection(section.section.label, tuple(out)))
    return CaseView(plan.one_thing.name, provisional_no, items, exempt, hand_in,
                    promised_date, tuple(sections))
