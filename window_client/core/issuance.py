"""The issuance counter's rules (统一出件): who may collect, what can be handed
over, and what a postal delivery needs. Each refusal says why, in Chinese."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from . import validators as v
from .case_state import HANDED_OVER, OutputStatus

EVALUATION_LEVELS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
_EMS_RE = re.compile(r"^(?:[A-Z]{2}[0-9]{9}[A-Z]{2}|[0-9]{13})$")


class IssuanceRefused(ValueError):
    """A handover the rules refuse, with a Chinese reason for the hall manager."""


@dataclass(frozen=True)
class Collector:
    role: str            # "applicant" | "agent"
    name: str
    id_number: str
    authorisation_checked: bool = False  # agent: the authorisation was seen and kept


def collector_problem(collector: Collector, applicant_id_numbers: set[str]) -> str | None:
    """Why this person may not collect (None when they may). ``applicant_id_numbers``
    are the ID numbers on the case that count as the applicant (the person, or a
    company's legal representative)."""
    if not collector.name.strip():
        return "请填写领取人姓名"
    check = v.resident_id(collector.id_number)
    if not check.ok:
        return f"领取人身份证号码有误:{check.error}"
    number = check.value
    if collector.role == "applicant":
        if number not in applicant_id_numbers:
            return "领取人身份证号码与申请人不一致,不能以申请人本人身份领取;如为代领,请选择“代办人”并核验授权委托书"
        return None
    if collector.role == "agent":
        if not collector.authorisation_checked:
            return "代办人领取须核验并留存申请人签署的授权委托书"
        return None
    return "请选择领取人身份"


def outputs_problem(selected: list[str], statuses: Mapping[str, str]) -> str | None:
    """Only results that are ready can be handed over, each once."""
    if not selected:
        return "请选择要发放的证照或文书"
    for output_id in selected:
        status = statuses.get(output_id)
        if status in HANDED_OVER:
            return f"“{output_id}”已发放,不能重复发放"
        if status != OutputStatus.READY:
            return f"“{output_id}”尚未办结,暂不能发放"
    return None


def postal_problem(tracking_no: str, address: str) -> str | None:
    if not _EMS_RE.match((tracking_no or "").strip().upper()):
        return "EMS邮件号应为13位数字,或2位字母+9位数字+2位字母(如EA123456789CN)"
    if len((address or "").strip()) < 6:
        return "请填写完整的邮寄地址"
    return None


def evaluation_problem(level: int, reason: str) -> str | None:
    if level not in EVALUATION_LEVELS:
        return "请选择评价等级"
    if level <= 2 and not (reason or "").strip():
        return "评价为“不满意”或“非常不满意”时,请填写原因,以便跟进整改"
    return None
