"""Messages of the awards, annual, waive-self and interview commands."""

MESSAGES = {
    "cli.self_waived": (
        "Self-assessment of {employee_id} for {period} waived.",
        "已豁免 {employee_id} {period} 的自评。",
    ),
    "cli.interview_recorded": (
        "Performance interview of {employee_id} for {period} recorded.",
        "已记录 {employee_id} {period} 的绩效面谈。",
    ),
}
