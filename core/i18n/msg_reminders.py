"""Messages of the appraisal reminders (SPEC §11): the e-mails and robot texts, and the CLI."""

MESSAGES = {
    "remind.subject.self_assessment": (
        "KPI Suite: your self-assessment for {period} is due {due}",
        "KPI Suite：{period} 自评截止日期 {due}",
    ),
    "remind.subject.review": (
        "KPI Suite: reviews for {period} are due {due}",
        "KPI Suite：{period} 上级评估截止日期 {due}",
    ),
    "remind.subject.interview": (
        "KPI Suite: performance interview for {period} is due {due}",
        "KPI Suite：{period} 绩效面谈截止日期 {due}",
    ),
    "remind.body.self_assessment": (
        "{name}: please submit your self-assessment for {period} by {due}.",
        "{name}：请在 {due} 前提交 {period} 的自评。",
    ),
    "remind.body.review": (
        "{name}: please review {who} for {period} by {due}.",
        "{name}：请在 {due} 前完成 {who} 的 {period} 上级评估。",
    ),
    "remind.body.interview": (
        "{name}: please hold the performance interview with {who} for {period} by {due}"
        " and send HR the improvement plan.",
        "{name}：请在 {due} 前与 {who} 进行 {period} 的绩效面谈，并将改进计划交给人力资源。",
    ),
    "remind.overdue": ("It is overdue.", "已逾期。"),
    "remind.no_email": ("{name} has no e-mail address.", "{name} 没有电子邮箱地址。"),
    "remind.no_channel": (
        "No reminder channel is set up: set KPI_SMTP_HOST (e-mail) or a group-robot webhook.",
        "尚未设置提醒渠道：请设置 KPI_SMTP_HOST（邮件）或群机器人 Webhook。",
    ),
    "remind.bad_webhook": (
        "The webhook needs an http(s) URL and a kind (wecom, dingtalk or feishu); got '{kind}'.",
        "Webhook 需要 http(s) 地址和类型（wecom、dingtalk 或 feishu），当前为“{kind}”。",
    ),
    "remind.step.self_assessment": ("self-assessment", "自评"),
    "remind.step.review": ("review", "上级评估"),
    "remind.step.interview": ("performance interview", "绩效面谈"),
    "cli.remind_sent": (
        "sent {channel} to {name} ({target}): {step} for {period}, due {due}",
        "已通过 {channel} 发送给 {name}（{target}）：{period} {step}，截止 {due}",
    ),
    "cli.remind_failed": (
        "FAILED {channel} to {name} ({target}): {step} for {period}: {error} (retried next run)",
        "发送失败 {channel} → {name}（{target}）：{period} {step}：{error}（下次运行时重试）",
    ),
    "cli.remind_none": (
        "Nothing to send for {period} today.",
        "今天 {period} 没有需要发送的提醒。",
    ),
}
