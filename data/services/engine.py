"""The month's one loader: a month's records, appraisals and ledger as plain frames, handed
to the month's pipeline in `core` (`core.month_facts`, then `core.month.people_results`).

`compute_month` is the recompute from raw records; readers go through
`data.services.results`, which stores it. Reads only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

import pandas as pd
from sqlalchemy.orm import Session

from core.attendance import run_lookback_start
from core.month import (
    ENTRY_COLUMNS,
    Entries,
    MonthFacts,
    MonthResult,
    add_late,
    by_employee,
    decimal_or_zero,
    people_results,
)
from core.month_facts import (
    MonthInputs,
    inputs_as_of,
    month_plan,
)
from core.month_facts import month_facts as compute_facts
from core.periods import Period, months_between, months_ending
from core.records import Records
from data import clock
from data.models import (
    Appraisal,
    Attendance,
    Call,
    DesignTask,
    Metric,
    Order,
    Target,
    Ticket,
    Traffic,
    Training,
    current_appraisals_select,
)
from data.record_history import (
    first_calls_before,
    order_totals_before,
    paying_customers_before,
)
from data.records_store import load_frame, load_orders
from data.services import ledger
from data.services.settings import current_policy, templates_frame

APPRAISAL_COLUMNS = [
    "employee_id",
    "period",
    "state",
    "kpi_score",
    "composite",
    "deduction_points",
    "calibration",
    "final_score",
    "grade",
    "bonus_pct",
    "bonus_amount",
    "commission",
    "flags",
]


# What sales growth and the idle-seller check read of the months before those computed.
LOOKBACK_COLUMNS = (
    "order_id",
    "order_time",
    "employee_id",
    "store",
    "paid_amount",
    "refund_amount",
)


def load_records(
    session: Session,
    first: Period,
    last: Period,
    lookback: int = 1,
    attendance_since: date | None = None,
) -> tuple[Records, pd.Series]:
    """Records for the months `first`..`last`, with the history before them summarised
    (`core.records`), and `collected_period` of the loaded orders.

    Orders of the `lookback` months before `first` come too, but only with
    `LOOKBACK_COLUMNS` (and no `collected_period`): customers and commission take the
    summaries for them, so half the rows cost a third of the reading. Attendance starts at
    `attendance_since` (default: `first`'s first day), so an absence run from the days
    before the month is seen (SPEC §6) without reading the whole previous month.
    """
    start, end = months_ending(first, lookback + 1)[0].start, last.end
    earlier = load_frame(
        session,
        "orders",
        [Order.order_time >= start, Order.order_time < first.start],
        columns=LOOKBACK_COLUMNS,
    )
    current, collected = load_orders(session, end, since=first.start)
    orders = pd.concat([earlier, current], ignore_index=True)
    collected = pd.concat(
        [pd.Series(None, index=earlier.index, dtype=object), collected], ignore_index=True
    )
    months = [str(m) for m in months_between(first, last)]
    records = Records(
        employees=load_frame(session, "employees"),
        orders=orders,
        traffic=load_frame(
            session, "traffic", [Traffic.date >= start.date(), Traffic.date < end.date()]
        ),
        tickets=load_frame(
            session, "tickets", [Ticket.created_at >= first.start, Ticket.created_at < end]
        ),
        design_tasks=load_frame(
            session,
            "design_tasks",
            [
                ((DesignTask.due_date >= first.start.date()) & (DesignTask.due_date < end.date()))
                | ((DesignTask.delivered_at >= first.start) & (DesignTask.delivered_at < end))
            ],
        ),
        calls=load_frame(session, "calls", [Call.call_time >= first.start, Call.call_time < end]),
        attendance=load_frame(
            session,
            "attendance",
            [
                Attendance.date >= (attendance_since or first.first_day),
                Attendance.date < end.date(),
            ],
        ),
        training=load_frame(
            session, "training", [Training.date >= first.start.date(), Training.date < end.date()]
        ),
        campaigns=load_frame(session, "campaigns"),
        stores=load_frame(session, "stores"),
        metrics=load_frame(session, "metrics", [Metric.period.in_(months)]),
        customers_before=paying_customers_before(session, first.start, end),
        first_calls_before=first_calls_before(session, first.start, end),
    )
    return records, collected


def load_month(session: Session, period: Period) -> MonthInputs:
    """Everything `core` needs for one month.

    Orders before the month reach commission as totals, and only for the months a
    payout restates (SPEC §7): this one, those already paid out and, at a quarter's end, the
    quarter (sales floor). The idle-seller window is loaded only when the floor is checked.
    """
    policy = current_policy(session)
    quarter = period.quarter_months() if period.is_quarter_end() else []
    lookback = max(1, policy.sales_floor_idle_months - 1) if quarter else 1
    records, collected = load_records(
        session, period, period, lookback, run_lookback_start(period, policy)
    )
    paid = ledger.paid_commission(session, period)
    closed = [m for m in ledger.closed_periods(session) if m < str(period)]
    restated = {str(period), *closed, *(str(m) for m in quarter)}
    restated |= {
        str(m)
        for c in closed
        if Period.parse(c).is_quarter_end()
        for m in Period.parse(c).quarter_months()
    }
    totals, totals_collected = order_totals_before(session, period.start, restated)
    mine = (records.orders["order_time"] >= period.start).to_numpy()
    return MonthInputs(
        period=period,
        policy=policy,
        employees=records.employees,
        records=records,
        commission_orders=pd.concat([records.orders[mine], totals], ignore_index=True),
        collected_periods=pd.concat([collected[mine], totals_collected], ignore_index=True),
        paid_commission=paid,
        closed_months=closed,
        plans=ledger.plans_frame(session),
        templates=templates_frame(session),
        targets=load_frame(session, "targets", [Target.period == str(period)]),
    )


def current_appraisals(
    session: Session, period: Period, ids: Iterable[str] | None = None
) -> dict[str, Appraisal]:
    """The month's appraisals at their latest version, all or of `ids` (a save's people)."""
    query = current_appraisals_select().where(Appraisal.period == str(period))
    if ids is not None:
        query = query.where(Appraisal.employee_id.in_(sorted(set(ids))))
    return {a.employee_id: a for a in session.scalars(query).all()}


def manual_scores(appraisals: dict[str, Appraisal]) -> pd.DataFrame:
    rows = [
        {"employee_id": e, "kpi_id": k, "score": float(v)}
        for e, a in appraisals.items()
        if a.review_submitted_at is not None
        for k, v in (a.review_scores or {}).items()
        if v is not None
    ]
    return pd.DataFrame(rows, columns=["employee_id", "kpi_id", "score"])


def compute_month(
    session: Session, period: Period, now: datetime | None = None, as_of: date | None = None
) -> MonthResult:
    """The month for everyone, computed from the raw records. With `as_of`, records dated
    after it are left out; without it every record counts and the pace is measured to today
    (`data.clock`). Readers go through `data.services.results`, which stores this."""
    now = now or datetime.now()
    facts, entries, awards, actuals = month_facts(session, period, as_of)
    people = people_results(facts, entries)
    results = add_late(people.appraisals, entries.appraisals, period, now, facts.policy)
    return MonthResult(
        period,
        people.scorecard,
        results,
        facts.statement,
        by_employee(facts.attendance),
        awards,
        by_employee(actuals),
        people.estimate,
        facts.as_of,
    )


def month_facts(
    session: Session, period: Period, as_of: date | None = None
) -> tuple[MonthFacts, Entries, dict[str, list[str]], pd.DataFrame]:
    """What the records give for `period` (as of `as_of` when given), the appraisals'
    entries, the month's awards and every employee's actuals: the month's inputs loaded
    here, computed by `core.month_facts`."""
    day = as_of or clock.today()
    inputs = load_month(session, period)
    if as_of is not None:
        inputs = inputs_as_of(inputs, as_of)
    entries = month_entries(inputs, current_appraisals(session, period))
    facts, awards, actuals = compute_facts(
        inputs, entries.plan, day, _closed_statement(session, period)
    )
    return facts, entries, awards, actuals


def month_entries(inputs: MonthInputs, appraisals: dict[str, Appraisal]) -> Entries:
    """The appraisals as plain frames, with the plan they are scored on (`month_plan`)."""
    plan, policies = month_plan(inputs, {e: a.rules for e, a in appraisals.items()})
    return Entries(entries_frame(appraisals), manual_scores(appraisals), plan, policies)


def entries_frame(appraisals: dict[str, Appraisal]) -> pd.DataFrame:
    """`core.month.ENTRY_COLUMNS` of the appraisals: a part's overall counts once submitted."""
    rows = [
        (
            e,
            a.state,
            _submitted(a, "self"),
            _submitted(a, "review"),
            bool(a.self_waived),
            decimal_or_zero(a.calibration),
            a.self_submitted_at,
            a.review_submitted_at,
            a.result if a.state == "finalised" and a.result else None,
        )
        for e, a in appraisals.items()
    ]
    frame = pd.DataFrame(rows, columns=ENTRY_COLUMNS)
    for column in ("self_overall", "supervisor_overall"):
        frame[column] = frame[column].astype("float64")
    # One unit whatever the values: a month of no submissions yet would otherwise read back
    # in another unit than one with some.
    for column in ("self_submitted_at", "review_submitted_at"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[us]")
    return frame


def _closed_statement(session: Session, period: Period) -> pd.DataFrame | None:
    """The commission a closed run paid, as the month's lines (SPEC §11); None while open."""
    if not ledger.is_closed(session, period):
        return None
    lines = ledger.stored_lines(session, period)
    lines = lines.loc[lines["category"] == "commission"]
    return pd.DataFrame(
        {
            "employee_id": lines["employee_id"],
            "sales_period": lines["origin_period"],
            "kind": lines["kind"],
            "base": lines["base"],
            "amount": lines["amount"],
        }
    ).reset_index(drop=True)


def result_snapshot(row: pd.Series) -> dict:
    """The JSON kept on a finalised appraisal: exactly what payroll shows."""
    out = {}
    for column in APPRAISAL_COLUMNS + ["deduction_money", "target_bonus", "incomplete"]:
        if column not in row.index or column in ("employee_id", "period", "state"):
            continue
        value = row[column]
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, float) and pd.isna(value):
            value = None
        elif hasattr(value, "item"):
            value = value.item()
        out[column] = value
    return out


def _submitted(appraisal: Appraisal | None, part: str) -> float:
    """The overall score of a submitted part; NaN while missing (it never counts as 0)."""
    if appraisal is None:
        return float("nan")
    if part == "self":
        score, at = appraisal.self_overall, appraisal.self_submitted_at
    else:
        score, at = appraisal.review_overall, appraisal.review_submitted_at
    return float(score) if at is not None and score is not None else float("nan")
