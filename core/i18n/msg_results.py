"""Messages of the stored results: filling them and checking them against the records."""

MESSAGES = {
    "cli.verify_difference": (
        "{period} {part}: {detail}",
        "{period} {part}：{detail}",
    ),
    "cli.verify_failed": (
        "{count} differences between the stored results and a recompute from the records.",
        "存储的结果与按原始记录重新计算的结果有 {count} 处不同。",
    ),
    "cli.verify_ok": (
        "Stored results of {count} months match a recompute from the records.",
        "{count} 个月的存储结果与按原始记录重新计算的结果一致。",
    ),
    "cli.results_filling": (
        "Storing the results of {period} ({i}/{n})…",
        "正在存储 {period} 的结果（{i}/{n}）…",
    ),
}
