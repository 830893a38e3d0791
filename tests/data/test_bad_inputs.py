"""Hostile and broken uploads from tests/data/bad_inputs/: each refused with its own message and
nothing written (or, where the importer documents it, kept safely); exports defuse formulas.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import io
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from core.periods import Period
from data.cli import main
from data.db import make_engine, session_factory, transaction
from data.exports import payroll_csv, payroll_xlsx
from data.importing.readers import MAX_BYTES
from data.migrate import upgrade
from data.models import Base, Employee, Order
from data.services import imports
from data.services.payroll import SHEET_COLUMNS, WAITING_COLUMNS, Payroll
from data.services.people import SYSTEM
from tests.data.conftest import BACKENDS, reset_postgres
from tests.data.test_permissions import load_department

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "bad_inputs"


def _corpus_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAKE = _corpus_module()


@dataclass(frozen=True)
class Refused:
    key: str  # the message key of the (first) problem that matters
    text: str  # a piece of its English message: the value, column or limit it names


@dataclass(frozen=True)
class Kept:
    rows: int  # what the importer writes after cleaning what is safe to clean


CASES: dict[str, tuple[str, Refused | Kept]] = {
    # file: (kind, what happens)
    "wrong_columns.csv": (
        "orders",
        Refused("import.no_header", "The first row reads: foo, bar, baz"),
    ),
    "missing_column.csv": (
        "orders",
        Refused("import.missing_column", "'paid_amount' (Paid amount) is missing"),
    ),
    "wrong_types.csv": (
        "orders",
        Refused("import.not_amount", "Row 2, paid_amount: 'abc' is not an amount"),
    ),
    "impossible_date.csv": (
        "orders",
        Refused("import.not_datetime", "'2026-02-30 10:00' is not a date and time"),
    ),
    "negative_amount.csv": ("orders", Refused("import.negative", "'-5' is negative")),
    "absurd_amount.csv": ("orders", Refused("import.too_large", "more than 100,000,000")),
    "absurd_attendance.csv": (
        "attendance",
        Refused("import.too_large", "'99999' is implausibly large"),
    ),
    "absurd_rating.csv": (
        "tickets",
        Refused("import.out_of_range", "'9' is outside the allowed range 1 to 5"),
    ),
    "duplicate_ids.csv": ("orders", Refused("import.duplicate_key", "'O1' appears 2 times")),
    "unknown_employee.csv": (
        "orders",
        Refused("import.unknown_employee", "employee 'E999' does not exist"),
    ),
    "unknown_role.csv": ("employees", Refused("import.not_role", "'ceo' is not a role")),
    "unknown_manager.csv": ("employees", Refused("import.unknown_manager", "manager 'X9'")),
    "future_period.csv": (
        "targets",
        Refused("import.period_future", "'2099-01' is too far in the future"),
    ),
    "formula_cells.csv": ("orders", Refused("import.formula_like", "starts with '@'")),
    "formula_cells.xlsx": ("orders", Refused("import.formula_like", "=HYPERLINK")),
    "merged_two_row_header.xlsx": (
        "orders",
        Refused("import.missing_column", "not matched to any column: 订单, 时间"),
    ),
    "not_a_zip.xlsx": ("orders", Refused("import.not_xlsx", "is not an Excel workbook")),
    "zip_not_workbook.xlsx": ("orders", Refused("import.not_xlsx", "is not an Excel workbook")),
    "pdf_named.xlsx": (
        "orders",
        Refused("import.content_mismatch", "its content is a PDF document"),
    ),
    "png_named.csv": ("orders", Refused("import.content_mismatch", "its content is a PNG image")),
    "old_excel.xlsx": ("orders", Refused("import.content_mismatch", "Excel 97-2003 (.xls)")),
    "orders.txt": ("orders", Refused("import.unsupported_type", "is a .txt file")),
    "empty.csv": ("orders", Refused("import.empty_file", "'empty.csv' is empty")),
    "header_only.csv": ("orders", Refused("import.no_rows", "no data rows")),
    "shift_jis.csv": (
        "orders",
        Refused("import.bad_encoding", "not readable text in UTF-8 or GBK"),
    ),
    "utf16_no_bom.csv": ("orders", Refused("import.not_text", "contains binary data")),
    "cp1252_names.csv": ("employees", Refused("import.bad_encoding", "not readable text")),
    # kept: markup stays literal text (the app never renders it), a title row above the
    # header is skipped, empty rows are dropped, GBK is the Chinese Excel default
    "html_in_text.csv": ("employees", Kept(1)),
    "merged_title.xlsx": ("orders", Kept(2)),
    "million_empty_rows.xlsx": ("orders", Kept(1)),
    "gbk_chinese_headers.csv": ("orders", Kept(1)),
}
# Made at test time: too big to commit.
GENERATED = {
    "bomb.xlsx": ("orders", Refused("import.zip_bomb", "is refused as unsafe")),
    "too_big.csv": ("orders", Refused("import.file_too_large", "uploads are limited to 50 MB")),
    "million_empty_rows.csv": ("orders", Refused("import.no_rows", "no data rows")),
    "million_empty_rows_after_one.csv": ("orders", Kept(1)),
}


@functools.cache
def generated(name: str) -> bytes:
    return {
        "bomb.xlsx": MAKE.zip_bomb,
        "too_big.csv": lambda: MAKE.oversize(MAX_BYTES),
        "million_empty_rows.csv": lambda: MAKE.million_empty_rows(False),
        "million_empty_rows_after_one.csv": lambda: MAKE.million_empty_rows(True),
    }[name]()


def test_the_committed_corpus_is_what_the_script_makes() -> None:
    """Every generated file is committed and expected; the text files byte for byte (a
    workbook's bytes depend on the openpyxl version, its cells do not)."""
    assert set(CASES) == set(MAKE.CORPUS)
    for name, make in MAKE.CORPUS.items():
        if not name.endswith(".xlsx"):
            assert (CORPUS / name).read_bytes() == make(), f"{name}: run make_corpus.py"
        assert (CORPUS / name).is_file()


@pytest.fixture(scope="module", params=BACKENDS)
def shop(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """One department per backend; every upload is tried against it."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('bad') / 'kpi.sqlite'}"
    else:
        url = os.environ["TEST_DATABASE_URL"]
        reset_postgres(url).dispose()
    engine = make_engine(url)
    upgrade(engine)
    load_department(engine)
    yield engine
    engine.dispose()


def every_count(engine: Engine) -> dict[str, int]:
    """Rows of every table (the models are the schema: test_migrations), in one query."""
    names = sorted(Base.metadata.tables)
    counts = ", ".join(f"(SELECT count(*) FROM {name})" for name in names)
    with engine.connect() as connection:
        versions = "(SELECT COALESCE(SUM(version), 0) FROM data_versions)"
        row = connection.execute(text(f"SELECT {counts}, {versions}")).one()
    return {**dict(zip(names, row, strict=False)), "data_versions": row[-1]}


def _params() -> list[object]:
    cases = {**CASES, **GENERATED}.items()
    return [pytest.param(name, kind, expected, id=name) for name, (kind, expected) in cases]


@pytest.mark.parametrize(("name", "kind", "expected"), _params())
def test_upload(shop: Engine, name: str, kind: str, expected: Refused | Kept) -> None:
    content = generated(name) if name in GENERATED else (CORPUS / name).read_bytes()
    before = every_count(shop)
    session = session_factory(shop)()
    try:
        outcome = imports.import_file(session, SYSTEM, kind, name, content)
        if isinstance(expected, Refused):
            # committed like the CLI and the app do: a refusal must have written nothing
            session.commit()
            assert not outcome.written
            keys = [e.key for e in outcome.errors]
            assert expected.key in keys, [e.message("en") for e in outcome.errors]
            messages = " | ".join(e.message("en") for e in outcome.errors)
            assert expected.text in messages
            assert every_count(shop) == before
        else:
            assert outcome.written and not outcome.errors
            assert outcome.rows == expected.rows
            _check_kept(session, name)
    finally:
        session.rollback()
        session.close()
    assert every_count(shop) == before


def _check_kept(session: Session, name: str) -> None:
    if name == "html_in_text.csv":
        row = session.get(Employee, "S7")
        assert row is not None
        assert row.name == "<script>alert('x')</script>"  # verbatim, never half-sanitised
        assert row.team == "<b onmouseover=alert(1)>Sales</b>"
    elif name == "merged_title.xlsx":
        amounts = session.execute(
            select(Order.order_id, Order.paid_amount).where(Order.order_id.in_(["O1", "O2"]))
        ).all()
        # the title row above the header is skipped; the rows are rows 3 and 4 of the sheet
        assert {k: float(v) for k, v in amounts} == {"O1": 100.0, "O2": 250.5}
    elif name == "gbk_chinese_headers.csv":
        order = session.get(Order, "O1")
        assert order is not None and order.customer_id == "张三"


def test_the_app_never_renders_user_html() -> None:
    """Streamlit escapes text unless a page opts out; no page may (markup stays literal)."""
    unsafe = re.compile(r"unsafe_allow_html\s*=\s*True|st\.html\(|components\.html\(")
    # The one exception: a style sheet whose only variables are our own catalogue strings.
    styles = ROOT / "dashboards" / "styles.py"
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "dashboards").rglob("*.py"))
        if path != styles
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if unsafe.search(line)
    ]
    assert offenders == []


def test_the_style_sheet_cannot_be_broken_out_of() -> None:
    """Even a catalogue string with quotes, a backslash or a closing tag stays one CSS string."""
    from dashboards.styles import _css_string

    assert _css_string('a"b') == '"a\\"b"'
    assert _css_string("a\\b") == '"a\\\\b"'
    assert _css_string("</style><script>") == '"\\3c /style>\\3c script>"'


# --- exports defuse what a spreadsheet would run ---------------------------------------------

HOSTILE = ["=1+1", "+SUM(A1:A2)", "-2+3", "@cmd", '=HYPERLINK("http://evil.example")', "\t=1"]


def _payroll() -> Payroll:
    """A payroll whose names and teams are text a spreadsheet would run as formulas."""
    n = len(HOSTILE)
    sheet = pd.DataFrame(
        {
            "employee_id": [f"E{i}" for i in range(n)],
            "name": HOSTILE,
            "team": HOSTILE,
            "period": ["2026-03"] * n,
            "state": ["finalised"] * n,
            "bonus_status": ["finalised"] * n,
            "final_score": [80.5] * n,
            "grade": ["B"] * n,
            "bonus_pct": [Decimal(100)] * n,
            "bonus_amount": [Decimal(2000)] * n,
            "bonus_adjustment": [Decimal(0)] * n,
            "commission": [Decimal(0)] * n,
            "total": [Decimal(2000)] * n,
            "flags": [[] for _ in range(n)],
        }
    ).reindex(columns=SHEET_COLUMNS)
    waiting = pd.DataFrame(columns=WAITING_COLUMNS)
    totals = {"people": n, "bonus": Decimal(2000 * n), "bonus_adjustment": Decimal(0),
              "commission": Decimal(0), "total": Decimal(2000 * n), "not_finalised": 0}  # fmt: skip
    return Payroll(
        Period(2026, 3), False, pd.DataFrame(), sheet, waiting, totals, None, pd.DataFrame()
    )


def test_payroll_xlsx_writes_formula_text_as_text() -> None:
    content = payroll_xlsx(_payroll())
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml  # no formula anywhere
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header = [c.value for c in sheet[3]]
    rows = list(sheet.iter_rows(min_row=4, max_row=3 + len(HOSTILE)))
    for column in ("Name", "Team"):
        for row, hostile in zip(rows, HOSTILE, strict=True):
            cell = row[header.index(column)]
            assert cell.data_type == "s"
            assert cell.value == "'" + hostile  # shown as text, never run


def test_csv_export_prefixes_a_quote() -> None:
    text = payroll_csv(_payroll().sheet).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["name"] for r in rows] == ["'" + h for h in HOSTILE]
    assert [r["team"] for r in rows] == ["'" + h for h in HOSTILE]
    assert rows[0]["final_score"] == "80.5" and rows[0]["grade"] == "B"  # the rest untouched


def test_a_refused_upload_through_the_cli_writes_nothing(
    shop: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same through `python -m data import`: exit 1, the row and column on stderr."""
    monkeypatch.setenv("DATABASE_URL", str(shop.url.render_as_string(hide_password=False)))
    before = every_count(shop)
    assert main(["import", "orders", str(CORPUS / "formula_cells.csv")]) == 1
    err = capsys.readouterr().err
    assert "Row 3, customer_id: '@SUM(A1:A9)' starts with '@'" in err
    assert every_count(shop) == before
    with transaction(shop) as session:
        assert session.get(Order, "O2") is None
