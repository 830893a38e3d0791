"""The UI's strings about stored results."""

MESSAGES = {
    "ui.upload.updating_results": (
        "Updating the results of {period}…",
        "正在更新 {period} 的结果…",
    ),
}
