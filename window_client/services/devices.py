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

if TYPE_CHECKING:  # the readers import pyserial: loaded when a reader is made
    from window_client.devices.idcard import IdCardData, IdCardReader, SerialIdCardReader

logger = logging.getLogger(__name__)

READER_KINDS = {"none": "未配置(手工录入)", "serial": "串口读卡器(GA 467)",
                "vendor": "厂商SDK(Windows)", "simulator": "模拟读卡器(演示)"}


class ReaderNotConfigured(RuntimeError):
    def __init__(self) -> None:
        super().__init__("未配置身份证读卡器,请手工录入并核对证件原件(可在“设备”中设置读卡器)")


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

    name = "模拟读卡器"

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
        return self.reader.status() if self.reader else "未打开"


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
    labels = {f"{prefix}.name": "姓名", f"{prefix}.id_number": "身份证号码",
              f"{prefix}.address": "住址"}
    differences = [f"{label}与证件不一致(录入“{typed[k]}”)" if k.endswith("name")
                   else f"{label}与证件不一致"
                   for k, label in labels.items()
                   if typed.get(k) and values.get(k) and typed[k].strip().upper() != values[k].upper()]
    warnings = list(card.warnings)
    if card.expired(today or dt.date.today()):
        warnings.insert(0, f"证件已过期(有效期至{card.valid_until_text}),请申请人出示有效证件")
    if card.card_type.value != "resident_id":
        warnings.append(f"证件类型:{card.card_type.label}")
    logger.info("card read: %s", mask_id_number(card.id_number))
    return CardReadResult(values, differences, warnings, mask_id_number(card.id_number))
