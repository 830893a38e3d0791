"""Who must be reminded of which appraisal step (SPEC §11), over a month's board at once.

A step is due once its deadline is at most `REMIND_DAYS` days away, and stays due while overdue.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from core.periods import Period
from core.policy import Policy

STEPS: tuple[str, ...] = ("self_assessment", "review", "interview")
REMIND_DAYS = 2
DUE_COLUMNS = ["recipient_id", "step", "subject_id", "due", "overdue"]


def last_day(period: Period, day_of_next_month: int) -> date:
    """The last day a step of `period` is on time (deadlines end with their day)."""
    return (period.deadline(day_of_next_month) - timedelta(days=1)).date()


def due_steps(board: pd.DataFrame, period: Period, today: date, policy: Policy) -> pd.DataFrame:
    """Steps waiting on someone, due within REMIND_DAYS of `today` or overdue.

    board: one row per appraisal of `period` with employee_id, manager_id, state, self_waived,
    grade and interview_recorded. The self-assessment waits on the employee while `open` and
    not waived; the review waits on the manager while `open` or `self_submitted`; the
    performance interview for an interview grade (E) waits on the manager until recorded or
    finalised, due with the review (the manager holds it before HR finalises). Returns
    DUE_COLUMNS, one row per (recipient, step, subject), sorted.
    """
    if board.empty:
        return pd.DataFrame(columns=DUE_COLUMNS)
    state = board["state"].astype(str)
    has_manager = board["manager_id"].notna() & (board["manager_id"].astype(str) != "")
    self_due = last_day(period, policy.self_deadline_day)
    review_due = last_day(period, policy.review_deadline_day)
    interview = (
        board["grade"].isin(policy.interview_grades)
        & ~board["interview_recorded"].fillna(False).astype(bool)
        & (state != "finalised")
        & has_manager
    )
    parts = [
        _steps(
            board[(state == "open") & ~board["self_waived"].fillna(False).astype(bool)],
            "employee_id",
            "self_assessment",
            self_due,
        ),
        _steps(
            board[state.isin(["open", "self_submitted"]) & has_manager],
            "manager_id",
            "review",
            review_due,
        ),
        _steps(board[interview], "manager_id", "interview", review_due),
    ]
    frame = pd.concat([p for p in parts if not p.empty] or [parts[0]], ignore_index=True)
    frame = frame[[(due - today).days <= REMIND_DAYS for due in frame["due"]]]
    frame["overdue"] = [today > due for due in frame["due"]]
    return (
        frame[DUE_COLUMNS]
        .sort_values(["recipient_id", "step", "subject_id"])
        .reset_index(drop=True)
    )


def _steps(rows: pd.DataFrame, who: str, step: str, due: date) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "recipient_id": rows[who].astype(str).tolist(),
            "step": step,
            "subject_id": rows["employee_id"].astype(str).tolist(),
            "due": due,
            "overdue": False,
        },
        columns=DUE_COLUMNS,
    )
