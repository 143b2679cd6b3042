"""The 管理 section: an administrator switches configured one-things on or off for
the hall; the pick page (search, category tree, most used) offers only those
switched on, at once, and the choice is kept in the settings file."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from window_client.core.roles import Clerk
from window_client.qt.admin_view import OneThingsPanel
from window_client.services.administration import Administration
from window_client.settings import Settings, load_settings, save_settings
from window_client.store.accounts import ClerkAccounts
from window_client.store.db import open_database

from .helpers import make_window, type_text

ADMIN = Clerk("zhaomin", "赵敏", "admin")


def administration(tmp_path, settings, settings_file, clerk=ADMIN):
    """The administrator's service on a real store (where refusals would be audited)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    accounts = ClerkAccounts(open_database(tmp_path / "admin.sqlite3"))
    return Administration(clerk, settings, settings_file, accounts, local_accounts=True)


def one_things_panel(catalog, settings, settings_file, tmp_path):
    return OneThingsPanel(catalog, administration(tmp_path, settings, settings_file))


def tab_titles(window) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def results(window) -> list[str | None]:
    pick = window.acceptance.pick_page
    return [pick.result_list.item(i).data(Qt.ItemDataRole.UserRole + 2)
            for i in range(pick.result_list.count())]


def tree_ids(window) -> set[str]:
    tree = window.acceptance.pick_page.category_tree
    ids = set()
    for top in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(top)
        for n in range(group.childCount()):
            one_id = group.child(n).data(0, Qt.ItemDataRole.UserRole + 2)
            if one_id:
                ids.add(one_id)
    return ids


def most_used(window) -> list[str]:
    used = window.acceptance.pick_page.most_used_list
    return [used.item(i).data(Qt.ItemDataRole.UserRole + 2) for i in range(used.count())]


@pytest.mark.parametrize("role, shown", [("admin", True), ("manager", False), ("clerk", False)])
def test_only_an_administrator_has_the_admin_tab(qtbot, tmp_path, catalog, role, shown):
    window, _ = make_window(qtbot, tmp_path, catalog, clerk=Clerk("u1", "用户", role))
    assert ("管理" in tab_titles(window)) is shown
    assert (window.admin_view is not None) is shown


def test_the_admin_view_lists_every_configured_one_thing(qtbot, tmp_path, catalog):
    view = one_things_panel(catalog, Settings(disabled_one_things=("newborn",)), None, tmp_path)
    qtbot.addWidget(view)
    table = view.table
    assert table.rowCount() == len(catalog.definitions)
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers == ["序号", "名称", "牵头单位", "审核状态", "在本大厅启用"]
    row = view.row_of("newborn")
    assert table.item(row, view.COL_SEQ).text() == "1"
    assert table.item(row, view.COL_NAME).text() == catalog.definitions["newborn"].name
    assert table.item(row, view.COL_LEAD).text() == "赣州市卫生健康委员会"
    one = view.catalog.definitions[view.one_things[row].id]
    assert table.item(row, view.COL_REVIEW).text() == f"待部门审核 · 事项已审核0/{len(one.items)}"
    assert table.item(row, view.COL_ENABLED).checkState() == Qt.CheckState.Unchecked
    assert view.switched_off() == {"newborn"}
    seq = [int(table.item(r, view.COL_SEQ).text()) for r in range(table.rowCount())]
    assert seq == sorted(seq)


def test_a_reviewed_one_thing_shows_its_unit_and_date(qtbot, tmp_path, catalog):
    from dataclasses import replace

    from window_client.core.definition import Review, ReviewState
    newborn = catalog.definitions["newborn"].model_copy(update={"review": Review(
        state=ReviewState.REVIEWED, unit=catalog.definitions["newborn"].lead_units[0],
        date="2026-11-20")})
    reviewed = replace(catalog, definitions={**catalog.definitions, "newborn": newborn})
    view = one_things_panel(reviewed, Settings(), None, tmp_path)
    qtbot.addWidget(view)
    assert view.table.item(view.row_of("newborn"), view.COL_REVIEW).text() == \
        f"已审核(赣州市卫生健康委员会,2026-11-20) · 事项已审核0/{len(newborn.items)}"


def test_switching_off_hides_at_once_and_persists_and_on_again_shows(qtbot, tmp_path, catalog):
    settings_file = tmp_path / "config" / "settings.json"
    save_settings(settings_file, Settings(hall_name="于都县政务服务中心", idcard_reader="simulator"))
    window, _ = make_window(qtbot, tmp_path, catalog, clerk=ADMIN,
                            settings=load_settings(settings_file), settings_file=settings_file)
    assert window.admin_view is not None
    admin = window.admin_view.one_things
    pick = window.acceptance.pick_page
    pick.set_usage({"newborn": 5, "marriage_childbirth": 2})
    type_text(pick.search_edit, "xse")   # 新生儿出生
    assert results(window)[0] == "newborn"
    assert "newborn" in tree_ids(window) and most_used(window)[0] == "newborn"

    admin.set_switched_on("newborn", False)
    assert "未保存" in admin.status_label.text()
    assert results(window)[0] == "newborn"          # not before it is saved
    admin.save_button.click()
    assert "newborn" not in results(window)          # the search typed earlier, at once
    assert "newborn" not in tree_ids(window) and "newborn" not in most_used(window)
    assert most_used(window) == ["marriage_childbirth"]
    assert "已保存" in admin.status_label.text() and "新生儿出生" in admin.status_label.text()
    pick.search_edit.clear()
    type_text(pick.search_edit, "新生儿")
    assert "newborn" not in results(window)
    saved = load_settings(settings_file)
    assert saved.disabled_one_things == ("newborn",)
    # the other settings are as the file had them
    assert saved.hall_name == "于都县政务服务中心" and saved.idcard_reader == "simulator"

    admin.set_switched_on("newborn", True)
    admin.save_button.click()
    assert results(window)[0] == "newborn"
    assert "newborn" in tree_ids(window) and most_used(window)[0] == "newborn"
    assert load_settings(settings_file).disabled_one_things == ()
    assert "全部" in admin.status_label.text()


def test_a_switched_off_one_thing_is_hidden_from_the_start(qtbot, tmp_path, catalog):
    window, _ = make_window(qtbot, tmp_path, catalog,
                            settings=Settings(disabled_one_things=("newborn", "from_elsewhere")))
    assert window.admin_view is None
    type_text(window.acceptance.pick_page.search_edit, "xse")
    assert "newborn" not in results(window)
    assert "newborn" not in tree_ids(window)
    assert "marriage_childbirth" in tree_ids(window)


def test_ids_the_catalog_does_not_know_are_kept_when_saving(qtbot, tmp_path, catalog):
    settings_file = tmp_path / "settings.json"
    settings_file.write_text(json.dumps({"disabled_one_things": ["from_elsewhere"],
                                         "from_a_newer_build": 1}), encoding="utf-8")
    view = one_things_panel(catalog, load_settings(settings_file), settings_file, tmp_path)
    qtbot.addWidget(view)
    assert view.switched_off() == frozenset()
    view.set_switched_on("used_car_transfer", False)
    assert view.save()
    data = json.loads(settings_file.read_text(encoding="utf-8"))
    assert data["disabled_one_things"] == ["from_elsewhere", "used_car_transfer"]
    assert data["from_a_newer_build"] == 1


def test_a_settings_file_gone_bad_is_not_overwritten(qtbot, tmp_path, catalog):
    settings_file = tmp_path / "settings.json"
    settings_file.write_text(json.dumps({"slip_format": "a5"}), encoding="utf-8")
    view = one_things_panel(catalog, Settings(), settings_file, tmp_path)
    qtbot.addWidget(view)
    applied = []
    view.enabled_changed.connect(applied.append)
    view.set_switched_on("newborn", False)
    assert not view.save()
    assert "未能保存" in view.status_label.text() and "slip_format" in view.status_label.text()
    assert applied == []
    assert json.loads(settings_file.read_text(encoding="utf-8")) == {"slip_format": "a5"}


def test_device_settings_keep_what_the_admin_saved(qtbot, tmp_path, catalog):
    """Both screens save their own keys: neither undoes the other's."""
    from window_client.qt.device_settings import DeviceSettingsView
    settings_file = tmp_path / "settings.json"
    devices = DeviceSettingsView(administration(tmp_path / "d", Settings(), settings_file))
    admin = one_things_panel(catalog, Settings(), settings_file, tmp_path)   # built before either saved
    qtbot.addWidget(devices)
    qtbot.addWidget(admin)
    admin.set_switched_on("newborn", False)
    admin.save()
    devices.hot_folder_edit.setText(str(tmp_path))
    devices.save()
    saved = load_settings(settings_file)
    assert saved.disabled_one_things == ("newborn",) and saved.hot_folder == str(tmp_path)
