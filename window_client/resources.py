"""Where the bundled data is: the checkout's top-level ``resources/`` folder (catalog,
holiday calendar, fonts with their licence, theme, translation source). Every module
that reads one of these files asks ``resource(...)`` for its path; nothing computes
it from its own ``__file__``.

The folder is found in one of three places:

- a PyInstaller build (installer/window_client.spec): ``_internal/resources`` beside
  the bundled modules, i.e. ``sys._MEIPASS / "resources"``;
- an installed wheel: the package data ``window_client/_resources`` (pyproject.toml
  maps ``resources/`` there), read through ``importlib.resources``;
- a checkout or an editable install: ``resources/`` beside ``window_client/``.

The callers need real files (reportlab and Qt open fonts by file name, the catalog
loader walks folders), so the answer is a ``Path``: installed packages are plain
folders on disk; a zipped install is not supported.
"""

from __future__ import annotations

import sys
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path

PACKAGE_DATA = "_resources"   # window_client/_resources in a wheel


@cache
def resources_dir() -> Path:
    """The folder holding catalog/, calendar/, fonts/, theme/ and i18n/."""
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "resources"
    packaged = importlib_resources.files("window_client") / PACKAGE_DATA
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    """A file or folder of the bundled data, e.g. ``resource("fonts", "wqy-microhei.ttc")``."""
    return resources_dir().joinpath(*parts)
