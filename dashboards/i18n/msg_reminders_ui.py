"""UI strings of the reminders: HR's remind button and log, the admin's webhook form."""

MESSAGES = {
    "ui.remind.button": (
        "Remind {count} people of due steps",
        "提醒 {count} 人处理即将到期或逾期的步骤",
    ),
    "ui.remind.help": (
        "Self-assessments, reviews and performance interviews due within 2 days or overdue:"
        " one e-mail and/or group-robot message per person and step, at most once a day;"
        " failed sends are retried on the next click or daily run.",
        "2 天内到期或已逾期的自评、上级评估和绩效面谈：每人每个步骤发送一封邮件和/或一条群机器人消息，"
        "每天最多一次；发送失败的会在下次点击或每日运行时重试。",
    ),
    "ui.remind.result": ("{sent} reminders sent.", "已发送 {sent} 条提醒。"),
    "ui.remind.result_failed": (
        "{sent} reminders sent, {failed} failed (listed below; retried next time).",
        "已发送 {sent} 条提醒，{failed} 条失败（见下方列表，下次重试）。",
    ),
    "ui.remind.result_none": (
        "Everyone due was already reminded today.",
        "今天已提醒过所有需要提醒的人。",
    ),
    "ui.remind.failed_title": ("Failed reminders ({count})", "发送失败的提醒（{count}）"),
    "ui.remind.day": ("Day", "日期"),
    "ui.remind.step": ("Step", "步骤"),
    "ui.remind.channel": ("Channel", "渠道"),
    "ui.remind.channel.email": ("E-mail", "邮件"),
    "ui.remind.channel.webhook": ("Group robot", "群机器人"),
    "ui.remind.attempts": ("Attempts", "尝试次数"),
    "ui.remind.error": ("Error", "错误"),
    "ui.remind.webhook_title": ("Reminders: group robot", "提醒：群机器人"),
    "ui.remind.webhook_help": (
        "HR's reminders are also posted to this group chat robot. E-mail is set up on the"
        " server (KPI_SMTP_HOST …). Leave the URL empty to remove the robot.",
        "人力资源发出的提醒也会发送到这个群聊机器人。邮件在服务器上设置（KPI_SMTP_HOST 等）。"
        "地址留空即删除机器人。",
    ),
    "ui.remind.webhook_kind": ("Robot", "机器人"),
    "ui.remind.kind.wecom": ("WeCom (企业微信)", "企业微信"),
    "ui.remind.kind.dingtalk": ("DingTalk (钉钉)", "钉钉"),
    "ui.remind.kind.feishu": ("Feishu (飞书)", "飞书"),
    "ui.remind.webhook_url": ("Webhook URL", "Webhook 地址"),
    "ui.remind.webhook_save": ("Save robot", "保存机器人"),
    "ui.remind.webhook_saved": ("Robot saved.", "机器人已保存。"),
}
