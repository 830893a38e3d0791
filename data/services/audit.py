"""The append-only audit trail: who changed what, when, from what, to what, and why.

Rows are only ever inserted; nothing in the code base updates or deletes them.
"""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.permissions import Actor, can, require
from data.models import AuditEntry


def _plain(value: Any) -> Any:
    """JSON-safe copy; NaN (a blank cell) becomes null, which every database accepts."""
    if value is None:
        return None
    return json.loads(json.dumps(value, default=_default), parse_constant=lambda _: None)


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return str(value)


def record(
    session: Session,
    actor: str,
    entity: str,
    key: str,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str | None = None,
    at: datetime | None = None,
) -> None:
    session.add(
        AuditEntry(
            at=at or datetime.now(),
            actor=actor,
            entity=entity,
            entity_key=key,
            action=action,
            before=_plain(before),
            after=_plain(after),
            reason=reason,
        )
    )


def audit_frame(
    session: Session,
    actor: Actor,
    entity: str | None = None,
    who: str | None = None,
    key_contains: str | None = None,
    limit: int = 5000,
) -> pd.DataFrame:
    """The trail, newest first, filtered; only HR and admins may read it."""
    require(actor, "view_audit")
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if entity:
        stmt = stmt.where(AuditEntry.entity == entity)
    if who:
        stmt = stmt.where(AuditEntry.actor == who)
    if key_contains:
        stmt = stmt.where(AuditEntry.entity_key.contains(key_contains))
    rows = session.scalars(stmt).all()
    # Admins audit accounts and settings, not pay: appraisal contents stay hidden from them.
    see_contents = can(actor, "view_appraisal")
    return pd.DataFrame(
        [
            {
                "id": r.id,
                "at": r.at,
                "actor": r.actor,
                "entity": r.entity,
                "key": r.entity_key,
                "action": r.action,
                "before": _shown(r.before, r.entity, see_contents),
                "after": _shown(r.after, r.entity, see_contents),
                "reason": r.reason or "" if see_contents or r.entity != "appraisal" else "",
            }
            for r in rows
        ],
        columns=["id", "at", "actor", "entity", "key", "action", "before", "after", "reason"],
    )


def _shown(value: dict[str, Any] | None, entity: str, see_contents: bool) -> str:
    if not value or (entity == "appraisal" and not see_contents):
        return ""
    return json.dumps(value, ensure_ascii=False)
