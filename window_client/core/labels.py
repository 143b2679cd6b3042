"""Chinese names and labels the core shows to users: of the engine's, the
definitions' and the case's enumerations, of roles, wizard steps and value sources,
shared by the screens and the printed documents. Messages (problems, errors,
refusals, hints) are in ``messages``.

This module imports nothing, so that every core module may use it. Tables of an
enumeration are keyed by the members' values: StrEnum members look them up as well
(a member hashes and compares as its value)."""

from __future__ import annotations

from typing import Final

# -- material tags, forms and formats (engine, definition) -----------------------

TAG_LABELS: Final[dict[str, str]] = {  # MaterialTag values
    "hand_in": "提交纸质材料",
    "e_licence": "电子证照免交",
    "online_verification": "网络核验免交",
    "verification_pending": "待核验(联网后自动核验)",
    "shared": "办结事项共享免交",
    "may_be_missing": "可容缺受理",
}
FORM_LABELS: Final[dict[str, str]] = {  # MaterialForm values
    "original": "原件", "copy": "复印件", "original_and_copy": "原件及复印件"}
FORMAT_LABELS: Final[dict[str, str]] = {  # MaterialFormat values
    "paper": "纸质", "electronic": "电子", "either": "纸质或电子"}

# -- case states and output statuses (case_state) --------------------------------

CASE_STATE_LABELS: Final[dict[str, str]] = {  # CaseState values
    "draft": "草稿",
    "queued": "待提交",
    "submitted": "已提交",
    "accepted": "已受理",
    "in_review": "审批中",
    "returned": "退回补正",
    "refused": "不予受理",
    "ready": "待取件",
    "issued": "已出件",
    "discarded": "已作废",
}
OUTPUT_STATUS_LABELS: Final[dict[str, str]] = {  # OutputStatus values
    "pending": "办理中", "ready": "可领取", "issued": "已领取", "posted": "已邮寄",
    "refused": "不予受理"}

# -- roles (roles) ---------------------------------------------------------------

ROLE_LABELS: Final[dict[str, str]] = {  # Role values
    "clerk": "窗口人员", "manager": "大厅管理员", "admin": "系统管理员"}

PERMISSION_LABELS: Final[dict[str, str]] = {  # Permission values: what a refusal names
    "accept_cases": "受理办件", "issue": "统一出件", "supervise": "查看效能看板",
    "set_urge_rule": "设置自动催办规则", "export_audit": "导出审计日志",
    "unlock_others": "解锁他人的窗口",
    "manage_accounts": "管理本机账号", "manage_devices": "更改设备设置",
    "manage_printers": "更改打印机设置", "manage_hall_settings": "更改大厅信息",
    "manage_one_things": "启用或停用一件事", "manage_backups": "备份和恢复数据库"}

# -- the acceptance wizard (wizard, acceptance) ----------------------------------

WIZARD_STEP_TITLES: Final[dict[str, str]] = {  # wizard view ids
    "pick": "选择一件事", "guide": "办事指南", "applicant": "申请人",
    "questions": "情景问答", "form": "合并表单", "materials": "材料", "review": "确认受理"}

# where a value came from, as shown beside the field
# the levels of a service item (事项库: 事项层级)
ITEM_LEVELS: Final[tuple[str, ...]] = ("国家级", "省级", "市级", "县级", "乡镇级")
ITEM_LEVEL_DEFAULT: Final = "市级"

VALUE_SOURCE_LABELS: Final[dict[str, str]] = {
    "id_card": "读卡",
    "e_licence": "电子证照",
    "shared": "共享数据",
    "derived": "由证件号码推算",
    "answer": "来自情景问答",
    "applicant_page": "申请人页",
    "clerk": "手工录入",
}

# where a problem is (Problem.where) when it is not a form section
PLACE_APPLICANT: Final = "申请人"
PLACE_QUESTIONS: Final = "情景问答"
PLACE_MATERIALS: Final = "材料"

# -- the issuance counter's evaluation (issuance) --------------------------------

EVALUATION_LEVEL_LABELS: Final[dict[int, str]] = {
    5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
#: what a citizen rating 1 or 2 may touch as the reason (one or more, joined by "、"):
#: the citizen's screen asks with buttons, no keyboard
EVALUATION_REASONS: Final[tuple[str, ...]] = (
    "等候时间长", "办理效率低", "服务态度差", "材料要求不清楚", "多次跑动", "系统故障")

# -- the materials an agent brings (engine) --------------------------------------

AGENT_AUTHORISATION_NAME: Final = "授权委托书"
AGENT_AUTHORISATION_ISSUER: Final = "申请人"
AGENT_AUTHORISATION_HOW_TO_GET: Final = "窗口提供格式文本,由申请人签字"
AGENT_ID_CARD_NAME: Final = "代办人居民身份证"
AGENT_ID_CARD_ISSUER: Final = "公安机关"
AGENT_ID_CARD_HOW_TO_GET: Final = "原件现场核验,复印件留存"

# -- the catalog and the guide (catalog, snapshot) -------------------------------

UNNAMED_CATALOG_ROW: Final = "(第{seq}行未列名称)"

# the routes that can spare a material, as the guide lists them
EXEMPTION_E_LICENCE: Final = "电子证照:{licence_type}"
EXEMPTION_ONLINE_VERIFICATION: Final = "网络核验:{service}"
EXEMPTION_SHARED_FROM_ITEM: Final = "办结事项共享:{item}"

# -- identity documents and registration authorities (validators) ----------------

# residence permits of Hong Kong, Macao and Taiwan residents, by the first two digits
RESIDENCE_PERMIT_NAMES: Final[dict[str, str]] = {
    "81": "香港居民居住证", "82": "澳门居民居住证", "83": "台湾居民居住证"}
# GB 32100 registration authorities (character 1 of a unified social credit code);
# the categories each may register are in validators.USCC_AUTHORITIES
USCC_AUTHORITY_NAMES: Final[dict[str, str]] = {
    "1": "机构编制",
    "2": "外交",
    "3": "司法行政",
    "4": "文化",
    "5": "民政",
    "6": "旅游",
    "7": "宗教",
    "8": "工会",
    "9": "市场监管(工商)",
    "A": "中央军委改革和编制办公室",
    "G": "公安",
    "J": "住房城乡建设",
    "N": "农业农村",
    "Q": "侨联",
    "Y": "其他",
}

# -- Chinese words recognised in what is read (never shown by themselves) --------

# a date typed as YYYY年M月D日 (validators.date; matched with re.ASCII)
CHINESE_DATE_PATTERN: Final = r"(\d{4})年(\d{1,2})月(\d{1,2})日?"
# the guide's lines on who may apply and on what conditions start with these
GUIDE_CONDITION_PREFIXES: Final = ("适用对象", "办理条件", "申请人")
# a material whose issuer starts with one of these is the applicant's own paper (an
# application, a commitment, a plan): nothing exempts it and no reason is needed
APPLICANT_ISSUERS: Final = ("申请人", "申请单位", "经营者", "申请企业")

# -- supervision: an item's nodes on the platform (core/supervision) ---------------

NODE_LABELS: Final[dict[str, str]] = {  # feed event types, and the window's own
    "queued": "窗口受理确认",
    "accepted": "平台受理",
    "dispatched": "部门已接收",
    "review": "审核中",
    "returned": "退回补正",
    "supplemented": "已补正",
    "approved": "审批通过",
    "item_refused": "不予许可",
    "refused": "不予受理",
    "item_done": "办结(结果已制作)",
    "result_ready": "结果已送达大厅",
    "issued": "已领取",
    "posted": "已寄递",
    "urged": "窗口催办",
    "urged_auto": "自动催办",
    "urge_answered": "部门答复催办",
}
# who the hall rule's urges are recorded as (the audit log)
AUTO_URGE_CLERK: Final = "系统自动催办"
URGENCY_LABELS: Final[dict[str, str]] = {
    "overdue": "已超期", "due_soon": "即将到期", "on_track": "正常", "closed": "已办结",
    "waiting_citizen": "待申请人补正", "not_started": "未提交"}

# -- the audit log (store/audit.py, services/audit.py) ---------------------------

AUDIT_ACTION_LABELS: Final[dict[str, str]] = {  # audit_log.action values
    "view_case": "查看办件详情", "view_scan": "查看扫描件", "print_scan": "打印扫描件",
    "export": "导出数据", "print": "打印文书", "reprint": "补打文书",
    "audit_exported": "导出审计日志", "audit_checked": "校验审计日志",
    "refused": "操作被拒绝(无权限)",
    "case_created": "新建办件", "draft_saved": "保存草稿", "materials_recorded": "登记材料",
    "snapshot_rebuilt": "重建办件快照", "file_attached": "上传材料文件",
    "material_checked": "核验材料", "files_retired": "清理本地材料", "state_changed": "办件状态变更",
    "issued": "出件", "evaluated": "好差评", "urge": "催办", "urge_auto": "自动催办",
    "clerk_created": "新建账号", "sign_in": "登录", "sign_in_failed": "登录失败",
    "sign_in_online": "平台登录", "sign_out": "退出登录"}
# the columns of an exported audit log
AUDIT_EXPORT_COLUMNS: Final = ("序号", "时间", "操作人", "操作", "操作代码", "办件编号",
                               "办件ID", "说明", "前一条哈希", "本条哈希")
AUDIT_EXPORT_SHEET: Final = "审计日志"
AUDIT_EXPORT_VERIFY: Final = "校验"
AUDIT_EXPORT_BY: Final = "导出"

# labels a person's name follows on the documents of resources/catalog/material_cues.yaml
# (core/material_check.py compares them with the form's names)
PERSON_NAME_LABELS = ("姓名", "持证人", "权利人", "买受人", "所有人", "经营者", "法定代表人")

# -- the citizen's screen (core/citizen_view.py) ------------------------------------

CONFIRMATION_METHOD_LABELS: Final[dict[str, str]] = {
    "touch": "申请人在群众屏上点击确认",
    "clerk_key": "窗口人员当面询问后代为确认",
}
CITIZEN_SUMMARY_PEOPLE: Final = "申请人信息"
CITIZEN_ROLE_APPLICANT: Final = "申请人"
CITIZEN_ROLE_AGENT: Final = "代办人"
CITIZEN_FIELD_NAME: Final = "姓名"
CITIZEN_FIELD_ID: Final = "证件号码"
CITIZEN_FIELD_PHONE: Final = "联系电话"
CITIZEN_CONFIRMATION_LABEL: Final = "申请人确认"
