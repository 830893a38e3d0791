"""UI strings of issue 13's file and import half (upload stewards)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "ui.upload.others_changed": (
        "This file replaces rows already stored for other people (rows per person): {people}. "
        "The import log and audit trail will record this.",
        "此文件将替换其他人已有的数据（每人行数）：{people}。导入日志和审计记录会保存这一点。",
    ),
}
