"""Settings: every setting declared once, with key, type, default, what is allowed
(range, choices or pattern) and a Chinese label. Stored as JSON; secrets never go
here (they go through keyring). The rest of the program receives a frozen
``Settings``, validated when made: a settings file with a bad value is refused at
load with a Chinese message naming the file and the key and what is allowed
(``SettingsError``), so the window never starts on settings nobody meant.

Two files, in layers (docs/ARCHITECTURE.md, "Configuration"):

- the hall profile, ``hall.json`` in the machine's config directory
  (``Paths.hall_profile``: platformdirs' site_config_dir), written by the installer
  (``cli hall init``) or by IT: the hall-wide keys (``HALL_KEYS``) and defaults for
  the others;
- the user's ``settings.json`` (``Paths.settings_file``): the per-user and device
  keys (printers, the card reader, the slip format, the scanner folder, the
  document camera).

defaults < hall profile < user file for the per-user keys; a hall-wide key comes
from the profile (or its default) only — a user file's value for it is ignored with
a warning. Without a profile (older installs, a checkout) the user file holds every
key, as before."""

from __future__ import annotations

import json
import logging
import os
import sys
import typing
from dataclasses import dataclass, field, fields, replace
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
HALL_PROFILE_NAME = "hall.json"


def _site_dirs() -> tuple[Path, Path]:
    """The machine's config and data directories (every OS account reads the same):
    all under $WINDOW_CLIENT_SITE when set (tests, portable installs), else
    platformdirs' site_config_dir (Linux: the first entry of $XDG_CONFIG_DIRS that
    holds a hall profile, else /etc/xdg — a desktop session may put its own entry
    first, the installer writes as root without it) and, for the shared numbers,
    site_data_dir on Windows (C:\\ProgramData\\…) and /var/lib on Linux (Debian's
    place for a package's variable data; /usr/local and /usr/share are not)."""
    root = os.environ.get("WINDOW_CLIENT_SITE")
    if root:
        return Path(root) / "config", Path(root) / "data"
    if sys.platform == "win32" or sys.platform == "darwin":
        return (Path(platformdirs.site_config_dir(APP_NAME, APP_AUTHOR)),
                Path(platformdirs.site_data_dir(APP_NAME, APP_AUTHOR)))
    candidates = [Path(p) for p in platformdirs.site_config_dir(
        APP_NAME, APP_AUTHOR, multipath=True).split(os.pathsep) if p]
    config = next((c for c in candidates if (c / HALL_PROFILE_NAME).exists()), None)
    if config is None:
        etc = Path("/etc/xdg") / APP_NAME
        config = etc if etc in candidates or not candidates else candidates[0]
    return config, Path("/var/lib") / APP_NAME


@dataclass(frozen=True)
class Paths:
    config_dir: Path
    data_dir: Path
    log_dir: Path
    # the machine's directories, shared by every OS account (the hall profile, the
    # provisional numbers); read from the environment when not given
    site_config_dir: Path = field(default_factory=lambda: _site_dirs()[0])
    site_data_dir: Path = field(default_factory=lambda: _site_dirs()[1])

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

    @property
    def hall_profile(self) -> Path:
        return self.site_config_dir / HALL_PROFILE_NAME

    @property
    def shared_numbers_dir(self) -> Path:
        """Where the provisional numbers are counted for every account of this
        machine, unless the profile names a ``shared_dir`` (store/numbering.py)."""
        return self.site_data_dir / "numbers"

    @property
    def settings_files(self) -> SettingsFiles:
        """The two layers this installation reads: the hall profile and the user file."""
        return SettingsFiles(self.settings_file, self.hall_profile)


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
    # a scanner driven through SANE (Linux), by its SANE name, e.g. "epson2:libusb:001:004";
    # "" = none: the pages dialog then has no 扫描 button
    scanner_device: str = setting("", "直连扫描仪")
    # the document camera (高拍仪): its Qt Multimedia device id ("" = the system's
    # default camera) and resolution ("" = the largest it offers); per user, like
    # every device key
    camera_device: str = setting("", "高拍仪")
    camera_resolution: str = setting("", "高拍仪分辨率", "形如 2592x1944 的分辨率(宽x高),"
                                     "或留空(最高分辨率)", pattern=r"^(\d{2,5}x\d{2,5})?$")
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
    # where every OS account of this machine counts the provisional numbers
    # (store/numbering.py); "" = the machine's (Paths.shared_numbers_dir)
    shared_dir: str = setting("", "各账户共用的编号文件夹")

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


#: the hall-wide keys: one value for every OS account of the machine, from the hall
#: profile when there is one (a user file's value is then ignored with a warning).
#: ``lock_minutes`` is the idle lock's, hall-wide once it is declared.
_HALL_WIDE = ("hall_name", "window_code", "window_label", "platform_url", "ca_bundle", "proxy",
              "connect_timeout_s", "read_timeout_s", "sync_interval_s", "offline_sign_in_days",
              "material_retention_days", "backup_keep", "hall_phone", "disabled_one_things",
              "urge_auto", "urge_within_days", "lock_minutes", "shared_dir")
HALL_KEYS: frozenset[str] = frozenset(key for key in _HALL_WIDE if key in LABELS)
#: keys only a hall profile holds: the hall's windows, code → name (``window_code``
#: says which one this machine is; its name is the default ``window_label``)
PROFILE_LABELS: dict[str, str] = {"windows": "本大厅的窗口"}
HALL_MANAGED = "由大厅统一配置"
_WINDOWS_ALLOWED = "必须是窗口编码到窗口名称的对象,如 {\"W01\": \"综合窗口1号\", \"W02\": \"综合窗口2号\"}"
_WINDOWS = pydantic.TypeAdapter(
    dict[Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,16}$")],
         Annotated[str, StringConstraints(min_length=1)]],
    config=ConfigDict(strict=True))


class HallProfileReadOnly(SettingsError):
    """A hall-wide key changed in the app (管理, the urging rule) while this account
    cannot write the hall profile: IT must edit it. Nothing was written."""

    def __init__(self, path: Path, keys: list[str], detail: str) -> None:
        self.path = path
        self.problems = [f"{key}「{LABELS[key]}」{HALL_MANAGED}" for key in keys]
        ValueError.__init__(self, f"{'、'.join(self.problems)}:保存在大厅配置文件 {path},"
                                  f"本账户无权修改该文件({detail})。请由IT修改该文件"
                                  f"(或以管理员身份运行 window-client cli hall set)。")


@dataclass(frozen=True)
class SettingsFiles:
    """The layers one installation reads: the user's file and the hall profile
    (``None`` or absent: no profile, the user file holds every key)."""
    user: Path
    profile: Path | None = None

    @property
    def layered(self) -> bool:
        return self.profile is not None and self.profile.exists()

    def managed(self, key: str) -> bool:
        """True: ``key`` is the hall profile's (a settings screen shows it read-only,
        marked HALL_MANAGED, unless ``profile_writable``)."""
        return self.layered and key in HALL_KEYS

    @property
    def profile_writable(self) -> bool:
        return (self.profile is not None and os.access(self.profile, os.W_OK)
                and os.access(self.profile.parent, os.W_OK))

    def read_only_note(self, *keys: str) -> str:
        """For a settings screen: "" when this account may change ``keys``, else a
        Chinese line to show beside them (the screen then shows them read-only)."""
        if not any(self.managed(key) for key in keys) or self.profile_writable:
            return ""
        return f"{HALL_MANAGED}(大厅配置文件 {self.profile}),本账户不能修改;如需更改请联系IT。"


def read_only_note(target: Path | SettingsFiles | None, *keys: str) -> str:
    """``SettingsFiles.read_only_note`` for whatever a screen was given ("" for a
    user file alone or none)."""
    return target.read_only_note(*keys) if isinstance(target, SettingsFiles) else ""


#: what the settings screens save to: a user file alone, or the layers
SettingsTarget = Path | SettingsFiles


@dataclass(frozen=True)
class LoadedSettings:
    """What ``load_layers`` found: the settings, and for --self-check the keys of the
    user file that were ignored (hall-wide, the profile's) and the hall's windows."""
    settings: Settings
    layered: bool
    ignored: tuple[str, ...] = ()
    windows: dict[str, str] = field(default_factory=dict)


def _files(path: Path | SettingsFiles, profile: Path | None) -> SettingsFiles:
    return path if isinstance(path, SettingsFiles) else SettingsFiles(path, profile)


def _read_object(path: Path) -> dict[str, Any]:
    """A JSON object from ``path`` ({} when there is none); a BOM (Notepad) is allowed."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise SettingsError(path, [f"无法读取文件:{exc.strerror or exc}"]) from None
    except ValueError as exc:
        raise SettingsError(path, [f"不是有效的 JSON:{exc}"]) from None
    if not isinstance(data, dict):
        raise SettingsError(path, ["文件内容必须是一个 JSON 对象({\"键\": 值, …})"])
    return data


def _problem(key: str, value: object) -> str:
    return f"{key}「{LABELS[key]}」{allowed(key)},文件中是 {_shown(value)}"


def load_layers(path: Path | SettingsFiles, *, profile: Path | None = None) -> LoadedSettings:
    """The settings from the layers (module docstring); ``SettingsError`` names the
    file each bad key came from (the profile's problems first)."""
    files = _files(path, profile)
    user = _read_object(files.user)
    unknown = sorted(set(user) - set(LABELS))
    if unknown:
        logger.warning("settings file %s: unknown keys ignored: %s", files.user,
                       ", ".join(unknown))
    if not files.layered:
        values = {key: value for key, value in user.items() if key in LABELS}
        return LoadedSettings(_build(values, dict.fromkeys(values, files.user), {}), False)
    assert files.profile is not None
    hall = _read_object(files.profile)
    unknown = sorted(set(hall) - set(LABELS) - set(PROFILE_LABELS))
    if unknown:
        logger.warning("hall profile %s: unknown keys ignored: %s", files.profile,
                       ", ".join(unknown))
    ignored = tuple(key for key in LABELS if key in user and key in HALL_KEYS)
    if ignored:
        logger.warning("settings file %s: hall-wide keys ignored (the hall profile %s has "
                       "them): %s", files.user, files.profile, ", ".join(ignored))
    values = {key: value for key, value in hall.items() if key in LABELS}
    origin = dict.fromkeys(values, files.profile)
    for key, value in user.items():
        if key in LABELS and key not in HALL_KEYS:
            values[key], origin[key] = value, files.user
    extra: list[str] = []
    windows: dict[str, str] = {}
    if "windows" in hall:
        try:
            windows = _WINDOWS.validate_python(hall["windows"])
        except pydantic.ValidationError:
            extra.append(f"windows「{PROFILE_LABELS['windows']}」{_WINDOWS_ALLOWED},"
                         f"文件中是 {_shown(hall['windows'])}")
    code = values.get("window_code", DEFAULTS["window_code"])
    if windows and isinstance(code, str):
        if code not in windows:
            extra.append(f"window_code「{LABELS['window_code']}」必须是 windows「"
                         f"{PROFILE_LABELS['windows']}」中的一个({'、'.join(windows)}),"
                         + (f"文件中是 {_shown(code)}" if "window_code" in hall
                            else f"文件中未填写(默认 {_shown(code)})"))
        elif "window_label" not in hall:
            values["window_label"], origin["window_label"] = windows[code], files.profile
    settings = _build(values, origin, {files.profile: extra})
    return LoadedSettings(settings, True, ignored, windows)


def _build(values: dict[str, Any], origin: dict[str, Path],
           extra: dict[Path, list[str]]) -> Settings:
    """``Settings(**values)``, or ``SettingsError`` for the first file (``extra``'s
    first) with a problem: every bad key of it, in declaration order."""
    problems: dict[Path, list[str]] = {path: list(lines) for path, lines in extra.items()}
    settings = None
    try:
        settings = Settings(**values)
    except pydantic.ValidationError as exc:
        bad = sorted({str(error["loc"][0]) for error in exc.errors() if error["loc"]}
                     & set(values), key=list(LABELS).index)
        for key in bad:
            problems.setdefault(origin[key], []).append(_problem(key, values[key]))
    for path, lines in problems.items():
        if lines:
            raise SettingsError(path, lines)
    assert settings is not None
    return settings


def load_settings(path: Path | SettingsFiles, *, profile: Path | None = None) -> Settings:
    """Settings from ``path`` (defaults when there is no file), under the hall
    ``profile`` when there is one (or ``path`` is a ``SettingsFiles``). Unknown keys
    are ignored with a warning (a newer or older build's), so is a hall-wide key in
    the user file when a profile is in force; a file that is not a JSON object, or a
    value of the wrong type or outside what is allowed, raises ``SettingsError``
    naming the file and every bad key."""
    return load_layers(path, profile=profile).settings


def _write_json(path: Path, data: dict[str, object]) -> None:
    """``data`` to ``path``: written beside it, flushed to disk, then replaced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        out.write(json.dumps(data, ensure_ascii=False, indent=1))
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)


def save_settings(path: Path, settings: Settings, *,
                  keep: dict[str, object] | None = None) -> None:
    """Every declared key of ``settings`` to ``path`` (written beside it, then
    replaced); ``keep``: keys this build does not know, written back as they were."""
    data = dict(keep or {})
    data.update({f.name: getattr(settings, f.name) for f in fields(settings)})
    _write_json(path, data)


def update_settings(path: Path | SettingsFiles, *, profile: Path | None = None,
                    **changes: Any) -> Settings:
    """The settings file with ``changes`` and everything else as the file has it
    now — read again, so two screens saving their own keys (设备, 管理) never undo
    each other, and keys of another build are kept. Returns what was saved; raises
    ``SettingsError`` when the file on disk is no longer valid (nothing is written).

    Under a hall profile: a hall-wide key goes to the profile (``HallProfileReadOnly``
    when this account cannot write it — nothing is written then), the others to the
    user file, which keeps only what it had and what changed."""
    files = _files(path, profile)
    current = load_settings(files)
    changed = replace(current, **changes)
    if not files.layered:
        keep = {key: value for key, value in _read_object(files.user).items()
                if key not in LABELS}
        save_settings(files.user, changed, keep=keep)
        return changed
    assert files.profile is not None
    hall_keys = [key for key in LABELS if key in changes and key in HALL_KEYS]
    if hall_keys:
        data = _read_object(files.profile)
        data.update({key: _plain(getattr(changed, key)) for key in hall_keys})
        try:
            _write_json(files.profile, data)
        except PermissionError as exc:
            raise HallProfileReadOnly(files.profile, hall_keys, exc.strerror or str(exc)) from None
    user_keys = [key for key in changes if key not in HALL_KEYS]
    if user_keys:
        data = _read_object(files.user)
        data.update({key: _plain(getattr(changed, key)) for key in user_keys})
        _write_json(files.user, data)
    return changed


def _plain(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def write_hall_profile(path: Path, values: dict[str, Any]) -> LoadedSettings:
    """A new hall profile at ``path`` holding ``values`` (with the keys of one there
    already kept), validated first exactly as it will be read; ``SettingsError``
    naming the key, and nothing written, when a value is not allowed."""
    data = _read_object(path) if path.exists() else {}
    data.update({key: _plain(value) for key, value in values.items()})
    unknown = sorted(set(data) - set(LABELS) - set(PROFILE_LABELS))
    if unknown:
        raise SettingsError(path, [f"{key}:不是可设置的项" for key in unknown])
    tmp = path.with_name(path.name + ".check")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        _write_json(tmp, data)
        loaded = load_layers(SettingsFiles(path.with_name(path.name + ".none"), tmp))
    except SettingsError as exc:
        raise SettingsError(path, exc.problems) from None
    finally:
        tmp.unlink(missing_ok=True)
    _write_json(path, data)
    return loaded
