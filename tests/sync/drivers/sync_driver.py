"""A client process that syncs until nothing is queued; the test kills it with
SIGKILL at random moments and starts it again."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from tests.sync.helpers import make_engine  # noqa: E402
from window_client.catalog.loader import load_catalog  # noqa: E402


def main() -> None:
    db, url = Path(sys.argv[1]), sys.argv[2]
    # retry at once: the test wants progress, not politeness
    engine = make_engine(db, load_catalog(), url, backoff_base=0.01, backoff_max=0.05)
    while engine.sync.queued():
        report = engine.run_once()
        print("RUN", len(report.submitted), report.error, flush=True)
    print("DONE", flush=True)


if __name__ == "__main__":
    main()
