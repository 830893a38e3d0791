"""What the months being computed need from the records before them, read as summaries.

Repeat rate, new customers, the sales cycle and commission restatement look back over all
history; reading a million old order rows for that cost most of a month's computation. The
database adds them up instead, and `core` gets the same answers from the summaries (see
`core.records.Records` and `core.commission.commission_bases`).
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from core.periods import Period
from core.records import conform, empty_frame
from data.models import Call, Order
from data.records_store import fetch


def paying_customers_before(session: Session, start: datetime, end: datetime) -> pd.Index:
    """Customers ordering in [start, end) who had an order not fully refunded before `start`.

    Fully refunded is core's rule (`core.kpis._frames._paying`): refund ≥ paid with
    refund > 0, a missing refund being 0. Answered from a covering index.
    """
    recent = select(Order.customer_id).where(Order.order_time >= start, Order.order_time < end)
    refund = func.coalesce(Order.refund_amount, 0)
    stmt = (
        select(Order.customer_id)
        .distinct()
        .where(
            Order.customer_id.in_(recent),
            Order.order_time < start,
            or_(refund < Order.paid_amount, refund <= 0),
        )
    )
    frame = fetch(session, stmt, ["customer_id"])
    return pd.Index(frame["customer_id"].to_numpy(dtype=object), dtype=object)


def first_calls_before(session: Session, start: datetime, end: datetime) -> pd.Series:
    """customer_id → earliest call before `start`, for customers called in [start, end)."""
    recent = select(Call.customer_id).where(Call.call_time >= start, Call.call_time < end)
    stmt = (
        select(Call.customer_id, func.min(Call.call_time))
        .where(Call.call_time < start, Call.customer_id.in_(recent), Call.customer_id != "")
        .group_by(Call.customer_id)
    )
    frame = fetch(session, stmt, ["customer_id", "first_call"])
    times = pd.to_datetime(frame["first_call"], format="ISO8601").astype("datetime64[ns]")
    return pd.Series(
        times.to_numpy(), index=pd.Index(frame["customer_id"].to_numpy(dtype=object), dtype=object)
    )


def order_totals_before(
    session: Session, before: datetime, months: set[str]
) -> tuple[pd.DataFrame, pd.Series]:
    """Orders before `before` that may count in one of `months` ('YYYY-MM': placed or later
    collected then), added up per employee, month, collection state and account kind.

    Returned as canonical `orders` rows (one per group, dated the 1st of its month) with
    their `collected_period`: `commission_bases` gets the same bases from them as from the
    orders themselves, because a base is a sum of whole cents per employee and month.
    """
    if session.get_bind().dialect.name == "postgresql":
        month = func.to_char(Order.order_time, "YYYY-MM")
    else:
        month = func.substr(Order.order_time, 1, 7)
    keys = [
        Order.employee_id,
        month,
        Order.collected,
        Order.strategic_account,
        Order.collected_period,
    ]
    stmt = (
        select(
            *keys,
            func.sum(func.round(Order.paid_amount * 100)),
            func.sum(func.round(func.coalesce(Order.refund_amount, 0) * 100)),
        )
        .where(
            Order.order_time < before,
            Order.employee_id.is_not(None),
            Order.employee_id != "",
            or_(*_placed_in(months, before), Order.collected_period.in_(sorted(months))),
        )
        .group_by(*keys)
    )
    names = ["employee_id", "month", "collected", "strategic_account", "collected_period"]
    frame = fetch(session, stmt, [*names, "paid_cents", "refund_cents"])
    if frame.empty:
        return empty_frame("orders"), pd.Series(dtype=object)
    totals = pd.DataFrame(
        {
            "order_id": [f"{m}/{i}" for i, m in enumerate(frame["month"])],
            "order_time": pd.to_datetime(frame["month"] + "-01"),
            "customer_id": None,
            "paid_amount": frame["paid_cents"].astype("float64") / 100,
            "refund_amount": frame["refund_cents"].astype("float64") / 100,
            "employee_id": frame["employee_id"],
            "collected": frame["collected"],
            "strategic_account": frame["strategic_account"],
        }
    )
    periods = frame["collected_period"].astype(object)
    return conform("orders", totals), periods.where(periods.notna(), None)


def _placed_in(months: set[str], before: datetime) -> list[ColumnElement[bool]]:
    """Time ranges rather than a month expression, so the order-time index finds them; runs
    of consecutive months (all of them, once every month is paid out) make one range."""
    ranges: list[list[datetime]] = []
    for period in sorted(Period.parse(m) for m in months):
        if period.start >= before:
            break
        if ranges and ranges[-1][1] == period.start:
            ranges[-1][1] = period.end
        else:
            ranges.append([period.start, period.end])
    return [and_(Order.order_time >= lo, Order.order_time < hi) for lo, hi in ranges]
