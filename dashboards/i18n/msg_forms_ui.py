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
