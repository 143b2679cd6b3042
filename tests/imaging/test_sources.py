"""Scanning sources with real files: the clerk's file import (content decides,
PDF pages counted), the hot folder a network scanner writes into (writer
threads, files written slowly, renamed from a temporary name, paused half-way),
and SANE's answer where python-sane is missing (the scans themselves: test_sane.py)."""

import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from window_client.devtools import image_samples as samples
from window_client.imaging.hot_folder import HotFolderSource, looks_complete
from window_client.imaging.pages import MaterialPages
from window_client.imaging.pipeline import process_page
from window_client.imaging.sources import (FileImportSource, SaneSource, UnsupportedFile,
                                           inspect_file)

SETTLE = 0.3


@pytest.fixture(scope="module")
def small_jpeg(a4_page):
    return samples.camera_jpeg(a4_page.resize((827, 1170)), 6, quality=85)


@pytest.fixture(scope="module")
def two_page_pdf(a4_pages):
    m = MaterialPages()
    for p in a4_pages[:2]:
        m.add(samples.scan(p.resize((827, 1170)), fmt="JPEG"))
    return m.to_pdf()


def wait_until(predicate, timeout=5.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


# -- file import ---------------------------------------------------------------
def test_file_import_accepts_jpeg_png_pdf(tmp_path, small_jpeg, two_page_pdf, a4_page):
    jpg = tmp_path / "身份证.jpg"
    jpg.write_bytes(small_jpeg)
    png = tmp_path / "户口簿.JPG"  # a PNG under a JPEG name: the content decides
    a4_page.resize((413, 585)).save(png, "PNG")
    pdf = tmp_path / "合同.pdf"
    pdf.write_bytes(two_page_pdf)
    source = FileImportSource([jpg, png, pdf])
    assert source.available()
    assert source.acquire() == [jpg, png, pdf]
    kinds = [(f.kind, f.format, f.pages) for f in source.imported]
    assert kinds == [("image", "JPEG", 1), ("image", "PNG", 1), ("pdf", "PDF", 2)]
    # the images go on through the pipeline, upright
    page = process_page(source.acquire()[0])
    assert page.height > page.width


@pytest.mark.parametrize("name,content,message", [
    ("说明.txt", b"\xe8\xaf\xb4\xe6\x98\x8e plain text", "不支持的文件类型:说明.txt"),
    ("申请.docx", None, "不支持的文件类型:申请.docx"),
    ("照片.jpg", b"", "文件是空的:照片.jpg"),
    ("坏.pdf", b"%PDF-1.7\n garbage without objects", "PDF 已损坏或设有密码"),
])
def test_file_import_refuses_with_a_chinese_message(tmp_path, small_jpeg, name, content,
                                                    message):
    bad = tmp_path / name
    if content is None:
        with zipfile.ZipFile(bad, "w") as z:
            z.writestr("word/document.xml", "<w:document/>")
    else:
        bad.write_bytes(content)
    good = tmp_path / "ok.jpg"
    good.write_bytes(small_jpeg)
    source = FileImportSource([good, bad])
    with pytest.raises(UnsupportedFile) as err:
        source.acquire()
    assert message in str(err.value)
    assert source.imported == []  # nothing half-imported


def test_file_import_other_refusals(tmp_path):
    assert "未选择文件" in FileImportSource([]).available().reason
    with pytest.raises(UnsupportedFile, match="找不到文件:gone.png"):
        inspect_file(tmp_path / "gone.png")
    gif = tmp_path / "anim.gif"
    Image.new("RGB", (10, 10)).save(gif, "GIF")
    with pytest.raises(UnsupportedFile, match="不支持的图片格式 GIF"):
        inspect_file(gif)


# -- hot folder ----------------------------------------------------------------
class Recorder:
    """Callback that notes each path with its size at the moment it was reported."""

    def __init__(self):
        self.calls: list[tuple[str, int, float]] = []

    def __call__(self, path: Path) -> None:
        self.calls.append((path.name, path.stat().st_size, time.monotonic()))

    def names(self):
        return [c[0] for c in self.calls]


def test_hot_folder_reports_new_complete_files_once(tmp_path, small_jpeg, two_page_pdf):
    (tmp_path / "before.jpg").write_bytes(small_jpeg)  # there before: left alone
    rec = Recorder()
    with HotFolderSource(tmp_path, rec, settle_s=SETTLE, poll_s=0.05) as src:
        def writer():
            (tmp_path / "scan_0001.jpg").write_bytes(small_jpeg)
            (tmp_path / "scan_0002.pdf").write_bytes(two_page_pdf)
            (tmp_path / "notes.txt").write_text("not a scan")
            (tmp_path / ".hidden.jpg").write_bytes(small_jpeg)
        t = threading.Thread(target=writer)
        t.start()
        t.join()
        assert wait_until(lambda: len(rec.calls) == 2)
        time.sleep(SETTLE * 2)  # nothing else turns up late
    assert sorted(rec.names()) == ["scan_0001.jpg", "scan_0002.pdf"]
    assert sorted(p.name for p in src.acquire()) == ["scan_0001.jpg", "scan_0002.pdf"]
    assert src.acquire() == []


def test_hot_folder_waits_for_a_slowly_written_file(tmp_path, small_jpeg):
    rec = Recorder()
    done = {}
    with HotFolderSource(tmp_path, rec, settle_s=SETTLE, poll_s=0.05):
        def slow_writer():
            with open(tmp_path / "slow.jpg", "wb") as fh:
                step = len(small_jpeg) // 25 + 1
                for i in range(0, len(small_jpeg), step):
                    fh.write(small_jpeg[i:i + step])
                    fh.flush()
                    time.sleep(0.05)  # 25 chunks over ~1.3 s, each gap < settle
            done["at"] = time.monotonic()
        t = threading.Thread(target=slow_writer)
        t.start()
        t.join()
        assert wait_until(lambda: rec.calls)
        time.sleep(SETTLE * 2)
    assert len(rec.calls) == 1
    name, size, at = rec.calls[0]
    assert name == "slow.jpg" and size == len(small_jpeg)
    assert at >= done["at"]


def test_hot_folder_waits_through_a_pause_in_an_incomplete_file(tmp_path, small_jpeg):
    """A writer that stops half-way for longer than the settle time: the size is
    stable, but the JPEG has no end marker yet, so it is not reported."""
    rec = Recorder()
    with HotFolderSource(tmp_path, rec, settle_s=SETTLE, poll_s=0.05):
        path = tmp_path / "paused.jpg"
        with open(path, "wb") as fh:
            fh.write(small_jpeg[: len(small_jpeg) // 2])
            fh.flush()
            time.sleep(SETTLE * 3)
            assert rec.calls == [] and not looks_complete(path)
            fh.write(small_jpeg[len(small_jpeg) // 2:])
        assert wait_until(lambda: rec.calls)
        time.sleep(SETTLE * 2)
    assert rec.calls[0][:2] == ("paused.jpg", len(small_jpeg)) and len(rec.calls) == 1


def test_hot_folder_takes_a_renamed_temporary_file(tmp_path, two_page_pdf):
    rec = Recorder()
    with HotFolderSource(tmp_path, rec, settle_s=SETTLE, poll_s=0.05):
        part = tmp_path / "scan_0003.pdf.part"
        part.write_bytes(two_page_pdf)
        part.rename(tmp_path / "scan_0003.pdf")
        assert wait_until(lambda: rec.calls)
        time.sleep(SETTLE * 2)
    assert rec.names() == ["scan_0003.pdf"]


def test_hot_folder_polling_observer(tmp_path, small_jpeg):
    rec = Recorder()
    with HotFolderSource(tmp_path, rec, settle_s=SETTLE, poll_s=0.05, polling=True):
        (tmp_path / "share.jpg").write_bytes(small_jpeg)
        assert wait_until(lambda: rec.calls)
    assert rec.names() == ["share.jpg"]


def test_hot_folder_availability(tmp_path):
    missing = HotFolderSource(tmp_path / "nowhere")
    assert not missing.available()
    assert "监视文件夹不存在" in missing.available().reason
    assert HotFolderSource(tmp_path).available()


# -- SANE ----------------------------------------------------------------------
def test_sane_unavailable_says_why_in_chinese(monkeypatch):
    monkeypatch.setitem(sys.modules, "sane", None)  # import sane → ImportError
    state = SaneSource().available()
    assert not state and "python-sane" in state.reason and "监视文件夹" in state.reason
