"""From the app's objects to the documents' data; the entry point; the layer rule;
the benchmark."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from window_client.core.case_state import CaseState
from window_client.core.engine import compute_plan
from window_client.documents import KINDS, DocumentCase, document_case_from, render
from window_client.devtools.document_bench import run as run_bench
from window_client.settings import Settings
from window_client.store.repository import CaseRecord

from .conftest import ACCEPTED, PLATFORM_NO

ROOT = Path(__file__).resolve().parents[2]


def bare_case(**changes) -> CaseRecord:
    fields = dict(id="c-1", provisional_no="W01-20261127-0009", window_code="W01",
                  one_thing_id="newborn", catalog_version="v", state=CaseState.DRAFT,
                  applicant_name=None, applicant_id_number=None, answers={}, form_values={},
                  revision=1, created_by="wangli", created_at=ACCEPTED, updated_at=ACCEPTED)
    fields.update(changes)
    return CaseRecord(**fields)


def test_case_numbers_and_applicants(doc_cases):
    short, long = doc_cases["short"], doc_cases["long"]
    assert short.platform_no is None and short.case_no == short.provisional_no
    assert short.provisional_no.startswith("W01-20261127-")
    assert long.case_no == PLATFORM_NO and long.provisional_no.startswith("W01-")
    assert long.applicant.is_company and long.applicant.credit_code == "91360702MA39XY1K27"
    assert long.applicant.legal_representative == "欧阳建国"
    assert long.agent is not None and long.agent.relation == "单位经办人"
    assert long.delivery.method == "post" and len(long.delivery.address) >= 120
    assert {o.status_label for o in long.outputs} == {"已办结,待领取"}
    assert all(o.status == "pending" for o in short.outputs)      # not numbered yet
    assert short.hall.enquiry_phone.startswith("12345")
    assert long.accepted_at == ACCEPTED and long.printed_at > ACCEPTED


def test_materials_carry_how_they_were_received(doc_cases):
    materials = {m.name: m for m in doc_cases["short"].materials}
    shared = materials["出生医学证明(第二联)"]
    assert shared.exempt and shared.how_received.startswith("办结事项共享免交")
    ids = materials["父母双方居民身份证"]
    assert ids.received and ids.copies == 2 and ids.form == "原件及复印件"
    photo = materials["新生儿近期免冠彩色照片(电子版)"]
    assert photo.missing_deadline == ACCEPTED.date() + dt.timedelta(days=7)
    assert photo.format == "电子" and photo in doc_cases["short"].still_needed


def test_a_draft_without_values_still_prints(catalog):
    """Missing values print as “—”; before confirmation the wizard's checklist in
    the case's meta says what was received."""
    one = catalog.definitions["newborn"]
    plan = compute_plan(one, catalog.dictionary, one.default_answers(), start=ACCEPTED.date())
    case = bare_case(meta={"materials": {"parents_id_cards": {"received": True, "copies": 3}}})
    doc = document_case_from(case, catalog, plan, Settings(), "王丽", None, ACCEPTED)
    assert doc.applicant.name == "" and doc.contact_phone == "" and doc.agent is None
    assert doc.delivery.method == "window"
    ids = next(m for m in doc.materials if m.name == "父母双方居民身份证")
    assert ids.received and ids.copies == 3
    for kind in ("receipt", "notice", "slip_a4", "slip_80mm"):
        assert render(kind, doc).startswith(b"%PDF-")


def test_render_refuses_unknown_kinds_and_wrong_data(doc_cases):
    assert KINDS == ("receipt", "notice", "slip_a4", "slip_80mm", "guide", "handover")
    with pytest.raises(ValueError, match="unknown document kind"):
        render("certificate", doc_cases["short"])
    with pytest.raises(TypeError, match="GuideData"):
        render("guide", doc_cases["short"])


def test_rendering_is_deterministic(doc_cases):
    case: DocumentCase = doc_cases["short"]
    assert render("receipt", case) == render("receipt", case)
    assert render("receipt", case) != render("receipt", replace(case, clerk_name="李强"))


def test_documents_import_neither_qt_nor_sqlalchemy():
    modules = sorted("window_client.documents." + p.stem
                     for p in (ROOT / "window_client" / "documents").glob("*.py")
                     if p.stem != "__init__")
    code = ("import sys\n" + "".join(f"import {m}\n" for m in modules)
            + "print('\\n'.join(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout
    loaded = {line.split(".")[0] for line in out.splitlines()}
    assert not loaded & {"PySide6", "shiboken6", "sqlalchemy", "requests"}


def test_bench_rows_set_ours_beside_a_baseline():
    rows = run_bench(repeat=1)
    assert [r[0] for r in rows][0] == "receipt, short case (ms)"
    assert any(name.endswith("(KB)") for name, *_ in rows)
    for _name, ours, baseline_name, baseline in rows:
        assert ours > 0 and baseline > 0 and baseline_name
