"""Two real cases, stored through CaseRepository on SQLite and planned by the engine
from the real catalog: a short one (新生儿出生, default answers, provisional number
only) and a long one (企业开办 through an agent, every item, a 138-character
address, platform number known). Every document of both is rendered once per
session, rasterised with pdftoppm at 150 dpi and read back with pdftotext."""

from __future__ import annotations

import datetime as dt
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from window_client.core.case_state import CaseState
from window_client.core.engine import compute_plan
from window_client.documents import (DocOutput, DocumentCase, HandoverData, document_case_from,
                                     guide_data_from, render)
from window_client.devtools.document_samples import LONG_ANSWERS, LONG_VALUES, SHORT_VALUES
from window_client.settings import Settings
from window_client.store.db import open_database
from window_client.store.repository import CaseRepository, MaterialRecord
from window_client.store.sync_repository import OutputRecord

ACCEPTED = dt.datetime(2026, 11, 27, 9, 42)
PLATFORM_NO = "GZ2026112700031"
REFUSAL = ("企业名称未通过自主申报,与已登记企业名称近似", "住所租赁合同未载明房屋用途")


@dataclass(frozen=True)
class Rendered:
    kind: str
    case: str
    path: Path
    pdf: bytes
    pngs: tuple[Path, ...]
    layout: str          # pdftotext -layout
    raw: str             # pdftotext -raw (content order: a wrapped cell stays together)

    @property
    def flat(self) -> str:
        """The raw text without any whitespace, for phrases that wrap."""
        return "".join(self.raw.split())


def _store_case(repo: CaseRepository, catalog, one_id: str, answers: dict, values: dict,
                via_agent: bool, platform_no: str | None):
    one = catalog.definitions[one_id]
    plan = compute_plan(one, catalog.dictionary, answers, start=ACCEPTED.date(),
                        via_agent=via_agent)
    case = repo.create_draft(window_code="W01", one_thing_id=one_id,
                             catalog_version=catalog.version, clerk="wangli")
    repo.save_draft(case.id, clerk="wangli", answers=answers, form_values=values,
                    applicant_name=values.get("company.name") or values["applicant.name"],
                    applicant_id_number=values.get("company.uscc")
                    or values["applicant.id_number"],
                    meta={"applicant_kind": one.applicant_kind.value, "via_agent": via_agent})
    records = []
    for m in plan.materials:
        if m.tag.value == "may_be_missing":
            records.append(MaterialRecord(m.spec.id, m.spec.name, m.tag.value, False, 0,
                                          ACCEPTED.date() + dt.timedelta(days=7)))
        else:
            records.append(MaterialRecord(m.spec.id, m.spec.name, m.tag.value, m.to_hand_in,
                                          2 if m.to_hand_in else 0))
    repo.set_materials(case.id, records, clerk="wangli")
    stored = repo.transition(case.id, CaseState.QUEUED, clerk="wangli")
    if platform_no:
        stored = repo.transition(case.id, CaseState.SUBMITTED, clerk="sync",
                                 platform_no=platform_no)
    return stored, plan


@pytest.fixture(scope="session")
def doc_cases(catalog, tmp_path_factory) -> dict[str, DocumentCase]:
    repo = CaseRepository(open_database(tmp_path_factory.mktemp("db") / "cases.sqlite3"),
                          clock=lambda: ACCEPTED)
    settings = Settings()
    newborn = catalog.definitions["newborn"]
    short, short_plan = _store_case(repo, catalog, "newborn", newborn.default_answers(),
                                    SHORT_VALUES, False, None)
    company = catalog.definitions["company_setup"]
    long, long_plan = _store_case(repo, catalog, "company_setup",
                                  {**company.default_answers(), **LONG_ANSWERS}, LONG_VALUES,
                                  True, PLATFORM_NO)
    outputs = [OutputRecord(o.id, i.code, o.name, "ready") for i in long_plan.items
               for o in i.outputs]
    return {
        "short": document_case_from(short, catalog, short_plan, settings, "王丽", None, ACCEPTED),
        "long": document_case_from(long, catalog, long_plan, settings, "王丽", outputs,
                                   ACCEPTED + dt.timedelta(minutes=5), accepted_at=ACCEPTED),
    }


def handover_of(case: DocumentCase) -> HandoverData:
    agent = case.agent
    post = case.delivery.method == "post"
    return HandoverData(
        provisional_no=case.provisional_no, platform_no=case.platform_no,
        one_thing_name=case.one_thing_name, applicant_name=case.applicant.name,
        outputs=tuple(DocOutput(o.name, "issued", o.item_name) for o in case.outputs),
        collector_name=agent.name if agent else case.applicant.name,
        collector_id_number=agent.id_number if agent else case.applicant.id_number,
        role="agent" if agent else "applicant", method=case.delivery.method,
        handed_over_at=ACCEPTED + dt.timedelta(days=3), manager_name="陈志强",
        hall=case.hall, tracking_no="1180623456789" if post else "",
        address=case.delivery.address if post else "")


def _guide(catalog, one_id: str):
    one = catalog.definitions[one_id]
    plan = compute_plan(one, catalog.dictionary, one.default_answers(), start=ACCEPTED.date())
    return guide_data_from(one, plan, catalog, Settings(), ACCEPTED)


def _rasterise(kind: str, case_name: str, pdf: bytes, out_dir: Path) -> Rendered:
    stem = out_dir / f"{kind}_{case_name}"
    path = stem.with_suffix(".pdf")
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(path), str(stem)], check=True)
    layout = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                            capture_output=True, text=True).stdout
    raw = subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    pngs = tuple(sorted(out_dir.glob(f"{stem.name}-*.png"),
                        key=lambda p: int(p.stem.rsplit("-", 1)[1])))
    return Rendered(kind, case_name, path, pdf, pngs, layout, raw)


@pytest.fixture(scope="session")
def rendered(doc_cases, catalog, tmp_path_factory) -> dict[tuple[str, str], Rendered]:
    """(kind, case) → Rendered, for every kind and both cases, plus a reprinted
    receipt ("receipt+reprint") and a refusal notice ("notice+refusal")."""
    out_dir = tmp_path_factory.mktemp("documents")
    pdfs = []   # rendered here, in this thread: reportlab keeps global state
    for name, case in doc_cases.items():
        for kind in ("receipt", "notice", "slip_a4", "slip_80mm"):
            pdfs.append((kind, name, render(kind, case)))
        pdfs.append(("handover", name, render("handover", handover_of(case))))
        guide = _guide(catalog, "newborn" if name == "short" else "company_setup")
        pdfs.append(("guide", name, render("guide", guide)))
    pdfs.append(("receipt+reprint", "short", render("receipt", doc_cases["short"], reprint=True)))
    pdfs.append(("notice+refusal", "long",
                 render("notice", replace(doc_cases["long"], refusal_reasons=REFUSAL))))
    with ThreadPoolExecutor(max_workers=4) as pool:   # the poppler tools in parallel
        results = list(pool.map(lambda job: _rasterise(*job, out_dir), pdfs))
    return {(r.kind, r.case): r for r in results}
