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
    "ui.col.waiting": ("Waiting for", "待完成"),
}
