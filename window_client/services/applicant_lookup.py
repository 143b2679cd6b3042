"""Asking the platform what it knows about an applicant: the e-licences held (which
make materials exempt) and shared data for prefill. Called off the UI thread; any
failure means "offline for now" — the materials stay 待核验 and sync re-checks."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from window_client.platform.client import PlatformClient
from window_client.platform.errors import PlatformError

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ApplicantData:
    online: bool
    licences: frozenset[str] = frozenset()
    shared: dict[str, str] = field(default_factory=dict)
    error: str = ""


def look_up(client: PlatformClient, id_number: str) -> ApplicantData:
    try:
        held = client.licences(id_number)
        shared = client.shared_data(id_number)
    except PlatformError as exc:
        return ApplicantData(False, error=exc.describe())
    return ApplicantData(True, frozenset(lic.type for lic in held.licences), dict(shared.values))
