"""The running month of SPEC §10: days to date, pace projection, projected score, grade, bonus
and commission. Every expected number is worked out by hand in the comment beside it.
"""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import pandas as pd
import pytest

from core.periods import Period
from core.policy import DEFAULT_POLICY
from core.projection import (
    days_to_date,
    estimate,
    is_running,
    month_days,
    project,
    projected_scorecard,
    records_as_of,
)
from core.records import Records, conform
from core.targets import resolve_plan

MARCH = Period(2026, 3)  # 31 days
DAY_10 = date(2026, 3, 10)

# SPEC §10's worked example: weights 40/20/10/20/10; AOV 1,000 against 800 → 125 → cap 120;
# repeat rate 0.5 against 0.2 and call conversion 0.5 against 0.1 → cap 120 too.
WORKED_TEMPLATE = [
    {"role": "sales", "kpi_id": "net_sales", "weight": 40, "target": 20_000},
    {"role": "sales", "kpi_id": "orders", "weight": 20, "target": 20},
    {"role": "sales", "kpi_id": "aov", "weight": 10, "target": 800},
    {"role": "sales", "kpi_id": "repeat_rate", "weight": 20, "target": 0.2},
    {"role": "sales", "kpi_id": "call_conversion", "weight": 10, "target": 0.1},
]
WORKED_ACTUALS = {
    "net_sales": 3_000,
    "orders": 3,
    "aov": 1_000,
    "repeat_rate": 0.5,
    "call_conversion": 0.5,
}


def employees(*rows: dict) -> pd.DataFrame:
    base = {"name": "x", "role": "sales", "target_bonus": 3_100}
    return conform("employees", pd.DataFrame([{**base, **row} for row in rows]))


def actuals(employee_id: str, values: dict[str, float]) -> pd.DataFrame:
    return pd.DataFrame(
        {"employee_id": employee_id, "kpi_id": list(values), "actual": list(values.values())}
    )


def card_for(staff: pd.DataFrame, template: list[dict], values: pd.DataFrame, as_of: date):
    plan = resolve_plan(staff, template, None, MARCH)
    days = days_to_date(staff, MARCH, as_of)
    return projected_scorecard(plan, values, None, MARCH, days), days


def people(days: pd.DataFrame, bonus: str = "3100", money: str = "0") -> pd.DataFrame:
    return days.assign(target_bonus=Decimal(bonus), deduction_money=Decimal(money))


def bases(employee_id: str, tier: str, strategic: str = "0") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "employee_id": [employee_id],
            "period": [str(MARCH)],
            "tier_base": [Decimal(tier)],
            "strategic_base": [Decimal(strategic)],
        }
    )


# --- days ------------------------------------------------------------------------------------


def test_days_whole_month_joiner_leaver_and_not_started() -> None:
    staff = employees(
        {"employee_id": "S1"},
        {"employee_id": "J1", "hire_date": "2026-03-12"},
        {"employee_id": "L1", "leave_date": "2026-03-15"},
    )
    days = days_to_date(staff, MARCH, date(2026, 3, 21)).set_index("employee_id")
    assert days.loc["S1"].tolist() == [21, 31]  # 1..21 March; all 31 days employed
    assert days.loc["J1"].tolist() == [10, 20]  # 12..21 = 10 days; 12..31 = 20 days
    assert days.loc["L1"].tolist() == [15, 15]  # gone after the 15th: pace over 15 of 15
    before = days_to_date(staff, MARCH, date(2026, 2, 27)).set_index("employee_id")
    assert before["days_elapsed"].tolist() == [0, 0, 0]


def test_store_figures_use_the_whole_month() -> None:
    # a store's 10,000 by day 10 of 31 → 10,000 × 31 ÷ 10 = 31,000
    e, big = month_days(MARCH, DAY_10)
    assert (e, big) == (10, 31)
    paced = project(pd.Series([10_000.0]), pd.Series([True]), pd.Series([e]), pd.Series([big]))
    assert paced.iloc[0] == pytest.approx(31_000)
    assert month_days(MARCH, date(2026, 4, 3)) == (31, 31)  # closed: nothing left to pace
    assert is_running(MARCH, DAY_10) and not is_running(MARCH, date(2026, 4, 1))
    none_yet = project(pd.Series([0.0]), pd.Series([True]), pd.Series([0]), pd.Series([31]))
    assert math.isnan(none_yet.iloc[0])  # e = 0: no projection


# --- the worked example ----------------------------------------------------------------------


def test_spec_worked_example_seller_on_day_10() -> None:
    staff = employees({"employee_id": "S1"})
    card, days = card_for(staff, WORKED_TEMPLATE, actuals("S1", WORKED_ACTUALS), DAY_10)
    rows = card.set_index("kpi_id")
    # net sales 3,000 × 31 ÷ 10 = 9,300 → 100 × 9,300 ÷ 20,000 = 46.5
    assert rows.loc["net_sales", "projected"] == pytest.approx(9_300)
    assert rows.loc["net_sales", "projected_score"] == pytest.approx(46.5)
    # orders 3 × 31 ÷ 10 = 9.3 → 100 × 9.3 ÷ 20 = 46.5
    assert rows.loc["orders", "projected"] == pytest.approx(9.3)
    assert rows.loc["orders", "projected_score"] == pytest.approx(46.5)
    # AOV is an average: not projected, 1,000 ÷ 800 = 125 % → capped at 120
    assert rows.loc["aov", "projected"] == 1_000
    assert rows.loc["aov", "projected_score"] == 120
    assert rows.loc["repeat_rate", "projected"] == 0.5  # a rate: unchanged
    assert set(rows["days_elapsed"]) == {10} and set(rows["days_employed"]) == {31}

    # attendance money to date 20 (one minor lateness)
    out = estimate(
        card, people(days, money="20"), bases("S1", "3000"), MARCH, DAY_10, DEFAULT_POLICY
    )
    row = out.iloc[0]
    # to date: (40×15 + 20×15 + 10×120 + 20×120 + 10×120) ÷ 100 = 57.0 (3,000 ÷ 20,000 = 15)
    assert row["kpi_score_to_date"] == pytest.approx(57.0)
    # (40×46.5 + 20×46.5 + 10×120 + 20×120 + 10×120) ÷ 100 = 75.9 → C, 80 %
    assert row["projected_kpi_score"] == pytest.approx(75.9)
    assert row["projected_grade"] == "C"
    assert row["projected_bonus_pct"] == Decimal(80)
    assert row["projected_bonus_amount"] == Decimal("2460.00")  # 3,100 × 80 % − 20
    assert row["points_to_next_grade"] == pytest.approx(4.1)  # 80 − 75.9
    assert row["commission_to_date"] == Decimal("30.00")  # 3,000 × 1 %
    assert row["projected_commission"] == Decimal("93.00")  # 9,300 × 1 %
    assert row["sales_to_next_tier"] == Decimal("97000")  # 100,000 − 3,000
    assert row["as_of"] == "2026-03-10" and row["period"] == "2026-03"


def test_joiner_projects_over_own_days_and_prorated_target() -> None:
    staff = employees({"employee_id": "J1", "hire_date": "2026-03-12"})
    template = [
        {"role": "sales", "kpi_id": "net_sales", "weight": 50, "target": 20_000},
        {"role": "sales", "kpi_id": "repeat_rate", "weight": 50, "target": 0.2},
    ]
    values = actuals("J1", {"net_sales": 4_000, "repeat_rate": 0.1})
    card, days = card_for(staff, template, values, date(2026, 3, 21))
    rows = card.set_index("kpi_id")
    # e = 12..21 March = 10, E = 12..31 = 20: 4,000 × 20 ÷ 10 = 8,000
    assert rows.loc["net_sales", "projected"] == pytest.approx(8_000)
    # target 20,000 × 20 ÷ 31; score 100 × 8,000 × 31 ÷ (20,000 × 20) = 62.0
    assert rows.loc["net_sales", "projected_score"] == pytest.approx(62.0)
    # a rate is not projected: 0.1 ÷ 0.2 = 50
    assert rows.loc["repeat_rate", "projected"] == 0.1
    assert rows.loc["repeat_rate", "projected_score"] == pytest.approx(50.0)
    out = estimate(card, people(days), bases("J1", "4000"), MARCH, DAY_10, DEFAULT_POLICY)
    # (50×62 + 50×50) ÷ 100 = 56.0 → E; 60 − 56 = 4 points to D
    assert out.iloc[0]["projected_kpi_score"] == pytest.approx(56.0)
    assert out.iloc[0]["projected_grade"] == "E"
    assert out.iloc[0]["points_to_next_grade"] == pytest.approx(4.0)
    assert out.iloc[0]["projected_bonus_amount"] == Decimal("0.00")
    assert out.iloc[0]["projected_commission"] == Decimal("80.00")  # 8,000 × 1 %


@pytest.mark.parametrize(
    ("to_date", "score", "grade", "points"),
    [
        # 8,000 × 31 ÷ 10 = 24,800 = 80 % of 31,000 → exactly 80.0: the edge is B; 10 to A
        (8_000, 80.0, "B", 10.0),
        # 7,999 × 3.1 = 24,796.9 → 79.99 → C; 0.01 to B
        (7_999, 79.99, "C", 0.01),
        # 9,000 × 3.1 = 27,900 → 90.0 → A, the top band: nothing above it
        (9_000, 90.0, "A", None),
    ],
)
def test_projected_grade_at_a_band_edge(to_date, score, grade, points) -> None:  # noqa: ANN001
    staff = employees({"employee_id": "S1"})
    template = [{"role": "sales", "kpi_id": "net_sales", "weight": 100, "target": 31_000}]
    card, days = card_for(staff, template, actuals("S1", {"net_sales": to_date}), DAY_10)
    out = estimate(card, people(days), bases("S1", str(to_date)), MARCH, DAY_10, DEFAULT_POLICY)
    row = out.iloc[0]
    assert row["projected_kpi_score"] == pytest.approx(score)
    assert row["projected_grade"] == grade
    if points is None:
        assert math.isnan(row["points_to_next_grade"])
    else:
        assert row["points_to_next_grade"] == pytest.approx(points)


def test_commission_with_a_tier_boundary_between_to_date_and_projected() -> None:
    staff = employees({"employee_id": "S1"})
    template = [{"role": "sales", "kpi_id": "net_sales", "weight": 100, "target": 200_000}]
    card, days = card_for(staff, template, actuals("S1", {"net_sales": 80_000}), DAY_10)
    out = estimate(card, people(days), bases("S1", "80000"), MARCH, DAY_10, DEFAULT_POLICY)
    row = out.iloc[0]
    assert row["commission_to_date"] == Decimal("800.00")  # 80,000 × 1 %
    # 80,000 × 31 ÷ 10 = 248,000: 100,000 × 1 % + 148,000 × 1.5 % = 1,000 + 2,220 = 3,220
    assert row["projected_commission"] == Decimal("3220.00")
    assert row["sales_to_next_tier"] == Decimal("20000")  # 100,000 − 80,000
    # exactly on the 1 % tier's upper bound (which belongs to it): 100,000 − 100,000 = 0,
    # the next yuan is paid at 1.5 %; one yuan above it: 300,000 − 100,001 = 199,999 to 2 %
    on_edge = estimate(card, people(days), bases("S1", "100000"), MARCH, DAY_10, DEFAULT_POLICY)
    assert on_edge.iloc[0]["sales_to_next_tier"] == Decimal("0")
    above = estimate(card, people(days), bases("S1", "100001"), MARCH, DAY_10, DEFAULT_POLICY)
    assert above.iloc[0]["sales_to_next_tier"] == Decimal("199999")
    top = estimate(card, people(days), bases("S1", "900000"), MARCH, DAY_10, DEFAULT_POLICY)
    assert pd.isna(top.iloc[0]["sales_to_next_tier"])  # the top tier has no next


def test_closed_month_projects_to_the_actual() -> None:
    staff = employees({"employee_id": "S1"})
    after = date(2026, 4, 2)
    card, days = card_for(staff, WORKED_TEMPLATE, actuals("S1", WORKED_ACTUALS), after)
    assert (card["projected"] == card["actual"]).all()
    assert (card["projected_score"] == card["score"]).all()
    out = estimate(card, people(days), bases("S1", "3000"), MARCH, after, DEFAULT_POLICY)
    row = out.iloc[0]
    # 57.0 both ways (see the worked example's to-date score)
    assert row["kpi_score_to_date"] == pytest.approx(57.0)
    assert row["projected_kpi_score"] == pytest.approx(57.0)
    assert row["commission_to_date"] == row["projected_commission"] == Decimal("30.00")


def test_records_after_as_of_are_not_yet_uploaded() -> None:
    records = Records.of(
        orders=[
            {
                "order_id": "o1",
                "order_time": "2026-03-10 23:59",
                "customer_id": "c",
                "paid_amount": 5,
            },
            {
                "order_id": "o2",
                "order_time": "2026-03-11 00:00",
                "customer_id": "c",
                "paid_amount": 7,
            },
        ],
        tickets=[
            {
                "ticket_id": "t1",
                "employee_id": "C1",
                "created_at": "2026-03-09 10:00",
                "resolved_at": "2026-03-12 10:00",
            }
        ],
        design_tasks=[
            {"task_id": "d1", "employee_id": "D1", "due_date": "2026-03-20"},
            {
                "task_id": "d2",
                "employee_id": "D1",
                "due_date": "2026-03-25",
                "delivered_at": "2026-03-08 12:00",
            },
        ],
    )
    cut = records_as_of(records, DAY_10)
    assert cut.orders["order_id"].tolist() == ["o1"]  # the 11th has not happened yet
    assert cut.tickets["resolved_at"].isna().all()  # resolved after the 10th: still open
    assert cut.design_tasks["task_id"].tolist() == ["d2"]  # d1 is not due yet


def test_store_figures_of_an_ops_joiner_pace_over_the_whole_month() -> None:
    staff = employees({"employee_id": "O1", "role": "ops", "hire_date": "2026-03-05"})
    template = [
        {"role": "ops", "kpi_id": "store_sales", "weight": 50, "target": 31_000},
        {"role": "ops", "kpi_id": "sales_growth", "weight": 50, "target": 0.1},
    ]
    values = actuals("O1", {"store_sales": 10_000, "sales_growth": -0.6})
    plan = resolve_plan(staff, template, None, MARCH)
    days = days_to_date(staff, MARCH, DAY_10)
    card = projected_scorecard(plan, values, None, MARCH, days, month_days(MARCH, DAY_10))
    rows = card.set_index("kpi_id")
    # the store's 10,000 by day 10 of 31 → 31,000, whatever the owner's own days (6 of 27)
    assert rows.loc["store_sales", "projected"] == pytest.approx(31_000)
    # last month 25,000: to date (10,000 − 25,000) ÷ 25,000 = −0.6; projected
    # (31,000 − 25,000) ÷ 25,000 = 0.24 = (1 − 0.6) × 31 ÷ 10 − 1
    assert rows.loc["sales_growth", "projected"] == pytest.approx(0.24)
    # 0.24 against 0.1 → 240 → cap 120
    assert rows.loc["sales_growth", "projected_score"] == 120
