"""What a clerk reads when the network fails: a Chinese sentence that says what
happened and what to do, never an exception's class name (it goes to the log and
to the error's ``code``). Each failure is a real one on 127.0.0.1."""

import re
import socket
import threading

import pytest

from window_client.platform.client import ConnectionSettings, PlatformClient
from window_client.platform.errors import Unreachable

CLASS_NAME = re.compile(r"[A-Z][a-z]+(Error|Timeout|Exception)")


def _listener(handle):
    """A TCP server on 127.0.0.1 that runs ``handle(conn)`` for each connection."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def serve():
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            threading.Thread(target=handle, args=(conn,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    return server


def _reset(conn):
    conn.recv(65536)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    conn.close()


def _silent(conn):
    conn.recv(65536)   # reads the request and never answers


def _half_body(conn):
    conn.recv(65536)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                 b"Content-Length: 1000\r\n\r\n{\"a\":")
    conn.close()


@pytest.mark.parametrize("case", ["refused", "reset", "silent", "half_body", "tls"])
def test_network_failures_read_as_chinese_advice(case):
    server = None
    if case == "refused":
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()   # nothing listens there now
    else:
        handler = {"reset": _reset, "silent": _silent, "half_body": _half_body,
                   "tls": _silent}[case]
        server = _listener(handler)
        port = server.getsockname()[1]
    scheme = "https" if case == "tls" else "http"
    client = PlatformClient(ConnectionSettings(base_url=f"{scheme}://127.0.0.1:{port}/api/v1",
                                               connect_timeout=1, read_timeout=1))
    try:
        with pytest.raises(Unreachable) as caught:
            client.sign_in("wangli", "window2026")
    finally:
        if server is not None:
            server.close()
    text = caught.value.describe()
    assert text.startswith("无法连接平台") and "办件已保存在本机" in text, text
    assert not CLASS_NAME.search(text), text
    assert caught.value.code and CLASS_NAME.search(caught.value.code) or \
        caught.value.code == "deadline", caught.value.code
