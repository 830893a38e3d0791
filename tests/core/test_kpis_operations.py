"""Store (traffic, conversion, sales, growth) and campaign KPIs worked out by hand from SPEC §3.

Each expectation carries its arithmetic; store figures go to the store's owner, campaign
figures to the campaign's owner, whoever sold the orders.
"""

from __future__ import annotations

import pandas as pd
import pytest

from core.kpis import campaign_kpis, operations_kpis
from core.policy import DEFAULT_POLICY
from core.records import Records
from tests.core.kpi_frames import MARCH, undefined, value


def order(oid: str, time: str, customer: str, paid: float, **extra: object) -> dict:
    return {
        "order_id": oid,
        "order_time": time,
        "customer_id": customer,
        "paid_amount": paid,
        **extra,
    }


STORES = [
    {"store": "s1", "owner_id": "op1"},
    {"store": "s2", "owner_id": "op1"},
    {"store": "s3", "owner_id": "op2"},
    {"store": "s5", "owner_id": "op3"},
    {"store": "s7", "owner_id": "op5"},
    # s4 has no owner row: its traffic and orders are nobody's
]

TRAFFIC = [
    {"date": "2026-03-01", "store": "s1", "visitors": 100, "page_views": 400, "new_visitors": 30},
    {"date": "2026-03-02", "store": "s1", "visitors": 50, "new_visitors": 10},
    {"date": "2026-03-15", "store": "s2", "visitors": 50, "page_views": 100},
    {"date": "2026-03-03", "store": "s3", "visitors": 0},
    {"date": "2026-03-31", "store": "s7", "visitors": 100, "page_views": 0, "new_visitors": 0},
    {"date": "2026-02-28", "store": "s1", "visitors": 999, "page_views": 999},  # February
    {"date": "2026-03-01", "store": "s4", "visitors": 70},  # unowned store
]

STORE_ORDERS = [
    # March
    order("a1", "2026-03-02 10:00", "cX", 300, store="s1", employee_id="e9"),
    order("a2", "2026-03-03 10:00", "cY", 200, refund_amount=50, store="s1"),  # no employee
    order("a3", "2026-03-04 10:00", "cX", 100, store="s2"),  # cX again, other store of op1
    order("a4", "2026-03-05 10:00", "cZ", 80, refund_amount=80, store="s2"),  # fully refunded
    order("a5", "2026-03-06 10:00", "cW", 40, store="s3"),
    order("a6", "2026-03-07 10:00", "cV", 500, store="s4"),  # unowned store
    order("a7", "2026-03-08 10:00", "cU", 70, store="s5"),
    # February
    order("b1", "2026-02-10 10:00", "cX", 400, store="s1"),
    order("b2", "2026-02-11 10:00", "cT", 100, refund_amount=60, store="s2"),
    order("b3", "2026-02-12 10:00", "cW", 50, refund_amount=50, store="s3"),  # fully refunded
    # January (not last month)
    order("j1", "2026-01-20 10:00", "cU", 70, store="s5"),
]


@pytest.fixture(scope="module")
def ops() -> pd.DataFrame:
    records = Records.of(orders=STORE_ORDERS, traffic=TRAFFIC, stores=STORES)
    return operations_kpis(records, MARCH, DEFAULT_POLICY)


def test_traffic_sums_over_owned_stores(ops: pd.DataFrame) -> None:
    # op1 visitors: s1 100 + 50, s2 50 = 200 (February's 999 and unowned s4 excluded)
    assert value(ops, "op1", "visitors") == 200
    # page views: 400 + (not given) + 100 = 500 ; new visitors: 30 + 10 + (not given) = 40
    assert value(ops, "op1", "page_views") == 500
    assert value(ops, "op1", "new_visitors") == 40
    # op2: one row with 0 visitors → 0, and no page views / new visitors given → undefined
    assert value(ops, "op2", "visitors") == 0
    assert undefined(ops, "op2", "page_views")
    assert undefined(ops, "op2", "new_visitors")
    # op5: given zeros stay zeros
    assert value(ops, "op5", "page_views") == 0
    assert set(ops["employee_id"]) <= {"op1", "op2", "op3", "op5"}


def test_store_sales_include_orders_of_any_or_no_employee(ops: pd.DataFrame) -> None:
    # op1: a1 300 + a2 (200 − 50) + a3 100 + a4 (80 − 80) = 550
    assert value(ops, "op1", "store_sales") == pytest.approx(550)
    assert value(ops, "op2", "store_sales") == pytest.approx(40)
    assert value(ops, "op3", "store_sales") == pytest.approx(70)
    # op5 had traffic but no order → no sales records → undefined
    assert undefined(ops, "op5", "store_sales")


def test_store_conversion_distinct_paying_customers_over_visitors(ops: pd.DataFrame) -> None:
    # op1 paying customers: cX (a1, a3 in two stores → once), cY; cZ fully refunded → 2 ÷ 200
    assert value(ops, "op1", "store_conversion") == pytest.approx(0.01)
    # op2: 1 paying customer ÷ 0 visitors → undefined
    assert undefined(ops, "op2", "store_conversion")
    # op3: orders but no traffic at all → undefined
    assert undefined(ops, "op3", "store_conversion")
    # op5: 0 paying customers ÷ 100 visitors = 0 (defined)
    assert value(ops, "op5", "store_conversion") == 0


def test_sales_growth(ops: pd.DataFrame) -> None:
    # op1 last month: b1 400 + b2 (100 − 60) = 440 → (550 − 440) ÷ 440 = 0.25
    assert value(ops, "op1", "sales_growth") == pytest.approx(0.25)
    # op2 last month: b3 50 − 50 = 0 ≤ 0 → undefined
    assert undefined(ops, "op2", "sales_growth")
    # op3: no February orders (January does not count) → undefined
    assert undefined(ops, "op3", "sales_growth")


def test_negative_last_month_growth_is_undefined() -> None:
    records = Records.of(
        stores=[{"store": "s1", "owner_id": "op1"}],
        orders=[
            order("m", "2026-03-02 10:00", "c1", 100, store="s1"),
            # a refund larger than the payment: last month's sales 10 − 30 = −20 ≤ 0
            order("f", "2026-02-02 10:00", "c2", 10, refund_amount=30, store="s1"),
        ],
    )
    out = operations_kpis(records, MARCH, DEFAULT_POLICY)
    assert value(out, "op1", "store_sales") == 100
    assert undefined(out, "op1", "sales_growth")


def test_no_store_mapping_means_no_store_kpis() -> None:
    records = Records.of(orders=STORE_ORDERS, traffic=TRAFFIC)
    assert operations_kpis(records, MARCH, DEFAULT_POLICY).empty


CAMPAIGNS = [
    {
        "campaign_id": "K1",
        "name": "Spring",
        "start_date": "2026-03-01",
        "end_date": "2026-03-10",
        "owner_id": "op1",
        "participants": 200,
    },
    {
        "campaign_id": "K2",
        "name": "Late Feb",
        "start_date": "2026-02-20",
        "end_date": "2026-03-02",
        "owner_id": "op1",
        "participants": 50,
    },
    {
        "campaign_id": "K3",
        "name": "Feb only",
        "start_date": "2026-02-01",
        "end_date": "2026-02-28",
        "owner_id": "op1",
        "participants": 999,
    },
    {
        "campaign_id": "K4",
        "name": "Flash",
        "start_date": "2026-03-05",
        "end_date": "2026-03-06",
        "owner_id": "op2",
        "participants": 0,
    },
    {
        "campaign_id": "K5",
        "name": "No count",
        "start_date": "2026-03-01",
        "end_date": "2026-03-31",
        "owner_id": "op3",
    },
    {
        "campaign_id": "K6",
        "name": "Orphan",
        "start_date": "2026-03-01",
        "end_date": "2026-03-31",
        "participants": 10,
    },
    {
        "campaign_id": "K7",
        "name": "Month end",
        "start_date": "2026-03-31",
        "end_date": "2026-04-10",
        "owner_id": "op5",
        "participants": 100,
    },
]

CAMPAIGN_ORDERS = [
    order("c1", "2026-03-02 10:00", "cu1", 300, campaign_id="K1", employee_id="e9"),
    order("c2", "2026-03-03 10:00", "cu2", 100, refund_amount=100, campaign_id="K1"),
    order("c3", "2026-03-01 10:00", "cu1", 50, refund_amount=20, campaign_id="K2"),
    order("c8", "2026-03-02 11:00", "cu7", 20, campaign_id="K2"),
    order("c4", "2026-03-15 10:00", "cu3", 1000, campaign_id="K3"),  # K3 not running in March
    order("c5", "2026-03-05 10:00", "cu4", 60, campaign_id="K4"),
    order("c6", "2026-02-28 10:00", "cu5", 70, campaign_id="K1"),  # placed in February
    order("c7", "2026-03-05 10:00", "cu6", 10, campaign_id="K6"),  # campaign without owner
    order("c9", "2026-03-05 10:00", "cu8", 30),  # untagged
]


@pytest.fixture(scope="module")
def campaigns() -> pd.DataFrame:
    records = Records.of(orders=CAMPAIGN_ORDERS, campaigns=CAMPAIGNS)
    return campaign_kpis(records, MARCH, DEFAULT_POLICY)


def test_campaign_participants_of_campaigns_running_in_the_month(campaigns: pd.DataFrame) -> None:
    # op1: K1 200 + K2 50 (runs into March); K3 ended in February → 250
    assert value(campaigns, "op1", "campaign_participants") == 250
    assert value(campaigns, "op2", "campaign_participants") == 0
    assert value(campaigns, "op5", "campaign_participants") == 100
    # op3: participants not given → undefined
    assert undefined(campaigns, "op3", "campaign_participants")


def test_campaign_sales_orders_tagged_and_placed_in_month(campaigns: pd.DataFrame) -> None:
    # op1: c1 300 + c2 (100 − 100) + c3 (50 − 20) + c8 20 = 350 (c6 is February, c4 is K3)
    assert value(campaigns, "op1", "campaign_sales") == pytest.approx(350)
    assert value(campaigns, "op2", "campaign_sales") == pytest.approx(60)
    # op5: the campaign had no tagged order → no sales records → undefined
    assert undefined(campaigns, "op5", "campaign_sales")
    assert set(campaigns["employee_id"]) == {"op1", "op2", "op5"}


def test_campaign_conversion(campaigns: pd.DataFrame) -> None:
    # op1 paying customers: cu1 (c1, c3 → once), cu7; cu2 fully refunded → 2 ÷ 250 = 0.008
    assert value(campaigns, "op1", "campaign_conversion") == pytest.approx(0.008)
    # op2: 1 buyer ÷ 0 participants → undefined
    assert undefined(campaigns, "op2", "campaign_conversion")
    # op5: 0 buyers ÷ 100 participants = 0
    assert value(campaigns, "op5", "campaign_conversion") == 0
