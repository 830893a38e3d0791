"""The annual appraisal read model: the year's finalised monthly results as frozen on the
appraisals, rolled up by `core.annual.annual_rollup`, so later uploads never change it.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy.orm import Session

from core.annual import annual_rollup
from core.permissions import Actor, can, require
from data.models import Appraisal, current_appraisals_select
from data.services.settings import current_policy

MONTHLY_COLUMNS = ["employee_id", "period", "final_score", "state"]


def monthly_results(session: Session, actor: Actor, year: int) -> pd.DataFrame:
    """Current appraisal versions of `year` the actor may see, with their finalised score."""
    require(actor, "view_appraisal")
    current = current_appraisals_select().where(Appraisal.period.like(f"{year:04d}-%"))
    rows = [(a.employee_id, a.period, a.state, a.result) for a in session.scalars(current)]
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


def annual(session: Session, actor: Actor, year: int) -> pd.DataFrame:
    """`core.annual.annual_rollup` over the year's finalised months (SPEC §5)."""
    return annual_rollup(monthly_results(session, actor, year), year, current_policy(session))
