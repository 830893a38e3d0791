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
from data.models import Appraisal, AuditEntry, DesignTask, Order
from data.services import appraisals, imports
from data.services.engine import compute_month
from data.services.settings import seed_default_templates

MARCH = Period(2026, 3)
NOW = datetime(2026, 4, 2, 9, 0)
SYSTEM = system_actor()
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
    # two decimals are kept to the digit
    with transaction(loaded) as session:
        appraisals.calibrate(session, HR, "E3", MARCH, "-20.01", "Too generous", now=NOW)
    assert _appraisal(loaded, "E3").calibration == Decimal("-20.01")


def test_self_scores_take_two_decimals_and_69_99_stays_a_d(loaded: Engine) -> None:
    # 100.001 is out of range first; the others are in range with a third decimal
    cases = {
        "69.999": "appraisal.score_decimals",
        "0.001": "appraisal.score_decimals",
        "100.001": "appraisal.score_range",
    }
    for score, key in cases.items():
        with transaction(loaded) as session, pytest.raises(ValidationError) as caught:
            appraisals.self_assess(session, SELLER, MARCH, score, {}, now=NOW)
        assert caught.value.key == key, score
    stored = _appraisal(loaded, "E3")
    assert stored.self_overall is None and stored.state == "open"

    with transaction(loaded) as session:
        appraisals.self_assess(session, SELLER, MARCH, "69.99", {}, now=NOW)
    assert _appraisal(loaded, "E3").self_overall == Decimal("69.99")
    with transaction(loaded) as session:
        result = compute_month(session, MARCH, NOW).appraisals.set_index("employee_id")
    # no orders and no review: only the self part is present, its weight rescaled to 100 %,
    # so composite = final = 69.99 exactly → D (60 ≤ 69.99 < 70), not C
    assert float(result.at["E3", "final_score"]) == pytest.approx(69.99, abs=1e-9)
    assert result.at["E3", "grade"] == "D"


def test_imports_name_the_row_with_too_many_decimals_and_write_nothing(loaded: Engine) -> None:
    orders = (
        "order_id,order_time,customer_id,paid_amount\n"
        "O1,2026-03-02 10:00,C1,10.00\n"
        "O2,2026-03-03 10:00,C2,10.005\n"
    )
    # quality scores are stored with two decimals: 88.125 would silently become 88.13
    tasks = (
        "task_id,employee_id,due_date,delivered_at,quality_score\n"
        "A1,E3,2026-03-10,2026-03-10 17:00,88.5\n"
        "A2,E3,2026-03-11,2026-03-11 17:00,88.125\n"
    )
    with transaction(loaded) as session:
        refused = [
            imports.import_file(session, system_actor(), kind, "f.csv", text.encode())
            for kind, text in (("orders", orders), ("design_tasks", tasks))
        ]
    assert not any(outcome.written for outcome in refused)
    errors = [e for outcome in refused for e in outcome.errors]
    # the header is row 1, so O2 and A2 are row 3
    assert [(e.row, e.column, e.key) for e in errors] == [
        (3, "paid_amount", "import.amount_decimals"),
        (3, "quality_score", "import.score_decimals"),
    ]
    assert errors[0].message("en").startswith("Row 3, paid_amount: '10.005' has more than 2")
    assert errors[1].message("en") == (
        "Row 3, quality_score: '88.125' has more than 2 decimal places; scores are kept to 2."
    )
    with transaction(loaded) as session:
        assert session.scalar(select(func.count(Order.order_id))) == 0
        assert session.scalar(select(func.count(DesignTask.task_id))) == 0
