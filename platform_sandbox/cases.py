"""Cases: submission (idempotent on the client's UUID), status, the change feed,
supplements, issuances, evaluations and urging.

Every change to a case appends an :class:`~platform_sandbox.models.Event` carrying
the case's state after the change; the feed is filtered by the window code the
case was submitted from. Idempotent writes store their first answer and replay it.
"""

from __future__ import annotations

import json
import logging
import uuid

from sqlalchemy import select

from .blobs import BlobStore
from .db import Database
from .errors import conflict, invalid, not_found
from .clock import local
from .ids import case_no, iso, mask_id, now
from .models import Action, Case, CaseFile, CaseItem, CaseOutput, Counter, Event, Material, Urge
from .schedule import Scheduler

log = logging.getLogger(__name__)

OPEN_STATES = ("accepted", "in_review", "returned")
#: item nodes on which an item can still be urged
OPEN_ITEM_NODES = ("accepted", "dispatched", "review", "approved", "returned")


def emit(s, case: Case, type_: str, item_code: str | None = None,
         output_id: str | None = None, reasons: list[str] | None = None,
         at: float | None = None, urge_id: str | None = None) -> None:
    """Appends one event to the change feed (call after updating ``case.state``).
    ``at`` is when the node happened in platform time (default: now); the event
    names the item's department."""
    department = next((i.department for i in case.items if i.code == item_code), None) \
        if item_code is not None else None
    s.add(Event(window_code=case.window_code, case_id=case.id, case_no=case.case_no,
                client_uuid=case.client_uuid, type=type_, item_code=item_code,
                department=department, urge_id=urge_id, output_id=output_id,
                reasons_json=json.dumps(reasons or [], ensure_ascii=False),
                state=case.state, at=now() if at is None else at))


def event_dict(e: Event) -> dict:
    return {"seq": e.seq, "case_no": e.case_no, "client_uuid": e.client_uuid, "type": e.type,
            "item_code": e.item_code, "department": e.department, "output_id": e.output_id,
            "urge_id": e.urge_id, "reasons": json.loads(e.reasons_json), "state": e.state,
            "at": iso(e.at)}


def accepted(case: Case) -> dict:
    return {"case_no": case.case_no, "client_uuid": case.client_uuid, "state": case.state}


def status(case: Case) -> dict:
    submitted = json.loads(case.submission_json or "{}")
    return {**accepted(case), "provisional_no": case.provisional_no,
            "due_date": submitted.get("due_date"), "accepted_at": submitted.get("accepted_at"),
            "items": [{"code": i.code, "name": i.name, "department": i.department,
                       "node": i.node,
                       "outputs": [{"id": o.output_id, "name": o.name, "status": o.status}
                                   for o in i.outputs]}
                      for i in case.items]}


def _files(materials: list[dict]) -> list[str]:
    seen: dict[str, None] = {}
    for m in materials:
        for h in m.get("files", []):
            seen.setdefault(h, None)
    return list(seen)


class Cases:
    """``scheduler`` plans each new case's items (:mod:`.schedule`); ``config`` gives
    the pace and the seed. The writes take ``at``: the platform time they happen at
    (default: the clock now), for demos that build history."""

    def __init__(self, db: Database, blobs: BlobStore, scheduler: Scheduler | None = None):
        self.db = db
        self.blobs = blobs
        self.scheduler = scheduler

    def _missing(self, s, hashes: list[str]) -> list[str]:
        held = set(s.scalars(select(Material.sha256).where(Material.sha256.in_(hashes))))
        return [h for h in hashes if h not in held or not self.blobs.exists(h)]

    def missing(self, hashes: list[str]) -> list[str]:
        """Which of these material hashes the platform does not hold (in order)."""
        with self.db.read() as s:
            return self._missing(s, hashes)

    def record_material(self, sha256: str, size: int) -> bool:
        """Notes a verified blob; True if it was new."""
        with self.db.write() as s:
            if s.get(Material, sha256) is not None:
                return False
            s.add(Material(sha256=sha256, size=size, stored_at=now()))
            return True

    def _case(self, s, number: str) -> Case:
        case = s.scalar(select(Case).where(Case.case_no == number))
        if case is None:
            raise not_found()
        return case

    def _check_files(self, s, materials: list[dict]) -> list[str]:
        hashes = _files(materials)
        missing = self._missing(s, hashes)
        if missing:
            raise invalid(f"有 {len(missing)} 个材料文件尚未上传", code="missing_materials",
                          missing=missing)
        return hashes

    def submit(self, client_uuid: str, body: dict, clerk: str,
               at: float | None = None) -> tuple[int, dict]:
        """(201, answer) for a new case, (200, same answer) for a replay."""
        items = body["items"]
        if not items:
            raise invalid("办件至少包含一个事项")
        codes = [i["code"] for i in items]
        outputs = [o["id"] for i in items for o in i.get("outputs", [])]
        if len(set(codes)) != len(codes) or len(set(outputs)) != len(outputs):
            raise invalid("事项编码与结果编号在一件办件内不得重复")
        with self.db.write() as s:
            case = s.scalar(select(Case).where(Case.client_uuid == client_uuid))
            if case is not None:
                if case.provisional_no != body["provisional_no"]:
                    raise conflict("client_uuid_reused", "该客户端编号已用于另一件办件")
                case.submissions += 1
                log.info("case %s replayed (%d submissions)", case.case_no, case.submissions)
                return 200, accepted(case)
            hashes = self._check_files(s, body["materials"])
            t = now() if at is None else at
            day = local(t).date()
            counter = s.get(Counter, f"case_no:{day:%Y%m%d}")
            if counter is None:
                counter = Counter(name=f"case_no:{day:%Y%m%d}", value=0)
                s.add(counter)
            counter.value += 1
            case = Case(client_uuid=client_uuid, case_no=case_no(day, counter.value),
                        provisional_no=body["provisional_no"], window_code=body["window_code"],
                        one_thing_id=body["one_thing_id"], clerk=body["clerk"] or clerk,
                        state="accepted", created_at=t,
                        submission_json=json.dumps(body, ensure_ascii=False))
            for n, item in enumerate(items):
                row = CaseItem(position=n, code=item["code"], name=item.get("name", ""),
                               department=item["department"], node="accepted", node_since=t)
                row.outputs = [CaseOutput(position=k, output_id=o["id"], name=o["name"])
                               for k, o in enumerate(item.get("outputs", []))]
                case.items.append(row)
            case.files = [CaseFile(sha256=h) for h in hashes]
            s.add(case)
            s.flush()
            if self.scheduler is not None:
                self.scheduler.plan_case(case, {i["code"]: i.get("promised_days", 0)
                                                for i in items}, t)
            emit(s, case, "accepted", at=t)
            log.info("case %s accepted from window %s (applicant %s, %d items)", case.case_no,
                     case.window_code, mask_id(body["applicant"]["id_number"]), len(items))
            return 201, accepted(case)

    def get(self, key: str) -> dict:
        """A case by its number, or by the client's UUID (a window that lost the
        answer to its submit asks this way)."""
        with self.db.read() as s:
            try:
                client_uuid = str(uuid.UUID(key))
            except ValueError:
                return status(self._case(s, key))
            case = s.scalar(select(Case).where(Case.client_uuid == client_uuid))
            if case is None:
                raise not_found()
            return status(case)

    def changes(self, window_code: str, cursor: int, limit: int) -> dict:
        with self.db.read() as s:
            rows = s.scalars(select(Event).where(Event.window_code == window_code,
                                                 Event.seq > cursor)
                             .order_by(Event.seq).limit(limit)).all()
            return {"events": [event_dict(e) for e in rows],
                    "next_cursor": rows[-1].seq if rows else cursor}

    def _replay(self, s, kind: str, action_id: str, case: Case) -> dict | None:
        row = s.scalar(select(Action).where(Action.kind == kind, Action.action_id == action_id))
        if row is None:
            return None
        if row.case_id != case.id:
            raise conflict("id_reused", f"该{_KIND_LABEL[kind]}编号已用于另一件办件")
        return json.loads(row.response_json)

    def _record(self, s, kind: str, action_id: str, case: Case, body: dict, answer: dict,
                at: float | None = None):
        s.add(Action(kind=kind, action_id=action_id, case_id=case.id,
                     at=now() if at is None else at,
                     body_json=json.dumps(body, ensure_ascii=False),
                     response_json=json.dumps(answer, ensure_ascii=False)))

    def supplement(self, number: str, body: dict, at: float | None = None) -> dict:
        """Completes a returned case: the returned item goes back to review — at
        once in delay pace (a ``review`` event follows ``supplemented``), at its
        re-planned time in workdays pace."""
        with self.db.write() as s:
            case = self._case(s, number)
            first = self._replay(s, "supplement", body["supplement_id"], case)
            if first is not None:
                return first
            if case.state != "returned":
                raise conflict("not_returned", "办件未被退回补正,无需补正")
            hashes = self._check_files(s, body["materials"])
            submission = json.loads(case.submission_json)
            submission["form"].update(body["form"])
            by_id = {m["material_id"]: m for m in submission["materials"]}
            by_id.update({m["material_id"]: m for m in body["materials"]})
            submission["materials"] = list(by_id.values())
            case.submission_json = json.dumps(submission, ensure_ascii=False)
            held = {f.sha256 for f in case.files}
            case.files.extend(CaseFile(sha256=h) for h in hashes if h not in held)
            t = now() if at is None else at
            returned = [i for i in case.items if i.node == "returned"]
            for item in returned:
                if self.scheduler is not None:
                    self.scheduler.after_supplement(case, item, t)
            case.state = "in_review"
            emit(s, case, "supplemented", returned[0].code if returned else None, at=t)
            workdays = self.scheduler is not None and self.scheduler.config.pace == "workdays"
            for item in returned:
                item.node_since = t
                if not workdays:
                    item.node = "review"
                    emit(s, case, "review", item.code, at=t)
            answer = accepted(case)
            self._record(s, "supplement", body["supplement_id"], case, body, answer, t)
            log.info("case %s supplemented", case.case_no)
            return answer

    def issue(self, number: str, body: dict) -> dict:
        """Hands over (``window``) or posts (``post``) ready outputs, each once."""
        with self.db.write() as s:
            case = self._case(s, number)
            first = self._replay(s, "issuance", body["issuance_id"], case)
            if first is not None:
                return first
            wanted = list(dict.fromkeys(body["outputs"]))
            if not wanted:
                raise invalid("未指定要发放的办理结果")
            outputs = {o.output_id: (item, o) for item in case.items for o in item.outputs}
            unknown = [w for w in wanted if w not in outputs]
            if unknown:
                raise invalid("办件没有这些办理结果", code="unknown_outputs", missing=unknown)
            for w in wanted:
                out = outputs[w][1]
                if out.status in ("issued", "posted"):
                    raise conflict("already_issued", f"办理结果“{out.name}”已发放")
                if out.status != "ready" or case.state == "refused":
                    raise conflict("not_ready", f"办理结果“{out.name}”尚未办结")
            status_ = "posted" if body["method"] == "post" else "issued"
            for w in wanted:
                outputs[w][1].status = status_
            if all(o.status in ("issued", "posted", "refused") for _, o in outputs.values()):
                case.state = "issued"
            for w in wanted:
                emit(s, case, status_, item_code=outputs[w][0].code, output_id=w)
            answer = {"issued": wanted}
            self._record(s, "issuance", body["issuance_id"], case, body, answer)
            log.info("case %s: %d outputs %s to %s (%s)", case.case_no, len(wanted), status_,
                     mask_id(body["collector"]["id_number"]), body["collector"]["role"])
            return answer

    def evaluate(self, number: str, body: dict) -> dict:
        """Records a 好差评 rating; levels 1–2 open a complaint (logged)."""
        with self.db.write() as s:
            case = self._case(s, number)
            first = self._replay(s, "evaluation", body["evaluation_id"], case)
            if first is not None:
                return first
            answer = {"evaluation_id": body["evaluation_id"]}
            self._record(s, "evaluation", body["evaluation_id"], case, body, answer)
            if body["level"] <= 2:
                log.warning("case %s: %s rated %d, complaint opened", case.case_no,
                            body["stage"], body["level"])
            return answer

    def urge(self, number: str, body: dict | None = None, at: float | None = None) -> dict:
        """Urges (催办) the department of one item (``item_code``) or of every open
        item: ``{"urged": false}`` when none is open any more (not an error); 422
        ``unknown_item`` for an item the case does not have. Idempotent on
        ``urge_id`` (the answer then names it); a body without one (an old client)
        urges every time. Each urged item is recorded (:class:`Urge`) and answered
        by its department on a later back-office pass (``urge_answered``)."""
        body = body or {}
        urge_id = body.get("urge_id")
        with self.db.write() as s:
            case = self._case(s, number)
            if urge_id:
                first = self._replay(s, "urge", urge_id, case)
                if first is not None:
                    return first
            code = body.get("item_code")
            if code is not None:
                named = [i for i in case.items if i.code == code]
                if not named:
                    raise invalid(f"办件没有事项“{code}”", code="unknown_item", missing=[code])
            else:
                named = list(case.items)
            t = now() if at is None else at
            targets = [i for i in named if i.node in OPEN_ITEM_NODES] \
                if case.state in OPEN_STATES else []
            for item in targets:
                key = urge_id or f"{t}"
                due = (self.scheduler.answer_due(case.client_uuid, item.code, t, key)
                       if self.scheduler is not None else t)
                s.add(Urge(urge_id=urge_id, case_id=case.id, item_id=item.id, item_code=item.code,
                           department=item.department, reason=body.get("reason", ""),
                           auto=bool(body.get("auto", False)), at=t, answer_due=due))
            answer = {"urged": bool(targets)}
            if urge_id:
                answer["urge_id"] = urge_id
                self._record(s, "urge", urge_id, case, body, answer, t)
            if targets:
                case.urged += 1
                log.info("case %s urged (%d times): %s", case.case_no, case.urged,
                         ", ".join(i.code for i in targets))
            return answer


_KIND_LABEL = {"supplement": "补正", "issuance": "出件", "evaluation": "评价", "urge": "催办"}
