"""The running month (SPEC §10) on every page: My month, projected labels, pace and exceptions."""

MESSAGES = {
    "running.my_month": (
        "My month · {period} (running: day {day} of {days})",
        "我的本月 · {period}（进行中：第 {day}/{days} 天）",
    ),
    "running.my_month_final": ("My month · {period} (final)", "我的本月 · {period}（已定稿）"),
    "running.my_month_none": ("My month · {period}", "我的本月 · {period}"),
    "running.not_appraised": (
        "You are not appraised this month, so there is no projection.",
        "您本月不参与考核，因此没有预测。",
    ),
    "running.projected_grade": ("Projected grade · KPI score", "预计等级 · KPI 得分"),
    "running.projected_grade_help": (
        "Each KPI scored on its month-end projection (sums and counts: to date × days employed "
        "÷ days elapsed; rates and averages as they stand), weighted by your template; the "
        "grade is the band of that score.",
        "各指标按月末预测值评分（累计类：至今值 × 在职天数 ÷ 已过天数；比率与平均值按当前值），"
        "再按模板权重加权；等级取该得分所在档位。",
    ),
    "running.projected_bonus": ("Projected bonus", "预计绩效奖金"),
    "running.bonus_help": (
        "Target bonus (prorated by days employed) × the projected grade's % − attendance "
        "deductions recorded so far, never below ¥0.",
        "目标奖金（按在职天数折算）× 预计等级比例 − 截至目前的考勤扣款，最低为 ¥0。",
    ),
    "running.bonus": ("Bonus", "绩效奖金"),
    "running.commission": ("Commission", "提成"),
    "running.commission_to_date": ("Commission to date", "截至目前的提成"),
    "running.projected_value": ("projected {value}", "预计 {value}"),
    "running.commission_help": (
        "Your plan applied to net collected sales (paid − refunded, collected) attributed to "
        "you, excluding strategic accounts (those pay a flat 0.2 %); projected at the same pace.",
        "按您的提成方案计算：归属于您的已回款净销售额（实付 − 退款），不含战略客户（按 0.2% "
        "固定比例）；预计值按同样进度推算。",
    ),
    "running.to_next_grade": (
        "{points} more points of KPI score reach grade {grade}.",
        "KPI 得分再提高 {points} 分可达 {grade} 级。",
    ),
    "running.to_next_tier": (
        "{amount} more collected sales reach the {rate} commission tier.",
        "再回款 {amount} 销售额可进入 {rate} 提成档。",
    ),
    "running.assumes_reviews": (
        "A projection at the current pace, not a result: it assumes your self-assessment and "
        "your supervisor's review agree with the data.",
        "这是按当前进度的预测，并非结果：假设自评与上级评估与数据一致。",
    ),
    "running.card_projection": (
        "Projected month-end {value} → score {score} (pace over {day} of {days} days)",
        "预计月末 {value} → 得分 {score}（按 {day}/{days} 天的进度）",
    ),
    "running.col.grade": ("Projected grade", "预计等级"),
    "running.col.final_score": ("Projected KPI score", "预计 KPI 得分"),
    "running.col.final": ("Projected KPI score", "预计 KPI 得分"),
    "running.col.bonus_pct": ("Projected bonus %", "预计奖金比例"),
    "running.col.bonus": ("Projected bonus", "预计奖金"),
    "running.col.mean_score": ("Mean projected KPI score", "预计 KPI 平均分"),
    "running.col.rank": ("Projected rank", "预计排名"),
    "running.director.grades_title": (
        "Projected grade distribution, {month} (running)",
        "{month} 预计等级分布（进行中）",
    ),
    "running.director.teams": ("Teams (projected)", "团队排名（预计）"),
    "running.director.people": ("Employees (projected ranking)", "员工排名（预计）"),
    "running.director.people_note": (
        "The month is still running: the ranking is by projected KPI score (sums and counts at "
        "their month-end pace); it assumes the reviews agree with the data. Not a result.",
        "本月尚未结束：按预计 KPI 得分排名（累计类指标按月末进度推算），假设评估与数据一致，并非结果。",
    ),
    "running.status": ("Projected", "预计"),
    "running.hr_note": (
        "{month} is still running: grades and bonuses below are projected from the data at the "
        "current pace, assuming the reviews agree with it.",
        "{month} 尚未结束：以下等级与奖金按当前进度由数据推算，假设评估与数据一致。",
    ),
    "running.to_date": ("To date", "截至目前"),
    "running.exc.title": ("Needs attention · {month}", "需要关注 · {month}"),
    "running.exc.kind": ("What", "事项"),
    "running.exc.detail": ("Detail", "详情"),
    "running.exc.none": ("Nothing needs attention.", "暂无需要关注的事项。"),
    "running.exc.off_pace": ("Off pace", "进度落后"),
    "running.exc.off_pace_help": (
        "Appraised people whose projected KPI score (this month at the current pace) is below "
        "grade C's edge.",
        "按当前进度，预计 KPI 得分低于 C 级下限的考核人员。",
    ),
    "running.exc.off_pace_detail": (
        "projected KPI score {score} → grade {grade}",
        "预计 KPI 得分 {score} → {grade} 级",
    ),
    "running.exc.overdue_steps": ("Overdue appraisal steps", "逾期的考核步骤"),
    "running.exc.overdue_steps_help": (
        "Self-assessments and reviews of the month being appraised that missed their deadline.",
        "正在考核月份中超过截止日期的自评和上级评估。",
    ),
    "running.exc.late_self_assessment": (
        "self-assessment of {month} overdue",
        "{month} 自评已逾期",
    ),
    "running.exc.late_review": ("review of {month} overdue", "{month} 上级评估已逾期"),
    "running.exc.complaints": ("Complaints past SLA", "超时未结投诉"),
    "running.exc.complaints_help": (
        "Complaints of this month still unresolved after the complaint SLA.",
        "本月超过投诉处理时限仍未解决的投诉。",
    ),
    "running.exc.complaint_detail": (
        "ticket {ticket}, open since {since}",
        "工单 {ticket}，自 {since} 起未解决",
    ),
    "running.exc.late_tasks": ("Late design tasks", "逾期设计任务"),
    "running.exc.late_tasks_help": (
        "Design tasks due this month, past their due day and not delivered.",
        "本月到期、已过截止日仍未交付的设计任务。",
    ),
    "running.exc.task_detail": (
        "task {task}, due {due}, {days} days late",
        "任务 {task}，{due} 到期，已逾期 {days} 天",
    ),
    "running.exc.open_person": ("Open a person's page", "打开员工页面"),
    "running.exc.open": ("Open", "打开"),
    "running.pace.title": ("Targets against pace", "目标与进度"),
    "running.pace.note": (
        "Each team's sums and counts: to date, at month end at the current pace (to date × days "
        "in month ÷ days elapsed, per person over their own days), and the team's targets "
        "(prorated for joiners and leavers). Lowest share of target first.",
        "各团队累计类指标：截至目前、按当前进度推算的月末值（每人按各自天数推算）以及团队目标"
        "（入离职人员按天折算）。按目标达成比例从低到高排列。",
    ),
    "running.pace.projected": ("Projected month end", "预计月末"),
    "running.pace.share": ("Projected % of target", "预计目标达成"),
    "running.pace.share_help": (
        "Σ projected ÷ Σ target over the team's people with a target for the KPI.",
        "团队中有该指标目标的人员：Σ 预计值 ÷ Σ 目标。",
    ),
    "running.kpi_score_to_date": ("KPI score to date", "截至目前的 KPI 得分"),
    "running.design.due": (
        "Tasks due this month = on time + late + overdue + not yet due.",
        "本月到期任务 = 按时 + 延迟 + 逾期 + 未到期。",
    ),
    "running.design.delivered": (
        "Tasks delivered this month, whatever their due day (quality and revisions are over these).",
        "本月交付的任务（不论到期日），质量与修改轮次按这些任务计算。",
    ),
    "running.design.on_time": (
        "Due this month and delivered on or before the due day.",
        "本月到期且在到期日当天或之前交付。",
    ),
    "running.design.late": (
        "Due this month, delivered after the due day.",
        "本月到期，晚于到期日交付。",
    ),
    "running.design.overdue": (
        "Due this month, past the due day and not delivered (counted late).",
        "本月到期、已过到期日且未交付（计为延迟）。",
    ),
    "running.design.open": (
        "Due later this month and not delivered yet: not counted in the on-time rate yet.",
        "本月稍后到期、尚未交付：暂不计入按时率。",
    ),
    "running.def.store_sales": (
        "Store sales include orders attributed to no employee, so they exceed the sum of the "
        "sellers' net sales.",
        "店铺销售额包含未归属任何员工的订单，因此大于销售人员净销售额之和。",
    ),
    "running.def.net_sales": (
        "Net sales of orders placed this month (paid − refunded), collected or not; commission "
        "is paid on collected net sales excluding strategic accounts.",
        "本月下单订单的净销售额（实付 − 退款），不论是否回款；提成按已回款、不含战略客户的净销售额计算。",
    ),
    "running.top_grade": (
        "At this pace you reach the top grade, {grade}.",
        "按当前进度可达最高等级 {grade}。",
    ),
}
