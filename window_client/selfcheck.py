"""``--self-check``: what an installer or a hall's IT person needs to know, in
Chinese, with an exit code — 0 when the app can work (warnings allowed), 1 when
something essential is broken (the database, the catalog, the fonts)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from window_client.catalog.loader import CatalogError
from window_client.catalog.store import CatalogStore
from window_client.settings import Paths, Settings

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


def check_database(report: Report, paths: Paths) -> None:
    from window_client.store.db import current_revision, head_revision, open_database
    try:
        engine = open_database(paths.database)
        rev, head = current_revision(engine), head_revision()
    except Exception as exc:  # any failure to open or migrate is the finding itself
        report.error("数据库", f"无法打开或升级 {paths.database}:{exc.__class__.__name__} {exc}")
        return
    if rev == head:
        report.ok("数据库", f"{paths.database}(结构版本 {rev})")
    else:
        report.error("数据库", f"结构版本 {rev},应为 {head}")


def check_catalog(report: Report, paths: Paths) -> None:
    try:
        catalog = CatalogStore(paths.data_dir / "catalogs").current()
    except CatalogError as exc:
        report.error("一件事目录", str(exc))
        return
    report.ok("一件事目录", f"共{len(catalog.rows)}项,已配置{len(catalog.definitions)}项,"
                       f"版本 {catalog.version}")


def check_documents_font(report: Report) -> None:
    """The printed papers embed the bundled CJK font: it must load in reportlab."""
    from window_client.documents.layout import register_font
    try:
        name = register_font()
    except Exception as exc:  # a missing or broken font file is the finding itself
        report.error("打印字体", f"内置中文字体无法加载:{exc}")
        return
    report.ok("打印字体", f"{name} 可用于打印")


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


def run(paths: Paths, settings: Settings, qt_checks=None) -> Report:
    """``qt_checks(report)`` adds the checks that need Qt (screen fonts, printers)."""
    report = Report()
    check_database(report, paths)
    check_catalog(report, paths)
    check_documents_font(report)
    if qt_checks is not None:
        qt_checks(report)
    check_devices(report, settings)
    check_platform(report, settings)
    return report
