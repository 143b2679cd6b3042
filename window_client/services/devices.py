"""The devices a window is configured with, built from settings. Every reader
satisfies the same interface; "none" means typed entry only. The simulator is a
demonstration reader on a pseudo-terminal, selected only explicitly."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from window_client.core.masking import mask_id_number
from window_client.devices.errors import DeviceError
from window_client.settings import Settings

from . import messages

if TYPE_CHECKING:  # the readers import pyserial: loaded when a reader is made
    from window_client.devices.idcard import IdCardData, IdCardReader, SerialIdCardReader

logger = logging.getLogger(__name__)

READER_KINDS = messages.READER_KINDS


class ReaderNotConfigured(RuntimeError):
    def __init__(self) -> None:
        super().__init__(messages.READER_NOT_CONFIGURED)


def make_id_reader(settings: Settings) -> IdCardReader:
    """The reader from settings (not yet opened), or ReaderNotConfigured."""
    kind = settings.idcard_reader
    if kind == "serial":
        from window_client.devices.idcard import SerialIdCardReader
        return SerialIdCardReader(settings.idcard_port)
    if kind == "vendor":
        from window_client.devices.idcard import VendorSdkReader
        return VendorSdkReader()
    if kind == "simulator":
        return SimulatorReader()
    raise ReaderNotConfigured()


class SimulatorReader:
    """The GA 467 serial driver talking to the simulated reader on a pty: the whole
    real code path, for demonstrations and the settings page's reader test."""

    name = messages.SIMULATOR_READER_NAME

    def __init__(self) -> None:
        from window_client.devices.idcard.simulator import IdCardSimulator
        self.simulator = IdCardSimulator()
        self.reader: SerialIdCardReader | None = None

    def open(self) -> None:
        from window_client.devices.idcard import SerialIdCardReader
        self.simulator.start()
        self.reader = SerialIdCardReader(self.simulator.port)
        self.reader.open()

    def close(self) -> None:
        if self.reader is not None:
            self.reader.close()
        self.simulator.stop()

    def read_card(self, timeout_s: float = 3.0) -> IdCardData:
        if self.reader is None:
            from window_client.devices.errors import DeviceNotFound
            raise DeviceNotFound("simulator reader not opened")
        return self.reader.read_card(timeout_s)

    def status(self) -> str:
        return self.reader.status() if self.reader else messages.READER_NOT_OPENED


@dataclass(frozen=True)
class CardReadResult:
    values: dict[str, str]          # data-dictionary key → value from the card
    differences: list[str]          # typed values that disagree with the card, in Chinese
    warnings: list[str]             # expired card, other card types, consistency notes
    masked_id: str


def read_once(settings: Settings, prefix: str, typed: dict[str, str],
              today: dt.date | None = None) -> CardReadResult:
    """Opens the reader, reads one card, closes it; runs off the UI thread. Errors
    are the devices package's DeviceError with a Chinese message."""
    reader = make_id_reader(settings)
    reader.open()
    try:
        card = reader.read_card(3.0)
    finally:
        reader.close()
    values = card.form_values(prefix)
    labels = {f"{prefix}.{name}": label for name, label in messages.CARD_FIELD_LABELS.items()}
    differences = [messages.CARD_DIFFERS_FROM_TYPED.format(label=label, typed=typed[k])
                   if k.endswith("name") else messages.CARD_DIFFERS.format(label=label)
                   for k, label in labels.items()
                   if typed.get(k) and values.get(k) and typed[k].strip().upper() != values[k].upper()]
    warnings = list(card.warnings)
    if card.expired(today or dt.date.today()):
        warnings.insert(0, messages.CARD_EXPIRED.format(valid_until=card.valid_until_text))
    if card.card_type.value != "resident_id":
        warnings.append(messages.CARD_TYPE.format(card_type=card.card_type.label))
    logger.info("card read: %s", mask_id_number(card.id_number))
    return CardReadResult(values, differences, warnings, mask_id_number(card.id_number))


class ReaderInUse(DeviceError):
    """The one reader is reading for the other screen of this window."""

    retryable = True

    def __init__(self, screen: str) -> None:
        self.screen = screen
        self.message = messages.READER_IN_USE.format(
            screen=messages.READER_SCREENS.get(screen, screen))
        self.fallback = messages.READER_IN_USE_FALLBACK
        super().__init__(f"reader held by {screen}")


class ReaderService:
    """THE ID card reader of one installation: the acceptance page and the issuance
    counter read through it, so only one of them has the port open at a time. A
    second read while one is running waits ``wait_s`` (the first ends within its
    card timeout), then is refused with ReaderInUse naming the screen that holds
    it — never the serial port's own "busy, maybe another program" (DeviceBusy),
    which would send the clerk looking for a program that is not there."""

    def __init__(self, settings: Settings, *, wait_s: float = 0.5,
                 read: Callable[[Settings, str, dict[str, str]], CardReadResult] | None = None
                 ) -> None:
        self.settings = settings
        self.wait_s = wait_s
        self._read = read or read_once
        self._lock = threading.Lock()
        self.holder = ""          # the screen reading now ("" = idle)

    def read(self, prefix: str, typed: dict[str, str], *, screen: str) -> CardReadResult:
        """One card for ``screen`` ("acceptance" | "issuance"), off the UI thread."""
        if not self._lock.acquire(timeout=self.wait_s):
            logger.info("card read for %s refused: the reader reads for %s", screen, self.holder)
            raise ReaderInUse(self.holder or "?")
        try:
            self.holder = screen
            return self._read(self.settings, prefix, typed)
        finally:
            self.holder = ""
            self._lock.release()

    def for_screen(self, screen: str) -> Callable[[str, dict[str, str]], CardReadResult]:
        """The (prefix, typed) → result callable a view is given."""
        return lambda prefix, typed: self.read(prefix, typed, screen=screen)
