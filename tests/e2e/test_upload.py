"""Uploads through the browser's file chooser: a shop export with Chinese headers is mapped,
previewed, imported and shows on the seller's scorecard; a broken file changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import BrowserContext, Page, expect

from core.i18n import t
from data.records_store import RECORD_MODELS, count_rows
from tests.e2e.ui import (
    App,
    go,
    instrument,
    login,
    main,
    metric,
    problems,
    read_table,
    screenshot,
    select,
    selected,
    set_language,
    tables,
    wait_drawn,
    wait_idle,
)

pytestmark = pytest.mark.e2e

SELLER = "sales"  # the demo account of 高志强 (E19), whose orders these are
UPLOADER = "ops"  # the ops supervisor (E04): orders' steward (SPEC §9), uploading E19's orders
EMPLOYEE = "E19"
HEADERS = ["订单编号", "下单时间", "买家ID", "实付金额", "员工编号"]
FIELDS = ["order_id", "order_time", "customer_id", "paid_amount", "employee_id"]


def workbook(path: Path, rows: list[list[object]]) -> Path:
    """An .xlsx as a shop back-end exports it: Chinese headers, then the rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "订单"
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def this_month_at(hour: int) -> datetime:
    """A time in the running month that has already passed (the 1st, early)."""
    return datetime.combine(date.today().replace(day=1), time(hour, 5))


def counts(app: App) -> dict[str, int]:
    with app.session() as session:
        return {kind: count_rows(session, kind) for kind in RECORD_MODELS}


def choose_file(page: Page, path: Path) -> None:
    """Through the file chooser, as a user picks a file, not by setting the input directly."""
    dropzone = main(page).get_by_test_id("stFileUploaderDropzone")
    with page.expect_file_chooser() as chooser:
        dropzone.get_by_test_id("stBaseButton-secondary").click()
    chooser.value.set_files(str(path))
    expect(main(page).get_by_text(path.name)).to_be_visible()
    expect(main(page).get_by_text(t("ui.upload.rows"), exact=True)).to_be_visible()
    wait_drawn(page)


def net_sales_on_home(page: Page) -> int:
    """The seller's own net sales this month, as his Home scorecard shows it (whole yuan)."""
    go(page, "Home")
    wait_drawn(page)
    shown = metric(page, "Net sales")
    assert shown.startswith("¥"), shown
    return int(re.sub(r"[^\d]", "", shown))


def problem_table(page: Page) -> tuple[list[str], list[list[str]]]:
    """The problems, one line per row: a plain table (it wraps long messages), read as HTML."""
    table = main(page).get_by_test_id("stTable").last
    table.scroll_into_view_if_needed()
    headers = [h.strip() for h in table.locator("thead th").all_text_contents()]
    rows = [
        [c.strip() for c in row.locator("th, td").all_text_contents()]
        for row in table.locator("tbody tr").all()
    ]
    return headers, rows


def test_a_broken_file_shows_each_error_by_row_and_column_and_changes_nothing(
    page: Page, app: App, tmp_path: Path
) -> None:
    broken = workbook(
        tmp_path / "broken-orders.xlsx",
        [
            ["E2E-BAD-1", "not a date", "C-E2E-1", 100, EMPLOYEE],  # row 2: order time
            ["E2E-BAD-2", this_month_at(9), "C-E2E-2", "abc", EMPLOYEE],  # row 3: amount
            ["E2E-BAD-3", this_month_at(9), None, 50, EMPLOYEE],  # row 4: customer missing
        ],
    )
    before = counts(app)
    login(page, app, UPLOADER)
    go(page, "Upload data")
    set_language(page, "简体中文")
    # The uploader's own button and size hint are drawn in Chinese too (Streamlit's words are
    # hidden and ours drawn in their place).
    zone = main(page).get_by_test_id("stFileUploaderDropzone")
    drawn = zone.evaluate(
        """z => [z.querySelector('button p'), z.querySelector(
            '[data-testid="stFileUploaderDropzoneInstructions"] span')]
            .map(e => getComputedStyle(e, '::after').content)"""
    )
    assert drawn == ['"上传文件"', '"每个文件不超过 50MB • XLSX、CSV"']
    set_language(page, "English")
    select(page, t("ui.upload.kind"), t("ui.kind.orders"))
    choose_file(page, broken)

    assert metric(page, t("ui.upload.valid")) == "0"
    expect(main(page).get_by_text(re.compile(r"^3 rows have problems \(3 cells\)"))).to_be_visible()
    headers, rows = problem_table(page)
    assert headers == ["Row", "Cells", "Problem"]
    errors = {(row[0], row[1]) for row in rows}
    assert {("2", "Order time"), ("3", "Paid amount"), ("4", "Customer ID")} <= errors, rows
    expect(main(page).get_by_role("button", name=re.compile("^Import"))).to_have_count(0)
    screenshot(page, "sales-upload-errors-en")
    # The same errors in Chinese (the file stays chosen across the switch).
    set_language(page, "简体中文")
    expect(main(page).get_by_test_id("stTable").locator("th").first).to_have_text(
        t("ui.upload.row", "zh")
    )
    headers, rows = problem_table(page)
    assert headers == [t(f"ui.upload.{c}", "zh") for c in ("row", "cells", "message")]
    assert {("2", "下单时间"), ("3", "实付金额"), ("4", "买家ID")} <= {(r[0], r[1]) for r in rows}
    assert selected(page, t("ui.upload.kind", "zh")) == t("ui.kind.orders", "zh")
    screenshot(page, "sales-upload-errors-zh")
    set_language(page, "English")

    assert counts(app) == before, "a rejected file writes nothing"
    go(page, "Home")
    assert problems(page) == []


def test_a_chinese_shop_export_is_mapped_imported_and_shows_on_the_scorecard(
    page: Page, app: App, tmp_path: Path, new_context: Callable[..., BrowserContext]
) -> None:
    amounts = [1_234, 2_000]  # whole yuan, so the rounded scorecard figure moves by exactly this
    export = workbook(
        tmp_path / "订单导出.xlsx",
        [
            [f"E2E-{n}", this_month_at(8 + n), f"C-E2E-{n}", amount, EMPLOYEE]
            for n, amount in enumerate(amounts)
        ],
    )
    # The seller watches his scorecard at his own computer; the steward uploads.
    seller = instrument(new_context()).new_page()
    login(seller, app, SELLER)
    before = net_sales_on_home(seller)
    orders_before = counts(app)["orders"]
    login(page, app, UPLOADER)

    go(page, "Upload data")
    select(page, t("ui.upload.kind"), t("ui.kind.orders"))
    choose_file(page, export)
    # The headers were recognised: the preview shows the canonical fields, and the mapping
    # (open on request) lists each Chinese header.
    headers, rows = read_table(tables(page).first)
    assert headers[:5] == ["Order ID", "Order time", "Customer ID", "Paid amount", "Employee ID"]
    assert [row[0] for row in rows] == ["E2E-0", "E2E-1"]
    assert {EMPLOYEE} == {row[4] for row in rows}
    mapping = main(page).get_by_test_id("stExpander")
    mapping.get_by_text(t("ui.upload.mapping")).click()
    wait_drawn(page)
    expect(mapping.get_by_text(t("ui.upload.mapping_help"))).to_be_visible()
    headers, rows = read_table(mapping.get_by_test_id("stDataFrame"))
    assert headers == [t("ui.upload.file_header"), t("ui.upload.maps_to")]
    assert dict(rows) == dict(zip(HEADERS, FIELDS, strict=True))
    assert metric(page, t("ui.upload.rows")) == "2"
    assert metric(page, t("ui.upload.problem_rows_label")) == "0"
    screenshot(page, "sales-upload-preview-en")

    main(page).get_by_role("button", name=t("ui.upload.import", rows="2")).click()
    wait_idle(page)
    expect(main(page).get_by_text(re.compile(r"^Imported 2 rows"))).to_be_visible()
    assert problems(page) == []
    assert counts(app)["orders"] == orders_before + 2

    after = net_sales_on_home(seller)
    assert after - before == sum(amounts), (before, after)
