"""Record storage rules the import log alone does not show: the late-collection month of an
order (SPEC §7), a templates upload replacing whole roles, and the shared data version.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pandas as pd
from sqlalchemy import Engine, select

from core.periods import Period
from core.records import conform
from data.db import transaction
from data.models import ImportLog, Order
from data.records_store import load_frame, write_frame
from data.services.engine import compute_month
from data.services.imports import import_file, rollback
from data.services.people import SYSTEM
from data.versions import PEOPLE, versions

EMPLOYEES = conform(
    "employees",
    pd.DataFrame(
        [
            {"employee_id": "E1", "name": "Boss", "role": "director"},
            {
                "employee_id": "E2",
                "name": "Seller",
                "role": "sales",
                "manager_id": "E1",
                "hire_date": "2025-01-01",
                "target_bonus": 1000,
            },
        ]
    ),
)


def _order(collected: bool | None, refund: float = 0.0) -> pd.DataFrame:
    return conform(
        "orders",
        pd.DataFrame(
            [
                {
                    "order_id": "O1",
                    "order_time": "2026-03-10 10:00",
                    "customer_id": "C1",
                    "paid_amount": 50_000,
                    "refund_amount": refund,
                    "employee_id": "E2",
                    "collected": collected,
                }
            ]
        ),
    )


def _write(engine: Engine, kind: str, frame: pd.DataFrame, when: datetime) -> int:
    with transaction(engine) as session:
        log = ImportLog(
            kind=kind, filename="t.csv", sha256="x", rows=len(frame), actor="t", at=when
        )
        session.add(log)
        session.flush()
        write_frame(session, kind, frame, log.id, when)
        return log.id


def test_uncollected_order_is_paid_in_the_month_a_later_upload_marks_it_collected(
    engine: Engine,
) -> None:
    _write(engine, "employees", EMPLOYEES, datetime(2026, 3, 31))
    _write(engine, "orders", _order(False), datetime(2026, 3, 31))
    with transaction(engine) as session:
        march = compute_month(session, Period(2026, 3), datetime(2026, 4, 1))
    # not collected yet: no tier line for March
    assert march.statement.empty or (march.statement["amount"].sum() == 0)
    marked = _write(engine, "orders", _order(True), datetime(2026, 5, 3))
    with transaction(engine) as session:
        assert session.scalar(select(Order.collected_period)) == "2026-05"
        may = compute_month(session, Period(2026, 5), datetime(2026, 6, 1))
        april = compute_month(session, Period(2026, 4), datetime(2026, 5, 1))
    # 50,000 collected in May → first tier 1 % = 500.00, paid with May, not March or April
    tier = may.statement[may.statement["kind"] == "tier"]
    assert tier["amount"].tolist() == [Decimal("500.00")]
    assert tier["sales_period"].tolist() == ["2026-05"]
    assert april.statement.empty or sum(april.statement["amount"]) == 0
    # a re-upload keeps the month it was collected in
    _write(engine, "orders", _order(True), datetime(2026, 7, 1))
    with transaction(engine) as session:
        assert session.scalar(select(Order.collected_period)) == "2026-05"
        # rolling back that re-upload restores the archived row, collected month included
        rollback(session, SYSTEM, marked + 1)
        assert session.scalar(select(Order.collected_period)) == "2026-05"


def test_templates_upload_replaces_only_the_roles_it_lists(engine: Engine, tmp_path) -> None:  # noqa: ANN001
    from data.services.settings import seed_default_templates

    with transaction(engine) as session:
        seed_default_templates(session)
        before = load_frame(session, "templates")
    content = (
        b"role,kpi_id,weight,target,method\n"
        b"sales,net_sales,70,50000,linear\n"
        b"sales,attitude,30,,manual\n"
    )
    with transaction(engine) as session:
        outcome = import_file(session, SYSTEM, "templates", "t.csv", content)
        assert outcome.written, [e.message("en") for e in outcome.errors]
    with transaction(engine) as session:
        after = load_frame(session, "templates")
    assert sorted(after.loc[after["role"] == "sales", "kpi_id"]) == ["attitude", "net_sales"]
    others_before = (
        before[before["role"] != "sales"].sort_values(["role", "kpi_id"]).reset_index(drop=True)
    )
    others_after = (
        after[after["role"] != "sales"].sort_values(["role", "kpi_id"]).reset_index(drop=True)
    )
    pd.testing.assert_frame_equal(others_before, others_after)


def test_an_employees_import_bumps_people_and_nothing_else(engine: Engine) -> None:
    with transaction(engine) as session:
        start = versions(session)
    with transaction(engine) as session:
        import_file(
            session, SYSTEM, "employees", "e.csv", b"employee_id,name,role\nE9,Nine,director\n"
        )
    with transaction(engine) as session:
        assert versions(session) == {**start, PEOPLE: start.get(PEOPLE, 0) + 1}
