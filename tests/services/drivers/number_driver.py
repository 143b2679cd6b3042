"""One OS account creating drafts: python number_driver.py COUNT GO_FILE. The paths
come from the environment (WINDOW_CLIENT_HOME: this account's; WINDOW_CLIENT_SITE:
the machine's, with the hall profile and the shared numbers), the repository is
built as the wiring builds it. Prints "ready", waits for GO_FILE, creates COUNT
drafts and prints their numbers as JSON."""

import json
import sys
import time
from pathlib import Path

from window_client.settings import Paths, load_settings
from window_client.store.db import open_database
from window_client.store.repository import CaseRepository
from window_client.wiring import shared_numbers

count, go = int(sys.argv[1]), Path(sys.argv[2])
paths = Paths.default()
settings = load_settings(paths.settings_files)
repo = CaseRepository(open_database(paths.database), numbers=shared_numbers(paths, settings))
print("ready", flush=True)
while not go.exists():
    time.sleep(0.01)
numbers = [repo.create_draft(window_code=settings.window_code, one_thing_id="newborn",
                             catalog_version="test", clerk="clerk").provisional_no
           for _ in range(count)]
print(json.dumps(numbers), flush=True)
