"""The issuance counter's rules (统一出件): who may collect, what can be handed
over, and what a postal delivery needs. Each refusal says why, in Chinese."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from . import labels, messages
from . import validators as v
from .case_state import HANDED_OVER, OutputStatus

EVALUATION_LEVELS = labels.EVALUATION_LEVEL_LABELS
_EMS_RE = re.compile(r"^(?:[A-Z]{2}[0-9]{9}[A-Z]{2}|[0-9]{13})$")


class IssuanceRefused(ValueError):
    """A handover the rules refuse, with a Chinese reason for the hall manager."""


@dataclass(frozen=True)
class Collector:
    role: str            # "applicant" | "agent"
    name: str
    id_number: str
    authorisation_checked: bool = False  # agent: the authorisation was seen and kept
    id_source: str = "typed"             # id_card: read from the card; typed: by hand


def collector_problem(collector: Collector, applicant_id_numbers: set[str]) -> str | None:
    """Why this person may not collect (None when they may). ``applicant_id_numbers``
    are the ID numbers on the case that count as the applicant (the person, or a
    company's legal representative)."""
    if not collector.name.strip():
        return messages.COLLECTOR_NAME_REQUIRED
    check = v.resident_id(collector.id_number)
    if not check.ok:
        return messages.COLLECTOR_ID_INVALID.format(error=check.error)
    number = check.value
    if collector.role == "applicant":
        if number not in applicant_id_numbers:
            return messages.COLLECTOR_NOT_APPLICANT
        return None
    if collector.role == "agent":
        if not collector.authorisation_checked:
            return messages.AGENT_AUTHORISATION_UNCHECKED
        return None
    return messages.COLLECTOR_ROLE_REQUIRED


def outputs_problem(selected: list[str], statuses: Mapping[str, str]) -> str | None:
    """Only results that are ready can be handed over, each once."""
    if not selected:
        return messages.OUTPUTS_NONE_SELECTED
    for output_id in selected:
        status = statuses.get(output_id)
        if status in HANDED_OVER:
            return messages.OUTPUT_ALREADY_ISSUED.format(output=output_id)
        if status != OutputStatus.READY:
            return messages.OUTPUT_NOT_READY.format(output=output_id)
    return None


def postal_problem(tracking_no: str, address: str) -> str | None:
    if not _EMS_RE.match((tracking_no or "").strip().upper()):
        return messages.EMS_TRACKING_NO_FORMAT
    if len((address or "").strip()) < 6:
        return messages.POSTAL_ADDRESS_INCOMPLETE
    return None


def evaluation_problem(level: int, reason: str) -> str | None:
    if level not in EVALUATION_LEVELS:
        return messages.EVALUATION_LEVEL_REQUIRED
    if level <= 2 and not (reason or "").strip():
        return messages.EVALUATION_REASON_REQUIRED
    return None
