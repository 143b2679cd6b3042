"""Test switches under ``/_sandbox/`` (JSON, no auth, never subject to faults).

``GET|POST /_sandbox/faults``  read / set fault switches (see :mod:`.faults`)
``POST /_sandbox/reset``       every fault switch off
``POST /_sandbox/tick``        run the back office now: ``{"all": true}`` ignores
                               delays, ``"steps": N`` limits the passes
``GET|POST /_sandbox/config``  read / set ``review_delay``, ``return_share``,
                               ``refuse_share`` at run time
``GET /_sandbox/state``        every case with its material hashes (held? verified?)
                               and submission counts per client UUID
``GET /_sandbox/health``       ``{"ok": true}``
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from sqlalchemy import func, select

from . import ADMIN_PREFIX
from .errors import ApiError
from .ids import CLOCK
from .models import Case, Event, Material

admin = Blueprint("admin", __name__, url_prefix=ADMIN_PREFIX)

_RUNTIME = {"review_delay": float, "return_share": float, "refuse_share": float}


def sandbox():
    return current_app.extensions["sandbox"]


def _json() -> dict:
    data = request.get_json(silent=True) if request.get_data() else {}
    if not isinstance(data, dict):
        raise ApiError(400, "bad_request", "JSON object expected")
    return data


@admin.get("/health")
def health():
    return jsonify({"ok": True})


@admin.route("/faults", methods=["GET", "POST"])
def faults():
    if request.method == "GET":
        return jsonify(sandbox().faults.snapshot())
    try:
        return jsonify(sandbox().faults.update(**_json()))
    except ValueError as exc:
        raise ApiError(400, "bad_request", str(exc)) from None


@admin.post("/reset")
def reset():
    """Every fault switch off and the clock back to the wall clock."""
    CLOCK.reset()
    return jsonify(sandbox().faults.reset())


@admin.post("/clock")
def clock():
    """``{"advance": seconds}`` moves the sandbox's clock on (token expiry without
    sleeping); ``{}`` only reads the offset."""
    advance = _json().get("advance", 0)
    if isinstance(advance, bool) or not isinstance(advance, (int, float)) or advance < 0:
        raise ApiError(400, "bad_request", "advance must be a number of seconds ≥ 0")
    return jsonify({"offset": CLOCK.advance(float(advance))})


@admin.post("/tick")
def tick():
    data = _json()
    steps = data.get("steps")
    if steps is not None and (not isinstance(steps, int) or steps < 1):
        raise ApiError(400, "bad_request", "steps must be a positive integer")
    return jsonify(sandbox().backoffice.tick(ignore_delays=bool(data.get("all")), steps=steps))


@admin.route("/config", methods=["GET", "POST"])
def config():
    cfg = sandbox().config
    for name, value in _json().items() if request.method == "POST" else ():
        if name not in _RUNTIME or isinstance(value, bool) \
                or not isinstance(value, (int, float)) or value < 0:
            raise ApiError(400, "bad_request", f"cannot set {name}={value!r}")
        setattr(cfg, name, _RUNTIME[name](value))
    return jsonify({name: getattr(cfg, name) for name in _RUNTIME})


@admin.get("/state")
def state():
    sb = sandbox()
    with sb.db.read() as s:
        held = set(s.scalars(select(Material.sha256)))
        cases = []
        for case in s.scalars(select(Case).order_by(Case.id)):
            cases.append({
                "client_uuid": case.client_uuid, "case_no": case.case_no,
                "provisional_no": case.provisional_no, "window_code": case.window_code,
                "state": case.state, "submissions": case.submissions, "urged": case.urged,
                "items": [{"code": i.code, "node": i.node,
                           "outputs": {o.output_id: o.status for o in i.outputs}}
                          for i in case.items],
                "materials": [{"sha256": f.sha256, "recorded": f.sha256 in held,
                               "exists": sb.blobs.exists(f.sha256),
                               "verified": sb.blobs.verify(f.sha256)} for f in case.files],
            })
        last = s.scalar(select(func.max(Event.seq))) or 0
    return jsonify({"cases": cases,
                    "submissions": {c["client_uuid"]: c["submissions"] for c in cases},
                    "materials": len(held), "last_seq": last,
                    "faults": sb.faults.snapshot()})
