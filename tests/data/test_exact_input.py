"""Exact input (SPEC §11): scores and calibration points with more than two decimals are
refused with their own message and change nothing; two decimals are kept to the digit."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import Engine, func, select

from core.errors import ValidationError
from core.periods import Period
from core.permissions import Actor, system_actor
from data.db import transaction
from data.models import Appraisal, AuditEntry, Order
from data.services import appraisals, imports
from data.services.engine import compute_month
from data.services.settings import seed_default_templates

MARCH = Period(2026, 3)
NOW = datetime(2026, 4, 2, 9, 0)
SYSTEM = Actor("system", "admin")
HR = Actor("hr", "hr", "E2")
SELLER = Actor("E3", "sales", "E3")
EMPLOYEES = (
    "employee_id,name,role,manager_id,target_bonus\n"
    "E1,Director,director,,8000\n"
    "E2,Hannah,hr,E1,3000\n"
    "E3,Sally,sales,E1,2000\n"
)


@pytest.fixture
def loaded(engine: Engine) -> Engine:
    with transaction(engine) as session:
        seed_default_templates(session)
        imports.import_file(session, SYSTEM, "employees", "e.csv", EMPLOYEES.encode())
    with transaction(engine) as session:
        appraisals.open_period(session, MARCH, now=NOW)
    return engine


def _audit_count(engine: Engine) -> int:
    with transaction(engine) as session:
        return session.scalar(select(func.count(AuditEntry.id)))


def _appraisal(engine: Engine, employee_id: str) -> Appraisal:
    with transaction(engine) as session:
        row = session.scalar(select(Appraisal).where(Appraisal.employee_id == employee_id))
        session.expunge(row)
        return row


def test_calibration_with_three_decimals_is_refused_and_nothing_saved(loaded: Engine) -> None:
    before = _audit_count(loaded)
    with transaction(loaded) as session, pytest.raises(ValidationError) as caught:
        appraisals.calibrate(session, HR, "E3", MARCH, "-20.001", "Too generous", now=NOW)
    assert caught.value.key == "appraisal.points_decimals"
    assert caught.value.message("en") == (
        "Calibration points take at most 2 decimals ('-20.001' has more); nothing was saved."
    )
    assert "最多保留 2 位小数" in caught.value.message("zh")
    # today it was stored as −20.00; now the appraisal and the audit trail are untouched
    stored = _appraisal(loaded, "E3")
    assert stored.calibration == Decimal(0) and stored.calibration_reason is None
    assert _audit_count(loaded) == before


def test_calibration_with_two_decimals_is_kept(loaded: Engine) -> None:
    with transaction(loaded) as session:
        appraisals.calibrate(session, HR, "E3", MARCH, "-20.01", "Too generous", now=NOW)
    assert _appraisal(loaded, "E3").calibration == Decimal("-20.01")


@pytest.mark.parametrize("score", ["69.999", "0.001", "100.001"])
def test_self_scores_with_three_decimals_are_refused(loaded: Engine, score: str) -> None:
    with transaction(loaded) as session, pytest.raises(ValidationError) as caught:
        appraisals.self_assess(session, SELLER, MARCH, score, {}, now=NOW)
    # 100.001 is out of range first; the others are in range with a third decimal
    expected = "appraisal.score_range" if score == "100.001" else "appraisal.score_decimals"
    assert caught.value.key == expected
    stored = _appraisal(loaded, "E3")
    assert stored.self_overall is None and stored.state == "open"


def test_self_score_69_99_stays_a_d(loaded: Engine) -> None:
    with transaction(loaded) as session:
        appraisals.self_assess(session, SELLER, MARCH, "69.99", {}, now=NOW)
    assert _appraisal(loaded, "E3").self_overall == Decimal("69.99")
    with transaction(loaded) as session:
        result = compute_month(session, MARCH, NOW).appraisals.set_index("employee_id")
    # no orders and no review: only the self part is present, its weight rescaled to 100 %,
    # so composite = final = 69.99 exactly → D (60 ≤ 69.99 < 70), not C
    assert float(result.at["E3", "final_score"]) == pytest.approx(69.99, abs=1e-9)
    assert result.at["E3", "grade"] == "D"


def test_an_amount_with_three_decimals_names_its_row_and_writes_nothing(engine: Engine) -> None:
    orders = (
        "order_id,order_time,customer_id,paid_amount\n"
        "O1,2026-03-02 10:00,C1,10.00\n"
        "O2,2026-03-03 10:00,C2,10.005\n"
    )
    with transaction(engine) as session:
        outcome = imports.import_file(
            session, Actor("loader", "ops"), "orders", "o.csv", orders.encode()
        )
    assert not outcome.written
    assert [(e.row, e.column, e.key) for e in outcome.errors] == [
        (3, "paid_amount", "import.amount_decimals")  # the header is row 1, O2 is row 3
    ]
    assert outcome.errors[0].message("en").startswith("Row 3, ")
    with transaction(engine) as session:
        assert session.scalar(select(func.count(Order.order_id))) == 0


def test_a_quality_score_with_three_decimals_is_refused(loaded: Engine) -> None:
    # the column is stored with two decimals: 88.125 would silently become 88.13 (or 88.12)
    tasks = (
        "task_id,employee_id,due_date,delivered_at,quality_score\n"
        "A1,E3,2026-03-10,2026-03-10 17:00,88.5\n"
        "A2,E3,2026-03-11,2026-03-11 17:00,88.125\n"
    )
    with transaction(loaded) as session:
        outcome = imports.import_file(
            session, system_actor(), "design_tasks", "d.csv", tasks.encode()
        )
    assert not outcome.written
    assert [(e.row, e.column, e.key) for e in outcome.errors] == [
        (3, "quality_score", "import.score_decimals")
    ]
    assert outcome.errors[0].message("en") == (
        "Row 3, quality_score: '88.125' has more than 2 decimal places; scores are kept to 2."
    )
