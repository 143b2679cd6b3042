"""The document camera (高拍仪) for real, without a camera: a video made here with
ffmpeg (a sheet slides over a dark table, then lies still) is played by Qt
Multimedia's FFmpeg backend into the frame source's QVideoSink — the same sink →
frame → stillness → still → pipeline path a QCamera feeds — inside the pages
dialog the materials step opens. What needs a device (QCamera, QImageCapture, the
camera's button) is named in docs/ARCHITECTURE.md, "Document camera"."""

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtMultimedia import QMediaPlayer

from window_client.devtools.camera_video import make_camera_video
from window_client.imaging.stillness import Motion
from window_client.qt.camera import FrameSource, VideoFileSource, small_gray

from .helpers import make_window


@pytest.fixture(scope="module")
def video(tmp_path_factory):
    return make_camera_video(tmp_path_factory.mktemp("camera") / "desk.avi")


def open_materials(qtbot, tmp_path, catalog, source=None):
    window, wiring = make_window(qtbot, tmp_path, catalog)
    w = window.acceptance
    w.start_case("newborn")
    w.session.state.step = "materials"
    w._show("materials")
    page = w.pages["materials"]
    if source is not None:
        page.camera_source = lambda: source
    dialog = page.open_pages("household_register")
    qtbot.addWidget(dialog)
    return dialog, page, wiring, w


def ended(source: VideoFileSource) -> bool:
    return source.player.mediaStatus() == QMediaPlayer.MediaStatus.EndOfMedia


def test_the_video_previews_auto_captures_once_when_still_and_the_page_is_filed(
        qtbot, tmp_path, catalog, video):
    source = VideoFileSource(video.path)
    dialog, page, wiring, w = open_materials(qtbot, tmp_path, catalog, source)
    panel = dialog.camera_panel
    assert panel is not None and "高拍仪" in dialog.hint_label.text()
    captured_at: list[int] = []
    source.still.connect(lambda _img: captured_at.append(source.player.position()))
    qtbot.waitUntil(lambda: panel.frames_seen >= 3, timeout=10000)
    assert not panel.preview.pixmap().isNull()            # the preview shows frames
    assert [panel.resolution_combo.itemData(n) for n in range(panel.resolution_combo.count())] \
        == ["320x240"] and not panel.resolution_combo.isEnabled()
    qtbot.waitUntil(lambda: ended(source), timeout=15000)
    qtbot.waitUntil(lambda: len(dialog.pages) == 1 and not dialog.busy, timeout=15000)
    assert panel.frames_seen >= video.fps * video.seconds * 0.4   # frames all along
    assert panel.auto_shots == 1 and panel.shots == 1 and len(captured_at) == 1
    # not while the sheet moved: after it came to rest, and before the video ended
    assert video.still_from_s * 1000 <= captured_at[0] <= video.seconds * 1000
    base = dialog.pages.pages[0].base
    assert base.mode == "L" and base.cropped              # the scans' pipeline: text page, cropped
    x, y, pw, ph = video.page_box
    assert abs(base.width / base.height - pw / ph) < 0.08  # the sheet, not the table
    assert dialog.pages.pages[0].source_name == "高拍仪第1张"
    dialog.finish()
    files = wiring.cases.files(w.session.case.id)
    assert [f.material_id for f in files] == ["household_register"]
    assert page.rows["household_register"].received.isChecked()
    with Image.open(files[0].stored_path) as stored:   # one page: the JPEG itself
        assert stored.format == "JPEG" and stored.size == (base.width, base.height)


def test_space_and_the_camera_key_capture_by_hand_even_while_the_page_moves(
        qtbot, tmp_path, catalog, video):
    source = VideoFileSource(video.path)
    dialog, *_ = open_materials(qtbot, tmp_path, catalog, source)
    panel = dialog.camera_panel
    panel.auto_check.setChecked(False)
    qtbot.waitUntil(lambda: source.player.position() >= video.empty_s * 1000 + 300
                    and panel.frames_seen >= 2, timeout=10000)
    assert panel.detector.state is Motion.MOVING            # the sheet is sliding in
    dialog.page_list.setFocus()       # a focused list would take Space for itself
    qtbot.keyClick(dialog.page_list, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: len(dialog.pages) == 1 and not dialog.busy, timeout=15000)
    qtbot.keyClick(dialog, Qt.Key.Key_Camera)   # a 高拍仪's HID button
    qtbot.waitUntil(lambda: len(dialog.pages) == 2 and not dialog.busy, timeout=15000)
    qtbot.waitUntil(lambda: ended(source), timeout=15000)
    assert panel.shots == 2 and panel.auto_shots == 0
    assert [p.source_name for p in dialog.pages.pages] == ["高拍仪第1张", "高拍仪第2张"]
    dialog.reject()
    assert source.player.playbackState() == QMediaPlayer.PlaybackState.StoppedState


def test_no_camera_no_panel_and_a_source_says_why_it_cannot_capture(qtbot, tmp_path, catalog):
    dialog, page, *_ = open_materials(qtbot, tmp_path, catalog)
    assert page.camera_source is not None          # the settings' camera: none connected here
    assert dialog.camera_panel is None and "高拍仪" not in dialog.hint_label.text()
    messages: list[str] = []
    junk = tmp_path / "junk.avi"
    junk.write_bytes(bytes(range(256)) * 12)
    no_video = tmp_path / "empty.avi"
    no_video.write_bytes(b"RIFF\0\0\0\0AVI not a video")
    sources = [VideoFileSource(junk), VideoFileSource(no_video)]
    for source in sources:
        assert isinstance(source, FrameSource)
        source.failed.connect(messages.append)
    sources[0].capture()                            # nothing seen yet
    for source in sources:
        source.start()
    qtbot.waitUntil(lambda: len(messages) >= 3, timeout=10000)
    assert messages[0] == "还没有画面,无法拍摄"
    assert sorted(m.split(":")[0] for m in messages[1:]) == ["视频中没有画面", "视频无法播放"]
    assert sources[0].frames == sources[1].frames == 0


def test_the_small_gray_copy_keeps_rows_and_columns(qtbot):
    from PySide6.QtGui import QColor, QImage
    image = QImage(101, 77, QImage.Format.Format_RGB32)    # odd width: padded rows
    image.fill(QColor(200, 200, 200))
    for x in range(50):
        for y in range(77):
            image.setPixelColor(x, y, QColor(0, 0, 0))
    small = small_gray(image)
    assert small.shape == (48, 64)
    assert small[:, :28].max() < 20 and small[:, 36:].min() > 180
