# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'sign_in_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
    QFormLayout, QLabel, QLineEdit, QSizePolicy,
    QVBoxLayout, QWidget)

class Ui_SignInDialog(object):
    def setupUi(self, SignInDialog):
        if not SignInDialog.objectName():
            SignInDialog.setObjectName(u"SignInDialog")
        SignInDialog.resize(460, 300)
        self.main_layout = QVBoxLayout(SignInDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.title_label = QLabel(SignInDialog)
        self.title_label.setObjectName(u"title_label")
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.main_layout.addWidget(self.title_label)

        self.intro_label = QLabel(SignInDialog)
        self.intro_label.setObjectName(u"intro_label")
        self.intro_label.setWordWrap(True)

        self.main_layout.addWidget(self.intro_label)

        self.form_layout = QFormLayout()
        self.form_layout.setObjectName(u"form_layout")
        self.username_label = QLabel(SignInDialog)
        self.username_label.setObjectName(u"username_label")

        self.form_layout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.username_label)

        self.username_edit = QLineEdit(SignInDialog)
        self.username_edit.setObjectName(u"username_edit")

        self.form_layout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.username_edit)

        self.display_name_label = QLabel(SignInDialog)
        self.display_name_label.setObjectName(u"display_name_label")

        self.form_layout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.display_name_label)

        self.display_name_edit = QLineEdit(SignInDialog)
        self.display_name_edit.setObjectName(u"display_name_edit")

        self.form_layout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.display_name_edit)

        self.password_label = QLabel(SignInDialog)
        self.password_label.setObjectName(u"password_label")

        self.form_layout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.password_label)

        self.password_edit = QLineEdit(SignInDialog)
        self.password_edit.setObjectName(u"password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.form_layout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.password_edit)

        self.confirm_label = QLabel(SignInDialog)
        self.confirm_label.setObjectName(u"confirm_label")

        self.form_layout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.confirm_label)

        self.confirm_edit = QLineEdit(SignInDialog)
        self.confirm_edit.setObjectName(u"confirm_edit")
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)

        self.form_layout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.confirm_edit)


        self.main_layout.addLayout(self.form_layout)

        self.message_label = QLabel(SignInDialog)
        self.message_label.setObjectName(u"message_label")
        self.message_label.setWordWrap(True)

        self.main_layout.addWidget(self.message_label)

        self.button_box = QDialogButtonBox(SignInDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.username_label.setBuddy(self.username_edit)
        self.display_name_label.setBuddy(self.display_name_edit)
        self.password_label.setBuddy(self.password_edit)
        self.confirm_label.setBuddy(self.confirm_edit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.username_edit, self.display_name_edit)
        QWidget.setTabOrder(self.display_name_edit, self.password_edit)
        QWidget.setTabOrder(self.password_edit, self.confirm_edit)

        self.retranslateUi(SignInDialog)
    # setupUi

    def retranslateUi(self, SignInDialog):
        SignInDialog.setWindowTitle(QCoreApplication.translate("SignInDialog", u"\u7a97\u53e3\u4eba\u5458\u767b\u5f55", None))
        self.title_label.setText(QCoreApplication.translate("SignInDialog", u"\u4e00\u4ef6\u4e8b\u4e00\u6b21\u529e \u7efc\u5408\u7a97\u53e3", None))
        self.intro_label.setText(QCoreApplication.translate("SignInDialog", u"\u8bf7\u8f93\u5165\u7528\u6237\u540d\u548c\u5bc6\u7801\u767b\u5f55\u3002", None))
        self.username_label.setText(QCoreApplication.translate("SignInDialog", u"\u7528\u6237\u540d", None))
        self.display_name_label.setText(QCoreApplication.translate("SignInDialog", u"\u59d3\u540d", None))
        self.password_label.setText(QCoreApplication.translate("SignInDialog", u"\u5bc6\u7801", None))
        self.confirm_label.setText(QCoreApplication.translate("SignInDialog", u"\u786e\u8ba4\u5bc6\u7801", None))
        self.message_label.setText("")
    # retranslateUi

