"""Validation of uploads: every SPEC §9 kind to canonical values, and each broken cell's key.

Expected values are written out by hand; row numbers are the ones a user sees in Excel.
"""

from __future__ import annotations

import math
import re
import time
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from core.i18n import catalogue
from data.importing import MAX_ERRORS, ParseResult, parse_upload
from tests.data.fixtures.importing_files import csv_bytes, saved, xlsx_bytes

KNOWN = {"E001", "E002", "E003", "E004", "E005", "E006"}
TODAY = date(2026, 3, 15)
NaT = pd.NaT
T = pd.Timestamp


def parse(kind: str, rows: list[list[object]], *, xlsx: bool = False, **kw: object) -> ParseResult:
    content = xlsx_bytes(rows) if xlsx else csv_bytes(rows)
    kw.setdefault("known_employee_ids", KNOWN)
    kw.setdefault("today", TODAY)
    return parse_upload(kind, "upload.xlsx" if xlsx else "upload.csv", content, **kw)  # type: ignore[arg-type]


def column(result: ParseResult, name: str) -> list[object]:
    """Values with every kind of missing (None, NaN, NaT, NA) shown as None."""
    return [
        None
        if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) or v is NaT
        else v
        for v in result.frame[name].tolist()
    ]


def keys(result: ParseResult) -> list[tuple[int | None, str | None, str]]:
    return [(e.row, e.column, e.key) for e in result.errors]


# --- every kind parses to canonical values ---------------------------------------------------


def test_employees():
    result = parse(
        "employees",
        [
            [
                "员工编号",
                "姓名",
                "角色",
                "团队",
                "上级工号",
                "邮箱",
                "入职日期",
                "离职日期",
                "目标奖金",
            ],
            [
                "E101",
                "王总",
                "director",
                "电商部",
                "",
                "wang@example.com",
                "2020-01-06",
                "",
                "5000",
            ],
            [
                "E102",
                "李娜",
                "销售",
                "销售一组",
                "E101",
                "li.na@example.com",
                "2026/3/16",
                "2026-06-30",
                "3,000.00",
            ],
        ],
    )
    assert result.ok, keys(result)
    assert column(result, "employee_id") == ["E101", "E102"]
    assert column(result, "name") == ["王总", "李娜"]
    assert column(result, "role") == ["director", "sales"]  # 销售 is the sales role
    assert column(result, "team") == ["电商部", "销售一组"]
    assert column(result, "manager_id") == [None, "E101"]  # a manager from the same file
    assert column(result, "email") == ["wang@example.com", "li.na@example.com"]
    assert column(result, "hire_date") == [T("2020-01-06"), T("2026-03-16")]
    assert column(result, "leave_date") == [None, T("2026-06-30")]
    assert column(result, "target_bonus") == [5000.0, 3000.0]


def test_traffic():
    result = parse(
        "traffic",
        [
            ["日期", "店铺", "访客数", "浏览量", "新访客数"],
            ["20260305", "旗舰店", "1,024", "5000", "300"],
            ["2026-03-06", "旗舰店", "980", "", ""],
        ],
    )
    assert result.ok, keys(result)
    assert column(result, "date") == [T("2026-03-05"), T("2026-03-06")]
    assert column(result, "store") == ["旗舰店", "旗舰店"]
    assert column(result, "visitors") == [1024.0, 980.0]
    assert column(result, "page_views") == [5000.0, None]
    assert column(result, "new_visitors") == [300.0, None]


def test_tickets():
    result = parse(
        "tickets",
        [
            [
                "ticket_id",
                "employee_id",
                "created_at",
                "first_response_at",
                "resolved_at",
                "is_complaint",
                "rating",
                "qa_correct",
            ],
            [
                "T1",
                "E003",
                "2026-03-05 09:00:00",
                "2026-03-05 09:00:45",
                "2026-03-05 10:00",
                "no",
                "5",
                "yes",
            ],
            ["T2", "E003", "2026-03-05T21:00:00+08:00", "", "", "Y", "", ""],
        ],
    )
    assert result.ok, keys(result)
    assert column(result, "created_at") == [T("2026-03-05 09:00"), T("2026-03-05 21:00")]
    assert column(result, "first_response_at") == [T("2026-03-05 09:00:45"), None]
    assert column(result, "resolved_at") == [T("2026-03-05 10:00"), None]
    assert column(result, "is_complaint") == [False, True]
    assert column(result, "rating") == [5.0, None]
    assert column(result, "qa_correct") == [True, None]


def test_design_tasks():
    result = parse(
        "design_tasks",
        [
            [
                "任务编号",
                "设计师工号",
                "截止日期",
                "交付时间",
                "质量评分",
                "修改次数",
                "页面ID",
                "上线日期",
            ],
            ["D1", "E004", "2026-03-10", "2026-03-09 17:00", "88.5", "2", "P1", "2026-03-11"],
            ["D2", "E004", "2026年3月20日", "", "", "0", "", ""],
        ],
    )
    assert result.ok, keys(result)
    assert column(result, "due_date") == [T("2026-03-10"), T("2026-03-20")]
    assert column(result, "delivered_at") == [T("2026-03-09 17:00"), None]
    assert column(result, "quality_score") == [88.5, None]
    assert column(result, "revisions") == [2.0, 0.0]
    assert column(result, "page_id") == ["P1", None]
    assert column(result, "go_live_date") == [T("2026-03-11"), None]


def test_calls_from_xlsx_with_native_and_serial_dates():
    result = parse(
        "calls",
        [
            [
                "通话ID",
                "坐席工号",
                "通话时间",
                "客户ID",
                "通话时长(秒)",
                "是否有效",
                "是否意向",
                "是否成交",
            ],
            ["CALL1", "E002", datetime(2026, 3, 5, 10, 45), "C1", 312, "是", "否", "否"],
            ["CALL2", "E002", 46087.5, 10086, 60, 1, 1, True],  # serial 46087.5 = 2026-03-06 12:00
        ],
        xlsx=True,
    )
    assert result.ok, keys(result)
    assert column(result, "call_time") == [T("2026-03-05 10:45"), T("2026-03-06 12:00")]
    assert column(result, "customer_id") == ["C1", "10086"]  # a numeric id stays '10086'
    assert column(result, "duration_s") == [312.0, 60.0]
    assert column(result, "effective") == [True, True]
    assert column(result, "intent") == [False, True]
    assert column(result, "deal") == [False, True]


def test_attendance():
    result = parse(
        "attendance",
        [
            ["工号", "考勤日期", "迟到分钟", "早退分钟", "缺勤天数"],
            ["E002", "2026-03-02", "5", "0", "0"],
            ["E002", "2026-03-03", "", "", "0.5"],
        ],
    )
    assert result.ok, keys(result)
    assert column(result, "date") == [T("2026-03-02"), T("2026-03-03")]
    assert column(result, "late_minutes") == [5.0, None]
    assert column(result, "early_leave_minutes") == [0.0, None]
    assert column(result, "absent_days") == [0.0, 0.5]


def test_training():
    result = parse(
        "training",
        [
            ["employee_id", "date", "course", "completed", "exam_score"],
            ["E002", "2026-03-10", "产品知识", "true", "92"],
            ["E003", "2026-03-10", "产品知识", "0", ""],
        ],
    )
    assert result.ok, keys(result)
    assert column(result, "course") == ["产品知识", "产品知识"]
    assert column(result, "completed") == [True, False]
    assert column(result, "exam_score") == [92.0, None]


def test_campaigns():
    result = parse(
        "campaigns",
        [
            ["活动ID", "活动名称", "开始日期", "结束日期", "负责人工号", "参与人数"],
            ["CP1", "三八女王节", "2026-03-06", "2026-03-08", "E005", "1200"],
            ["CP2", "春季上新", "2026-03-20", "2026-03-31", "", ""],
        ],
    )
    assert result.ok, keys(result)
    assert column(result, "name") == ["三八女王节", "春季上新"]
    assert column(result, "start_date") == [T("2026-03-06"), T("2026-03-20")]
    assert column(result, "end_date") == [T("2026-03-08"), T("2026-03-31")]
    assert column(result, "owner_id") == ["E005", None]
    assert column(result, "participants") == [1200.0, None]


def test_targets():
    result = parse(
        "targets",
        [
            ["period", "kpi_id", "target", "employee_id", "role"],
            ["2026-03", "net_sales", "300000", "E002", ""],
            ["2026/4", "客户满意度", "0.95", "", "客服"],  # the KPI's and the role's Chinese names
        ],
    )
    assert result.ok, keys(result)
    assert column(result, "period") == ["2026-03", "2026-04"]
    assert column(result, "kpi_id") == ["net_sales", "csat"]
    assert column(result, "target") == [300000.0, 0.95]
    assert column(result, "employee_id") == ["E002", None]
    assert column(result, "role") == [None, "cs"]


def test_metrics():
    result = parse(
        "metrics",
        [
            ["员工编号", "考核月份", "指标", "数值"],
            ["E002", "2026-03", "collaboration", "85"],
            ["E002", "2026年3月", "工作态度", "90.5"],
        ],
    )
    assert result.ok, keys(result)
    assert column(result, "period") == ["2026-03", "2026-03"]
    assert column(result, "kpi_id") == ["collaboration", "attitude"]
    assert column(result, "value") == [85.0, 90.5]


def test_stores():
    result = parse("stores", [["店铺", "负责人工号"], ["旗舰店", "E005"], ["专卖店", "E006"]])
    assert result.ok, keys(result)
    assert column(result, "store") == ["旗舰店", "专卖店"]
    assert column(result, "owner_id") == ["E005", "E006"]


def test_templates():
    result = parse(
        "templates",
        [
            ["角色", "指标", "权重", "目标", "计分方式", "得分上限", "分档"],
            ["sales", "net_sales", "40", "300000", "linear", "120", ""],
            ["销售", "orders", "20", "500", "分档", "", ">=1:100;>=0.9:80"],
        ],
    )
    assert result.ok, keys(result)
    assert column(result, "role") == ["sales", "sales"]
    assert column(result, "kpi_id") == ["net_sales", "orders"]
    assert column(result, "weight") == [40.0, 20.0]
    assert column(result, "target") == [300000.0, 500.0]
    assert column(result, "method") == ["linear", "bands"]
    assert column(result, "cap") == [120.0, None]
    assert column(result, "bands") == [None, ">=1:100;>=0.9:80"]


def test_frames_have_the_canonical_dtypes():
    result = parse(
        "tickets",
        [
            ["工单号", "客服工号", "创建时间", "评分", "是否投诉"],
            ["T1", "E003", "2026-03-05", "4", "否"],
        ],
    )
    frame = result.frame
    assert str(frame["created_at"].dtype) == "datetime64[ns]"
    assert frame["rating"].dtype == "float64"
    assert str(frame["is_complaint"].dtype) == "boolean"
    assert frame["ticket_id"].dtype == object
    assert list(frame.columns) == [
        "ticket_id",
        "employee_id",
        "created_at",
        "first_response_at",
        "resolved_at",
        "is_complaint",
        "rating",
        "qa_correct",
    ]


# --- broken cells and rows: each with its own key --------------------------------------------

ORDER_HEADER = ["订单编号", "下单时间", "买家ID", "实付金额", "员工编号", "退款金额"]


def orders(*rows: list[object], **kw: object) -> ParseResult:
    return parse("orders", [ORDER_HEADER, *rows], **kw)


def test_wrong_type_names_row_column_and_value():
    result = orders(
        ["A1", "2026-03-05", "C1", "100", "", ""], ["A2", "2026-03-05", "C2", "12,5x", "", ""]
    )
    assert keys(result) == [(3, "paid_amount", "import.not_amount")]
    error = result.errors[0]
    assert error.params["value"] == "12,5x"
    assert error.message("en") == (
        "Row 3, paid_amount: '12,5x' is not an amount (expected a number such as 1234.50)."
    )
    assert error.message("zh").startswith("第 3 行，实付金额（paid_amount）：“12,5x”不是有效金额")
    assert result.valid_rows == 1 and result.frame["order_id"].tolist() == ["A1"]
    frame = result.errors_frame("zh")
    assert list(frame.columns) == ["row", "column", "message"]
    assert frame.loc[0, "row"] == 3 and "12,5x" in frame.loc[0, "message"]


def test_negative_amount_and_amount_rules():
    result = orders(
        ["A1", "2026-03-05", "C1", "-5", "", ""],
        ["A2", "2026-03-05", "C2", "12.345", "", ""],
        ["A3", "2026-03-05", "C3", "¥1,299.50", "", "0.30000000000000004"],
        ["A4", "2026-03-05", "C4", "200000000", "", ""],
        ["A5", "2026-03-05", "C5", "nan", "", "inf"],
    )
    assert keys(result) == [
        (2, "paid_amount", "import.negative"),
        (3, "paid_amount", "import.amount_decimals"),
        (5, "paid_amount", "import.too_large"),
        (6, "paid_amount", "import.not_amount"),
        (6, "refund_amount", "import.not_amount"),
    ]
    assert result.frame["paid_amount"].tolist() == [1299.5]
    assert result.frame["refund_amount"].tolist() == [0.3]


def test_duplicate_id_reports_every_row_of_it():
    result = orders(
        ["A1", "2026-03-05", "C1", "1", "", ""],
        ["A2", "2026-03-05", "C1", "1", "", ""],
        [" A1 ", "2026-03-06", "C2", "2", "", ""],
    )
    assert keys(result) == [
        (2, "order_id", "import.duplicate_key"),
        (4, "order_id", "import.duplicate_key"),
    ]
    assert result.errors[1].params == {
        "value": "A1",
        "first_row": 2,
        "count": 2,
        "key_columns": "order_id",
    }
    assert result.frame["order_id"].tolist() == ["A2"]  # neither copy is guessed right


def test_duplicate_composite_key_compares_canonical_values():
    result = parse(
        "attendance",
        [
            ["工号", "考勤日期", "迟到分钟"],
            ["E002", "2026-03-02", "5"],
            ["E002", "2026/3/2", "7"],
            ["E003", "2026-03-02", "1"],
        ],
    )
    assert keys(result) == [
        (2, "employee_id", "import.duplicate_key"),
        (3, "employee_id", "import.duplicate_key"),
    ]


def test_unknown_employee_and_manager_references():
    result = orders(["A1", "2026-03-05", "C1", "1", "E999", ""])
    assert keys(result) == [(2, "employee_id", "import.unknown_employee")]
    unchecked = orders(["A1", "2026-03-05", "C1", "1", "E999", ""], known_employee_ids=None)
    assert unchecked.ok  # no reference data given: nothing to check against
    staff = parse(
        "employees",
        [
            ["员工编号", "姓名", "角色", "上级工号"],
            ["E201", "甲", "sales", "E001"],  # known in the database
            ["E202", "乙", "sales", "E201"],  # in this file
            ["E203", "丙", "sales", "E777"],
            ["E204", "丁", "sales", "E204"],
        ],
    )
    assert keys(staff) == [
        (4, "manager_id", "import.unknown_manager"),
        (5, "manager_id", "import.self_manager"),
    ]


def test_unknown_store_when_stores_are_given():
    result = parse(
        "orders",
        [
            ["订单编号", "下单时间", "买家ID", "实付金额", "店铺"],
            ["A1", "2026-03-05", "C1", "1", "旗舰店"],
            ["A2", "2026-03-05", "C1", "1", "不存在的店"],
        ],
        known_store_ids={"旗舰店"},
    )
    assert keys(result) == [(3, "store", "import.unknown_store")]


@pytest.mark.parametrize(
    "value", ["2026-02-30", "yesterday", "2026", "2026-03", "03/05/2026", "10:30", "2026-13-01"]
)
def test_a_date_that_is_not_a_date(value: str):
    result = orders(["A1", value, "C1", "1", "", ""])
    assert keys(result) == [(2, "order_time", "import.not_datetime")]
    result = parse("attendance", [["工号", "考勤日期"], ["E002", value]])
    assert keys(result) == [(2, "date", "import.not_date")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-05", "2026-03-05 00:00"),
        ("2026/03/05 14:30", "2026-03-05 14:30"),
        ("2026/3/5", "2026-03-05"),
        ("2026.3.5 8:05:09", "2026-03-05 08:05:09"),
        ("2026年3月5日", "2026-03-05"),
        ("2026年3月5日 14:30", "2026-03-05 14:30"),
        ("20260305", "2026-03-05"),
        ("46086", "2026-03-05"),
        ("46086.75", "2026-03-05 18:00"),
        ("2026-03-05T14:30:00Z", "2026-03-05 14:30"),
        ("2026-03-05 14:30:00.250", "2026-03-05 14:30:00.25"),
    ],
)
def test_accepted_date_forms(value: str, expected: str):
    result = orders(["A1", value, "C1", "1", "", ""])
    assert result.ok, keys(result)
    assert result.frame["order_time"].iloc[0] == T(expected)


def test_dates_out_of_range_and_in_the_wrong_order():
    result = orders(
        ["A1", "1900-01-01", "C1", "1", "", ""], ["A2", "2150-01-01", "C1", "1", "", ""]
    )
    assert keys(result) == [
        (2, "order_time", "import.date_out_of_range"),
        (3, "order_time", "import.date_out_of_range"),
    ]
    staff = parse(
        "employees",
        [
            ["员工编号", "姓名", "角色", "入职日期", "离职日期"],
            ["E301", "甲", "ops", "2026-03-10", "2026-03-01"],
        ],
    )
    assert keys(staff) == [(2, "leave_date", "import.date_order")]
    assert staff.errors[0].params["other_value"] == "2026-03-10"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("true", True),
        ("FALSE", False),
        ("1", True),
        ("0", False),
        ("yes", True),
        ("No", False),
        ("y", True),
        ("N", False),
        ("是", True),
        ("否", False),
    ],
)
def test_booleans(text: str, value: bool):
    result = parse(
        "orders",
        [
            ["订单编号", "下单时间", "买家ID", "实付金额", "是否回款"],
            ["A1", "2026-03-05", "C1", "1", text],
        ],
    )
    assert result.frame["collected"].tolist() == [value]


def test_not_a_boolean_whole_number_or_in_range():
    result = parse(
        "tickets",
        [
            ["工单号", "客服工号", "创建时间", "评分", "是否投诉"],
            ["T1", "E003", "2026-03-05", "6", "maybe"],
            ["T2", "E003", "2026-03-05", "4.5", ""],
            ["T3", "E003", "2026-03-05", "4.0", ""],
        ],
    )
    assert keys(result) == [
        (2, "is_complaint", "import.not_bool"),
        (2, "rating", "import.out_of_range"),
        (3, "rating", "import.not_integer"),
    ]
    assert result.errors[1].params["minimum"] == "1" and result.errors[1].params["maximum"] == "5"
    assert result.frame["rating"].tolist() == [4.0]


def test_absurd_values_are_refused():
    result = parse(
        "attendance",
        [
            ["工号", "考勤日期", "迟到分钟", "缺勤天数"],
            ["E002", "2026-03-02", "2000", "0"],
            ["E002", "2026-03-03", "0", "1.5"],
        ],
    )
    assert keys(result) == [
        (2, "late_minutes", "import.too_large"),
        (3, "absent_days", "import.out_of_range"),
    ]
    assert result.errors[0].params["maximum"] == "1,440"


def test_periods_roles_kpis_and_methods():
    result = parse(
        "targets",
        [
            ["period", "kpi_id", "target", "role"],
            ["2026-13", "net_sales", "1", "sales"],
            ["2026-05", "net_sales", "1", "sales"],  # beyond next month (2026-04)
            ["1999-12", "net_sales", "1", "sales"],
            ["2026-03", "revenue", "1", "boss"],
        ],
    )
    assert keys(result) == [
        (2, "period", "import.not_period"),
        (3, "period", "import.period_future"),
        (4, "period", "import.period_too_old"),
        (5, "kpi_id", "import.not_kpi"),
        (5, "role", "import.not_role"),
    ]
    assert result.errors[1].params["latest"] == "2026-04"
    methods = parse(
        "templates", [["role", "kpi_id", "weight", "method"], ["sales", "net_sales", "50", "curve"]]
    )
    assert keys(methods) == [(2, "method", "import.not_method")]


def test_target_scope():
    result = parse(
        "targets",
        [
            ["period", "kpi_id", "target", "employee_id", "role"],
            ["2026-03", "net_sales", "1", "E002", "sales"],
            ["2026-03", "orders", "1", "", ""],
        ],
    )
    assert keys(result) == [
        (2, "role", "import.target_scope_both"),
        (3, "employee_id", "import.target_scope_missing"),
    ]


def test_required_cell_empty():
    result = orders(["A1", "2026-03-05", "", "1", "", ""], ["", "2026-03-05", "C2", "", "", ""])
    assert keys(result) == [
        (2, "customer_id", "import.required_missing"),
        (3, "order_id", "import.required_missing"),
        (3, "paid_amount", "import.required_missing"),
    ]


@pytest.mark.parametrize(
    ("cell", "char"),
    [
        ('=HYPERLINK("http://x","click")', "="),
        ("+cmd|' /C calc'!A0", "+"),
        ("-2+3+cmd|' /C calc'!A0", "-"),
        ("@SUM(1+1)*cmd|' /C calc'!A0", "@"),
        ("  =1+1", "="),
    ],
)
def test_formula_looking_cells_are_refused(cell: str, char: str):
    result = orders(["A1", "2026-03-05", cell, "1", "", ""])
    assert keys(result) == [(2, "customer_id", "import.formula_like")]
    assert result.errors[0].params["char"] == char
    assert "formula" in result.errors[0].message("en") and "公式" in result.errors[0].message("zh")


def test_signed_numbers_phone_numbers_and_html_are_kept_verbatim():
    result = orders(
        ["A1", "2026-03-05", "+86 138-0000-0000", "1", "", ""],
        ["A2", "2026-03-05", "-1", "1", "", ""],
        ["A3", "2026-03-05", "<script>alert('x')</script>", "1", "", ""],
        ["A4", "2026-03-05", "<b>VIP</b> & 张三", "1", "", ""],
    )
    assert result.ok, keys(result)
    assert result.frame["customer_id"].tolist() == [
        "+86 138-0000-0000",
        "-1",
        "<script>alert('x')</script>",
        "<b>VIP</b> & 张三",
    ]


def test_ids_mangled_by_excel_and_overlong_text():
    result = orders(
        ["1.23457E+17", "2026-03-05", "C1", "1", "", ""],
        ["A2", "2026-03-05", "C" * 601, "1", "", ""],
    )
    assert keys(result) == [
        (2, "order_id", "import.id_scientific"),
        (3, "customer_id", "import.text_too_long"),
    ]
    assert result.errors[1].params["length"] == 601


def test_bad_email():
    result = parse(
        "employees", [["员工编号", "姓名", "角色", "邮箱"], ["E401", "甲", "hr", "jia@"]]
    )
    assert keys(result) == [(2, "email", "import.not_email")]


def test_error_list_is_capped_with_a_summary(tmp_path: Path):
    rows = [[f"A{i}", "2026-03-05", "C1", "x", "", "y"] for i in range(3000)]
    started = time.perf_counter()
    result = orders(*rows)
    assert time.perf_counter() - started < 5
    assert len(result.errors) == MAX_ERRORS + 1
    assert result.errors[0].row == 2 and result.errors[-2].row == 501  # two errors a row
    summary = result.errors[-1]
    assert (summary.row, summary.key) == (None, "import.too_many_errors")
    assert summary.params == {"shown": MAX_ERRORS, "total": 6000, "rows": 3000}
    assert "6000" in summary.message("en") and "6000" in summary.message("zh")


def test_fifty_thousand_rows_parse_in_a_few_seconds(tmp_path: Path):
    n = 50_000
    rng = np.random.default_rng(7)
    frame = pd.DataFrame(
        {
            "订单编号": [f"SO{i:07d}" for i in range(n)],
            "下单时间": pd.Series(
                pd.Timestamp("2026-03-01")
                + pd.to_timedelta(rng.integers(0, 30 * 86400, n), unit="s")
            ).dt.strftime("%Y-%m-%d %H:%M:%S"),
            "买家ID": [f"C{i:06d}" for i in rng.integers(0, 20_000, n)],
            "实付金额": np.round(rng.uniform(1, 5000, n), 2),
            "员工编号": rng.choice(sorted(KNOWN), n),
            "退款金额": np.where(rng.random(n) < 0.1, 1.0, 0.0),  # never above a paid amount (≥ 1)
            "是否回款": rng.choice(["是", "否"], n),
        }
    )
    frame["实付金额"] = frame["实付金额"].astype(str)
    frame.loc[123, "实付金额"] = "abc"  # one bad cell, at spreadsheet row 125
    name, content = saved(tmp_path, "big.csv", frame.to_csv(index=False).encode("gbk"))
    started = time.perf_counter()
    result = parse_upload("orders", name, content, known_employee_ids=KNOWN)
    elapsed = time.perf_counter() - started
    assert keys(result) == [(125, "paid_amount", "import.not_amount")]
    assert result.valid_rows == n - 1
    assert elapsed < 5, elapsed


# --- messages --------------------------------------------------------------------------------


def test_every_import_message_exists_in_both_languages():
    messages = {k: v for k, v in catalogue().items() if k.startswith("import.")}
    assert len(messages) > 60
    for key, (en, zh) in messages.items():
        assert en and zh and en != zh, key
        assert re.search(r"[\u4e00-\u9fff]", zh), key

        # the same parameters, except that each language may pick its own label
        def params(text: str) -> set[str]:
            return {re.sub(r"_(en|zh)$", "", p) for p in re.findall(r"{(\w+)}", text)}

        assert params(en) == params(zh), key


def test_every_error_raised_here_formats_without_gaps():
    results = [
        orders(["A1", "x", "", "-1", "E999", "1.234"], ["A1", "2026-03-05", "=1", "1e9", "", ""]),
        parse("targets", [["period", "kpi_id", "target", "role"], ["2099-01", "x", "y", "z"]]),
        parse(
            "employees",
            [["员工编号", "姓名", "角色", "邮箱", "上级工号"], ["E1", "a", "b", "c", "E1"]],
        ),
    ]
    errors = [e for r in results for e in r.errors]
    assert len({e.key for e in errors}) >= 12
    for error in errors:
        for lang in ("en", "zh"):
            text = error.message(lang)
            assert error.key not in text and "{" not in text, (error, text)


@pytest.mark.parametrize("xlsx", [False, True], ids=["csv", "xlsx"])
def test_a_date_centuries_away_is_out_of_range_not_a_crash(xlsx: bool) -> None:
    # Year 2500 is beyond pandas' nanosecond timestamps (which end in 2262): it must still
    # get the range message, from text and from a typed .xlsx date cell alike.
    far = datetime(2500, 1, 1, 10, 0) if xlsx else "2500-01-01 10:00"
    result = orders(["A1", "2026-03-05", "C1", "100", "", ""], ["A2", far, "C2", "100", "", ""],
                    xlsx=xlsx)  # fmt: skip
    assert keys(result) == [(3, "order_time", "import.date_out_of_range")]
    assert result.errors[0].params["latest"] == 2099
    assert result.frame["order_id"].tolist() == ["A1"]


def test_typed_xlsx_cells_are_quoted_as_the_user_typed_them() -> None:
    # Calamine hands a whole-number cell over as the float -5.0: the message quotes '-5'.
    result = orders(["A1", "2026-03-05", "C1", -5, "", ""], xlsx=True)
    assert keys(result) == [(2, "paid_amount", "import.negative")]
    assert result.errors[0].params["value"] == "-5"
