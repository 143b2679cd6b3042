"""A local stand-in for the city's one-window platform (一窗式综合服务平台).

It implements ``docs/platform-api.yaml`` over real HTTP with real persistence, a
back office that moves cases along, and fault switches for tests. It is a
development and test tool: it is never shipped with the window client, and
``window_client`` must not import it.

Entry points: ``python -m platform_sandbox`` (see ``__main__``),
:func:`platform_sandbox.app.create_app` (the WSGI app) and
:mod:`platform_sandbox.testing` (``SandboxServer``, ``start_subprocess``).
"""

API_PREFIX = "/api/v1"
ADMIN_PREFIX = "/_sandbox"
