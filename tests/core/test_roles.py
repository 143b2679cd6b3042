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
