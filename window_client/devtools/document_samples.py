"""Realistic sample data for the benchmark and tools/render_documents.py: a short
case (新生儿出生, default answers) and a long one (企业开办 through an agent, every
item, a 120-character address), built through ``document_case_from`` from the real
catalog and plan — with a stand-in for the stored case, so this package still
needs no database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from collections.abc import Mapping

from window_client.core.catalog import Catalog
from window_client.core.engine import Plan, compute_plan
from window_client.settings import Settings

from window_client.documents.data import (DocOutput, DocumentCase, GuideData, HandoverData,
                                          guide_data_from, hall_info)
from window_client.documents.from_case import document_case_from

NOW = dt.datetime(2026, 11, 27, 9, 42)

LONG_ADDRESS = ("江西省赣州市章贡区赣江源大道与长征大道交汇处东南侧赣州国际企业中心"
                "三号楼第十七层一七零八室至一七一二室(自编号B区综合服务楼东侧二单元,"
                "靠近市民服务广场地下停车场三号入口旁电梯直达),另设仓储场所于赣州经济"
                "技术开发区金岭西路以南、华坚北路以东赣州综合保税区内标准厂房第四栋二层")
assert len(LONG_ADDRESS) >= 120


@dataclass(frozen=True)
class SampleMaterial:
    material_id: str
    name: str
    tag: str
    received: bool = False
    copies: int = 0
    missing_deadline: dt.date | None = None


@dataclass(frozen=True)
class SampleOutput:
    """Has what is read of ``store.sync_repository.OutputRecord``."""
    output_id: str
    item_code: str
    name: str
    status: str


@dataclass(frozen=True)
class SampleCase:
    """Has what ``document_case_from`` reads of a stored case."""
    provisional_no: str
    platform_no: str | None
    applicant_name: str | None
    applicant_id_number: str | None
    answers: Mapping[str, Any]
    form_values: Mapping[str, Any]
    materials: tuple[SampleMaterial, ...] = ()
    meta: Mapping[str, Any] = field(default_factory=dict)


SHORT_VALUES = {
    "applicant.name": "李娜", "applicant.id_number": "360702199203154522",
    "applicant.address": "江西省赣州市章贡区文清路62号3栋2单元501室",
    "contact.mobile": "13907971234", "child.name": "王子涵", "delivery.method": "window",
}
LONG_VALUES = {
    "company.name": "赣州市章贡区绿源生态农业科技发展有限公司",
    "company.uscc": "91360702MA39XY1K27", "company.address": LONG_ADDRESS,
    "applicant.name": "欧阳建国", "applicant.id_number": "360702197805120312",
    "contact.mobile": "13870701234", "agent.name": "刘晓梅",
    "agent.id_number": "360721199508080025", "agent.mobile": "18979701234",
    "agent.relation": "staff", "delivery.method": "post", "delivery.recipient": "刘晓梅",
    "delivery.phone": "18979701234", "delivery.address": LONG_ADDRESS,
}
LONG_ANSWERS = {"applicant_role": "agent", "taxpayer_type": "general",
                "invoice_kinds": ["general", "special"], "import_export": True,
                "delivery_choice": "post"}


def _records(plan: Plan, accepted: dt.date) -> tuple[SampleMaterial, ...]:
    out = []
    for m in plan.materials:
        if m.tag.value == "may_be_missing":
            out.append(SampleMaterial(m.spec.id, m.spec.name, m.tag.value, False, 0,
                                      accepted + dt.timedelta(days=7)))
        else:
            out.append(SampleMaterial(m.spec.id, m.spec.name, m.tag.value, m.to_hand_in,
                                      m.spec.copies + (1 if m.spec.form.value ==
                                                       "original_and_copy" else 0)))
    return tuple(out)


def sample_case(catalog: Catalog, long: bool = False, *, platform_no: str | None = None,
                settings: Settings | None = None) -> DocumentCase:
    """The short or the long sample. With a platform number the platform has
    reported the results: they are ready for collection."""
    settings = settings or Settings()
    one = catalog.definitions["company_setup" if long else "newborn"]
    answers = {**one.default_answers(), **(LONG_ANSWERS if long else {})}
    plan = compute_plan(one, catalog.dictionary, answers, start=NOW.date(), via_agent=long)
    values = LONG_VALUES if long else SHORT_VALUES
    case = SampleCase(provisional_no=f"W01-{NOW:%Y%m%d}-{12 if long else 7:04d}",
                      platform_no=platform_no,
                      applicant_name=values.get("company.name") or values["applicant.name"],
                      applicant_id_number=values.get("company.uscc")
                      or values["applicant.id_number"],
                      answers=answers, form_values=values,
                      materials=_records(plan, NOW.date()),
                      meta={"applicant_kind": one.applicant_kind.value, "via_agent": long})
    outputs = None
    if platform_no:
        outputs = [SampleOutput(o.id, i.code, o.name, "ready") for i in plan.items
                   for o in i.outputs]
    return document_case_from(case, catalog, plan, settings, "王丽", outputs, NOW)


def sample_guide(catalog: Catalog, one_thing_id: str = "newborn") -> GuideData:
    one = catalog.definitions[one_thing_id]
    plan = compute_plan(one, catalog.dictionary, one.default_answers(), start=NOW.date())
    return guide_data_from(one, plan, catalog, Settings(), NOW)


def sample_handover(case: DocumentCase, *, post: bool = False) -> HandoverData:
    agent = case.agent
    return HandoverData(
        provisional_no=case.provisional_no, platform_no=case.platform_no,
        one_thing_name=case.one_thing_name, applicant_name=case.applicant.name,
        outputs=tuple(DocOutput(o.name, "posted" if post else "issued", o.item_name)
                      for o in case.outputs),
        collector_name=agent.name if agent else case.applicant.name,
        collector_id_number=agent.id_number if agent else case.applicant.id_number,
        role="agent" if agent else "applicant", method="post" if post else "window",
        handed_over_at=NOW + dt.timedelta(days=5, hours=5), manager_name="陈志强",
        hall=hall_info(Settings()), tracking_no="1180623456789" if post else "",
        address=case.delivery.address if post else "")
