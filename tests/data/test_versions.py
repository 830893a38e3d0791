"""Data versions per scope (`data.versions`): each write moves exactly the scopes it changes,
so caches of what it did not touch stay valid in every app instance."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from core.periods import Period
from core.permissions import Actor, system_actor
from data.db import transaction
from data.services import appraisals, imports, settings
from data.services.settings import seed_default_templates
from data.versions import (
    PEOPLE,
    SETTINGS,
    appraisals_scope,
    month_key,
    records_scope,
    records_total,
    versions,
)

OCT, NOV = Period(2026, 10), Period(2026, 11)
ADMIN = system_actor()
HR = Actor("hr", "hr", "E3")
DIRECTOR = Actor("director", "director", "E1", frozenset({"E2", "E3"}))
IMPORTER = Actor("loader", "ops", None, frozenset({"O9"}))  # a steward: ops supervisor
EMPLOYEES = (
    "employee_id,name,role,manager_id,target_bonus,hire_date\n"
    "E1,Director,director,,8000,2020-01-01\n"
    "E2,Lead,sales,E1,5000,2020-01-01\n"
    "E3,HR,hr,E1,4000,2020-01-01\n"
    "E4,Seller,sales,E2,3000,2020-01-01\n"
)
ORDERS = (
    "order_id,order_time,customer_id,paid_amount,employee_id\n"
    "O1,2026-10-03 10:00,C1,100,E4\n"
    "O2,2026-10-20 10:00,C2,300,E4\n"
    "O3,2026-11-10 09:00,C1,200,E4\n"
)


def _load(engine: Engine) -> None:
    with transaction(engine) as session:
        seed_default_templates(session)
        imports.import_file(session, ADMIN, "employees", "e.csv", EMPLOYEES.encode())
        outcome = imports.import_file(session, IMPORTER, "orders", "o.csv", ORDERS.encode())
        assert outcome.written, outcome.errors


def _versions(engine: Engine) -> dict[str, int]:
    with transaction(engine) as session:
        return versions(session)


def _changed(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    """Scope → how far it moved, for the scopes that moved."""
    return {
        s: after.get(s, 0) - before.get(s, 0)
        for s in before.keys() | after.keys()
        if after.get(s, 0) != before.get(s, 0)
    }


def test_first_import_creates_one_scope_per_kind_and_month(engine: Engine) -> None:
    _load(engine)
    current = _versions(engine)
    # O1, O2 in October, O3 in November; employees are people; seeding templates: settings.
    assert current[records_scope("orders", "2026-10")] == 1
    assert current[records_scope("orders", "2026-11")] == 1
    assert current[PEOPLE] == 1
    assert current[SETTINGS] == 1


def test_a_calibration_moves_only_that_months_appraisals(engine: Engine) -> None:
    _load(engine)
    with transaction(engine) as session:
        appraisals.open_period(session, OCT, now=datetime(2026, 11, 2))
    before = _versions(engine)
    with transaction(engine) as session:
        appraisals.calibrate(session, HR, "E4", OCT, "2", "strong quarter")
    after = _versions(engine)
    # one save, one scope, moved by one; records (and so history and trends) untouched
    assert _changed(before, after) == {appraisals_scope(OCT): 1}
    assert records_total(after) == records_total(before)
    assert month_key(after, NOV) == month_key(before, NOV)
    assert month_key(after, OCT) != month_key(before, OCT)


def test_an_orders_import_moves_orders_of_its_months_only(engine: Engine) -> None:
    _load(engine)
    before = _versions(engine)
    with transaction(engine) as session:
        imports.import_file(
            session,
            IMPORTER,
            "orders",
            "more.csv",
            b"order_id,order_time,customer_id,paid_amount,employee_id\n"
            b"O9,2026-11-11 10:00,C9,5,E4\n",
        )
    after = _versions(engine)
    assert _changed(before, after) == {records_scope("orders", "2026-11"): 1}
    # October's month reads no November record: its key stays, November's moves
    assert month_key(after, OCT) == month_key(before, OCT)
    assert month_key(after, NOV) != month_key(before, NOV)


def test_an_order_moved_to_another_month_moves_both_months(engine: Engine) -> None:
    _load(engine)
    before = _versions(engine)
    with transaction(engine) as session:
        outcome = imports.import_file(
            session,
            IMPORTER,
            "orders",
            "moved.csv",
            b"order_id,order_time,customer_id,paid_amount,employee_id\n"
            b"O2,2026-11-02 10:00,C2,300,E4\n",
        )
    assert outcome.replaced == 1
    assert _changed(_versions(engine), before) == {
        records_scope("orders", "2026-10"): -1,  # the replaced row left October
        records_scope("orders", "2026-11"): -1,  # and the new one landed in November
    }


def test_a_rollback_moves_the_months_of_the_rows_it_removes(engine: Engine) -> None:
    _load(engine)
    with transaction(engine) as session:
        outcome = imports.import_file(
            session,
            IMPORTER,
            "orders",
            "late.csv",
            b"order_id,order_time,customer_id,paid_amount,employee_id\n"
            b"O7,2026-09-30 23:00,C7,70,E4\n",
        )
    before = _versions(engine)
    with transaction(engine) as session:
        imports.rollback(session, ADMIN, outcome.import_id)
    assert _changed(before, _versions(engine)) == {records_scope("orders", "2026-09"): 1}


def test_a_target_moves_that_months_targets_and_a_policy_the_settings(engine: Engine) -> None:
    _load(engine)
    before = _versions(engine)
    with transaction(engine) as session:
        settings.set_target(session, DIRECTOR, "2026-11", "net_sales", 500.0, employee_id="E4")
    middle = _versions(engine)
    assert _changed(before, middle) == {records_scope("targets", "2026-11"): 1}
    with transaction(engine) as session:
        settings.save_policy(session, ADMIN, {"self_deadline_day": 6}, expected_version=0)
    assert _changed(middle, _versions(engine)) == {SETTINGS: 1}
