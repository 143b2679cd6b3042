"""The vendor SDK adapter off Windows, and the package's import boundary."""

import subprocess
import sys

import pytest

from window_client.devices.errors import DeviceError, DriverUnavailable
from window_client.devices.idcard import decode_photo
from window_client.devices.idcard.simulator import resident_card
from window_client.devices.idcard.vendor import VendorSdkReader

from tests.conftest import ROOT

windows = sys.platform == "win32"


@pytest.mark.skipif(windows, reason="checks the behaviour off Windows")
@pytest.mark.parametrize("sdk", ["sdtapi", "termb"])
def test_vendor_reader_refuses_to_construct_off_windows(sdk):
    with pytest.raises(DriverUnavailable) as caught:
        VendorSdkReader(sdk)
    message = str(caught.value)
    assert "Windows" in message and f"{sdk}.dll" in message
    assert "手工录入" in message
    assert isinstance(caught.value, DeviceError) and not caught.value.retryable


def test_vendor_reader_rejects_an_unknown_sdk():
    with pytest.raises(ValueError):
        VendorSdkReader("nosuch")


@pytest.mark.skipif(windows, reason="no decoder can be installed off Windows")
def test_decode_photo_returns_none_without_a_vendor_decoder():
    assert decode_photo(resident_card().photo) is None
    assert decode_photo(b"") is None


def test_devices_import_no_qt_and_no_database():
    code = ("import sys\n"
            "import window_client.devices, window_client.devices.idcard\n"
            "import window_client.devices.idcard.simulator\n"
            "print(' '.join(sorted(sys.modules)))")
    loaded = set(subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True,
                                capture_output=True, text=True).stdout.split())
    top = {name.split(".")[0] for name in loaded}
    assert not top & {"PySide6", "shiboken6", "sqlalchemy", "requests"}

