"""Permissions are enforced in the services: each method that needs one is called
as each role, on a real SQLite store built through ``Wiring.for_clerk``. What the
role may do works; what it may not raises NotPermitted, changes nothing and leaves
an audit row naming the permission and the method (never personal data)."""

from __future__ import annotations


import ast
import datetime as dt
import importlib
import inspect
import json
import pkgutil
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

import window_client.services
from tests.ready_case import APPLICANT, PLATFORM_NO, make_ready_case
from window_client.core.case_state import CaseState
from window_client.core.issuance import Collector
from window_client.core.passwords import hash_password
from window_client.core.roles import PERMISSIONS, Clerk, NotPermitted, Role
from window_client.core.supervision import UrgeRule
from window_client.core.workdays import WorkCalendar
from window_client.services.administration import AccountsFromPlatform
from window_client.services.permissions import REGISTRY, required_permission
from window_client.settings import Paths, Settings, load_settings
from window_client.store import backup as backup_module
from window_client.store.db import open_database
from window_client.store.models import AuditRow
from window_client.wiring import WindowServices, Wiring

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = {Role.CLERK: Clerk("wangli", "王丽", "clerk"),
          Role.MANAGER: Clerk("lisi", "李四", "manager"),
          Role.ADMIN: Clerk("zhaomin", "赵敏", "admin")}


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    """One migrated database, copied for each test (migrating 60 times is slow)."""
    path = tmp_path_factory.mktemp("template") / "window.sqlite3"
    open_database(path).dispose()
    return path


@dataclass
class Window:
    wiring: Wiring
    services: WindowServices
    case_id: str
    settings_file: Path


def window_for(tmp_path: Path, migrated: Path, catalog, role: Role, *,
               has_platform: bool = False) -> Window:
    db = tmp_path / "window.sqlite3"
    shutil.copyfile(migrated, db)
    paths = Paths(tmp_path / "config", tmp_path / "data", tmp_path / "logs")
    settings_file = paths.settings_file
    settings_file.parent.mkdir(parents=True)
    settings_file.write_text(json.dumps({"hall_name": "测试大厅"}), encoding="utf-8")
    wiring = Wiring(paths, Settings(hall_name="测试大厅"), catalog, open_database(db),
                    calendar=WorkCalendar(), has_platform=has_platform,
                    settings_file=settings_file)
    # the accounts every test knows (a cheap scrypt: the slow one is tested elsewhere)
    wiring.accounts._hash = lambda password: hash_password(password, n=2 ** 4)
    for person in PEOPLE.values():
        wiring.accounts.create(person.username, person.display_name, "window2026", person.role)
    wiring.accounts.create("zhouqi", "周七", "window2026", "clerk")
    case_id = make_ready_case(wiring.cases, wiring.sync)
    return Window(wiring, wiring.for_clerk(PEOPLE[role]), case_id, settings_file)


def _restore(w: Window) -> object:
    admin = w.wiring.for_clerk(PEOPLE[Role.ADMIN]).backups   # a backup and its plan
    plan = admin.plan_restore(admin.make_backup())
    return w.services.backups.restore(plan)


# "Class.method" → (a real call as the role, a check that it did what it says)
Call = Callable[[Window], object]
CALLS: dict[str, Call] = {
    "AcceptanceDesk.new_session": lambda w: w.services.new_session(),
    "IssuanceService.queue": lambda w: w.services.issuance.queue(),
    "IssuanceService.scanned": lambda w: w.services.issuance.scanned(PLATFORM_NO),
    "IssuanceService.search": lambda w: w.services.issuance.search(APPLICANT),
    "IssuanceService.load": lambda w: w.services.issuance.load(w.case_id),
    "IssuanceService.hand_over": lambda w: w.services.issuance.hand_over(
        w.case_id, ["social_security_card"], Collector("applicant", "王秀英", APPLICANT)),
    "SupervisionService.board_data": lambda w: w.services.supervision.board_data(),
    "SupervisionService.set_rule": lambda w: w.services.supervision.set_rule(UrgeRule(False, 3)),
    "Administration.save_devices": lambda w: w.services.administration.save_devices(
        idcard_reader="serial", idcard_port="/dev/ttyUSB0", hot_folder=""),
    "Administration.save_printers": lambda w: w.services.administration.save_printers(
        printer_receipt="前台激光", slip_format="a4"),
    "Administration.save_hall": lambda w: w.services.administration.save_hall(
        hall_name="章贡区政务服务中心", hall_phone="0797-8000000"),
    "Administration.save_disabled_one_things":
        lambda w: w.services.administration.save_disabled_one_things(["newborn"]),
    "Administration.accounts": lambda w: w.services.administration.accounts(),
    "Administration.create_account": lambda w: w.services.administration.create_account(
        "sunba", "孙八", "window2026", "clerk"),
    "Administration.set_account_active":
        lambda w: w.services.administration.set_account_active("zhouqi", False),
    "Administration.reset_password":
        lambda w: w.services.administration.reset_password("zhouqi", "newpass2026"),
    "BackupService.backups": lambda w: w.services.backups.backups(),
    "BackupService.make_backup": lambda w: w.services.backups.make_backup(),
    "BackupService.plan_restore": lambda w: w.services.backups.plan_restore(),
    "BackupService.restore": _restore,
    "AuditService.check": lambda w: w.services.audit.check(),
    "AuditService.entries": lambda w: w.services.audit.entries(
        dt.date(2000, 1, 1), dt.date(2100, 1, 1)),
    "AuditService.export": lambda w: w.services.audit.export(
        dt.date(2000, 1, 1), dt.date(2100, 1, 1), w.settings_file.parent / "audit.csv"),
}


def _worked(name: str, w: Window, result: object) -> None:
    """What an allowed call did, read back from the store or the settings file."""
    saved = load_settings(w.settings_file)
    if name == "IssuanceService.hand_over":
        assert [r.outputs for r in w.wiring.issuance.issuances(w.case_id)] == [
            ("social_security_card",)]
    elif name == "IssuanceService.queue":
        assert [e.case_id for e in result] == [w.case_id]  # type: ignore[attr-defined]
    elif name in ("IssuanceService.scanned", "IssuanceService.load"):
        assert result.case.id == w.case_id  # type: ignore[attr-defined]
    elif name == "IssuanceService.search":
        assert [c.id for c in result] == [w.case_id]  # type: ignore[attr-defined]
    elif name == "SupervisionService.set_rule":
        assert (saved.urge_auto, saved.urge_within_days) == (False, 3)
    elif name == "Administration.save_devices":
        assert (saved.idcard_reader, saved.idcard_port) == ("serial", "/dev/ttyUSB0")
        assert saved.hall_name == "测试大厅"   # the other keys as the file had them
    elif name == "Administration.save_printers":
        assert (saved.printer_receipt, saved.slip_format) == ("前台激光", "a4")
    elif name == "Administration.save_hall":
        assert (saved.hall_name, saved.hall_phone) == ("章贡区政务服务中心", "0797-8000000")
    elif name == "Administration.save_disabled_one_things":
        assert saved.disabled_one_things == ("newborn",)
    elif name == "Administration.accounts":
        assert "zhouqi" in [a.username for a in result]  # type: ignore[attr-defined]
    elif name == "Administration.create_account":
        assert w.wiring.accounts.sign_in("sunba", "window2026").role == "clerk"
    elif name == "Administration.set_account_active":
        assert not {a.username: a.active for a in w.wiring.accounts.accounts()}["zhouqi"]
    elif name == "Administration.reset_password":
        assert w.wiring.accounts.sign_in("zhouqi", "newpass2026").username == "zhouqi"
    elif name == "BackupService.make_backup":
        assert result.path.exists()  # type: ignore[attr-defined]
    elif name == "BackupService.restore":
        assert result.result.backup is not None  # type: ignore[attr-defined]
        assert w.wiring.cases.get(w.case_id).state == CaseState.READY   # the restored file
        assert _audit(w, "backup_restored")
    elif name == "AuditService.check":
        assert result.ok and result.rows > 0  # type: ignore[attr-defined]
    elif name == "AuditService.entries":
        assert any(e.action == "clerk_created" for e in result)  # type: ignore[attr-defined]
    elif name == "AuditService.export":
        assert result.path.exists() and result.rows > 0  # type: ignore[attr-defined]
    elif name == "AcceptanceDesk.new_session":
        assert result.__class__.__name__ == "AcceptanceSession"


def _audit(w: Window, action: str) -> list[AuditRow]:
    with Session(w.wiring.engine) as session:
        return list(session.scalars(select(AuditRow).where(AuditRow.action == action)))


def _unchanged(name: str, w: Window) -> None:
    saved = load_settings(w.settings_file)
    assert saved == Settings(hall_name="测试大厅"), name
    assert w.wiring.cases.get(w.case_id).state == CaseState.READY
    assert w.wiring.issuance.issuances(w.case_id) == []
    assert {a.username: a.active for a in w.wiring.accounts.accounts()}["zhouqi"]
    assert "sunba" not in [a.username for a in w.wiring.accounts.accounts()]
    db = w.wiring.database_file
    assert not (db.parent / "damaged").exists()   # never restored
    made = backup_module.list_backups(db)
    assert len(made) == (1 if name == "BackupService.restore" else 0)   # the admin's, in _restore


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", sorted(CALLS))
def test_each_service_method_as_each_role(tmp_path, migrated, catalog, name, role):
    w = window_for(tmp_path, migrated, catalog, role)
    permission = REGISTRY[name]
    if permission in PERMISSIONS[role]:
        result = CALLS[name](w)
        _worked(name, w, result)
        assert not _audit(w, "refused")
        return
    with pytest.raises(NotPermitted) as refused:
        CALLS[name](w)
    assert refused.value.permission is permission
    _unchanged(name, w)
    rows = _audit(w, "refused")
    assert [(r.clerk, r.detail) for r in rows] == [
        (PEOPLE[role].username, f"permission={permission.value} method={name} role={role}")]
    # the case by its id when the method names one; no name or ID number anywhere
    assert rows[0].case_id == (w.case_id if "case_id" in _parameters(name) else None)
    assert APPLICANT not in rows[0].detail and "王秀英" not in rows[0].detail


def _parameters(name: str) -> list[str]:
    return list(inspect.signature(_method(name)).parameters)


def _method(name: str) -> Callable[..., object]:
    class_name, method = name.split(".")
    return getattr(_guarded_classes()[class_name], method)


def test_every_permission_claimed_by_a_method_is_called_as_each_role():
    """A new ``@requires`` method without a line in CALLS fails here."""
    _guarded_classes()   # every module loaded, so the registry is complete
    assert set(CALLS) == set(REGISTRY)
    for name, permission in REGISTRY.items():
        assert required_permission(_method(name)) is permission


def _guarded_classes() -> dict[str, type]:
    """Every class of the services and the wiring that keeps a Guard (``self.guard``,
    what ``requires`` reads)."""
    modules = [importlib.import_module(f"window_client.services.{m.name}")
               for m in pkgutil.iter_modules(window_client.services.__path__)]
    modules.append(importlib.import_module("window_client.wiring"))
    found = {}
    for module in modules:
        tree = ast.parse(inspect.getsource(module))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(
                    isinstance(n, ast.Attribute) and n.attr == "guard"
                    and isinstance(n.ctx, ast.Store) for n in ast.walk(node)):
                found[node.name] = getattr(module, node.name)
    return found


def unchecked(cls: type) -> list[str]:
    """Public methods and properties of ``cls`` neither requiring a permission nor
    declared open to every role."""
    open_ = getattr(cls, "OPEN_TO_EVERY_ROLE", None)
    if open_ is None:
        return [f"{cls.__name__} (no OPEN_TO_EVERY_ROLE)"]
    return [f"{cls.__name__}.{name}" for name, member in vars(cls).items()
            if not name.startswith("_") and name != "OPEN_TO_EVERY_ROLE"
            and (callable(member) or isinstance(member, property))
            and required_permission(member) is None and name not in open_]


def test_every_public_method_of_a_guarded_service_says_who_may_call_it():
    classes = _guarded_classes()
    assert {"IssuanceService", "SupervisionService", "Administration", "BackupService",
            "AcceptanceDesk", "AuditService"} <= set(classes)
    assert [m for cls in classes.values() for m in unchecked(cls)] == []


def test_the_check_catches_a_method_that_says_nothing():
    class Careless:
        OPEN_TO_EVERY_ROLE = frozenset({"read"})

        def read(self) -> None: ...

        def delete_everything(self) -> None: ...

    assert unchecked(Careless) == ["Careless.delete_everything"]


def test_an_online_install_refuses_account_changes_with_a_clear_message(
        tmp_path, migrated, catalog):
    w = window_for(tmp_path, migrated, catalog, Role.ADMIN, has_platform=True)
    admin = w.services.administration
    assert [a.username for a in admin.accounts()] == ["lisi", "wangli", "zhaomin", "zhouqi"]
    for change in (lambda: admin.create_account("sunba", "孙八", "window2026", "clerk"),
                   lambda: admin.set_account_active("zhouqi", False),
                   lambda: admin.reset_password("zhouqi", "newpass2026")):
        with pytest.raises(AccountsFromPlatform, match="账号由平台统一管理"):
            change()
    _unchanged("online", w)


def test_an_administrator_never_locks_out_the_last_administrator(tmp_path, migrated, catalog):
    from window_client.core.roles import AccountError
    w = window_for(tmp_path, migrated, catalog, Role.ADMIN)
    admin = w.services.administration
    with pytest.raises(AccountError, match="不能停用自己"):
        admin.set_account_active("zhaomin", False)
    admin.create_account("qianjiu", "钱九", "window2026", "admin")
    other = w.wiring.for_clerk(Clerk("qianjiu", "钱九", "admin")).administration
    other.set_account_active("zhaomin", False)
    with pytest.raises(AccountError, match="唯一启用的系统管理员"):
        w.wiring.accounts.set_active("qianjiu", False, by="qianjiu")
    deactivated = [r.detail for r in _audit(w, "clerk_deactivated")]
    assert deactivated == ["username=zhaomin"]


def test_a_bad_value_is_refused_in_chinese_and_nothing_is_written(tmp_path, migrated, catalog):
    from window_client.settings import SettingsError
    w = window_for(tmp_path, migrated, catalog, Role.ADMIN)
    with pytest.raises(SettingsError) as bad:
        w.services.administration.save_hall(hall_name="")
    assert any("大厅名称" in p for p in bad.value.problems)
    with pytest.raises(ValueError):
        w.services.administration.save_hall(idcard_reader="serial")   # not this section's
    _unchanged("bad value", w)
