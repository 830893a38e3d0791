"""UI strings of the month's awards line and the annual year-to-date display (SPEC §5, §8)."""

MESSAGES = {
    "ui.awards.title": ("Awards this month", "本月奖项"),
    "ui.awards.title_projected": ("Awards this month (projected)", "本月奖项（预计）"),
    "ui.awards.projected_help": (
        "The month is still running: these are the leaders so far, not the result.",
        "本月尚未结束：以下为目前领先者，并非最终结果。",
    ),
    "ui.awards.none": ("nobody qualified", "暂无人符合条件"),
    "ui.annual.employed": ("Months employed", "在职月数"),
    "ui.annual.status": ("Status", "状态"),
    "ui.annual.status.final": ("Final", "最终"),
    "ui.annual.status.year_to_date": ("Year to date", "年初至今"),
    "ui.annual.ytd_badge": ("Year to date", "年初至今"),
    "ui.annual.ytd_note": (
        "{count} people have months not finalised yet: their figures are year to date and "
        "carry no annual award until every month employed is finalised and the year is over.",
        "{count} 人仍有未定稿的月份：其数据为年初至今，在所有在职月份定稿且年度结束前不标记年度奖励。",
    ),
}
