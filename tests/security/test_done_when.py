"""Issue 16's three checks, on a store built the app's way (the key set as
`security init` does, opened by Wiring.for_command_line like the window's start,
a real gnome-keyring): no full ID number anywhere under the data directory (db,
-wal, backups, materials, journal), plain sqlite3 cannot read the database, Pillow
cannot open a scan."""

from __future__ import annotations

import sqlite3

import pytest
from PIL import Image, UnidentifiedImageError

from window_client.security.keys import KeyManager
from window_client.settings import save_settings, Settings
from window_client.wiring import Wiring

from .helpers import FAST_N, ID_NUMBER, PASSPHRASE, case_with_scan, every_file, paths_under


@pytest.fixture
def store(tmp_path, catalog, secret_service):
    paths = paths_under(tmp_path / "home")
    paths.config_dir.mkdir(parents=True)
    save_settings(paths.settings_file, Settings())
    KeyManager(paths.data_dir, secret_service, scrypt_n=FAST_N).initialise(PASSPHRASE)
    wiring = Wiring.for_command_line(paths, catalog)
    case_id = case_with_scan(wiring, tmp_path)
    wiring.maintenance()()               # the daily check and backup, as the window runs it
    yield paths, wiring, case_id
    wiring.engine.dispose()


def test_no_full_id_number_under_the_data_directory(store):
    paths, wiring, case_id = store
    assert wiring.cases.get(case_id).applicant_id_number == ID_NUMBER  # it IS stored
    files = every_file(paths.data_dir)
    names = {p.relative_to(paths.data_dir).parts[0] for p in files}
    assert {"window_client.sqlite3", "backups", "materials", "journal"} <= names
    assert any(p.name.endswith("-wal") for p in files)       # the live WAL is greped too
    for needle in (ID_NUMBER.encode(), ID_NUMBER.encode("utf-16-le"), "张三".encode()):
        hits = [p for p in files if needle in p.read_bytes()]
        assert hits == [], (needle, hits)


def test_plain_sqlite3_cannot_read_the_database_or_a_backup(store):
    paths, _wiring, _case = store
    backups = list((paths.data_dir / "backups").glob("*.sqlite3"))
    assert backups
    for db in (paths.database, *backups):
        conn = sqlite3.connect(db)
        with pytest.raises(sqlite3.DatabaseError, match="not a database"):
            conn.execute("select * from cases").fetchall()
        conn.close()


def test_pillow_cannot_open_a_scan_and_the_store_reads_it(store):
    paths, wiring, case_id = store
    files = wiring.cases.files(case_id)
    assert len(files) == 3
    for f in files:
        with pytest.raises(UnidentifiedImageError):
            Image.open(f.stored_path)
        assert f.sha256 not in f.stored_path            # the name does not tell the content
        data = wiring.cases.read_file(f)
        assert data is not None and data[:2] == b"\xff\xd8"
        Image.open(__import__("io").BytesIO(data)).verify()
