"""The one error shape of the API: ``{"code", "message"[, "missing"]}`` (message in Chinese)."""

from __future__ import annotations


class ApiError(Exception):
    """Raised anywhere below a view; the app turns it into the JSON error answer."""

    def __init__(self, status: int, code: str, message: str, **extra):
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.extra = extra

    def body(self) -> dict:
        return {"code": self.code, "message": self.message, **self.extra}


def not_found(what: str = "办件") -> ApiError:
    return ApiError(404, "not_found", f"{what}不存在")


def conflict(code: str, message: str) -> ApiError:
    return ApiError(409, code, message)


def invalid(message: str, code: str = "invalid_request", **extra) -> ApiError:
    return ApiError(422, code, message, **extra)
