"""Catalog distribution (deterministic bundle) and the working-day calendar."""

import datetime as dt
import hashlib
import io
import shutil
import zipfile

import chinese_calendar

from platform_sandbox.catalog import build_bundle
from platform_sandbox.config import DEFAULT_CATALOG_DIR
from platform_sandbox.testing import SandboxServer

from .conftest import Api


def test_bundle_hash_is_the_advertised_one_and_stable(api):
    info = api.call("get", "/catalog", expect=200)
    first = api.raw("get", "/catalog/bundle")
    second = api.raw("get", "/catalog/bundle")
    assert first.status_code == 200 and first.headers["Content-Type"] == "application/zip"
    assert first.content == second.content
    assert hashlib.sha256(first.content).hexdigest() == info["sha256"]
    assert len(first.content) == info["size"]
    assert api.call("get", "/catalog", expect=200)["sha256"] == info["sha256"]
    names = zipfile.ZipFile(io.BytesIO(first.content)).namelist()
    assert names == sorted(names)
    assert "onethings/newborn.yaml" in names and "licence_types/base.yaml" in names
    assert not any("__pycache__" in n or n.startswith(".") for n in names)


def test_version_is_the_clients_catalog_version(api, catalog):
    assert api.call("get", "/catalog", expect=200)["version"] == catalog.version


def test_the_bundle_is_byte_identical_across_builds(tmp_path):
    copy = tmp_path / "catalog"
    shutil.copytree(DEFAULT_CATALOG_DIR, copy)  # other mtimes, same bytes
    assert build_bundle(copy) == build_bundle(DEFAULT_CATALOG_DIR)


def test_a_changed_catalog_is_republished(tmp_path):
    copy = tmp_path / "catalog"
    shutil.copytree(DEFAULT_CATALOG_DIR, copy)
    with SandboxServer(catalog_dir=copy) as sb:
        api = Api(sb)
        before = api.call("get", "/catalog", expect=200)
        with open(copy / "departments.yaml", "a", encoding="utf-8") as f:
            f.write("\n# changed\n")
        after = api.call("get", "/catalog", expect=200)
        assert after["sha256"] != before["sha256"] and after["version"] != before["version"]


def test_calendar_2026(api):
    year = api.call("get", "/calendar/2026", "/calendar/{year}", expect=200)
    assert year["year"] == 2026
    assert "2026-10-01" in year["holidays"] and "2026-10-10" in year["workdays"]
    assert chinese_calendar.is_holiday(dt.date(2026, 10, 1))
    assert chinese_calendar.is_workday(dt.date(2026, 10, 10))
    for day in year["holidays"]:
        assert chinese_calendar.is_holiday(dt.date.fromisoformat(day))
    for day in year["workdays"]:
        d = dt.date.fromisoformat(day)
        assert d.weekday() >= 5 and chinese_calendar.is_workday(d)


def test_unknown_year_is_404(api):
    status, body = api.call("get", "/calendar/2099", "/calendar/{year}")
    assert status == 404 and body["code"] == "unknown_year"


def test_an_extra_table_adds_a_year(tmp_path):
    table = tmp_path / "holidays.json"
    table.write_text('{"years": {"2099": {"holidays": ["2099-10-01"], "workdays": []}}}')
    with SandboxServer(calendar_file=table) as sb:
        year = Api(sb).call("get", "/calendar/2099", "/calendar/{year}", expect=200)
        assert year == {"year": 2099, "holidays": ["2099-10-01"], "workdays": []}
