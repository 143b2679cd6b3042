import datetime as dt

from PySide6.QtCore import Qt

from window_client.core.workdays import WorkCalendar
from window_client.qt.catalog_model import CatalogTableModel, rows_from_catalog
from window_client.qt.main_window import MainWindow
from window_client.settings import Settings


def test_catalog_model_without_a_view(catalog, qtbot):
    model = CatalogTableModel(rows_from_catalog(catalog))
    assert model.rowCount() == 186 and model.columnCount() == 5
    first = model.index(0, CatalogTableModel.COL_NAME)
    assert model.data(first) == "新生儿出生(婚育户一链办)"
    assert model.data(first, CatalogTableModel.OneThingIdRole) == "newborn"
    unnamed = model.index(87, CatalogTableModel.COL_NAME)
    assert model.data(unnamed) == "(第88行未列名称)"
    assert model.data(unnamed, Qt.ItemDataRole.ToolTipRole) == "附件1原文此行未列出名称"
    state = model.index(87, CatalogTableModel.COL_STATE)
    assert model.data(state) == "待配置"


def test_main_window_lists_filters_and_shows_details(catalog, qtbot):
    window = MainWindow(catalog, Settings(), WorkCalendar())
    qtbot.addWidget(window)
    window.show()
    assert window.proxy.rowCount() == 186
    assert "未连接" in window.header_label.text()
    window.search_edit.setText("新生儿")  # QTest.keyClicks handles ASCII only
    assert window.proxy.rowCount() == 1
    window.catalog_table.selectRow(0)
    html = window.details_view.toPlainText()
    assert "出生医学证明首次签发" in html and "承诺时限:5个工作日" in html
    window.search_edit.clear()
    window.search_edit.setText("灵活就业")
    window.catalog_table.selectRow(0)
    assert "待配置" in window.details_view.toPlainText()
