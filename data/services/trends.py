"""12-month KPI trends and how far a running month's data reaches (for the live projection):
records are loaded once for the window, several times faster than computing each full month.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.kpis import compute_actuals
from core.periods import Period
from core.permissions import Actor, require
from core.targets import resolve_plan
from data.models import (
    Attendance,
    Call,
    DesignTask,
    Order,
    Target,
    Ticket,
    Traffic,
    Training,
)
from data.records_store import load_frame
from data.services.engine import load_records
from data.services.settings import current_policy, templates_frame

TREND_COLUMNS = ["employee_id", "period", "kpi_id", "actual"]

# Where each volume KPI's records come from, so a projection uses the days *that* data covers.
KPI_SOURCE: dict[str, str] = {
    **dict.fromkeys(
        ("net_sales", "gross_profit", "orders", "new_customers", "store_sales", "campaign_sales"),
        "orders",
    ),
    **dict.fromkeys(("calls", "effective_calls", "intent_customers", "deals"), "calls"),
    **dict.fromkeys(("visitors", "page_views", "new_visitors"), "traffic"),
}
# Time column of each kind whose records belong to a month by a date.
DATED_KINDS = {
    "orders": Order.order_time,
    "traffic": Traffic.date,
    "tickets": Ticket.created_at,
    "design_tasks": DesignTask.due_date,
    "calls": Call.call_time,
    "attendance": Attendance.date,
    "training": Training.date,
}


def all_kpi_trends(session: Session, months: list[Period]) -> pd.DataFrame:
    """Actuals of every employee and KPI for each month (unrestricted: callers cache it once
    and cut it down per viewer with `employee_trend`)."""
    if not months:
        return pd.DataFrame(columns=TREND_COLUMNS)
    records, _collected = load_records(session, months[0], months[-1])
    policy = current_policy(session)
    templates = templates_frame(session)
    targets = load_frame(session, "targets", [Target.period.in_([str(m) for m in months])])
    parts = []
    for month in months:
        month_targets = None  # without templates there are no targets (target attainment: —)
        if not templates.empty:
            plan = resolve_plan(records.employees, templates, targets, month, policy)
            month_targets = plan[["employee_id", "kpi_id", "target"]]
        actuals = compute_actuals(records, month, policy, targets=month_targets)
        parts.append(actuals.assign(period=str(month)))
    frame = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=TREND_COLUMNS)
    return frame[TREND_COLUMNS]


def employee_trend(trends: pd.DataFrame, actor: Actor, employee_id: str) -> pd.DataFrame:
    """One person's trend, only if the viewer may see their scorecard."""
    require(actor, "view_scorecard", employee_id)
    return trends[trends["employee_id"] == employee_id].reset_index(drop=True)


def latest_dates(session: Session, period: Period) -> dict[str, date | None]:
    """Per dated kind, the last day within `period` that has any record (None: no data)."""
    out: dict[str, date | None] = {}
    for kind, column in DATED_KINDS.items():
        value = session.scalar(
            select(func.max(column)).where(
                column >= _bound(column, period.start), column < _bound(column, period.end)
            )
        )
        out[kind] = _as_date(value)
    return out


def days_covered(latest: dict[str, date | None], kpi_id: str, period: Period) -> int:
    """Days of `period` the KPI's source data covers so far (0 when there is none yet)."""
    kind = KPI_SOURCE.get(kpi_id)
    days = [d for k, d in latest.items() if d is not None and (kind is None or k == kind)]
    if not days:
        return 0
    return min(max(days).day, period.days) if max(days) >= period.first_day else 0


def _bound(column, moment: datetime):  # noqa: ANN001, ANN202 - a column of Date or DateTime
    return moment.date() if column.type.python_type is date else moment


def _as_date(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(str(value)).date()
