"""The devices a window is configured with, built from settings. Every reader
satisfies the same interface; "none" means typed entry only. The simulator is a
demonstration reader on a pseudo-terminal, selected only explicitly."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from window_client.core.masking import mask_id_number
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
