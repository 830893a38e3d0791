"""UI strings of the upload page's one-state messages, per-row problems and template button."""

MESSAGES = {
    "ui.upload.template_for": ("Download template: {kind}", "下载模板：{kind}"),
    "ui.upload.problem_rows": (
        "{rows} rows have problems ({cells} cells). Nothing has been written.",
        "{rows} 行有问题（共 {cells} 处），尚未写入任何数据。",
    ),
    "ui.upload.problems_help": (
        "Rows with at least one problem ({cells} problem cells in all).",
        "至少有一个问题的行数（共 {cells} 处问题）。",
    ),
    "ui.upload.cells": ("Cells", "单元格"),
    "ui.upload.problem_rows_label": ("Rows with problems", "有问题的行"),
    "ui.upload.rows_capped": (
        "The first {shown} of {count} rows with problems are shown; the .csv lists them all.",
        "仅显示 {count} 行问题中的前 {shown} 行；.csv 文件列出全部问题。",
    ),
    "ui.upload.imported": ("Imported", "已导入"),
}
