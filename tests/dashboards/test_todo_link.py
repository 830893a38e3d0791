"""A to-do "Review <name>" opens Team review on that very person (it used to open the page
on whoever came first in the list)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from data.services.todo import appraisal_period
from tests.dashboards.conftest import actor

SUPERVISOR = "ops"


def _open_reports(db: Path, supervisor: str) -> list[tuple[str, str]]:
    """(employee_id, name) of the supervisor's reports still waiting for a review."""
    lead = actor(db, supervisor)
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT a.employee_id, e.name FROM appraisals a JOIN employees e"
            " ON e.employee_id = a.employee_id WHERE a.period = ? AND a.state IN"
            " ('open', 'self_submitted') AND a.version = (SELECT max(version) FROM appraisals b"
            " WHERE b.employee_id = a.employee_id AND b.period = a.period)"
            " ORDER BY a.employee_id",
            (str(appraisal_period(date.today())),),
        ).fetchall()
    return [(e, n) for e, n in rows if e in lead.reports]


def test_todo_review_link_opens_that_person(demo_db: Path, open_as: Callable[..., AppTest]) -> None:
    reports = _open_reports(demo_db, SUPERVISOR)
    assert len(reports) >= 2, "the demo supervisor needs two reports to tell them apart"
    # The last one: the team review page would preselect the first one on its own.
    employee_id, name = reports[-1]
    at = open_as(SUPERVISOR)
    link = next(b for b in at.button if b.label.startswith(f"Review {name} for "))
    link.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="_review_person_widget").value == employee_id
    assert at.selectbox(key="_review_period_widget").value == str(appraisal_period(date.today()))
