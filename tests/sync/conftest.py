import pytest

from platform_sandbox.testing import SandboxServer


@pytest.fixture
def sandbox(tmp_path):
    with SandboxServer(db=tmp_path / "platform.sqlite3") as sb:
        yield sb


@pytest.fixture
def clock():
    from .helpers import Clock
    return Clock()
