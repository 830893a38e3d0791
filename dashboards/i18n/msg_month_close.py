"""HR's month close: checklist, payroll preview, closing the run (SPEC §11)."""

MESSAGES = {
    "ui.hr.tab_close": ("Month close & payroll", "月结与工资"),
    "ui.close.people_paid": ("People paid", "发放人数"),
    "ui.close.separator": (", ", "，"),
    "ui.close.people_line": ("{count} people on the payroll", "工资表共 {count} 人"),
    "ui.close.col_adjustments": ("Adjustments", "调整"),
    "ui.close.col_total": ("Total", "合计"),
    "ui.close.col_absent": ("Absent days", "缺勤天数"),
    "ui.close.bonus": ("Bonus", "绩效奖金"),
    "ui.close.budget_left": ("{amount} left in the budget", "预算剩余 {amount}"),
    "ui.close.budget": ("Bonus budget {amount}", "奖金预算 {amount}"),
    "ui.close.adjustments": ("Bonus adjustments", "奖金调整"),
    "ui.close.commission": ("Commission", "提成"),
    "ui.close.total": ("Total to pay", "应发合计"),
    "ui.close.closed": (
        "The payroll of {period} is closed: it shows what was paid and never changes. Corrections appear on the next month's run.",
        "{period} 的工资已结账：此处显示已发放的金额，不会再改动。更正会出现在下月的发放中。",
    ),
    "ui.close.checklist": ("Before closing", "结账前检查"),
    "ui.close.item_not_finalised": (
        "{count} appraisals not finalised ({states}): no bonus for them this run",
        "{count} 份考核未定稿（{states}）：本次不发其奖金",
    ),
    "ui.close.item_interviews": (
        "{count} grade E without the interview record",
        "{count} 人评为 E 但缺少面谈记录",
    ),
    "ui.close.item_dismissal": (
        "{count} open dismissal reviews (absences)",
        "{count} 项待处理的解除劳动合同审查（旷工）",
    ),
    "ui.close.item_sales_floor": (
        "{count} below the quarterly sales floor",
        "{count} 人低于季度销售底线",
    ),
    "ui.close.item_imports": (
        "{count} imports after the month's appraisals were opened (consider re-applying the rules)",
        "考核开启后有 {count} 次导入（可考虑重新套用规则）",
    ),
    "ui.close.preview": ("Payroll preview", "工资表预览"),
    "ui.close.sheet_paid": ("Payroll as paid", "已发放的工资表"),
    "ui.close.total_paid": ("Total paid", "实发合计"),
    "ui.close.adjustment_lines": (
        "Adjustments of earlier months ({count})",
        "以前月份的调整（{count} 条）",
    ),
    "ui.close.button": ("Close payroll (mark paid)…", "结账（标记为已发放）…"),
    "ui.close.confirm_text": (
        "Close the payroll of **{period}**? This records what is paid and cannot be undone:\n\n"
        "- {people} people\n- bonus {bonus}\n- bonus adjustments {adjustments}\n"
        "- commission {commission}\n- **total {total}**",
        "确认结账 **{period}**？将记录实际发放金额，且不可撤销：\n\n"
        "- {people} 人\n- 绩效奖金 {bonus}\n- 奖金调整 {adjustments}\n"
        "- 提成 {commission}\n- **合计 {total}**",
    ),
    "ui.close.confirm_waiting": (
        "{waiting} appraisals are not finalised: their bonus will come as an adjustment on a later run once finalised.",
        "{waiting} 份考核未定稿：定稿后其奖金将在以后的发放中作为调整发放。",
    ),
    "ui.close.confirm": ("Yes, close and mark paid", "确认结账并标记为已发放"),
    "ui.close.done": ("Payroll {period} closed.", "{period} 工资已结账。"),
    "ui.close.runs": ("Closed payroll runs", "已结账的工资"),
    "ui.close.closed_at": ("Closed at", "结账时间"),
    "ui.close.closed_by": ("Closed by", "结账人"),
}
