"""What the upload page offers before a file arrives: the kind a role usually uploads, and
template sample rows built from the department's real ids so a filled-in sample validates.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.permissions import Actor
from data.models import Employee, Store

# The file each role uploads most often (SPEC §9): its own team's daily export.
DEFAULT_KIND = {
    "ops": "orders",
    "cs": "tickets",
    "designer": "design_tasks",
    "sales": "calls",
    "hr": "attendance",
}
# Whose rows a kind holds, for picking a sample employee of the right role.
KIND_ROLE = {
    "orders": "sales",
    "tickets": "cs",
    "design_tasks": "designer",
    "calls": "sales",
    "stores": "ops",
    "campaigns": "ops",
}


def default_kind(actor: Actor, kinds: frozenset[str]) -> str | None:
    """The role's usual kind when the actor may upload it (`kinds`), else None (the first)."""
    kind = DEFAULT_KIND.get(actor.role)
    return kind if kind in kinds else None


def template_samples(session: Session, actor: Actor, kind: str) -> dict[str, Any]:
    """Sample cells naming people and stores that exist: the uploader's own id when the kind
    holds their rows, else someone of the kind's role, with that person's manager and a store.
    The employees template keeps its invented person (a real id there would replace them) but
    reports to a real manager."""
    role = KIND_ROLE.get(kind, actor.role)
    person = _employee(session, actor.employee_id if actor.role == role else None, role)
    store = session.scalar(select(Store.store).order_by(Store.store).limit(1))
    samples: dict[str, Any] = {}
    if person is not None:
        manager = person.manager_id or person.employee_id
        samples = {"manager_id": manager, "owner_id": person.employee_id}
        if kind != "employees":
            samples["employee_id"] = person.employee_id
    if store:
        samples["store"] = store
    return samples


def _employee(session: Session, own: str | None, role: str) -> Employee | None:
    """The uploader themself when their rows belong in the file, else the first of `role`
    with a manager, else anyone."""
    if own:
        found = session.get(Employee, own)
        if found is not None:
            return found
    query = select(Employee).where(Employee.leave_date.is_(None)).order_by(Employee.employee_id)
    return session.scalar(
        query.where(Employee.role == role, Employee.manager_id.is_not(None)).limit(1)
    ) or session.scalar(query.limit(1))
