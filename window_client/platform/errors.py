"""What can go wrong talking to the platform, in a form the sync engine can act on:
retry later (unreachable, server error, malformed answer), sign in again (auth),
or stop and show the clerk (conflict, invalid)."""

from __future__ import annotations


class PlatformError(Exception):
    retryable = True
    label = "平台错误"

    def __init__(self, message: str, *, status: int | None = None, code: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.code = code

    def describe(self) -> str:
        where = f"(HTTP {self.status})" if self.status else ""
        return f"{self.label}{where}:{self}"


class Unreachable(PlatformError):
    label = "无法连接平台"


class ServerError(PlatformError):
    label = "平台暂时出错"


class MalformedResponse(PlatformError):
    label = "平台返回的数据无法识别"


class AuthError(PlatformError):
    label = "平台登录已失效"


class Conflict(PlatformError):
    retryable = False
    label = "平台拒绝:操作与办件当前状态不符"


class Invalid(PlatformError):
    retryable = False
    label = "平台拒绝:数据不完整"

    def __init__(self, message: str, *, status: int | None = None, code: str = "",
                 missing: list[str] | None = None) -> None:
        super().__init__(message, status=status, code=code)
        self.missing = missing or []


# what a network failure means at the counter, by the requests exception behind it
# (its class name goes to the log and to ``code``, never to the clerk)
_NETWORK_TEXTS: tuple[tuple[str, str], ...] = (
    ("SSLError", "平台证书校验失败(证书过期、本机时间不准或未安装单位根证书)。"
                 "请联系技术支持;办件已保存在本机,修复后自动提交"),
    ("ProxyError", "代理服务器不通。请联系技术支持检查本机的代理设置;办件已保存在本机"),
    ("ConnectTimeout", "连接平台超时,网络可能中断或很慢。请检查网络;办件已保存在本机,联网后自动提交"),
    ("ReadTimeout", "平台长时间没有应答。稍后自动重试;办件已保存在本机"),
    ("ChunkedEncodingError", "平台的应答中途断开。稍后自动重试;办件已保存在本机"),
    ("ContentDecodingError", "平台的应答中途断开。稍后自动重试;办件已保存在本机"),
    ("ConnectionError", "连不上平台(网络不通或平台服务未开)。请检查网线或无线网络,"
                        "仍不通请联系大厅网络管理员;办件已保存在本机,联网后自动提交"),
)
_NETWORK_OTHER = "与平台通信失败。稍后自动重试;多次失败请联系技术支持,办件已保存在本机"


def network_failure_text(exc: BaseException, *, reading: bool = False) -> str:
    """A Chinese sentence that says what happened and what to do."""
    names = {cls.__name__ for cls in type(exc).__mro__}
    for name, text in _NETWORK_TEXTS:
        if name in names:
            if reading and name == "ConnectionError":
                return "平台的应答中途断开。稍后自动重试;办件已保存在本机"
            return text
    return _NETWORK_OTHER
