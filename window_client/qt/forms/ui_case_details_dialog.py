# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'case_details_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QDialog, QGridLayout,
    QHBoxLayout, QHeaderView, QLabel, QPushButton,
    QSizePolicy, QSpacerItem, QTabWidget, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget)

class Ui_CaseDetailsDialog(object):
    def setupUi(self, CaseDetailsDialog):
        if not CaseDetailsDialog.objectName():
            CaseDetailsDialog.setObjectName(u"CaseDetailsDialog")
        CaseDetailsDialog.resize(860, 600)
        self.main_layout = QVBoxLayout(CaseDetailsDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.header_layout = QGridLayout()
        self.header_layout.setObjectName(u"header_layout")
        self.header_layout.setHorizontalSpacing(16)
        self.provisional_no_caption_label = QLabel(CaseDetailsDialog)
        self.provisional_no_caption_label.setObjectName(u"provisional_no_caption_label")

        self.header_layout.addWidget(self.provisional_no_caption_label, 0, 0, 1, 1)

        self.provisional_no_label = QLabel(CaseDetailsDialog)
        self.provisional_no_label.setObjectName(u"provisional_no_label")
        self.provisional_no_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.header_layout.addWidget(self.provisional_no_label, 0, 1, 1, 1)

        self.platform_no_caption_label = QLabel(CaseDetailsDialog)
        self.platform_no_caption_label.setObjectName(u"platform_no_caption_label")

        self.header_layout.addWidget(self.platform_no_caption_label, 0, 2, 1, 1)

        self.platform_no_label = QLabel(CaseDetailsDialog)
        self.platform_no_label.setObjectName(u"platform_no_label")
        self.platform_no_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.header_layout.addWidget(self.platform_no_label, 0, 3, 1, 1)

        self.one_thing_caption_label = QLabel(CaseDetailsDialog)
        self.one_thing_caption_label.setObjectName(u"one_thing_caption_label")

        self.header_layout.addWidget(self.one_thing_caption_label, 1, 0, 1, 1)

        self.one_thing_label = QLabel(CaseDetailsDialog)
        self.one_thing_label.setObjectName(u"one_thing_label")
        self.one_thing_label.setWordWrap(True)

        self.header_layout.addWidget(self.one_thing_label, 1, 1, 1, 3)

        self.state_caption_label = QLabel(CaseDetailsDialog)
        self.state_caption_label.setObjectName(u"state_caption_label")

        self.header_layout.addWidget(self.state_caption_label, 2, 0, 1, 1)

        self.state_label = QLabel(CaseDetailsDialog)
        self.state_label.setObjectName(u"state_label")

        self.header_layout.addWidget(self.state_label, 2, 1, 1, 1)

        self.clerk_caption_label = QLabel(CaseDetailsDialog)
        self.clerk_caption_label.setObjectName(u"clerk_caption_label")

        self.header_layout.addWidget(self.clerk_caption_label, 2, 2, 1, 1)

        self.clerk_label = QLabel(CaseDetailsDialog)
        self.clerk_label.setObjectName(u"clerk_label")

        self.header_layout.addWidget(self.clerk_label, 2, 3, 1, 1)

        self.created_caption_label = QLabel(CaseDetailsDialog)
        self.created_caption_label.setObjectName(u"created_caption_label")

        self.header_layout.addWidget(self.created_caption_label, 3, 0, 1, 1)

        self.created_label = QLabel(CaseDetailsDialog)
        self.created_label.setObjectName(u"created_label")

        self.header_layout.addWidget(self.created_label, 3, 1, 1, 1)

        self.updated_caption_label = QLabel(CaseDetailsDialog)
        self.updated_caption_label.setObjectName(u"updated_caption_label")

        self.header_layout.addWidget(self.updated_caption_label, 3, 2, 1, 1)

        self.updated_label = QLabel(CaseDetailsDialog)
        self.updated_label.setObjectName(u"updated_label")

        self.header_layout.addWidget(self.updated_label, 3, 3, 1, 1)

        self.header_layout.setColumnStretch(1, 1)
        self.header_layout.setColumnStretch(3, 1)

        self.main_layout.addLayout(self.header_layout)

        self.details_tabs = QTabWidget(CaseDetailsDialog)
        self.details_tabs.setObjectName(u"details_tabs")
        self.application_tab = QWidget()
        self.application_tab.setObjectName(u"application_tab")
        self.application_layout = QVBoxLayout(self.application_tab)
        self.application_layout.setObjectName(u"application_layout")
        self.form_table = QTableWidget(self.application_tab)
        if (self.form_table.columnCount() < 2):
            self.form_table.setColumnCount(2)
        __qtablewidgetitem = QTableWidgetItem()
        self.form_table.setHorizontalHeaderItem(0, __qtablewidgetitem)
        __qtablewidgetitem1 = QTableWidgetItem()
        self.form_table.setHorizontalHeaderItem(1, __qtablewidgetitem1)
        self.form_table.setObjectName(u"form_table")
        self.form_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.form_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.form_table.setColumnCount(2)
        self.form_table.horizontalHeader().setStretchLastSection(True)
        self.form_table.verticalHeader().setVisible(False)

        self.application_layout.addWidget(self.form_table)

        self.details_tabs.addTab(self.application_tab, "")
        self.materials_tab = QWidget()
        self.materials_tab.setObjectName(u"materials_tab")
        self.materials_layout = QVBoxLayout(self.materials_tab)
        self.materials_layout.setObjectName(u"materials_layout")
        self.material_table = QTableWidget(self.materials_tab)
        if (self.material_table.columnCount() < 5):
            self.material_table.setColumnCount(5)
        __qtablewidgetitem2 = QTableWidgetItem()
        self.material_table.setHorizontalHeaderItem(0, __qtablewidgetitem2)
        __qtablewidgetitem3 = QTableWidgetItem()
        self.material_table.setHorizontalHeaderItem(1, __qtablewidgetitem3)
        __qtablewidgetitem4 = QTableWidgetItem()
        self.material_table.setHorizontalHeaderItem(2, __qtablewidgetitem4)
        __qtablewidgetitem5 = QTableWidgetItem()
        self.material_table.setHorizontalHeaderItem(3, __qtablewidgetitem5)
        __qtablewidgetitem6 = QTableWidgetItem()
        self.material_table.setHorizontalHeaderItem(4, __qtablewidgetitem6)
        self.material_table.setObjectName(u"material_table")
        self.material_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.material_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.material_table.setColumnCount(5)
        self.material_table.horizontalHeader().setStretchLastSection(True)
        self.material_table.verticalHeader().setVisible(False)

        self.materials_layout.addWidget(self.material_table)

        self.files_caption_label = QLabel(self.materials_tab)
        self.files_caption_label.setObjectName(u"files_caption_label")

        self.materials_layout.addWidget(self.files_caption_label)

        self.file_table = QTableWidget(self.materials_tab)
        if (self.file_table.columnCount() < 3):
            self.file_table.setColumnCount(3)
        __qtablewidgetitem7 = QTableWidgetItem()
        self.file_table.setHorizontalHeaderItem(0, __qtablewidgetitem7)
        __qtablewidgetitem8 = QTableWidgetItem()
        self.file_table.setHorizontalHeaderItem(1, __qtablewidgetitem8)
        __qtablewidgetitem9 = QTableWidgetItem()
        self.file_table.setHorizontalHeaderItem(2, __qtablewidgetitem9)
        self.file_table.setObjectName(u"file_table")
        self.file_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.file_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.file_table.setColumnCount(3)
        self.file_table.horizontalHeader().setStretchLastSection(True)
        self.file_table.verticalHeader().setVisible(False)

        self.materials_layout.addWidget(self.file_table)

        self.details_tabs.addTab(self.materials_tab, "")
        self.history_tab = QWidget()
        self.history_tab.setObjectName(u"history_tab")
        self.history_layout = QVBoxLayout(self.history_tab)
        self.history_layout.setObjectName(u"history_layout")
        self.history_table = QTableWidget(self.history_tab)
        if (self.history_table.columnCount() < 4):
            self.history_table.setColumnCount(4)
        __qtablewidgetitem10 = QTableWidgetItem()
        self.history_table.setHorizontalHeaderItem(0, __qtablewidgetitem10)
        __qtablewidgetitem11 = QTableWidgetItem()
        self.history_table.setHorizontalHeaderItem(1, __qtablewidgetitem11)
        __qtablewidgetitem12 = QTableWidgetItem()
        self.history_table.setHorizontalHeaderItem(2, __qtablewidgetitem12)
        __qtablewidgetitem13 = QTableWidgetItem()
        self.history_table.setHorizontalHeaderItem(3, __qtablewidgetitem13)
        self.history_table.setObjectName(u"history_table")
        self.history_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_table.setColumnCount(4)
        self.history_table.horizontalHeader().setStretchLastSection(True)
        self.history_table.verticalHeader().setVisible(False)

        self.history_layout.addWidget(self.history_table)

        self.details_tabs.addTab(self.history_tab, "")

        self.main_layout.addWidget(self.details_tabs)

        self.button_layout = QHBoxLayout()
        self.button_layout.setObjectName(u"button_layout")
        self.resume_hint_label = QLabel(CaseDetailsDialog)
        self.resume_hint_label.setObjectName(u"resume_hint_label")

        self.button_layout.addWidget(self.resume_hint_label)

        self.button_spacer = QSpacerItem(40, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.button_layout.addItem(self.button_spacer)

        self.resume_button = QPushButton(CaseDetailsDialog)
        self.resume_button.setObjectName(u"resume_button")

        self.button_layout.addWidget(self.resume_button)

        self.close_button = QPushButton(CaseDetailsDialog)
        self.close_button.setObjectName(u"close_button")

        self.button_layout.addWidget(self.close_button)


        self.main_layout.addLayout(self.button_layout)

        QWidget.setTabOrder(self.details_tabs, self.form_table)
        QWidget.setTabOrder(self.form_table, self.material_table)
        QWidget.setTabOrder(self.material_table, self.file_table)
        QWidget.setTabOrder(self.file_table, self.history_table)
        QWidget.setTabOrder(self.history_table, self.resume_button)
        QWidget.setTabOrder(self.resume_button, self.close_button)

        self.retranslateUi(CaseDetailsDialog)

        self.details_tabs.setCurrentIndex(0)
        self.close_button.setDefault(True)

    # setupUi

    def retranslateUi(self, CaseDetailsDialog):
        CaseDetailsDialog.setWindowTitle(QCoreApplication.translate("CaseDetailsDialog", u"\u529e\u4ef6\u8be6\u60c5", None))
        self.provisional_no_caption_label.setText(QCoreApplication.translate("CaseDetailsDialog", u"\u53d7\u7406\u7f16\u53f7", None))
        self.platform_no_caption_label.setText(QCoreApplication.translate("CaseDetailsDialog", u"\u5e73\u53f0\u529e\u4ef6\u7f16\u53f7", None))
        self.one_thing_caption_label.setText(QCoreApplication.translate("CaseDetailsDialog", u"\u4e00\u4ef6\u4e8b", None))
        self.state_caption_label.setText(QCoreApplication.translate("CaseDetailsDialog", u"\u72b6\u6001", None))
        self.clerk_caption_label.setText(QCoreApplication.translate("CaseDetailsDialog", u"\u53d7\u7406\u4eba", None))
        self.created_caption_label.setText(QCoreApplication.translate("CaseDetailsDialog", u"\u521b\u5efa\u65f6\u95f4", None))
        self.updated_caption_label.setText(QCoreApplication.translate("CaseDetailsDialog", u"\u66f4\u65b0\u65f6\u95f4", None))
        ___qtablewidgetitem = self.form_table.horizontalHeaderItem(0)
        ___qtablewidgetitem.setText(QCoreApplication.translate("CaseDetailsDialog", u"\u9879\u76ee", None))
        ___qtablewidgetitem1 = self.form_table.horizontalHeaderItem(1)
        ___qtablewidgetitem1.setText(QCoreApplication.translate("CaseDetailsDialog", u"\u5185\u5bb9", None))
        self.details_tabs.setTabText(self.details_tabs.indexOf(self.application_tab), QCoreApplication.translate("CaseDetailsDialog", u"\u7533\u8bf7\u4fe1\u606f", None))
        ___qtablewidgetitem2 = self.material_table.horizontalHeaderItem(0)
        ___qtablewidgetitem2.setText(QCoreApplication.translate("CaseDetailsDialog", u"\u6750\u6599\u540d\u79f0", None))
        ___qtablewidgetitem3 = self.material_table.horizontalHeaderItem(1)
        ___qtablewidgetitem3.setText(QCoreApplication.translate("CaseDetailsDialog", u"\u7c7b\u522b", None))
        ___qtablewidgetitem4 = self.material_table.horizontalHeaderItem(2)
        ___qtablewidgetitem4.setText(QCoreApplication.translate("CaseDetailsDialog", u"\u5df2\u6536\u53d6", None))
        ___qtablewidgetitem5 = self.material_table.horizontalHeaderItem(3)
        ___qtablewidgetitem5.setText(QCoreApplication.translate("CaseDetailsDialog", u"\u4efd\u6570", None))
        ___qtablewidgetitem6 = self.material_table.horizontalHeaderItem(4)
        ___qtablewidgetitem6.setText(QCoreApplication.translate("CaseDetailsDialog", u"\u5bb9\u7f3a\u8865\u4ea4\u671f\u9650", None))
        self.files_caption_label.setText(QCoreApplication.translate("CaseDetailsDialog", u"\u5df2\u4e0a\u4f20\u6587\u4ef6", None))
        ___qtablewidgetitem7 = self.file_table.horizontalHeaderItem(0)
        ___qtablewidgetitem7.setText(QCoreApplication.translate("CaseDetailsDialog", u"\u6587\u4ef6\u540d", None))
        ___qtablewidgetitem8 = self.file_table.horizontalHeaderItem(1)
        ___qtablewidgetitem8.setText(QCoreApplication.translate("CaseDetailsDialog", u"\u5927\u5c0f", None))
        ___qtablewidgetitem9 = self.file_table.horizontalHeaderItem(2)
        ___qtablewidgetitem9.setText(QCoreApplication.translate("CaseDetailsDialog", u"\u6240\u5c5e\u6750\u6599", None))
        self.details_tabs.setTabText(self.details_tabs.indexOf(self.materials_tab), QCoreApplication.translate("CaseDetailsDialog", u"\u6750\u6599", None))
        ___qtablewidgetitem10 = self.history_table.horizontalHeaderItem(0)
        ___qtablewidgetitem10.setText(QCoreApplication.translate("CaseDetailsDialog", u"\u65f6\u95f4", None))
        ___qtablewidgetitem11 = self.history_table.horizontalHeaderItem(1)
        ___qtablewidgetitem11.setText(QCoreApplication.translate("CaseDetailsDialog", u"\u72b6\u6001\u53d8\u5316", None))
        ___qtablewidgetitem12 = self.history_table.horizontalHeaderItem(2)
        ___qtablewidgetitem12.setText(QCoreApplication.translate("CaseDetailsDialog", u"\u7ecf\u529e\u4eba", None))
        ___qtablewidgetitem13 = self.history_table.horizontalHeaderItem(3)
        ___qtablewidgetitem13.setText(QCoreApplication.translate("CaseDetailsDialog", u"\u5907\u6ce8", None))
        self.details_tabs.setTabText(self.details_tabs.indexOf(self.history_tab), QCoreApplication.translate("CaseDetailsDialog", u"\u72b6\u6001\u8bb0\u5f55", None))
        self.resume_button.setText(QCoreApplication.translate("CaseDetailsDialog", u"\u7ee7\u7eed\u529e\u7406", None))
        self.close_button.setText(QCoreApplication.translate("CaseDetailsDialog", u"\u5173\u95ed", None))
    # retranslateUi

