"""Tests of the role pages' read models: pooled trends, per-store, per-campaign, per-ticket and
per-task breakdowns, commission slices, and loading them from a real database.

The expected numbers are worked out by hand in comments from a tiny department, so the
re-keying tricks of `data.services.analytics` are pinned against SPEC's formulas.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pandas as pd
import pytest
from sqlalchemy import Engine

from core.kpis import compute_actuals
from core.periods import Period
from core.permissions import Actor
from core.policy import DEFAULT_POLICY
from core.records import Records
from data.db import transaction
from data.records_store import write_frame
from data.services import analytics
from data.services.analytics import History

MARCH = Period(2026, 3)
DIRECTOR = Actor("director", "director", "E1")
OPS_LEAD = Actor("ops", "ops", "E2", frozenset({"E3"}))
OPS_STAFF = Actor("E3", "ops", "E3")
CS_AGENT = Actor("E4", "cs", "E4")
DESIGNER = Actor("E5", "designer", "E5")

EMPLOYEES = [
    {"employee_id": "E1", "name": "Director", "role": "director", "team": "HQ"},
    {"employee_id": "E2", "name": "Ops lead", "role": "ops", "team": "Ops", "manager_id": "E1"},
    {"employee_id": "E3", "name": "Ops staff", "role": "ops", "team": "Ops", "manager_id": "E2"},
    {"employee_id": "E4", "name": "Agent", "role": "cs", "team": "CS", "manager_id": "E1"},
    {"employee_id": "E5", "name": "Designer", "role": "designer", "team": "D", "manager_id": "E1"},
    {"employee_id": "E6", "name": "Seller", "role": "sales", "team": "S", "manager_id": "E1"},
]


def _order(oid: str, day: str, store: str, customer: str, paid: float, **extra: object) -> dict:
    return {
        "order_id": oid,
        "order_time": f"{day} 10:00",
        "store": store,
        "customer_id": customer,
        "paid_amount": paid,
        **extra,
    }


ORDERS = [
    _order("O1", "2026-03-02", "S1", "C1", 100.0, employee_id="E6"),
    _order("O2", "2026-03-03", "S1", "C2", 200.0),
    _order("O3", "2026-03-04", "S2", "C3", 300.0, refund_amount=300.0),  # fully refunded
    _order("O4", "2026-03-05", "S2", "C4", 50.0, campaign_id="K1"),
    _order("O5", "2026-02-10", "S1", "C1", 400.0),
    _order("O6", "2026-02-11", "S2", "C5", 100.0),
]
TRAFFIC = [
    {"date": "2026-03-01", "store": "S1", "visitors": 500.0},
    {"date": "2026-03-02", "store": "S1", "visitors": 500.0},
    {"date": "2026-03-01", "store": "S2", "visitors": 250.0},
    {"date": "2026-02-01", "store": "S1", "visitors": 800.0},
]
STORES = [{"store": "S1", "owner_id": "E2"}, {"store": "S2", "owner_id": "E3"}]
CAMPAIGNS = [
    {"campaign_id": "K1", "name": "Spring", "start_date": "2026-03-01", "end_date": "2026-03-10",
     "owner_id": "E3", "participants": 100.0},
    {"campaign_id": "K2", "name": "New year", "start_date": "2026-01-01", "end_date": "2026-01-20",
     "owner_id": "E2", "participants": 80.0},
]  # fmt: skip
TICKETS = [
    # T1 answered in exactly 60 s: "within" means ≤ the 60 s SLA.
    {"ticket_id": "T1", "employee_id": "E4", "created_at": "2026-03-02 09:00:00",
     "first_response_at": "2026-03-02 09:01:00", "rating": 5},
    {"ticket_id": "T2", "employee_id": "E4", "created_at": "2026-03-02 10:00:00",
     "first_response_at": "2026-03-02 10:01:01", "rating": 3},
    # T3 never answered (late), a complaint resolved after 2 h (within the 24 h SLA).
    {"ticket_id": "T3", "employee_id": "E4", "created_at": "2026-03-03 09:00:00",
     "is_complaint": True, "resolved_at": "2026-03-03 11:00:00"},
    # T4 answered in 10 s, a complaint still open.
    {"ticket_id": "T4", "employee_id": "E4", "created_at": "2026-03-04 09:00:00",
     "first_response_at": "2026-03-04 09:00:10", "is_complaint": True},
]  # fmt: skip
TASKS = [
    {"task_id": "D1", "employee_id": "E5", "due_date": "2026-03-05",
     "delivered_at": "2026-03-05 18:00", "quality_score": 90.0, "revisions": 1.0},
    {"task_id": "D2", "employee_id": "E5", "due_date": "2026-03-06",
     "delivered_at": "2026-03-08 09:00", "quality_score": 80.0, "revisions": 3.0},
    {"task_id": "D3", "employee_id": "E5", "due_date": "2026-03-10"},
    {"task_id": "D4", "employee_id": "E5", "due_date": "2026-03-25"},
]  # fmt: skip
TODAY = date(2026, 3, 20)


@pytest.fixture(scope="module")
def history() -> History:
    records = Records.of(
        employees=EMPLOYEES,
        orders=ORDERS,
        traffic=TRAFFIC,
        stores=STORES,
        campaigns=CAMPAIGNS,
        tickets=TICKETS,
        design_tasks=TASKS,
    )
    return History(records, DEFAULT_POLICY, analytics.months_with_data(records))


def _value(frame: pd.DataFrame, kpi_id: str, period: Period = MARCH) -> float:
    rows = frame[(frame["kpi_id"] == kpi_id) & (frame["period"] == str(period))]
    assert len(rows) == 1, (kpi_id, frame)
    return float(rows["actual"].iloc[0])


def test_months_run_from_first_to_last_record(history: History) -> None:
    # Campaigns are not activity; orders start in February, tickets and tasks end in March.
    assert history.months == (Period(2026, 2), MARCH)
    # The live month reaches the last delivery (8th), not D4's due date on the 25th.
    assert analytics.data_through(history, MARCH) == date(2026, 3, 8)


def test_department_trend_pools_every_order_and_store(history: History) -> None:
    trend = analytics.pooled_trend(history, DIRECTOR, [Period(2026, 2), MARCH])
    # Net sales of the department include store-only orders: 100 + 200 + (300 − 300) + 50.
    assert _value(trend, "net_sales") == pytest.approx(350.0)
    # Conversion is pooled, not a mean of the stores' rates: paying customers C1, C2, C4
    # (C3 fully refunded) ÷ 1,250 visitors = 0.0024 (the mean of 2/1000 and 1/250 is 0.003).
    assert _value(trend, "store_conversion") == pytest.approx(3 / 1250)
    # February: 400 + 100; March's store sales 350 against 500 is −30 %.
    assert _value(trend, "store_sales", Period(2026, 2)) == pytest.approx(500.0)
    assert _value(trend, "sales_growth") == pytest.approx((350 - 500) / 500)
    # Tickets: T1 (60 s) and T4 (10 s) within the SLA of 4 → 50 %; mean of 60, 61, 10 s.
    assert _value(trend, "response_timeliness") == pytest.approx(0.5)
    assert _value(trend, "first_response_s") == pytest.approx((60 + 61 + 10) / 3)


def test_a_single_member_pools_to_their_own_actuals(history: History) -> None:
    trend = analytics.pooled_trend(history, OPS_STAFF, [MARCH], role="ops")
    own = compute_actuals(history.records, MARCH, DEFAULT_POLICY)
    own = own[own["employee_id"] == "E3"].set_index("kpi_id")["actual"]
    for kpi_id in ("visitors", "store_conversion", "store_sales", "campaign_sales"):
        assert _value(trend, kpi_id) == pytest.approx(own[kpi_id]), kpi_id


def test_scope_follows_permissions_and_the_picked_person(history: History) -> None:
    assert analytics.trend_scope(history, DIRECTOR) == (("E1", "E2", "E3", "E4", "E5", "E6"), True)
    assert analytics.trend_scope(history, OPS_LEAD, "ops") == (("E2", "E3"), False)
    assert analytics.trend_scope(history, OPS_LEAD, "ops", "E3") == (("E3",), False)
    assert analytics.trend_scope(history, OPS_STAFF, "ops") == (("E3",), False)
    # Somebody else's team is out of view, whatever is asked for.
    assert analytics.trend_scope(history, OPS_STAFF, "ops", "E2") == ((), False)
    assert analytics.pooled_trend(history, CS_AGENT, [MARCH], role="sales").empty


def test_store_breakdown_per_store_with_growth_and_change(history: History) -> None:
    stores = analytics.store_breakdown(history, OPS_LEAD, MARCH).set_index("store")
    s1, s2 = stores.loc["S1"], stores.loc["S2"]
    # S1: 1,000 visitors, paying C1 and C2, sales 300 against February's 400.
    assert (s1["visitors"], s1["paying_customers"]) == (1000.0, 2.0)
    assert s1["store_conversion"] == pytest.approx(0.002)
    assert (s1["store_sales"], s1["previous_sales"], s1["sales_change"]) == (300.0, 400.0, -100.0)
    assert s1["sales_growth"] == pytest.approx(-0.25)
    # S2: 250 visitors, paying C4 only, sales 0 + 50 against 100.
    assert s2["paying_customers"] == 1.0 and s2["store_conversion"] == pytest.approx(0.004)
    assert s2["sales_growth"] == pytest.approx(-0.5)
    own = analytics.store_breakdown(history, OPS_STAFF, MARCH)
    assert list(own["store"]) == ["S2"]


def test_store_trend_has_each_store_each_month(history: History) -> None:
    trend = analytics.store_trend(history, OPS_LEAD, MARCH, count=2)
    sales = trend[trend["kpi_id"] == "store_sales"].set_index(["period", "store"])["actual"]
    assert sales.to_dict() == {
        ("2026-02", "S1"): 400.0,
        ("2026-02", "S2"): 100.0,
        ("2026-03", "S1"): 300.0,
        ("2026-03", "S2"): 50.0,
    }


def test_campaigns_running_in_the_month_only(history: History) -> None:
    campaigns = analytics.campaign_breakdown(history, DIRECTOR, MARCH)
    assert list(campaigns["campaign_id"]) == ["K1"]
    row = campaigns.iloc[0]
    # K1: 100 participants, one tagged order of 50 from one paying customer.
    assert (row["campaign_participants"], row["campaign_sales"]) == (100.0, 50.0)
    assert row["campaign_conversion"] == pytest.approx(0.01)
    assert analytics.campaign_breakdown(history, CS_AGENT, MARCH).empty


def test_each_ticket_is_judged_like_the_kpi_counts_it(history: History) -> None:
    tickets = analytics.ticket_detail(history, DIRECTOR, MARCH).set_index("ticket_id")
    assert tickets["within_sla"].to_dict() == {"T1": 1.0, "T2": 0.0, "T3": 0.0, "T4": 1.0}
    assert tickets.loc["T2", "first_response_s"] == 61.0
    assert pd.isna(tickets.loc["T3", "first_response_s"])
    assert tickets.loc["T1", "satisfied"] == 1.0 and tickets.loc["T2", "satisfied"] == 0.0
    counts = analytics.complaint_counts(tickets.reset_index()).iloc[0]
    assert counts.to_dict() == {
        "employee_id": "E4", "tickets": 4, "complaints": 2, "resolved": 1,
        "resolved_in_sla": 1, "open": 1,
    }  # fmt: skip
    assert analytics.ticket_detail(history, OPS_STAFF, MARCH).empty


def test_task_status_and_days_late(history: History) -> None:
    tasks = analytics.task_detail(history, DESIGNER, MARCH, TODAY).set_index("task_id")
    assert tasks["status"].to_dict() == {
        "D1": "on_time", "D2": "late", "D3": "overdue", "D4": "open",
    }  # fmt: skip
    # D2 delivered on the 8th for the 6th; D3 due the 10th is still out on the 20th.
    assert tasks.loc["D2", "days_late"] == 2 and tasks.loc["D3", "days_late"] == 10
    assert pd.isna(tasks.loc["D1", "days_late"]) and pd.isna(tasks.loc["D4", "days_late"])
    counts = analytics.task_counts(tasks.reset_index()).iloc[0].to_dict()
    assert counts == {
        "employee_id": "E5",
        "due": 4,
        "on_time": 1,
        "late": 1,
        "overdue": 1,
        "open": 1,
    }
    delivered = analytics.delivered_counts(history, DIRECTOR, MARCH)
    assert delivered.to_dict("records") == [{"employee_id": "E5", "delivered": 2}]


def test_commission_lines_open_tiers_into_slices() -> None:
    statement = pd.DataFrame(
        {
            "employee_id": ["E6", "E6", "E6"],
            "sales_period": ["2026-04", "2026-04", "2026-03"],
            "kind": ["tier", "strategic", "clawback"],
            "base": [Decimal("350000.00"), Decimal("1000.00"), Decimal("290000.00")],
            "amount": [Decimal("5000.00"), Decimal("2.00"), Decimal("-1150.00")],
        }
    )
    lines = analytics.commission_lines(statement, DEFAULT_POLICY)
    tiers = lines[lines["kind"] == "tier"]
    # SPEC §7: 100,000 × 1 % + 200,000 × 1.5 % + 50,000 × 2 % = 5,000.
    assert list(tiers["base"]) == [Decimal(100000), Decimal(200000), Decimal(50000)]
    assert list(tiers["rate"]) == [Decimal("0.01"), Decimal("0.015"), Decimal("0.02")]
    assert sum(tiers["amount"], Decimal(0)) == Decimal(5000)
    assert tiers["upper"].iloc[-1] == Decimal(500000)
    strategic = lines[lines["kind"] == "strategic"].iloc[0]
    assert strategic["rate"] == DEFAULT_POLICY.strategic_rate
    clawback = lines[lines["kind"] == "clawback"].iloc[0]
    assert (clawback["sales_period"], clawback["amount"]) == ("2026-03", Decimal("-1150.00"))


def test_load_history_reads_the_database(engine: Engine) -> None:
    at = datetime(2026, 3, 20, 9)
    with transaction(engine) as session:
        for kind, rows in (
            ("employees", EMPLOYEES),
            ("orders", ORDERS),
            ("traffic", TRAFFIC),
            ("stores", STORES),
        ):
            write_frame(session, kind, pd.DataFrame(rows), 1, at)
    with transaction(engine) as session:
        loaded = analytics.load_history(session)
    assert loaded.months == (Period(2026, 2), MARCH)
    assert len(loaded.records.orders) == len(ORDERS)
    trend = analytics.pooled_trend(loaded, DIRECTOR, [MARCH])
    assert _value(trend, "net_sales") == pytest.approx(350.0)
