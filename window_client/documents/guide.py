"""办事指南 (A4), printable before any case exists: who may apply and on what
conditions, the items in their order with departments and time limits, the
scenario questions, the material list of the usual case with the routes that
spare a material, fees, results and how they are delivered, place and phones."""

from __future__ import annotations

from reportlab.platypus import KeepTogether, Spacer

from .data import GuideData
from .flow_chart import ItemFlowChart
from .layout import (A4_WIDTH, BoldLine, PageFrame, build_a4, form_grid, grid, heading, mm,
                     styles, text)
from .parts import fees_table

TITLE = "办事指南"


def how_it_goes(guide: GuideData) -> list[str]:
    """The numbered steps a citizen takes, with the figures of the usual case and
    the promised date of a case accepted on the day the guide is printed."""
    hall = guide.hall
    applicable = len(guide.applicable)
    who = "法定代表人(负责人)" if guide.applicant_kind == "company" else "申请人"
    form = (f"填写一张合并申请表:共{guide.fields_merged}项,其中需填写{guide.fields_to_type}项,"
            "其余由身份证、电子证照和共享数据自动带出"
            if guide.fields_merged else "填写一张合并申请表")
    steps = [
        f"到{hall.hall_name}“一件事一次办”综合窗口(办公时间:{hall.pickup_hours}),"
        f"说明办理“{guide.one_thing_name}”;工作人员通过情景问答确定需要办理的事项,"
        f"通常情形办理{applicable}项,顺序见流程图。",
        f"出示{who}居民身份证(委托代办的,另带代办人身份证和授权委托书);{form}。",
        f"提交一套材料:通常情形提交{guide.materials_to_hand_in}项纸质材料"
        + (f",另有{guide.materials_exempt}项通过电子证照、网络核验或共享免交"
           if guide.materials_exempt else "") + ",详见材料清单。",
        "当场受理,领取受理回执、一次性告知书和取件凭证;"
        f"承诺{guide.promised_days}个工作日内办结"
        + (f",今天受理的{guide.due_if_today:%Y年%m月%d日}前办结" if guide.due_if_today
           else "") + "。",
        "各部门按流程图的顺序一链审批;"
        "可凭受理编号查询进度,超期的由平台自动催办。",
        "凭取件凭证到统一出件窗口领取办理结果"
        + (";受理时选择免费邮寄的,结果邮寄到家" if "免费邮寄" in guide.delivery_options
           else "") + "。",
    ]
    return steps


def render_guide(guide: GuideData, *, reprint: bool = False) -> bytes:
    """The guide of one one-thing as PDF bytes."""
    st = styles()
    w = A4_WIDTH
    hall = guide.hall
    story = [BoldLine(hall.hall_name, 13),
             BoldLine("“一件事一次办”" + TITLE, 20, char_space=1.5, space_before=2),
             BoldLine(guide.one_thing_name, 15, space_before=3, space_after=4)]
    if guide.name_note:
        story.append(text(f"说明:{guide.name_note}", st.small))
    info = [("牵头单位", "、".join(guide.lead_units), False),
            ("承诺时限", f"{guide.promised_days}个工作日", False),
            ("责任单位", "、".join(guide.responsible_units) or "—", True),
            ("办理地点", f"{hall.hall_name}“一件事一次办”综合窗口", True),
            ("办公时间", hall.pickup_hours, True),
            ("结果送达", "、".join(guide.delivery_options), False),
            ("咨询投诉电话", hall.enquiry_phone, False)]
    story += [Spacer(1, 2 * mm), form_grid(info, w, st, label_width=24 * mm)]

    story += [*heading("一、适用对象与办理条件"),
              *[text(f"{n}. {line}", st.body) for n, line in enumerate(guide.guide_lines, 1)]]

    story += [*heading("二、怎么办(通常情形)"),
              *[text(f"{n}. {step}", st.body) for n, step in enumerate(how_it_goes(guide), 1)]]

    widths = [9 * mm, 44 * mm, 33 * mm, 19 * mm, 30 * mm]
    widths.append(w - sum(widths))
    rows = [(n, i.name + ("" if i.code in guide.applicable else "(视情形办理)"), i.department,
             f"法定{i.legal_days}日\n承诺{i.promised_days}日",
             "、".join(i.depends_on) or "—", i.basis)
            for n, i in enumerate(guide.items, 1)]
    numbers = iter("三四五六七八")
    story += [*heading(f"{next(numbers)}、包含事项及办理顺序(共{len(guide.items)}项)"),
              grid(("序号", "事项名称", "办理部门", "时限(工作日)", "前置事项", "设定依据"),
                   rows, widths, st, center=(0, 3)),
              KeepTogether([Spacer(1, 2 * mm),
                            text("办理顺序:箭头所指的事项在前一事项办结后办理,虚线框为视情形办理的事项。",
                                 st.small), Spacer(1, 1.5 * mm),
                            ItemFlowChart(guide.items, guide.applicable, w)])]

    if guide.questions:
        widths = [9 * mm, 66 * mm, 60 * mm]
        widths.append(w - sum(widths))
        rows = [(n, q.text, "、".join(q.options) or "按实际填写", q.default or "—")
                for n, q in enumerate(guide.questions, 1)]
        story += [*heading(f"{next(numbers)}、办理情形(窗口情景问答)"),
                  text("窗口工作人员将询问下列问题,根据回答确定需要办理的事项和材料。"
                       "下文材料清单按“通常情形”列出。", st.small), Spacer(1, 1 * mm),
                  grid(("序号", "问题", "可选答案", "通常情形"), rows, widths, st,
                       center=(0,))]

    widths = [9 * mm, 36 * mm, 22 * mm, 21 * mm, 9 * mm, 10 * mm, 34 * mm]
    widths.append(w - sum(widths))
    rows = []
    for n, m in enumerate(guide.materials, 1):
        note = m.how_to_get or "申请人自备"
        if m.missing_allowed_days:
            note += f";可容缺受理,{m.missing_allowed_days}个工作日内补交"
        rows.append((n, m.name, m.issuer, m.form, m.copies, m.format,
                     "\n".join(m.exemptions) or "—", note))
    materials_section = next(numbers)
    story += [*heading(f"{materials_section}、申请材料(通常情形,共{len(guide.materials)}项)"),
              grid(("序号", "材料名称", "出具单位", "原件/复印件", "份数", "载体", "免交途径",
                    "获取方式及说明"), rows, widths, st, center=(0, 3, 4, 5)),
              Spacer(1, 1 * mm),
              text("注:申请人持有相应电子证照、可经网络核验或由本次办结事项共享取得的材料,"
                   "无需提交纸质材料;代办的,另需提交授权委托书和代办人居民身份证。", st.small)]

    story += [*heading(f"{next(numbers)}、收费标准"), fees_table(guide.fees, w, st)]

    widths = [9 * mm, w * 0.5]
    widths.append(w - sum(widths))
    rows = [(n, o.name, o.item_name) for n, o in enumerate(guide.outputs, 1)]
    story += [*heading(f"{next(numbers)}、办理结果及送达方式"),
              grid(("序号", "办理结果", "所属事项"), rows, widths, st, center=(0,)),
              Spacer(1, 1 * mm),
              text("送达方式:" + "、".join(guide.delivery_options)
                   + "。办理结果由统一出件窗口集中发放,申请人凭取件凭证领取。", st.body)]

    story += [Spacer(1, 4 * mm),
              text(f"本指南依据事项目录(版本 {guide.catalog_version[:12] or '—'})生成,"
                   "以窗口最新告知为准。", st.small)]
    frame = PageFrame(TITLE, guide.one_thing_name, hall.header,
                      f"{guide.printed_at:%Y-%m-%d %H:%M}", reprint)
    return build_a4(story, frame, title=f"{TITLE} {guide.one_thing_name}",
                    author=hall.hall_name)
