"""Serving the sandbox over HTTP: Werkzeug's threaded WSGI server on 127.0.0.1.

:class:`RunningSandbox` binds (port 0 picks a free port), starts the back office,
and serves until :meth:`RunningSandbox.stop`.
"""

from __future__ import annotations

import logging
import threading

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from . import ADMIN_PREFIX, API_PREFIX
from .app import Sandbox, create_app
from .config import SandboxConfig

log = logging.getLogger(__name__)


class _Handler(WSGIRequestHandler):
    """Puts itself in the environ so a fault that cuts the connection can also
    stop the handler from reading further requests off the dead socket."""

    def make_environ(self):
        environ = super().make_environ()
        environ["platform_sandbox.handler"] = self
        return environ


class RunningSandbox:
    def __init__(self, config: SandboxConfig, host: str = "127.0.0.1", port: int = 0):
        self.sandbox = Sandbox(config)
        self.app = create_app(self.sandbox)
        self.server: BaseWSGIServer = make_server(host, port, self.app, threaded=True,
                                                   request_handler=_Handler)
        self.host = host
        self.port = self.server.port
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        return self.base_url + API_PREFIX

    @property
    def admin_url(self) -> str:
        return self.base_url + ADMIN_PREFIX

    def serve_forever(self) -> None:
        """Serves in this thread until :meth:`stop` (from another thread)."""
        self.sandbox.start_background()
        log.info("serving on %s", self.base_url)
        try:
            self.server.serve_forever(poll_interval=0.1)
        finally:
            self.server.server_close()

    def start_thread(self) -> RunningSandbox:
        self._thread = threading.Thread(target=self.serve_forever, name="sandbox-http",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self.sandbox.close()
