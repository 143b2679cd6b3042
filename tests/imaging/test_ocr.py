"""The scan check with the real OCR engine (RapidOCR on onnxruntime, imaging/ocr.py)
on a small synthetic corpus (devtools/ocr_samples.py: 2 pages of each of 10 kinds,
1000 px wide, rotated, noisy, JPEG, plus an application form): every page filed as
its own material passes, every page filed as another kind's material warns, and an
ID number of somebody else warns. The full corpus is the benchmark's (make bench).
Also: the engine reads with the network unreachable, its models are inside the
package (and the build ships them), and the cv2 it runs on is the headless one
(the GUI build's Qt 5 would break PySide6)."""

import importlib.metadata
import importlib.util
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from window_client.devtools import ocr_bench
from window_client.devtools.ocr_samples import KINDS, corpus, sample
from window_client.imaging.ocr import RapidOcrReader

ROOT = Path(__file__).resolve().parents[2]
WIDTH = 1000


@pytest.fixture
def reader():
    return RapidOcrReader()


def test_every_kind_is_told_from_the_others(reader, catalog):
    pages = corpus(2, WIDTH) + ocr_bench.wrong_pages(WIDTH)
    result = ocr_bench.evaluate(reader, catalog.material_cues, pages)
    assert result.pages == 2 * len(KINDS) + 1 and len(KINDS) >= 8
    assert result.misses == []
    assert result.kind.fp == 0 and result.kind.fn == 0
    assert result.kind.tp == result.pages          # each page filed wrongly once
    assert result.kind.tn == result.pages - 1 - 2  # its own material (divorce, form: none)
    assert result.ids.fp == 0 and result.ids.fn == 0 and result.ids.tp > 10
    # the benchmark's rows of the same run (one test: xdist may split a module, and
    # the OCR of the corpus is the slow part)
    rows = ocr_bench.rows(result, WIDTH)
    assert [r[0] for r in rows][1:] == [
        "scan check precision: wrong kind (%)", "scan check recall: wrong kind (%)",
        "ID number check precision (%)", "ID number check recall (%)"]
    assert all(r[1] == 100.0 for r in rows[1:])
    assert "21 pages" in rows[0][0] and rows[0][1] > rows[0][3] > 0   # OCR beside a decode


def test_the_engine_reads_with_no_network(monkeypatch):
    def refused(*_a, **_k):
        raise OSError("no network in this test")
    monkeypatch.setattr(socket.socket, "connect", refused)
    monkeypatch.setattr(socket, "create_connection", refused)
    fresh = RapidOcrReader()   # models loaded now, with the network refused
    text = fresh.read(sample("business_licence", seed=5, width=WIDTH).jpeg)
    assert "营业执照" in text and "统一社会信用代码" in text


def test_the_models_are_inside_the_package_and_the_build_ships_them():
    package = Path(importlib.util.find_spec("rapidocr_onnxruntime").origin).parent
    models = sorted(p.name for p in (package / "models").glob("*.onnx"))
    assert models == ["ch_PP-OCRv4_det_infer.onnx", "ch_PP-OCRv4_rec_infer.onnx",
                      "ch_ppocr_mobile_v2.0_cls_infer.onnx"]
    from PyInstaller.utils.hooks import collect_data_files
    shipped = {Path(src).name for src, _dest in collect_data_files("rapidocr_onnxruntime")}
    assert set(models) | {"config.yaml"} <= shipped
    spec = (ROOT / "installer" / "window_client.spec").read_text(encoding="utf-8")
    assert 'OCR_PACKAGE = "rapidocr_onnxruntime"' in spec
    assert "datas += collect_data_files(OCR_PACKAGE)" in spec
    assert "collect_submodules(OCR_PACKAGE)" in spec


def test_setup_and_the_build_install_the_same_engine():
    setup = (ROOT / "tools" / "setup.sh").read_text(encoding="utf-8")
    build = (ROOT / "installer" / "build.py").read_text(encoding="utf-8")
    pin = importlib.metadata.version("rapidocr-onnxruntime")
    assert f'RAPIDOCR="rapidocr-onnxruntime=={pin}"' in setup
    assert f'RAPIDOCR_REQ = "rapidocr-onnxruntime=={pin}"' in build
    assert 'pip install -q --no-deps "$RAPIDOCR"' in setup


def test_cv2_is_the_headless_build_and_leaves_qt_alone():
    with pytest.raises(importlib.metadata.PackageNotFoundError):
        importlib.metadata.version("opencv-python")
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_QPA_")}
    probe = subprocess.run(
        [sys.executable, "-c", "import os, cv2, rapidocr_onnxruntime; "
         "print([k for k in os.environ if k.startswith('QT_QPA_')])"],
        capture_output=True, text=True, env=env, timeout=120)
    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == "[]"
