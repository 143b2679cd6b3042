"""Second-generation ID card readers.

``SerialIdCardReader`` speaks GA 467 on a serial port (pyserial); ``VendorSdkReader``
wraps a vendor DLL on Windows; both satisfy ``IdCardReader`` and return
``IdCardData``. ``decode_photo`` decodes the card photo only through an installed
vendor library. The simulator (``devices.idcard.simulator``) is not exported here:
it is only ever selected explicitly, for tests and the reader test in settings."""

from .model import NATIONS, CardType, IdCardData, nation_name, recognise
from .reader import IdCardReader, PortCandidate, SerialIdCardReader, find_ports
from .vendor import VendorSdkReader, decode_photo

__all__ = [
    "NATIONS", "CardType", "IdCardData", "IdCardReader", "PortCandidate",
    "SerialIdCardReader", "VendorSdkReader", "decode_photo", "find_ports", "nation_name",
    "recognise",
]
