"""PlatformClient: one requests.Session, TLS verification on (a custom CA bundle
and a proxy are settings), bearer tokens refreshed once on expiry. Every answer is
size-capped and parsed into a model that follows the contract.

Every call has a TOTAL deadline, not only requests' per-read timeout: a server that
trickles one byte a second never times out a read, so a watchdog thread shuts the
call's socket down when its deadline passes (``deadline.py``). Connect and read
timeouts still apply within it."""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from collections.abc import Callable

import requests
from pydantic import BaseModel, ValidationError

from . import models as m
from .deadline import DeadlineAdapter, call_deadline
from .errors import (AuthError, network_failure_text, Conflict, Invalid, MalformedResponse, PlatformError,
                     ServerError, Unreachable)

logger = logging.getLogger(__name__)
T = TypeVar("T", bound=BaseModel)
MAX_JSON_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class ConnectionSettings:
    base_url: str                      # e.g. http://127.0.0.1:8765/api/v1
    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0        # a whole call, however the bytes trickle
    min_upload_rate: float = 50_000.0  # bytes/s an upload may be given beyond that
    ca_bundle: str = ""                # empty: the system's trust store
    proxy: str = ""                    # e.g. http://proxy.gov.example:8080
    window_code: str = "W01"


@dataclass
class TokenState:
    """The tokens shared by the sync thread and the look-up pool. ``lock`` makes a
    refresh one at a time: a thread whose call met a 401 refreshes only if nobody
    refreshed since it sent that call, else it retries with the newer token."""
    access: str = ""
    refresh: str = ""
    on_refresh: Callable[[str], None] | None = field(default=None, repr=False)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)


class PlatformClient:
    def __init__(self, settings: ConnectionSettings, tokens: TokenState | None = None,
                 session: requests.Session | None = None) -> None:
        self.settings = settings
        self.tokens = tokens or TokenState()
        self.http = session or requests.Session()
        adapter = DeadlineAdapter()
        self.http.mount("http://", adapter)
        self.http.mount("https://", adapter)
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
            logger.info("platform TLS failure: %s", exc.__class__.__name__)
            raise Unreachable(network_failure_text(exc), code=exc.__class__.__name__) from None
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise self._cut(exc) from None
        except requests.RequestException as exc:
            raise self._cut(exc) from None
        return response

    def _cut(self, exc: Exception, reading: bool = False) -> Unreachable:
        deadline = call_deadline()
        if deadline is not None and deadline.expired:
            return Unreachable(f"平台应答超时:{deadline.seconds:.0f}秒内未完成,稍后自动重试",
                               code="deadline")
        logger.info("platform call failed: %s", exc.__class__.__name__)
        return Unreachable(network_failure_text(exc, reading=reading),
                           code=exc.__class__.__name__)

    def _body(self, response: requests.Response, limit: int = MAX_JSON_BYTES) -> bytes:
        deadline = call_deadline()
        try:
            chunks, size = [], 0
            for chunk in response.iter_content(64 * 1024):
                size += len(chunk)
                if size > limit:
                    raise MalformedResponse(f"应答超过{limit // 1024}KB", status=response.status_code)
                chunks.append(chunk)
                if deadline is not None and deadline.remaining() <= 0:
                    deadline.expire()
                    raise Unreachable(f"平台应答超时:{deadline.seconds:.0f}秒内未完成")
            return b"".join(chunks)
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError,
                requests.Timeout) as exc:
            raise self._cut(exc, reading=True) from None
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
        except RecursionError:  # e.g. 100,000 nested brackets in a 200 answer
            raise MalformedResponse("应答嵌套层次过深,不是约定的格式",
                                    status=response.status_code) from None

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
            raw = data.get("missing")
            missing = raw if isinstance(raw, list) else []
            return Invalid(message, status=status, code=code,
                           missing=[str(x) for x in missing])
        if status >= 500 or status == 429:
            return ServerError(message, status=status, code=code)
        return MalformedResponse(f"意外的HTTP状态{status}", status=status)

    def _raw(self, method: str, path: str, *, auth: bool = True,
             ok: tuple[int, ...] = (200, 201), seconds: float | None = None,
             **kw: Any) -> tuple[Any, int]:
        """The parsed JSON of one call and its status, all within one deadline."""
        with call_deadline(seconds or self.settings.total_timeout):
            sent_with = self.tokens.access
            response = self._send(method, path, auth=auth, **kw)
            if auth and response.status_code == 401 and self.tokens.refresh:
                self._body(response)
                with self.tokens.lock:
                    if self.tokens.access == sent_with:  # nobody refreshed meanwhile
                        self._refresh_unlocked()
                response = self._send(method, path, auth=auth, **kw)
            if response.status_code not in ok:
                raise self._error(response)
            return self._json(response), response.status_code

    def _call(self, method: str, path: str, model: type[T], *, auth: bool = True,
              ok: tuple[int, ...] = (200, 201), seconds: float | None = None, **kw: Any) -> T:
        data, status = self._raw(method, path, auth=auth, ok=ok, seconds=seconds, **kw)
        return _validate(model, data, status)

    # -- auth ------------------------------------------------------------------
    def sign_in(self, username: str, password: str) -> m.Tokens:
        tokens = self._call("POST", "/auth/sign-in", m.Tokens, auth=False, json={
            "username": username, "password": password,
            "window_code": self.settings.window_code})
        with self.tokens.lock:
            self._store(tokens)
        return tokens

    def refresh(self) -> m.Tokens:
        with self.tokens.lock:
            return self._refresh_unlocked()

    def _refresh_unlocked(self) -> m.Tokens:
        if not self.tokens.refresh:
            raise AuthError("没有刷新令牌,请重新登录")
        # inside another call's deadline (a 401 in the middle of it): its own budget
        response = self._send("POST", "/auth/refresh", auth=False,
                              json={"refresh_token": self.tokens.refresh})
        if response.status_code not in (200, 201):
            raise self._error(response)
        tokens = _validate(m.Tokens, self._json(response), response.status_code)
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
        with call_deadline(self.settings.total_timeout + limit / self.settings.min_upload_rate):
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
        missing = self._call("POST", "/materials/manifest", m.Missing,
                             json={"hashes": hashes}).missing
        asked = set(hashes)
        strays = [h for h in missing if h not in asked]
        if strays:  # the contract: a subset of what was asked
            raise MalformedResponse(f"平台清单应答含有未询问的材料哈希{len(strays)}个")
        return missing

    def upload(self, sha256: str, content: Path | bytes) -> m.StoredMaterial:
        """``content``: the file's bytes (a stored material, decrypted in memory) or
        a path to read them from."""
        data = content if isinstance(content, bytes) else content.read_bytes()
        stored = self._call("PUT", f"/materials/{sha256}", m.StoredMaterial, data=data,
                            headers={"Content-Type": "application/octet-stream"},
                            seconds=self.settings.total_timeout
                            + len(data) / self.settings.min_upload_rate)
        if stored.sha256 != sha256 or stored.size != len(data):
            raise MalformedResponse("平台确认保存的材料与上传的不一致")
        return stored

    def submit_case(self, client_uuid: str, payload: dict[str, Any]) -> m.CaseAccepted:
        answer = self._call("PUT", f"/cases/{client_uuid}", m.CaseAccepted, json=payload)
        if answer.client_uuid != client_uuid:
            raise MalformedResponse("平台返回的办件与提交的不一致")
        return answer

    def case_status(self, case_no: str) -> m.CaseStatus:
        status = self._call("GET", f"/cases/{case_no}", m.CaseStatus)
        if status.case_no != case_no:
            raise MalformedResponse("平台返回的办件编号与查询的不一致")
        return status

    def find_case(self, client_uuid: str) -> m.CaseStatus | None:
        """The platform's record of the case the window numbered ``client_uuid``,
        or None when the platform has none (it never received it)."""
        try:
            status = self._call("GET", f"/cases/{client_uuid}", m.CaseStatus)
        except Invalid as exc:
            if exc.status == 404:
                return None
            raise
        if status.client_uuid != client_uuid:
            raise MalformedResponse("平台返回的办件与查询的不一致")
        return status

    def changes(self, cursor: int, limit: int = 200) -> m.ChangesPage:
        """One page of the change feed. Events are checked one by one: a page with
        a malformed event still brings the good ones (the bad are listed, with
        their sequence number when it can be read, so the caller can report them
        and move past them)."""
        data, status = self._raw("GET", "/changes", params={
            "window_code": self.settings.window_code, "cursor": cursor, "limit": limit})
        if not isinstance(data, dict) or not isinstance(data.get("events"), list):
            raise MalformedResponse("变更应答缺少events列表", status=status)
        next_cursor = data.get("next_cursor")
        if isinstance(next_cursor, bool) or not isinstance(next_cursor, int) or next_cursor < 0:
            raise MalformedResponse("变更应答的next_cursor不是非负整数", status=status)
        events, bad = [], []
        for raw in data["events"]:
            try:
                events.append(m.Event.model_validate(raw))
            except ValidationError as exc:
                seq = raw.get("seq") if isinstance(raw, dict) else None
                bad.append(m.BadEvent(seq if isinstance(seq, int) and not isinstance(seq, bool)
                                      else None, _problem(exc)))
        return m.ChangesPage(events=events, bad=bad, next_cursor=next_cursor)

    def supplement(self, case_no: str, payload: dict[str, Any]) -> m.CaseAccepted:
        answer = self._call("POST", f"/cases/{case_no}/supplements", m.CaseAccepted, json=payload)
        if answer.case_no != case_no:
            raise MalformedResponse("平台对补正的应答属于另一件办件")
        return answer

    def issue(self, case_no: str, payload: dict[str, Any]) -> m.Issued:
        return self._call("POST", f"/cases/{case_no}/issuances", m.Issued, json=payload)

    def evaluate(self, case_no: str, evaluation_id: str, stage: str, level: int,
                 reason: str = "") -> m.EvaluationRecorded:
        return self._call("POST", f"/cases/{case_no}/evaluations", m.EvaluationRecorded,
                          json={"evaluation_id": evaluation_id, "stage": stage, "level": level,
                                "reason": reason})

    def urge(self, case_no: str, urge_id: str, item_code: str, reason: str,
             auto: bool) -> m.Urged:
        """Urges one item's department; idempotent on ``urge_id`` (a replay gets the
        first answer). ``urged`` False: the item is no longer open there."""
        return self._call("POST", f"/cases/{case_no}/urge", m.Urged,
                          json={"urge_id": urge_id, "item_code": item_code, "reason": reason,
                                "auto": auto})


def _problem(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(x) for x in first.get("loc", ())) or "应答"
    return f"应答字段不符:{where}"


def _validate(model: type[T], data: Any, status: int) -> T:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise MalformedResponse(_problem(exc), status=status) from None
    except RecursionError:
        raise MalformedResponse("应答嵌套层次过深,不是约定的格式", status=status) from None
