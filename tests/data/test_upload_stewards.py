"""SPEC §9 upload stewards, through the real import service: staff upload nothing, a store's
owner changes only by the director or HR, and a replacing upload names whose rows it changes.
"""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from core.errors import PermissionDenied
from data.db import transaction
from data.models import AuditEntry, Order, Store
from data.services import imports, people, settings
from tests.data.test_permissions import NOW, csv_bytes, load_department

# O2 is an ops specialist under O1, who thereby becomes an ops supervisor.
SPECIALIST = [["employee_id", "name", "role", "manager_id"], ["O2", "Ona Ops", "ops", "O1"]]


@pytest.fixture
def dept(engine: Engine) -> Engine:
    load_department(engine)
    with transaction(engine) as session:
        assert imports.import_file(
            session, people.SYSTEM, "employees", "o2.csv", csv_bytes(SPECIALIST), now=NOW
        ).written
    return engine


def _orders(session: Session) -> dict[str, tuple[str, str]]:
    return {o.order_id: (o.employee_id, str(o.paid_amount)) for o in session.scalars(select(Order))}


def _owners(session: Session) -> dict[str, str]:
    return {s.store: s.owner_id for s in session.scalars(select(Store))}


def test_a_sales_rep_cannot_take_a_colleagues_orders(dept: Engine) -> None:
    """S2 (no reports) re-uploads S1's March order under their own id: refused, nothing moves."""
    with transaction(dept) as session:
        before = _orders(session)
        seller = people.actor_for(session, "S2")
        file = csv_bytes(
            [
                ["order_id", "order_time", "customer_id", "paid_amount", "employee_id"],
                ["S1-3", "2026-03-05 10:00", "C1", "9000", "S2"],
            ]
        )
        with pytest.raises(PermissionDenied) as caught:
            imports.import_file(session, seller, "orders", "mine.csv", file, now=NOW)
        assert caught.value.key == "permission.import_denied"
    with transaction(dept) as session:
        assert _orders(session) == before
        assert before["S1-3"] == ("S1", "9000.00")


def test_an_ops_specialist_cannot_take_their_supervisors_store(dept: Engine) -> None:
    with transaction(dept) as session:
        specialist = people.actor_for(session, "O2")
        with pytest.raises(PermissionDenied) as caught:
            imports.import_file(
                session,
                specialist,
                "stores",
                "s.csv",
                csv_bytes([["store", "owner_id"], ["Main", "O2"]]),
            )
        assert caught.value.key == "permission.import_denied"
    with transaction(dept) as session:
        assert _owners(session) == {"Main": "O1"}


def test_an_ops_supervisor_adds_stores_but_moves_none(dept: Engine) -> None:
    """O1 may add a store for O2; handing Main (O1's) to O2 is the director's or HR's."""
    moving = csv_bytes([["store", "owner_id"], ["Outlet", "O2"], ["Main", "O2"]])
    adding = csv_bytes([["store", "owner_id"], ["Outlet", "O2"]])
    with transaction(dept) as session:
        lead = people.actor_for(session, "O1")
        with pytest.raises(PermissionDenied) as caught:
            imports.import_file(session, lead, "stores", "s.csv", moving, now=NOW)
        assert caught.value.key == "permission.store_owner_denied"
        assert caught.value.params["stores"] == "Main"
    with transaction(dept) as session:
        lead = people.actor_for(session, "O1")
        assert imports.import_file(session, lead, "stores", "s.csv", adding, now=NOW).written
    with transaction(dept) as session:
        assert _owners(session) == {"Main": "O1", "Outlet": "O2"}


def test_hr_moves_a_store_and_the_preview_names_both_owners(dept: Engine) -> None:
    with transaction(dept) as session:
        hr = people.actor_for(session, "H1")
        file = csv_bytes([["store", "owner_id"], ["Main", "O2"]])
        # Main goes from O1 to O2: one row concerning each of them
        assert imports.preview(session, hr, "stores", "s.csv", file).others_changed == {
            "O1": 1,
            "O2": 1,
        }
        assert imports.import_file(session, hr, "stores", "s.csv", file, now=NOW).written
    with transaction(dept) as session:
        assert _owners(session) == {"Main": "O2"}


def test_replacing_others_rows_is_counted_in_preview_and_audit(dept: Engine) -> None:
    """The director re-uploads three stored orders: S1-3 (S1's, stays S1's), S2-3 (S2's, stays)
    and S2-2 (S2's, handed to S1), plus one new order N1 (replaces nothing).
    S1: S1-3 replaced + S2-2 now theirs = 2; S2: S2-3 + S2-2 taken from them = 2."""
    file = csv_bytes(
        [
            ["order_id", "order_time", "customer_id", "paid_amount", "employee_id"],
            ["S1-3", "2026-03-05 10:00", "C1", "9100", "S1"],
            ["S2-3", "2026-03-06 10:00", "C2", "8100", "S2"],
            ["S2-2", "2026-02-06 10:00", "C2", "8000", "S1"],
            ["N1", "2026-03-09 10:00", "C9", "10", "S2"],
        ]
    )
    with transaction(dept) as session:
        director = people.actor_for(session, "D1")
        shown = imports.preview(session, director, "orders", "o.csv", file)
        assert shown.others_changed == {"S1": 2, "S2": 2}
        outcome = imports.import_file(session, director, "orders", "o.csv", file, now=NOW)
        assert outcome.written and outcome.replaced == 3
    with transaction(dept) as session:
        row = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "import", AuditEntry.actor == "D1")
        ).one()
        assert row.after is not None and row.after["others_changed"] == {"S1": 2, "S2": 2}


def test_hr_changes_the_stewards_of_a_kind_audited(dept: Engine) -> None:
    """HR hands calls to every sales person (SPEC §9: per kind, audited): S2 may then; the
    other kinds keep SPEC's stewards (orders: still refused for S2)."""
    calls = csv_bytes([["call_id", "employee_id", "call_time"], ["L1", "S2", "2026-03-03 10:00"]])
    with transaction(dept) as session:
        seller = people.actor_for(session, "S2")
        with pytest.raises(PermissionDenied):
            imports.preview(session, seller, "calls", "c.csv", calls)
        hr = people.actor_for(session, "H1")
        settings.save_upload_stewards(
            session, hr, {"calls": ["sales"]}, settings.policy_version(session)
        )
    with transaction(dept) as session:
        seller = people.actor_for(session, "S2")
        assert imports.import_file(session, seller, "calls", "c.csv", calls, now=NOW).written
        with pytest.raises(PermissionDenied):
            imports.preview(session, seller, "orders", "o.csv", calls)
        row = session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "policy", AuditEntry.actor == "H1")
        ).one()
        assert row.after == {"upload_stewards": {"calls": ["sales"]}}
