"""The annual appraisal read model: the year's finalised monthly results as frozen on the
appraisals, rolled up by `core.annual.annual_rollup`, so later uploads never change it.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
from sqlalchemy.orm import Session

from core.annual import annual_rollup
from core.month_facts import appraised
from core.periods import Period, months_between
from core.permissions import Actor, can, require
from core.policy import Policy
from data.models import Appraisal, current_appraisals_select
from data.records_store import load_frame
from data.services.settings import current_policy

MONTHLY_COLUMNS = ["employee_id", "period", "final_score", "state"]


def monthly_results(session: Session, actor: Actor, year: int) -> pd.DataFrame:
    """Current appraisal versions of `year` the actor may see, with their finalised score."""
    require(actor, "view_appraisal")
    # Four columns, not whole appraisals: a year of a company's rows carries their rules.
    current = (
        current_appraisals_select()
        .where(Appraisal.period.like(f"{year:04d}-%"))
        .with_only_columns(
            Appraisal.employee_id, Appraisal.period, Appraisal.state, Appraisal.result
        )
    )
    rows = session.execute(current).all()
    records = [
        {
            "employee_id": employee_id,
            "period": period,
            "final_score": (result or {}).get("final_score") if state == "finalised" else None,
            "state": state,
        }
        for employee_id, period, state, result in rows
        if can(actor, "view_appraisal", employee_id)
    ]
    return pd.DataFrame(records, columns=MONTHLY_COLUMNS)


def employed_months(
    employees: pd.DataFrame, year: int, today: date, policy: Policy
) -> pd.DataFrame:
    """employee_id, period of each month of `year` up to `today`'s in which the employee is
    due an appraisal (employed ≥ the minimum days, with a supervisor): the months an annual
    score waits for (SPEC §5). Months still to come are not employed yet."""
    last = min(Period(year, 12), Period.of(today))
    if last < Period(year, 1):
        return pd.DataFrame(columns=["employee_id", "period"])
    parts = [
        appraised(employees, month, policy)[["employee_id"]].assign(period=str(month))
        for month in months_between(Period(year, 1), last)
    ]
    return pd.concat(parts, ignore_index=True)


def annual(
    session: Session,
    actor: Actor,
    year: int,
    today: date | None = None,
    employed: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """`core.annual.annual_rollup` over the year's finalised months (SPEC §5): year to date,
    without award flags, until the year is over and every month employed is finalised.
    `employed` is `employed_months` when the caller keeps it (it moves with people, not
    with appraisals)."""
    today = today or date.today()
    policy = current_policy(session)
    monthly = monthly_results(session, actor, year)
    if employed is None:
        employed = employed_months(load_frame(session, "employees"), year, today, policy)
    visible = [can(actor, "view_appraisal", e) for e in employed["employee_id"]]
    employed = employed[pd.Series(visible, index=employed.index, dtype=bool)]
    return annual_rollup(monthly, year, policy, employed, year_over=today.year > year)
