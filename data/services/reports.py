"""Read models for people: scorecards, the appraisal board and the payroll sheet, filtered
to what the viewer may see.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
from sqlalchemy.orm import Session

from core.month import MonthResult
from core.periods import Period
from core.permissions import Actor, can, require, scopes
from core.projection import ESTIMATE_COLUMNS, PROJECTION_COLUMNS
from data.exports import join_flags
from data.services import results
from data.services.engine import APPRAISAL_COLUMNS


def _visible(frame: pd.DataFrame, actor: Actor, action: str) -> pd.DataFrame:
    """Rows of the employees the actor may see; decided once per person, not per row."""
    if frame.empty or "all" in scopes(actor, action):
        return frame
    allowed = [e for e in frame["employee_id"].unique() if can(actor, action, e)]
    return frame[frame["employee_id"].isin(allowed)].reset_index(drop=True)


def month(
    session: Session,
    actor: Actor,
    period: Period,
    now: datetime | None = None,
    as_of: date | None = None,
) -> MonthResult:
    """The month computed (as of `as_of` when given), then cut down to what `actor` may see."""
    return restrict(results.month(session, period, now, as_of), actor)


def restrict(result: MonthResult, actor: Actor) -> MonthResult:
    """Cut a computed month down to the actor's scope (the app caches the full month once)."""
    return MonthResult(
        period=result.period,
        scorecard=_visible(result.scorecard, actor, "view_scorecard"),
        appraisals=_hide_own_provisional(
            _visible(result.appraisals, actor, "view_appraisal"), actor
        ),
        statement=_visible(result.statement, actor, "view_commission"),
        attendance=_visible(result.attendance, actor, "view_appraisal"),
        awards=result.awards,
        actuals=_visible(result.actuals, actor, "view_scorecard"),
        estimate=_visible(
            _visible(result.estimate, actor, "view_scorecard"), actor, "view_commission"
        ),
        as_of=result.as_of,
    )


PROVISIONAL = ("composite", "calibration", "final_score", "grade", "bonus_pct", "bonus_amount")


def _hide_own_provisional(frame: pd.DataFrame, actor: Actor) -> pd.DataFrame:
    """SPEC §2: employees see their own result once it is finalised, not while HR works on it."""
    if frame.empty or actor.employee_id is None:
        return frame
    own = (frame["employee_id"] == actor.employee_id) & (frame["state"] != "finalised")
    if not own.any():
        return frame
    frame = frame.copy()
    for column in PROVISIONAL:
        if column in frame:
            frame[column] = frame[column].astype(object)
            frame.loc[own, column] = None
    return frame


SCORECARD_OUT = ["employee_id", "period", "kpi_id", "actual", "target", "score", "weight"]


def scorecard_frame(
    session: Session, actor: Actor, period: Period, as_of: date | None = None
) -> pd.DataFrame:
    """The scorecard with SPEC §10's pace columns after today's seven."""
    card = month(session, actor, period, as_of=as_of).scorecard
    return card[SCORECARD_OUT + PROJECTION_COLUMNS]


def estimate_frame(
    session: Session,
    actor: Actor,
    period: Period,
    as_of: date | None = None,
    employee_id: str | None = None,
) -> pd.DataFrame:
    """SPEC §10's estimate for the actor and the people in their scope; asking for someone
    outside it is refused (PermissionDenied), not answered with an empty list."""
    if employee_id is not None:
        require(actor, "view_scorecard", employee_id)
        require(actor, "view_commission", employee_id)
    frame = month(session, actor, period, as_of=as_of).estimate
    if employee_id is not None:
        frame = frame[frame["employee_id"] == employee_id]
    return frame[ESTIMATE_COLUMNS].reset_index(drop=True)


def appraisals_frame(
    session: Session, actor: Actor, period: Period, now: datetime | None = None
) -> pd.DataFrame:
    frame = month(session, actor, period, now).appraisals
    out = frame.reindex(columns=APPRAISAL_COLUMNS).copy()
    out["flags"] = out["flags"].map(join_flags)
    return out
