"""``python -m platform_sandbox``: run the platform sandbox until interrupted.

Prints exactly one line on standard output when it accepts connections —
``platform sandbox listening on http://HOST:PORT`` — and logs to standard error.
Binds to 127.0.0.1 unless ``--host`` says otherwise. SIGTERM and Ctrl+C stop it.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
from pathlib import Path

from .config import DEFAULT_CATALOG_DIR, PACES, SandboxConfig
from .server import RunningSandbox


def default_db() -> Path:
    import platformdirs
    return platformdirs.user_data_path("window-client-platform-sandbox") / "sandbox.db"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m platform_sandbox",
                                description="Local sandbox of the one-window platform API.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    p.add_argument("--db", type=Path, help="SQLite file (default: under the user data dir)")
    p.add_argument("--db-url", help="any SQLAlchemy URL instead of --db")
    p.add_argument("--blob-dir", type=Path,
                   help="material folder (default: DB.blobs next to --db; required-ish with --db-url)")
    p.add_argument("--catalog", type=Path, default=DEFAULT_CATALOG_DIR, help="catalog folder to distribute")
    p.add_argument("--calendar", type=Path, help="extra holiday table (holidays.json shape)")
    p.add_argument("--review-delay", type=float, default=10.0, help="seconds per back-office node")
    p.add_argument("--return-share", type=float, default=0.2, help="share of cases returned for supplement")
    p.add_argument("--refuse-share", type=float, default=0.0, help="share of cases refused")
    p.add_argument("--pace", choices=PACES, default="delay",
                   help="delay: a node per --review-delay seconds; workdays: along a plan over "
                        "working days and hours in platform time")
    p.add_argument("--late-share", type=float, default=0.1,
                   help="workdays pace: share of items done 1-5 working days late")
    p.add_argument("--token-ttl", type=int, default=900, help="access token lifetime, seconds")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--verify-fails", help="comma-separated ID numbers whose verification fails "
                                          "(default: the demo set)")
    p.add_argument("--no-background", action="store_true",
                   help="no back-office thread: cases move only on POST /_sandbox/tick")
    p.add_argument("--log-level", default="INFO")
    return p.parse_args(argv)


def config_from(args: argparse.Namespace) -> SandboxConfig:
    common = dict(catalog_dir=args.catalog, calendar_file=args.calendar,
                  review_delay=args.review_delay, return_share=args.return_share,
                  refuse_share=args.refuse_share, pace=args.pace, late_share=args.late_share,
                  token_ttl=args.token_ttl, seed=args.seed,
                  background=not args.no_background)
    if args.verify_fails is not None:
        common["verification_fails"] = {x.strip() for x in args.verify_fails.split(",") if x.strip()}
    if args.db_url:
        blob_dir = args.blob_dir or (args.db.with_name(args.db.name + ".blobs") if args.db
                                     else default_db().with_name("blobs"))
        return SandboxConfig(db_url=args.db_url, blob_dir=blob_dir, **common)
    db = args.db or default_db()
    db.parent.mkdir(parents=True, exist_ok=True)
    if args.blob_dir:
        common["blob_dir"] = args.blob_dir
    return SandboxConfig.for_sqlite(db, **common)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    running = RunningSandbox(config_from(args), host=args.host, port=args.port)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"platform sandbox listening on {running.base_url}", flush=True)
    try:
        running.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        running.sandbox.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
