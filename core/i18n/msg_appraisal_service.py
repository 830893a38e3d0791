"""Messages of the appraisal services (saving, locking, conflicts)."""

MESSAGES = {
    "appraisal.future_period": (
        "{period} has not started yet; appraisals open from the month itself onwards.",
        "{period} 尚未开始，考评最早在当月开启。",
    ),
    "appraisal.none": (
        "{employee_id} has no appraisal for {period} (fewer than the minimum days employed, or no supervisor).",
        "{employee_id} 在 {period} 没有考评（在职天数不足或没有上级）。",
    ),
    "appraisal.score_not_number": (
        "{field}: '{value}' is not a number.",
        "{field}：“{value}”不是数字。",
    ),
    "appraisal.score_range": (
        "{field}: scores go from 0 to 100 ('{value}' is outside).",
        "{field}：分数范围为 0–100（“{value}”超出范围）。",
    ),
    "appraisal.unknown_item": (
        "'{item}' is not a manually scored item of this appraisal (items: {allowed}).",
        "“{item}”不是本次考评的人工评分项（可评项：{allowed}）。",
    ),
    "appraisal.unknown_text": ("Unknown text field: {field}.", "未知的文本字段：{field}。"),
    "appraisal.text_too_long": (
        "{field} is longer than {limit} characters.",
        "{field} 超过 {limit} 个字符。",
    ),
    "appraisal.no_employee": (
        "The account {user} is not linked to an employee, so it has no appraisal.",
        "账号 {user} 未关联员工，因此没有考评。",
    ),
    "appraisal.self_locked": (
        "The self-assessment can no longer be changed (the appraisal is {state}).",
        "自评已无法修改（考评状态：{state}）。",
    ),
    "appraisal.review_locked": (
        "The review can no longer be changed (the appraisal is {state}).",
        "上级评估已无法修改（考评状态：{state}）。",
    ),
    "appraisal.reason_required": ("A written reason is required.", "必须填写书面原因。"),
    "appraisal.points_not_number": (
        "Calibration points: '{value}' is not a number.",
        "校准分值：“{value}”不是数字。",
    ),
    "appraisal.points_range": (
        "Calibration points must lie between −120 and 120 ('{value}').",
        "校准分值须在 −120 到 120 之间（“{value}”）。",
    ),
    "appraisal.finalised": (
        "This appraisal is finalised and read-only; HR can reopen it with a reason.",
        "该考评已定稿，只读；人力资源可填写原因后重新开启。",
    ),
    "conflict.changed": (
        "Changed by {who} at {when} while you were editing. Reload to see their version; what you typed is kept below.",
        "在您编辑期间，{who} 于 {when} 修改了此记录。请重新加载查看最新版本；您输入的内容保留在下方。",
    ),
}
