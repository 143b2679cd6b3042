"""Fault switches and the WSGI middleware that applies them to API requests.

Switches (all off after :meth:`Faults.reset`):

``error_rate``     share of API requests answered 500 (before the app runs)
``latency_ms``     sleep this long before answering each API request
``drop_mid_body``  share of API requests whose connection is cut mid-way
``drop_next``      the next N API requests are cut (deterministic ``drop_mid_body``)
``drop_mode``      ``auto``: a request with a body is cut after reading part of
                   the body (the app never sees it); one without is answered with
                   headers and part of the body (the app did run). ``request`` /
                   ``response`` force one of the two.
``burst_5xx``      the next N API requests answer 503
``token_ttl``      seconds: every access token expires this long after its issue
``paths``          only API paths starting with one of these (after ``/api/v1``)
                   are affected; empty means all

Only paths under ``/api/`` are ever touched: ``/_sandbox/`` never is. A cut is a
real broken connection: the socket is shut down and the client sees a reset or an
incomplete body (``requests`` raises ``ConnectionError`` or
``ChunkedEncodingError``).
"""

from __future__ import annotations

import json
import logging
import random
import socket
import struct
import threading
import time
from http.client import responses as _reasons

from . import API_PREFIX

log = logging.getLogger(__name__)

_DEFAULTS = {"error_rate": 0.0, "latency_ms": 0, "drop_mid_body": 0.0, "drop_next": 0,
             "drop_mode": "auto", "burst_5xx": 0, "token_ttl": None, "paths": []}
_MODES = ("auto", "request", "response")


class Faults:
    """Thread-safe switches; decisions draw from a seeded random generator."""

    def __init__(self, seed: int = 0):
        self._lock = threading.Lock()
        self._rng = random.Random(seed)
        self._values = dict(_DEFAULTS)
        self.counts = {"errors": 0, "bursts": 0, "drops": 0, "delayed": 0}

    def __getattr__(self, name: str):
        values = self.__dict__.get("_values")
        if values is not None and name in values:
            return values[name]
        raise AttributeError(name)

    def snapshot(self) -> dict:
        with self._lock:
            return {**self._values, "paths": list(self._values["paths"]),
                    "injected": dict(self.counts)}

    def update(self, **changes) -> dict:
        """Sets some switches; raises ValueError on an unknown name or bad value."""
        clean = {}
        for name, value in changes.items():
            if name not in _DEFAULTS:
                raise ValueError(f"unknown fault switch: {name}")
            clean[name] = _check(name, value)
        with self._lock:
            self._values.update(clean)
        log.info("faults set: %s", clean)
        return self.snapshot()

    def reset(self) -> dict:
        with self._lock:
            self._values = dict(_DEFAULTS)
            self.counts = {k: 0 for k in self.counts}
        return self.snapshot()

    def decide(self, path: str) -> tuple[float, str | None]:
        """(latency seconds, action) for one API request; action is None,
        ``"burst"``, ``"error"`` or ``"drop"``."""
        with self._lock:
            v = self._values
            sub = path[len(API_PREFIX):] if path.startswith(API_PREFIX) else path
            if v["paths"] and not any(sub.startswith(p) for p in v["paths"]):
                return 0.0, None
            delay = v["latency_ms"] / 1000.0
            if delay:
                self.counts["delayed"] += 1
            if v["burst_5xx"] > 0:
                v["burst_5xx"] -= 1
                self.counts["bursts"] += 1
                return delay, "burst"
            if v["error_rate"] and self._rng.random() < v["error_rate"]:
                self.counts["errors"] += 1
                return delay, "error"
            if v["drop_next"] > 0:
                v["drop_next"] -= 1
                self.counts["drops"] += 1
                return delay, "drop"
            if v["drop_mid_body"] and self._rng.random() < v["drop_mid_body"]:
                self.counts["drops"] += 1
                return delay, "drop"
            return delay, None


def _check(name: str, value):
    if name == "drop_mode":
        if value not in _MODES:
            raise ValueError(f"drop_mode must be one of {_MODES}")
        return value
    if name == "paths":
        if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
            raise ValueError("paths must be a list of path prefixes")
        return value
    if name == "token_ttl":
        if value in (None, 0):
            return None
        if not isinstance(value, (int, float)) or value < 0:
            raise ValueError("token_ttl must be seconds > 0 or null")
        return value
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"{name} must be a number >= 0")
    if name in ("error_rate", "drop_mid_body") and value > 1:
        raise ValueError(f"{name} is a share between 0 and 1")
    return int(value) if name in ("latency_ms", "burst_5xx", "drop_next") else float(value)


class FaultMiddleware:
    """Wraps a WSGI app; applies :class:`Faults` to paths under ``/api/``."""

    def __init__(self, app, faults: Faults):
        self.app = app
        self.faults = faults

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if not path.startswith("/api/"):
            return self.app(environ, start_response)
        delay, action = self.faults.decide(path)
        if delay:
            time.sleep(delay)
        if action == "burst":
            return _json_error(start_response, 503, "unavailable", "平台暂时不可用(沙箱故障注入)")
        if action == "error":
            return _json_error(start_response, 500, "internal_error", "平台内部错误(沙箱故障注入)")
        if action == "drop":
            return self._drop(environ)
        return self.app(environ, start_response)

    def _drop(self, environ):
        sock = environ.get("werkzeug.socket")
        handler = environ.get("platform_sandbox.handler")
        if handler is not None:
            handler.close_connection = True
        mode = self.faults.drop_mode
        has_body = _has_body(environ)
        if mode == "request" or (mode == "auto" and has_body):
            length = int(environ.get("CONTENT_LENGTH") or 0)
            environ["wsgi.input"].read(max(1, length // 2) if length else 1)
            log.info("fault: cutting %s %s mid-request", environ["REQUEST_METHOD"],
                     environ["PATH_INFO"])
            _cut(sock)
            raise ConnectionAbortedError("sandbox fault: connection cut mid-request")
        captured: dict = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return lambda data: captured.setdefault("early", []).append(data)

        result = self.app(environ, capture)
        try:
            body = b"".join(captured.get("early", [])) + b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        head = [f"HTTP/1.1 {captured['status']}"]
        head += [f"{k}: {v}" for k, v in captured["headers"] if k.lower() != "content-length"]
        head += [f"Content-Length: {len(body)}", "Connection: close", "", ""]
        raw = "\r\n".join(head).encode("latin-1")
        partial = raw + body[: len(body) // 2] if len(body) >= 2 else raw[: len(raw) // 2]
        log.info("fault: cutting the answer to %s %s mid-body", environ["REQUEST_METHOD"],
                 environ["PATH_INFO"])
        if sock is not None:
            sock.sendall(partial)
        _cut(sock)
        raise ConnectionAbortedError("sandbox fault: connection cut mid-response")


def _has_body(environ) -> bool:
    if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
        return True
    return int(environ.get("CONTENT_LENGTH") or 0) > 0


def _cut(sock) -> None:
    """Shuts the connection down hard (RST on close, no lingering)."""
    if sock is None:
        return
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _json_error(start_response, status: int, code: str, message: str):
    body = json.dumps({"code": code, "message": message}, ensure_ascii=False).encode()
    start_response(f"{status} {_reasons.get(status, '')}",
                   [("Content-Type", "application/json; charset=utf-8"),
                    ("Content-Length", str(len(body)))])
    return [body]
