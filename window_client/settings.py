"""Settings: every setting declared once, with key, type, default and a Chinese
label. Stored as JSON in the user config directory; secrets never go here (they
go through keyring). The rest of the program receives a frozen ``Settings``."""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

import platformdirs

logger = logging.getLogger(__name__)

APP_NAME = "window-client"
APP_AUTHOR = "ganzhou-zwfw"
EMBEDDED_PLATFORM_URL = "http://127.0.0.1:8765/api/v1"


@dataclass(frozen=True)
class Paths:
    config_dir: Path
    data_dir: Path
    log_dir: Path

    @classmethod
    def default(cls) -> "Paths":
        """The platform's user directories, or all under $WINDOW_CLIENT_HOME when set
        (tests, portable installs)."""
        home = os.environ.get("WINDOW_CLIENT_HOME")
        if home:
            root = Path(home)
            return cls(root / "config", root / "data", root / "logs")
        return cls(Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)),
                   Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)),
                   Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR)))

    @property
    def database(self) -> Path:
        return self.data_dir / "window_client.sqlite3"

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"


@dataclass(frozen=True)
class Settings:
    hall_name: str = "赣州市政务服务中心"
    window_code: str = "W01"          # unique per window: part of every provisional number
    window_label: str = "综合窗口1号"
    # the embedded default: the sandbox platform on this machine, started by the app
    platform_url: str = "http://127.0.0.1:8765/api/v1"
    ca_bundle: str = ""             # a CA bundle file for the platform's TLS certificate
    proxy: str = ""                 # http(s) proxy of the government network
    connect_timeout_s: int = 5
    read_timeout_s: int = 20
    sync_interval_s: int = 15
    offline_sign_in_days: int = 7
    material_retention_days: int = 30
    backup_keep: int = 14           # rolling database backups kept in data/backups
    # printing: a default printer per document type ("" = the system default)
    printer_receipt: str = ""
    printer_notice: str = ""
    printer_slip: str = ""
    printer_handover: str = ""
    slip_format: str = "80mm"       # "80mm" thermal roll or "a4"
    silent_slip: bool = True        # the slip prints without a dialog
    hall_phone: str = "0797-12345"
    # devices
    idcard_reader: str = "none"     # none | serial | vendor | simulator (demonstration only)
    idcard_port: str = ""           # serial port of a GA 467 reader, e.g. /dev/ttyUSB0 or COM3
    hot_folder: str = ""            # a folder a network scanner writes into

    LABELS = {
        "hall_name": "大厅名称",
        "window_code": "窗口编码",
        "window_label": "窗口名称",
        "platform_url": "一窗式综合服务平台地址",
        "ca_bundle": "平台证书(CA)文件",
        "proxy": "代理服务器",
        "connect_timeout_s": "连接超时(秒)",
        "read_timeout_s": "读取超时(秒)",
        "sync_interval_s": "同步间隔(秒)",
        "offline_sign_in_days": "可离线登录天数",
        "material_retention_days": "办结后本地材料保留天数",
        "backup_keep": "数据库备份保留份数",
        "printer_receipt": "受理回执打印机",
        "printer_notice": "一次性告知书打印机",
        "printer_slip": "取件凭证打印机",
        "printer_handover": "出件登记单打印机",
        "slip_format": "取件凭证格式(80mm/a4)",
        "silent_slip": "取件凭证直接打印(不弹预览)",
        "hall_phone": "大厅咨询电话",
        "idcard_reader": "身份证读卡器",
        "idcard_port": "读卡器串口",
        "hot_folder": "网络扫描仪共享文件夹",
    }

    @property
    def embedded_platform(self) -> bool:
        return self.platform_url == EMBEDDED_PLATFORM_URL


def load_settings(path: Path) -> Settings:
    """Settings from ``path``; unknown keys are ignored, a broken file falls back to
    defaults with a warning (the clerk must still be able to work)."""
    if not path.exists():
        return Settings()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        logger.warning("settings file unreadable, using defaults: %s", exc)
        return Settings()
    defaults = Settings()
    values = {}
    for f in fields(Settings):
        if f.name in data and type(data[f.name]) is type(getattr(defaults, f.name)):
            values[f.name] = data[f.name]
    return replace(defaults, **values)


def save_settings(path: Path, settings: Settings) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({f.name: getattr(settings, f.name) for f in fields(settings)},
                              ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)
