"""PlatformClient: one requests.Session, a timeout on every call, TLS verification
on (a custom CA bundle and a proxy are settings), bearer tokens refreshed once on
expiry. Every answer is size-capped and parsed into a model."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TypeVar

import requests
from pydantic import BaseModel, ValidationError

from . import models as m
from .errors import (AuthError, Conflict, Invalid, MalformedResponse, PlatformError,
                     ServerError, Unreachable)

logger = logging.getLogger(__name__)
T = TypeVar("T", bound=BaseModel)
MAX_JSON_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class ConnectionSettings:
    base_url: str                      # e.g. http://127.0.0.1:8765/api/v1
    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    ca_bundle: str = ""                # empty: the system's trust store
    proxy: str = ""                    # e.g. http://proxy.gov.example:8080
    window_code: str = "W01"


@dataclass
class TokenState:
    access: str = ""
    refresh: str = ""
    on_refresh: Callable[[str], None] | None = field(default=None, repr=False)


class PlatformClient:
    def __init__(self, settings: ConnectionSettings, tokens: TokenState | None = None,
                 session: requests.Session | None = None) -> None:
        self.settings = settings
        self.tokens = tokens or TokenState()
        self.http = session or requests.Session()
        self.http.verify = settings.ca_bundle or True
        if settings.proxy:
            self.http.proxies = {"http": settings.proxy, "https": settings.proxy}
        self.http.headers["User-Agent"] = "window-client"

    # -- plumbing -----------------------------------------------------------
    def _url(self, path: str) -> str:
        return self.settings.base_url.rstrip("/") + path

    def _send(self, method: str, path: str, *, auth: bool = True, **kw: Any) -> requests.Response:
        headers = kw.pop("headers", {})
        if auth:
            headers["Authorization"] = f"Bearer {self.tokens.access}"
        try:
            response = self.http.request(
                method, self._url(path), headers=headers, stream=True,
                timeout=(self.settings.connect_timeout, self.settings.read_timeout), **kw)
        except requests.exceptions.SSLError as exc:
            raise Unreachable(f"证书校验失败:{exc.__class__.__name__}") from None
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise Unreachable(exc.__class__.__name__) from None
        except requests.RequestException as exc:
            raise Unreachable(exc.__class__.__name__) from None
        return response

    def _body(self, response: requests.Response, limit: int = MAX_JSON_BYTES) -> bytes:
        try:
            chunks, size = [], 0
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > limit:
                    raise MalformedResponse(f"应答超过{limit // 1024}KB", status=response.status_code)
                chunks.append(chunk)
            return b"".join(chunks)
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError,
                requests.Timeout) as exc:
            raise Unreachable(f"读取应答时断开:{exc.__class__.__name__}") from None
        finally:
            response.close()

    def _json(self, response: requests.Response) -> Any:
        raw = self._body(response)
        ctype = response.headers.get("Content-Type", "")
        if "json" not in ctype:
            raise MalformedResponse(f"应答类型为{ctype or '空'},不是JSON",
                                    status=response.status_code)
        try:
            return json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise MalformedResponse("应答不是有效的JSON", status=response.status_code) from None

    def _error(self, response: requests.Response) -> PlatformError:
        status = response.status_code
        try:
            data = self._json(response)
            data = data if isinstance(data, dict) else {}
        except PlatformError:
            data = {}
        message = str(data.get("message") or f"HTTP {status}")
        code = str(data.get("code") or "")
        if status == 401:
            return AuthError(message, status=status, code=code)
        if status == 409:
            return Conflict(message, status=status, code=code)
        if status in (400, 404, 422):
            missing = data.get("missing") if isinstance(data.get("missing"), list) else []
            return Invalid(message, status=status, code=code,
                           missing=[str(x) for x in missing])
        if status >= 500 or status == 429:
            return ServerError(message, status=status, code=code)
        return MalformedResponse(f"意外的HTTP状态{status}", status=status)

    def _call(self, method: str, path: str, model: type[T], *, auth: bool = True,
              ok: tuple[int, ...] = (200, 201), **kw: Any) -> T:
        response = self._send(method, path, auth=auth, **kw)
        if auth and response.status_code == 401 and self.tokens.refresh:
            self._body(response)
            self.refresh()
            response = self._send(method, path, auth=auth, **kw)
        if response.status_code not in ok:
            raise self._error(response)
        data = self._json(response)
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            raise MalformedResponse(f"应答字段不符:{exc.errors()[0]['loc']}",
                                    status=response.status_code) from None

    # -- auth ------------------------------------------------------------------
    def sign_in(self, username: str, password: str) -> m.Tokens:
        tokens = self._call("POST", "/auth/sign-in", m.Tokens, auth=False, json={
            "username": username, "password": password,
            "window_code": self.settings.window_code})
        self._store(tokens)
        return tokens

    def refresh(self) -> m.Tokens:
        if not self.tokens.refresh:
            raise AuthError("没有刷新令牌,请重新登录")
        tokens = self._call("POST", "/auth/refresh", m.Tokens, auth=False,
                            json={"refresh_token": self.tokens.refresh})
        self._store(tokens)
        return tokens

    def _store(self, tokens: m.Tokens) -> None:
        self.tokens.access = tokens.access_token
        self.tokens.refresh = tokens.refresh_token
        if self.tokens.on_refresh is not None:
            self.tokens.on_refresh(tokens.refresh_token)

    # -- reference data ------------------------------------------------------------
    def catalog_info(self) -> m.CatalogInfo:
        return self._call("GET", "/catalog", m.CatalogInfo)

    def catalog_bundle(self, limit: int = 64 * 1024 * 1024) -> bytes:
        response = self._send("GET", "/catalog/bundle")
        if response.status_code != 200:
            raise self._error(response)
        return self._body(response, limit)

    def calendar(self, year: int) -> m.CalendarYear:
        return self._call("GET", f"/calendar/{year}", m.CalendarYear)

    def licences(self, id_number: str) -> m.Licences:
        return self._call("GET", f"/people/{id_number}/licences", m.Licences)

    def shared_data(self, id_number: str) -> m.SharedData:
        return self._call("GET", f"/people/{id_number}/shared-data", m.SharedData)

    def verify(self, service: str, id_number: str, material_id: str) -> m.Verification:
        return self._call("POST", "/verifications", m.Verification,
                          json={"service": service, "id_number": id_number,
                                "material_id": material_id})

    # -- materials and cases --------------------------------------------------------
    def manifest(self, hashes: list[str]) -> list[str]:
        return self._call("POST", "/materials/manifest", m.Missing,
                          json={"hashes": hashes}).missing

    def upload(self, sha256: str, path: Path) -> m.StoredMaterial:
        data = path.read_bytes()
        return self._call("PUT", f"/materials/{sha256}", m.StoredMaterial, data=data,
                          headers={"Content-Type": "application/octet-stream"})

    def submit_case(self, client_uuid: str, payload: dict[str, Any]) -> m.CaseAccepted:
        answer = self._call("PUT", f"/cases/{client_uuid}", m.CaseAccepted, json=payload)
        if answer.client_uuid != client_uuid:
            raise MalformedResponse("平台返回的办件与提交的不一致")
        return answer

    def case_status(self, case_no: str) -> m.CaseStatus:
        return self._call("GET", f"/cases/{case_no}", m.CaseStatus)

    def changes(self, cursor: int, limit: int = 200) -> m.Changes:
        return self._call("GET", "/changes", m.Changes, params={
            "window_code": self.settings.window_code, "cursor": cursor, "limit": limit})

    def supplement(self, case_no: str, payload: dict[str, Any]) -> m.CaseAccepted:
        return self._call("POST", f"/cases/{case_no}/supplements", m.CaseAccepted, json=payload)

    def issue(self, case_no: str, payload: dict[str, Any]) -> m.Issued:
        return self._call("POST", f"/cases/{case_no}/issuances", m.Issued, json=payload)

    def evaluate(self, case_no: str, evaluation_id: str, stage: str, level: int,
                 reason: str = "") -> m.EvaluationRecorded:
        return self._call("POST", f"/cases/{case_no}/evaluations", m.EvaluationRecorded,
                          json={"evaluation_id": evaluation_id, "stage": stage, "level": level,
                                "reason": reason})

    def urge(self, case_no: str, reason: str = "") -> m.Urged:
        return self._call("POST", f"/cases/{case_no}/urge", m.Urged, json={"reason": reason})
