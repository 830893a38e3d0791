"""Reading uploads: encodings, workbooks, header detection and every refused kind of file.

Files are generated in tmp_path; each broken case must carry its own message key.
"""

from __future__ import annotations

import io
import time
import zipfile
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from core.errors import ValidationError
from data.importing import parse_upload, read_table
from data.importing.readers import read_raw
from tests.data.fixtures.importing_files import csv_bytes, saved, xlsx_bytes

ZH_HEADER = [
    "订单编号",
    "下单时间",
    "买家ID",
    "实付金额",
    "退款金额",
    "成本",
    "员工编号",
    "店铺",
    "活动ID",
    "是否回款",
    "战略客户",
]
ZH_ROWS = [
    [
        "SO-001",
        "2026-03-05 10:30:00",
        "C001",
        "1299.50",
        "0",
        "780.25",
        "E002",
        "旗舰店",
        "CP1",
        "是",
        "否",
    ],
    ["SO-002", "2026/03/06 09:05", "C002", "88", "88", "", "", "旗舰店", "", "否", ""],
]
EN_HEADER = [
    "Order ID",
    "Order time",
    "Customer ID",
    "Paid amount",
    "Refund amount",
    "Cost",
    "Employee ID",
    "Store",
    "Campaign ID",
    "Collected",
    "Strategic account",
]


def assert_good_orders(result) -> None:  # type: ignore[no-untyped-def]
    """The two orders above, canonical: stated by hand, not recomputed."""
    assert result.ok, [e.message() for e in result.errors]
    assert (result.total_rows, result.valid_rows) == (2, 2)
    frame = result.frame
    assert frame["order_id"].tolist() == ["SO-001", "SO-002"]
    assert frame["order_time"].tolist() == [
        pd.Timestamp("2026-03-05 10:30:00"),
        pd.Timestamp("2026-03-06 09:05:00"),
    ]
    assert frame["order_time"].dtype == "datetime64[ns]"
    assert frame["customer_id"].tolist() == ["C001", "C002"]
    assert frame["paid_amount"].tolist() == [1299.5, 88.0]
    assert frame["refund_amount"].tolist() == [0.0, 88.0]
    assert frame["cost"].iloc[0] == 780.25 and np.isnan(frame["cost"].iloc[1])
    assert frame["employee_id"].tolist() == ["E002", None]
    assert frame["store"].tolist() == ["旗舰店", "旗舰店"]
    assert frame["campaign_id"].tolist() == ["CP1", None]
    assert frame["collected"].tolist() == [True, False]
    assert frame["strategic_account"].isna().tolist() == [False, True]
    assert not frame["strategic_account"].iloc[0]
    assert str(frame["collected"].dtype) == "boolean"


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-8", False), ("utf-8", True), ("gbk", False), ("gb18030", False)]
)
def test_csv_in_utf8_bom_and_gbk_with_chinese_headers(tmp_path: Path, encoding: str, bom: bool):
    name, content = saved(
        tmp_path, "订单.csv", csv_bytes([ZH_HEADER, *ZH_ROWS], encoding=encoding, bom=bom)
    )
    result = parse_upload("orders", name, content)
    assert_good_orders(result)
    assert result.mapping["实付金额"] == "paid_amount"
    assert result.unmapped == []


def test_csv_with_english_headers(tmp_path: Path):
    name, content = saved(tmp_path, "orders.csv", csv_bytes([EN_HEADER, *ZH_ROWS]))
    assert_good_orders(parse_upload("orders", name, content))


def test_xlsx_with_chinese_headers_and_native_cells(tmp_path: Path):
    rows = [
        ZH_HEADER,
        [
            "SO-001",
            datetime(2026, 3, 5, 10, 30),
            "C001",
            1299.5,
            0,
            780.25,
            "E002",
            "旗舰店",
            "CP1",
            "是",
            "否",
        ],
        [
            "SO-002",
            datetime(2026, 3, 6, 9, 5),
            "C002",
            88,
            88,
            None,
            None,
            "旗舰店",
            None,
            False,
            None,
        ],
    ]
    name, content = saved(tmp_path, "订单.xlsx", xlsx_bytes(rows))
    assert_good_orders(parse_upload("orders", name, content))


def test_utf16_tab_separated_unicode_text_and_semicolons(tmp_path: Path):
    utf16 = csv_bytes([ZH_HEADER, *ZH_ROWS], encoding="utf-16", delimiter="\t")
    assert_good_orders(parse_upload("orders", *saved(tmp_path, "unicode.csv", utf16)))
    semicolons = csv_bytes([EN_HEADER, *ZH_ROWS], delimiter=";")
    assert_good_orders(parse_upload("orders", *saved(tmp_path, "eu.csv", semicolons)))


def test_sha256_and_counts(tmp_path: Path):
    import hashlib

    content = csv_bytes([ZH_HEADER, *ZH_ROWS])
    result = parse_upload("orders", "o.csv", content)
    assert result.sha256 == hashlib.sha256(content).hexdigest()
    assert result.ok and result.errors_frame().empty


def test_read_table_gives_text_under_the_header_with_row_numbers(tmp_path: Path):
    rows = [["备注"], [], ZH_HEADER, ZH_ROWS[0], [], ZH_ROWS[1]]
    frame = read_table("o.csv", csv_bytes(rows))
    assert list(frame.columns) == ZH_HEADER
    assert frame.index.tolist() == [4, 6]  # spreadsheet rows: header is row 3, row 5 is empty
    assert frame.loc[6, "实付金额"] == "88"
    assert frame.loc[4, "下单时间"] == "2026-03-05 10:30:00"


def test_duplicate_and_blank_headers_get_distinct_names():
    frame = read_table("o.csv", csv_bytes([["订单编号", "备注", "备注", ""], ["A", "x", "y", "z"]]))
    assert list(frame.columns) == ["订单编号", "备注", "备注 (2)", "Column D"]


# --- refused files: each with its own key ------------------------------------------------


def file_error(kind: str, name: str, content: bytes, **kw: object) -> str:
    result = parse_upload(kind, name, content, **kw)  # type: ignore[arg-type]
    assert not result.ok and result.frame.empty
    assert len(result.errors) >= 1 and result.errors[0].row is None
    for lang in ("en", "zh"):
        assert "{" not in result.errors[0].message(lang)
    return result.errors[0].key


def test_empty_file_and_header_only(tmp_path: Path):
    assert file_error("orders", *saved(tmp_path, "empty.csv", b"")) == "import.empty_file"
    assert file_error("orders", *saved(tmp_path, "blank.csv", b"\r\n \r\n")) == "import.empty_file"
    header_only = csv_bytes([ZH_HEADER])
    assert file_error("orders", *saved(tmp_path, "h.csv", header_only)) == "import.no_rows"
    xlsx_header_only = xlsx_bytes([ZH_HEADER])
    assert file_error("orders", *saved(tmp_path, "h.xlsx", xlsx_header_only)) == "import.no_rows"
    empty_book = xlsx_bytes([])
    assert file_error("orders", *saved(tmp_path, "e.xlsx", empty_book)) == "import.empty_file"


def test_not_a_spreadsheet_at_all(tmp_path: Path):
    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
    assert file_error("orders", *saved(tmp_path, "report.pdf", pdf)) == "import.unsupported_type"
    assert file_error("orders", *saved(tmp_path, "orders", b"a,b\n1,2\n")) == (
        "import.unsupported_type"
    )
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    assert file_error("orders", *saved(tmp_path, "photo.csv", png)) == "import.content_mismatch"
    blob = bytes(np.random.default_rng(1).integers(0, 256, 4096, dtype=np.uint8))
    assert file_error("orders", *saved(tmp_path, "blob.csv", b"\x00" + blob)) == "import.not_text"
    workbook_named_csv = xlsx_bytes([ZH_HEADER, ZH_ROWS[0]])
    assert file_error("orders", *saved(tmp_path, "o.csv", workbook_named_csv)) == (
        "import.content_mismatch"
    )


def test_xlsx_that_is_not_a_zip(tmp_path: Path):
    text = csv_bytes([ZH_HEADER, *ZH_ROWS])
    assert file_error("orders", *saved(tmp_path, "o.xlsx", text)) == "import.not_xlsx"
    old_excel = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512
    assert file_error("orders", *saved(tmp_path, "o.xlsx", old_excel)) == "import.content_mismatch"
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert file_error("orders", *saved(tmp_path, "doc.xlsx", other_zip.getvalue())) == (
        "import.not_xlsx"
    )
    broken = xlsx_bytes([ZH_HEADER, ZH_ROWS[0]])[:-200]  # truncated download
    assert file_error("orders", *saved(tmp_path, "cut.xlsx", broken)) in (
        "import.not_xlsx",
        "import.xlsx_unreadable",
    )


def bomb_bytes(size: int) -> bytes:
    """An .xlsx-shaped zip whose sheet inflates to `size` bytes of spaces (~1000:1)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b" " * 2**20
            for _ in range(size // 2**20):
                member.write(chunk)
    return buffer.getvalue()


def test_zip_bomb_is_refused_before_parsing(tmp_path: Path):
    content = bomb_bytes(64 * 2**20)
    assert len(content) < 2**20  # under a megabyte on disk
    started = time.perf_counter()
    assert file_error("orders", *saved(tmp_path, "bomb.xlsx", content)) == "import.zip_bomb"
    assert time.perf_counter() - started < 5


def test_forged_zip_sizes_are_caught_while_inflating(tmp_path: Path):
    content = bytearray(bomb_bytes(20 * 2**20))
    # Shrink the declared size in the central directory: the inflate check must not trust it.
    archive = zipfile.ZipFile(io.BytesIO(bytes(content)))
    info = archive.getinfo("xl/worksheets/sheet1.xml")
    directory = content.rfind(b"PK\x01\x02", 0, content.rfind(b"xl/worksheets/sheet1.xml"))
    content[directory + 24 : directory + 28] = (1000).to_bytes(4, "little")
    assert info.file_size == 20 * 2**20
    key = file_error("orders", *saved(tmp_path, "forged.xlsx", bytes(content)))
    assert key in ("import.zip_bomb", "import.xlsx_unreadable")


def test_file_over_the_size_limit(tmp_path: Path):
    content = csv_bytes([ZH_HEADER, *ZH_ROWS * 200])
    key = file_error("orders", *saved(tmp_path, "big.csv", content), max_bytes=10_000)
    assert key == "import.file_too_large"
    result = parse_upload("orders", "big.csv", content, max_bytes=10_000)
    assert result.errors[0].params["max_mb"] == "0"
    assert "MB" in result.errors[0].message("en")


def test_a_million_empty_rows_are_dropped_fast(tmp_path: Path):
    body = "\r\n".join(",".join(r) for r in [ZH_HEADER, *ZH_ROWS]) + "\r\n"
    content = (body + ",,,,,,,,,,\r\n" * 1_000_000 + "SO-003,2026-03-07,C003,x,,,,,,,\r\n").encode()
    name, content = saved(tmp_path, "padded.csv", content)
    started = time.perf_counter()
    result = parse_upload("orders", name, content)
    assert time.perf_counter() - started < 10
    assert result.total_rows == 3 and result.valid_rows == 2
    assert [(e.row, e.column, e.key) for e in result.errors] == [
        (1_000_004, "paid_amount", "import.not_amount")
    ]


def test_a_stray_cell_a_million_rows_down_in_xlsx(tmp_path: Path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(ZH_HEADER[:4])
    sheet.append(ZH_ROWS[0][:4])
    sheet.cell(row=1_000_000, column=3).value = " "  # a space typed far below the data
    buffer = io.BytesIO()
    book.save(buffer)
    started = time.perf_counter()
    result = parse_upload("orders", *saved(tmp_path, "stray.xlsx", buffer.getvalue()))
    assert time.perf_counter() - started < 10
    assert result.ok and result.total_rows == 1


def test_merged_title_rows_above_the_header(tmp_path: Path):
    title = ["2026年3月 订单明细（导出时间 2026-04-01）"] + [None] * 10
    group = ["订单信息", None, None, "金额", None, None, "归属", None, None, "状态", None]
    rows = [ZH_HEADER, ZH_ROWS[0], [*ZH_ROWS[1][:3], "8x8", *ZH_ROWS[1][4:]]]
    content = xlsx_bytes(
        rows, before=[title, group], merges=["A1:K1", "A2:C2", "D2:F2", "G2:I2", "J2:K2"]
    )
    name, content = saved(tmp_path, "merged.xlsx", content)
    raw = read_raw(name, content, kind="orders")
    assert raw.header_row == 3
    result = parse_upload("orders", name, content)
    assert result.valid_rows == 1
    # the user sees the bad amount on spreadsheet row 5 (title, group, header, row 4, row 5)
    assert [(e.row, e.column, e.key) for e in result.errors] == [
        (5, "paid_amount", "import.not_amount")
    ]
    assert result.errors[0].message("en").startswith("Row 5, paid_amount: '8x8'")


def test_multi_line_header_cells(tmp_path: Path):
    header = ["订单\n编号", "下单\n时间", "买家 ID", "实付金额\n（元）"]
    content = xlsx_bytes([header, ["A1", datetime(2026, 3, 5), "C1", 10]])
    result = parse_upload("orders", *saved(tmp_path, "lines.xlsx", content))
    assert result.ok, [e.message() for e in result.errors]
    assert result.frame["paid_amount"].tolist() == [10.0]


def test_no_header_in_the_first_rows(tmp_path: Path):
    rows = [["x", "y", "z"]] * 12 + [ZH_HEADER, ZH_ROWS[0]]
    name, content = saved(tmp_path, "deep.csv", csv_bytes(rows))
    assert file_error("orders", name, content) == "import.no_header"


def test_data_sheet_found_behind_a_notes_sheet(tmp_path: Path):
    content = xlsx_bytes(
        [ZH_HEADER, *ZH_ROWS],
        title="订单",
        sheets_before=[("说明", [["本表为订单导出"], ["请勿修改表头"]])],
    )
    assert_good_orders(parse_upload("orders", *saved(tmp_path, "two.xlsx", content)))


def test_wrong_encoding_garbage(tmp_path: Path):
    latin = "Bestellnummer,Zeit,Kunde,Betrag\nÄ1,2026-03-05,Ö,1\n".encode("cp1252")
    assert file_error("orders", *saved(tmp_path, "de.csv", latin)) == "import.bad_encoding"
    shift_jis = "注文番号,注文日時,顧客番号,支払金額\nA1,2026-03-05,C1,1\n".encode("shift_jis")
    assert file_error("orders", *saved(tmp_path, "jp.csv", shift_jis)) == "import.bad_encoding"


def test_malformed_csv_names_the_line(tmp_path: Path):
    good = csv_bytes([ZH_HEADER[:4], *[ZH_ROWS[0][:4]] * 3000])  # wider row beyond the 64 KB sample
    content = good + b"SO-9,2026-03-05,C9,1,extra,more\r\n"
    result = parse_upload("orders", *saved(tmp_path, "bad.csv", content))
    assert result.errors[0].key == "import.csv_malformed"
    assert "line 3002" in result.errors[0].params["detail"]
    unclosed = csv_bytes([ZH_HEADER[:4], ZH_ROWS[0][:4]]) + b'SO-9,"2026-03-05,C9,1\r\n'
    result = parse_upload("orders", *saved(tmp_path, "quote.csv", unclosed))
    assert result.errors[0].key == "import.csv_malformed"


def test_cells_beyond_the_header_are_kept_visible_not_dropped(tmp_path: Path):
    content = csv_bytes([ZH_HEADER[:4], ZH_ROWS[0][:4]]) + b"SO-9,2026-03-05,C9,1,extra\r\n"
    result = parse_upload("orders", *saved(tmp_path, "wide.csv", content))
    assert result.ok and result.unmapped == ["Column E"]


def test_read_table_raises_a_keyed_error():
    with pytest.raises(ValidationError) as caught:
        read_table("x.docx", b"PK\x03\x04")
    assert caught.value.key == "import.unsupported_type"
