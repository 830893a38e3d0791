"""HR's board as a work queue (issue 12): a clicked row opens that appraisal, Previous/Next
follow the board's order, and a ticked selection of three is finalised in one go."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from core.appraisal import FINALISED, REVIEWED
from data.db import make_engine, transaction
from data.models import Appraisal, current_appraisals_select
from data.services import reports
from data.services.todo import appraisal_period
from tests.dashboards.conftest import actor

HR = "views/hr.py"
TABLE, PERSON = "_hr_board_table", "_hr_person_widget"


def _board(db: Path) -> list[tuple[str, str, bool]]:
    """(employee_id, state, incomplete) in the board's order, as the service gives it."""
    engine = make_engine(f"sqlite:///{db}")
    with transaction(engine) as session:
        month = reports.month(session, actor(db, "hr"), appraisal_period(date.today()))
    engine.dispose()
    rows = month.appraisals
    return list(zip(rows["employee_id"], rows["state"], rows["incomplete"], strict=True))


def _pick(at: AppTest, rows: list[int]) -> AppTest:
    at.session_state[TABLE] = {"selection": {"rows": rows, "columns": [], "cells": []}}
    return at.run()


def test_a_row_opens_its_appraisal_and_next_previous_follow_the_board(
    demo_db: Path, open_as: Callable[..., AppTest]
) -> None:
    ids = [e for e, _, _ in _board(demo_db)]
    at = _pick(open_as("hr", page=HR), [3])
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key=PERSON).value == ids[3]
    at.button(key="_hr_next").click().run()
    assert at.selectbox(key=PERSON).value == ids[4]
    at.button(key="_hr_prev").click().run()
    at.button(key="_hr_prev").click().run()
    assert at.selectbox(key=PERSON).value == ids[2]


def test_three_ticked_appraisals_are_finalised_together(
    demo_db: Path, open_as: Callable[..., AppTest]
) -> None:
    board = _board(demo_db)
    ready = [
        i for i, (_, state, incomplete) in enumerate(board) if state == REVIEWED and not incomplete
    ]
    assert len(ready) >= 3, board
    rows = ready[:3]
    at = _pick(open_as("hr", page=HR), rows)
    at.button(key="_hr_finalise_selected").click().run()
    assert not at.exception, [e.value for e in at.exception]
    chosen = {board[i][0] for i in rows}
    period = str(appraisal_period(date.today()))
    engine = make_engine(f"sqlite:///{demo_db}")
    with transaction(engine) as session:
        now = {
            a.employee_id: a.state
            for a in session.scalars(current_appraisals_select().where(Appraisal.period == period))
        }
    engine.dispose()
    assert {e: now[e] for e in chosen} == dict.fromkeys(chosen, FINALISED)
    # The other reviewed ones were not touched.
    others = [e for i, (e, s, _) in enumerate(board) if i not in rows and s == REVIEWED]
    assert others and all(now[e] == REVIEWED for e in others)
