"""Messages of incentives: commission statements, awards, HR flags and the annual roll-up.

Keys start with `incentives.` so no other area's catalogue can clash with them.
"""

MESSAGES = {
    # errors a user (or a bad upload) can cause
    "incentives.bad_amount": (
        "'{value}' is not a valid money amount.",
        "“{value}”不是有效的金额。",
    ),
    "incentives.bad_mode": (
        "Commission mode must be 'marginal' or 'whole', not '{mode}'.",
        "提成方式必须是“超额累进”（marginal）或“全额累进”（whole），而不是“{mode}”。",
    ),
    "incentives.not_quarter_end": (
        "{period} is not the last month of a quarter.",
        "{period} 不是季度的最后一个月。",
    ),
    "incentives.missing_column": (
        "The {frame} data lacks the column '{column}'.",
        "{frame} 数据缺少“{column}”列。",
    ),
    "incentives.missing_paid_amount": (
        "Order {order_id} has no paid amount, so its commission cannot be computed.",
        "订单 {order_id} 没有实付金额，无法计算提成。",
    ),
    "incentives.duplicate_month": (
        "Employee {employee_id} has more than one result for {period}.",
        "员工 {employee_id} 在 {period} 有多条考核结果。",
    ),
    "incentives.missing_final_score": (
        "The finalised appraisal of {employee_id} for {period} has no final score.",
        "员工 {employee_id} 在 {period} 已定稿的考核没有最终得分。",
    ),
    # statement line kinds
    "incentives.kind.tier": ("Tier commission", "阶梯提成"),
    "incentives.kind.strategic": ("Strategic accounts (flat rate)", "战略客户（固定比例）"),
    "incentives.kind.clawback": (
        "Adjustment for {period} (recomputed)",
        "{period} 提成调整（重新核算）",
    ),
    # awards
    "incentives.award.sales_star": ("Sales Star", "销售之星"),
    "incentives.award.service_star": ("Service Star", "客户服务标兵"),
    "incentives.award.best_designer": ("Best Designer", "最佳设计师"),
    "incentives.award.annual": ("Annual award", "年度奖励"),
    "incentives.award.none": ("Nobody qualified this month.", "本月无人符合评选条件。"),
    # HR flags (SPEC §8)
    "incentives.flag.interview_required": (
        "Performance interview required",
        "需进行绩效面谈",
    ),
    "incentives.flag.dismissal_review": ("Dismissal review", "需审查是否解除劳动合同"),
    "incentives.flag.sales_floor": ("Below the quarterly sales floor", "低于季度销售底线"),
    "incentives.flag.late_self_assessment": ("Self-assessment late", "自评逾期"),
    "incentives.flag.late_review": ("Supervisor review late", "上级评估逾期"),
    "incentives.flag.incomplete": ("Incomplete appraisal", "考核不完整"),
}
