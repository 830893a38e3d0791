"""UI strings of the appraisal forms: submit confirmation and late labels."""

MESSAGES = {
    "ui.forms.submitted_late": (
        "Submitted late (due by {day})",
        "逾期提交（截止日期 {day}）",
    ),
    "ui.forms.overdue": ("Overdue (due by {day})", "已逾期（截止日期 {day}）"),
    "ui.forms.confirm_submit": ("Yes, submit", "确认提交"),
    "ui.forms.keep_editing": ("Keep editing", "继续修改"),
    "ui.forms.confirm_self": (
        "Submit your self-assessment? Once submitted it cannot be changed, and your supervisor"
        " will see it.",
        "确认提交自评？提交后将无法修改，并且上级可以看到。",
    ),
}
MESSAGES.update(
    {
        "ui.forms.template_target_help": (
            "In the unit shown beside it: rates in % (95 = 95 %, as in the target override),"
            " money in ¥, times in seconds or days.",
            "按旁边显示的单位填写：比率填百分数（95 = 95%，与单独设定目标一致），金额单位为元，"
            "时长单位为秒或天。",
        ),
        "ui.forms.unit": ("Unit", "单位"),
        "ui.forms.unit.rate": ("%", "%"),
        "ui.forms.unit.money": ("¥", "元"),
        "ui.forms.unit.seconds": ("seconds", "秒"),
        "ui.forms.unit.days": ("days", "天"),
        "ui.forms.unit.count": ("count", "个数"),
        "ui.forms.unit.score": ("score", "分"),
        "ui.forms.unit.rounds": ("rounds", "轮"),
    }
)
