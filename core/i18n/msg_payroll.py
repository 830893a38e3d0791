"""Payroll runs, the pay ledger and the payroll sheet (SPEC §11)."""

MESSAGES = {
    "payroll.closed": ("paid (run closed)", "已发放（已结账）"),
    "payroll.sheet_not_finalised": ("Not finalised", "未定稿"),
    "payroll.title_not_finalised": (
        "Appraisals not finalised — {period}: {count} (no bonus on the payroll)",
        "未定稿的考核 — {period}：{count} 人（工资表上不发奖金）",
    ),
    "payroll.sheet_awards": ("Awards", "月度奖项"),
    "payroll.title_awards": ("Monthly awards — {period}", "月度奖项 — {period}"),
    "col.award": ("Award", "奖项"),
    "payroll.people": ("{count} people", "{count} 人"),
    "payroll.budget": ("Bonus budget", "奖金预算"),
    "payroll.status.finalised": ("Finalised", "已定稿"),
    "payroll.status.not_finalised": ("Not finalised: no bonus", "未定稿：不发奖金"),
    "payroll.status.no_appraisal": ("No appraisal this month", "本月无考核"),
    "payroll.missing.self_assessment_and_review": (
        "Self-assessment and review (employee, supervisor)",
        "自评与上级评估（员工、上级）",
    ),
    "payroll.missing.review": ("Supervisor review (supervisor)", "上级评估（上级）"),
    "payroll.missing.data": ("KPI data missing (data steward)", "缺少 KPI 数据（数据负责人）"),
    "payroll.missing.interview": (
        "Performance interview record (HR)",
        "绩效面谈记录（人力资源）",
    ),
    "payroll.missing.finalise": ("Finalising (HR)", "定稿（人力资源）"),
    "col.bonus_status": ("Bonus status", "奖金状态"),
    "col.bonus_adjustment": ("Bonus adjustments (¥)", "奖金调整（元）"),
    "col.total": ("Total paid (¥)", "实发合计（元）"),
    "col.missing": ("Waiting for", "待完成"),
    "col.origin_period": ("Origin month", "所属月份"),
    "col.category": ("Category", "类别"),
    "col.kind": ("Line", "明细"),
    "col.reason": ("Reason", "原因"),
    "col.base": ("Base (¥)", "基数（元）"),
    "col.amount": ("Amount (¥)", "金额（元）"),
    "ledger.kind.bonus": ("Bonus", "绩效奖金"),
    "ledger.kind.tier": ("Commission (tier plan)", "提成（阶梯）"),
    "ledger.kind.quarterly": ("Commission (quarterly plan)", "提成（季度）"),
    "ledger.kind.strategic": ("Commission (strategic accounts)", "提成（战略客户）"),
    "ledger.kind.clawback": ("Commission adjustment", "提成调整"),
    "ledger.reason.restated": (
        "Month restated (refund or late collection)",
        "月份重算（退款或延迟回款）",
    ),
    "ledger.reason.late_finalisation": ("Finalised after its run", "结账后才定稿"),
    "ledger.reason.reopened": ("Reopened and finalised again", "重新打开后再次定稿"),
    "ledger.reason.opening_balance": ("Paid before the ledger", "账簿启用前已发放"),
    "ledger.bad_plan": (
        "Unknown commission plan {plan}; use one of {allowed}.",
        "未知的提成方案 {plan}；可选：{allowed}。",
    ),
    "ledger.bad_mode": (
        "Unknown commission mode {mode}; use one of {allowed}.",
        "未知的提成方式 {mode}；可选：{allowed}。",
    ),
    "ledger.plan_closed_month": (
        "The payroll of {closed} is closed: a plan can start from the month after it, not {since}.",
        "{closed} 的工资已结账：方案只能从其后的月份开始，不能从 {since} 开始。",
    ),
    "ledger.month_running": (
        "{period} has not ended yet: its payroll can be closed from the 1st of next month.",
        "{period} 尚未结束：下月 1 日起才能结账。",
    ),
    "ledger.run_closed": (
        "The payroll of {period} is already closed; a closed run never changes. Corrections go on the next open run.",
        "{period} 的工资已结账，已结账的记录不会再改动；更正会记入下一次未结账的发放。",
    ),
    "cli.period_required": (
        "Give the month with --period YYYY-MM.",
        "请用 --period YYYY-MM 指定月份。",
    ),
    "cli.out_required": (
        "Give the file to write with --out FILE.xlsx|.csv.",
        "请用 --out 文件.xlsx|.csv 指定输出文件。",
    ),
    "cli.payroll_closed": (
        "Payroll {period} closed: {people} people, bonus ¥{bonus}, bonus adjustments ¥{adjustments}, commission ¥{commission}, total ¥{total}.",
        "{period} 工资已结账：{people} 人，奖金 ¥{bonus}，奖金调整 ¥{adjustments}，提成 ¥{commission}，合计 ¥{total}。",
    ),
    "cli.payroll_totals": (
        "Totals {period}: {people} people, bonus ¥{bonus}, bonus adjustments ¥{adjustments}, commission ¥{commission}, total ¥{total}.",
        "{period} 合计：{people} 人，奖金 ¥{bonus}，奖金调整 ¥{adjustments}，提成 ¥{commission}，合计 ¥{total}。",
    ),
    "cli.payroll_not_finalised": (
        "{count} appraisals are not finalised: no bonus for them on this sheet (see the 'Not finalised' sheet).",
        "{count} 份考核未定稿：本表不发其奖金（见“未定稿”工作表）。",
    ),
    "cli.plan_set": (
        "{employee_id} is paid on the {plan} plan ({mode}) from {since}.",
        "{employee_id} 自 {since} 起按{plan}方案（{mode}）计提成。",
    ),
    "cli.plan_needs_employee": (
        "plans set needs --employee and --plan.",
        "plans set 需要 --employee 和 --plan。",
    ),
}
