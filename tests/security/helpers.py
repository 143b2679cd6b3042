"""A store built the app's way: the key initialised as `cli security init` does,
then Wiring.for_command_line (the same open as app_main's) with a case holding a
real JPEG scan and a full ID number."""

from __future__ import annotations

import io
import os
from pathlib import Path

from PIL import Image

from window_client.core.roles import Clerk, Role
from window_client.settings import Paths

ID_NUMBER = "11010519491231002X"
PASSPHRASE = "hall-IT 2026 recovery"
FAST_N = 2 ** 14   # scrypt cost in tests (the shipped default is 2**17)


def paths_under(root: Path) -> Paths:
    return Paths(root / "config", root / "data", root / "logs")


def jpeg(size: int = 600, seed: int = 1) -> bytes:
    img = Image.effect_noise((size, size), 40 + seed).convert("RGB")
    out = io.BytesIO()
    img.save(out, "JPEG", quality=90)
    return out.getvalue()


def case_with_scan(wiring, tmp_path: Path) -> str:
    """A confirmed newborn case with two scans, through the clerk's session."""
    clerk = Clerk("wangli", "王丽", Role.CLERK)
    services = wiring.for_clerk(clerk)
    session = services.new_session()
    session.start("newborn")
    session.state.values["applicant.name"] = "张三"
    session.state.values["applicant.id_number"] = ID_NUMBER
    session.save()
    plan = session.plan()
    hand_in = [m for m in plan.materials if m.to_hand_in][:2]
    for k, m in enumerate(hand_in):
        src = tmp_path / f"scan{k}.jpg"
        src.write_bytes(jpeg(seed=k))
        session.attach_file(m.spec.id, src)
        os.unlink(src)
    session.attach_bytes(hand_in[0].spec.id, "material.jpg", jpeg(seed=9))
    return session.case.id


def every_file(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]
