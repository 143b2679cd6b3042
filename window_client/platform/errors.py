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
