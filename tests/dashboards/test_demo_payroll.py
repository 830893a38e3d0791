"""The demo's payroll history (SPEC §11): every fully finalised month of the demo has a closed
run paying its finalised bonuses, so "Closed payroll runs" has a history and the open month's
run pays only its own month (plus genuine adjustments)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from core.periods import Period
from data.db import make_engine, transaction
from data.models import Appraisal, current_appraisals_select
from data.services import ledger, payroll
from data.services.todo import appraisal_period
from tests.dashboards.conftest import actor


def _finalised_bonus(session, month: Period) -> dict[str, Decimal]:  # noqa: ANN001
    """employee_id → bonus_amount of the month's finalised appraisals, read from the rows."""
    rows = session.scalars(
        current_appraisals_select().where(
            Appraisal.period == str(month), Appraisal.state == "finalised"
        )
    ).all()
    return {a.employee_id: Decimal(str(a.result["bonus_amount"])) for a in rows}


def test_the_demo_closes_the_payroll_of_its_finalised_months(demo_db: Path) -> None:
    hr = actor(demo_db, "hr")
    period = appraisal_period(date.today())
    # data/demo.py finalises the three months before the appraised one and leaves it open.
    months = [period.previous()]
    months += [months[-1].previous(), months[-1].previous().previous()]
    engine = make_engine(f"sqlite:///{demo_db}")
    with transaction(engine) as session:
        runs = ledger.runs_frame(session, hr)
        assert list(runs["period"]) == [str(m) for m in months]  # newest first
        assert set(runs["closed_by"]) == {"hr"}
        for month, closed_at, bonus in zip(months, runs["closed_at"], runs["bonus"], strict=True):
            # Finalised (and closed) on the 1st of the next month + 2 days + 5 days, 10:00.
            day = datetime.combine(month.next().first_day, time(10, 0)) + timedelta(days=7)
            assert closed_at == day
            due = _finalised_bonus(session, month)
            assert due, month
            lines = ledger.stored_lines(session, month)
            paid = lines.loc[lines["category"] == "bonus"]
            # Each finalised appraisal's bonus is paid once, on its own month's run.
            assert set(paid["origin_period"]) == {str(month)}
            assert dict(zip(paid["employee_id"], paid["amount"], strict=True)) == due
            assert bonus == sum(due.values(), Decimal(0))
        open_run = payroll.payroll(session, hr, period)
    engine.dispose()
    assert not open_run.closed
    lines = open_run.lines
    earlier = lines.loc[lines["origin_period"] != str(period)]
    # Earlier months come back only as adjustments with a reason, never as a first payment.
    assert earlier["reason"].notna().all()
    assert "late_finalisation" not in set(earlier["reason"])
