import pytest

from window_client.devices.idcard.reader import SerialIdCardReader
from window_client.devices.idcard.simulator import IdCardSimulator

#: short per-reply timeout: the simulator answers in well under a millisecond
TIMEOUT = 0.3


@pytest.fixture
def simulator(tmp_path):
    """A simulated reader on a pty, reachable at a stable symlink (like
    /dev/serial/by-id/...) that disappears while it is stopped."""
    sim = IdCardSimulator(link=tmp_path / "idcard-reader")
    sim.start()
    yield sim
    sim.stop()


@pytest.fixture
def reader(simulator):
    r = SerialIdCardReader(simulator.port, timeout=TIMEOUT, poll_interval=0.02)
    yield r
    r.close()
