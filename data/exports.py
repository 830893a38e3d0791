"""Payroll and scorecard exports: a formatted .xlsx for people and plain .csv for systems.

Text cells that a spreadsheet would run as a formula (= + - @ …) are neutralised in both.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pandas as pd
import xlsxwriter

from core.i18n import t

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

PAYROLL_COLUMNS: list[tuple[str, str]] = [
    ("employee_id", "text"),
    ("name", "text"),
    ("team", "text"),
    ("period", "text"),
    ("kpi_score", "score"),
    ("composite", "score"),
    ("deduction_points", "score"),
    ("deduction_money", "money"),
    ("absent_days", "days"),
    ("calibration", "score"),
    ("final_score", "score"),
    ("grade", "text"),
    ("bonus_pct", "pct"),
    ("target_bonus", "money"),
    ("bonus_amount", "money"),
    ("commission", "money"),
    ("flags", "text"),
    ("state", "text"),
]


def escape_cell(value: Any) -> Any:
    """Prefix a quote so spreadsheet programs show formula-looking text as text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def escape_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(escape_cell)
    return out


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM so Excel opens Chinese text correctly."""
    return escape_frame(frame).to_csv(index=False).encode("utf-8-sig")


def payroll_xlsx(frame: pd.DataFrame, period: str, lang: str = "en") -> bytes:
    """The payroll sheet: one row per employee, money with two decimals, a title and totals."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet(t("payroll.sheet", lang))
    title = book.add_format({"bold": True, "font_size": 14})
    header = book.add_format(
        {
            "bold": True,
            "bg_color": "#1F4E79",
            "font_color": "#FFFFFF",
            "border": 1,
            "text_wrap": True,
            "valign": "vcenter",
        }
    )
    formats = {
        "text": book.add_format({"border": 1}),
        "score": book.add_format({"border": 1, "num_format": "0.0"}),
        "money": book.add_format({"border": 1, "num_format": "¥#,##0.00"}),
        "pct": book.add_format({"border": 1, "num_format": '0"%"'}),
        "days": book.add_format({"border": 1, "num_format": "0.0"}),
    }
    total_fmt = book.add_format({"bold": True, "top": 2, "num_format": "¥#,##0.00"})
    sheet.write_string(0, 0, t("payroll.title", lang, period=period), title)
    columns = [(c, kind) for c, kind in PAYROLL_COLUMNS if c in frame.columns]
    for col, (name, _kind) in enumerate(columns):
        sheet.write_string(2, col, t(f"col.{name}", lang), header)
        sheet.set_column(col, col, 22 if name in ("name", "flags", "team") else 13)
    sheet.set_row(2, 30)
    for r, row in enumerate(frame[[c for c, _ in columns]].itertuples(index=False), start=3):
        for col, ((_name, kind), value) in enumerate(zip(columns, row, strict=True)):
            _write(sheet, r, col, value, kind, formats[kind])
    last = 3 + len(frame)
    for col, (name, kind) in enumerate(columns):
        if kind == "money" and len(frame):
            total = sum((Decimal(str(v)) for v in frame[name] if _present(v)), Decimal(0))
            sheet.write_number(last, col, float(total), total_fmt)
    if len(frame):
        sheet.write_string(last, 0, t("payroll.total", lang), total_fmt)
    sheet.freeze_panes(3, 2)
    sheet.autofilter(2, 0, max(last - 1, 2), len(columns) - 1)
    book.close()
    return buffer.getvalue()


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value))


def _write(sheet, row: int, col: int, value: Any, kind: str, fmt) -> None:  # noqa: ANN001
    if not _present(value):
        sheet.write_blank(row, col, None, fmt)
    elif kind == "text":
        text = "; ".join(value) if isinstance(value, list | tuple) else str(value)
        sheet.write_string(row, col, escape_cell(text), fmt)
    else:
        sheet.write_number(row, col, float(value), fmt)


def join_flags(flags: Sequence[str] | str | None) -> str:
    if flags is None:
        return ""
    if isinstance(flags, str):
        return flags
    return ";".join(flags)
