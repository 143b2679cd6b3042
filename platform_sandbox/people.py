"""Demo citizens: their e-licences, the shared data other departments hold about
them, and online verification (网络核验).

Someone the sandbox does not know holds no licences and has no shared data
(empty answers, never 404). Verification is deterministic: it fails for an ID
number in the configured ``fails`` set or with a wrong check character, and
passes otherwise.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from .db import Database
from .demo_data import PEOPLE, SHARED_SOURCE
from .ids import is_valid_id_number, mask_id
from .models import Licence, Person, SharedValue

log = logging.getLogger(__name__)


class People:
    def __init__(self, db: Database, fails: set[str]):
        self.db = db
        self.fails = {f.upper() for f in fails}

    def seed(self) -> None:
        """Adds the demo citizens that are missing (with licences and shared data)."""
        with self.db.write() as s:
            for p in PEOPLE:
                if s.get(Person, p.id_number) is not None:
                    continue
                s.add(Person(id_number=p.id_number, name=p.name, note=p.note))
                s.flush()
                s.add_all(Licence(id_number=p.id_number, type=lic.type, number=lic.number,
                                  issuer=lic.issuer, valid_until=lic.valid_until)
                          for lic in p.licences)
                s.add_all(SharedValue(id_number=p.id_number, key=k, value=v,
                                      source=SHARED_SOURCE) for k, v in p.shared.items())

    def licences(self, id_number: str) -> dict:
        with self.db.read() as s:
            rows = s.scalars(select(Licence).where(Licence.id_number == id_number.upper())
                             .order_by(Licence.id)).all()
            log.info("licences of %s: %d", mask_id(id_number), len(rows))
            return {"licences": [{"type": r.type, "number": r.number, "issuer": r.issuer,
                                  "valid_until": r.valid_until} for r in rows]}

    def shared_data(self, id_number: str) -> dict:
        with self.db.read() as s:
            rows = s.scalars(select(SharedValue)
                             .where(SharedValue.id_number == id_number.upper())
                             .order_by(SharedValue.key)).all()
            log.info("shared data of %s: %d values", mask_id(id_number), len(rows))
            return {"values": {r.key: r.value for r in rows}, "source": SHARED_SOURCE}

    def verify(self, service: str, id_number: str) -> dict:
        number = id_number.upper()
        if not is_valid_id_number(number):
            result = {"result": "failed", "detail": "公民身份号码格式或校验位不正确"}
        elif number in self.fails:
            result = {"result": "failed", "detail": f"{service}:未查询到相符的记录"}
        else:
            result = {"result": "passed", "detail": f"{service}:核验通过"}
        log.info("verification %s for %s: %s", service, mask_id(number), result["result"])
        return result
