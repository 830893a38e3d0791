"""Header mapping: English and Chinese synonyms, normalisation, priorities and user mappings.

Also pins that a missing required column is one file-level error in the user's language.
"""

from __future__ import annotations

import re

import pytest

from core.schema import KINDS
from data.importing import parse_upload, suggest_mapping
from data.importing.headers import _index, label, match, normalize, synonyms
from tests.data.fixtures.importing_files import csv_bytes

CJK = re.compile(r"[\u4e00-\u9fff]")

# (kind, header as exported, canonical column): the brief's list and common platform names
KNOWN = [
    ("orders", "订单编号", "order_id"),
    ("orders", "订单号", "order_id"),
    ("orders", "实付金额", "paid_amount"),
    ("orders", "支付金额", "paid_amount"),
    ("orders", "下单时间", "order_time"),
    ("orders", "创建时间", "order_time"),
    ("orders", "买家ID", "customer_id"),
    ("orders", "客户ID", "customer_id"),
    ("orders", "退款金额", "refund_amount"),
    ("orders", "成本", "cost"),
    ("orders", "员工编号", "employee_id"),
    ("orders", "工号", "employee_id"),
    ("orders", "店铺", "store"),
    ("orders", "活动ID", "campaign_id"),
    ("orders", "是否回款", "collected"),
    ("orders", "战略客户", "strategic_account"),
    ("traffic", "访客数", "visitors"),
    ("traffic", "浏览量", "page_views"),
    ("traffic", "新访客数", "new_visitors"),
    ("traffic", "日期", "date"),
    ("tickets", "工单号", "ticket_id"),
    ("tickets", "首次响应时间", "first_response_at"),
    ("tickets", "评分", "rating"),
    ("tickets", "创建时间", "created_at"),
    ("tickets", "解决时间", "resolved_at"),
    ("tickets", "是否投诉", "is_complaint"),
    ("tickets", "质检结果", "qa_correct"),
    ("attendance", "考勤日期", "date"),
    ("attendance", "迟到分钟", "late_minutes"),
    ("attendance", "缺勤天数", "absent_days"),
    ("attendance", "早退分钟", "early_leave_minutes"),
    ("employees", "姓名", "name"),
    ("employees", "入职日期", "hire_date"),
    ("employees", "上级工号", "manager_id"),
    ("employees", "角色", "role"),
    ("campaigns", "活动名称", "name"),
    ("campaigns", "参与人数", "participants"),
    ("calls", "通话时长(秒)", "duration_s"),
    ("calls", "是否成交", "deal"),
    ("design_tasks", "截止日期", "due_date"),
    ("design_tasks", "修改次数", "revisions"),
    ("training", "课程", "course"),
    ("training", "考试成绩", "exam_score"),
    ("targets", "月份", "period"),
    ("targets", "指标", "kpi_id"),
    ("templates", "权重", "weight"),
    ("templates", "计分方式", "method"),
    ("stores", "负责人工号", "owner_id"),
    ("metrics", "数值", "value"),
]


@pytest.mark.parametrize(("kind", "header", "column"), KNOWN)
def test_known_headers_map(kind: str, header: str, column: str):
    assert suggest_mapping(kind, [header]) == {header: column}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_column_has_english_and_chinese_names_without_clashes(kind: str):
    _index(kind)  # raises if one synonym named two columns of the kind
    for column in KINDS[kind].column_names:
        words = synonyms(kind, column)
        assert any(CJK.search(w) for w in words), column
        assert any(w.isascii() and w != column for w in words), column
        assert CJK.search(label(kind, column, "zh")), column
        assert suggest_mapping(kind, [label(kind, column, "zh")]) == {
            label(kind, column, "zh"): column
        }


@pytest.mark.parametrize(
    "header",
    ["order_id", "Order ID", " ORDER_ID ", "order-id", "OrderId", "Order\nID", "ｏｒｄｅｒ＿ｉｄ"],
)
def test_matching_ignores_case_space_underscore_width(header: str):
    assert suggest_mapping("orders", [header]) == {header: "order_id"}


def test_unit_brackets_are_dropped_but_time_units_are_respected():
    assert match("orders", "实付金额（元）")[0] == "paid_amount"
    assert match("orders", "实付金额[CNY]")[0] == "paid_amount"
    assert match("calls", "通话时长（秒）")[0] == "duration_s"
    assert match("calls", "通话时长(分钟)") is None  # minutes are not seconds
    assert match("attendance", "迟到时长(分钟)")[0] == "late_minutes"
    assert normalize("  Paid_Amount (yuan) ") == "paidamountyuan"


def test_the_better_synonym_wins_and_each_column_is_taken_once():
    headers = ["订单金额", "实付金额", "订单号", "订单编号"]
    assert suggest_mapping("orders", headers) == {"实付金额": "paid_amount", "订单编号": "order_id"}


def test_kind_decides_what_a_word_means():
    assert suggest_mapping("employees", ["姓名"]) == {"姓名": "name"}
    assert suggest_mapping("campaigns", ["活动名称"]) == {"活动名称": "name"}
    assert suggest_mapping("orders", ["创建时间"]) == {"创建时间": "order_time"}
    assert suggest_mapping("tickets", ["创建时间"]) == {"创建时间": "created_at"}


ROWS = [["单号", "时间", "买家", "金额", "备注"], ["A1", "2026-03-05", "C1", "10", "x"]]


def test_missing_required_column_is_one_error_naming_it_in_the_users_language():
    content = csv_bytes(
        [["订单编号", "下单时间", "买家ID", "金额说明"], ["A1", "2026-03-05", "C1", "x"]]
    )
    result = parse_upload("orders", "o.csv", content)
    assert [(e.row, e.column, e.key) for e in result.errors] == [
        (None, "paid_amount", "import.missing_column")
    ]
    error = result.errors[0]
    assert "实付金额" in error.message("zh") and "金额说明" in error.message("zh")
    assert "Paid amount" in error.message("en") and "金额说明" in error.message("en")
    assert result.unmapped == ["金额说明"]


def test_user_mapping_overrides_and_completes_the_suggestion():
    content = csv_bytes(ROWS)
    result = parse_upload("orders", "o.csv", content)
    assert {e.column for e in result.errors} >= {"paid_amount", "order_id"}
    mapping = {
        "单号": "order_id",
        "时间": "order_time",
        "金额": "paid_amount",
        "备注": "",
        "Not in this file": "store",
    }
    result = parse_upload("orders", "o.csv", content, mapping=mapping)
    assert result.ok, [e.message() for e in result.errors]
    assert result.mapping == {
        "单号": "order_id",
        "时间": "order_time",
        "买家": "customer_id",
        "金额": "paid_amount",
    }
    assert result.unmapped == ["备注"]
    # the user's word beats the suggestion for the same column
    content = csv_bytes(
        [
            ["订单编号", "内部单号", "下单时间", "买家ID", "实付金额"],
            ["A1", "X1", "2026-03-05", "C1", "10"],
        ]
    )
    result = parse_upload("orders", "o.csv", content, mapping={"内部单号": "order_id"})
    assert result.frame["order_id"].tolist() == ["X1"]


def test_bad_user_mappings_are_file_level_errors():
    content = csv_bytes(ROWS)
    wrong = parse_upload("orders", "o.csv", content, mapping={"金额": "amount_paid"})
    assert wrong.errors[0].key == "import.mapping_unknown_column"
    twice = parse_upload(
        "orders", "o.csv", content, mapping={"金额": "paid_amount", "备注": "paid_amount"}
    )
    assert "import.mapping_duplicate" in [e.key for e in twice.errors]
    assert all(e.row is None for e in twice.errors)
