"""一次性告知书 (A4): everything the applicant still needs, told once — the items
and their legal basis, the conditions, the full material list (name, issuing
body, original or copy, copies, format, how to get it), what is still missing
(容缺 materials with their deadline), fees, time limit, place, enquiry and
complaint phones. Given refusal reasons, it is the refusal notice: the reasons
and the applicant's remedies (行政复议, 行政诉讼) come first."""

from __future__ import annotations

from reportlab.platypus import KeepTogether, Spacer

from .data import DocumentCase, date_text, time_text
from .layout import (A4_WIDTH, BoldLine, PageFrame, build_a4, form_grid, grid, heading, mm,
                     signature_lines, styles, text)
from .parts import case_number_lines, fees_table, items_table, numbers_block, phone_rows

TITLE = "一次性告知书"
REFUSAL_TITLE = "不予受理告知书"
# 行政复议法 (2023) 第二十条: 60 days; 行政诉讼法 第四十六条: 6 months
REVIEW_DAYS = "六十日"
LAWSUIT_MONTHS = "六个月"


def _without(item: str, reason: str) -> str:
    """The platform's reason without the item's name in front of it (it is listed)."""
    return reason[len(item) + 1:] if reason.startswith(item + ":") else reason


def render_notice(case: DocumentCase, *, reprint: bool = False) -> bytes:
    """The one-time notice as PDF bytes; the refusal notice when the case carries
    refusal reasons. ``reprint`` marks every page 补打."""
    st = styles()
    w = A4_WIDTH
    refusal = bool(case.refusal_reasons)
    title = REFUSAL_TITLE if refusal else TITLE
    story = [BoldLine(case.hall.hall_name, 13),
             BoldLine(title, 20, char_space=3, space_before=2, space_after=2)]
    if reprint:
        story.append(text("(补打件)", st.subtitle))
    story += [Spacer(1, 3 * mm),
              numbers_block(case.case_no, case_number_lines(case) + [
                  ("申请事项:", case.one_thing_name),
                  ("申请时间:", time_text(case.accepted_at))], w, st),
              Spacer(1, 3 * mm),
              text(f"{case.applicant.name or '申请人'}:", st.body)]
    n = _Numbering()
    if refusal:
        story.append(text(
            f"您(单位)于{date_text(case.accepted_at.date())}申请办理的“{case.one_thing_name}”,"
            "经审查,不符合受理条件,根据有关法律、法规规定,决定不予受理。现将理由及您的权利"
            "一次性告知如下。", st.indent))
        story += [*heading(n("不予受理的理由")),
                  *[text(f"{i}. {reason}", st.body)
                    for i, reason in enumerate(case.refusal_reasons, 1)]]
        story += [*heading(n("救济途径")), text(
            f"如对本决定不服,可以自收到本告知书之日起{REVIEW_DAYS}内向{case.hall.review_body}"
            f"申请行政复议,也可以自收到本告知书之日起{LAWSUIT_MONTHS}内依法向人民法院提起"
            "行政诉讼。符合受理条件后,您可以重新申请,所需条件和材料见下。", st.indent)]
    else:
        needed = case.still_needed
        story.append(text(
            f"您(单位)申请办理的“{case.one_thing_name}”,根据有关法律、法规规定,现将办理"
            "所需的条件、材料、时限、地点等一次性告知如下。"
            + ("请按“尚需提交的材料”一节补齐材料,补齐后即可继续办理。" if needed
               else "您的申请材料已齐全。"), st.indent))

    story += [*heading(n(f"办理事项及设定依据(共{len(case.items)}项)")),
              items_table(case.items, w, st, basis=True)]
    refused_items = {} if refusal else dict(case.refused_items)
    if refused_items:   # one item refused, the others go on
        story += [*heading(n("不予受理的事项")),
                  text("以下事项经审查不予受理,其他事项继续办理:", st.body),
                  *[text(f"{i}. {item}:{_without(item, reason) or '见审批部门告知'}", st.body)
                    for i, (item, reason) in enumerate(refused_items.items(), 1)]]
    story += [*heading(n("办理条件")),
              *[text(f"{i}. {line}", st.body) for i, line in enumerate(case.conditions, 1)]]
    if not refusal:
        story += [*heading(n("尚需提交的材料")), _still_needed(case, w, st)]
    story += [*heading(n(("重新申请所需" if refusal else "申请") +
                         f"材料清单(共{len(case.materials)}项)")),
              *_material_list(case, w, st, show_status=not refusal)]
    story += [*heading(n("收费标准")), fees_table(case.fees, w, st)]
    limits = [("承诺时限", f"{case.promised_days}个工作日(自受理之日起算,"
                           "不含补正材料及依法需要听证、检测、鉴定的时间)", True),
              ("法定时限", ";".join(f"{i.name}{i.legal_days}个工作日" for i in case.items),
               True)]
    if not refusal:
        limits.insert(1, ("承诺办结日期", date_text(case.due_date) +
                          (f"(因容缺材料补交期限,由{date_text(case.due_date_moved_from)}顺延)"
                           if case.due_date_moved_from is not None else "") +
                          ("(按周末推算,遇法定节假日顺延)" if case.due_date_estimated else ""),
                          True))
    story += [*heading(n("办理时限")), form_grid(limits, w, st, label_width=26 * mm)]
    place = [("办理地点", f"{case.hall.hall_name}“一件事一次办”综合窗口", True),
             ("办公时间", case.hall.pickup_hours, True), *phone_rows(case)]
    if len(place) == 3:
        place.append(("经办窗口", case.hall.window_label, False))
    story += [*heading(n("办理地点、时间及咨询投诉")),
              form_grid(place, w, st, label_width=26 * mm)]
    story.append(KeepTogether([
        Spacer(1, 4 * mm), text("特此告知。", st.body), Spacer(1, 2 * mm),
        text(f"{case.hall.hall_name}(印章)", st.right),
        text(date_text(case.printed_at.date()), st.right), Spacer(1, 2 * mm),
        signature_lines(["申请人(代办人)签收:", f"经办人:{case.clerk_name}"], w, st,
                        with_date=False),
        Spacer(1, 1 * mm),
        text("本告知书一式两份,申请人和受理窗口各执一份。", st.small)]))
    frame = PageFrame(title, case.case_label, case.hall.header,
                      f"{case.printed_at:%Y-%m-%d %H:%M}", reprint)
    return build_a4(story, frame, title=f"{title} {case.case_no}", author=case.hall.hall_name)


class _Numbering:
    """一、二、三… for the headings, whichever sections a variant has."""
    NUMERALS = "一二三四五六七八九十"

    def __init__(self) -> None:
        self.n = 0

    def __call__(self, title: str) -> str:
        self.n += 1
        return f"{self.NUMERALS[self.n - 1]}、{title}"


def _still_needed(case: DocumentCase, w: float, st):
    needed = case.still_needed
    if not needed:
        return text("无。申请材料已齐全。", st.body)
    widths = [10 * mm, w * 0.34, 24 * mm, 12 * mm]
    widths.append(w - sum(widths))
    rows = [(n, m.name, m.form, m.copies,
             (f"容缺受理,请于{date_text(m.missing_deadline)}前补交"
              if m.missing_deadline else "请补充提交")
             + (f";{m.how_to_get}" if m.how_to_get else ""))
            for n, m in enumerate(needed, 1)]
    return grid(("序号", "材料名称", "原件/复印件", "份数", "补交期限及方式"), rows, widths, st,
                center=(0, 2, 3))


def _material_list(case: DocumentCase, w: float, st, *, show_status: bool):
    widths = [8 * mm, 38 * mm, 24 * mm, 20 * mm, 9 * mm, 10 * mm]
    header = ["序号", "材料名称", "出具单位", "原件/复印件", "份数", "载体", "获取方式"]
    if show_status:
        widths.append(33 * mm)
        header.append("本次核对情况")
    widths.insert(6, w - sum(widths))
    rows = []
    for n, m in enumerate(case.materials, 1):
        row = [n, m.name, m.issuer, m.form, m.copies, m.format,
               m.how_to_get or "申请人自备"]
        if show_status:
            row.append(m.status)
        rows.append(row)
    out = [grid(header, rows, widths, st, center=(0, 3, 4, 5))]
    if show_status and any(m.exempt for m in case.materials):
        out += [Spacer(1, 1 * mm),
                text("注:标注“免交”的材料已通过电子证照、网络核验或办结事项共享取得,"
                     "无需再提交纸质材料。", st.small)]
    return out
