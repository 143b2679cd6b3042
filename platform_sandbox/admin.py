"""Test switches under ``/_sandbox/`` (JSON, no auth, never subject to faults).

``GET|POST /_sandbox/faults``  read / set fault switches (see :mod:`.faults`)
``POST /_sandbox/reset``       every fault switch off
``POST /_sandbox/tick``        run the back office now: ``{"all": true}`` ignores
                               delays, ``"steps": N`` limits the passes
``GET|POST /_sandbox/config``  read / set ``review_delay``, ``return_share``,
                               ``refuse_share``, ``pace``, ``late_share`` at run time
``GET|POST /_sandbox/clock``   the platform clock: read, or move it
                               (``advance_working_days``, ``advance_seconds``, ``set``)
``GET /_sandbox/urges``        every recorded urge and its reply
``GET /_sandbox/state``        every case with its material hashes (held? verified?)
                               and submission counts per client UUID
``GET /_sandbox/health``       ``{"ok": true}``
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, current_app, jsonify, request
from sqlalchemy import func, select

from . import ADMIN_PREFIX
from .clock import CLOCK, CST
from .config import PACES
from .errors import ApiError
from .ids import iso
from .models import Case, Event, Material, Urge

admin = Blueprint("admin", __name__, url_prefix=ADMIN_PREFIX)

_RUNTIME = {"review_delay": float, "return_share": float, "refuse_share": float,
            "pace": str, "late_share": float}


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


def _clock_answer() -> dict:
    return {"now": iso(CLOCK.now()), "offset": CLOCK.offset}


@admin.route("/clock", methods=["GET", "POST"])
def clock():
    """``GET``: ``{"now": iso, "offset": seconds}``. ``POST`` with one of
    ``{"advance_working_days": n}`` (the same time of day n working days later),
    ``{"advance_seconds": s}`` (also ``{"advance": s}``, the old spelling) or
    ``{"set": iso}``; ``{}`` only reads. The clock never moves back but by ``set``."""
    if request.method == "GET":
        return jsonify(_clock_answer())
    data = _json()
    moves = [k for k in ("advance_working_days", "advance_seconds", "advance", "set") if k in data]
    if len(moves) > 1:
        raise ApiError(400, "bad_request", "one of advance_working_days, advance_seconds, set")
    if not moves:
        return jsonify(_clock_answer())
    value = data[moves[0]]
    if moves[0] == "set":
        try:
            moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            raise ApiError(400, "bad_request", "set must be an ISO 8601 time") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=CST)
        CLOCK.set(moment.timestamp())
        return jsonify(_clock_answer())
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ApiError(400, "bad_request", f"{moves[0]} must be a number ≥ 0")
    if moves[0] == "advance_working_days":
        if value != int(value):
            raise ApiError(400, "bad_request", "advance_working_days must be a whole number")
        t = CLOCK.now()
        CLOCK.advance(sandbox().worktime.advance_workdays(t, int(value)) - t)
    else:
        CLOCK.advance(float(value))
    return jsonify(_clock_answer())


@admin.get("/urges")
def urges():
    """Every recorded urge, oldest first, with the department's reply once answered."""
    with sandbox().db.read() as s:
        rows = s.execute(select(Urge, Case.case_no).join(Case, Urge.case_id == Case.id)
                         .order_by(Urge.id)).all()
        return jsonify({"urges": [
            {"id": u.id, "urge_id": u.urge_id, "case_no": case_no, "item_code": u.item_code,
             "department": u.department, "reason": u.reason, "auto": u.auto, "at": iso(u.at),
             "answered_at": iso(u.answered_at) if u.answered_at is not None else None,
             "reply": u.reply} for u, case_no in rows]})


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
        if name == "pace":
            if value not in PACES:
                raise ApiError(400, "bad_request", f"pace must be one of {PACES}")
        elif name not in _RUNTIME or isinstance(value, bool) \
                or not isinstance(value, (int, float)) or value < 0 \
                or (name.endswith("_share") and value > 1):
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
