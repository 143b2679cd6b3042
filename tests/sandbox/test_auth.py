"""Sign-in, refresh and token expiry over real HTTP."""

from .conftest import Api, check


def test_sign_in_answers_tokens_and_the_clerk(api):
    assert api.tokens["clerk"] == {"username": "wangli", "display_name": "王丽",
                                   "role": "clerk", "window_code": "W01"}
    assert api.tokens["expires_in"] == 900
    assert api.call("get", "/catalog", expect=200)["sha256"]


def test_manager_signs_in(server):
    manager = Api(server, "lisi", "counter2026", "W01")
    assert manager.tokens["clerk"]["role"] == "manager"
    assert manager.tokens["clerk"]["display_name"] == "李四"


def test_wrong_password_is_401(api):
    status, body = api.call("post", "/auth/sign-in", auth=False, json={
        "username": "wangli", "password": "nope", "window_code": "W01"})
    assert status == 401 and body["code"] == "invalid_credentials"


def test_a_body_off_the_contract_is_422(api):
    status, body = api.call("post", "/verifications", json={"service": "x"})
    assert status == 422 and body["code"] == "invalid_request"
    assert "id_number" in body["message"]


def test_missing_or_unknown_token_is_unauthorized(api):
    r = api.raw("get", "/catalog", auth=False)
    assert r.status_code == 401 and check(r, "/catalog", "get") is not None
    assert r.json()["code"] == "unauthorized"
    r = api.raw("get", "/catalog", auth=False, headers={"Authorization": "Bearer forged"})
    assert r.status_code == 401 and r.json()["code"] == "unauthorized"


def test_refresh_gives_a_new_access_token(api):
    old = api.tokens["access_token"]
    fresh = api.call("post", "/auth/refresh", auth=False,
                     json={"refresh_token": api.tokens["refresh_token"]}, expect=200)
    assert fresh["access_token"] != old
    assert fresh["refresh_token"] == api.tokens["refresh_token"]  # not rotated
    api.tokens = fresh
    api.call("get", "/catalog", expect=200)
    status, body = api.call("post", "/auth/refresh", auth=False, json={"refresh_token": "x"})
    assert status == 401 and body["code"] == "unauthorized"


def test_token_ttl_fault_expires_tokens_already_issued(server, api):
    server.set_faults(token_ttl=1)
    server.advance_clock(1.1)
    status, body = api.call("get", "/catalog")
    assert status == 401 and body["code"] == "token_expired"
    fresh = api.call("post", "/auth/refresh", auth=False,
                     json={"refresh_token": api.tokens["refresh_token"]}, expect=200)
    assert fresh["expires_in"] == 1
    api.tokens = fresh
    api.call("get", "/catalog", expect=200)
    server.reset()  # faults off, the clock back to the wall clock
    assert api.call("get", "/catalog")[0] == 200  # back to the configured lifetime


def test_configured_ttl_expires_access_tokens():
    from platform_sandbox.testing import SandboxServer
    with SandboxServer(token_ttl=1) as sb:
        api = Api(sb)
        assert api.tokens["expires_in"] == 1
        sb.advance_clock(1.1)
        assert api.call("get", "/catalog")[1]["code"] == "token_expired"
