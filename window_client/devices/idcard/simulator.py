"""A simulated GA 467 reader on a pseudo-terminal, for tests and the settings
page's "test reader" button. It is never a source of real data: nothing selects it
unless asked for by name.

``IdCardSimulator`` opens a pty (POSIX only), serves the protocol from a thread on
the master side, and exposes the slave's path as ``port`` for
``SerialIdCardReader``. With ``link`` it keeps a symlink at that path pointing at
the current pty and removes it while stopped, like a USB reader's stable device
path that vanishes when unplugged. ``behaviour`` scripts what the reader does (see
``Behaviour``) and ``card`` what card lies on it; both may be changed at any time.

The sample cards are realistic text blocks for sandbox people; the photo bytes are
deterministic filler, not a wlt image (no open encoder exists)."""

from __future__ import annotations

import hashlib
import logging
import os
import select
import threading
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from ...core.validators import id_check_character
from ..errors import DriverUnavailable
from .protocol import (FIND_CARD, MIN_REQUEST_LEN, READ_TEXT_PHOTO, RESET_SAM, SAM_STATUS,
                       SELECT_CARD, SPARE_OFFSET, SPARE_SIZE, SW_FOUND, SW_NO_CARD, SW_OK,
                       SW_READ_FAILED, TEXT_SIZE, build_read_data, build_reply,
                       build_text_block, parse_request, take_frame)

logger = logging.getLogger(__name__)


class Behaviour(StrEnum):
    NORMAL = "normal"
    NO_CARD = "no_card"                  # find card answers 80
    REMOVED_MID_READ = "removed_mid_read"  # find/select fine, read answers 41
    REMOVED_CUT = "removed_cut"          # find/select fine, read reply stops halfway
    GARBAGE = "garbage"                  # noise (with a false preamble) before every reply
    CORRUPT_ONCE = "corrupt_once"        # one flipped bit in the next read reply only
    WRONG_CHECKSUM = "wrong_checksum"    # every read reply has a bad CHK
    WRONG_LENGTH = "wrong_length"        # read reply whose photo length disagrees
    SILENT = "silent"                    # never answers
    SAM_FAILURE = "sam_failure"          # SAM status answers 60


@dataclass(frozen=True)
class SimulatedCard:
    text: bytes  # 256-byte text block
    photo: bytes  # 1024 bytes, kept opaque like a real wlt


def _photo(seed: str) -> bytes:
    return hashlib.shake_256(seed.encode()).digest(1024)


def _number(first17: str) -> str:
    return first17 + id_check_character(first17)


def _card(fields: dict[str, str], flag: str = "") -> SimulatedCard:
    return SimulatedCard(build_text_block(fields, flag), _photo(fields["id_number"]))


def resident_card() -> SimulatedCard:
    """李娜, 360702200005180426, female, 汉, valid 2020-05-18 to 2040-05-18 (the
    sandbox's dates for her)."""
    return _card({"name": "李娜", "sex": "2", "nation_code": "01", "birth_date": "20000518",
                  "address": "江西省赣州市章贡区红旗大道20号3栋2单元501室",
                  "id_number": "360702200005180426", "issuing_authority": "赣州市公安局章贡分局",
                  "valid_from": "20200518", "valid_until": "20400518"})


def long_term_card() -> SimulatedCard:
    """王秀英, 11010519491231002X, valid for life (长期)."""
    return _card({"name": "王秀英", "sex": "2", "nation_code": "01", "birth_date": "19491231",
                  "address": "北京市朝阳区朝阳门外大街甲6号院2号楼1单元301号",
                  "id_number": "11010519491231002X", "issuing_authority": "北京市公安局朝阳分局",
                  "valid_from": "20100301", "valid_until": "长期"})


def expired_card() -> SimulatedCard:
    """赵磊, 360702200101010793, issued at 15 for five years: expired 2021-01-01."""
    return _card({"name": "赵磊", "sex": "1", "nation_code": "01", "birth_date": "20010101",
                  "address": "江西省赣州市章贡区文清路8号", "id_number": "360702200101010793",
                  "issuing_authority": "赣州市公安局章贡分局",
                  "valid_from": "20160101", "valid_until": "20210101"})


def minority_card() -> SimulatedCard:
    """A Miao applicant (nation code 06), to show the nation table at work."""
    return _card({"name": "龙春花", "sex": "2", "nation_code": "06", "birth_date": "19880707",
                  "address": "贵州省黔东南苗族侗族自治州凯里市北京东路15号",
                  "id_number": _number("52260119880707122"),
                  "issuing_authority": "凯里市公安局", "valid_from": "20180707",
                  "valid_until": "20380707"})


def foreign_card(version: int = 2017) -> SimulatedCard:
    """A foreign permanent resident card, 2017 (flag I) or 2023 (flag Y) layout."""
    if version == 2017:
        return _card({"english_name": "SMITH, JOHN WILLIAM", "sex": "1",
                      "id_number": "USA360085052001", "nationality": "USA", "name": "史密斯",
                      "valid_from": "20190610", "valid_until": "20290610",
                      "birth_date": "19850520", "card_version": "10",
                      "issuing_authority": "3600"}, "I")
    return _card({"name": "史密斯", "sex": "1", "renewal_count": "01",
                  "birth_date": "19850520", "english_name": "SMITH, JOHN WILLIAM",
                  "id_number": _number("93684019850520001"), "valid_from": "20240110",
                  "valid_until": "20340110", "nationality": "USA"}, "Y")


def residence_permit(region: str = "hk") -> SimulatedCard:
    """A Hong Kong (810000), Macao (820000) or Taiwan (830000) residence permit."""
    prefix, name, sex, pass_number = {
        "hk": ("810000", "陈家明", "1", "H01234567"),
        "macao": ("820000", "何嘉欣", "2", "M07654321"),
        "taiwan": ("830000", "林志豪", "1", "01234567"),
    }[region]
    return _card({"name": name, "sex": sex, "birth_date": "19900515",
                  "address": "江西省赣州市章贡区长征大道1号",
                  "id_number": _number(f"{prefix}19900515{'123' if sex == '1' else '124'}"),
                  "issuing_authority": "赣州市公安局章贡分局", "valid_from": "20230301",
                  "valid_until": "20280301", "pass_number": pass_number,
                  "issue_count": "01"}, "J")


def with_spare_bytes(card: SimulatedCard, spare: bytes) -> SimulatedCard:
    """``card`` with the resident layout's 36 spare bytes (reserved, the card-type
    flag, reserved2) replaced, as some readers hand them over: NULs, 0xFF, noise.
    ``spare`` is repeated to fill them."""
    if not spare:
        raise ValueError("spare must not be empty")
    fill = (spare * (SPARE_SIZE // len(spare) + 1))[:SPARE_SIZE]
    text = card.text[:SPARE_OFFSET] + fill + card.text[TEXT_SIZE:]
    return SimulatedCard(text, card.photo)


#: the sample cards by name (for a settings page's choice)
SAMPLE_CARDS = {
    "resident": resident_card, "long_term": long_term_card, "expired": expired_card,
    "minority": minority_card, "foreign_2017": lambda: foreign_card(2017),
    "foreign_2023": lambda: foreign_card(2023), "hk_permit": lambda: residence_permit("hk"),
    "macao_permit": lambda: residence_permit("macao"),
    "taiwan_permit": lambda: residence_permit("taiwan"),
}

_GARBAGE = b"\x00\xff\x13\xaa\xaa\x96\x55\xaa\xaa\xaa\x96\x69\xff\xff\x42"


class IdCardSimulator:
    """A reader on a pty. ``start()``/``stop()`` may be repeated (a stop is an
    unplug); also a context manager. ``requests`` records the (CMD, PARA) received."""

    def __init__(self, card: SimulatedCard | None = None,
                 behaviour: Behaviour = Behaviour.NORMAL, link: str | os.PathLike | None = None):
        self.card = card or resident_card()
        self.behaviour = behaviour
        self.link = Path(link) if link is not None else None
        self.requests: list[tuple[int, int]] = []
        self._master = self._slave = -1
        self._path = ""
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> str:
        """The path to give ``SerialIdCardReader``: the link if any, else the pty."""
        return str(self.link) if self.link is not None else self._path

    def __enter__(self) -> IdCardSimulator:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        if self._thread is not None:
            return
        if not hasattr(os, "openpty"):
            raise DriverUnavailable("模拟读卡器需要伪终端,只能在Linux/macOS上使用")
        import tty
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)  # no echo or line editing before the driver opens it
        os.set_blocking(self._master, False)
        self._path = os.ttyname(self._slave)
        if self.link is not None:
            tmp = self.link.with_name(self.link.name + ".new")
            tmp.unlink(missing_ok=True)
            tmp.symlink_to(self._path)
            os.replace(tmp, self.link)
        self._stop.clear()
        self._thread = threading.Thread(target=self._serve, name="idcard-simulator",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and close the pty: an open driver sees the port vanish."""
        if self._thread is None:
            return
        self._stop.set()
        self._thread.join(2)
        self._thread = None
        if self.link is not None:
            self.link.unlink(missing_ok=True)
        for fd in (self._master, self._slave):
            try:
                os.close(fd)
            except OSError:
                pass
        self._master = self._slave = -1

    def _serve(self) -> None:
        buffer = bytearray()
        while not self._stop.is_set():
            ready, _, _ = select.select([self._master], [], [], 0.02)
            if not ready:
                continue
            try:
                buffer += os.read(self._master, 4096)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:  # no slave open right now
                self._stop.wait(0.02)
                continue
            while (frame := take_frame(buffer, MIN_REQUEST_LEN)) is not None:
                self._send(self._answer(frame))

    def _send(self, data: bytes) -> None:
        try:
            os.write(self._master, data)
        except OSError:  # nobody reading, buffer full: a real line drops it too
            logger.debug("simulator reply dropped")

    def _answer(self, frame: bytes) -> bytes:
        """The bytes the reader sends back for one request frame."""
        behaviour = self.behaviour
        try:
            request = parse_request(frame)
        except Exception:  # noqa: BLE001 - a reader answers a bad frame with 10
            return build_reply(0x10)
        command = (request.cmd, request.para)
        self.requests.append(command)
        if len(self.requests) > 1000:  # a long demonstration keeps only the recent ones
            del self.requests[:500]
        if behaviour is Behaviour.SILENT:
            return b""
        prefix = _GARBAGE if behaviour is Behaviour.GARBAGE else b""
        if command == RESET_SAM:
            return prefix + build_reply(SW_OK)
        if command == SAM_STATUS:
            return prefix + build_reply(0x60 if behaviour is Behaviour.SAM_FAILURE else SW_OK)
        if command == FIND_CARD:
            if behaviour is Behaviour.NO_CARD:
                return prefix + build_reply(SW_NO_CARD, bytes(4))
            return prefix + build_reply(SW_FOUND, bytes(4))
        if command == SELECT_CARD:
            return prefix + build_reply(SW_OK, bytes(8))
        if command == READ_TEXT_PHOTO:
            return prefix + self._read_reply(behaviour)
        return prefix + build_reply(0x21)

    def _read_reply(self, behaviour: Behaviour) -> bytes:
        card = self.card
        reply = build_reply(SW_OK, build_read_data(card.text, card.photo))
        if behaviour is Behaviour.REMOVED_MID_READ:
            return build_reply(SW_READ_FAILED)
        if behaviour is Behaviour.REMOVED_CUT:
            return reply[:len(reply) // 2]
        if behaviour in (Behaviour.CORRUPT_ONCE, Behaviour.WRONG_CHECKSUM):
            damaged = bytearray(reply)
            if behaviour is Behaviour.CORRUPT_ONCE:
                damaged[300] ^= 0x04  # inside the text block
                self.behaviour = Behaviour.NORMAL
            else:
                damaged[-1] ^= 0xFF
            return bytes(damaged)
        if behaviour is Behaviour.WRONG_LENGTH:
            return build_reply(SW_OK, build_read_data(card.text, card.photo)[:-24])
        return reply
