"""Sales and telesales KPIs of SPEC §3: order-based sales figures and call-based funnel figures.

Orders are credited to their `employee_id` (orders without one count for their store only);
calls to the caller; customer history (repeat, new, first call) spans every employee.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.kpis._frames import (
    Groups,
    OrderView,
    before,
    floats,
    in_month,
    is_true,
    latest_by_key,
    ratio,
    texts,
    to_long,
)
from core.periods import Period
from core.policy import Policy
from core.records import Records


def sales_kpis(records: Records, period: Period, policy: Policy) -> pd.DataFrame:
    """net_sales, gross_profit, orders, aov, repeat_rate, new_customers per employee.

    `target_attainment` needs targets, so `compute_actuals` adds it (see `target_attainment`).
    """
    return sales_from_view(OrderView.build(records, period))


def sales_from_view(view: OrderView) -> pd.DataFrame:
    """The order-based sales KPIs from a prepared month (shared with `compute_actuals`).

    Every employee with an order placed in the month gets net_sales, orders and
    new_customers, even when all their orders were fully refunded (records that total zero
    are zero), and aov / repeat_rate, NaN when they have no counted order or customer.
    gross_profit is only defined where a counted order carries a cost ("when cost is
    given"); counted orders without a cost then contribute no cost.
    repeat_rate and new_customers judge each of the employee's customers of the month by
    all their loaded orders (any employee, or none) that are not fully refunded, so a new
    customer served by two employees in the month is new for both.
    """
    month = view.month
    staff = Groups.of(month["employee_id"])
    if not len(staff):
        return to_long({})
    paying = month["paying"].to_numpy()
    net_sales = staff.sum(month["net"].to_numpy())
    orders = staff.count(paying)
    cost = staff.sum(floats(month["cost"]), paying)
    gross_profit = (net_sales - cost).dropna()

    paying_customer = np.where(paying, view.customer, -1)
    known = paying_customer >= 0
    orders_in_month = np.bincount(paying_customer[known], minlength=len(view.customer_ids))
    before_month = view.had_order_before(view.customer_ids)
    is_repeat, is_new = known.copy(), known.copy()
    is_repeat[known] = (before_month | (orders_in_month >= 2))[paying_customer[known]]
    is_new[known] = ~before_month[paying_customer[known]]
    # Being repeat or new is a property of the customer, so counting distinct
    # (employee, customer) pairs among flagged rows counts the employee's flagged customers.
    served = staff.distinct(paying_customer)
    return to_long(
        {
            "net_sales": net_sales,
            "gross_profit": gross_profit,
            "orders": orders,
            "aov": ratio(net_sales, orders),
            "repeat_rate": ratio(staff.distinct(paying_customer, is_repeat), served),
            "new_customers": staff.distinct(paying_customer, is_new),
        }
    )


def target_attainment(actuals: pd.DataFrame, targets: pd.DataFrame | None) -> pd.DataFrame:
    """net_sales ÷ the employee's (already prorated) net_sales target, as a long frame.

    Undefined (no row) without net sales or without a target; NaN when the target is 0.
    Target rows for other KPIs are ignored; if an employee has several, the last one wins.
    """
    if targets is None or not len(targets):
        return to_long({})
    net = actuals[(actuals["kpi_id"] == "net_sales").to_numpy()]
    wanted = targets[(targets["kpi_id"] == "net_sales").to_numpy()]
    wanted = latest_by_key(wanted.dropna(subset=["employee_id", "target"]), "employee_id")
    target = pd.Series(
        floats(wanted["target"]), index=pd.Index(texts(wanted["employee_id"]), dtype=object)
    )
    sales = pd.Series(
        floats(net["actual"]), index=pd.Index(texts(net["employee_id"]), dtype=object)
    )
    common = sales.index.intersection(target.index)
    return to_long({"target_attainment": ratio(sales.reindex(common), target.reindex(common))})


def call_kpis(records: Records, period: Period, policy: Policy) -> pd.DataFrame:
    """calls, effective_calls, intent_customers, deals, call_conversion, sales_cycle_days.

    A call belongs to the month of its `call_time` and to its caller. intent_customers counts
    distinct customer ids; an intent call without a customer id cannot be told apart from
    another one and is not counted. call_conversion is deals ÷ effective calls, NaN without
    an effective call. sales_cycle_days is the mean, over deal calls of the month that name
    a customer, of the calendar-day difference between the deal call's date and the date of
    that customer's first call in all loaded history (any caller): a deal on the day of first
    contact is 0 days. Calendar days rather than fractional days because users count a
    cycle on the calendar, as for design due dates, and a call late on one day and one early
    the next are a day apart. NaN for a caller without such a deal call.
    """
    calls = records.calls
    month = latest_by_key(calls.loc[in_month(calls["call_time"], period)], "call_id")
    staff = Groups.of(month["employee_id"])
    if not len(staff):
        return to_long({})
    effective = is_true(month["effective"])
    deal = is_true(month["deal"])
    customer, customer_ids = pd.factorize(texts(month["customer_id"]))
    counted_calls = staff.count()
    effective_calls = staff.count(effective)
    deals = staff.count(deal)

    cycle = np.full(len(month), np.nan)
    cycle_rows = deal & (customer >= 0)
    if cycle_rows.any():
        first = _first_calls(
            calls, np.asarray(customer_ids, dtype=object), period, records.first_calls_before
        )
        first_day = first[customer[cycle_rows]].astype("datetime64[D]")
        deal_day = month["call_time"].to_numpy(dtype="datetime64[ns]")[cycle_rows]
        cycle[cycle_rows] = (deal_day.astype("datetime64[D]") - first_day).astype("float64")
    return to_long(
        {
            "calls": counted_calls,
            "effective_calls": effective_calls,
            "intent_customers": staff.distinct(customer, is_true(month["intent"])),
            "deals": deals,
            "call_conversion": ratio(deals, effective_calls),
            "sales_cycle_days": staff.mean(cycle),
        }
    )


def _first_calls(
    calls: pd.DataFrame, customers: np.ndarray, period: Period, earlier: pd.Series
) -> np.ndarray:
    """Earliest call time of each given customer up to the month's end: over the loaded
    calls, and `earlier` (customer → first call before the loaded calls) where it has one."""
    history = calls[before(calls["call_time"], period.end)]
    ids = texts(history["customer_id"])
    wanted = pd.Series(ids, dtype=object).isin(pd.Series(customers, dtype=object)).to_numpy()
    position = pd.Index(customers, dtype=object).get_indexer(ids[wanted])
    times = history["call_time"].to_numpy(dtype="datetime64[ns]")[wanted]
    order = np.lexsort((times, position))
    position, times = position[order], times[order]
    starts = np.flatnonzero(np.r_[True, position[1:] != position[:-1]])
    first = np.full(len(customers), np.datetime64("NaT"), dtype="datetime64[ns]")
    first[position[starts]] = times[starts]
    known = earlier.reindex(pd.Index(customers, dtype=object)).to_numpy(dtype="datetime64[ns]")
    return np.where(np.isnat(first) | (known < first), known, first)
