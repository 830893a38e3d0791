"""A save makes stale only what it touched (issue 14): after a calibration the record history
is the very same cached object and other months keep their keys, while the calibrated month
is recomputed without any cache being cleared; an import of orders does reload the history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from core.permissions import Actor
from dashboards import reads, state
from data.services import appraisals, imports
from data.services.todo import appraisal_period
from tests.dashboards.conftest import actor, open_report


def _calibration(hr: Actor, employee: str) -> Decimal:
    period = appraisal_period(date.today())
    board = state.visible_month(state.month_key(period, hr)).appraisals
    return board.loc[board["employee_id"] == employee, "calibration"].iloc[0]


def test_a_calibration_keeps_the_history_warm_and_recomputes_its_month(demo_db: Path) -> None:
    hr = actor(demo_db, "hr")
    period = appraisal_period(date.today())
    employee = open_report(demo_db, "ops")
    history = reads.history()
    earlier = state.month_key(period.previous(), hr)
    assert _calibration(hr, employee) == Decimal(0)

    with state.unit_of_work() as session:
        appraisals.calibrate(session, hr, employee, period, "2.5", "helped the launch")

    assert reads.history() is history  # not reloaded: same object, no million-row reread
    assert state.month_key(period.previous(), hr).data == earlier.data
    # the month itself is recomputed on its next read, with nothing cleared by hand
    assert _calibration(hr, employee) == Decimal("2.5")

    with state.unit_of_work() as session:
        outcome = imports.import_file(
            session,
            actor(demo_db, "ops"),
            "orders",
            "one.csv",
            f"order_id,order_time,customer_id,paid_amount\nCACHE-1,{date.today()},C-CACHE,10\n".encode(),
        )
    assert outcome.written, outcome.errors
    assert reads.history() is not history
