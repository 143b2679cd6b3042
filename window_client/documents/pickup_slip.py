"""取件凭证: what the applicant shows at the issuance window — the case number as a
barcode (the platform's number once known, else the provisional one), the
applicant with the ID number masked, the results to collect, where and when, and
who may collect. On A4, and on an 80 mm thermal roll (the page exactly 80 mm
wide and as long as its content)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer
from reportlab.platypus.flowables import HRFlowable

from window_client.core.masking import mask_phone

from .barcode import code128_flowable
from .data import DocumentCase, date_text, time_text
from .layout import (A4_WIDTH, BoldLine, PageFrame, Styles, build_a4, build_roll, form_grid,
                     grid, heading, styles, text)
from .parts import case_number_lines, numbers_block, phone_rows

TITLE = "取件凭证"
ROLL_WIDTH = 80 * mm
ROLL_MARGIN = 3 * mm


def _collect_when(case: DocumentCase) -> str:
    if case.delivery.method == "post":
        return f"办结后免费邮寄(预计{date_text(case.due_date)}前办结),请保持电话畅通"
    return f"{date_text(case.due_date)}起(办结后短信通知),{case.hall.pickup_hours}"


def _applicant_pairs(case: DocumentCase) -> list[tuple[str, str, bool]]:
    a = case.applicant
    if a.is_company:
        pairs = [("企业名称", a.name, True), ("统一社会信用代码", a.credit_code, False),
                 ("法定代表人", a.legal_representative, False)]
    else:
        pairs = [("申请人", a.name, False), ("公民身份号码", a.masked_id, False)]
    pairs.append(("联系电话", mask_phone(case.contact_phone), False))
    if case.agent is not None:
        pairs += [("代办人", case.agent.name, False),
                  ("代办人证件号码", case.agent.masked_id, False)]
    return pairs


def render_slip_a4(case: DocumentCase, *, reprint: bool = False) -> bytes:
    st = styles()
    w = A4_WIDTH
    story = [BoldLine(case.hall.hall_name, 13),
             BoldLine(TITLE, 20, char_space=4, space_before=2, space_after=2)]
    if reprint:
        story.append(text("(补打件)", st.subtitle))
    story += [Spacer(1, 3 * mm),
              numbers_block(case.case_no, case_number_lines(case) + [
                  ("办理事项:", case.one_thing_name),
                  ("受理时间:", time_text(case.accepted_at))], w, st, qr=case.progress_url),
              Spacer(1, 3 * mm)]
    if case.delivery.method == "post":
        intro = (f"您申请办理的“{case.one_thing_name}”办理结果将免费邮寄送达,"
                 "请凭本凭证查询邮寄情况。")
    else:
        intro = (f"您申请办理的“{case.one_thing_name}”办理结果请凭本凭证到下列地点领取,"
                 "领取时请出示本凭证。")
    story.append(text(intro, st.indent))
    story += [*heading("一、申请人信息"),
              form_grid(_applicant_pairs(case), w, st, label_width=30 * mm)]
    widths = [10 * mm, w * 0.42, w * 0.3]
    widths.append(w - sum(widths))
    rows = [(n, o.name, o.item_name, o.status_label) for n, o in enumerate(case.outputs, 1)]
    refused = sum(1 for o in case.outputs if o.status == "refused")
    story += [*heading(f"二、待领取的办理结果(共{len(case.outputs)}项"
                       + (f",其中{refused}项不予受理" if refused else "") + ")"),
              grid(("序号", "结果名称", "所属事项", "状态"), rows, widths, st, center=(0, 3))
              if rows else text("本件无纸质办理结果,办结后可在“赣服通”查看电子结果。", st.body)]
    where = [("领取方式", case.delivery.label, False), *phone_rows(case)]
    if case.delivery.method == "post":
        where += [("收件人", case.delivery.recipient, False),
                  ("收件电话", mask_phone(case.delivery.phone), False),
                  ("邮寄地址", case.delivery.address, True)]
    else:
        where.append(("领取地点", case.hall.pickup, True))
    where += [("领取时间", _collect_when(case), True),
              ("可领取人", case.who_may_collect, True),
              ("进度查询", f"{case.hall.progress_text}。", True)]
    story += [*heading("三、领取地点、时间及须知"), form_grid(where, w, st, label_width=30 * mm)]
    frame = PageFrame(TITLE, case.case_label, case.hall.header,
                      f"{case.printed_at:%Y-%m-%d %H:%M}", reprint)
    return build_a4(story, frame, title=f"{TITLE} {case.case_no}", author=case.hall.hall_name)


def _roll_story(case: DocumentCase, reprint: bool) -> list[Flowable]:
    st: Styles = styles(8.5)
    w = ROLL_WIDTH - 2 * ROLL_MARGIN

    def rule() -> HRFlowable:
        return HRFlowable(width="100%", thickness=0.6, dash=(2, 2), color="black",
                          spaceBefore=2 * mm, spaceAfter=2 * mm)

    def line(label: str, value: str) -> Flowable:
        return text(f"{label}:{value or '—'}", st.body)

    story: list[Flowable] = [BoldLine(case.hall.hall_name, 10.5),
                             BoldLine(TITLE + ("(补打)" if reprint else ""), 15,
                                      char_space=2, space_before=1, space_after=2),
                             code128_flowable(case.case_no, w, height_mm=10),
                             Spacer(1, 1 * mm), text(case.case_no, st.cell_center), rule()]
    if case.platform_no:
        story.append(line("办件编号", case.platform_no))
    story += [line("临时受理编号", case.provisional_no),
              line("办理事项", case.one_thing_name),
              line("受理时间", time_text(case.accepted_at))]
    a = case.applicant
    if a.is_company:
        story += [line("企业名称", a.name), line("统一社会信用代码", a.credit_code)]
    else:
        story += [line("申请人", a.name), line("证件号码", a.masked_id)]
    if case.agent is not None:
        story += [line("代办人", case.agent.name), line("代办人证件号码", case.agent.masked_id)]
    story += [rule(), text(f"待领取结果(共{len(case.outputs)}项):", st.body)]
    story += [text(f"{n}. {o.name}({o.status_label})", st.body)
              for n, o in enumerate(case.outputs, 1)] or [text("无纸质结果", st.body)]
    story.append(rule())
    story.append(line("领取方式", case.delivery.label))
    if case.delivery.method == "post":
        story.append(line("邮寄地址", case.delivery.address))
    else:
        story.append(line("领取地点", case.hall.pickup))
    story += [line("领取时间", _collect_when(case)), line("可领取人", case.who_may_collect),
              line("咨询电话", case.hall.enquiry_phone), rule(),
              text(f"受理窗口:{case.hall.window_label}  受理人:{case.clerk_name}", st.small),
              text(("补打" if reprint else "打印") + f"时间:{time_text(case.printed_at)}",
                   st.small),
              text("请妥善保管本凭证,遗失请凭身份证件到窗口补打。", st.small)]
    return story


def render_slip_80mm(case: DocumentCase, *, reprint: bool = False) -> bytes:
    """The slip on an 80 mm roll: one page, 80 mm wide, as long as needed."""
    return build_roll(lambda: _roll_story(case, reprint), width=ROLL_WIDTH, margin=ROLL_MARGIN,
                      title=f"{TITLE} {case.case_no}", author=case.hall.hall_name)
