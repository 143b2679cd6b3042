"""受理回执 (A4): what the applicant takes home when the window accepts a case —
the case number (and its barcode), the one-thing and its items, the applicant,
the materials received and how, the promised date, fees, how to follow the case
and how the results come back."""

from __future__ import annotations

from reportlab.platypus import KeepTogether, Spacer

from .data import DocumentCase, time_text
from .layout import (A4_WIDTH, BoldLine, PageFrame, build_a4, form_grid, grid, heading, mm,
                     signature_lines, styles, text)
from .parts import (applicant_grid, case_number_lines, due_text, fees_text, items_table,
                    numbers_block, phone_rows, progress_rows)

TITLE = "受理回执"


def render_receipt(case: DocumentCase, *, reprint: bool = False) -> bytes:
    """The acceptance receipt as PDF bytes; ``reprint`` marks every page 补打."""
    st = styles()
    w = A4_WIDTH
    story = [BoldLine(case.hall.hall_name, 13),
             BoldLine("“一件事一次办”" + TITLE, 20, char_space=1.5, space_before=2,
                      space_after=2)]
    if reprint:
        story.append(text(f"(补打件 · 原受理时间 {time_text(case.accepted_at)})",
                          st.subtitle))
    story += [Spacer(1, 3 * mm),
              numbers_block(case.case_no, case_number_lines(case) + [
                  ("受理时间:", time_text(case.accepted_at)),
                  ("受理窗口:", f"{case.hall.hall_name} {case.hall.window_label}"),
                  ("受理人:", case.clerk_name)], w, st, qr=case.progress_url),
              Spacer(1, 3 * mm),
              text(f"{case.applicant.name or '申请人'}:您申请办理的“{case.one_thing_name}”"
                   f"已于{time_text(case.accepted_at)}受理。请妥善保管本回执,"
                   "凭此查询办理进度、领取办理结果。", st.body)]

    story += [*heading("一、申请人信息"), applicant_grid(case, w, st)]
    story += [*heading(f"二、申请事项:{case.one_thing_name}(共{len(case.items)}项)"),
              items_table(case.items, w, st)]

    widths = [10 * mm, w * 0.34, 23 * mm, 11 * mm]
    widths.append(w - sum(widths))
    rows = [(n, m.name, m.form or "—", m.copies if m.received else "—", m.status)
            for n, m in enumerate(case.materials, 1)]
    story += [*heading(f"三、材料接收情况(共{len(case.materials)}项)"),
              grid(("序号", "材料名称", "原件/复印件", "份数", "收取方式及说明"), rows, widths,
                   st, center=(0, 2, 3))]
    missing = [m for m in case.materials if m.missing_deadline is not None and not m.received]
    if missing:
        story.append(Spacer(1, 1.5 * mm))
        story.append(text("容缺受理的材料须在上表所列期限内补交,逾期未补交的,"
                          "相关事项按规定终止办理。", st.small))

    d = case.delivery
    rows = [("承诺办结日期", due_text(case), True),
            ("收费情况", fees_text(case.fees), True),
            ("领取方式", d.label, False), *phone_rows(case)]
    if d.method == "post":
        rows += [("收件人", d.recipient, False), ("收件电话", d.phone, False),
                 ("邮寄地址", d.address, True)]
    else:
        rows.append(("领取地点及时间", f"{case.hall.pickup};{case.hall.pickup_hours}", True))
    rows += [("领取须知", case.who_may_collect, True), *progress_rows(case)]
    story += [*heading("四、办理时限、结果送达与进度查询"),
              form_grid(rows, w, st, label_width=28 * mm)]
    story.append(KeepTogether([
        Spacer(1, 1 * mm),
        signature_lines(["申请人(代办人)签字:",
                         f"受理人:{case.clerk_name}(受理专用章)"], w, st, with_date=False,
                        signatures=[case.signature_png])]))
    frame = PageFrame(TITLE, case.case_label, case.hall.header,
                      f"{case.printed_at:%Y-%m-%d %H:%M}", reprint)
    return build_a4(story, frame, title=f"{TITLE} {case.case_no}", author=case.hall.hall_name)
