"""好差评: the citizen's rating of one stage of a case, checked and kept for sync.
A reason is kept only with a 1 or 2 (it opens a complaint to be followed up)."""

from __future__ import annotations

from window_client.core.issuance import evaluation_problem
from window_client.store.issuance_repository import EvaluationRecord, IssuanceRepository


class EvaluationRefused(ValueError):
    """A Chinese message for the citizen or the clerk."""


class Evaluations:
    def __init__(self, issuance: IssuanceRepository) -> None:
        self._issuance = issuance

    def record(self, case_id: str, stage: str, level: int, reason: str) -> EvaluationRecord:
        reason = (reason or "").strip()
        problem = evaluation_problem(level, reason)
        if problem:
            raise EvaluationRefused(problem)
        return self._issuance.evaluate(case_id, stage, level, reason if level <= 2 else "")
