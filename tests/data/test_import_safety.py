"""Issue 13's smaller import holes: refunds above the paid amount, manager chains that loop,
rolling back an employees import (its accounts and appraisals go too), and two identical
imports at once (one lock per database, a message instead of a raw unique-key error).
"""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from sqlalchemy import Engine, func, select

from core.errors import ConflictError, StateError
from data.db import session_factory, transaction
from data.importing import parse_upload
from data.models import Appraisal, Employee, Order, User
from data.services import appraisals, imports, people
from tests.data.test_permissions import MAR, NOW, csv_bytes, load_department

ORDER_HEADER = ["order_id", "order_time", "customer_id", "paid_amount", "refund_amount"]


def test_a_refund_above_the_paid_amount_is_refused_with_its_row() -> None:
    """Row 3 refunds 150.00 of 100.00 paid: refused. Row 2 refunds all 100 (allowed), row 4
    none."""
    content = csv_bytes(
        [
            ORDER_HEADER,
            ["A1", "2026-03-01 10:00", "C1", "100", "100"],
            ["A2", "2026-03-01 11:00", "C1", "100", "150.00"],
            ["A3", "2026-03-01 12:00", "C1", "100", ""],
        ]
    )
    result = parse_upload("orders", "o.csv", content)
    assert [(e.row, e.column, e.key) for e in result.errors] == [
        (3, "refund_amount", "import.refund_exceeds_paid")
    ]
    assert result.errors[0].detail("en") == (
        "The refund 150.00 is more than the 100 paid for this order."
    )
    assert result.valid_rows == 2


# --- manager cycles ------------------------------------------------------------------------

EMPLOYEE_HEADER = ["employee_id", "name", "role", "manager_id", "hire_date"]


def _employees(engine: Engine, rows: list[list[str]]) -> imports.ImportOutcome:
    with transaction(engine) as session:
        hr = people.actor_for(session, "H1")
        return imports.import_file(
            session, hr, "employees", "e.csv", csv_bytes([EMPLOYEE_HEADER, *rows]), now=NOW
        )


def _cycles(outcome: imports.ImportOutcome) -> list[str]:
    return [e.params["cycle"] for e in outcome.errors if e.key == "import.manager_cycle"]


def test_two_new_people_managing_each_other_are_refused(engine: Engine) -> None:
    load_department(engine)
    outcome = _employees(
        engine,
        [
            ["N1", "New One", "sales", "N2", "2024-01-01"],
            ["N2", "New Two", "sales", "N1", "2024-01-01"],
        ],
    )
    assert not outcome.written
    assert _cycles(outcome) == ["N1 → N2 → N1"]
    with transaction(engine) as session:
        assert session.get(Employee, "N1") is None


def test_a_loop_through_stored_people_is_found(engine: Engine) -> None:
    """The stored chain is S2 → S1 → D1; the file makes S2 the director's manager:
    D1 → S2 → S1 → D1."""
    load_department(engine)
    outcome = _employees(engine, [["D1", "Dana Director", "director", "S2", "2024-01-01"]])
    assert not outcome.written
    assert _cycles(outcome) == ["D1 → S2 → S1 → D1"]
    with transaction(engine) as session:
        assert session.get(Employee, "D1").manager_id is None  # type: ignore[union-attr]


# --- rolling back an employees import ------------------------------------------------------

NEWCOMERS = [
    ["N1", "New One", "sales", "S1", "2024-01-01"],
    ["N2", "New Two", "sales", "S1", "2024-01-01"],
    ["S2", "Sam Seller", "sales", "D1", "2024-01-01"],  # an existing person, re-managed
]


def _state(engine: Engine) -> tuple[dict[str, bool], list[str], str | None]:
    """(account → active, employees with a March appraisal, S2's manager)."""
    with transaction(engine) as session:
        users = {u: a for u, a in session.execute(select(User.username, User.active))}
        appraised = sorted(
            session.scalars(select(Appraisal.employee_id).where(Appraisal.period == str(MAR)))
        )
        return users, appraised, session.get(Employee, "S2").manager_id  # type: ignore[union-attr]


def test_rolling_back_an_employees_import_removes_its_people_accounts_and_appraisals(
    engine: Engine,
) -> None:
    load_department(engine)
    outcome = _employees(engine, NEWCOMERS)
    assert outcome.written, outcome.errors
    with transaction(engine) as session:
        # 6 appraised before (H1, O1, C1, G1, S1, S2) + N1 + N2 = 8
        assert appraisals.open_period(session, MAR, now=NOW) == 8
    users, appraised, manager = _state(engine)
    assert users["N1"] and users["N2"] and manager == "D1"
    assert appraised == ["C1", "G1", "H1", "N1", "N2", "O1", "S1", "S2"]

    with transaction(engine) as session:
        hr = people.actor_for(session, "H1")
        imports.rollback(session, hr, outcome.import_id, now=NOW)  # type: ignore[arg-type]
    users, appraised, manager = _state(engine)
    assert (users["N1"], users["N2"], users["S2"]) == (False, False, True)
    assert appraised == ["C1", "G1", "H1", "O1", "S1", "S2"]
    assert manager == "S1"  # S2's replaced row is back
    with transaction(engine) as session:
        assert session.get(Employee, "N1") is None


def test_an_employees_rollback_is_refused_once_a_newcomer_has_started(engine: Engine) -> None:
    load_department(engine)
    outcome = _employees(engine, NEWCOMERS)
    with transaction(engine) as session:
        appraisals.open_period(session, MAR, now=NOW)
        appraisals.self_assess(session, people.actor_for(session, "N1"), MAR, 80, now=NOW)
    before = _state(engine)
    with transaction(engine) as session:
        hr = people.actor_for(session, "H1")
        with pytest.raises(StateError) as caught:
            imports.rollback(session, hr, outcome.import_id, now=NOW)  # type: ignore[arg-type]
    assert caught.value.key == "import.rollback_appraisals_started"
    assert caught.value.params["employees"] == "N1"
    assert _state(engine) == before


# --- two imports at once -------------------------------------------------------------------


def test_two_identical_imports_at_once_never_fail_raw(engine: Engine) -> None:
    """Two threads import the same 3,000 orders at the same moment. Either both succeed (one
    after the other: the second replaces all 3,000) or one is told another import is running;
    any other exception (a unique-key violation half-way) fails the test. 3,000 orders in the
    end either way, never 6,000."""
    load_department(engine)
    rows = [["order_id", "order_time", "customer_id", "paid_amount", "employee_id"]]
    rows += [[f"R{i}", "2026-03-10 10:00", "C1", "10", "S2"] for i in range(3000)]
    content = csv_bytes(rows)
    start = threading.Barrier(2)
    results: list[object] = []

    def run() -> None:
        session = session_factory(engine)()
        try:
            start.wait()
            outcome = imports.import_file(
                session, people.SYSTEM, "orders", "same.csv", content, now=datetime(2026, 4, 10)
            )
            session.commit()
            results.append(("written", outcome.rows))
        except ConflictError as exc:
            session.rollback()
            results.append(("busy", exc.key))
        except Exception as exc:  # noqa: BLE001 - what the test is about
            session.rollback()
            results.append(("raw", repr(exc)[:300]))
        finally:
            session.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert ("written", 3000) in results, results
    assert all(r in (("written", 3000), ("busy", "import.busy")) for r in results), results
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).where(Order.order_id.like("R%"))) == 3000
