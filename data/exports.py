"""Payroll and scorecard exports: a formatted .xlsx for people and plain .csv for systems.

Text cells that a spreadsheet would run as a formula (= + - @ …) are neutralised in both.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd
import xlsxwriter

from core.i18n import t

if TYPE_CHECKING:
    from data.services.payroll import Payroll

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

PAYROLL_COLUMNS: list[tuple[str, str]] = [
    ("employee_id", "text"),
    ("name", "text"),
    ("team", "text"),
    ("period", "text"),
    ("state", "word"),
    ("bonus_status", "word"),
    ("kpi_score", "score"),
    ("composite", "score"),
    ("deduction_points", "score"),
    ("calibration", "score"),
    ("final_score", "score"),
    ("grade", "text"),
    ("bonus_pct", "pct"),
    ("target_bonus", "money"),
    ("bonus_amount", "money"),
    ("bonus_adjustment", "money"),
    ("commission", "money"),
    ("total", "money"),
    ("absent_days", "days"),
    ("deduction_money", "money"),
    ("flags", "flags"),
]
WAITING_COLUMNS: list[tuple[str, str]] = [
    ("employee_id", "text"),
    ("name", "text"),
    ("team", "text"),
    ("state", "word"),
    ("missing", "word"),
    ("grade", "text"),
    ("flags", "flags"),
]
AWARD_COLUMNS: list[tuple[str, str]] = [
    ("award", "text"),
    ("employee_id", "text"),
    ("name", "text"),
]
# How a code column reads in words: the message key prefix per column.
WORDS = {
    "state": "appraisal.state_",
    "bonus_status": "payroll.status.",
    "missing": "payroll.missing.",
}
TOTALS = ("bonus_amount", "bonus_adjustment", "commission", "total")


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


def payroll_csv(sheet: pd.DataFrame) -> bytes:
    """For payroll systems: the stable column names, codes not words, one row per person."""
    out = sheet[[c for c, _ in PAYROLL_COLUMNS]].copy()
    out["flags"] = out["flags"].map(join_flags)
    return to_csv(out)


def payroll_xlsx(run: Payroll, lang: str = "en") -> bytes:
    """For people: names, words in `lang`, ¥ money, one-decimal scores, a totals row against
    the bonus budget, and the appraisals not finalised on a sheet of their own (SPEC §11)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    formats = _formats(book)
    sheet = book.add_worksheet(t("payroll.sheet", lang))
    title = t("payroll.title", lang, period=str(run.period))
    if run.closed:
        title += " — " + t("payroll.closed", lang)
    last = _table(sheet, formats, title, run.sheet, PAYROLL_COLUMNS, lang)
    _totals_row(sheet, formats, last, run, lang)
    waiting = book.add_worksheet(t("payroll.sheet_not_finalised", lang))
    _table(
        waiting,
        formats,
        t(
            "payroll.title_not_finalised",
            lang,
            period=str(run.period),
            count=len(run.not_finalised),
        ),
        run.not_finalised,
        WAITING_COLUMNS,
        lang,
    )
    if len(run.awards):
        _table(
            book.add_worksheet(t("payroll.sheet_awards", lang)),
            formats,
            t("payroll.title_awards", lang, period=str(run.period)),
            run.awards.assign(
                award=[t(f"incentives.award.{a}", lang) for a in run.awards["award"]]
            ),
            AWARD_COLUMNS,
            lang,
        )
    book.close()
    return buffer.getvalue()


def _formats(book: xlsxwriter.Workbook) -> dict[str, Any]:
    return {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "header": book.add_format(
            {
                "bold": True,
                "bg_color": "#1F4E79",
                "font_color": "#FFFFFF",
                "border": 1,
                "text_wrap": True,
                "valign": "vcenter",
            }
        ),
        "text": book.add_format({"border": 1}),
        "word": book.add_format({"border": 1}),
        "flags": book.add_format({"border": 1}),
        "score": book.add_format({"border": 1, "num_format": "0.0"}),
        "money": book.add_format({"border": 1, "num_format": "¥#,##0.00"}),
        "pct": book.add_format({"border": 1, "num_format": '0"%"'}),
        "days": book.add_format({"border": 1, "num_format": "0.0"}),
        "total": book.add_format({"bold": True, "top": 2}),
        "total_money": book.add_format({"bold": True, "top": 2, "num_format": "¥#,##0.00"}),
    }


def _table(
    sheet: Any,
    formats: dict[str, Any],
    title: str,
    frame: pd.DataFrame,
    columns: list[tuple[str, str]],
    lang: str,
) -> int:
    """Title, headers and rows from row 0; returns the first row after the table."""
    sheet.write_string(0, 0, title, formats["title"])
    for col, (name, _kind) in enumerate(columns):
        sheet.write_string(2, col, t(f"col.{name}", lang), formats["header"])
        sheet.set_column(col, col, 24 if name in ("name", "flags", "team", "missing") else 13)
    sheet.set_row(2, 30)
    for r, row in enumerate(frame[[c for c, _ in columns]].itertuples(index=False), start=3):
        for col, ((name, kind), value) in enumerate(zip(columns, row, strict=True)):
            _write(sheet, r, col, _readable(name, kind, value, lang), kind, formats[kind])
    last = 3 + len(frame)
    sheet.freeze_panes(3, 2)
    sheet.autofilter(2, 0, max(last - 1, 2), len(columns) - 1)
    return last


def _readable(name: str, kind: str, value: Any, lang: str) -> Any:
    """Codes to words in the reader's language (a state, a status, a missing step, flags)."""
    if kind == "word" and _present(value):
        return t(WORDS[name] + str(value), lang)
    if kind == "flags":
        return "; ".join(t(f"incentives.flag.{f}", lang) for f in value or [])
    return value


def _totals_row(sheet: Any, formats: dict[str, Any], row: int, run: Payroll, lang: str) -> None:
    columns = [c for c, _ in PAYROLL_COLUMNS]
    sheet.write_string(row, 0, t("payroll.total", lang), formats["total"])
    sheet.write_string(
        row, 1, t("payroll.people", lang, count=run.totals["people"]), formats["total"]
    )
    for name in TOTALS:
        sheet.write_number(
            row, columns.index(name), float(run.totals[_total_key(name)]), formats["total_money"]
        )
    if run.budget is not None:
        at = columns.index("bonus_amount")
        sheet.write_string(row + 1, at - 1, t("payroll.budget", lang), formats["total"])
        sheet.write_number(row + 1, at, float(run.budget), formats["total_money"])


def _total_key(column: str) -> str:
    return "bonus" if column == "bonus_amount" else column


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value))


def _write(sheet, row: int, col: int, value: Any, kind: str, fmt) -> None:  # noqa: ANN001
    if not _present(value) or (isinstance(value, str) and not value):
        sheet.write_blank(row, col, None, fmt)
    elif kind in ("text", "word", "flags"):
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
