"""Chinese messages and labels of the services: what the clerk or IT is told when
signing in, reading an ID card or recovering the database. A message with values is
a template for ``str.format`` (named fields). The core's own are in
``window_client.core.messages`` and ``window_client.core.labels``.

This module imports nothing, so that every services module may use it."""

from __future__ import annotations

from typing import Final

# -- ID card readers (devices) ----------------------------------------------------

# the reader kinds of the settings (Settings.idcard_reader), as the settings page lists them
READER_KINDS: Final[dict[str, str]] = {
    "none": "未配置(手工录入)", "serial": "串口读卡器(GA 467)",
    "vendor": "厂商SDK(Windows)", "simulator": "模拟读卡器(演示)"}
SIMULATOR_READER_NAME: Final = "模拟读卡器"
READER_NOT_CONFIGURED: Final = "未配置身份证读卡器,请手工录入并核对证件原件(可在“设备”中设置读卡器)"
READER_NOT_OPENED: Final = "未打开"

# -- a card read against what was typed (devices.read_once) -----------------------

# the card's fields compared with the typed values, by data-dictionary field (after the prefix)
CARD_FIELD_LABELS: Final[dict[str, str]] = {
    "name": "姓名", "id_number": "身份证号码", "address": "住址"}
CARD_DIFFERS_FROM_TYPED: Final = "{label}与证件不一致(录入“{typed}”)"
CARD_DIFFERS: Final = "{label}与证件不一致"
CARD_EXPIRED: Final = "证件已过期(有效期至{valid_until}),请申请人出示有效证件"
CARD_TYPE: Final = "证件类型:{card_type}"

# -- recovering a damaged database (recovery) -------------------------------------

# the plan, before the restore
DATABASE_DAMAGED: Final = "本机数据库已损坏:{reason}。"
DAMAGED_FILE_KEPT: Final = "损坏的文件会原样保留,供技术支持分析。"
BACKUP_TO_RESTORE: Final = "可以恢复最近一次正常的备份:{backup}。"
NO_BACKUP: Final = "没有可用的备份:恢复后将从空数据库开始,已有办件需向平台核对。"
CASES_TO_CHECK: Final = ("备份之后新建或办理的办件有{count}件,"
                         "恢复后需要核对(草稿和未提交的办件需重新录入):")
MORE_CASES_TO_CHECK: Final = "  ……另有{count}件,见恢复后保存的清单"
NO_CASES_TO_CHECK: Final = "备份之后没有新建或办理的办件。"
# the outcome, after the restore
BACKUP_RESTORED: Final = "已恢复 {backup} 的备份。"
EMPTY_DATABASE_CREATED: Final = "已新建空数据库。"
DAMAGED_COPY_SAVED: Final = "损坏的数据库已保存为 {path}"
CASES_TO_CHECK_LIST: Final = "需核对的{count}件办件清单:{path}"

# -- signing in (sign_in) ---------------------------------------------------------

ACCOUNT_ALREADY_EXISTS: Final = "本机已有账号,请直接登录"
PASSWORDS_DIFFER: Final = "两次输入的密码不一致"
PLATFORM_NOT_CONFIGURED: Final = "未配置平台"
PLATFORM_WRONG_CREDENTIALS: Final = "平台:用户名或密码不正确"
REFRESH_TOKEN_NOT_KEPT: Final = "{error};重启后需重新登录平台"
OFFLINE_TOO_LONG: Final = ("离线登录已超过{days}天,请在网络恢复后联网登录"
                           "(上次联网登录:{last:%Y-%m-%d})")
OFFLINE_SIGN_IN: Final = "离线登录:{reason}"
UNLOCK_NOT_PERMITTED: Final = ("只有{name}本人或大厅管理员可以解锁;"
                               "其他人员请点“切换人员”登录")

# -- the issuance counter (issuance) ----------------------------------------------

# an output quoted in a refusal (core.messages.OUTPUT_ALREADY_ISSUED, OUTPUT_NOT_READY)
QUOTED: Final = "“{text}”"

# -- the administrator's section (administration) ----------------------------------

ACCOUNTS_FROM_PLATFORM: Final = ("本机通过一窗式综合服务平台登录,账号由平台统一管理;"
                                 "请在平台上新建、停用账号或重置密码")
ROLE_UNKNOWN: Final = "未知角色 {role}"
ACCOUNT_NOT_SELF: Final = "不能停用自己正在使用的账号"

# -- one reader for two screens (services/devices.ReaderService) -------------------
READER_SCREENS: Final[dict[str, str]] = {"acceptance": "受理", "issuance": "出件"}
READER_IN_USE: Final = "身份证读卡器正在为“{screen}”读卡"
READER_IN_USE_FALLBACK: Final = "请等那边读完(或取走证件)后重试,或手工录入身份证信息"
