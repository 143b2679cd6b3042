"""Who may do what: the UI asks core.roles instead of comparing role names."""


def test_only_managers_and_administrators_issue():
    from window_client.core.roles import LABELS, Role, can_issue
    assert [r for r in Role if can_issue(r)] == [Role.MANAGER, Role.ADMIN]
    assert not can_issue("clerk") and not can_issue("") and not can_issue("Manager")
    assert LABELS["manager"] == "大厅管理员"


def test_only_administrators_administer():
    from window_client.core.roles import Role, can_administer
    assert [r for r in Role if can_administer(r)] == [Role.ADMIN]
    assert not can_administer("manager") and not can_administer("") and not can_administer("Admin")


def test_the_table_nests_the_roles_and_names_every_permission():
    from window_client.core.roles import PERMISSIONS, Permission, Role
    clerk, manager, admin = (PERMISSIONS[r] for r in Role)
    assert clerk == {Permission.ACCEPT_CASES}
    assert clerk < manager < admin   # a manager may what a clerk may; an admin what a manager may
    assert set().union(*PERMISSIONS.values()) == set(Permission)
    assert {p for p in admin - manager} == {p for p in Permission if p.startswith("manage_")}


def test_require_raises_a_typed_refusal_naming_the_roles_that_may():
    import pytest

    from window_client.core.roles import Clerk, NotPermitted, Permission, permits, require
    require(Clerk("u", "U", "manager"), Permission.ISSUE)
    with pytest.raises(NotPermitted) as refused:
        require(Clerk("u", "U", "clerk"), Permission.ISSUE)
    assert refused.value.permission is Permission.ISSUE
    assert str(refused.value) == "您的角色无权统一出件,仅大厅管理员、系统管理员可以操作"
    with pytest.raises(NotPermitted, match="仅系统管理员"):
        require(Clerk("u", "U", "manager"), Permission.MANAGE_BACKUPS)
    assert not permits("Admin", Permission.ACCEPT_CASES) and not permits("", Permission.ISSUE)
