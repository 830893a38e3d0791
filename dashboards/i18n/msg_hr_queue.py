"""HR's board as a work queue: open, step through and finalise a selection."""

MESSAGES = {
    "ui.hr.finalise_selected": ("Finalise selected ({count})", "定稿所选（{count}）"),
    "ui.hr.finalise_selected_help": (
        "Finalises the ticked appraisals that are complete; the others are listed with the reason.",
        "定稿已勾选且完整的考核；其余的会列出原因。",
    ),
    "ui.hr.open_appraisal": ("Open appraisal", "打开的考核"),
    "ui.hr.open_help": (
        "Click a row of the board to open it here; Previous and Next follow the board's order and filters.",
        "点击上表某行即在此打开；“上一位”“下一位”按表格当前顺序与筛选切换。",
    ),
    "ui.hr.previous": ("Previous", "上一位"),
    "ui.hr.next": ("Next", "下一位"),
    "ui.hr.waiting_for": ("Waiting for: {step}", "待完成：{step}"),
    "ui.hr.tab_plans": ("Commission plans", "提成方案"),
    "ui.plans.note": (
        "Without an assignment a person is paid monthly on the marginal plan. A plan applies from its month on; months already paid keep theirs.",
        "未指定方案的人员按月度超额累进计提成。方案自所选月份起生效；已发放的月份保持原方案。",
    ),
    "ui.plans.none": (
        "Everyone is on the default monthly plan (marginal).",
        "所有人均按默认月度方案（超额累进）。",
    ),
    "ui.plans.plan": ("Plan", "方案"),
    "ui.plans.mode": ("Mode", "方式"),
    "ui.plans.since": ("From month", "起始月份"),
    "ui.plans.plan_monthly": ("Monthly", "月度"),
    "ui.plans.plan_quarterly": (
        "Quarterly (paid in the quarter's last month)",
        "季度（季末月发放）",
    ),
    "ui.plans.mode_marginal": ("Marginal (each slice at its rate)", "超额累进"),
    "ui.plans.mode_whole": ("Whole amount at the top tier's rate", "全额累进"),
    "ui.plans.save": ("Save plan", "保存方案"),
    "ui.plans.saved": ("Commission plan saved for {name}.", "已保存 {name} 的提成方案。"),
    "ui.col.stage": ("Stage", "进度"),
    "ui.hr.stage_help": (
        "What the appraisal waits for; the appraisal opened below says who must act.",
        "该考核在等待的环节；下方打开的考核会写明由谁处理。",
    ),
    "ui.hr.stage.self_assessment_and_review": ("Awaiting self-assessment", "待自评"),
    "ui.hr.stage.review": ("Awaiting review", "待上级评估"),
    "ui.hr.stage.data": ("Awaiting KPI data", "待补 KPI 数据"),
    "ui.hr.stage.interview": ("Awaiting interview", "待面谈记录"),
    "ui.hr.stage.finalise": ("Ready to finalise", "可定稿"),
    "ui.hr.stage.finalised": ("Finalised", "已定稿"),
}
