"""A month walked through the app: upload, self-assessment, review, calibration, finalisation and
payroll by the people who do them — then nobody can edit the finalised appraisal from any page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from core.periods import Period
from data.db import make_engine, transaction
from data.exports import payroll_xlsx
from data.models import Appraisal, current_appraisals_select
from data.services import ledger, payroll
from data.services.todo import appraisal_period
from tests.dashboards.conftest import actor, open_report, texts

SUPERVISOR = "ops"
SELF, REVIEW, HR, UPLOAD = (
    "views/self_assessment.py",
    "views/team_review.py",
    "views/hr.py",
    "views/upload.py",
)


def _state(db: Path, period: Period, employee: str) -> Appraisal:
    engine = make_engine(f"sqlite:///{db}")
    with transaction(engine) as session:
        row = session.scalars(
            current_appraisals_select().where(
                Appraisal.employee_id == employee, Appraisal.period == str(period)
            )
        ).one()
        session.expunge(row)
    engine.dispose()
    return row


def _button(at: AppTest, label: str):  # noqa: ANN202 - AppTest's Button
    return next(b for b in at.button if b.label == label)


def _upload_orders(at: AppTest, today: date) -> None:
    at.selectbox(key="_upload_kind_widget").set_value("orders").run()
    day = today.replace(day=1).isoformat()
    csv = (
        "订单编号,下单时间,买家ID,实付金额,员工编号\n"
        f"WALK-1,{day} 10:00,C-WALK-1,1200.50,E20\n"
        f"WALK-2,{day} 11:30,C-WALK-2,800,E20\n"
    ).encode()
    at.file_uploader(key="_upload_file_orders").upload("walk.csv", csv, "text/csv").run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Rows with problems" in [m.label for m in at.metric]
    _button(at, "Import these rows (2)").click().run()
    assert "Imported 2 rows" in texts(at)
    history = at.dataframe[-1].value
    assert "walk.csv" in set(history.iloc[:, 2])


def _self_assess(at: AppTest, period: Period) -> None:
    prefix = f"self_{period}_"
    for box in at.number_input:
        box.set_value(82)
    at.text_area(key=f"{prefix}achievements").input("Launched the <b>winter</b> campaign")
    _button(at, "Submit self-assessment").click().run()
    assert not at.exception, [e.value for e in at.exception]
    _button(at, "Yes, submit").click().run()  # the submit is final: asked once more
    assert not at.exception, [e.value for e in at.exception]


def _review(at: AppTest, period: Period, employee: str) -> None:
    at.selectbox(key="_review_person_widget").set_value(employee).run()
    assert "Launched the <b>winter</b> campaign" in [t.value for t in at.text], "shown as text"
    for box in at.number_input:
        box.set_value(76)
    at.text_area(key=f"review_{employee}_{period}_comment").input("Solid month")
    _button(at, "Submit review").click().run()
    assert not at.exception, [e.value for e in at.exception]


def _calibrate_and_finalise(at: AppTest, period: Period, employee: str) -> None:
    at.selectbox(key="_hr_person_widget").set_value(employee).run()
    at.number_input[0].set_value(2.5)
    at.text_area[0].input("Covered the campaign launch for a colleague")
    _button(at, "Save calibration").click().run()
    assert not at.exception, [e.value for e in at.exception]
    if any(b.label == "Save interview" for b in at.button):
        plan = next(t for t in at.text_area if t.label.startswith("Interview"))
        plan.input("Weekly check-ins on conversion; review in one month")
        _button(at, "Save interview").click().run()
    _button(at, "Finalise this appraisal").click().run()
    assert not at.exception, [e.value for e in at.exception]
    labels = [b.label for b in at.get("download_button")]
    assert "Download payroll (.xlsx)" in labels


def test_full_month_through_the_app(demo_db: Path, open_as: Callable[..., AppTest]) -> None:
    today = date.today()
    period = appraisal_period(today)
    employee = open_report(demo_db, SUPERVISOR)
    assert _state(demo_db, period, employee).state == "open"

    _upload_orders(open_as("ops", page=UPLOAD), today)  # orders' steward (SPEC §9)

    _self_assess(open_as(employee, page=SELF), period)
    assert _state(demo_db, period, employee).state == "self_submitted"

    _review(open_as(SUPERVISOR, page=REVIEW), period, employee)
    assert _state(demo_db, period, employee).state == "reviewed"

    _calibrate_and_finalise(open_as("hr", page=HR), period, employee)
    final = _state(demo_db, period, employee)
    assert final.state == "finalised"
    assert float(final.calibration) == 2.5

    engine = make_engine(f"sqlite:///{demo_db}")
    with transaction(engine) as session:
        run = payroll.payroll(session, actor(demo_db, "hr"), period)
    assert employee in set(run.sheet["employee_id"])
    assert payroll_xlsx(run).startswith(b"PK")

    # Month close: the preview's totals are the sheet's, and closing records exactly them.
    hr = open_as("hr", page=HR)
    assert "Payroll preview" in texts(hr)
    hr.button(key="_hr_close_run").click().run()
    with transaction(engine) as session:
        closed = ledger.runs_frame(session, actor(demo_db, "hr"))
        stored = ledger.stored_lines(session, period)
    engine.dispose()
    # The demo closed the payroll of its three finalised months; this run comes on top,
    # newest first: the appraised month, then the three before it.
    earlier = [period.previous(), period.previous().previous()]
    earlier.append(earlier[-1].previous())
    assert list(closed["period"]) == [str(m) for m in (period, *earlier)]
    assert closed["bonus"].iloc[0] == run.totals["bonus"]
    assert closed["commission"].iloc[0] == run.totals["commission"]
    assert len(stored) == len(run.lines)
    closed_page = open_as("hr", page=HR)
    assert "is closed" in texts(closed_page)
    assert not [b for b in closed_page.button if b.key == "_hr_close_run"]

    # Finalised: read-only from every page that could edit it.
    staff = open_as(employee, page=SELF)
    assert not staff.number_input and "can no longer be edited" in texts(staff)
    lead = open_as(SUPERVISOR, page=REVIEW)
    lead.selectbox(key="_review_person_widget").set_value(employee).run()
    assert not lead.number_input and "can no longer be edited" in texts(lead)
    hr = open_as("hr", page=HR)
    hr.selectbox(key="_hr_person_widget").set_value(employee).run()
    labels = [b.label for b in hr.button]
    assert "Save calibration" not in labels and "Reopen" in labels
