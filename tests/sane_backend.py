"""SANE's own ``test`` backend (libsane-test, in libsane1), enabled through a
private configuration folder for the whole test process: ``dll.conf`` lists only
``test`` and ``test.conf`` gives it two devices and a scan area large enough for
A4. /etc/sane.d is never read (no real scanner is probed, and the tests do not
depend on the machine's backends).

libsane reads SANE_CONFIG_DIR once per process — the first ``sane_init`` caches
the folder list (a trailing ':' would append the default folders, /etc/sane.d
included) — so the variable is set before any test runs and never changed; a test
that makes the devices disappear rewrites ``dll.conf`` in this same folder
(``unplugged``): the dll backend reads it again at every ``sane_init``."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

DLL_CONF = "test\n"
TEST_CONF = """\
number_of_devices 2
mode Gray
depth 8
resolution 75
test-picture "Solid white"
geometry_min 0.0
geometry_max 300.0
geometry_quant 1.0
tl_x 0.0
tl_y 0.0
br_x 210.0
br_y 297.0
"""


@dataclass(frozen=True)
class SaneTestBackend:
    config_dir: Path

    @contextlib.contextmanager
    def unplugged(self):
        """The ``test`` devices gone from libsane's list (as if unplugged), then back."""
        dll = self.config_dir / "dll.conf"
        dll.write_text("# test unplugged\n")
        try:
            yield
        finally:
            dll.write_text(DLL_CONF)


def install(config_dir: Path) -> SaneTestBackend:
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "dll.conf").write_text(DLL_CONF)
    (config_dir / "test.conf").write_text(TEST_CONF)
    os.environ["SANE_CONFIG_DIR"] = str(config_dir)  # no trailing ':': only this folder
    return SaneTestBackend(config_dir)
