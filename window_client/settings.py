"""Settings: every setting declared once, with key, type, default, what is allowed
(range, choices or pattern) and a Chinese label. Stored as JSON in the user config
directory; secrets never go here (they go through keyring). The rest of the program
receives a frozen ``Settings``, validated when made: a settings file with a bad value
is refused at load with a Chinese message naming the key and what is allowed
(``SettingsError``), so the window never starts on settings nobody meant."""

from __future__ import annotations

import json
import logging
import os
import typing
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Annotated, Any, Literal

import annotated_types
import platformdirs
import pydantic
from pydantic import ConfigDict, Field, StringConstraints
from pydantic.dataclasses import dataclass as validated_dataclass

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
    def default(cls) -> Paths:
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


SlipFormat = Literal["80mm", "a4"]
IdCardReaderKind = Literal["none", "serial", "vendor", "simulator"]


def setting(default: Any, label: str, allowed: str = "", **constraints: Any) -> Any:
    """One declared setting: its default, Chinese label and constraints (pydantic's
    ``ge``/``le``/``min_length``/``pattern``); ``allowed`` says in Chinese what a
    pattern allows (ranges and choices describe themselves)."""
    return Field(default, title=label, description=allowed or None, **constraints)


_URL = r"^https?://[^\s/]+\S*$"
# a one-thing id as definitions spell it (core/definition.py)
OneThingId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


@validated_dataclass(frozen=True, config=ConfigDict(strict=True, validate_default=True))
class Settings:
    hall_name: str = setting("赣州市政务服务中心", "大厅名称", min_length=1)
    # unique per window: part of every provisional number and of the keyring entry
    window_code: str = setting("W01", "窗口编码", "1到16位字母、数字、-或_",
                               pattern=r"^[A-Za-z0-9_-]{1,16}$")
    window_label: str = setting("综合窗口1号", "窗口名称", min_length=1)
    # the embedded default: the sandbox platform on this machine, started by the app
    platform_url: str = setting(EMBEDDED_PLATFORM_URL, "一窗式综合服务平台地址",
                                "以 http:// 或 https:// 开头的地址", pattern=_URL)
    # a CA bundle file for the platform's TLS certificate ("" = the system's)
    ca_bundle: str = setting("", "平台证书(CA)文件")
    proxy: str = setting("", "代理服务器")  # http(s) proxy of the government network
    connect_timeout_s: int = setting(5, "连接超时(秒)", ge=1, le=120)
    read_timeout_s: int = setting(20, "读取超时(秒)", ge=1, le=600)
    sync_interval_s: int = setting(15, "同步间隔(秒)", ge=5, le=3600)
    offline_sign_in_days: int = setting(7, "可离线登录天数", ge=0, le=90)
    # the window locks after this long without a key or the mouse (a hall setting)
    lock_minutes: int = setting(5, "无操作自动锁屏(分钟)", ge=1, le=120)
    material_retention_days: int = setting(30, "办结后本地材料保留天数", ge=1, le=3650)
    # rolling database backups kept in data/backups
    backup_keep: int = setting(14, "数据库备份保留份数", ge=1, le=365)
    # printing: a default printer per document type ("" = the system default)
    printer_receipt: str = setting("", "受理回执打印机")
    printer_notice: str = setting("", "一次性告知书打印机")
    printer_slip: str = setting("", "取件凭证打印机")
    printer_handover: str = setting("", "出件登记单打印机")
    slip_format: SlipFormat = setting("80mm", "取件凭证格式")  # thermal roll or A4
    silent_slip: bool = setting(True, "取件凭证直接打印(不弹预览)")
    hall_phone: str = setting("0797-12345", "大厅咨询电话")
    # devices; the simulator is for demonstration only
    idcard_reader: IdCardReaderKind = setting("none", "身份证读卡器")
    # serial port of a GA 467 reader, e.g. /dev/ttyUSB0 or COM3
    idcard_port: str = setting("", "读卡器串口")
    hot_folder: str = setting("", "网络扫描仪共享文件夹")  # a network scanner writes here
    # configured one-things this hall does not offer (the 管理 section); () = all offered.
    # An id the catalog does not know is kept and ignored (--self-check warns).
    # Not strict: the file's JSON list becomes the tuple (each entry still checked).
    disabled_one_things: tuple[OneThingId, ...] = setting(
        (), "本大厅停用的一件事", "一件事编号的列表,如 [\"newborn\"](小写字母开头,"
        "只含小写字母、数字和_)", strict=False)

    # the hall's urging rule (督办, set by a hall manager on the efficiency board): urge
    # each item past its promise, or with this many working days or fewer left
    urge_auto: bool = setting(True, "超期自动催办")
    urge_within_days: int = setting(1, "到期前几个工作日开始自动催办", ge=0, le=10)

    @property
    def embedded_platform(self) -> bool:
        return self.platform_url == EMBEDDED_PLATFORM_URL


def _declared() -> dict[str, Any]:
    return dict(Settings.__pydantic_fields__)  # type: ignore[attr-defined]  # set by pydantic


LABELS: dict[str, str] = {name: info.title for name, info in _declared().items()}
DEFAULTS: dict[str, object] = {f.name: getattr(Settings(), f.name) for f in fields(Settings)}


def allowed(key: str) -> str:
    """What ``key`` accepts, in Chinese: its choices, its range or its pattern."""
    info = _declared()[key]
    annotation = info.annotation
    if typing.get_origin(annotation) is Literal:
        return "只能是 " + "、".join(str(c) for c in typing.get_args(annotation)) + " 之一"
    if annotation is bool:
        return "只能是 true 或 false"
    if annotation is int:
        low = next((m.ge for m in info.metadata if isinstance(m, annotated_types.Ge)), None)
        high = next((m.le for m in info.metadata if isinstance(m, annotated_types.Le)), None)
        return f"必须是 {low} 到 {high} 之间的整数"
    if info.description:
        return f"必须是{info.description}"
    if any(isinstance(m, annotated_types.MinLen) for m in info.metadata):
        return "必须是非空的文字"
    return "必须是文字(用双引号括起)"


class SettingsError(ValueError):
    """A settings file that cannot be used. ``problems``: one Chinese line per bad
    key (its name, label, what is allowed and what the file has)."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(f"设置文件 {path} 有误:\n"
                         + "\n".join(f"  {p}" for p in problems)
                         + "\n请改正上述设置项(或删除该项以使用默认值)。")


def _shown(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def load_settings(path: Path) -> Settings:
    """Settings from ``path`` (defaults when there is no file). Unknown keys are
    ignored with a warning (a newer or older build's); a file that is not a JSON
    object, or a value of the wrong type or outside what is allowed, raises
    ``SettingsError`` naming every bad key."""
    if not path.exists():
        return Settings()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SettingsError(path, [f"无法读取文件:{exc.strerror or exc}"]) from None
    except ValueError as exc:
        raise SettingsError(path, [f"不是有效的 JSON:{exc}"]) from None
    if not isinstance(data, dict):
        raise SettingsError(path, ["文件内容必须是一个 JSON 对象({\"键\": 值, …})"])
    unknown = sorted(set(data) - set(LABELS))
    if unknown:
        logger.warning("settings file %s: unknown keys ignored: %s", path, ", ".join(unknown))
    values = {key: value for key, value in data.items() if key in LABELS}
    try:
        return Settings(**values)
    except pydantic.ValidationError as exc:
        bad = sorted({str(error["loc"][0]) for error in exc.errors() if error["loc"]}
                     & set(values), key=list(LABELS).index)
        raise SettingsError(path, [f"{key}「{LABELS[key]}」{allowed(key)},"
                                   f"文件中是 {_shown(values[key])}" for key in bad]) from None


def save_settings(path: Path, settings: Settings, *,
                  keep: dict[str, object] | None = None) -> None:
    """Every declared key of ``settings`` to ``path`` (written beside it, then
    replaced); ``keep``: keys this build does not know, written back as they were."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    data = dict(keep or {})
    data.update({f.name: getattr(settings, f.name) for f in fields(settings)})
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def update_settings(path: Path, **changes: Any) -> Settings:
    """The settings file with ``changes`` and everything else as the file has it
    now — read again, so two screens saving their own keys (设备, 管理) never undo
    each other, and keys of another build are kept. Returns what was saved; raises
    ``SettingsError`` when the file on disk is no longer valid (nothing is written)."""
    current = load_settings(path)
    keep: dict[str, object] = {}
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        keep = {key: value for key, value in data.items() if key not in LABELS}
    changed = replace(current, **changes)
    save_settings(path, changed, keep=keep)
    return changed
