"""The token state shared by the sync thread and the look-up pool: an expired
access token is refreshed once, however many threads meet the 401 together."""

from __future__ import annotations

import threading

from window_client.platform.client import ConnectionSettings, PlatformClient

from .broken import Proxy
from .helpers import DEMO_PASSWORD, DEMO_USER


def test_threads_meeting_an_expired_token_refresh_it_once(sandbox):
    with Proxy(sandbox.base_url) as proxy:
        client = PlatformClient(ConnectionSettings(base_url=proxy.url, read_timeout=10))
        client.sign_in(DEMO_USER, DEMO_PASSWORD)
        sandbox.set_faults(token_ttl=300)
        sandbox.advance_clock(600)  # every token issued so far has expired; a fresh
        # one lives 300 s, so a slow machine never needs a second, legitimate refresh
        start = threading.Barrier(8)
        errors: list[BaseException] = []

        def lookup() -> None:
            start.wait()
            try:
                client.catalog_info()
                client.calendar(2026)
            except BaseException as exc:  # noqa: BLE001 - collected for the assert
                errors.append(exc)

        threads = [threading.Thread(target=lookup) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert not errors, errors
        refreshes = [p for m, p in proxy.seen if p.endswith("/auth/refresh")]
        assert len(refreshes) == 1, refreshes
        assert client.tokens.access and client.tokens.refresh
