"""Tests of the demo dataset: canonical, consistent, deterministic, and showing every story.

Stories are checked with plain pandas, not `core` formulas, so the data is pinned on its own.
"""

from __future__ import annotations

import time
from datetime import date

import numpy as np
import pandas as pd
import pytest

from core.periods import Period, days_employed
from core.records import conform
from core.schema import EMPLOYEE_REFERENCES, KINDS
from data.demo_data import DEMO_ACCOUNTS, demo_frames

TODAY = date(2026, 3, 18)
OTHER_TODAYS = (date(2026, 1, 1), date(2025, 12, 31), date(2026, 6, 30), date(2024, 2, 29))
EXPECTED_KINDS = {
    "employees", "stores", "campaigns", "orders", "traffic", "tickets", "design_tasks", "calls",
    "attendance", "training", "targets", "metrics",
}  # fmt: skip


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return demo_frames(TODAY)


@pytest.fixture(scope="module", params=(TODAY, *OTHER_TODAYS), ids=str)
def any_frames(request: pytest.FixtureRequest) -> tuple[date, dict[str, pd.DataFrame]]:
    return request.param, demo_frames(request.param)


def _window(today: date) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First instant of the 12-month window and the first instant after `today`."""
    first = Period.of(today)
    for _ in range(11):
        first = first.previous()
    return pd.Timestamp(first.start), pd.Timestamp(today) + pd.Timedelta(days=1)


def _closed_months(today: date) -> list[Period]:
    start, _ = _window(today)
    months = [Period.of(start)]
    while months[-1].next() != Period.of(today):
        months.append(months[-1].next())
    return months


def _net(orders: pd.DataFrame) -> pd.Series:
    return orders["paid_amount"] - orders["refund_amount"].fillna(0)


# --- determinism and form -------------------------------------------------------------


def test_same_inputs_give_identical_frames(frames: dict[str, pd.DataFrame]) -> None:
    again = demo_frames(TODAY)
    assert set(again) == set(frames)
    for kind, frame in frames.items():
        pd.testing.assert_frame_equal(frame, again[kind], obj=kind)


def test_another_seed_gives_other_data(frames: dict[str, pd.DataFrame]) -> None:
    other = demo_frames(TODAY, seed=8)
    assert not other["orders"]["paid_amount"].equals(frames["orders"]["paid_amount"])


def test_every_kind_is_canonical(any_frames: tuple[date, dict[str, pd.DataFrame]]) -> None:
    _, result = any_frames
    assert set(result) == EXPECTED_KINDS
    for kind, frame in result.items():
        assert list(frame.columns) == KINDS[kind].column_names, kind
        pd.testing.assert_frame_equal(frame, conform(kind, frame), obj=kind)
        for name in KINDS[kind].required:
            assert frame[name].notna().all(), (kind, name)


def test_keys_are_unique(any_frames: tuple[date, dict[str, pd.DataFrame]]) -> None:
    _, result = any_frames
    for kind, frame in result.items():
        assert not frame.duplicated(list(KINDS[kind].key)).any(), kind


def test_value_ranges_follow_the_schema(frames: dict[str, pd.DataFrame]) -> None:
    for kind, frame in frames.items():
        for column in KINDS[kind].columns:
            values = frame[column.name].dropna()
            if column.non_negative:
                assert (values >= 0).all(), (kind, column.name)
            if column.minimum is not None:
                assert (values >= column.minimum).all(), (kind, column.name)
            if column.maximum is not None:
                assert (values <= column.maximum).all(), (kind, column.name)
    orders = frames["orders"]
    assert orders["paid_amount"].between(50, 3000).all()
    assert (orders["refund_amount"] <= orders["paid_amount"]).all()


# --- consistency ------------------------------------------------------------------------


def test_every_reference_exists(any_frames: tuple[date, dict[str, pd.DataFrame]]) -> None:
    _, result = any_frames
    ids = set(result["employees"]["employee_id"])
    for kind, columns in EMPLOYEE_REFERENCES.items():
        for column in columns:
            used = set(result[kind][column].dropna())
            assert used <= ids, (kind, column, used - ids)
    stores = set(result["stores"]["store"])
    assert set(result["orders"]["store"].dropna()) <= stores
    assert set(result["traffic"]["store"]) == stores
    assert set(result["orders"]["campaign_id"].dropna()) <= set(result["campaigns"]["campaign_id"])


def test_nothing_after_today_nor_before_the_window(
    any_frames: tuple[date, dict[str, pd.DataFrame]],
) -> None:
    today, result = any_frames
    start, after = _window(today)
    for kind, frame in result.items():
        for column in KINDS[kind].columns:
            if column.type not in ("date", "datetime"):
                continue
            if (kind, column.name) == ("campaigns", "end_date"):
                continue  # a campaign running today has a planned end date
            values = frame[column.name].dropna()
            assert (values < after).all(), (kind, column.name, values.max())
            if kind != "employees":
                assert (values >= start).all(), (kind, column.name, values.min())
    assert Period.of(result["orders"]["order_time"].max()) == Period.of(today)
    periods = {str(p) for p in _closed_months(today)} | {str(Period.of(today))}
    assert set(result["metrics"]["period"]) <= periods
    assert set(result["targets"]["period"]) <= periods


def test_staff_activity_stays_within_working_hours(frames: dict[str, pd.DataFrame]) -> None:
    staff_orders = frames["orders"].loc[frames["orders"]["employee_id"].notna(), "order_time"]
    for stamps in (
        staff_orders,
        frames["tickets"]["created_at"],
        frames["calls"]["call_time"],
        frames["design_tasks"]["delivered_at"].dropna(),
    ):
        assert stamps.dt.hour.between(9, 17).all()
    assert (frames["calls"]["call_time"].dt.day_of_week < 5).all()


def test_nobody_works_outside_employment_or_while_absent(frames: dict[str, pd.DataFrame]) -> None:
    employees = frames["employees"].set_index("employee_id")
    stamps = (
        ("orders", "order_time"), ("tickets", "created_at"), ("calls", "call_time"),
        ("design_tasks", "due_date"), ("design_tasks", "delivered_at"), ("attendance", "date"),
        ("training", "date"),
    )  # fmt: skip
    for kind, column in stamps:
        rows = frames[kind].dropna(subset=["employee_id", column])
        hire = rows["employee_id"].map(employees["hire_date"])
        leave = rows["employee_id"].map(employees["leave_date"])
        day = rows[column].dt.normalize()
        assert (day >= hire).all(), kind
        assert (leave.isna() | (day <= leave)).all(), kind
    absent = frames["attendance"].query("absent_days >= 1")
    for eid, day in zip(absent["employee_id"], absent["date"], strict=True):
        tickets = frames["tickets"]
        assert not (
            (tickets["employee_id"] == eid) & (tickets["created_at"].dt.normalize() == day)
        ).any()


# --- the department ---------------------------------------------------------------------


def test_org_chart(frames: dict[str, pd.DataFrame]) -> None:
    emp = frames["employees"].set_index("employee_id")
    assert 25 <= len(emp) <= 32
    assert emp.loc["E01", "role"] == "director" and pd.isna(emp.loc["E01", "manager_id"])
    assert emp.loc["E02", "role"] == "hr" and emp.loc["E02", "manager_id"] == "E01"
    assert emp.loc["E03", "role"] == "admin"
    others = emp.drop(index="E01")
    assert others["manager_id"].notna().all()
    reports = emp["manager_id"].value_counts()
    for role, team in (
        ("ops", "运营部"),
        ("cs", "客服部"),
        ("designer", "设计部"),
        ("sales", "销售部"),
    ):
        team_rows = emp[emp["role"] == role]
        assert (team_rows["team"] == team).all()
        supervisors = team_rows[team_rows["manager_id"] == "E01"]
        assert len(supervisors) == 1, role
        staff = team_rows.drop(index=supervisors.index)
        assert (staff["manager_id"] == supervisors.index[0]).all(), role
    assert emp["email"].is_unique and emp["email"].str.contains("@").all()
    assert emp["target_bonus"].between(2000, 8000).all()
    assert (frames["stores"]["owner_id"].map(emp["role"]) == "ops").all()
    assert 3 <= len(frames["stores"]) <= 5
    for role, eid in DEMO_ACCOUNTS.items():
        assert emp.loc[eid, "role"] == role
        if role in ("ops", "cs", "designer", "sales"):
            assert reports.get(eid, 0) >= 3, role
    assert set(DEMO_ACCOUNTS) == {"director", "ops", "cs", "designer", "sales", "hr", "admin"}


def test_joiners_and_a_leaver(frames: dict[str, pd.DataFrame]) -> None:
    start, _ = _window(TODAY)
    emp = frames["employees"]
    joiners = emp[emp["hire_date"] >= start]
    spans = [days_employed(Period.of(h), h.date(), None) for h in joiners["hire_date"]]
    assert any(d < 10 for d in spans) and any(d >= 10 for d in spans)
    leavers = emp.dropna(subset=["leave_date"])
    assert len(leavers) == 1 and (leavers["leave_date"] >= start).all()


# --- attendance -------------------------------------------------------------------------


def test_an_absence_streak_and_lateness_of_both_kinds(frames: dict[str, pd.DataFrame]) -> None:
    att = frames["attendance"]
    absent = att[att["absent_days"] >= 1].sort_values(["employee_id", "date"])
    gap = absent.groupby("employee_id")["date"].diff().dt.days
    run_start = gap.ne(1)
    streaks = run_start.cumsum().groupby([absent["employee_id"], run_start.cumsum()]).size()
    assert streaks.max() >= 5
    late = att["late_minutes"].fillna(0)
    assert ((late > 0) & (late <= 15)).sum() >= 3
    assert (late > 15).sum() >= 2
    assert (att["early_leave_minutes"].fillna(0) > 0).any()
    assert (att["absent_days"] == 0.5).any()
    assert (
        (att[["late_minutes", "early_leave_minutes", "absent_days"]].fillna(0) > 0).any(axis=1)
    ).all()


# --- sales stories ----------------------------------------------------------------------


def test_refund_wave(frames: dict[str, pd.DataFrame]) -> None:
    orders = frames["orders"]
    month = orders["order_time"].dt.to_period("M")
    share = (orders["refund_amount"] > 0).groupby(month).mean()
    wave = share.idxmax()
    assert share[wave] >= 3 * share.drop(wave).median()
    full = (orders["refund_amount"] >= orders["paid_amount"]) & (orders["refund_amount"] > 0)
    in_wave = month == wave
    assert (full & in_wave).sum() >= 100
    assert (~full & in_wave & (orders["refund_amount"] > 0)).sum() >= 50


def test_orders_show_strategic_uncollected_store_only_and_repeat_customers(
    frames: dict[str, pd.DataFrame],
) -> None:
    orders = frames["orders"]
    strategic = orders[orders["strategic_account"].fillna(False)]
    assert len(strategic) >= 30 and strategic["employee_id"].nunique() == 1
    assert (orders["collected"] == False).sum() >= 50  # noqa: E712 — nullable boolean
    staff_share = orders["employee_id"].notna().mean()
    assert 0.5 <= staff_share <= 0.7
    assert (orders.groupby("customer_id").size() >= 2).mean() > 0.2
    assert orders["cost"].notna().all()


def test_campaign_orders_fall_in_their_campaign(frames: dict[str, pd.DataFrame]) -> None:
    orders = frames["orders"].dropna(subset=["campaign_id"])
    campaigns = frames["campaigns"].set_index("campaign_id")
    assert {"CP618-2025", "CP1111-2025"} <= set(campaigns.index)
    start = orders["campaign_id"].map(campaigns["start_date"])
    end = orders["campaign_id"].map(campaigns["end_date"]) + pd.Timedelta(days=1)
    assert ((orders["order_time"] >= start) & (orders["order_time"] < end)).all()
    buyers = orders.groupby("campaign_id")["customer_id"].nunique()
    assert (campaigns["participants"].reindex(buyers.index) > buyers).all()
    assert campaigns["owner_id"].notna().all()


def test_star_and_weak_sellers(frames: dict[str, pd.DataFrame]) -> None:
    orders = frames["orders"].dropna(subset=["employee_id"])
    month = orders["order_time"].dt.to_period("M")
    net = _net(orders).groupby([orders["employee_id"], month]).sum().unstack()
    closed = [pd.Period(str(p), "M") for p in _closed_months(TODAY)]
    top = net[closed].idxmax()
    assert top.nunique() == 1
    quarters = [
        q
        for q in {p.asfreq("Q") for p in closed}
        if all(
            m in closed for m in pd.period_range(q.asfreq("M", "s"), q.asfreq("M", "e"), freq="M")
        )
    ]
    quarter_net = _net(orders).groupby([orders["employee_id"], month.dt.asfreq("Q")]).sum()
    weak = [
        eid
        for eid in net.index
        if any(quarter_net.get((eid, q), 0.0) < 60_000 for q in quarters)
        and net.loc[eid].notna().sum() == 12
    ]
    assert weak, "a full-year seller below the 60,000 quarterly floor"


def test_telesales_calls(frames: dict[str, pd.DataFrame]) -> None:
    calls = frames["calls"]
    month = calls["call_time"].dt.to_period("M")
    per = calls.groupby(["employee_id", month]).size().unstack()
    steady = per.dropna()  # callers employed the whole window
    closed = [pd.Period(str(p), "M") for p in _closed_months(TODAY)]
    assert steady[closed].stack().between(240, 380).all()
    assert calls["deal"].sum() > 0
    assert (calls["effective"] | ~calls["intent"]).all() and (
        calls["intent"] | ~calls["deal"]
    ).all()
    first_call = calls.groupby("customer_id")["call_time"].transform("min")
    assert (calls.loc[calls["deal"], "call_time"] > first_call[calls["deal"]]).all()


# --- service and design -----------------------------------------------------------------


def test_tickets(frames: dict[str, pd.DataFrame]) -> None:
    tickets = frames["tickets"]
    month = tickets["created_at"].dt.to_period("M")
    closed = [pd.Period(str(p), "M") for p in _closed_months(TODAY)]
    assert tickets.groupby(month).size()[closed].between(1200, 1900).all()
    assert 0.3 <= tickets["rating"].notna().mean() <= 0.5
    assert 0.05 <= tickets["qa_correct"].notna().mean() <= 0.15
    assert tickets["is_complaint"].sum() > 100
    assert (
        tickets["first_response_at"].dropna()
        >= tickets.loc[tickets["first_response_at"].notna(), "created_at"]
    ).all()
    assert (
        tickets["resolved_at"].dropna() > tickets.loc[tickets["resolved_at"].notna(), "created_at"]
    ).all()


def test_a_designer_misses_deadlines(frames: dict[str, pd.DataFrame]) -> None:
    tasks = frames["design_tasks"]
    on_time = tasks["delivered_at"].dt.normalize() <= tasks["due_date"]  # NaT → late
    rate = on_time.groupby([tasks["employee_id"], tasks["due_date"].dt.to_period("M")]).mean()
    assert (rate < 0.7).any()
    by_designer = on_time.groupby(tasks["employee_id"]).mean()
    assert (by_designer >= 0.85).sum() >= 2  # the others are reliable
    per_month = tasks.groupby([tasks["employee_id"], tasks["due_date"].dt.to_period("M")]).size()
    assert per_month.groupby(level=0).median().max() >= 12
    delivered = tasks["delivered_at"].notna()
    assert tasks.loc[delivered, "quality_score"].notna().all()
    assert frames["metrics"]["kpi_id"].eq("conversion_uplift").all() and len(frames["metrics"]) > 0


def test_training_and_traffic(frames: dict[str, pd.DataFrame]) -> None:
    training = frames["training"]
    assert training["employee_id"].nunique() == len(frames["employees"])
    done = training["completed"].fillna(False)
    assert training.loc[done, "exam_score"].notna().all()
    assert training.loc[~done, "exam_score"].isna().all()
    traffic = frames["traffic"]
    days = (pd.Timestamp(TODAY) - _window(TODAY)[0]).days + 1
    assert len(traffic) == days * len(frames["stores"])
    assert (traffic["page_views"] >= traffic["visitors"]).all()
    assert (traffic["new_visitors"] <= traffic["visitors"]).all()


def test_generation_is_fast() -> None:
    started = time.perf_counter()
    demo_frames(date(2026, 9, 9), seed=11)
    assert time.perf_counter() - started < 5.0


def test_amounts_have_two_decimals(frames: dict[str, pd.DataFrame]) -> None:
    for column in ("paid_amount", "refund_amount", "cost"):
        cents = frames["orders"][column] * 100
        assert np.allclose(cents, cents.round()), column
