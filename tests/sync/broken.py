"""Broken platforms on 127.0.0.1 for the fault tests.

- ``Proxy``: forwards every request to the real sandbox and lets a test rewrite
  the answer to chosen requests (a duplicate case number for one case, a 100,000
  level deep JSON body for another, a malformed case number…), so the rest of the
  queue meets the real platform.
- ``TrickleServer``: answers with headers and then one byte at a time, for ever.
- ``FeedServer``: a change feed that never ends (every page one event further) or
  whose cursor never moves.
Each counts the requests it saw."""

from __future__ import annotations

import http.client
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

Rewrite = Callable[[str, str, bytes, int, bytes], "tuple[int, str, bytes] | None"]


class _Server:
    server: ThreadingHTTPServer

    def start(self) -> _Server:
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/v1"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


class Proxy(_Server):
    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        self.host, self.port = parts.hostname, parts.port
        self.rewrites: list[Rewrite] = []
        self.seen: list[tuple[str, str]] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                proxy.seen.append((self.command, self.path))
                conn = http.client.HTTPConnection(proxy.host, proxy.port, timeout=30)
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("host", "connection")}
                conn.request(self.command, self.path, body=body, headers=headers)
                up = conn.getresponse()
                status, ctype, answer = up.status, up.getheader("Content-Type", ""), up.read()
                conn.close()
                for rewrite in proxy.rewrites:
                    changed = rewrite(self.command, self.path, body, status, answer)
                    if changed is not None:
                        status, ctype, answer = changed
                        break
                self.send_response(status)
                if ctype:
                    self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            do_GET = do_POST = do_PUT = _forward

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True


def rewrite_case_answer(client_uuid: str, change: Callable[[dict], dict | bytes]) -> Rewrite:
    """Rewrites the platform's answer to ``PUT /cases/<client_uuid>``."""
    def rewrite(method: str, path: str, body: bytes, status: int, answer: bytes):
        if method == "PUT" and path.endswith(f"/cases/{client_uuid}") and status in (200, 201):
            new = change(json.loads(answer))
            return status, "application/json", new if isinstance(new, bytes) else \
                json.dumps(new).encode()
        return None
    return rewrite


def deep_json(levels: int = 100_000) -> bytes:
    return b"[" * levels + b"]" * levels


class TrickleServer(_Server):
    """Every request: a 200 JSON header block, then one byte every ``gap`` s."""

    def __init__(self, gap: float = 0.3, headers_too: bool = False) -> None:
        self.requests = 0
        self.stopped = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _trickle(self) -> None:
                outer.requests += 1
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                head = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                        b"Content-Length: 1000000\r\n\r\n")
                try:
                    if headers_too:  # even the status line comes a byte at a time
                        for b in head:
                            if outer.stopped.is_set():
                                return
                            self.wfile.write(bytes([b]))
                            self.wfile.flush()
                            time.sleep(gap)
                    else:
                        self.wfile.write(head)
                    self.wfile.write(b'{"missing": [')
                    while not outer.stopped.is_set():
                        self.wfile.write(b" ")
                        self.wfile.flush()
                        time.sleep(gap)
                except (OSError, BrokenPipeError, ConnectionResetError):
                    return

            do_GET = do_POST = do_PUT = _trickle

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True

    def stop(self) -> None:
        self.stopped.set()
        super().stop()


class FeedServer(_Server):
    """``/changes``: ``mode="endless"`` answers every cursor with one event further
    (for a case of another window); ``mode="stuck"`` answers with events but
    the cursor it was asked with. Everything else answers an empty manifest."""

    def __init__(self, mode: str = "endless") -> None:
        self.mode = mode
        self.pages = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                parts = urlsplit(self.path)
                if parts.path.endswith("/changes"):
                    outer.pages += 1
                    cursor = int(parse_qs(parts.query).get("cursor", ["0"])[0])
                    seq = cursor + 1
                    event = {"seq": seq, "case_no": f"GZ20261201{seq:05d}",
                             "client_uuid": f"00000000-0000-4000-8000-{seq:012d}",
                             "type": "accepted", "at": "2026-12-01T09:00:00+08:00"}
                    body = {"events": [event],
                            "next_cursor": seq if outer.mode == "endless" else cursor}
                else:
                    body = {"missing": []}
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = _answer

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
