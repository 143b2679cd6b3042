"""``--self-check``: what an installer or a hall's IT person needs to know, in
Chinese, with an exit code — 0 when the app can work (warnings allowed), 1 when
something essential is broken (the database, the catalog, the fonts)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from window_client.catalog.loader import CatalogError
from window_client.catalog.store import CatalogStore
from window_client.settings import (HALL_MANAGED, LABELS, Paths, Settings, SettingsError,
                                    load_layers)

logger = logging.getLogger(__name__)


@dataclass
class Report:
    lines: list[tuple[str, str, str]] = field(default_factory=list)  # (level, what, detail)

    def ok(self, what: str, detail: str) -> None:
        self.lines.append(("正常", what, detail))

    def warn(self, what: str, detail: str) -> None:
        self.lines.append(("提示", what, detail))

    def error(self, what: str, detail: str) -> None:
        self.lines.append(("错误", what, detail))

    @property
    def exit_code(self) -> int:
        return 1 if any(level == "错误" for level, *_ in self.lines) else 0

    def render(self) -> str:
        out = [f"[{level}] {what}:{detail}" for level, what, detail in self.lines]
        out.append("自检通过" if self.exit_code == 0 else "自检未通过,请联系技术支持")
        return "\n".join(out)


def key_state(paths: Paths) -> tuple[str, str, bytes | None]:
    """The data key, for IT: (ok | warn | error, what to do, the key when it was
    unlocked). Nothing is written (no recovery, no migration)."""
    from window_client.core import messages
    from window_client.platform.secrets import SecretStore
    from window_client.security import migrate
    from window_client.security.keys import (KeyManager, KeyNotSet, KeyProblem, KeyringMissing)
    from window_client.store.cipher import is_plain_database
    plain = paths.database.exists() and is_plain_database(paths.database)
    manager = KeyManager(paths.data_dir, SecretStore())
    try:
        key = manager.unlock()
    except KeyNotSet as exc:
        try:  # no key yet: still say now when the keyring is missing
            manager.secrets.check()
        except Exception as missing:  # SecretsUnavailable
            return "error", str(missing), None
        text = str(exc) + ("。" + messages.STORE_NOT_ENCRYPTED if plain else
                           ";不设置时,首次启动程序会要求输入恢复口令")
        return "warn", text, None
    except KeyringMissing as exc:
        return "error", str(exc), None
    except KeyProblem as exc:  # RecoveryNeeded, KeyMismatch, KeyFileDamaged
        return "error", str(exc), None
    text = messages.KEY_READY.format(key_id=key.key_id)
    if plain or migrate.needs_migration(paths.data_dir, key):
        return "warn", f"{messages.KEY_ID.format(key_id=key.key_id)};{messages.STORE_NOT_ENCRYPTED}", key.key
    return "ok", text, key.key


def check_key(report: Report, paths: Paths) -> bytes | None:
    level, text, key = key_state(paths)
    {"ok": report.ok, "warn": report.warn}.get(level, report.error)("数据密钥", text)
    return key


def check_database(report: Report, paths: Paths, settings: Settings | None = None) -> None:
    """Opens (checks with quick_check, migrates) the database — with the data key,
    an encrypted one; reports the backups and the last daily check."""
    from window_client.store.cipher import is_plain_database
    key = check_key(report, paths)
    if key is None and paths.database.exists() and not is_plain_database(paths.database):
        report.error("数据库", f"{paths.database} 已加密,没有数据密钥无法检查(见“数据密钥”一行)")
        return
    if key is not None and paths.database.exists() and is_plain_database(paths.database):
        key = None  # not yet migrated: checked as it is (the next start encrypts it)
    from window_client.store.backup import backups_dir, list_backups
    from window_client.store.db import current_revision, head_revision, open_database
    from window_client.store.maintenance import Maintenance
    from window_client.core.storage_errors import DatabaseDamaged, StorageFull
    keep = settings.backup_keep if settings is not None else 14
    try:
        engine = open_database(paths.database, backup_keep=keep, key=key)
        rev, head = current_revision(engine), head_revision()
    except DatabaseDamaged as exc:
        report.error("数据库", f"{exc.reason}:{paths.database}。恢复最近的备份:"
                             "启动程序时按提示恢复,或 window-client cli db restore")
        rev = head = None
    except StorageFull:
        report.error("数据库", f"磁盘空间已满,无法打开 {paths.database}")
        rev = head = None
    except Exception as exc:  # any failure to open or migrate is the finding itself
        report.error("数据库", f"无法打开或升级 {paths.database}:{exc.__class__.__name__} {exc}")
        return
    if rev is not None and rev == head:
        report.ok("数据库", f"{paths.database}(结构版本 {rev},完整性检查通过)")
    elif rev is not None:
        report.error("数据库", f"结构版本 {rev},应为 {head}")
    backups = list_backups(paths.database)
    state = Maintenance(paths.database, keep=keep).status()
    if backups:
        report.ok("数据库备份", f"{len(backups)}份(保留{keep}份,{backups_dir(paths.database)}),"
                           f"最近一份 {backups[0].label}")
    else:
        report.warn("数据库备份", f"还没有备份(程序运行时每天自动备份到 {backups_dir(paths.database)})")
    if state.get("last_check_at") and not state.get("last_check_ok", True):
        report.error("每日完整性检查", f"{state['last_check_at'].replace('T', ' ')} 发现数据库损坏")
    elif state.get("last_backup_error") == "disk_full":
        report.warn("数据库备份", "上次每日备份因磁盘空间不足未完成")


def check_catalog(report: Report, paths: Paths, settings: Settings | None = None) -> None:
    """The catalog the window starts on; with ``settings``, how many one-things this
    hall offers, and a warning for a switched-off id the catalog does not know."""
    try:
        catalog = CatalogStore(paths.data_dir / "catalogs").current()
    except CatalogError as exc:
        report.error("一件事目录", str(exc))
        return
    disabled = settings.disabled_one_things if settings is not None else ()
    offered = f",本大厅启用{len(catalog.enabled_ids(disabled))}项" if settings is not None else ""
    report.ok("一件事目录", f"共{len(catalog.rows)}项,已配置{len(catalog.definitions)}项"
                       f"{offered},版本 {catalog.version}")
    unknown = sorted(set(disabled) - set(catalog.definitions))
    if unknown:
        report.warn("一件事启用设置", "disabled_one_things 中有目录里没有的一件事:"
                              + "、".join(unknown) + "(暂不影响受理;目录更新后如有此项,即按停用处理)")


#: Qt bindings known to break this client, with what goes wrong (the clerk's IT sees it)
KNOWN_BAD_BINDINGS: dict[str, str] = {
    "6.12.0": "在 CPython 3.11 上每次无返回值的 Qt 调用都会少计一次 None(部分调用还有"
              "True/False)的引用,录入约160次按键后程序崩溃(Fatal Python error: none_dealloc)",
}
#: the release to install instead (pyproject.toml pins below 6.12)
FIXED_BINDING = "6.11.3"
#: calls the measurement makes, and the largest change of a reference count they may
#: cause: a sound binding moves None/True/False by a few at most, a broken one by
#: about one per call
BINDING_CALLS = 1000
BINDING_DRIFT_BOUND = 50


def check_binding(report: Report, version: str, drift: dict[str, int] | None) -> None:
    """The Qt binding: ``version`` (PySide6.__version__) against the known-bad table,
    and ``drift`` — how the reference counts of None/True/False changed over
    ``BINDING_CALLS`` void-returning Qt calls (None when not measured)."""
    advice = f"请安装 PySide6-Essentials {FIXED_BINDING}(pip install \"PySide6-Essentials=={FIXED_BINDING}\")"
    reason = KNOWN_BAD_BINDINGS.get(version)
    if reason:
        report.error("Qt绑定", f"PySide6 {version} 是已知有缺陷的版本:{reason};{advice}")
    if drift is None:
        if not reason:
            report.warn("Qt绑定", f"PySide6 {version},未能检测引用计数")
        return
    shown = "、".join(f"{name} {change:+d}" for name, change in drift.items())
    if any(abs(change) > BINDING_DRIFT_BOUND for change in drift.values()):
        report.error("Qt绑定", f"PySide6 {version} 引用计数异常:{BINDING_CALLS}次无返回值的Qt调用后"
                               f"{shown},录入时程序会崩溃;{advice}")
    elif not reason:
        report.ok("Qt绑定", f"PySide6 {version},引用计数稳定({BINDING_CALLS}次调用后{shown})")


def check_documents_font(report: Report) -> None:
    """The printed papers embed the bundled CJK font: it must load in reportlab."""
    from window_client.documents.layout import register_font
    try:
        name = register_font()
    except Exception as exc:  # a missing or broken font file is the finding itself
        report.error("打印字体", f"内置中文字体无法加载:{exc}")
        return
    report.ok("打印字体", f"{name} 可用于打印")


def check_ocr(report: Report) -> None:
    """The scan check's OCR engine and its models load (imaging/ocr.py): a build
    that left the models out says so here, not at the first scan."""
    from window_client.imaging.ocr import OcrUnavailable, default_reader
    try:
        default_reader().read(_blank_png())
    except OcrUnavailable as exc:
        report.warn("扫描件核对", f"文字识别引擎不可用,扫描件不做核对:{exc}")
        return
    except Exception as exc:  # the engine loads but cannot read a page
        report.warn("扫描件核对", f"文字识别引擎出错,扫描件不做核对:{exc}")
        return
    report.ok("扫描件核对", "离线文字识别(RapidOCR)可用")


def _blank_png() -> bytes:
    import io

    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", (64, 64), "white").save(out, "PNG")
    return out.getvalue()


def check_devices(report: Report, settings: Settings) -> None:
    from window_client.services.devices import READER_KINDS
    kind = settings.idcard_reader
    if kind == "serial":
        if settings.idcard_port and Path(settings.idcard_port).exists() or \
                settings.idcard_port.upper().startswith("COM"):
            report.ok("身份证读卡器", f"串口 {settings.idcard_port}")
        else:
            report.warn("身份证读卡器", f"串口 {settings.idcard_port or '(未填写)'} 不存在,请检查连接")
    else:
        report.warn("身份证读卡器", READER_KINDS.get(kind, kind)) if kind == "none" else \
            report.ok("身份证读卡器", READER_KINDS.get(kind, kind))
    if settings.hot_folder:
        if Path(settings.hot_folder).is_dir():
            report.ok("扫描共享文件夹", settings.hot_folder)
        else:
            report.warn("扫描共享文件夹", f"{settings.hot_folder} 不存在")


def check_platform(report: Report, settings: Settings) -> None:
    import requests
    url = settings.platform_url.rstrip("/") + "/catalog"
    try:
        answer = requests.get(url, timeout=(3, 5), verify=settings.ca_bundle or True,
                              proxies={"http": settings.proxy, "https": settings.proxy}
                              if settings.proxy else None)
    except requests.RequestException as exc:
        note = ""
        if settings.embedded_platform:
            import importlib.util
            note = (";内置演示平台随程序启动" if importlib.util.find_spec("platform_sandbox")
                    else ";安装版不含演示平台,请在 settings.json 中设置 platform_url")
        report.warn("一窗式平台", f"{settings.platform_url} 无应答({exc.__class__.__name__}){note}")
        return
    report.ok("一窗式平台", f"{settings.platform_url} 有应答(HTTP {answer.status_code})")


def check_settings(report: Report, paths: Paths) -> Settings:
    """The hall profile and the settings file, validated: each bad key is an 错误 line
    naming its file; the other checks then go on with the defaults so the rest of
    the machine is still reported."""
    try:
        loaded = load_layers(paths.settings_files)
    except SettingsError as exc:
        for problem in exc.problems:
            report.error("设置", f"{exc.path}:{problem}")
        return Settings()
    settings = loaded.settings
    if loaded.layered:
        windows = f",本大厅共{len(loaded.windows)}个窗口" if loaded.windows else ""
        report.ok("大厅配置", f"{paths.hall_profile}:{settings.hall_name},窗口 "
                          f"{settings.window_code}({settings.window_label}){windows}")
    else:
        report.warn("大厅配置", f"没有大厅配置文件 {paths.hall_profile}:大厅名称、窗口编码、平台地址等"
                            "取自本账户的设置文件;本机有多个系统账户时请由IT创建"
                            "(window-client cli hall set …,见 README)")
    if loaded.ignored:
        report.warn("设置", f"{paths.settings_file} 中的 "
                          + "、".join(f"{key}「{LABELS[key]}」" for key in loaded.ignored)
                          + f"已忽略:{HALL_MANAGED}({paths.hall_profile})")
    where = str(paths.settings_file) if paths.settings_file.exists() else "无设置文件,使用默认值"
    report.ok("设置", where)
    return settings


def check_numbering(report: Report, paths: Paths, settings: Settings) -> None:
    """Where provisional numbers are counted: the shared folder must be writable
    (else no case can be created), and writable by the other accounts too."""
    from window_client.core.storage_errors import NumberingUnavailable
    from window_client.wiring import shared_numbers
    numbers = shared_numbers(paths, settings)
    if numbers is None:
        report.warn("临时编号", f"没有各账户共用的编号文件夹 {paths.shared_numbers_dir}:临时编号只保证"
                            "在本账户内不重复;同一窗口有多个系统账户办件时,请由安装程序或IT创建"
                            "该文件夹并允许所有账户读写")
        return
    try:
        numbers.check()
    except NumberingUnavailable as exc:
        report.error("临时编号", str(exc))
        return
    if not numbers.others_can_write():
        report.warn("临时编号", f"{numbers.directory} 只有本账户可写,本机其他系统账户将无法新建办件;"
                            f"请IT执行 sudo chmod 0777 {numbers.directory}")
        return
    report.ok("临时编号", f"各账户共用 {numbers.directory}(窗口 {settings.window_code} 的编号在本机各账户间不重复)")


def run(paths: Paths, settings: Settings | None = None, qt_checks=None) -> Report:
    """``qt_checks(report)`` adds the checks that need Qt (screen fonts, printers).
    Without ``settings`` the settings file is read and checked first."""
    report = Report()
    if settings is None:
        settings = check_settings(report, paths)
    check_database(report, paths, settings)
    check_numbering(report, paths, settings)
    check_catalog(report, paths, settings)
    check_documents_font(report)
    if qt_checks is not None:
        qt_checks(report)
    check_devices(report, settings)
    check_ocr(report)
    check_platform(report, settings)
    return report
