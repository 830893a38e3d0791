"""HR gives a seller the quarterly plan from the app (issue 10: plans not only on paper)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from core.periods import Period
from data.db import make_engine, transaction
from data.services import ledger


def _box(at: AppTest, label: str):  # noqa: ANN202 - AppTest's Selectbox
    return next(b for b in at.selectbox if b.label == label)


def test_hr_assigns_the_quarterly_whole_plan(
    demo_db: Path, open_as: Callable[..., AppTest]
) -> None:
    at = open_as("hr", page="views/hr.py")
    _box(at, "Employee").set_value("E20")
    _box(at, "Plan").set_value("quarterly")
    _box(at, "Mode").set_value("whole")
    next(b for b in at.button if b.label == "Save plan").click().run()
    assert not at.exception, [e.value for e in at.exception]
    engine = make_engine(f"sqlite:///{demo_db}")
    with transaction(engine) as session:
        plans = ledger.plans_frame(session)
    engine.dispose()
    this_month = str(Period.of(date.today()))
    assert plans.to_dict("records") == [
        {"employee_id": "E20", "since": this_month, "plan": "quarterly", "mode": "whole"}
    ]
