"""Sales, target attainment and telesales KPIs worked out by hand from SPEC §3.

Each expectation carries its arithmetic so a reader can check it against the SPEC rules.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from core.kpis import call_kpis, compute_actuals, sales_kpis, target_attainment
from core.policy import DEFAULT_POLICY
from core.records import Records
from tests.core.kpi_frames import MARCH, value


def undefined(frame: pd.DataFrame, employee: str, kpi: str) -> bool:
    """No row or a NaN row: both mean undefined in the interface."""
    rows = frame[(frame["employee_id"] == employee) & (frame["kpi_id"] == kpi)]
    return len(rows) == 0 or bool(rows["actual"].isna().all())


def order(oid: str, time: str, customer: str, paid: float, **extra: object) -> dict:
    return {
        "order_id": oid,
        "order_time": time,
        "customer_id": customer,
        "paid_amount": paid,
        **extra,
    }


SALES_ORDERS = [
    # history before March
    order("h1", "2026-02-10 10:00", "cA", 300, employee_id="e1"),
    order(
        "h2", "2026-01-05 09:00", "cR", 100, refund_amount=100, employee_id="e2"
    ),  # fully refunded
    order("o6", "2026-02-28 23:59", "cE", 50, employee_id="e1"),
    # March, e1
    order("o1", "2026-03-01 00:00", "cA", 1000, cost=600, employee_id="e1"),
    order("o2", "2026-03-15 12:00", "cB", 500, refund_amount=200, cost=300, employee_id="e1"),
    order("o3", "2026-03-20 18:00", "cC", 400, refund_amount=400, cost=250, employee_id="e1"),
    order("o4", "2026-03-31 23:59", "cB", 250, employee_id="e1"),
    order("o11", "2026-03-05 10:00", "cG", 120, employee_id="e1"),
    # March, e2
    order("o7", "2026-03-10 10:00", "cE", 80, employee_id="e2"),
    order("o8", "2026-03-11 10:00", "cR", 60, employee_id="e2"),
    # March, e3: only a fully refunded order
    order("o12", "2026-03-07 10:00", "cH", 90, refund_amount=90, cost=40, employee_id="e3"),
    # March, e4: a free order (paid 0, no refund) is not "fully refunded": refund must be > 0
    order("o13", "2026-03-08 10:00", "cI", 0, employee_id="e4"),
    # March, no employee: counts for its store only
    order("o9", "2026-03-12 10:00", "cF", 700, store="s1"),
    # outside March
    order("o5", "2026-04-01 00:00", "cD", 999, employee_id="e1"),
    order("o14", "2026-04-02 10:00", "cG", 10, employee_id="e1"),
]


@pytest.fixture(scope="module")
def sales() -> pd.DataFrame:
    return sales_kpis(Records.of(orders=SALES_ORDERS), MARCH, DEFAULT_POLICY)


def test_net_sales_counts_refunds_of_every_order_of_the_month(sales: pd.DataFrame) -> None:
    # e1: paid (1000 + 500 + 400 + 250 + 120) − refunded (0 + 200 + 400 + 0 + 0) = 2270 − 600 = 1670
    assert value(sales, "e1", "net_sales") == pytest.approx(1670)
    # e2: 80 + 60 = 140
    assert value(sales, "e2", "net_sales") == pytest.approx(140)
    # e3: 90 − 90 = 0, a zero that is defined (records exist)
    assert value(sales, "e3", "net_sales") == 0


def test_orders_without_employee_are_nobodys_sales(sales: pd.DataFrame) -> None:
    assert set(sales["employee_id"]) == {"e1", "e2", "e3", "e4"}
    # Σ net over employees = 1670 + 140 + 0 + 0 = 1810; o9's 700 is not in it
    total = sales.loc[sales["kpi_id"] == "net_sales", "actual"].sum()
    assert total == pytest.approx(1810)


def test_orders_skip_fully_refunded(sales: pd.DataFrame) -> None:
    # e1: o1, o2, o4, o11 (o3 fully refunded) = 4; o2 is only partly refunded so it counts
    assert value(sales, "e1", "orders") == 4
    assert value(sales, "e2", "orders") == 2
    # e3: its only order was fully refunded → 0 orders (records exist, so 0 not undefined)
    assert value(sales, "e3", "orders") == 0
    # e4: paid 0 with no refund is not fully refunded (needs refund > 0) → 1 order
    assert value(sales, "e4", "orders") == 1


def test_gross_profit_only_when_cost_given(sales: pd.DataFrame) -> None:
    # e1: 1670 − (600 + 300) = 770; o3's cost 250 is not counted (fully refunded), o4/o11 have none
    assert value(sales, "e1", "gross_profit") == pytest.approx(770)
    # e2: no cost on any order → undefined
    assert undefined(sales, "e2", "gross_profit")
    # e3: the only costed order is fully refunded → no counted cost → undefined
    assert undefined(sales, "e3", "gross_profit")


def test_aov(sales: pd.DataFrame) -> None:
    # e1: 1670 ÷ 4 = 417.5 ; e2: 140 ÷ 2 = 70 ; e4: 0 ÷ 1 = 0
    assert value(sales, "e1", "aov") == pytest.approx(417.5)
    assert value(sales, "e2", "aov") == pytest.approx(70)
    assert value(sales, "e4", "aov") == 0
    # e3: 0 ÷ 0 orders → undefined
    assert undefined(sales, "e3", "aov")


def test_repeat_rate_uses_all_history_of_any_employee(sales: pd.DataFrame) -> None:
    # e1 customers of March: cA, cB, cG (cC only fully refunded → not a customer) = 3
    #   cA: h1 (Feb) + o1 = 2 orders → repeat; cB: o2 + o4 = 2 → repeat;
    #   cG: o11 only (o14 is after the month's end) → not repeat → 2 ÷ 3
    assert value(sales, "e1", "repeat_rate") == pytest.approx(2 / 3)
    # e2 customers: cE, cR
    #   cE: o6 (Feb, sold by e1) + o7 = 2 → repeat; cR: h2 fully refunded, so only o8 → not → 1 ÷ 2
    assert value(sales, "e2", "repeat_rate") == pytest.approx(0.5)
    # e3: no customer of the month → 0 ÷ 0 → undefined
    assert undefined(sales, "e3", "repeat_rate")


def test_new_customers(sales: pd.DataFrame) -> None:
    # e1: cA had h1 in Feb → not new; cB and cG first order in March → 2
    assert value(sales, "e1", "new_customers") == 2
    # e2: cE had o6 in Feb → not new; cR's only earlier order was fully refunded → new → 1
    assert value(sales, "e2", "new_customers") == 1
    # e3: no customer → 0 (records exist)
    assert value(sales, "e3", "new_customers") == 0


def test_new_customer_served_by_two_employees_is_new_for_both() -> None:
    records = Records.of(
        orders=[
            order("a", "2026-03-02 10:00", "cN", 100, employee_id="e1"),
            order("b", "2026-03-09 10:00", "cN", 100, employee_id="e2"),
        ]
    )
    out = sales_kpis(records, MARCH, DEFAULT_POLICY)
    # cN's first order (a) is in March → new for each employee that served them in March
    assert value(out, "e1", "new_customers") == 1
    assert value(out, "e2", "new_customers") == 1
    # cN has 2 orders up to month end (a, b; any employee) → repeat for both → 1 ÷ 1
    assert value(out, "e1", "repeat_rate") == 1.0
    assert value(out, "e2", "repeat_rate") == 1.0


def test_a_reuploaded_order_counts_once_with_its_latest_values() -> None:
    records = Records.of(
        orders=[
            order("o1", "2026-03-02 10:00", "c1", 100, employee_id="e1"),
            order("o1", "2026-03-02 10:00", "c1", 100, refund_amount=30, employee_id="e1"),
        ]
    )
    out = sales_kpis(records, MARCH, DEFAULT_POLICY)
    # the second row replaces the first: one order, 100 − 30 = 70
    assert value(out, "e1", "orders") == 1
    assert value(out, "e1", "net_sales") == pytest.approx(70)


def test_no_orders_means_no_rows() -> None:
    out = sales_kpis(
        Records.of(orders=[order("x", "2026-02-01 10:00", "c", 5, employee_id="e1")]),
        MARCH,
        DEFAULT_POLICY,
    )
    assert out.empty
    assert list(out.columns) == ["employee_id", "kpi_id", "actual"]


def test_target_attainment() -> None:
    actuals = pd.DataFrame(
        {
            "employee_id": ["e1", "e2", "e3"],
            "kpi_id": ["net_sales", "net_sales", "net_sales"],
            "actual": [1670.0, 140.0, 0.0],
        }
    )
    targets = pd.DataFrame(
        {
            "employee_id": ["e1", "e2", "e5", "e1"],
            "kpi_id": ["net_sales", "net_sales", "net_sales", "orders"],
            "target": [2000.0, 0.0, 100.0, 10.0],
        }
    )
    out = target_attainment(actuals, targets)
    # e1: 1670 ÷ 2000 = 0.835 (the `orders` target is not a sales target)
    assert value(out, "e1", "target_attainment") == pytest.approx(0.835)
    # e2: target 0 → undefined; e3: no target → undefined; e5: target but no sales → undefined
    assert undefined(out, "e2", "target_attainment")
    assert undefined(out, "e3", "target_attainment")
    assert undefined(out, "e5", "target_attainment")
    assert target_attainment(actuals, None).empty


def test_compute_actuals_adds_target_attainment() -> None:
    targets = pd.DataFrame({"employee_id": ["e1"], "kpi_id": ["net_sales"], "target": [2000.0]})
    out = compute_actuals(Records.of(orders=SALES_ORDERS), MARCH, DEFAULT_POLICY, targets)
    # 1670 ÷ 2000 = 0.835
    assert value(out, "e1", "target_attainment") == pytest.approx(0.835)
    assert undefined(out, "e2", "target_attainment")


def call(cid: str, employee: str, time: str, customer: str | None = None, **flags: object) -> dict:
    return {
        "call_id": cid,
        "employee_id": employee,
        "call_time": time,
        "customer_id": customer,
        **flags,
    }


CALLS = [
    call("k0", "e1", "2026-02-25 16:00", "p1"),  # first contact with p1, February
    call("k1", "e1", "2026-03-02 09:00", "p1", effective=True, intent=True),
    call("k2", "e1", "2026-03-05 10:00", "p1", effective=True, deal=True),
    call("k3", "e1", "2026-03-03 11:00", "p2", effective=False, intent=True),
    call("k4", "e1", "2026-03-03 12:00", "p2", intent=True),  # same intent customer again
    call("k6", "e2", "2026-03-19 23:55", "p3", effective=False),  # p3's first call, by e2
    call("k5", "e1", "2026-03-20 00:05", "p3", effective=True, deal=True),
    call("k7", "e1", "2026-03-10 15:00", None, effective=True, deal=True),  # deal, no customer
    call("k9", "e1", "2026-03-25 10:00", "p4", effective=True, deal=True),  # deal on first call
    call("k10", "e2", "2026-03-04 10:00", None, intent=True),  # intent without a customer
    call("k8", "e1", "2026-04-01 00:00", "p1", effective=True, deal=True),  # April
]


@pytest.fixture(scope="module")
def calls() -> pd.DataFrame:
    return call_kpis(Records.of(calls=CALLS), MARCH, DEFAULT_POLICY)


def test_call_counts(calls: pd.DataFrame) -> None:
    # e1 March calls: k1, k2, k3, k4, k5, k7, k9 = 7 (k0 is February, k8 April)
    assert value(calls, "e1", "calls") == 7
    # effective: k1, k2, k5, k7, k9 = 5
    assert value(calls, "e1", "effective_calls") == 5
    # deals: k2, k5, k7, k9 = 4
    assert value(calls, "e1", "deals") == 4
    # intent customers: p1 (k1), p2 (k3, k4 → once) = 2
    assert value(calls, "e1", "intent_customers") == 2
    # call_conversion: 4 deals ÷ 5 effective = 0.8
    assert value(calls, "e1", "call_conversion") == pytest.approx(0.8)


def test_sales_cycle_days_calendar_days_from_first_call_by_anyone(calls: pd.DataFrame) -> None:
    # k2 (p1): 5 Mar − 25 Feb = 3 days to month end (2026-02 has 28 days) + 5 = 8
    # k5 (p3): first call k6 by e2 on 19 Mar 23:55, deal 20 Mar 00:05 → 1 calendar day
    # k9 (p4): deal on the first call → 0 ; k7 names no customer → left out
    # mean (8 + 1 + 0) ÷ 3 = 3
    assert value(calls, "e1", "sales_cycle_days") == pytest.approx(3.0)


def test_calls_zero_and_undefined(calls: pd.DataFrame) -> None:
    # e2: k6, k10 = 2 calls, none effective, no deal; k10's intent has no customer → 0
    assert value(calls, "e2", "calls") == 2
    assert value(calls, "e2", "effective_calls") == 0
    assert value(calls, "e2", "deals") == 0
    assert value(calls, "e2", "intent_customers") == 0
    # 0 deals ÷ 0 effective calls → undefined, not 0
    assert undefined(calls, "e2", "call_conversion")
    assert undefined(calls, "e2", "sales_cycle_days")
    assert math.isnan(value(calls, "e2", "call_conversion"))
