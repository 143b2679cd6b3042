"""The routes of ``docs/platform-api.yaml`` under ``/api/v1``.

Every route but sign-in and refresh needs ``Authorization: Bearer <access>``
(401 ``token_expired`` / ``unauthorized``). JSON bodies are checked against the
contract (422 ``invalid_request`` with the first violations). See each view for
what it promises beyond the contract.
"""

from __future__ import annotations

import re
import uuid

from flask import Blueprint, Response, current_app, g, jsonify, request

from . import API_PREFIX
from .blobs import HashMismatch, TooLarge
from .errors import ApiError, invalid

api = Blueprint("api", __name__, url_prefix=API_PREFIX)

_HASH = re.compile(r"^[0-9a-f]{64}$")
_OPEN = {"api.sign_in", "api.refresh"}


def sandbox():
    return current_app.extensions["sandbox"]


@api.before_request
def _authenticate():
    if request.endpoint not in _OPEN:
        g.caller = sandbox().auth.check(request.headers.get("Authorization"))


def _body(path: str) -> dict:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise invalid("请求体必须是 JSON 对象")
    errors = sandbox().contract.request_errors(path, request.method, data)
    if errors:
        raise invalid("请求不符合接口约定: " + "; ".join(errors[:3]))
    return data


# --- sign-in -----------------------------------------------------------------

@api.post("/auth/sign-in")
def sign_in():
    b = _body("/auth/sign-in")
    return jsonify(sandbox().auth.sign_in(b["username"], b["password"], b["window_code"]))


@api.post("/auth/refresh")
def refresh():
    return jsonify(sandbox().auth.refresh(_body("/auth/refresh")["refresh_token"]))


# --- catalog and calendar ------------------------------------------------------

@api.get("/catalog")
def catalog_info():
    info, _ = sandbox().catalog.current()
    return jsonify(info)


@api.get("/catalog/bundle")
def catalog_bundle():
    info, data = sandbox().catalog.current()
    return Response(data, mimetype="application/zip", headers={
        "ETag": f'"{info["sha256"]}"', "X-Catalog-Version": info["version"],
        "Content-Disposition": f'attachment; filename="catalog-{info["version"]}.zip"'})


@api.get("/calendar/<int:year>")
def calendar(year: int):
    table = sandbox().calendar.year(year)
    if table is None:
        raise ApiError(404, "unknown_year", f"尚未发布 {year} 年的节假日安排")
    return jsonify(table)


# --- people ----------------------------------------------------------------------

@api.get("/people/<id_number>/licences")
def licences(id_number: str):
    return jsonify(sandbox().people.licences(id_number))


@api.get("/people/<id_number>/shared-data")
def shared_data(id_number: str):
    return jsonify(sandbox().people.shared_data(id_number))


@api.post("/verifications")
def verify():
    b = _body("/verifications")
    return jsonify(sandbox().people.verify(b["service"], b["id_number"]))


# --- materials -------------------------------------------------------------------

@api.post("/materials/manifest")
def manifest():
    hashes = list(dict.fromkeys(_body("/materials/manifest")["hashes"]))
    return jsonify({"missing": sandbox().cases.missing(hashes)})


@api.put("/materials/<sha256>")
def upload(sha256: str):
    """Stores the body if it hashes to ``sha256``: 201 new, 200 already held,
    422 ``hash_mismatch`` (nothing kept), 413 ``too_large``."""
    if not _HASH.match(sha256):
        raise invalid("材料哈希必须是 64 位小写十六进制 SHA-256")
    sb = sandbox()
    try:
        size = sb.blobs.put(sha256, request.stream, sb.config.max_upload_bytes)
    except HashMismatch as exc:
        raise ApiError(422, "hash_mismatch",
                       f"收到的内容哈希为 {exc.actual[:12]}…,与声明的 {sha256[:12]}… 不符") from None
    except TooLarge:
        raise ApiError(413, "too_large", "材料文件过大") from None
    created = sb.cases.record_material(sha256, size)
    return jsonify({"sha256": sha256, "size": size}), 201 if created else 200


# --- cases -----------------------------------------------------------------------

@api.put("/cases/<key>")
def submit_case(key: str):
    try:
        client_uuid = str(uuid.UUID(key))
    except ValueError:
        raise invalid("客户端编号必须是 UUID") from None
    body = _body("/cases/{case_ref}")
    status, answer = sandbox().cases.submit(client_uuid, body, g.caller.username)
    return jsonify(answer), status


@api.get("/cases/<key>")
def get_case(key: str):
    return jsonify(sandbox().cases.get(key))


@api.get("/changes")
def changes():
    args = request.args
    window = args.get("window_code", "")
    if not window:
        raise invalid("缺少 window_code")
    try:
        cursor = int(args.get("cursor", 0))
        limit = int(args.get("limit", 100))
    except ValueError:
        raise invalid("cursor 与 limit 必须是整数") from None
    if cursor < 0 or not 1 <= limit <= 500:
        raise invalid("cursor ≥ 0,1 ≤ limit ≤ 500")
    return jsonify(sandbox().cases.changes(window, cursor, limit))


@api.post("/cases/<case_no>/supplements")
def supplement(case_no: str):
    return jsonify(sandbox().cases.supplement(case_no, _body("/cases/{case_no}/supplements")))


@api.post("/cases/<case_no>/issuances")
def issue(case_no: str):
    return jsonify(sandbox().cases.issue(case_no, _body("/cases/{case_no}/issuances")))


@api.post("/cases/<case_no>/evaluations")
def evaluate(case_no: str):
    return jsonify(sandbox().cases.evaluate(case_no, _body("/cases/{case_no}/evaluations")))


@api.post("/cases/<case_no>/urge")
def urge(case_no: str):
    """An empty body (an old client) urges every open item, without idempotency."""
    body = _body("/cases/{case_no}/urge") if request.get_data() else {}
    return jsonify(sandbox().cases.urge(case_no, body))
