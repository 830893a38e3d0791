"""The month's awards (SPEC §8, §11) as a frame for pages, exports and the command line.

Awards are public: everyone sees who won; the winning figure only where the viewer may see it.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
from sqlalchemy.orm import Session

from core.awards import award_rows
from core.month import MonthResult
from core.periods import Period
from core.permissions import Actor, can
from data.records_store import load_frame
from data.services import results

AWARDS_FRAME_COLUMNS = ["award", "employee_id", "name", "kpi_id", "value"]


def awards_table(result: MonthResult, employees: pd.DataFrame, actor: Actor) -> pd.DataFrame:
    """award, employee_id, name, kpi_id, value of a computed month, one row per winner.

    `result` must be the unrestricted month (a restricted one lacks other people's actuals);
    `value` is left empty for winners whose scorecard `actor` may not see.
    """
    frame = award_rows(result.awards, result.actuals)
    names = employees.set_index("employee_id")["name"]
    frame.insert(2, "name", frame["employee_id"].map(names).astype(object))
    hidden = [not can(actor, "view_scorecard", e) for e in frame["employee_id"]]
    frame["value"] = frame["value"].mask(pd.Series(hidden, index=frame.index, dtype=bool))
    return frame[AWARDS_FRAME_COLUMNS]


def awards_frame(
    session: Session, actor: Actor, period: Period, now: datetime | None = None
) -> pd.DataFrame:
    """The awards of `period` (see `awards_table`); for a running month they are projected."""
    result = results.month(session, period, now)
    employees = load_frame(session, "employees", columns=["employee_id", "name"])
    return awards_table(result, employees, actor)


def is_projected(period: Period, today: datetime | None = None) -> bool:
    """A month's awards are projected until the month has ended (SPEC §10)."""
    return period >= Period.of(today or datetime.now())
