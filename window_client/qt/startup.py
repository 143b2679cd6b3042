"""The start's Qt part (window_client/app_main.py has no Qt): the data key (set
at the first start, recovered with the passphrase when the keyring lost it),
opening the database with the clerk's say when it is damaged, and the message
boxes of a start that cannot go on."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox

from window_client.security.keys import (DataKey, KeyManager, KeyMismatch, KeyNotSet, KeyProblem,
                                         RecoveryNeeded)
from window_client.services.recovery import plan_restore
from window_client.settings import Paths
from window_client.wiring import open_store as open_database
from window_client.core.storage_errors import DatabaseDamaged, StorageFull, StorageUnavailable

from .storage_dialogs import offer_restore


def unlock_key(manager: KeyManager, log: logging.Logger) -> DataKey | None:
    """The data key: from the keyring; the first start of an installation asks
    IT to set the recovery passphrase; a keyring that lost the key (or holds
    another) asks for the passphrase. None: IT quit, or there is no keyring (said
    in a message box: what to install) — the app never runs on a plain store."""
    from .recovery_dialog import PassphraseDialog
    try:
        return manager.unlock()
    except KeyNotSet:
        log.warning("no data key yet: IT is asked to set the recovery passphrase")
        dialog = PassphraseDialog(manager, initialise=True)
    except (RecoveryNeeded, KeyMismatch) as exc:
        log.warning("data key not in the keyring (%s): recovery passphrase asked",
                    type(exc).__name__)
        dialog = PassphraseDialog(manager, initialise=False, reason=str(exc))
    except KeyProblem as exc:   # KeyringMissing, KeyFileDamaged
        log.error("data key unavailable: %s", type(exc).__name__)
        QMessageBox.critical(None, QCoreApplication.translate("Startup", "无法读取数据密钥"),
                             str(exc))
        return None
    if dialog.exec() != dialog.DialogCode.Accepted:
        return None
    return dialog.key


def open_store(paths: Paths, backup_keep: int, log: logging.Logger,
               key: DataKey | None = None):
    """The database, checked and migrated (with ``key``: encrypted, a plain store
    first encrypted in place). Damaged: the clerk is offered the latest good
    backup (the damaged file is kept for IT); None when they quit instead. A
    full disk: a Chinese message, None."""
    for attempt in range(3):
        try:
            return open_database(paths, backup_keep, key)
        except DatabaseDamaged as exc:
            log.error("database damaged at start (%s): %s", exc.kind, exc.detail[:200])
            plan = plan_restore(paths.database, exc, key=key.key if key else None)
            if attempt == 2 or offer_restore(plan) is None:
                return None
        except StorageFull:
            log.error("database cannot be opened: disk full")
            QMessageBox.critical(None, QCoreApplication.translate("Startup", "磁盘空间已满"),
                                 QCoreApplication.translate(
                                     "Startup", "本机磁盘空间已满,程序无法打开数据库。"
                                                "请联系技术支持清理磁盘后再启动。"))
            return None
        except StorageUnavailable as exc:
            log.error("database cannot be opened: %s", exc.detail)
            QMessageBox.critical(None, QCoreApplication.translate("Startup", "无法打开数据库"),
                                 str(exc))
            return None
    return None


def refuse_settings(argv: list[str], reason: str) -> None:
    """The settings file was refused: said in a message box (the console gets it too)."""
    from .app import make_application
    make_application(argv)
    QMessageBox.critical(None, QCoreApplication.translate("Startup", "设置文件有误"),
                         QCoreApplication.translate("Startup", "%1\n程序未启动。").replace("%1", reason))
