"""Plain, frozen data for the printed documents. The renderers read nothing else:
no ORM object, no Qt, no settings store. ``document_case_from`` (in
``from_case.py``, re-exported here) builds a DocumentCase from the app's objects."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from window_client.core.engine import MaterialTag
from window_client.core.masking import mask_id_number

# The Chinese words for how a material was taken in. The same wording as the
# wizard's (qt/pages/guide_page.TAG_LABELS), kept here because this package must
# not import the Qt side.
EXEMPT = {MaterialTag.E_LICENCE.value, MaterialTag.ONLINE_VERIFICATION.value,
          MaterialTag.SHARED.value}
OUTPUT_STATUS_LABELS = {"pending": "办理中", "ready": "已办结,待领取", "issued": "已领取",
                        "posted": "已寄出", "refused": "不予受理", "same_day": "即办,当场发放"}
DELIVERY_LABELS = {"window": "窗口领取", "post": "免费邮寄"}
ROLE_LABELS = {"applicant": "申请人本人", "agent": "代领人(持授权委托书)"}


# -- hall-level facts: the one place for them ------------------------------------

@dataclass(frozen=True)
class HallInfo:
    """What the hall prints on every document. The defaults are the hall-level
    ones; ``hall_info(settings)`` fills in the hall and the window."""
    hall_name: str = "赣州市政务服务中心"
    window_label: str = "综合窗口1号"
    window_code: str = "W01"
    pickup_place: str = ""          # empty: "<hall>统一出件窗口"
    pickup_hours: str = ("工作日 上午9:00—12:00,下午13:30—17:00"
                         "(法定节假日除外)")
    enquiry_phone: str = "12345(政务服务便民热线)"
    complaint_phone: str = "12345(政务服务便民热线)"
    progress_text: str = ("扫描二维码,或在“赣服通”、江西政务服务网输入办件编号查询办理进度;"
                          "也可拨打12345查询")
    # the address printed in the QR code; the real one comes with the platform's
    # deployment ({case_no} is replaced by the case number)
    progress_url: str = "https://zwfw.ganzhou.gov.cn/bjcx?bh={case_no}"
    review_body: str = "赣州市人民政府"   # where 行政复议 is applied for

    @property
    def pickup(self) -> str:
        return self.pickup_place or f"{self.hall_name}统一出件窗口"

    @property
    def header(self) -> str:
        return f"{self.hall_name} · {self.window_label}"

    def progress_link(self, case_no: str) -> str:
        return self.progress_url.format(case_no=case_no)


# -- the pieces of a case ------------------------------------------------------------

@dataclass(frozen=True)
class DocItem:
    code: str
    name: str
    department: str          # full official name
    promised_days: int
    legal_days: int = 0
    basis: str = ""          # legal basis
    depends_on: tuple[str, ...] = ()   # names of the items done before it
    department_short: str = ""         # the department's short name (the flow chart)


@dataclass(frozen=True)
class Applicant:
    kind: str                 # "person" | "company"
    name: str                 # the person, or the company's name
    id_number: str = ""       # the person's (for a company: the legal representative's)
    address: str = ""         # home address, or the company's registered address
    legal_representative: str = ""   # company only
    credit_code: str = ""            # company only: 统一社会信用代码

    @property
    def is_company(self) -> bool:
        return self.kind == "company"

    @property
    def masked_id(self) -> str:
        return mask_id_number(self.id_number)


@dataclass(frozen=True)
class Agent:
    name: str
    id_number: str = ""
    phone: str = ""
    relation: str = ""        # Chinese label

    @property
    def masked_id(self) -> str:
        return mask_id_number(self.id_number)


@dataclass(frozen=True)
class DocMaterial:
    name: str
    issuer: str = ""
    form: str = ""               # 原件 / 复印件 / 原件及复印件
    copies: int = 1              # received copies, or the copies asked for
    format: str = "纸质"          # 纸质 / 电子 / 纸质或电子
    tag: str = MaterialTag.HAND_IN.value
    how_received: str = "提交纸质材料"   # Chinese, with the e-licence or service
    received: bool = False
    missing_deadline: dt.date | None = None   # 容缺: to be supplied by
    how_to_get: str = ""
    key: bool = True
    exemptions: tuple[str, ...] = ()   # routes that can spare it (the guide)
    missing_allowed_days: int | None = None

    @property
    def exempt(self) -> bool:
        return self.tag in EXEMPT

    @property
    def still_needed(self) -> bool:
        """Neither handed in nor spared: the applicant still has to bring it."""
        return not self.received and not self.exempt

    @property
    def status(self) -> str:
        if self.received:
            return f"已收取{self.copies}份"
        if self.exempt:
            return self.how_received
        if self.missing_deadline is not None:
            return f"容缺受理,请于{date_text(self.missing_deadline)}前补交"
        if self.tag == MaterialTag.VERIFICATION_PENDING.value:
            return self.how_received
        if self.tag == MaterialTag.MAY_BE_MISSING.value:
            return "可容缺受理" + (f",{self.missing_allowed_days}个工作日内补交"
                                  if self.missing_allowed_days else "")
        return "请提交"


@dataclass(frozen=True)
class DocFee:
    name: str
    amount: str
    basis: str = ""

    @property
    def amount_text(self) -> str:
        try:
            value = float(self.amount)
        except ValueError:
            return self.amount
        return "免费" if value == 0 else f"{self.amount}元"


@dataclass(frozen=True)
class DocOutput:
    name: str
    status: str = "pending"        # pending / ready / issued / posted / refused
    item_name: str = ""
    note: str = ""                 # the platform's reason when refused

    @property
    def status_label(self) -> str:
        label = OUTPUT_STATUS_LABELS.get(self.status, self.status)
        if self.status != "refused" or not self.note:
            return label
        note = self.note[len(self.item_name) + 1:] if self.item_name and \
            self.note.startswith(self.item_name + ":") else self.note
        return f"{label}:{note}"


@dataclass(frozen=True)
class DeliveryInfo:
    method: str = "window"         # window / post
    address: str = ""
    recipient: str = ""
    phone: str = ""

    @property
    def label(self) -> str:
        return DELIVERY_LABELS.get(self.method, self.method)


class CaseNumbers:
    """Before the platform numbers a case, papers carry the provisional number;
    once it has, the platform's (both are shown where there is room)."""

    provisional_no: str
    platform_no: str | None

    @property
    def case_no(self) -> str:
        """The number the barcode carries: the platform's once it is known."""
        return self.platform_no or self.provisional_no

    @property
    def case_label(self) -> str:
        return f"办件编号 {self.platform_no}" if self.platform_no \
            else f"临时受理编号 {self.provisional_no}"


@dataclass(frozen=True)
class DocumentCase(CaseNumbers):
    """Everything the receipt, the one-time notice and the pick-up slip print."""
    provisional_no: str
    platform_no: str | None
    one_thing_name: str
    items: tuple[DocItem, ...]
    applicant: Applicant
    contact_phone: str
    agent: Agent | None
    hall: HallInfo
    clerk_name: str
    materials: tuple[DocMaterial, ...]
    accepted_at: dt.datetime
    due_date: dt.date
    due_date_estimated: bool
    promised_days: int
    fees: tuple[DocFee, ...]
    delivery: DeliveryInfo
    outputs: tuple[DocOutput, ...]
    who_may_collect: str
    printed_at: dt.datetime
    conditions: tuple[str, ...] = ()        # 适用对象, 办理条件… from the guide
    lead_units: tuple[str, ...] = ()
    refusal_reasons: tuple[str, ...] = ()   # non-empty: the notice is a refusal

    @property
    def progress_url(self) -> str:
        return self.hall.progress_link(self.case_no)

    @property
    def still_needed(self) -> tuple[DocMaterial, ...]:
        return tuple(m for m in self.materials if m.still_needed)
    due_date_moved_from: dt.date | None = None   # the promise moved for a 容缺 material
    refused_items: tuple[tuple[str, str], ...] = ()   # (item name, reason): refused, the case goes on
    # the applicant's signature from the citizen's screen (imaging/signature.py), printed
    # on the receipt's signature line; None: the line is left to sign on paper
    signature_png: bytes | None = None



@dataclass(frozen=True)
class GuideQuestion:
    text: str
    options: tuple[str, ...] = ()
    default: str = ""


@dataclass(frozen=True)
class GuideData:
    """The 办事指南 of a one-thing, printable before any case exists."""
    one_thing_name: str
    name_note: str
    guide_lines: tuple[str, ...]
    lead_units: tuple[str, ...]
    responsible_units: tuple[str, ...]
    items: tuple[DocItem, ...]          # all items of the one-thing, in order
    applicable: tuple[str, ...]         # codes that apply with the default answers
    questions: tuple[GuideQuestion, ...]
    materials: tuple[DocMaterial, ...]  # the material list for the default answers
    fees: tuple[DocFee, ...]
    promised_days: int
    delivery_options: tuple[str, ...]
    outputs: tuple[DocOutput, ...]
    hall: HallInfo
    printed_at: dt.datetime
    catalog_version: str = ""
    # the usual case, for the numbered "how it goes"
    fields_merged: int = 0              # questions on the one merged form
    fields_to_type: int = 0             # of them, typed by hand (the rest comes filled)
    materials_to_hand_in: int = 0
    materials_exempt: int = 0           # spared by e-licence, online check or sharing
    due_if_today: dt.date | None = None  # the promised date for a case accepted today
    applicant_kind: str = "person"      # person | company (who shows the ID card)


@dataclass(frozen=True)
class HandoverData(CaseNumbers):
    """One handover at the issuance counter (出件登记)."""
    provisional_no: str
    platform_no: str | None
    one_thing_name: str
    applicant_name: str
    outputs: tuple[DocOutput, ...]
    collector_name: str
    collector_id_number: str            # printed masked
    role: str                           # applicant / agent
    method: str                         # window / post
    handed_over_at: dt.datetime
    manager_name: str
    hall: HallInfo = field(default_factory=HallInfo)
    tracking_no: str = ""               # EMS
    address: str = ""
    collector_id_source: str = "typed"  # id_card | typed
    # the collector's signature from the citizen's screen, on the collector's line
    # (a handover at the window; a posted one has no collector's line)
    collector_signature_png: bytes | None = None

    @property
    def masked_collector_id(self) -> str:
        return mask_id_number(self.collector_id_number)


def date_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def time_text(at: dt.datetime) -> str:
    return f"{at.year}年{at.month}月{at.day}日 {at:%H:%M}"


from .from_case import document_case_from, guide_data_from, hall_info  # noqa: E402

__all__ = ["Agent", "Applicant", "DeliveryInfo", "DocFee", "DocItem", "DocMaterial",
           "DocOutput", "DocumentCase", "GuideData", "GuideQuestion", "HallInfo",
           "HandoverData", "date_text", "document_case_from", "guide_data_from",
           "hall_info", "time_text"]
