"""Fixtures for the platform sandbox tests: a server per module, an API client
that checks every JSON answer against docs/platform-api.yaml, and builders for
case submissions."""

from __future__ import annotations

import hashlib
import uuid

import pytest
import requests

from platform_sandbox.contract import default_contract
from platform_sandbox.testing import SandboxServer

CONTRACT = default_contract()
GENERIC = {401, 413, 422, 500, 503}


class Api:
    """``requests`` against the sandbox; ``call`` validates the answer's body
    against the contract for (path template, method, status)."""

    def __init__(self, server: SandboxServer, username="wangli", password="window2026",
                 window_code="W01"):
        self.server = server
        self.http = requests.Session()
        self.window_code = window_code
        self.tokens = self.call("post", "/auth/sign-in", json={
            "username": username, "password": password, "window_code": window_code},
            auth=False, expect=200)

    @property
    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.tokens['access_token']}"}

    def raw(self, method: str, path: str, auth: bool = True, **kw) -> requests.Response:
        headers = {**(self.headers if auth else {}), **kw.pop("headers", {})}
        return self.http.request(method, self.server.url + path, headers=headers,
                                 timeout=10, **kw)

    def call(self, method: str, path: str, template: str | None = None, expect=None,
             auth: bool = True, **kw):
        resp = self.raw(method, path, auth=auth, **kw)
        if expect is not None:
            assert resp.status_code == expect, (resp.status_code, resp.text)
        body = check(resp, template or path, method)
        return body if expect is not None else (resp.status_code, body)

    def upload(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        resp = self.raw("put", f"/materials/{sha}", data=data,
                        headers={"Content-Type": "application/octet-stream"})
        assert resp.status_code in (200, 201), resp.text
        check(resp, "/materials/{sha256}", "put")
        return sha

    def submit(self, body: dict, client_uuid: str | None = None, expect=201) -> dict:
        client_uuid = client_uuid or str(uuid.uuid4())
        return self.call("put", f"/cases/{client_uuid}", "/cases/{case_ref}",
                         json=body, expect=expect)

    def case(self, case_no: str) -> dict:
        return self.call("get", f"/cases/{case_no}", "/cases/{case_ref}", expect=200)

    def feed(self, cursor=0, limit=100, window_code=None) -> dict:
        return self.call("get", "/changes", params={
            "window_code": window_code or self.window_code, "cursor": cursor, "limit": limit},
            expect=200)


def check(resp: requests.Response, template: str, method: str):
    """The JSON body, after asserting it matches the contract (None if not JSON)."""
    if not resp.headers.get("Content-Type", "").startswith("application/json"):
        return None
    body = resp.json()
    documented = str(resp.status_code) in CONTRACT.doc["paths"][template][method.lower()]["responses"]
    if not documented and resp.status_code in GENERIC:
        # statuses the conventions give every call: 401 tokens, 422 invalid_request,
        # 413 too large, 500/503 platform trouble; their body is an Error
        errors = CONTRACT.schema_errors("Error", body)
    else:
        errors = CONTRACT.response_errors(template, method, resp.status_code, body)
    assert not errors, f"{method.upper()} {template} {resp.status_code}: {errors}"
    return body


def submission(files: list[str] = (), window_code="W01", provisional_no=None,
               items=None) -> dict:
    """A newborn case as the client would submit it (matches CaseSubmission)."""
    body = {
        "provisional_no": provisional_no or f"{window_code}-20261127-{uuid.uuid4().int % 10000:04d}",
        "window_code": window_code, "one_thing_id": "newborn",
        "catalog_version": "366fff46fef158a8",
        "applicant": {"kind": "person", "name": "李娜", "id_number": "360702200005180426",
                      "via_agent": False},
        "answers": {"register_household": True, "parents_married": True},
        "form": {"child.name": "张小花", "mother.name": "李娜"},
        "items": items or [
            {"code": "birth_certificate", "name": "出生医学证明首次签发", "department": "health",
             "promised_days": 1, "outputs": [{"id": "birth_medical_certificate", "name": "出生医学证明"}]},
            {"code": "household_registration", "name": "出生登记(户口登记)",
             "department": "public_security", "promised_days": 3,
             "outputs": [{"id": "household_register_page", "name": "居民户口簿(新生儿户口页)"}]},
            {"code": "medical_insurance", "name": "城乡居民基本医疗保险参保登记",
             "department": "medical_security", "promised_days": 1},
        ],
        "materials": [
            {"material_id": "child_photo", "name": "新生儿照片", "tag": "hand_in", "received": True,
             "copies": 1, "files": list(files)},
            {"material_id": "parents_id_cards", "name": "父母双方居民身份证", "tag": "e_licence"},
        ],
        "accepted_at": "2026-11-27T09:30:00+08:00", "due_date": "2026-12-02", "clerk": "wangli",
    }
    return body


@pytest.fixture(scope="module")
def server():
    with SandboxServer() as sb:
        yield sb


@pytest.fixture
def api(server):
    server.reset()
    return Api(server)
