"""Downloadable templates: each kind, in English and Chinese, reads back without any mapping.

Also checks the drop-down lists and the notes sheet a user fills the template with.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.catalogue import ROLES
from core.schema import KINDS
from data.importing import parse_upload, template_workbook
from data.importing.templates import sample_value
from tests.data.fixtures.importing_files import saved


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_template_reads_back_with_its_sample_row(tmp_path: Path, kind: str, lang: str):
    name, content = saved(tmp_path, f"{kind}.xlsx", template_workbook(kind, lang))
    result = parse_upload(
        kind, name, content, known_employee_ids={"E001", "E002"}, known_store_ids={"Flagship"}
    )
    assert result.ok, [e.message() for e in result.errors]
    assert sorted(result.mapping.values()) == sorted(KINDS[kind].column_names)
    assert result.unmapped == [] and result.valid_rows == 1
    first = result.frame.iloc[0]
    for column in KINDS[kind].required:
        assert first[column] is not None, column


def test_orders_template_sample_values_are_canonical():
    result = parse_upload(
        "orders", "t.xlsx", template_workbook("orders", "zh"), known_employee_ids={"E002"}
    )
    row = result.frame.iloc[0]
    assert row["order_id"] == sample_value("orders", "order_id") == "SO-20260305-0001"
    assert str(row["order_time"]) == "2026-03-05 14:30:00"
    assert row["paid_amount"] == 1299.0
    assert bool(row["collected"]) is True


def test_drop_down_lists_notes_and_required_headers():
    book = load_workbook(io.BytesIO(template_workbook("templates", "zh")))
    assert book.sheetnames == ["templates", "说明", "lists"]
    sheet = book["templates"]
    assert [c.value for c in sheet[1]] == [
        "角色",
        "指标",
        "权重",
        "目标",
        "计分方式",
        "得分上限",
        "分档",
    ]
    rules = {str(r.sqref): r.formula1 for r in sheet.data_validations.dataValidation}
    assert rules["A2:A5001"] == f"=lists!$A$2:$A${len(ROLES) + 1}"
    assert rules["E2:E5001"] == "=lists!$B$2:$B$4"
    assert "B2:B5001" in rules  # KPI ids
    lists = book["lists"]
    assert [lists.cell(row=r, column=1).value for r in range(2, len(ROLES) + 2)] == list(ROLES)
    assert book["lists"].sheet_state == "hidden"
    notes = [row[0] for row in book["说明"].iter_rows(values_only=True) if row and row[0]]
    assert "weight" in notes and "method" in notes
    required, optional = sheet["A1"].fill.fgColor.rgb, sheet["G1"].fill.fgColor.rgb
    assert required != optional


def test_bool_columns_get_a_yes_no_list():
    book = load_workbook(io.BytesIO(template_workbook("calls", "en")))
    sheet = book["calls"]
    rules = {str(r.sqref): r.formula1 for r in sheet.data_validations.dataValidation}
    header = [c.value for c in sheet[1]]
    for name in ("effective", "intent", "deal"):
        letter = chr(ord("A") + header.index(name))
        assert rules[f"{letter}2:{letter}5001"] == "=lists!$C$2:$C$3"
    assert [book["lists"].cell(row=r, column=3).value for r in (2, 3)] == ["true", "false"]
