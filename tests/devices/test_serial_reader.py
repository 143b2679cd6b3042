"""SerialIdCardReader against the simulator: real bytes through a pseudo-terminal."""

import datetime as dt
import logging
import threading
import time

import pytest

from window_client.devices.errors import (CardRemoved, ChecksumError, DeviceDisconnected,
                                          DeviceError, DeviceNotFound, DeviceTimeout,
                                          LengthError, NoCard, SamError)
from window_client.devices.idcard import IdCardReader, SerialIdCardReader, find_ports
from window_client.devices.idcard import protocol as p
from window_client.devices.idcard.model import CardType
from window_client.devices.idcard.simulator import (Behaviour, IdCardSimulator, expired_card,
                                                    foreign_card, long_term_card,
                                                    residence_permit, resident_card,
                                                    with_spare_bytes)

from .conftest import TIMEOUT


def test_the_driver_satisfies_the_interface(reader):
    assert isinstance(reader, IdCardReader)
    assert reader.port in reader.name


def test_normal_read_gives_every_field_and_the_photo_bytes(simulator, reader):
    card = reader.read_card()
    assert card.card_type is CardType.RESIDENT_ID
    assert (card.name, card.sex, card.nation, card.id_number) == (
        "李娜", "female", "汉", "360702200005180426")
    assert card.birth_date == dt.date(2000, 5, 18)
    assert card.address == "江西省赣州市章贡区红旗大道20号3栋2单元501室"
    assert card.issuing_authority == "赣州市公安局章贡分局"
    assert (card.valid_from, card.valid_until) == (dt.date(2020, 5, 18), dt.date(2040, 5, 18))
    assert card.photo_raw == resident_card().photo
    # open reset the SAM and asked its status, then find, select, read
    assert simulator.requests == [p.RESET_SAM, p.SAM_STATUS, p.FIND_CARD, p.SELECT_CARD,
                                  p.READ_TEXT_PHOTO]
    assert reader.status() == "读卡器就绪"
    assert reader.read_card().id_number == card.id_number  # again, same open port


def test_no_card_raises_nocard_with_the_chinese_message(simulator, reader):
    simulator.behaviour = Behaviour.NO_CARD
    with pytest.raises(NoCard) as caught:
        reader.read_card()
    assert "请将身份证放在读卡区" in str(caught.value)
    assert caught.value.retryable and caught.value.status == 0x80


def test_read_waits_for_a_card_to_be_placed(simulator, reader):
    simulator.behaviour = Behaviour.NO_CARD
    threading.Timer(0.15, lambda: setattr(simulator, "behaviour", Behaviour.NORMAL)).start()
    start = time.monotonic()
    assert reader.read_card(timeout_s=2).name == "李娜"
    assert time.monotonic() - start < 1.5
    finds = simulator.requests.count(p.FIND_CARD)
    assert finds > 1  # polled


def test_waiting_for_a_card_gives_up_after_timeout_s(simulator, reader):
    simulator.behaviour = Behaviour.NO_CARD
    start = time.monotonic()
    with pytest.raises(NoCard):
        reader.read_card(timeout_s=0.3)
    assert 0.2 < time.monotonic() - start < 1.0


@pytest.mark.parametrize("behaviour", [Behaviour.REMOVED_MID_READ, Behaviour.REMOVED_CUT])
def test_card_removed_mid_read(simulator, reader, behaviour):
    simulator.behaviour = behaviour
    with pytest.raises(CardRemoved) as caught:
        reader.read_card()
    assert "读卡中身份证被移开,请重新放置" in str(caught.value)
    assert simulator.requests[-3:] == [p.FIND_CARD, p.SELECT_CARD, p.READ_TEXT_PHOTO]
    simulator.behaviour = Behaviour.NORMAL  # put back: the next read works
    assert reader.read_card().name == "李娜"


def test_garbage_before_every_frame_is_skipped(simulator, reader):
    simulator.behaviour = Behaviour.GARBAGE
    card = reader.read_card()
    assert card.id_number == "360702200005180426" and card.photo_raw == resident_card().photo
    assert simulator.requests.count(p.READ_TEXT_PHOTO) == 1  # recovered without a retry


def test_a_flipped_bit_is_caught_and_the_read_retried(simulator, reader, caplog):
    simulator.behaviour = Behaviour.CORRUPT_ONCE
    with caplog.at_level(logging.INFO, logger="window_client.devices"):
        card = reader.read_card()
    assert card.name == "李娜" and card.warnings == ()
    assert simulator.requests.count(p.READ_TEXT_PHOTO) == 2
    assert "重新读卡" in caplog.text


def test_a_flipped_bit_is_reported_when_retries_are_off(simulator):
    simulator.behaviour = Behaviour.CORRUPT_ONCE
    with SerialIdCardReader(simulator.port, timeout=TIMEOUT, retries=0) as reader:
        with pytest.raises(ChecksumError):
            reader.read_card()


def test_wrong_checksum_is_reported(simulator, reader):
    simulator.behaviour = Behaviour.WRONG_CHECKSUM
    with pytest.raises(ChecksumError) as caught:
        reader.read_card()
    assert "数据校验错误,请重试" in str(caught.value)
    assert simulator.requests.count(p.READ_TEXT_PHOTO) == 2  # one retry, then reported


def test_wrong_length_is_reported(simulator, reader):
    simulator.behaviour = Behaviour.WRONG_LENGTH
    with pytest.raises(LengthError) as caught:
        reader.read_card()
    assert "数据长度错误" in str(caught.value)


def test_silent_device_times_out_within_the_configured_time(simulator):
    simulator.behaviour = Behaviour.SILENT
    reader = SerialIdCardReader(simulator.port, timeout=0.2)
    start = time.monotonic()
    with pytest.raises(DeviceTimeout) as caught:
        reader.read_card(timeout_s=5)
    assert time.monotonic() - start < 0.5
    assert "读卡器无响应(超时)" in str(caught.value)
    assert not reader.is_open  # a failed open leaves nothing half-open
    simulator.behaviour = Behaviour.NORMAL
    assert reader.read_card().name == "李娜"
    reader.close()


def test_device_silent_after_open_times_out_on_find(simulator, reader):
    reader.open()
    simulator.behaviour = Behaviour.SILENT
    start = time.monotonic()
    with pytest.raises(DeviceTimeout):
        reader.read_card(timeout_s=5)
    assert time.monotonic() - start < TIMEOUT + 0.3
    assert "超时" in reader.status()


def test_sam_self_test_failure_on_open(simulator, reader):
    simulator.behaviour = Behaviour.SAM_FAILURE
    with pytest.raises(SamError) as caught:
        reader.open()
    assert caught.value.status == 0x60 and not caught.value.retryable
    assert reader.status() == "读卡器未打开"


def test_reopen_after_the_reader_is_unplugged_and_plugged_back(simulator, reader):
    assert reader.read_card().name == "李娜"
    simulator.stop()  # unplugged: the pty closes and the device path vanishes
    with pytest.raises(DeviceDisconnected) as caught:
        reader.read_card()
    assert "连接已断开" in str(caught.value)
    assert not reader.is_open
    with pytest.raises(DeviceNotFound) as caught:
        reader.read_card()
    assert "未检测到读卡器,请检查USB连接,或手工录入身份证信息" == str(caught.value)
    simulator.start()  # plugged back in: same path, new pty
    assert reader.read_card().name == "李娜"


def test_missing_port_is_device_not_found(tmp_path):
    reader = SerialIdCardReader(str(tmp_path / "no-such-port"), timeout=TIMEOUT)
    with pytest.raises(DeviceNotFound):
        reader.open()
    assert reader.status() == "读卡器未打开"


@pytest.mark.parametrize("make, expected", [
    (expired_card, CardType.RESIDENT_ID),
    (long_term_card, CardType.RESIDENT_ID),
    (lambda: foreign_card(2017), CardType.FOREIGN_PERMANENT_RESIDENT),
    (lambda: foreign_card(2023), CardType.FOREIGN_PERMANENT_RESIDENT),
    (lambda: residence_permit("hk"), CardType.HK_MACAO_RESIDENCE_PERMIT),
    (lambda: residence_permit("taiwan"), CardType.TAIWAN_RESIDENCE_PERMIT),
])
def test_other_cards_over_the_wire(simulator, reader, make, expected):
    simulator.card = make()
    card = reader.read_card()
    assert card.card_type is expected
    assert card.photo_raw == simulator.card.photo


def test_expired_and_long_term_cards_over_the_wire(simulator, reader):
    simulator.card = expired_card()
    assert reader.read_card().expired(dt.date(2026, 6, 1))
    simulator.card = long_term_card()
    card = reader.read_card()
    assert card.long_term and not card.expired(dt.date(2100, 1, 1))
    assert card.form_values()["applicant.id_valid_until"] == "长期"


@pytest.mark.parametrize("spare", [b"\xff", bytes(range(7, 43)), b"Q\x00"])
def test_a_card_with_odd_spare_bytes_is_read_over_the_wire(simulator, reader, caplog, spare):
    simulator.card = with_spare_bytes(resident_card(), spare)
    assert p.card_flag(simulator.card.text) not in p.LAYOUTS  # was thrown away as unknown
    with caplog.at_level(logging.INFO, logger="window_client.devices"):
        card = reader.read_card()
    assert card.card_type is CardType.RESIDENT_ID and card.warnings == ()
    assert (card.name, card.id_number, card.sex, card.nation) == (
        "李娜", "360702200005180426", "female", "汉")
    assert card.valid_until == dt.date(2040, 5, 18)
    assert card.photo_raw == resident_card().photo
    assert card.form_values()["applicant.id_number"] == "360702200005180426"
    assert "按居民身份证读取" in caplog.text and "读卡成功" in caplog.text
    assert card.id_number not in caplog.text and card.name not in caplog.text


def test_logs_never_hold_the_full_number_or_name(simulator, reader, caplog):
    with caplog.at_level(logging.DEBUG, logger="window_client.devices"):
        card = reader.read_card()
        simulator.behaviour = Behaviour.WRONG_CHECKSUM
        with pytest.raises(DeviceError):
            reader.read_card()
    assert "读卡成功" in caplog.text
    assert card.id_number not in caplog.text and card.name not in caplog.text


def test_the_reader_is_safe_to_share_between_threads(simulator, reader):
    results: list[str] = []

    def read() -> None:
        results.append(reader.read_card().id_number)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(5)
    assert results == ["360702200005180426"] * 4


def test_two_readers_cannot_share_one_port(simulator, reader):
    reader.open()
    other = SerialIdCardReader(simulator.port, timeout=TIMEOUT)
    with pytest.raises(DeviceError) as caught:
        other.open()
    assert "占用" in str(caught.value)


def test_find_ports_lists_candidates():
    ports = find_ports()
    assert isinstance(ports, list)
    assert all(p.device for p in ports)
    assert [p.usb for p in ports] == sorted((p.usb for p in ports), reverse=True)


def test_simulator_answers_an_unknown_command_and_a_bad_frame(simulator):
    import serial
    with serial.Serial(simulator.port, 115200, timeout=TIMEOUT) as port:
        port.write(p.build_request(0x12, 0xFF))
        assert p.parse_reply(port.read(11)).sw3 == 0x21
        bad = bytearray(p.build_request(*p.FIND_CARD))
        bad[-1] ^= 0xFF
        port.write(bytes(bad))
        assert p.parse_reply(port.read(11)).sw3 == 0x10


def test_simulator_restarts_without_a_link(tmp_path):
    with IdCardSimulator() as sim:
        assert sim.port.startswith("/dev/")
        with SerialIdCardReader(sim.port, timeout=TIMEOUT) as reader:
            assert reader.read_card().name == "李娜"
