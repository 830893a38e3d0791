"""Company settings: the policy overrides, KPI templates and per-employee targets.

Edits are checked by `core` validators, audited, and guarded by a row version so two
people editing at once cannot silently overwrite each other.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from core.errors import ConflictError
from core.permissions import Actor, require
from core.policy import Policy
from core.records import conform
from core.targets import DEFAULT_TEMPLATES, validate_template
from data.models import AuditEntry, Setting, Target, TemplateItem
from data.records_store import load_frame
from data.services import audit
from data.versions import SETTINGS, bump, records_scope

POLICY_KEY = "policy"


def current_policy(session: Session) -> Policy:
    row = session.get(Setting, POLICY_KEY)
    return Policy.from_dict(row.value) if row else Policy()


def policy_version(session: Session) -> int:
    row = session.get(Setting, POLICY_KEY)
    return row.row_version if row else 0


def _conflict(session: Session, entity: str, key: str) -> ConflictError:
    """Name who saved last and when, from the audit trail, for the "reload" message."""
    session.rollback()
    last = session.scalar(
        select(AuditEntry)
        .where(AuditEntry.entity == entity, AuditEntry.entity_key == key)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    if last is None:
        return ConflictError("conflict.changed", who="?", when="?")
    return ConflictError(
        "conflict.changed", who=last.actor, when=last.at.strftime("%Y-%m-%d %H:%M:%S")
    )


def _bump_version(session: Session, key: str, expected: int | None, entity: str, what: str) -> None:
    """Optimistic lock on a settings row: refuse a save based on a stale copy."""
    row = session.get(Setting, key)
    current = row.row_version if row else 0
    if expected is not None and current != expected:
        raise _conflict(session, entity, what)
    try:
        if row is None:
            session.add(Setting(key=key, value={}))
        else:
            row.value = {"saved": datetime.now().isoformat(timespec="seconds")}
        session.flush()
    except (StaleDataError, IntegrityError) as exc:
        raise _conflict(session, entity, what) from exc


def save_policy(
    session: Session, actor: Actor, overrides: dict[str, Any], expected_version: int
) -> Policy:
    """Validate the whole override first; a conflicting concurrent save is refused."""
    require(actor, "edit_policy")
    return _write_policy(session, actor, overrides, expected_version)


def save_upload_stewards(
    session: Session, actor: Actor, stewards: dict[str, list[str]], expected_version: int
) -> Policy:
    """Who uploads which kind (SPEC §9: HR and the admin change it per kind, audited); kinds
    not given keep SPEC's stewards. Stored with the rest of the policy, under its version."""
    require(actor, "edit_stewards")
    row = session.get(Setting, POLICY_KEY)
    overrides = dict(row.value) if row else {}
    return _write_policy(
        session, actor, overrides | {"upload_stewards": stewards}, expected_version
    )


def _write_policy(
    session: Session, actor: Actor, overrides: dict[str, Any], expected_version: int
) -> Policy:
    policy = Policy.from_dict(overrides)
    row = session.get(Setting, POLICY_KEY)
    current = row.row_version if row else 0
    if current != expected_version:
        raise _conflict(session, "policy", POLICY_KEY)
    before = row.value if row else {}
    try:
        if row is None:
            session.add(Setting(key=POLICY_KEY, value=overrides))
        else:
            row.value = overrides
        session.flush()
    except (StaleDataError, IntegrityError) as exc:
        raise _conflict(session, "policy", POLICY_KEY) from exc
    audit.record(session, actor.username, "policy", POLICY_KEY, "update", before, overrides)
    bump(session, SETTINGS)
    return policy


def template_version(session: Session, role: str) -> int:
    row = session.get(Setting, f"template:{role}")
    return row.row_version if row else 0


def templates_frame(session: Session) -> pd.DataFrame:
    """The stored templates; the shipped defaults while a company has stored none."""
    frame = load_frame(session, "templates")
    if frame.empty:
        return conform("templates", pd.DataFrame(DEFAULT_TEMPLATES))
    return frame


def seed_default_templates(session: Session) -> int:
    """Ship sensible templates for every role on an empty database (SPEC: defaults to start from)."""
    if session.scalar(select(TemplateItem).limit(1)) is not None:
        return 0
    for row in DEFAULT_TEMPLATES:
        session.add(
            TemplateItem(
                role=row["role"],
                kpi_id=row["kpi_id"],
                weight=row["weight"],
                target=row.get("target"),
                method=row.get("method") or "linear",
                cap=row.get("cap"),
                bands=row.get("bands"),
            )
        )
    audit.record(session, "system", "template", "*", "seed_defaults")
    bump(session, SETTINGS)
    return len(DEFAULT_TEMPLATES)


def save_template(
    session: Session,
    actor: Actor,
    role: str,
    rows: list[dict[str, Any]],
    expected_version: int | None = None,
) -> None:
    """Replace one role's template after validating weights total 100 and every item; with
    `expected_version` (from `template_version`), a save based on a stale copy is refused."""
    require(actor, "edit_templates")
    rows = [{**r, "role": role} for r in rows]
    validate_template(rows)
    _bump_version(session, f"template:{role}", expected_version, "template", role)
    before = templates_frame(session)
    before_rows = before[before["role"] == role].to_dict("records")
    session.execute(delete(TemplateItem).where(TemplateItem.role == role))
    for r in rows:
        session.add(
            TemplateItem(
                role=role,
                kpi_id=r["kpi_id"],
                weight=r["weight"],
                target=_none(r.get("target")),
                method=r.get("method") or "linear",
                cap=_none(r.get("cap")),
                bands=_none(r.get("bands")),
            )
        )
    audit.record(
        session, actor.username, "template", role, "update", {"items": before_rows}, {"items": rows}
    )
    bump(session, SETTINGS)


def set_target(
    session: Session,
    actor: Actor,
    period: str,
    kpi_id: str,
    target: float,
    employee_id: str | None = None,
    role: str | None = None,
) -> None:
    require(actor, "edit_targets")
    key = (period, kpi_id, employee_id or "", role or "")
    row = session.get(Target, key)
    before = None if row is None else {"target": float(row.target)}
    if row is None:
        session.add(
            Target(period=period, kpi_id=kpi_id, employee_id=key[2], role=key[3], target=target)
        )
    else:
        row.target = target
    audit.record(
        session, actor.username, "target", "/".join(key), "set", before, {"target": target}
    )
    bump(session, records_scope("targets", period))


def _none(value: Any) -> Any:
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return value
