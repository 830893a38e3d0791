"""Messages of templates, band tables, scoring, the appraisal cycle and attendance.

Owned by the appraisal area; keys start with `appraisal.` so they never clash with others.
"""

MESSAGES = {
    # templates (SPEC §4)
    "appraisal.template_empty": (
        "The template has no rows.",
        "模板没有任何行。",
    ),
    "appraisal.template_unknown_role": (
        "Row {row}: '{role}' is not a role (director, ops, cs, designer, sales, hr, admin).",
        "第 {row} 行：“{role}”不是有效角色（director、ops、cs、designer、sales、hr、admin）。",
    ),
    "appraisal.template_unknown_kpi": (
        "Row {row}: '{kpi}' is not a KPI of the catalogue.",
        "第 {row} 行：“{kpi}”不是指标库中的指标。",
    ),
    "appraisal.template_kpi_not_for_role": (
        "Row {row}: KPI {kpi} does not apply to role {role}.",
        "第 {row} 行：指标 {kpi} 不适用于角色 {role}。",
    ),
    "appraisal.template_duplicate_kpi": (
        "Row {row}: KPI {kpi} appears more than once in the template of role {role}.",
        "第 {row} 行：指标 {kpi} 在角色 {role} 的模板中重复出现。",
    ),
    "appraisal.template_weight_invalid": (
        "Row {row}: the weight of {kpi} must be a number from 0 to 100.",
        "第 {row} 行：{kpi} 的权重必须是 0 到 100 之间的数字。",
    ),
    "appraisal.template_weights": (
        "The weights of role {role} total {total}; they must total 100.",
        "角色 {role} 的权重合计为 {total}，必须等于 100。",
    ),
    "appraisal.template_method_invalid": (
        "Row {row}: '{method}' is not a scoring method (linear, bands, manual).",
        "第 {row} 行：“{method}”不是有效的计分方法（linear、bands、manual）。",
    ),
    "appraisal.template_manual_only": (
        "Row {row}: {kpi} is scored by people, so its method must be manual.",
        "第 {row} 行：{kpi} 由人工评分，计分方法必须为 manual。",
    ),
    "appraisal.template_value_invalid": (
        "Row {row}: '{value}' in column {column} is not a number.",
        "第 {row} 行：{column} 列的“{value}”不是数字。",
    ),
    "appraisal.template_cap_invalid": (
        "Row {row}: the cap of {kpi} must be between 100 and 1000.",
        "第 {row} 行：{kpi} 的得分上限必须在 100 到 1000 之间。",
    ),
    "appraisal.template_target_missing": (
        "Row {row}: {kpi} is scored from data and needs a target.",
        "第 {row} 行：{kpi} 按数据计分，必须填写目标值。",
    ),
    "appraisal.template_target_not_positive": (
        "Row {row}: the target of {kpi} must be greater than 0 for linear scoring.",
        "第 {row} 行：线性计分时 {kpi} 的目标值必须大于 0。",
    ),
    "appraisal.template_bands_missing": (
        "Row {row}: {kpi} uses band scoring but has no band table (e.g. 0.98=100;0.95=80;else=0).",
        "第 {row} 行：{kpi} 使用分档计分，但未填写分档表（例如 0.98=100;0.95=80;else=0）。",
    ),
    "appraisal.template_bands_unused": (
        "Row {row}: {kpi} has a band table but its method is {method}; set the method to bands or clear the table.",
        "第 {row} 行：{kpi} 填写了分档表，但计分方法为 {method}；请将方法设为 bands 或清空分档表。",
    ),
    # band tables
    "appraisal.bands_unparsable": (
        "Band table '{text}' cannot be read at '{part}'. Write threshold=score rows separated by ';', e.g. 0.98=100;0.95=80;else=0.",
        "无法识别分档表“{text}”中的“{part}”。请按“阈值=得分”书写，各档用“;”分隔，例如 0.98=100;0.95=80;else=0。",
    ),
    "appraisal.bands_else_not_last": (
        "Band table '{text}': the else row must come last.",
        "分档表“{text}”：else 档必须放在最后。",
    ),
    "appraisal.bands_order": (
        "Band table '{text}': list thresholds from the most to the least demanding, each different.",
        "分档表“{text}”：阈值须从要求最高到最低排列，且互不相同。",
    ),
    "appraisal.bands_scores": (
        "Band table '{text}': a less demanding row cannot score more than a more demanding one.",
        "分档表“{text}”：要求较低的档位得分不能高于要求较高的档位。",
    ),
    "appraisal.bands_score_range": (
        "Band table '{text}': every score must be between 0 and the cap {cap}.",
        "分档表“{text}”：每档得分必须在 0 到上限 {cap} 之间。",
    ),
    # appraisal cycle (SPEC §2)
    "appraisal.state_open": ("Open", "待自评"),
    "appraisal.state_self_submitted": ("Self-assessment submitted", "已自评"),
    "appraisal.state_reviewed": ("Reviewed", "已评估"),
    "appraisal.state_finalised": ("Finalised", "已定稿"),
    "appraisal.unknown_state": (
        "'{state}' is not an appraisal state.",
        "“{state}”不是有效的考核状态。",
    ),
    "appraisal.unknown_action": (
        "'{action}' is not an appraisal action.",
        "“{action}”不是有效的考核操作。",
    ),
    "appraisal.illegal_transition": (
        "An appraisal that is '{state}' does not allow '{action}'.",
        "处于“{state}”状态的考核不允许执行“{action}”。",
    ),
    "appraisal.finalise_state": (
        "Only a reviewed appraisal that is not yet final can be finalised.",
        "只有已完成上级评估且尚未定稿的考核才能定稿。",
    ),
    "appraisal.finalise_review_missing": (
        "The supervisor's review is missing, so the appraisal cannot be finalised.",
        "缺少上级评估，无法定稿。",
    ),
    "appraisal.finalise_self_missing": (
        "The self-assessment is missing; HR may waive it with a reason before finalising.",
        "缺少员工自评；人力资源可填写理由豁免后再定稿。",
    ),
    "appraisal.finalise_data_incomplete": (
        "Less than half of the template's KPI weight has data this month; upload the missing data or re-apply the rules.",
        "本月有数据的指标权重不足模板的一半；请补传数据或重新应用规则。",
    ),
    "appraisal.finalise_interview_required": (
        "This grade requires a performance interview (绩效面谈) before finalising.",
        "该等级须先进行绩效面谈才能定稿。",
    ),
    "appraisal.finalise_improvement_plan_missing": (
        "This grade requires an improvement plan recorded with the performance interview.",
        "该等级须在绩效面谈中记录改进计划。",
    ),
    "appraisal.flag_incomplete": ("Incomplete", "未完成"),
    "appraisal.flag_interview_required": ("Performance interview required", "需绩效面谈"),
    # attendance (SPEC §6)
    "appraisal.attendance_absent_days": (
        "Attendance of {employee} on {date}: absent days must be 0, 0.5 or 1 (found {value}).",
        "{employee} 在 {date} 的考勤：旷工天数只能为 0、0.5 或 1（实际为 {value}）。",
    ),
    "appraisal.attendance_duplicate": (
        "Attendance of {employee} on {date} appears more than once.",
        "{employee} 在 {date} 的考勤记录重复。",
    ),
}
