"""The corpus of broken and hostile uploads, written next to this script (`python make_corpus.py`);
files too big to commit (zip bomb, oversize, a million empty rows) are made at test time.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent
ORDERS_HEAD = "order_id,order_time,customer_id,paid_amount,employee_id\n"
FIXED = (2026, 1, 1, 0, 0, 0)  # zip timestamps, so the files are byte-for-byte reproducible


def _csv(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def _workbook(
    rows: list[list[object]],
    merge: str | None = None,
    text_cells: dict[str, str] | None = None,
    styled_empty: str | None = None,
) -> bytes:
    """A one-sheet workbook; `text_cells` are stored as text even when they look like formulas,
    `styled_empty` is a formatted but empty cell that stretches the sheet's used range."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Orders"
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    for ref, text in (text_cells or {}).items():
        sheet[ref].value = text
        sheet[ref].data_type = "s"  # a string cell, not a formula
    if styled_empty:
        sheet[styled_empty].number_format = "0.00"
    buffer = io.BytesIO()
    book.save(buffer)
    return _normalised_zip(buffer.getvalue())


def _normalised_zip(content: bytes) -> bytes:
    """The same archive with fixed timestamps and core properties (openpyxl stamps 'now')."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"/>"""
            target.writestr(zipfile.ZipInfo(info.filename, FIXED), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name, FIXED), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


CORPUS: dict[str, Callable[[], bytes]] = {
    # columns
    "wrong_columns.csv": lambda: _csv("foo,bar,baz\n1,2,3\n4,5,6\n"),
    "missing_column.csv": lambda: _csv(
        "order_id,order_time,customer_id,employee_id\nO1,2026-03-02 10:00,C1,S2\n"
    ),
    # cells
    "wrong_types.csv": lambda: _csv(ORDERS_HEAD + "O1,yesterday,C1,abc,S2\n"),
    "impossible_date.csv": lambda: _csv(ORDERS_HEAD + "O1,2026-02-30 10:00,C1,100,S2\n"),
    "negative_amount.csv": lambda: _csv(ORDERS_HEAD + "O1,2026-03-02 10:00,C1,-5,S2\n"),
    "absurd_amount.csv": lambda: _csv(ORDERS_HEAD + "O1,2026-03-02 10:00,C1,5000000000,S2\n"),
    "absurd_attendance.csv": lambda: _csv(
        "employee_id,date,late_minutes,absent_days\nS2,2026-03-03,99999,\nS2,2026-03-04,,3\n"
    ),
    "absurd_rating.csv": lambda: _csv(
        "ticket_id,employee_id,created_at,rating\nT1,C1,2026-03-02 09:00,9\n"
    ),
    "duplicate_ids.csv": lambda: _csv(
        ORDERS_HEAD + "O1,2026-03-02 10:00,C1,100,S2\nO1,2026-03-03 10:00,C2,200,S2\n"
    ),
    "unknown_employee.csv": lambda: _csv(ORDERS_HEAD + "O1,2026-03-02 10:00,C1,100,E999\n"),
    "unknown_role.csv": lambda: _csv("employee_id,name,role,manager_id\nS9,Sid New,ceo,S1\n"),
    "unknown_manager.csv": lambda: _csv("employee_id,name,role,manager_id\nS9,Sid New,sales,X9\n"),
    "future_period.csv": lambda: _csv(
        "period,kpi_id,target,employee_id\n2099-01,net_sales,10000,S2\n"
    ),
    # formulas and markup
    "formula_cells.csv": lambda: _csv(
        ORDERS_HEAD
        + 'O1,2026-03-02 10:00,"=HYPERLINK(""http://evil.example"",""x"")",100,S2\n'
        + "O2,2026-03-02 11:00,@SUM(A1:A9),100,S2\n"
        + "O3,2026-03-02 12:00,+cmd|' /C calc'!A0,100,S2\n"
    ),
    "formula_cells.xlsx": lambda: _workbook(
        [
            ["order_id", "order_time", "customer_id", "paid_amount", "employee_id"],
            ["O1", "2026-03-02 10:00", "=1+1", 100, "S2"],  # a live formula, no cached value
            ["O2", "2026-03-02 11:00", None, 100, "S2"],
        ],
        text_cells={"C3": '=HYPERLINK("http://evil.example","x")'},
    ),
    "html_in_text.csv": lambda: _csv(
        "employee_id,name,role,manager_id,team\n"
        "S7,<script>alert('x')</script>,sales,S1,<b onmouseover=alert(1)>Sales</b>\n"
    ),
    # layout
    "merged_title.xlsx": lambda: _workbook(
        [
            ["March orders (exported 2026-04-01)", None, None, None, None],
            ["order_id", "order_time", "customer_id", "paid_amount", "employee_id"],
            ["O1", "2026-03-02 10:00", "C1", 100, "S2"],
            ["O2", "2026-03-03 11:00", "C2", 250.5, "S2"],
        ],
        merge="A1:E1",
    ),
    "merged_two_row_header.xlsx": lambda: _workbook(
        [
            ["订单信息", None, None, "金额", None],
            ["订单", "时间", "买家", "实付", "退款"],
            ["O1", "2026-03-02 10:00", "C1", 100, 0],
        ],
        merge="A1:C1",
    ),
    "million_empty_rows.xlsx": lambda: _workbook(
        [
            ["order_id", "order_time", "customer_id", "paid_amount", "employee_id"],
            ["O1", "2026-03-02 10:00", "C1", 100, "S2"],
        ],
        styled_empty="E1048576",  # the used range runs to Excel's last row
    ),
    # not what the name says
    "not_a_zip.xlsx": lambda: _csv(ORDERS_HEAD + "O1,2026-03-02 10:00,C1,100,S2\n"),
    "zip_not_workbook.xlsx": lambda: _zip({"notes.txt": b"hello"}),
    "pdf_named.xlsx": lambda: b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n",
    "png_named.csv": lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
    "old_excel.xlsx": lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
    "orders.txt": lambda: _csv(ORDERS_HEAD + "O1,2026-03-02 10:00,C1,100,S2\n"),
    "empty.csv": lambda: b"",
    "header_only.csv": lambda: _csv(ORDERS_HEAD),
    # encodings
    "shift_jis.csv": lambda: _csv(
        "注文番号,注文日時,顧客番号,支払金額,担当者\nO1,2026-03-02 10:00,顧客一,100,S2\n",
        "shift_jis",
    ),
    "utf16_no_bom.csv": lambda: _csv(ORDERS_HEAD + "O1,2026-03-02 10:00,C1,100,S2\n", "utf-16-le"),
    "cp1252_names.csv": lambda: _csv(
        "employee_id,name,role,manager_id\nS9,Jürgen Müller,sales,S1\n", "cp1252"
    ),
    "gbk_chinese_headers.csv": lambda: _csv(
        "订单编号,下单时间,买家ID,实付金额,员工编号\nO1,2026-03-02 10:00,张三,100,S2\n", "gbk"
    ),
}


def write_corpus(folder: Path = HERE) -> list[Path]:
    written = []
    for name, make in CORPUS.items():
        path = folder / name
        path.write_bytes(make())
        written.append(path)
    return written


# --- big files, made at test time ------------------------------------------------------------


def zip_bomb(inflated_mb: int = 64) -> bytes:
    """A workbook-shaped zip whose sheet inflates ~1000× (64 MB of spaces in ~65 KB)."""
    sheet = b"<worksheet>" + b" " * (inflated_mb * 2**20) + b"</worksheet>"
    return _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": sheet,
        }
    )


def oversize(limit: int) -> bytes:
    """A valid CSV one byte over the upload limit."""
    row = b"O1,2026-03-02 10:00,C1,100,S2\n"
    head = ORDERS_HEAD.encode()
    body = row * ((limit - len(head)) // len(row) + 1)
    return (head + body)[: limit + 1]


def million_empty_rows(with_data: bool) -> bytes:
    """The header, optionally one real order, then 1,000,000 rows of empty cells."""
    data = b"O1,2026-03-02 10:00,C1,100,S2\n" if with_data else b""
    return ORDERS_HEAD.encode() + data + b",,,,\n" * 1_000_000


if __name__ == "__main__":
    for path in write_corpus():
        print(f"{path.name:28} {path.stat().st_size:>7} bytes")
