"""出件登记单 (A4): the record of one handover at the unified issuance window —
which results went to whom (ID number masked), in what role, at the window or
by post (EMS tracking number, address), when, and signature lines for the
collector and the issuance clerk. The hall keeps it with the case."""

from __future__ import annotations

from reportlab.platypus import KeepTogether, Spacer

from .data import DELIVERY_LABELS, ROLE_LABELS, HandoverData, time_text
from .layout import (A4_WIDTH, BoldLine, PageFrame, build_a4, form_grid, grid, heading, mm,
                     signature_lines, styles, text)
from .parts import numbers_block

TITLE = "出件登记单"


def render_handover(data: HandoverData, *, reprint: bool = False) -> bytes:
    """The handover record as PDF bytes; ``reprint`` marks every page 补打."""
    st = styles()
    w = A4_WIDTH
    hall = data.hall
    post = data.method == "post"
    story = [BoldLine(hall.hall_name, 13),
             BoldLine(TITLE, 20, char_space=4, space_before=2, space_after=2)]
    if reprint:
        story.append(text("(补打件)", st.subtitle))
    lines = []
    if data.platform_no:
        lines.append(("办件编号:", data.platform_no))
    lines += [("临时受理编号:", data.provisional_no), ("办理事项:", data.one_thing_name),
              ("出件时间:", time_text(data.handed_over_at))]
    story += [Spacer(1, 3 * mm), numbers_block(data.case_no, lines, w, st), Spacer(1, 2 * mm)]

    pairs = [("申请人", data.applicant_name, False),
             ("出件方式", DELIVERY_LABELS.get(data.method, data.method), False),
             ("收件人" if post else "领取人", data.collector_name, False),
             ("证件号码", data.masked_collector_id, False)]
    if post:
        pairs += [("EMS运单号", data.tracking_no, False), ("寄出窗口", hall.pickup, False),
                  ("邮寄地址", data.address, True)]
    else:
        pairs += [("领取人身份", ROLE_LABELS.get(data.role, data.role), False),
                  ("身份核验方式", "读取居民身份证" if data.collector_id_source == "id_card"
                   else "手工录入证件号码并核对原件", False),
                  ("出件窗口", hall.pickup, False),
                  ("核验材料", "授权委托书原件、代领人有效身份证件原件(已核验)"
                   if data.role == "agent" else "领取人有效身份证件原件(已核验)", True)]
    story += [*heading("一、领取(收件)信息"), form_grid(pairs, w, st, label_width=26 * mm)]

    widths = [10 * mm, w * 0.45, w * 0.3]
    widths.append(w - sum(widths))
    rows = [(n, o.name, o.item_name, "1") for n, o in enumerate(data.outputs, 1)]
    story += [*heading(f"二、本次交付的办理结果(共{len(data.outputs)}项)"),
              grid(("序号", "结果名称", "所属事项", "数量"), rows, widths, st, center=(0, 3))]

    confirm = ("本人已核对上述办理结果的名称、数量和内容,确认无误并已领取。" if not post else
               "上述办理结果已交邮政EMS免费寄递,寄递信息以运单号为准。")
    labels = (["领取人签名:", f"出件人员签名({data.manager_name}):"] if not post
              else [f"出件人员签名({data.manager_name}):", "寄递人员签名:"])
    signatures = [data.collector_signature_png] if not post else []
    story.append(KeepTogether([
        *heading("三、确认签名"), text(confirm, st.indent), Spacer(1, 2 * mm),
        signature_lines(labels, w, st, signatures=signatures), Spacer(1, 4 * mm),
        text(f"{hall.hall_name}(出件专用章)", st.right),
        Spacer(1, 2 * mm),
        text("本登记单由出件窗口留存归档;申请人如需存根,可复印。证件号码已按规定隐去部分位数。",
             st.small)]))
    frame = PageFrame(TITLE, data.case_label, hall.header,
                      f"{data.handed_over_at:%Y-%m-%d %H:%M}", reprint)
    return build_a4(story, frame, title=f"{TITLE} {data.case_no}", author=hall.hall_name)
