"""Strings of the analytic role pages (director, operations, service, design, sales) and their
charts, in English and Simplified Chinese; every key starts with `roles.`.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # shared layout
    "roles.month": ("Month", "月份"),
    "roles.live": ("live", "进行中"),
    "roles.live_note": (
        "Live month: data up to {day} ({days} of {total} days). Sums and counts are compared "
        "with last month at their month-end projection.",
        "本月进行中：数据截至 {day}（共 {total} 天中的 {days} 天）。累计类指标按当前进度推算到月底后与上月比较。",
    ),
    "roles.vs": ("vs {month}", "较 {month}"),
    "roles.projected_vs": ("pace vs {month}", "按进度较 {month}"),
    "roles.projected_help": (
        "Month-end projection at the current pace: {value}.",
        "按当前进度推算月底为 {value}。",
    ),
    "roles.person": ("Person", "人员"),
    "roles.person_all": ("Everyone in my scope ({count})", "我可查看的全部人员（{count} 人）"),
    "roles.download_png": ("Download PNG", "下载 PNG 图片"),
    "roles.loading": ("Computing the figures…", "正在计算数据…"),
    "roles.final": ("Final", "最终"),
    "roles.provisional": ("Provisional", "暂定"),
    # units (axis titles and deltas)
    "roles.unit.money": ("¥", "元"),
    "roles.unit.rate": ("%", "%"),
    "roles.unit.count": ("count", "个"),
    "roles.unit.seconds": ("s", "秒"),
    "roles.unit.days": ("days", "天"),
    "roles.unit.score": ("points", "分"),
    "roles.unit.rounds": ("rounds", "轮"),
    "roles.unit.pp": ("pp", "百分点"),
    # axes
    "roles.axis.month": ("Month", "月份"),
    "roles.axis.stage": ("Stage", "环节"),
    "roles.axis.people": ("People", "人数"),
    "roles.axis.count": ("Count", "数量"),
    "roles.axis.tickets": ("Tickets", "工单数"),
    "roles.axis.complaints": ("Complaints", "投诉数"),
    "roles.axis.tasks": ("Tasks due", "到期任务数"),
    "roles.axis.first_response_s": ("First response (s)", "首次响应时长（秒）"),
    # table columns
    "roles.col.employee_id": ("ID", "工号"),
    "roles.col.name": ("Name", "姓名"),
    "roles.col.team": ("Team", "团队"),
    "roles.col.role": ("Role", "岗位"),
    "roles.col.people": ("People", "人数"),
    "roles.col.mean_score": ("Mean score", "平均得分"),
    "roles.col.best": ("Best", "最高"),
    "roles.col.lowest": ("Lowest", "最低"),
    "roles.col.finalised": ("Finalised", "已定稿"),
    "roles.col.final_score": ("Final score", "最终得分"),
    "roles.col.kpi_score": ("KPI score", "KPI 得分"),
    "roles.col.composite": ("Composite", "综合得分"),
    "roles.col.grade": ("Grade", "等级"),
    "roles.col.status": ("Status", "状态"),
    "roles.col.state": ("Appraisal state", "考核状态"),
    "roles.col.kpi": ("KPI", "指标"),
    "roles.col.actual": ("Actual", "实际值"),
    "roles.col.target": ("Target", "目标值"),
    "roles.col.score": ("Score", "得分"),
    "roles.col.weight": ("Weight", "权重"),
    "roles.col.method": ("Method", "计分方式"),
    "roles.col.cap": ("Cap", "封顶分"),
    "roles.col.bands": ("Bands", "分档规则"),
    "roles.col.applies_to": ("Applies to", "适用对象"),
    "roles.col.store": ("Store", "店铺"),
    "roles.col.owner": ("Owner", "负责人"),
    "roles.col.previous_sales": ("Last month's sales", "上月销售额"),
    "roles.col.sales_change": ("Change", "增减额"),
    "roles.col.campaign": ("Campaign", "活动"),
    "roles.col.campaign_id": ("Campaign ID", "活动编号"),
    "roles.col.start": ("Start", "开始日期"),
    "roles.col.end": ("End", "结束日期"),
    "roles.col.agent": ("Agent", "客服"),
    "roles.col.tickets": ("Tickets", "工单数"),
    "roles.col.complaints": ("Complaints", "投诉数"),
    "roles.col.open_complaints": ("Open complaints", "未解决投诉"),
    "roles.col.outcome": ("Outcome", "处理结果"),
    "roles.col.ticket": ("Ticket", "工单"),
    "roles.col.created": ("Created", "创建时间"),
    "roles.col.first_response": ("First response", "首次响应"),
    "roles.col.rating": ("Rating", "评分"),
    "roles.col.designer": ("Designer", "设计师"),
    "roles.col.due": ("Due", "到期"),
    "roles.col.delivered": ("Delivered", "已交付"),
    "roles.col.task": ("Task", "任务"),
    "roles.col.due_date": ("Due date", "截止日期"),
    "roles.col.delivered_at": ("Delivered at", "交付时间"),
    "roles.col.days_late": ("Days late", "延误天数"),
    "roles.col.seller": ("Salesperson", "销售人员"),
    "roles.col.sales_month": ("Sales month", "业绩月份"),
    "roles.col.line": ("Line", "明细"),
    "roles.col.base": ("Base", "计提基数"),
    "roles.col.rate": ("Rate", "提成比例"),
    "roles.col.amount": ("Amount", "金额"),
    # scoring methods
    "roles.method.linear": ("Linear", "线性"),
    "roles.method.bands": ("Bands", "分档"),
    "roles.method.manual": ("Manual", "人工评分"),
    # empty states: what to do next
    "roles.empty.no_data": (
        "No data has been uploaded yet. Upload orders, traffic, tickets, design tasks or calls "
        "on the Upload page (or start the demo) and the charts will appear here.",
        "尚未上传任何数据。请在“上传”页面上传订单、流量、工单、设计任务或通话记录（或加载演示数据），图表会显示在这里。",
    ),
    "roles.empty.nobody": (
        "There is nobody in the {role} team you may see. Ask HR to check the employee list.",
        "没有您可查看的{role}人员。请联系人力资源核对员工名单。",
    ),
    "roles.empty.trends": (
        "No data in the twelve months up to {month}. Upload orders, traffic, tickets and design "
        "tasks on the Upload page.",
        "截至 {month} 的十二个月内没有数据。请在“上传”页面上传订单、流量、工单和设计任务。",
    ),
    "roles.empty.appraisals": (
        "No appraisals for {month} yet: nobody was employed long enough with a supervisor, or "
        "the employee list is missing. Upload employees on the Upload page.",
        "{month} 暂无考核：没有在职天数足够且有上级的员工，或尚未上传员工名单。请在“上传”页面上传员工。",
    ),
    "roles.empty.scorecard": (
        "This person has no KPI template. Add one for their role under Templates & targets.",
        "此人员没有 KPI 模板。请在“模板与目标”中为其岗位添加模板。",
    ),
    "roles.empty.targets": (
        "No target overrides for {month}: everyone uses their template's targets.",
        "{month} 没有单独设定的目标，所有人使用模板目标。",
    ),
    "roles.empty.traffic": (
        "No traffic uploaded for {month}. Upload a traffic export (and the stores list that "
        "names each store's owner) on the Upload page.",
        "{month} 尚未上传流量数据。请在“上传”页面上传流量导出文件（以及注明店铺负责人的店铺清单）。",
    ),
    "roles.empty.owners": (
        "No store owner has figures for {month}. Upload the stores list and traffic on the "
        "Upload page.",
        "{month} 没有店铺负责人的数据。请在“上传”页面上传店铺清单和流量数据。",
    ),
    "roles.empty.campaigns": (
        "No campaign ran in {month}. Upload campaigns (with owner and participants) on the "
        "Upload page.",
        "{month} 没有进行中的活动。请在“上传”页面上传活动（含负责人和参与人数）。",
    ),
    "roles.empty.tickets": (
        "No tickets uploaded for {month}. Upload a ticket export on the Upload page.",
        "{month} 尚未上传工单。请在“上传”页面上传工单导出文件。",
    ),
    "roles.empty.ratings": (
        "No rated tickets in {month}, so satisfaction is undefined. Include the rating column "
        "in the ticket export.",
        "{month} 没有带评分的工单，满意度无法计算。请在工单导出中包含评分列。",
    ),
    "roles.empty.complaints": (
        "No complaints in {month}.",
        "{month} 没有投诉。",
    ),
    "roles.empty.tasks": (
        "No design tasks due in {month}. Upload the task list on the Upload page.",
        "{month} 没有到期的设计任务。请在“上传”页面上传任务清单。",
    ),
    "roles.empty.delivered": (
        "Nothing delivered in {month} yet.",
        "{month} 尚无已交付任务。",
    ),
    "roles.empty.orders": (
        "No orders for {month}. Upload an order export on the Upload page.",
        "{month} 没有订单。请在“上传”页面上传订单导出文件。",
    ),
    "roles.empty.calls": (
        "No calls for {month}. Upload the call log on the Upload page.",
        "{month} 没有通话记录。请在“上传”页面上传通话记录。",
    ),
    "roles.empty.commission": (
        "No commission for {month}: no collected orders are attributed to anyone in view. "
        "Upload orders with the salesperson's employee ID.",
        "{month} 没有提成：当前范围内没有已回款且归属到人的订单。请上传带销售人员工号的订单。",
    ),
    # director
    "roles.director.title": ("Department overview", "部门总览"),
    "roles.director.caption": (
        "The e-commerce department at a glance: headline KPIs, trends, ranking, grades and "
        "everyone's scorecard.",
        "电商部一览：核心指标、趋势、排名、等级分布及每个人的绩效卡。",
    ),
    "roles.director.tab_trends": ("Trends", "趋势"),
    "roles.director.tab_ranking": ("Ranking & grades", "排名与等级"),
    "roles.director.tab_scorecard": ("Scorecards", "绩效卡"),
    "roles.director.tab_templates": ("Templates & targets", "模板与目标"),
    "roles.director.trend_title": ("{kpi}, last 12 months", "{kpi}（近 12 个月）"),
    "roles.director.teams": ("Teams", "团队排名"),
    "roles.director.people": ("Employees", "员工排名"),
    "roles.director.people_note": (
        "Scores are provisional until HR finalises the month. A rank describes this month "
        "only; it is never by itself a reason for dismissal.",
        "人力资源定稿前得分均为暂定。排名仅反映本月情况，不能单独作为解除劳动合同的依据。",
    ),
    "roles.director.grades_title": ("Grade distribution, {month}", "{month} 等级分布"),
    "roles.director.guide": ("Guide", "参考比例"),
    "roles.director.guide_note": (
        "Black ticks: the policy's guide distribution, for reference. Forced distribution is "
        "never applied automatically.",
        "黑色刻度为制度中的参考分布，仅供参考，系统不会自动强制分布。",
    ),
    "roles.director.pick_employee": ("Employee", "员工"),
    "roles.director.provisional_note": (
        "Provisional: the self-assessment, the review or enough KPI data is still missing.",
        "暂定：自评、上级评估或足够的 KPI 数据尚未齐全。",
    ),
    # templates and targets
    "roles.template.title": ("KPI templates", "KPI 模板"),
    "roles.template.note": (
        "A role's KPIs, weights (must total 100), targets and scoring methods. Changes apply "
        "to appraisals not opened yet; HR can re-apply the current rules to an open month.",
        "各岗位的指标、权重（合计须为 100）、目标和计分方式。修改只影响尚未开启的考核；人力资源可将现行规则重新应用到未定稿的月份。",
    ),
    "roles.template.target_help": (
        "Rates as fractions (0.95 = 95%), money in ¥, times in seconds.",
        "比率填小数（0.95 = 95%），金额单位为元，时长单位为秒。",
    ),
    "roles.template.bands_help": (
        "Only for the bands method, e.g. 0.95=100;0.9=80;else=0",
        "仅用于分档计分，例如 0.95=100;0.9=80;else=0",
    ),
    "roles.template.total_ok": ("Weights total {total}.", "权重合计 {total}。"),
    "roles.template.total_bad": (
        "Weights total {total}; they must total 100 before you can save.",
        "权重合计为 {total}，须等于 100 才能保存。",
    ),
    "roles.template.save": ("Save template", "保存模板"),
    "roles.template.saved": ("Template for {role} saved.", "{role}模板已保存。"),
    "roles.template.read_only": (
        "Read-only: only the director edits templates.",
        "只读：仅运营总监可修改模板。",
    ),
    "roles.targets.title": ("Target overrides, {month}", "{month} 个人目标"),
    "roles.targets.note": (
        "Targets for a whole month; joiners and leavers get them prorated by days employed. "
        "Rates are typed as percentages.",
        "目标按整月填写，入职或离职人员按在职天数自动折算。比率按百分数填写。",
    ),
    "roles.targets.value": ("Target", "目标值"),
    "roles.targets.value_pct": ("Target (%)", "目标值（%）"),
    "roles.targets.save": ("Set target", "设定目标"),
    "roles.targets.saved": ("Target for {kpi} of {who} saved.", "已保存{who}的{kpi}目标。"),
    "roles.targets.read_only": (
        "Read-only: only the director sets targets.",
        "只读：仅运营总监可设定目标。",
    ),
    # operations
    "roles.ops.title": ("Operations", "运营"),
    "roles.ops.caption": (
        "Traffic, conversion and sales of the stores, and the month's campaigns.",
        "店铺流量、转化与销售，以及本月活动。",
    ),
    "roles.ops.paying_customers": ("Paying customers", "支付买家数"),
    "roles.ops.funnel_title": ("Traffic funnel, {month}", "{month} 流量漏斗"),
    "roles.ops.funnel_subtitle": (
        "Visitors → paying customers (share of visitors)",
        "访客 → 支付买家（占访客比例）",
    ),
    "roles.ops.conversion_title": ("Store conversion by store, {month}", "{month} 各店铺转化率"),
    "roles.ops.growth_title": ("Sales growth by store, {month}", "{month} 各店铺销售额增长率"),
    "roles.ops.sales_title": ("Store sales by store, {month}", "{month} 各店铺销售额"),
    "roles.ops.conversion_trend_title": (
        "Store conversion by store, last 12 months",
        "各店铺转化率（近 12 个月）",
    ),
    "roles.ops.stores": ("Stores", "店铺明细"),
    "roles.ops.change_help": (
        "This month's store sales minus last month's; shown because growth is undefined "
        "when last month had no sales.",
        "本月店铺销售额减上月；上月无销售时增长率无法计算，故同时显示增减额。",
    ),
    "roles.ops.owners": ("By owner", "按负责人"),
    "roles.ops.campaigns": ("Campaigns running in {month}", "{month} 进行中的活动"),
    # customer service
    "roles.cs.title": ("Customer service", "客服"),
    "roles.cs.caption": (
        "Response timeliness, first-response times, complaints and satisfaction by agent.",
        "咨询回复及时率、首次响应时长、投诉处理及各客服满意度。",
    ),
    "roles.cs.sla": (
        "Service levels in force: first response within {response} s · complaints resolved "
        "within {complaint} h · satisfied = rating ≥ {rating} of 5. Admins change them in the "
        "policy settings.",
        "现行服务标准：首次响应 {response} 秒内 · 投诉 {complaint} 小时内解决 · 评分 ≥ {rating}（满分 5）视为满意。管理员可在制度设置中修改。",
    ),
    "roles.cs.histogram_title": ("First-response time, {month}", "{month} 首次响应时长分布"),
    "roles.cs.sla_line": ("SLA {seconds} s", "标准 {seconds} 秒"),
    "roles.cs.histogram_note": (
        "{within} of {total} tickets were answered within the SLA. Responses slower than "
        "{ceiling} s are in the last bar; {unanswered} tickets had no response and count as late.",
        "{total} 张工单中 {within} 张在标准时间内回复。超过 {ceiling} 秒的回复计入最后一栏；{unanswered} 张工单未回复，按超时计算。",
    ),
    "roles.cs.csat_title": ("Customer satisfaction by agent, {month}", "{month} 各客服满意度"),
    "roles.cs.complaints": ("Complaints, {month}", "{month} 投诉"),
    "roles.cs.complaints_title": ("Complaints by agent", "各客服投诉处理"),
    "roles.cs.outcome.resolved_in_sla": ("Resolved within SLA", "按时解决"),
    "roles.cs.outcome.resolved_late": ("Resolved late", "超时解决"),
    "roles.cs.outcome.unresolved": ("Not resolved", "未解决"),
    "roles.cs.open_title": ("Open complaints", "未解决的投诉"),
    "roles.cs.no_open_complaints": ("No open complaints.", "没有未解决的投诉。"),
    "roles.cs.agents": ("By agent", "按客服"),
    "roles.cs.agents_note": (
        "A ticket without any response counts against {kpi}.",
        "未回复的工单计入{kpi}的分母（按超时）。",
    ),
    # design
    "roles.design.title": ("Design", "美工设计"),
    "roles.design.caption": (
        "Tasks due and delivered, on-time delivery, quality and revisions per designer.",
        "各设计师的到期与交付任务、按时交付率、作品质量与修改轮次。",
    ),
    "roles.design.status_title": ("Tasks due in {month} by status", "{month} 到期任务状态"),
    "roles.design.status.on_time": ("On time", "按时"),
    "roles.design.status.late": ("Delivered late", "延期交付"),
    "roles.design.status.overdue": ("Overdue", "已逾期未交付"),
    "roles.design.status.open": ("Not yet due", "未到期"),
    "roles.design.kpi_title": ("{kpi} by designer, {month}", "{month} 各设计师{kpi}"),
    "roles.design.late": ("Late tasks, {month}", "{month} 延误任务"),
    "roles.design.no_late": ("No late tasks in {month}.", "{month} 没有延误任务。"),
    "roles.design.designers": ("By designer", "按设计师"),
    # sales
    "roles.sales.title": ("Sales", "销售"),
    "roles.sales.caption": (
        "Net sales against target, commission with every tier slice, and the telesales funnel.",
        "销售额与目标对比、含各档明细的提成，以及电销漏斗。",
    ),
    "roles.sales.target_title": ("Net sales vs target, {month}", "{month} 销售额与目标"),
    "roles.sales.target_note": (
        "Bars: net sales · black ticks: the month's target (prorated for joiners and leavers)",
        "柱形为销售额 · 黑色刻度为当月目标（入离职人员按在职天数折算）",
    ),
    "roles.sales.target_note_live": (
        "Live month: bars are sales so far, ticks the whole month's target.",
        "本月进行中：柱形为截至目前的销售额，刻度为整月目标。",
    ),
    "roles.sales.funnel_title": ("Telesales funnel, {month}", "{month} 电销漏斗"),
    "roles.sales.funnel_subtitle": (
        "Calls → effective → intent customers → deals (share of calls)",
        "拨打 → 有效沟通 → 意向客户 → 成交（占拨打量比例）",
    ),
    "roles.sales.sellers": ("Sales by person", "个人销售业绩"),
    "roles.sales.commission": ("Commission statement, paid with {month}", "{month} 提成明细"),
    "roles.sales.commission_metric": ("Commission paid with {month}", "{month} 应发提成"),
    "roles.sales.kind.tier": ("Tier commission", "阶梯提成"),
    "roles.sales.total": ("Total", "合计"),
    "roles.sales.commission_note": (
        "Tier slices are exact; each person's payout is their lines' total rounded once to the "
        "cent. Clawback lines restate an earlier month after refunds (negative) or late "
        "orders (positive).",
        "各档金额为精确值；个人提成为各行合计后一次性四舍五入到分。追扣行为退款后重算以前月份的差额（负数），或补发迟到订单（正数）。",
    ),
    "roles.sales.tier_band": ("Tier {lower} – {upper}", "{lower} – {upper} 档"),
    "roles.sales.tier_above": ("Tier above {lower}", "{lower} 以上档"),
    "roles.sales.kind.strategic": ("Strategic accounts (flat rate)", "战略客户（固定比例）"),
    "roles.sales.kind.clawback": ("Clawback / adjustment", "追扣 / 调整"),
    "roles.sales.callers": ("Telesales by person", "个人电销数据"),
}
