"""The document camera's rules without Qt: when a page counts as still (synthetic
frames: a sheet sliding over a dark table, sensor noise, a hand, a second page),
and which of a camera's formats a stored resolution picks."""

import numpy as np
import pydantic
import pytest

from window_client.imaging.camera_formats import (CameraFormat, Resolution, pick_format,
                                                  resolution_choices)
from window_client.imaging.stillness import (Motion, StillnessDetector, StillnessOptions,
                                             mean_difference)
from window_client.settings import HALL_KEYS, Settings

W, H = 64, 48
RNG = np.random.default_rng(17)


def table() -> np.ndarray:
    return np.full((H, W), 40, dtype=np.float64)


def with_page(x: int, y: int = 6, text_seed: int = 0) -> np.ndarray:
    """A bright sheet (30×36) with dark 'text' marks whose top-left corner is at x, y."""
    frame = table()
    page = np.full((36, 30), 225.0)
    marks = np.random.default_rng(text_seed).random((36, 30)) < 0.15
    page[marks] = 30
    x0, x1 = max(x, 0), min(x + 30, W)
    if x1 > x0:
        frame[y:y + 36, x0:x1] = page[:, x0 - x:x1 - x]
    return frame


def noisy(frame: np.ndarray, sigma: float = 1.5) -> np.ndarray:
    return np.clip(frame + RNG.normal(0, sigma, frame.shape), 0, 255).astype(np.uint8)


def run(detector: StillnessDetector, frames, t0: float, fps: float = 10):
    """Feeds frames at ``fps``; the indices that fired and the time after the last."""
    fired = []
    t = t0
    for n, frame in enumerate(frames):
        if detector.feed(noisy(frame), t):
            fired.append(n)
        t += 1000 / fps
    return fired, t


def test_a_page_is_captured_once_when_it_settles_and_never_while_it_moves():
    d = StillnessDetector(StillnessOptions(still_frames=5, still_ms=400))
    fired, t = run(d, [table()] * 10, 0)                       # the empty table
    assert fired == [] and d.state is Motion.WAITING
    fired, t = run(d, [with_page(x) for x in range(-30, 20, 3)], t)   # sliding in
    assert fired == [] and d.state is Motion.MOVING
    fired, t = run(d, [with_page(20)] * 12, t)                  # laid down
    assert fired == [5], "fires after 5 still frames (500 ms at 10 fps), once"
    fired, t = run(d, [with_page(20)] * 30, t)                  # left lying
    assert fired == [] and d.state is Motion.WAITING


def test_the_same_page_after_a_hand_passes_does_not_fire_the_next_page_does():
    d = StillnessDetector(StillnessOptions(still_frames=4, still_ms=300))
    _, t = run(d, [table()] * 3 + [with_page(20)] * 8, 0)
    hand = [with_page(20) for _ in range(6)]
    for n, frame in enumerate(hand):
        frame[:, n * 8:n * 8 + 16] = 120      # a hand sweeping across
    fired, t = run(d, hand + [with_page(20)] * 10, t)
    assert fired == []
    fired, t = run(d, [with_page(x, text_seed=1) for x in range(-30, 20, 5)]
                   + [with_page(20, text_seed=1)] * 10, t)
    assert len(fired) == 1                  # another sheet in the same place


def test_still_means_long_enough_in_time_as_well_as_in_frames():
    d = StillnessDetector(StillnessOptions(still_frames=5, still_ms=700))
    _, t = run(d, [table()] + [with_page(x) for x in range(-30, 20, 5)], 0, fps=25)
    fired, _ = run(d, [with_page(20)] * 40, t, fps=25)
    # frame 0 still moves (15 → 20); 5 still frames at 25 fps span 160 ms, and the
    # 700 ms take 18 intervals after frame 1
    assert fired == [19]


def test_a_capture_by_hand_resets_the_reference_and_noise_is_not_motion():
    d = StillnessDetector()
    _, t = run(d, [table()] + [with_page(x) for x in range(-30, 20, 5)] + [with_page(20)] * 2, 0)
    d.captured()                             # Space before auto-capture fired
    fired, t = run(d, [with_page(20)] * 20, t)
    assert fired == []
    base = noisy(with_page(20), 0)
    assert mean_difference(noisy(with_page(20), 3.0), base) < StillnessOptions().threshold
    # a changed size (another resolution) starts over without firing
    assert d.feed(np.zeros((24, 32), np.uint8), t) is False


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        StillnessOptions(threshold=0)
    with pytest.raises(ValueError):
        StillnessDetector().feed(np.zeros((4, 4, 3), np.uint8), 0)
    with pytest.raises(ValueError):
        mean_difference(np.zeros((2, 2)), np.zeros((3, 3)))


# -- resolutions --------------------------------------------------------------------
FORMATS = [CameraFormat(Resolution(640, 480), 30, "YUYV", 0),
           CameraFormat(Resolution(3264, 2448), 2, "YUYV", 1),
           CameraFormat(Resolution(1920, 1080), 30, "MJPEG", 2),
           CameraFormat(Resolution(3264, 2448), 15, "MJPEG", 3),
           CameraFormat(Resolution(2592, 1944), 15, "MJPEG", 4),
           CameraFormat(Resolution(640, 480), 30, "MJPEG", 5),
           CameraFormat(Resolution(0, 0), 0, "", 6)]


def test_each_resolution_once_the_largest_first():
    assert [str(r) for r in resolution_choices(FORMATS)] == [
        "3264x2448", "2592x1944", "1920x1080", "640x480"]
    assert resolution_choices([]) == []


def test_a_stored_choice_picks_the_fastest_format_of_it_or_the_nearest_below():
    assert pick_format(FORMATS, "").index == 3             # largest, MJPEG 15 fps over YUYV 2
    assert pick_format(FORMATS, None).index == 3
    assert pick_format(FORMATS, "640x480").index == 0      # equal fps: the camera's first
    assert pick_format(FORMATS, Resolution(2592, 1944)).index == 4
    assert pick_format(FORMATS, "2000x1500").index == 2    # not offered: largest below
    assert pick_format(FORMATS, "320x240").index == 0      # all larger: the smallest
    assert pick_format([], "640x480") is None


def test_resolution_text_and_the_settings_keys():
    assert Resolution.parse(" 2592x1944 ") == Resolution(2592, 1944)
    assert Resolution.parse("") is None
    for bad in ("2592*1944", "x", "1x1"):
        with pytest.raises(ValueError):
            Resolution.parse(bad)
    assert Settings(camera_resolution="2592x1944").camera_resolution == "2592x1944"
    with pytest.raises(pydantic.ValidationError):
        Settings(camera_resolution="big")
    assert not {"camera_device", "camera_resolution"} & HALL_KEYS   # per user, like devices
