"""Messages of periods, policy settings and permissions."""

MESSAGES = {
    "period.invalid": (
        "'{value}' is not a month in the form YYYY-MM.",
        "“{value}”不是 YYYY-MM 格式的月份。",
    ),
    "policy.tiers_empty": (
        "A commission plan needs at least one tier.",
        "提成方案至少需要一个档位。",
    ),
    "policy.tier_rate_negative": (
        "Tier {tier}: the rate cannot be negative.",
        "第 {tier} 档：提成比例不能为负。",
    ),
    "policy.tier_open_not_last": (
        "Tier {tier}: only the last tier may have no upper bound.",
        "第 {tier} 档：只有最后一档可以没有上限。",
    ),
    "policy.tiers_not_ascending": (
        "Tier {tier}: upper bounds must rise from tier to tier (no gaps, no overlaps).",
        "第 {tier} 档：各档上限必须逐档递增（不得有空档或重叠）。",
    ),
    "policy.tiers_not_open_ended": (
        "The last tier must have no upper bound.",
        "最后一档不能设上限。",
    ),
    "policy.composite_weights": (
        "Composite weights must total 100 (they total {total}).",
        "综合评定权重之和必须为 100（现为 {total}）。",
    ),
    "policy.grades_not_descending": (
        "Grade bands must be listed from the highest minimum score down, each different.",
        "等级区间须按最低分从高到低排列，且互不相同。",
    ),
    "policy.grades_not_covering": (
        "The lowest grade band must start at the lowest possible score.",
        "最低等级区间必须从最低可能得分开始。",
    ),
    "policy.unknown_setting": ("Unknown setting: {name}.", "未知的设置项：{name}。"),
    "policy.bad_value": (
        "Setting {name} cannot take the value '{value}'.",
        "设置项 {name} 不能取值“{value}”。",
    ),
    "permission.import_denied": (
        "You are not allowed to upload {kind} files.",
        "您无权上传“{kind}”类文件。",
    ),
    "permission.denied": (
        "You are not allowed to {action} for {target}.",
        "您无权对 {target} 执行“{action}”。",
    ),
}
