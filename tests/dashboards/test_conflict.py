"""Two sessions editing the same self-assessment: the second save is refused with who changed
it, keeps what was typed, and offers a reload."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from data.services.todo import appraisal_period
from tests.dashboards.conftest import open_report, texts


def _draft(at: AppTest, overall: int, achievements: str) -> AppTest:
    period = appraisal_period(date.today())
    at.number_input(key=f"self_{period}_overall").set_value(overall)
    at.text_area(key=f"self_{period}_achievements").input(achievements)
    next(b for b in at.button if b.label == "Save draft").click()
    return at.run()


def test_second_save_gets_a_conflict_and_keeps_the_typing(
    demo_db: Path, open_as: Callable[..., AppTest]
) -> None:
    employee = open_report(demo_db, "ops")
    page = "views/self_assessment.py"
    first, second = open_as(employee, page=page), open_as(employee, page=page)
    _draft(first, 70, "first session")
    assert not first.exception
    _draft(second, 90, "second session")
    assert not second.exception
    period = appraisal_period(date.today())
    assert f"Changed by {employee}" in texts(second)
    assert second.text_area(key=f"self_{period}_achievements").value == "second session"
    assert second.number_input(key=f"self_{period}_overall").value == 90
    reload = next(b for b in second.button if b.label.startswith("Discard my changes"))
    reload.click().run()
    assert second.text_area(key=f"self_{period}_achievements").value == "first session"
