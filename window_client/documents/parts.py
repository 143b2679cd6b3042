"""Blocks that several documents print the same way: the number block with the
barcode and QR code, the applicant, the items, the fees, the due date, the
progress lookup and the phones."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, Spacer, Table

from .barcode import code128_flowable, qr_flowable
from .data import DocFee, DocItem, DocumentCase, date_text
from .layout import Styles, form_grid, grid, mm, table, text


def numbers_block(case_no: str, lines: Sequence[tuple[str, str]], width: float,
                  st: Styles, *, qr: str | None = None, qr_mm: float = 21) -> Table:
    """The case numbers and times on the left, the barcode of ``case_no`` with the
    number under it, and (given ``qr``) the progress-lookup QR code on the right."""
    qr_width = (qr_mm + 3) * mm if qr else 0
    bar_width = min(width * 0.45, width - qr_width - 70 * mm)
    left_width = width - bar_width - qr_width
    left = table([[text(label, st.cell), text(value, st.cell)] for label, value in lines],
                 [22 * mm, left_width - 22 * mm],
                 [("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                  ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    row = [left, [code128_flowable(case_no, bar_width), Spacer(1, 1 * mm),
                  text(case_no, st.cell_center)]]
    widths = [left_width, bar_width]
    if qr:
        row.append([qr_flowable(qr, qr_mm), text("扫码查进度", st.cell_center)])
        widths.append(qr_width)
    return table([row], widths,
                 [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                  ("RIGHTPADDING", (0, 0), (-1, -1), 0)])


def case_number_lines(case: DocumentCase) -> list[tuple[str, str]]:
    lines = []
    if case.platform_no:
        lines.append(("办件编号:", case.platform_no))
    lines.append(("临时受理编号:", case.provisional_no))
    return lines


def applicant_grid(case: DocumentCase, width: float, st: Styles, *,
                   masked: bool = False) -> Table:
    """The applicant (person or company), contact and agent as a form grid.
    ``masked``: ID numbers shortened to 6 + 4 digits (papers others may see)."""
    a = case.applicant
    id_number = a.masked_id if masked else a.id_number
    if a.is_company:
        pairs = [("企业名称", a.name, True),
                 ("统一社会信用代码", a.credit_code, False),
                 ("法定代表人", a.legal_representative, False),
                 ("住所", a.address, True)]
    else:
        pairs = [("申请人", a.name, False), ("公民身份号码", id_number, False),
                 ("住址", a.address, True)]
    pairs.append(("联系电话", case.contact_phone, False))
    if case.agent is not None:
        ag = case.agent
        pairs += [("代办人", ag.name + (f"({ag.relation})" if ag.relation else ""), False),
                  ("代办人证件号码", ag.masked_id if masked else ag.id_number, False)]
        if ag.phone:
            pairs.append(("代办人电话", ag.phone, False))
    return form_grid(pairs, width, st, label_width=28 * mm)


def items_table(items: Sequence[DocItem], width: float, st: Styles, *,
                basis: bool = False) -> Table:
    if basis:
        widths = [10 * mm, width * 0.3, width * 0.22, 19 * mm]
        widths.append(width - sum(widths))
        rows = [(n, i.name, i.department, f"{i.promised_days}个工作日", i.basis)
                for n, i in enumerate(items, 1)]
        return grid(("序号", "事项名称", "办理部门", "承诺时限", "设定依据"), rows, widths, st,
                    center=(0, 3))
    widths = [10 * mm, width * 0.45, width * 0.33]
    widths.append(width - sum(widths))
    rows = [(n, i.name, i.department, f"{i.promised_days}个工作日")
            for n, i in enumerate(items, 1)]
    return grid(("序号", "事项名称", "办理部门", "承诺时限"), rows, widths, st, center=(0, 3))


def fees_text(fees: Sequence[DocFee]) -> str:
    if not fees:
        return "不收费"
    return ";".join(f"{f.name}:{f.amount_text}" for f in fees)


def fees_table(fees: Sequence[DocFee], width: float, st: Styles) -> Flowable:
    if not fees:
        return text("本事项不收取任何费用。", st.body)
    widths = [10 * mm, width * 0.33, 24 * mm]
    widths.append(width - sum(widths))
    rows = [(n, f.name, f.amount_text, f.basis) for n, f in enumerate(fees, 1)]
    return grid(("序号", "收费项目", "金额", "收费依据或说明"), rows, widths, st, center=(0, 2))


def due_text(case: DocumentCase) -> str:
    text_ = f"{date_text(case.due_date)}前(承诺{case.promised_days}个工作日,自受理之日起算)"
    if case.due_date_moved_from is not None:
        text_ = (f"{date_text(case.due_date)}前(容缺材料可于{date_text(case.due_date)}前补交,"
                 f"承诺办结日期由{date_text(case.due_date_moved_from)}相应顺延)")
    if case.due_date_estimated:
        text_ += ";该日期按周末推算,如遇法定节假日顺延"
    return text_


def progress_rows(case: DocumentCase) -> list[tuple[str, str, bool]]:
    """How to check progress, enquire and complain, as form-grid rows."""
    hall = case.hall
    return [("进度查询", f"{hall.progress_text}。查询网址:{case.progress_url}", True)]


def phone_rows(case: DocumentCase) -> list[tuple[str, str, bool]]:
    hall = case.hall
    if hall.enquiry_phone == hall.complaint_phone:
        return [("咨询投诉电话", hall.enquiry_phone, False)]
    return [("咨询电话", hall.enquiry_phone, False), ("投诉电话", hall.complaint_phone, False)]
