"""Permissions enforced in the services: a method that needs one is decorated with
``@requires(Permission.X)``; it then checks the signed-in clerk's role (the
service's ``guard``, given by the wiring) before anything else runs, and a refusal
is recorded in the audit log (who, which permission, which method, the case id when
the method has one; never personal data) before ``NotPermitted`` is raised.

Every decorated method lands in ``REGISTRY``; a service class with a guard lists
the public methods open to every role in ``OPEN_TO_EVERY_ROLE``. The permission
tests read both, so a new public method that says neither fails them."""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from window_client.core.roles import Clerk, NotPermitted, Permission, permits

logger = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])

# "Class.method" → the permission it needs (filled as the service modules load)
REGISTRY: dict[str, Permission] = {}


class RefusalLog(Protocol):
    def record_refusal(self, clerk: Clerk, permission: Permission, where: str,
                       case_id: str | None = None) -> None: ...


class Guard:
    """The signed-in clerk and where their refusals are written."""

    def __init__(self, clerk: Clerk, refusals: RefusalLog | None = None) -> None:
        self.clerk = clerk
        self.refusals = refusals

    def permits(self, permission: Permission) -> bool:
        return permits(self.clerk.role, permission)

    def check(self, permission: Permission, where: str, case_id: str | None = None) -> None:
        if self.permits(permission):
            return
        logger.warning("refused: %s (role %s) asked %s (%s)", self.clerk.username,
                       self.clerk.role, where, permission.value)
        if self.refusals is not None:
            self.refusals.record_refusal(self.clerk, permission, where, case_id)
        raise NotPermitted(permission)


class Guarded(Protocol):
    guard: Guard


def requires(permission: Permission) -> Callable[[F], F]:
    """The method runs only for a role with ``permission``; a refusal is audited."""

    def decorate(fn: F) -> F:
        where = fn.__qualname__
        signature = inspect.signature(fn)
        has_case = "case_id" in signature.parameters

        @functools.wraps(fn)
        def checked(self: Guarded, *args: Any, **kwargs: Any) -> Any:
            case_id = None
            if has_case:
                try:
                    bound = signature.bind_partial(self, *args, **kwargs)
                    value = bound.arguments.get("case_id")
                    case_id = value if isinstance(value, str) else None
                except TypeError:
                    case_id = None
            self.guard.check(permission, where, case_id)
            return fn(self, *args, **kwargs)

        checked.required_permission = permission  # type: ignore[attr-defined]
        REGISTRY[where] = permission
        return checked  # type: ignore[return-value]

    return decorate


def required_permission(method: object) -> Permission | None:
    return getattr(method, "required_permission", None)
