"""``docs/platform-api.yaml`` as JSON Schema: request and response validation.

The sandbox checks every JSON request body against the contract (a 422 names the
first violation), so a client that drifts from the contract finds out against
the sandbox. Tests use :meth:`Contract.response_errors` to check answers.
Schemas are OpenAPI 3.1, i.e. JSON Schema 2020-12; ``$ref`` inside the document
resolves through a ``referencing`` registry. Formats ``uuid``, ``date`` and
``date-time`` are checked.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from .config import CONTRACT_PATH

_URI = "urn:platform-api"


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")


def _is_datetime(value) -> bool:
    """RFC 3339 date-time with an offset (non-strings are the type check's business)."""
    if not isinstance(value, str):
        return True
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return "T" in value.upper() and parsed.tzinfo is not None


_FORMATS = FormatChecker(["uuid", "date"])
_FORMATS.checks("date-time")(_is_datetime)


class Contract:
    def __init__(self, path: Path = CONTRACT_PATH):
        self.doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        resource = Resource.from_contents(self.doc, default_specification=DRAFT202012)
        self.registry = Registry().with_resource(_URI, resource)

    def _validator(self, pointer: str) -> Draft202012Validator:
        return Draft202012Validator({"$ref": f"{_URI}#{pointer}"}, registry=self.registry,
                                    format_checker=_FORMATS)

    def _operation(self, path: str, method: str) -> dict:
        return self.doc["paths"][path][method.lower()]

    def request_errors(self, path: str, method: str, body) -> list[str]:
        """Violations of the operation's JSON request schema (empty: fine)."""
        op = self._operation(path, method)
        if "application/json" not in op.get("requestBody", {}).get("content", {}):
            return []
        pointer = "/".join(["", "paths", _escape(path), method.lower(), "requestBody",
                            "content", "application~1json", "schema"])
        return _messages(self._cached(pointer), body)

    def response_errors(self, path: str, method: str, status: int, body) -> list[str]:
        """Violations of the documented JSON answer for ``status`` (an undocumented
        status is itself a violation)."""
        responses = self._operation(path, method)["responses"]
        if str(status) not in responses:
            return [f"status {status} is not documented for {method.upper()} {path}"]
        answer = responses[str(status)]
        base = ["", "paths", _escape(path), method.lower(), "responses", str(status)]
        if "$ref" in answer:
            base = answer["$ref"].lstrip("#").split("/")
            answer = self.doc["components"]["responses"][base[-1]]
        if "application/json" not in answer.get("content", {}):
            return []
        pointer = "/".join(base + ["content", "application~1json", "schema"])
        return _messages(self._cached(pointer), body)

    def schema_errors(self, component: str, instance) -> list[str]:
        """Violations of ``#/components/schemas/<component>``."""
        return _messages(self._cached(f"/components/schemas/{component}"), instance)

    @functools.cache  # noqa: B019 - one Contract per process, kept for its whole life
    def _cached(self, pointer: str) -> Draft202012Validator:
        return self._validator(pointer)


def _messages(validator: Draft202012Validator, instance) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
            for e in sorted(validator.iter_errors(instance), key=lambda e: list(e.path))]


@functools.lru_cache(maxsize=1)
def default_contract() -> Contract:
    return Contract()
