"""Assembly: :class:`Sandbox` (config, database, services, back office) and the
Flask WSGI app, wrapped in the fault middleware.

API routes live in :mod:`platform_sandbox.api` under ``/api/v1``; the test
switches in :mod:`platform_sandbox.admin` under ``/_sandbox``. Every error is
answered as ``{"code", "message"}`` JSON, unknown routes included.
"""

from __future__ import annotations

import logging

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from .auth import Auth
from .backoffice import BackOffice
from .blobs import BlobStore
from .cases import Cases
from .catalog import Calendar, CatalogPublisher
from .clock import WorkTime
from .config import SandboxConfig
from .contract import default_contract
from .db import Database
from .demo_data import VERIFICATION_FAILS
from .errors import ApiError
from .faults import FaultMiddleware, Faults
from .people import People
from .schedule import Scheduler

log = logging.getLogger(__name__)


class Sandbox:
    """One platform instance: everything the routes need, and its back office."""

    def __init__(self, config: SandboxConfig):
        self.config = config
        self.db = Database(config.db_url)
        self.blobs = BlobStore(config.blob_dir)
        self.faults = Faults(config.seed)
        self.contract = default_contract()
        self.auth = Auth(self.db, config.token_ttl, config.refresh_ttl, self.faults)
        fails = VERIFICATION_FAILS if config.verification_fails is None \
            else config.verification_fails
        self.people = People(self.db, set(fails))
        self.worktime = WorkTime(config.calendar_file)
        self.scheduler = Scheduler(config, self.worktime)
        self.cases = Cases(self.db, self.blobs, self.scheduler)
        self.catalog = CatalogPublisher(config.catalog_dir)
        self.calendar = Calendar(config.calendar_file)
        self.backoffice = BackOffice(self.db, config, self.scheduler, on_idle=self.auth.prune)
        self.auth.seed_clerks()
        self.people.seed()

    def start_background(self) -> None:
        if self.config.background:
            self.backoffice.start()

    def close(self) -> None:
        self.backoffice.stop()
        self.db.close()


def create_app(config: SandboxConfig | Sandbox) -> Flask:
    """The WSGI app for ``config`` (or an assembled :class:`Sandbox`); the sandbox
    is at ``app.extensions["sandbox"]``. The back office thread is not started
    here: call ``app.extensions["sandbox"].start_background()``."""
    from .admin import admin
    from .api import api

    sandbox = config if isinstance(config, Sandbox) else Sandbox(config)
    app = Flask("platform_sandbox")
    app.config["MAX_CONTENT_LENGTH"] = sandbox.config.max_upload_bytes
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    app.extensions["sandbox"] = sandbox
    app.register_blueprint(api)
    app.register_blueprint(admin)

    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError):
        return jsonify(exc.body()), exc.status

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        code = {404: "not_found", 405: "method_not_allowed",
                413: "too_large"}.get(exc.code or 500, "bad_request")
        return jsonify({"code": code, "message": f"{exc.name}(沙箱)"}), exc.code

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unexpected error")
        return jsonify({"code": "internal_error", "message": "平台内部错误"}), 500

    app.wsgi_app = FaultMiddleware(app.wsgi_app, sandbox.faults)
    return app
