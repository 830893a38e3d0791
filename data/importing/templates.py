"""Downloadable .xlsx templates, one per upload kind, that the importer reads back unchanged.

Header labels are synonyms the importer knows; drop-down lists stop typos before upload.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from core.catalogue import CATALOGUE, ROLES
from core.i18n import N_, t
from core.schema import KINDS, Column
from data.importing.headers import label, synonyms

TEMPLATE_ROWS = 5000  # drop-downs and formats cover this many data rows
METHODS = ("linear", "bands", "manual")

# A sample row that passes validation (given employees E001, E002 and store "Flagship").
_SAMPLES: dict[str, Any] = {
    "employee_id": "E002",
    "team": "Sales A",
    "manager_id": "E001",
    "email": "li.na@example.com",
    "hire_date": date(2025, 7, 1),
    "leave_date": None,
    "target_bonus": 3000.00,
    "order_id": "SO-20260305-0001",
    "order_time": datetime(2026, 3, 5, 14, 30),
    "customer_id": "C10086",
    "paid_amount": 1299.00,
    "store": "Flagship",
    "refund_amount": 0.00,
    "cost": 780.50,
    "campaign_id": "CP-0308",
    "collected": True,
    "strategic_account": False,
    "date": date(2026, 3, 5),
    "visitors": 5230,
    "page_views": 18640,
    "new_visitors": 2105,
    "ticket_id": "T-000123",
    "created_at": datetime(2026, 3, 5, 9, 15),
    "first_response_at": datetime(2026, 3, 5, 9, 15, 40),
    "resolved_at": datetime(2026, 3, 5, 10, 2),
    "is_complaint": False,
    "rating": 5,
    "qa_correct": True,
    "task_id": "D-0456",
    "due_date": date(2026, 3, 10),
    "delivered_at": datetime(2026, 3, 9, 17, 0),
    "quality_score": 88,
    "revisions": 2,
    "page_id": "P-7788",
    "go_live_date": date(2026, 3, 11),
    "call_id": "CALL-000789",
    "call_time": datetime(2026, 3, 5, 10, 45),
    "duration_s": 312,
    "effective": True,
    "intent": True,
    "deal": False,
    "late_minutes": 5,
    "early_leave_minutes": 0,
    "absent_days": 0,
    "course": "Product knowledge 101",
    "completed": True,
    "exam_score": 92,
    "start_date": date(2026, 3, 8),
    "end_date": date(2026, 3, 10),
    "owner_id": "E002",
    "participants": 1200,
    "period": "2026-03",
    "kpi_id": "net_sales",
    "target": 300000,
    "value": 85,
    "weight": 40,
    "method": "linear",
    "cap": 120,
    "bands": "",
}
_BY_KIND: dict[str, dict[str, Any]] = {
    "employees": {"employee_id": "E002", "name": "Li Na", "role": "sales"},
    "campaigns": {"name": "Women's Day sale"},
    "targets": {"employee_id": "E002", "role": None},
    "metrics": {"kpi_id": "collaboration"},
    "templates": {"role": "sales"},
}
_FORMATS = {"date": "yyyy-mm-dd", "datetime": "yyyy-mm-dd hh:mm:ss", "money": "#,##0.00"}
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_REQUIRED_FILL = PatternFill("solid", fgColor="F8CBAD")


def sample_value(kind: str, column: str, samples: dict[str, Any] | None = None) -> Any:
    """The template's example cell for a column (also used by tests as a known-good row);
    `samples` are the department's real ids, preferred to the invented ones."""
    if samples and column in samples:
        return samples[column]
    overrides = _BY_KIND.get(kind, {})
    return overrides[column] if column in overrides else _SAMPLES.get(column)


def template_workbook(kind: str, lang: str = "en", samples: dict[str, Any] | None = None) -> bytes:
    """An .xlsx with a header row, one sample row, drop-down lists and a notes sheet.

    English headers are the canonical ids; Chinese headers are the Chinese labels; both are
    synonyms the importer maps automatically, so a filled-in template needs no mapping.
    `samples` (column → value) put existing employees and stores in the sample row.
    """
    spec = KINDS[kind]
    book = Workbook()
    sheet = book.active
    sheet.title = kind
    lists = book.create_sheet("lists")
    notes = book.create_sheet("notes" if lang != "zh" else "说明")
    book.move_sheet(notes, offset=-1)  # order: data, notes, lists
    _fill_lists(lists, lang)
    lists.sheet_state = "hidden"

    for position, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(position)
        header = column.name if lang != "zh" else label(kind, column.name, "zh")
        cell = sheet.cell(row=1, column=position, value=header)
        cell.font = Font(bold=True)
        cell.fill = _REQUIRED_FILL if column.required else _HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
        value = sample_value(kind, column.name, samples)
        if column.type == "bool" and value is not None:
            value = ("是" if value else "否") if lang == "zh" else ("true" if value else "false")
        sample = sheet.cell(row=2, column=position, value=value)
        fmt = _FORMATS.get(column.type)
        if fmt:
            sample.number_format = fmt
            for row in range(3, min(TEMPLATE_ROWS, 200) + 2):
                sheet.cell(row=row, column=position).number_format = fmt
        if column.type == "str" or column.type in ("period", "kpi", "role", "method"):
            sample.number_format = "@"  # ids stay text: Excel would turn 0012 into 12
        sheet.column_dimensions[letter].width = max(14, len(str(header)) * 2 + 4)
        _add_validation(sheet, column, letter, lang)
    sheet.freeze_panes = "A2"
    _fill_notes(notes, kind, lang)

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _fill_lists(lists: Any, lang: str) -> None:
    bools = ("是", "否") if lang == "zh" else ("true", "false")
    columns = (("role", ROLES), ("method", METHODS), ("bool", bools), ("kpi", tuple(CATALOGUE)))
    for position, (title, values) in enumerate(columns, start=1):
        lists.cell(row=1, column=position, value=title)
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=position, value=value)


def _add_validation(sheet: Any, column: Column, letter: str, lang: str) -> None:
    sources = {
        "role": ("A", len(ROLES)),
        "method": ("B", len(METHODS)),
        "bool": ("C", 2),
        "kpi": ("D", len(CATALOGUE)),
    }
    if column.type not in sources:
        return
    list_column, count = sources[column.type]
    rule = DataValidation(
        type="list",
        formula1=f"=lists!${list_column}$2:${list_column}${count + 1}",
        allow_blank=not column.required,
        showErrorMessage=True,
        errorTitle=t("import.template.invalid_title", lang),
        error=t("import.template.invalid_choice", lang),
    )
    rule.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    sheet.add_data_validation(rule)


def _fill_notes(notes: Any, kind: str, lang: str) -> None:
    spec = KINDS[kind]
    notes.append([t("import.template.title", lang, kind=kind)])
    notes["A1"].font = Font(bold=True, size=13)
    for key in (
        N_("import.template.note_header"),
        N_("import.template.note_required"),
        N_("import.template.note_dates"),
        N_("import.template.note_bools"),
        N_("import.template.note_formulas"),
        N_("import.template.note_size"),
    ):
        notes.append([t(key, lang)])
    notes.append([])
    heads = [
        t(f"import.template.col_{h}", lang)
        for h in ("column", "label", "required", "type", "rule", "synonyms")
    ]
    notes.append(heads)
    for cell in notes[notes.max_row]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    for column in spec.columns:
        names = synonyms(kind, column.name)[3:9]
        notes.append(
            [
                column.name,
                label(kind, column.name, lang),
                t("import.template.yes", lang)
                if column.required
                else t("import.template.no", lang),
                t(f"import.template.type_{column.type}", lang),
                _rule(column, lang),
                ", ".join(names),
            ]
        )
    for letter, width in zip("ABCDEF", (22, 22, 10, 36, 36, 60), strict=True):
        notes.column_dimensions[letter].width = width


def _rule(column: Column, lang: str) -> str:
    if column.minimum is not None or column.maximum is not None:
        return t(
            "import.template.rule_range",
            lang,
            minimum=_n(column.minimum),
            maximum=_n(column.maximum),
        )
    if column.non_negative:
        return t("import.template.rule_non_negative", lang)
    if column.type == "role":
        return ", ".join(ROLES)
    if column.type == "method":
        return ", ".join(METHODS)
    return ""


def _n(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}"
