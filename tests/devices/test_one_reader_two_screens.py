"""One ID card reader, two screens: the acceptance page and the issuance counter read
through the Wiring's one ReaderService, over a real pseudo-terminal (the GA 467
simulator). While one screen waits for a card, the other is told which screen
holds the reader — not the serial port's "maybe another program" — and reads
normally once the first is done."""

from __future__ import annotations

import threading
import time

import pytest

from window_client.devices.errors import DeviceBusy
from window_client.devices.idcard.simulator import Behaviour, IdCardSimulator
from window_client.services.devices import ReaderInUse, ReaderService, read_once
from window_client.settings import Settings


@pytest.fixture
def waiting_reader(tmp_path):
    """A reader with no card on it yet: a read polls for up to its 3 s timeout."""
    sim = IdCardSimulator(behaviour=Behaviour.NO_CARD, link=tmp_path / "idcard-reader")
    sim.start()
    yield sim, Settings(idcard_reader="serial", idcard_port=sim.port)
    sim.stop()


def _in_background(call):
    out: dict = {}

    def run():
        try:
            out["result"] = call()
        except Exception as exc:  # noqa: BLE001 - handed to the test
            out["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    return thread, out


def test_the_second_screen_is_told_who_reads_and_reads_after(waiting_reader):
    sim, settings = waiting_reader
    service = ReaderService(settings, wait_s=0.2)
    acceptance = service.for_screen("acceptance")
    issuance = service.for_screen("issuance")
    first, got = _in_background(lambda: acceptance("applicant", {}))
    deadline = time.monotonic() + 5
    while service.holder != "acceptance" and time.monotonic() < deadline:
        time.sleep(0.01)
    assert service.holder == "acceptance"
    with pytest.raises(ReaderInUse) as refused:
        issuance("applicant", {})
    assert "受理" in str(refused.value) and "手工录入" in str(refused.value)
    assert "其他程序" not in str(refused.value)
    sim.behaviour = Behaviour.NORMAL          # the citizen puts the card down
    first.join(10)
    assert "error" not in got, got.get("error")
    assert got["result"].values["applicant.id_number"]
    assert service.holder == ""
    again = issuance("applicant", {})         # the counter's turn: the port is free
    assert again.masked_id == got["result"].masked_id


def test_without_the_one_service_the_two_reads_fight_over_the_port(waiting_reader):
    """What the service prevents: two readers opening the port at once, the second
    refused by the port with a message that blames another program."""
    sim, settings = waiting_reader
    first, got = _in_background(lambda: read_once(settings, "applicant", {}))
    time.sleep(0.3)
    with pytest.raises(DeviceBusy):
        read_once(settings, "applicant", {})
    sim.behaviour = Behaviour.NORMAL
    first.join(10)
    assert "result" in got, got.get("error")


def test_the_wiring_gives_both_screens_the_same_reader(tmp_path, catalog):
    from window_client.core.roles import Clerk, Role
    from window_client.settings import Paths
    from window_client.store.db import open_database
    from window_client.wiring import Wiring
    paths = Paths(tmp_path / "c", tmp_path / "d", tmp_path / "l")
    wiring = Wiring(paths, Settings(idcard_reader="simulator"), catalog,
                    open_database(tmp_path / "s.sqlite3"), has_platform=False)
    services = wiring.for_clerk(Clerk("lisi", "李四", Role.MANAGER))
    assert services.read_card is not None and services.read_collector_card is not None
    assert services.read_card.__closure__ and services.read_collector_card.__closure__
    owners = {id(c.cell_contents) for f in (services.read_card, services.read_collector_card)
              for c in f.__closure__ if isinstance(c.cell_contents, ReaderService)}
    assert owners == {id(wiring.reader)}
