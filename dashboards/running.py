"""How a page tells a running month apart (SPEC §10): projected grades and rankings, labelled
as such, taken from the month's estimate rather than from a result that does not exist yet.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from core.catalogue import CATALOGUE
from core.month import MonthResult
from core.periods import Period
from core.projection import is_running, month_days, project


def running(result: MonthResult) -> bool:
    """Whether `result` is a month still running on the day it was computed."""
    return result.as_of is not None and is_running(result.period, result.as_of)


def label(key: str, result: MonthResult) -> str:
    """`key` for a closed month, its `running.*` twin (which says "projected") otherwise."""
    return f"running.{key.split('.')[-1]}" if running(result) else key


def projected_board(result: MonthResult) -> pd.DataFrame:
    """The month's appraisals with the projected KPI score, grade and bonus in place of a
    final score, grade and bonus nobody has yet; marked `projected` so tables relabel."""
    board = result.appraisals
    if not running(result) or board.empty or result.estimate.empty:
        return board
    paced = result.estimate.set_index("employee_id")
    ids = board["employee_id"]
    return board.assign(
        final_score=ids.map(paced["projected_kpi_score"]).astype("float64"),
        grade=ids.map(paced["projected_grade"]),
        bonus_pct=ids.map(paced["projected_bonus_pct"]),
        bonus_amount=ids.map(paced["projected_bonus_amount"]),
        projected=True,
    )


def paced_trend(frame: pd.DataFrame, kpi_id: str, period: Period, as_of: date) -> pd.DataFrame:
    """A department trend (`period`, `actual`) with the running month at its projection and
    its value to date in `to_date` (SPEC §10: whole-month days for department figures)."""
    out = frame.assign(to_date=frame["actual"])
    if not is_running(period, as_of):
        return out
    live = out["period"] == str(period)
    e, days = month_days(period, as_of)
    volume = pd.Series(bool(CATALOGUE[kpi_id].prorate), index=out.index)
    paced = project(
        out["actual"], volume, pd.Series(e, index=out.index), pd.Series(days, index=out.index)
    )
    out.loc[live, "actual"] = paced[live]
    return out
