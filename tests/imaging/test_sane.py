"""SaneSource against SANE's own ``test`` backend (a virtual scanner shipped in
libsane1, enabled for the test process by tests/sane_backend.py): the devices it
lists, A4 pages at 200 and 300 dpi in gray and colour through the page pipeline to
a stored file, the feeder, and the scanner going away — every SANE status the
backend can be made to answer (its "read-return-value" option), the device gone
from the list between listing and scanning, a cancel or a stop in the middle of a
page, a second caller while a scan runs — each a Chinese SourceError that keeps
what was scanned, with the same source usable again afterwards."""

import io
import threading
import time

import numpy as np
import pytest
from PIL import Image

from window_client.core import messages
from window_client.imaging.pages import MaterialPages
from window_client.imaging.pipeline import PageOptions
from window_client.imaging.sources import SaneSource, ScanInterrupted, SourceError

GRID = {"test_picture": "Grid"}   # a checkerboard of 10 mm squares: the geometry shows
MM_PER_INCH = 25.4


def image(data: bytes) -> Image.Image:
    img = Image.open(io.BytesIO(data))
    img.load()
    return img


def squares(line: np.ndarray) -> int:
    """How many black/white squares a row or column of the checkerboard crosses."""
    dark = line < 128
    return int(np.count_nonzero(dark[1:] != dark[:-1])) + 1


def test_lists_the_test_backends_devices():
    source = SaneSource()
    devices = source.devices()
    assert [d.name for d in devices] == ["test:0", "test:1"]
    assert {(d.vendor, d.model, d.kind) for d in devices} == {
        ("Noname", "frontend-tester", "virtual device")}
    assert source.available() and SaneSource("test:1").available()
    state = SaneSource("test:9").available()
    assert not state and state.reason == messages.SANE_DEVICE_GONE.format(device="test:9")


@pytest.mark.parametrize("dpi,mode", [(200, "Gray"), (300, "Gray"), (200, "Color"),
                                      (300, "Color")])
def test_an_a4_page_at_200_and_300_dpi_to_a_stored_page(tmp_path, dpi, mode):
    source = SaneSource("test:1", resolution=dpi, mode=mode, options=GRID)
    (data,) = source.acquire()
    scan = image(data)
    assert source.last is not None
    assert (source.last.device, source.last.mode, source.last.resolution) == ("test:1", mode, dpi)
    assert source.last.area_mm == (0.0, 0.0, 210.0, 297.0)
    # A4 at that resolution (the backend rounds down: within 2 pixels)
    assert abs(scan.width - 210 / MM_PER_INCH * dpi) < 2
    assert abs(scan.height - 297 / MM_PER_INCH * dpi) < 2
    assert scan.format == "PNG" and scan.mode == ("L" if mode == "Gray" else "RGB")
    assert round(scan.info["dpi"][0]) == dpi
    pixels = np.asarray(scan.convert("L"))
    assert squares(pixels[scan.height // 2]) == 21          # 210 mm / 10 mm
    assert squares(pixels[:, scan.width // 2]) == 30        # 297 mm / 10 mm, a part-square
    # the same pipeline as every scan (no deskew: a checkerboard is all diagonals, see
    # the report), then the one stored file
    options = (PageOptions.text if mode == "Gray" else PageOptions.colour)(deskew=False)
    pages = MaterialPages(options)
    page = pages.add(data, name="sane")
    stored = pages.store(tmp_path, "material")
    assert stored.path.suffix == ".jpg" and stored.pages == 1
    kept = image(stored.path.read_bytes())
    assert kept.format == "JPEG" and kept.size == (page.base.width, page.base.height)
    assert kept.mode == ("L" if mode == "Gray" else "RGB")
    assert max(kept.size) == options.long_side
    assert kept.height / kept.width == pytest.approx(297 / 210, rel=0.01)
    stored_pixels = np.asarray(kept.convert("L"))
    assert squares(stored_pixels[kept.height // 2]) == 21
    assert squares(stored_pixels[:, kept.width // 2]) == 30


@pytest.mark.parametrize("status,message", [
    ("SANE_STATUS_NO_DOCS", messages.SANE_NO_DOCS),
    ("SANE_STATUS_JAMMED", messages.SANE_JAMMED),
    ("SANE_STATUS_COVER_OPEN", messages.SANE_COVER_OPEN),
    ("SANE_STATUS_IO_ERROR", messages.SANE_IO_ERROR),
    ("SANE_STATUS_DEVICE_BUSY", messages.SANE_BUSY),
    ("SANE_STATUS_CANCELLED", messages.SANE_CANCELLED),
    ("SANE_STATUS_ACCESS_DENIED", messages.SANE_ACCESS_DENIED),
    ("SANE_STATUS_NO_MEM", messages.SANE_NO_MEMORY),
    ("SANE_STATUS_INVAL", messages.SANE_SCAN_FAILED.format(detail="Invalid argument")),
    ("SANE_STATUS_EOF", messages.SANE_NO_IMAGE),   # the page ends before any line
])
def test_each_scanner_status_is_a_chinese_message_and_the_source_works_after(status, message):
    source = SaneSource("test:0", resolution=50, mode="Gray",
                        options={"read_return_value": status})
    with pytest.raises(SourceError) as failure:
        source.acquire()
    assert str(failure.value) == message and not isinstance(failure.value, ScanInterrupted)
    source.options["read_return_value"] = "Default"
    (data,) = source.acquire()
    assert image(data).size == (413, 584)


def test_the_device_gone_between_listing_and_scanning(sane_test_backend):
    named, first = SaneSource("test:0", resolution=50), SaneSource(resolution=50)
    assert [d.name for d in named.devices()] == ["test:0", "test:1"]
    with sane_test_backend.unplugged():
        with pytest.raises(SourceError) as gone:
            named.acquire()
        assert str(gone.value) == messages.SANE_DEVICE_GONE.format(device="test:0")
        with pytest.raises(SourceError) as none:
            first.acquire()
        assert str(none.value) == messages.SANE_NO_SCANNER
        state = named.available()
        assert not state and state.reason == messages.SANE_NO_SCANNER
    # plugged in again: the same sources scan
    assert len(named.acquire()) == 1 and len(first.acquire()) == 1


def test_libsane_exited_and_initialised_again_between_listing_and_scanning():
    import sane
    source = SaneSource("test:1", resolution=50)
    assert source.available()
    sane.init()   # someone else's session of libsane, ended before the scan
    sane.exit()
    assert SaneSource().available()   # another source's listing: init, exit
    assert len(source.acquire()) == 1


def slow(**more):
    """The backend waits after every buffer: a 300 dpi page takes seconds."""
    return {"read_delay": True, "read_delay_duration": 20000, **more}


def test_a_cancel_during_a_page_keeps_no_half_page_and_the_source_scans_again():
    source = SaneSource("test:0", resolution=300, mode="Gray", options=slow())
    timer = threading.Timer(0.3, source.cancel)
    started = time.monotonic()
    timer.start()
    with pytest.raises(SourceError) as cancelled:
        source.acquire()
    assert str(cancelled.value) == messages.SANE_CANCELLED
    assert time.monotonic() - started < 3
    source.resolution, source.options = 75, {}
    (data,) = source.acquire()
    assert image(data).size == (620, 876)


def test_a_page_the_scanner_ends_early_is_refused_not_kept():
    """libsane ends a page without an error when the device stops in the middle
    (here: its own cancel, behind the source's back): the short page is refused."""
    source = SaneSource("test:0", resolution=300, mode="Gray", options=slow())

    def stop_the_device() -> None:
        deadline = time.monotonic() + 5
        while source._dev is None and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.3)
        source._dev.cancel()

    threading.Thread(target=stop_the_device).start()
    with pytest.raises(SourceError) as short:
        source.acquire()
    text = str(short.value)
    assert text.startswith("扫描未完成") and "3507行" in text
    source.options = {}
    assert len(source.acquire()) == 1


def test_a_second_caller_while_a_scan_runs_is_told_the_scanner_is_busy():
    scanning = SaneSource("test:0", resolution=300, mode="Gray", options=slow())
    result: list = []

    def scan() -> None:
        try:
            result.append(scanning.acquire())
        except SourceError as exc:
            result.append(str(exc))

    worker = threading.Thread(target=scan)
    worker.start()
    deadline = time.monotonic() + 5
    while scanning._dev is None and time.monotonic() < deadline:
        time.sleep(0.01)
    other = SaneSource("test:1", resolution=50, wait_seconds=0.1)
    state = other.available()
    assert not state and state.reason == messages.SANE_IN_USE
    with pytest.raises(SourceError, match=messages.SANE_IN_USE):
        other.acquire()
    scanning.cancel()
    worker.join(10)
    assert result == [messages.SANE_CANCELLED]   # cancelled: no page
    assert len(other.acquire()) == 1


def test_the_feeder_scans_until_it_is_empty():
    # the test backend's feeder holds 10 sheets
    source = SaneSource("test:0", resolution=25, mode="Gray", feeder=True)
    pages = source.acquire()
    assert len(pages) == 10 and source.last is not None and source.last.feeder
    assert {image(p).size for p in pages} == {(206, 292)}
    # an empty feeder at the first sheet is an error, not an empty batch
    source.options = {"read_return_value": "SANE_STATUS_NO_DOCS"}
    with pytest.raises(SourceError) as empty:
        source.acquire()
    assert str(empty.value) == messages.SANE_NO_DOCS


def test_a_jam_in_the_middle_of_the_feeder_keeps_the_pages_before_it():
    delivered = []

    def after(number: int, data: bytes) -> None:
        delivered.append(number)
        if number == 3:  # the fourth sheet jams
            source._dev.read_return_value = "SANE_STATUS_JAMMED"

    source = SaneSource("test:0", resolution=25, mode="Gray", feeder=True, on_page=after)
    with pytest.raises(ScanInterrupted) as jammed:
        source.acquire()
    assert jammed.value.reason == messages.SANE_JAMMED
    assert str(jammed.value) == messages.SANE_PAGES_KEPT.format(message=messages.SANE_JAMMED,
                                                                count=3)
    assert delivered == [1, 2, 3] and len(jammed.value.pages) == 3
    assert all(image(p).size == (206, 292) for p in jammed.value.pages)
    # cleared, the same source takes a full feeder again
    source.on_page = None
    assert len(source.acquire()) == 10


def test_a_cancel_between_sheets_keeps_the_sheets_scanned():
    source = SaneSource("test:0", resolution=25, mode="Gray", feeder=True,
                        on_page=lambda n, _data: n == 2 and source.cancel())
    with pytest.raises(ScanInterrupted) as stopped:
        source.acquire()
    assert stopped.value.reason == messages.SANE_CANCELLED and len(stopped.value.pages) == 2


def test_a_scan_leaves_sigpipe_ignored_so_a_reset_socket_is_an_error_not_death():
    """libsane's test backend (like others on sanei_thread) resets SIGPIPE to its
    default action; the next write to a socket the platform reset then killed the
    whole process with no traceback (found by a sync fault test after the SANE tests
    in one worker). After a scan, a write to a closed socket is BrokenPipeError."""
    import socket
    SaneSource("test:0", resolution=75, mode="Gray").acquire()
    SaneSource().devices()
    a, b = socket.socketpair()
    b.close()
    with pytest.raises(BrokenPipeError):
        for _ in range(100):
            a.send(b"x" * 65536)
    a.close()
