"""Chinese messages of the core: problems, errors, refusals and hints shown to the
clerk, the hall manager or IT. A message with values is a template for
``str.format`` (named fields). Names and labels are in ``labels``.

This module imports nothing, so that every core module may use it."""

from __future__ import annotations

from typing import Final

# -- resident ID numbers (validators.resident_id) ---------------------------------

ID_REQUIRED: Final = "请输入身份证号码"
ID_OLD_15_DIGITS: Final = "这是15位旧身份证号码,已停止使用;请申请人出示18位二代身份证"
ID_LENGTH: Final = "身份证号码应为18位,当前为{length}位"
ID_FIRST_17_NOT_DIGITS: Final = "身份证号码前17位应为数字"
ID_LAST_CHARACTER: Final = "身份证号码最后一位应为数字或X"
ID_BIRTH_DATE_INVALID: Final = "出生日期{digits}不是有效日期"
ID_BIRTH_DATE_FUTURE: Final = "出生日期{birth:%Y年%m月%d日}晚于今天"
ID_BIRTH_YEAR_IMPLAUSIBLE: Final = "出生年份{year}不合理"
ID_CHECK_CHARACTER: Final = "校验位应为{expected},当前为{actual},请核对号码"
# the region code (first six digits)
ID_PERMIT_NUMBER: Final = "此号码为{permit}号码,请核对对应证件"
ID_FOREIGN_PERMANENT_RESIDENT: Final = "此号码为外国人永久居留身份证号码,请核对对应证件"
ID_PROVINCE_INVALID: Final = "前两位地区码{province}不是有效的省级行政区划代码"
ID_REGION_UNKNOWN: Final = "地区码{region}未在行政区划代码表中找到,请核对证件"

# -- unified social credit codes (validators.uscc) --------------------------------

USCC_REQUIRED: Final = "请输入统一社会信用代码"
USCC_LENGTH: Final = "统一社会信用代码应为18位,当前为{length}位"
USCC_BAD_CHARACTERS: Final = "统一社会信用代码不能含有字符{characters}(不使用I、O、Z、S、V)"
USCC_AUTHORITY_UNKNOWN: Final = ("统一社会信用代码第1位{character}不是登记管理部门代码"
                                 "(应为{allowed}之一),请核对代码")
USCC_CATEGORY_NOT_REGISTERED: Final = ("统一社会信用代码第2位{character}不是{authority}部门登记的机构类别"
                                       "(应为{allowed}之一),请核对代码")
USCC_REGION_NOT_DIGITS: Final = "统一社会信用代码第3至8位应为登记管理机关行政区划码(6位数字)"
USCC_REGION_INVALID: Final = ("统一社会信用代码第3至8位{region}不是有效的行政区划码"
                              "(前两位{province}不是省级代码),请核对代码")
USCC_CHECK_CHARACTER: Final = "校验位应为{expected},当前为{actual},请核对代码"
USCC_ORGANISATION_CHECK_CHARACTER: Final = ("统一社会信用代码第9至17位(组织机构代码)的校验位不符合GB 11714,"
                                            "请与营业执照或登记证书核对")
# joins the allowed characters listed in a message
LIST_SEPARATOR: Final = "、"

# -- telephone numbers and postal codes (validators) ------------------------------

MOBILE_REQUIRED: Final = "请输入手机号码"
MOBILE_LENGTH: Final = "手机号码应为11位,当前为{length}位"
MOBILE_PREFIX: Final = "手机号码应以13至19开头"
PHONE_FORMAT: Final = "请输入11位手机号码或带区号的固定电话,如0797-8888888"
POSTAL_CODE_FORMAT: Final = "邮政编码应为6位数字"

# -- dates, numbers, amounts, text and names (validators) -------------------------

DATE_REQUIRED: Final = "请输入日期"
DATE_FORMAT: Final = "日期格式应为年-月-日,如2026-01-31"
DATE_INVALID: Final = "{text}不是有效日期"
DATE_IN_FUTURE: Final = "日期不能晚于今天"
NUMBER_REQUIRED: Final = "请输入数字"
MONEY_FORMAT: Final = "金额应为非负数,最多两位小数"
TEXT_REQUIRED: Final = "此项不能为空"
TEXT_TOO_LONG: Final = "最多{max_length}个字,当前{length}个字"
NAME_REQUIRED: Final = "请输入姓名"
NAME_CHARACTERS: Final = "姓名不能含数字或符号(少数民族姓名中间点请用·)"
NAME_TOO_LONG: Final = "姓名过长,最多30个字"

# -- the acceptance's problems (acceptance) ---------------------------------------

CHOICE_NOT_IN_LIST: Final = "请从列表中选择"
YES_OR_NO_REQUIRED: Final = "请选择是或否"
FIELD_REQUIRED: Final = "必填"
AGENT_IS_APPLICANT: Final = "代办人不能是申请人本人"
QUESTION_UNANSWERED: Final = "请回答"
MATERIAL_COPIES_REQUIRED: Final = "请填写份数"
MATERIAL_MISSING_MAY_BE_ACCEPTED: Final = "未收到;可勾选“容缺受理”"
MATERIAL_MISSING_KEY: Final = "未收到(关键材料,不能容缺)"

# -- definitions (definition; for the author of a definition) ---------------------

KEY_MATERIAL_ACCEPTED_MISSING: Final = "a key material cannot be accepted missing (容缺)"

# -- case states and snapshots (case_state, snapshot) -----------------------------

ILLEGAL_TRANSITION: Final = "办件状态不能从“{current}”变为“{target}”"
SNAPSHOT_FORMAT_TOO_NEW: Final = "受理快照格式{format}比本程序新,请升级客户端"

# -- the issuance counter's refusals (issuance) -----------------------------------

COLLECTOR_NAME_REQUIRED: Final = "请填写领取人姓名"
COLLECTOR_ID_INVALID: Final = "领取人身份证号码有误:{error}"
COLLECTOR_NOT_APPLICANT: Final = ("领取人身份证号码与申请人不一致,不能以申请人本人身份领取;"
                                  "如为代领,请选择“代办人”并核验授权委托书")
AGENT_AUTHORISATION_UNCHECKED: Final = "代办人领取须核验并留存申请人签署的授权委托书"
COLLECTOR_ROLE_REQUIRED: Final = "请选择领取人身份"
OUTPUTS_NONE_SELECTED: Final = "请选择要发放的证照或文书"
# the output's id in “” (services.issuance puts the output's name in its place)
OUTPUT_ALREADY_ISSUED: Final = "“{output}”已发放,不能重复发放"
OUTPUT_NOT_READY: Final = "“{output}”尚未办结,暂不能发放"
EMS_TRACKING_NO_FORMAT: Final = "EMS邮件号应为13位数字,或2位字母+9位数字+2位字母(如EA123456789CN)"
POSTAL_ADDRESS_INCOMPLETE: Final = "请填写完整的邮寄地址"
EVALUATION_LEVEL_REQUIRED: Final = "请选择评价等级"
EVALUATION_REASON_REQUIRED: Final = "评价为“不满意”或“非常不满意”时,请填写原因,以便跟进整改"

# -- passwords (passwords) --------------------------------------------------------

PASSWORD_TOO_SHORT: Final = "密码至少8位"
PASSWORD_LETTERS_AND_DIGITS: Final = "密码应同时包含字母和数字"

# -- storage faults (storage_errors) ----------------------------------------------

DISK_FULL: Final = ("本机磁盘空间已满,刚才的内容未能写入磁盘。已录入的内容仍保留在程序中,"
                    "空间恢复后会自动保存。请联系技术支持清理磁盘,期间不要关闭程序。")
# why a database file cannot be trusted, by DatabaseDamaged.kind
DATABASE_DAMAGE_REASONS: Final[dict[str, str]] = {
    "empty": "数据库文件是空的(0 字节),原有内容已丢失",
    "not_a_database": "数据库文件头已损坏,无法识别为数据库",
    "truncated": "数据库文件不完整(被截断)",
    "pages_damaged": "数据库中有页面损坏(完整性检查未通过)",
    "unreadable": "数据库文件无法读取",
}
STORAGE_UNAVAILABLE: Final = "无法读写数据库文件 {path}(权限不足或磁盘故障),请联系技术支持"
NUMBERING_UNAVAILABLE: Final = (
    "无法写入本机各账户共用的编号文件夹 {path}({detail}),暂不能新建办件"
    "(以免与本窗口其他系统账户的临时编号重复)。请IT创建该文件夹并允许本机所有账户读写"
    "(Linux:sudo install -d -m 0777 {path};Windows:给 Users 组“修改”权限),"
    "或在大厅配置文件 hall.json 中用 shared_dir 指定另一个文件夹")

# -- a typed value against the ID card ----------------------------------------------

CARD_CONFLICT: Final = "录入的“{typed}”与证件上的“{card}”不一致,请选择采用哪一个"

# -- a scanner through SANE (imaging/sources.py: SaneSource) ----------------------

SANE_LINUX_ONLY: Final = "SANE 扫描仅支持 Linux;请使用监视文件夹或导入文件"
SANE_NOT_INSTALLED: Final = ("未安装 python-sane(需要系统的 libsane),无法直接驱动扫描仪;"
                             "请使用监视文件夹或导入文件")
SANE_INIT_FAILED: Final = "SANE 初始化失败:{detail}"
SANE_NO_SCANNER: Final = "未找到扫描仪:请检查连接和电源"
SANE_DEVICE_GONE: Final = "找不到扫描仪 {device}:可能已断开或关闭电源,请检查连接后重试"
SANE_IN_USE: Final = "扫描仪正在扫描,请等当前扫描完成后再试"
SANE_NO_DOCS: Final = "进纸器中没有纸:请放入材料后重新扫描"
SANE_JAMMED: Final = "扫描仪卡纸:请取出卡住的纸张后重新扫描"
SANE_COVER_OPEN: Final = "扫描仪盖板未合上:请合上后重新扫描"
SANE_IO_ERROR: Final = "与扫描仪通信出错(可能已断开):请检查数据线和电源后重新扫描"
SANE_BUSY: Final = "扫描仪正忙(可能被其他程序占用):请稍后重新扫描"
SANE_CANCELLED: Final = "扫描已取消"
SANE_ACCESS_DENIED: Final = "没有使用扫描仪的权限:请信息技术人员检查设备权限(scanner 用户组)"
SANE_NO_MEMORY: Final = "扫描仪驱动内存不足:请降低分辨率后重新扫描"
SANE_INCOMPLETE: Final = "扫描未完成(只收到{lines}行中的{got}行,扫描仪可能已断开):请重新扫描"
SANE_NO_IMAGE: Final = "扫描仪没有送回图像:请检查材料是否放好后重新扫描"
SANE_SCAN_FAILED: Final = "扫描失败:{detail}"
SANE_PAGES_KEPT: Final = "{message}。已扫描的{count}页已保留"

# -- supervision: countdown and urging (core/supervision) --------------------------

COUNTDOWN_REMAINING: Final = "剩余{days}个工作日"
COUNTDOWN_DUE_TODAY: Final = "今日到期"
COUNTDOWN_OVERDUE: Final = "已超期{days}个工作日"
COUNTDOWN_FINISHED_ON_TIME: Final = "已按时办结(用时{used}个工作日)"
COUNTDOWN_FINISHED_LATE: Final = "超期办结(用时{used}个工作日,超期{late}个工作日)"
COUNTDOWN_WAITING_CITIZEN: Final = "退回补正中,等待申请人补正(不计入部门用时)"
AUTO_URGE_OVERDUE: Final = "该事项已超过承诺时限{days}个工作日,大厅自动催办"
AUTO_URGE_DUE_SOON: Final = "该事项{days}个工作日内到期,大厅自动提醒"
AUTO_URGE_DUE_TODAY: Final = "该事项今日到期,大厅自动提醒"
URGE_REASON_REQUIRED: Final = "请填写催办原因(至少4个字),部门会看到这条说明"
URGE_NO_OPEN_ITEM: Final = "该办件没有部门正在办理的事项,无需催办"
URGE_ALREADY_TODAY: Final = "“{item}”今天已催办过({by}),每个事项每个工作日最多催办一次"
URGE_NOT_OPEN: Final = "“{item}”已不在部门办理中,无需催办"
URGE_NOT_WORKDAY: Final = "今天不是工作日,部门不办公;自动催办在下一个工作日进行"
URGE_RULE_NOT_SAVED: Final = "没有设置文件,催办规则无法保存"

# -- roles and permissions (roles.NotPermitted) -------------------------------------
NOT_PERMITTED: Final = "您的角色无权{action},仅{roles}可以操作"
ACCOUNT_UNKNOWN: Final = "没有账号 {username}"
ACCOUNT_LAST_ADMIN: Final = "这是本机唯一启用的系统管理员账号,不能停用"

# -- the OS keyring (platform/secrets.py) -----------------------------------------

KEYRING_MISSING: Final = (
    "本机没有可用的系统密钥环({backend}),平台登录信息和数据密钥不能安全保存,"
    "本程序不会改用明文保存。请信息技术人员安装并启用:Windows 使用系统自带的"
    "凭据管理器;统信UOS、麒麟等 Linux 安装 gnome-keyring(Secret Service),"
    "并在登录桌面时解锁;然后重新启动本程序。")
KEYRING_UNSAFE: Final = (
    "系统密钥环 {backend} 把密码保存在普通文件中,不安全,本程序拒绝使用。"
    "请信息技术人员卸载 keyrings.alt 等文件密钥环,改用 Windows 凭据管理器或 "
    "gnome-keyring(Secret Service)。")
KEYRING_FAILED: Final = "系统密钥环出错:{error}。请信息技术人员检查密钥环是否已解锁。"

# -- the audit log (services/audit.py) --------------------------------------------

AUDIT_CHAIN_OK: Final = "哈希链完整:全部{rows}条记录校验通过,末条哈希 {head}"
AUDIT_CHAIN_EMPTY: Final = "审计日志为空"
AUDIT_CHAIN_CHANGED: Final = "哈希链已被篡改:第{id}条记录的内容已被修改(共校验{rows}条)"
AUDIT_CHAIN_UNLINKED: Final = "哈希链已被篡改:第{id}条记录之前有记录被删除或插入(共校验{rows}条)"
AUDIT_EXPORTED_BY: Final = "{clerk} 于 {at:%Y-%m-%d %H:%M:%S} 导出,范围 {start} 至 {end},共{count}条"

# -- the data key and encryption at rest (window_client/security) -----------------

PASSPHRASE_TOO_SHORT: Final = "恢复口令至少需要{minimum}个字符,当前为{length}个"
PASSPHRASE_TOO_SIMPLE: Final = "恢复口令过于简单:请同时使用字母、数字或符号中的至少两类,且不要全是同一个字符"
PASSPHRASE_MISMATCH: Final = "两次输入的恢复口令不一致,请重新输入"
PASSPHRASE_WRONG: Final = "恢复口令不正确,数据密钥未恢复,任何文件都没有被修改。请核对后重试(注意大小写和输入法)"
KEY_ALREADY_SET: Final = "本机的数据密钥已经设置过,不能再次初始化;如需更换恢复口令,请使用 security change-passphrase"
KEY_NOT_SET: Final = "本机尚未设置数据密钥。请由信息技术人员运行 window-client cli security init 设置恢复口令"
KEY_RECOVERY_NEEDED: Final = ("系统密钥环中没有本机的数据密钥(可能重装过系统或更换了登录账户)。"
                              "请由信息技术人员输入安装时设置的恢复口令(window-client cli security recover)")
KEY_MISMATCH: Final = ("系统密钥环中的数据密钥与本机数据目录中的密钥不一致,已拒绝使用。"
                       "请由信息技术人员用恢复口令重新恢复(window-client cli security recover)")
KEY_FILE_DAMAGED: Final = "数据密钥文件 {path} 已损坏或不完整,无法读取。请从备份中恢复该文件后重试"
FILE_TAMPERED: Final = "文件 {name} 已被篡改或损坏(校验失败),不能使用"
FILE_OTHER_KEY: Final = "文件 {name} 是用另一台电脑或另一个数据密钥加密的,本机无法解密"
KEY_READY: Final = "数据密钥已就绪(密钥编号 {key_id}),数据库和材料文件已加密"
KEY_ID: Final = "数据密钥已就绪(密钥编号 {key_id})"
STORE_NOT_ENCRYPTED: Final = "数据库尚未加密:下次启动程序时将自动加密现有数据"
MIGRATION_DONE: Final = "已加密现有数据:数据库 {databases} 个,材料等文件 {files} 个"

# -- checking a scan against its material (core/material_check.py) ---------------

PAGE_UNREADABLE: Final = "未能从此页识别出文字,无法核对是否为{expected}:请检查页面是否清晰、方向是否正确"
PAGE_NOT_RECOGNISED: Final = "此页未见{expected}的标题或栏目,请核对是否放错材料"
PAGE_OTHER_KIND: Final = "此页像是{found},不是{expected},请核对是否放错材料"
PAGE_ID_DIFFERS: Final = "此页上的身份证号码({shown})与表单中的人员不一致,请核对"
PAGE_NAME_DIFFERS: Final = "此页上未见表单中的姓名(页面上为{shown}),请核对"
PAGE_CHECK_OVERRIDDEN_NOTE: Final = "扫描件核对提示已由窗口人员确认无误:{warnings}"
EXPECTED_KINDS_SEPARATOR: Final = "或"

# -- the citizen's screen: signature and confirmation (core/signature.py, core/citizen_view.py)

SIGNATURE_EMPTY: Final = "请在框内签名"
SIGNATURE_TOO_FEW_STROKES: Final = "签名笔画太少,请在框内签写您的完整姓名"
SIGNATURE_TOO_SHORT: Final = "签名太短,请在框内签写您的完整姓名"
SIGNATURE_TOO_SMALL: Final = "签名太小,请在框内写大一些"
SIGNATURE_OUTSIDE: Final = "签名超出了签名框,请清除后在框内重新签写"
SIGNATURE_DAMAGED: Final = "签名数据不完整或已损坏,请重新签名"
CITIZEN_NOT_CONFIRMED: Final = "申请人尚未在群众屏上确认申请信息(或由窗口人员询问后按 F9 代为确认)"
CITIZEN_CONFIRMATION_STALE: Final = "确认后申请信息又有修改,请申请人再次确认"
