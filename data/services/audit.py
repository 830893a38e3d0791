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
from data.models import Appraisal, AuditEntry


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
    drafts = _Drafts(session, actor, rows)
    return pd.DataFrame(
        [
            {
                "id": r.id,
                "at": r.at,
                "actor": r.actor,
                "entity": r.entity,
                "key": r.entity_key,
                "action": r.action,
                "before": _shown(drafts.hide(r, r.before, after=False), r.entity, see_contents),
                "after": _shown(drafts.hide(r, r.after, after=True), r.entity, see_contents),
                "reason": r.reason or "" if see_contents or r.entity != "appraisal" else "",
            }
            for r in rows
        ],
        columns=["id", "at", "actor", "entity", "key", "action", "before", "after", "reason"],
    )


SELF_FIELDS = ("self_overall", "self_scores", "self_texts")
REVIEW_FIELDS = ("review_overall", "review_scores", "review_comment")


class _Drafts:
    """Blind until submitted (SPEC §2) in the trail too: an appraisal row's snapshot shows a
    self-assessment or review only once it was submitted at that moment, except to its author
    (the employee; the supervisor). Submission times come from the appraisal version the
    snapshot names, so a draft saved before submitting stays a draft in the trail."""

    def __init__(self, session: Session, viewer: Actor, rows: list[AuditEntry]) -> None:
        self.viewer = viewer
        keys = [
            tuple(r.entity_key.split("/", 1))
            for r in rows
            if r.entity == "appraisal" and "/" in r.entity_key
        ]
        employees = {k[0] for k in keys}
        periods = {k[1] for k in keys}
        self.submitted: dict[tuple[str, str, int], tuple[datetime | None, datetime | None]] = {}
        if employees:
            found = session.execute(
                select(
                    Appraisal.employee_id,
                    Appraisal.period,
                    Appraisal.version,
                    Appraisal.self_submitted_at,
                    Appraisal.review_submitted_at,
                ).where(Appraisal.employee_id.in_(employees), Appraisal.period.in_(periods))
            )
            self.submitted = {(e, p, v): (s, r) for e, p, v, s, r in found}

    def hide(
        self, row: AuditEntry, value: dict[str, Any] | None, after: bool
    ) -> dict[str, Any] | None:
        """`value` without the parts that were drafts when `row` was written."""
        if not value or row.entity != "appraisal" or "/" not in row.entity_key:
            return value
        employee_id, period = row.entity_key.split("/", 1)
        self_at, review_at = self.submitted.get(
            (employee_id, period, value.get("version")), (None, None)
        )
        hidden: tuple[str, ...] = ()
        if not _was_submitted(self_at, row.at, after) and self.viewer.employee_id != employee_id:
            hidden += SELF_FIELDS
        if not _was_submitted(review_at, row.at, after) and employee_id not in self.viewer.reports:
            hidden += REVIEW_FIELDS
        return {k: v for k, v in value.items() if k not in hidden}


def _was_submitted(submitted_at: datetime | None, at: datetime, after: bool) -> bool:
    """Submitted by the time of the snapshot: the row's `after` includes its own submission
    (written at the same moment), its `before` does not."""
    if submitted_at is None:
        return False
    return submitted_at <= at if after else submitted_at < at


def _shown(value: dict[str, Any] | None, entity: str, see_contents: bool) -> str:
    if not value or (entity == "appraisal" and not see_contents):
        return ""
    return json.dumps(value, ensure_ascii=False)
