"""The citizen's screen's only calls: it shows the case and can confirm the summary,
sign and rate, nothing else. The window's clerk may confirm for the citizen with a
key after asking aloud; which way was used is kept in the case.

A confirmation holds only for the summary confirmed (``CaseView.digest``): when the
clerk changes anything after it, the citizen must confirm again. A signature is
checked (core/signature.py), stored encrypted like the scans in the case's folder,
and drawn on the receipt (purpose ``acceptance``) or the handover record (purpose
``handover:<issuance id>``).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from window_client.core import messages
from window_client.core.acceptance import Problem
from window_client.core.citizen_view import CaseView, case_view
from window_client.core.labels import CITIZEN_CONFIRMATION_LABEL, CONFIRMATION_METHOD_LABELS
from window_client.core.signature import Signature, SignatureDamaged, SignatureRefused
from window_client.store.issuance_repository import EvaluationRecord
from window_client.store.repository import CaseRepository

from .acceptance import AcceptanceSession
from .evaluations import Evaluations

logger = logging.getLogger(__name__)

ACCEPTANCE = "acceptance"
METHODS = tuple(CONFIRMATION_METHOD_LABELS)   # touch, clerk_key


def handover_purpose(issuance_id: str) -> str:
    return f"handover:{issuance_id}"


class CitizenDesk:
    def __init__(self, cases: CaseRepository, evaluations: Evaluations, *, files_dir: Path,
                 clerk: str, now: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        self.cases, self.evaluations = cases, evaluations
        self.files_dir, self.clerk, self.now = files_dir, clerk, now

    # -- what the screen shows -----------------------------------------------------
    def view(self, session: AcceptanceSession) -> CaseView:
        assert session.state is not None and session.case is not None
        plan = session.plan()
        due, _moved = session.promised_date(plan)
        deps = {i.department: session.catalog.department_name(i.department)
                for i in plan.items}
        return case_view(plan, session.state, provisional_no=session.case.provisional_no,
                         promised_date=due, department_name=deps)

    # -- confirmation ------------------------------------------------------------
    def confirm(self, session: AcceptanceSession, method: str) -> CaseView:
        """The citizen confirmed the summary they see (``touch``), or the clerk did
        after asking aloud (``clerk_key``): kept in the draft with the summary's
        digest, and saved."""
        if method not in METHODS:
            raise ValueError(method)
        assert session.state is not None
        view = self.view(session)
        session.state.citizen["confirmation"] = {
            "method": method, "digest": view.digest,
            "at": self.now().isoformat(timespec="seconds"), "clerk": self.clerk}
        session.save()
        logger.info("case %s: summary confirmed (%s)", session.case and session.case.provisional_no,
                    method)
        return view

    def confirmation(self, session: AcceptanceSession) -> dict[str, Any] | None:
        assert session.state is not None
        return session.state.citizen.get("confirmation")

    def is_confirmed(self, session: AcceptanceSession) -> bool:
        done = self.confirmation(session)
        return done is not None and done.get("digest") == self.view(session).digest

    def problems(self, session: AcceptanceSession) -> list[Problem]:
        """What stops the confirm while the citizen's screen is on: no confirmation,
        or one of a summary that changed since."""
        done = self.confirmation(session)
        if done and done.get("digest") == self.view(session).digest:
            return []
        message = messages.CITIZEN_CONFIRMATION_STALE if done else messages.CITIZEN_NOT_CONFIRMED
        return [Problem("citizen.confirmation", CITIZEN_CONFIRMATION_LABEL,
                        CITIZEN_CONFIRMATION_LABEL, message)]

    # -- signatures ------------------------------------------------------------------
    def sign(self, session: AcceptanceSession, signature: Signature) -> None:
        """The applicant's signature for the receipt: refused (SignatureRefused with
        the message for the citizen) when it is not one; else stored encrypted and
        noted in the draft."""
        assert session.state is not None and session.case is not None
        self._store(session.case.id, ACCEPTANCE, signature)
        session.state.citizen["signature"] = {
            "purpose": ACCEPTANCE, "strokes": len(signature.counted_strokes()),
            "at": self.now().isoformat(timespec="seconds")}
        session.save()

    def sign_handover(self, case_id: str, issuance_id: str, signature: Signature) -> None:
        """The collector's signature for the handover record of ``issuance_id``."""
        self._store(case_id, handover_purpose(issuance_id), signature)

    def _store(self, case_id: str, purpose: str, signature: Signature) -> None:
        problem = signature.problem()
        if problem:
            raise SignatureRefused(problem)
        self.cases.write_signature(case_id, purpose, signature.to_json(),
                                   files_dir=self.files_dir, clerk=self.clerk)
        logger.info("signature stored for case %s (%s, %d strokes)", case_id, purpose,
                    len(signature.counted_strokes()))

    def signature(self, case_id: str, purpose: str = ACCEPTANCE) -> Signature | None:
        data = self.cases.read_signature(case_id, purpose, files_dir=self.files_dir)
        if data is None:
            return None
        try:
            return Signature.from_json(data)
        except SignatureDamaged:
            logger.warning("signature of case %s (%s) unreadable", case_id, purpose)
            return None

    def signature_png(self, case_id: str, purpose: str = ACCEPTANCE) -> bytes | None:
        """The signature drawn for the printed papers, or None."""
        sig = self.signature(case_id, purpose)
        if sig is None:
            return None
        from window_client.imaging.signature import render_png   # Pillow, at print time
        return render_png(sig)

    # -- 好差评 -------------------------------------------------------------------------
    def rate(self, case_id: str, stage: str, level: int, reason: str) -> EvaluationRecord:
        """The citizen's rating from their screen (EvaluationRefused: the message)."""
        return self.evaluations.record(case_id, stage, level, reason)
