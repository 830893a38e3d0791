"""Everyone's to-do list of SPEC §2 (self-assessments, reviews, finalising, missing uploads),
built from the month board the app already caches so the home page costs no extra engine run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.i18n import N_
from core.periods import Period
from core.permissions import Actor, can, upload_kinds
from core.policy import Policy
from data.models import Employee
from data.services.settings import current_policy
from data.services.trends import DATED_KINDS, latest_dates

# Kinds a month cannot be appraised without, when the role uploads them.
MONTHLY_KINDS = tuple(DATED_KINDS)


@dataclass(frozen=True)
class TodoItem:
    """One thing to do: `kind` names the task, `key` its message, `page` where to do it."""

    kind: str
    key: str
    period: str
    page: str
    late: bool = False
    params: dict[str, Any] = field(default_factory=dict)


def appraisal_period(today: date) -> Period:
    """The month being appraised: appraisals happen in the first days of the next month."""
    return Period.of(today).previous()


def is_appraised(session: Session, employee_id: str | None) -> bool:
    """Whether the person takes part in monthly appraisals (has a manager, is not an admin)."""
    if not employee_id:
        return False
    row = session.execute(
        select(Employee.manager_id, Employee.role).where(Employee.employee_id == employee_id)
    ).first()
    return bool(row and row.manager_id and row.role != "admin")


def upload_gaps(session: Session, actor: Actor, period: Period) -> list[str]:
    """Kinds this role uploads that have no record dated in `period`."""
    allowed = upload_kinds(actor, current_policy(session).stewards)
    kinds = [k for k in MONTHLY_KINDS if k in allowed]
    if not kinds:
        return []
    latest = latest_dates(session, period)
    return [k for k in kinds if latest.get(k) is None]


def todo_items(
    actor: Actor,
    period: Period,
    board: pd.DataFrame,
    names: dict[str, str],
    policy: Policy,
    now: datetime,
    gaps: list[str] = (),  # type: ignore[assignment]
) -> list[TodoItem]:
    """The actor's open tasks for `period`, most personal first.

    `board` is the month's appraisal results as the actor may see them (employee_id, state,
    self_waived, incomplete, flags); `names` maps employee ids to names for the messages.
    """
    items: list[TodoItem] = []
    month = str(period)
    self_due = period.deadline(policy.self_deadline_day)
    review_due = period.deadline(policy.review_deadline_day)
    rows = board.set_index("employee_id") if not board.empty else board
    own = actor.employee_id
    if own and not board.empty and own in rows.index:
        row = rows.loc[own]
        if row["state"] == "open" and not bool(row.get("self_waived", False)):
            items.append(
                TodoItem(
                    "self_assess",
                    N_("ui.todo.self_assess"),
                    month,
                    "views/self_assessment.py",
                    now >= self_due,
                    {"due": due_day(self_due)},
                )
            )
    for employee_id in sorted(actor.reports):
        if board.empty or employee_id not in rows.index:
            continue
        state = rows.loc[employee_id, "state"]
        if state in ("open", "self_submitted") and can(actor, "review", employee_id):
            items.append(
                TodoItem(
                    "review",
                    N_("ui.todo.review"),
                    month,
                    "views/team_review.py",
                    now >= review_due,
                    {
                        "name": names.get(employee_id, employee_id),
                        "employee_id": employee_id,
                        "due": due_day(review_due),
                        "self_done": state == "self_submitted",
                    },
                )
            )
    if can(actor, "finalise") and not board.empty:
        ready = int(
            ((board["state"] == "reviewed") & ~board["incomplete"].fillna(True).astype(bool)).sum()
        )
        waiting = int((board["state"] != "finalised").sum()) - ready
        if ready:
            items.append(
                TodoItem(
                    "finalise",
                    N_("ui.todo.finalise"),
                    month,
                    "views/hr.py",
                    params={"count": ready},
                )
            )
        if waiting:
            items.append(
                TodoItem(
                    "pending",
                    N_("ui.todo.pending"),
                    month,
                    "views/hr.py",
                    params={"count": waiting},
                )
            )
    for kind in gaps:
        items.append(
            TodoItem(
                "upload", N_("ui.todo.upload"), month, "views/upload.py", params={"kind": kind}
            )
        )
    return items


def due_day(deadline: datetime) -> str:
    """Deadlines are whole days: the end-exclusive instant shown as the last day allowed."""
    return (deadline - timedelta(days=1)).date().isoformat()
