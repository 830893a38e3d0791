"""Reading a file never takes the process down (issue 13): an .xlsx whose declared or real
extent is huge is refused before calamine sees it, and the reader runs in a child process
with a memory and a time limit, so even a reader that aborts ends in a message.
"""

from __future__ import annotations

import io
import os
import time
import zipfile

import pytest

from data.importing import isolate, parse_upload, readers
from data.importing.validate import RowError

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
ROOT_RELS = (
    f'<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" '
    f'Type="{DOC_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    f'xmlns:r="{DOC_NS}"><sheets><sheet name="Orders" sheetId="1" r:id="rId1"/></sheets>'
    "</workbook>"
)
WORKBOOK_RELS = (
    f'<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" '
    f'Type="{DOC_NS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
HEADER = ["order_id", "order_time", "customer_id", "paid_amount", "employee_id"]
ROW = ["A1", "2026-03-05 10:00", "C1", "10", "S1"]


def cell(ref: str, text: str, attributes: str = "") -> str:
    return f'<c r="{ref}"{attributes} t="inlineStr"><is><t>{text}</t></is></c>'


def row(number: int, values: list[str]) -> str:
    cells = "".join(cell(f"{chr(65 + i)}{number}", v) for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


def workbook(sheet_data: str, dimension: str = "A1:E2") -> bytes:
    """A minimal .xlsx (zipfile + the four XML parts calamine needs) around `sheet_data`."""
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{sheet_data}</sheetData></worksheet>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def only_error(result_errors: list[RowError]) -> RowError:
    assert len(result_errors) == 1, result_errors
    return result_errors[0]


def test_the_minimal_workbook_reads() -> None:
    """The builder itself is sound: one header and one data row import as one order."""
    result = parse_upload("orders", "ok.xlsx", workbook(row(1, HEADER) + row(2, ROW)))
    assert result.ok and result.valid_rows == 1


def test_one_stray_cell_at_xfd1048576_is_refused_not_fatal() -> None:
    """Today calamine asks for ~550 GB and aborts the whole process (SIGABRT).
    The sheet reaches XFD1048576: 1,048,576 rows × 16,384 columns = 17,179,869,184 cells."""
    stray = '<row r="1048576">' + cell("XFD1048576", "x") + "</row>"
    content = workbook(row(1, HEADER) + row(2, ROW) + stray)
    assert len(content) < 5_000
    error = only_error(parse_upload("orders", "far.xlsx", content).errors)
    assert error.key == "import.xlsx_too_large"
    assert error.params["cell"] == "XFD1048576"
    assert error.params["cells"] == "17,179,869,184"
    assert "12,582,912" in error.detail("en")  # 1,048,576 rows × 12 columns
    assert "12,582,912" in error.detail("zh")


def test_a_far_cell_hidden_in_row_two_is_found() -> None:
    """calamine places a cell by its own reference, not its row element: ZZ200000 inside
    <row r="2"> makes the sheet 200,000 rows × 702 columns (ZZ = 26 + 26×26) = 140,400,000."""
    hidden = '<row r="2">' + cell("A2", "A1") + cell("ZZ200000", "x") + "</row>"
    error = only_error(parse_upload("orders", "zz.xlsx", workbook(row(1, HEADER) + hidden)).errors)
    assert error.key == "import.xlsx_too_large"
    assert (error.params["rows"], error.params["columns"]) == ("200,000", "702")


def test_a_reference_written_after_other_attributes_is_found() -> None:
    """`<c s="0" r=...>` misses the fast pattern; the chunk is rescanned with the general one.
    XFD100000: 100,000 × 16,384 = 1,638,400,000 cells."""
    odd = '<row r="2"><c s="0" r="XFD100000" t="inlineStr"><is><t>x</t></is></c></row>'
    error = only_error(parse_upload("orders", "odd.xlsx", workbook(row(1, HEADER) + odd)).errors)
    assert error.key == "import.xlsx_too_large"
    assert error.params["cells"] == "1,638,400,000"


def test_a_prefixed_cell_element_is_found() -> None:
    """calamine matches elements by local name, so `<y:c>` in any namespace is a cell too."""
    prefixed = (
        '<row r="2"><y:c xmlns:y="urn:other" r="XFD1048576" t="inlineStr">'
        "<is><t>x</t></is></y:c></row>"
    )
    content = workbook(row(1, HEADER) + prefixed)
    error = only_error(parse_upload("orders", "ns.xlsx", content).errors)
    assert (error.key, error.params["cell"]) == ("import.xlsx_too_large", "XFD1048576")


def test_a_declared_extent_beyond_the_limit_is_refused() -> None:
    """<dimension ref="A1:XFD1048576"> over two real rows: the declaration alone is refused."""
    content = workbook(row(1, HEADER) + row(2, ROW), dimension="A1:XFD1048576")
    error = only_error(parse_upload("orders", "declared.xlsx", content).errors)
    assert (error.key, error.params["cell"]) == ("import.xlsx_too_large", "XFD1048576")


def test_the_limit_is_rows_times_columns() -> None:
    """1,048,576 rows × 12 columns (L) is exactly the limit and passes the check; one more
    column (M: 13 × 1,048,576 = 13,631,488) does not. Only the scan runs here, no reader."""
    for column, refused in (("L", False), ("M", True)):
        far = f'<row r="1048576">{cell(f"{column}1048576", "x")}</row>'
        content = workbook(row(1, HEADER) + far)
        if refused:
            with pytest.raises(readers.ValidationError):
                readers._check_zip("f.xlsx", content, readers.MAX_BYTES)
        else:
            readers._check_zip("f.xlsx", content, readers.MAX_BYTES)


# --- the child process ---------------------------------------------------------------------


def test_a_reader_that_aborts_leaves_the_caller_running(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader bug that aborts (as Rust's failed allocation does) kills only the child."""
    monkeypatch.setattr(readers, "_read_csv", lambda *_a: os.abort())
    result = parse_upload("orders", "x.csv", b"order_id\nA1\n")
    error = only_error(result.errors)
    assert error.key == "import.reader_failed"
    assert error.params["detail"] == "stopped by SIGABRT"
    assert "could not be read" in error.detail("en") and "无法读取" in error.detail("zh")


def test_a_reader_that_eats_memory_hits_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The child may add 4 GiB of address space: asking for 8 GiB fails there, not here."""

    def greedy(*_args: object) -> None:
        bytearray(8 * 2**30)

    monkeypatch.setattr(readers, "_read_csv", greedy)
    error = only_error(parse_upload("orders", "x.csv", b"order_id\nA1\n").errors)
    assert (error.key, error.params["detail"]) == ("import.reader_failed", "out of memory")


def test_a_reader_that_hangs_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "_read_csv", lambda *_a: time.sleep(60))
    monkeypatch.setattr(isolate, "SECONDS", 1.0)
    started = time.monotonic()
    error = only_error(parse_upload("orders", "x.csv", b"order_id\nA1\n").errors)
    assert (error.key, error.params["detail"]) == ("import.reader_failed", "time limit")
    assert time.monotonic() - started < 10
