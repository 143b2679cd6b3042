"""Device errors, each carrying what the clerk reads: a short Chinese ``message``
saying what went wrong and a ``fallback`` saying what to do now (retry, reconnect,
or type the data in by hand). ``str(error)`` is exactly that sentence, so a UI can
show it as is; ``detail`` holds the technical cause for the log and never contains
personal data."""

from __future__ import annotations

_MANUAL = "或手工录入身份证信息"


class DeviceError(Exception):
    """Base of every reader error. ``retryable`` tells a UI whether trying again
    with the same reader and card may help."""

    message = "读卡器出现故障"
    fallback = f"请重试,{_MANUAL}"
    retryable = True

    def __init__(self, detail: str = "", *, status: int | None = None) -> None:
        self.detail = detail
        self.status = status
        super().__init__(self.clerk_message)

    @property
    def clerk_message(self) -> str:
        """The sentence for the clerk: what happened, then what to do."""
        return f"{self.message},{self.fallback}"

    def __str__(self) -> str:
        return self.clerk_message

    def __repr__(self) -> str:
        status = f", status=0x{self.status:02X}" if self.status is not None else ""
        return f"{type(self).__name__}({self.detail!r}{status})"


# --- the reader itself --------------------------------------------------------

class DeviceNotFound(DeviceError):
    message = "未检测到读卡器"
    fallback = f"请检查USB连接,{_MANUAL}"


class DeviceBusy(DeviceError):
    message = "读卡器端口无法打开(可能被其他程序占用或没有权限)"
    fallback = f"请关闭其他读卡程序后重试,{_MANUAL}"


class DeviceDisconnected(DeviceError):
    message = "读卡器连接已断开"
    fallback = f"请检查USB连接后重试,{_MANUAL}"


class DeviceTimeout(DeviceError):
    message = "读卡器无响应(超时)"
    fallback = f"请检查读卡器电源和连接后重试,{_MANUAL}"


class SamError(DeviceError):
    """The reader's security module (SAM) failed its self-test or an
    authentication step; the reader has to be serviced."""

    message = "读卡器安全模块(SAM)故障"
    fallback = f"请联系设备管理员检修读卡器,{_MANUAL}"
    retryable = False


class DriverUnavailable(DeviceError):
    """A driver that cannot run here (vendor SDK missing, wrong platform)."""

    message = "读卡器驱动不可用"
    fallback = f"请改用串口读卡器,{_MANUAL}"
    retryable = False

    @property
    def clerk_message(self) -> str:
        """Says why (the detail is written for the clerk here), then what to do."""
        why = f"({self.detail})" if self.detail else ""
        return f"{self.message}{why},{self.fallback}"


# --- the link: frames that arrive damaged ----------------------------------------

class ProtocolError(DeviceError):
    message = "读卡器数据错误"
    fallback = "请重试,多次失败请手工录入身份证信息"


class ChecksumError(ProtocolError):
    message = "数据校验错误"


class LengthError(ProtocolError):
    message = "数据长度错误"


class TruncatedFrame(ProtocolError):
    """A reply began but stopped before its declared length."""

    message = "读卡器应答不完整"


# --- the card -------------------------------------------------------------------

class CardError(DeviceError):
    message = "读卡失败"
    fallback = f"请重新放置身份证后重试,{_MANUAL}"


class NoCard(CardError):
    message = "请将身份证放在读卡区"
    fallback = f"放好后再读;仍读不出时{_MANUAL}"


class CardRemoved(CardError):
    message = "读卡中身份证被移开"
    fallback = "请重新放置,放稳后再读"


class CardReadFailed(CardError):
    message = "读卡失败"


class UnsupportedCard(CardError):
    message = "无法识别的证件类型"
    fallback = "请手工录入证件信息"
    retryable = False

