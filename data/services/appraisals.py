"""The appraisal cycle as services: open, self-assess, review, calibrate, finalise, reopen.

Each checks permission and state first, saves with optimistic locking, and audits the change;
a finalised appraisal is never edited: reopening writes a new version.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import pandas as pd
from sqlalchemy import select, text
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from core.appraisal import can_finalise, frozen_rules, frozen_rules_by_employee, transition
from core.errors import ConflictError, StateError, ValidationError
from core.exact import within_places
from core.month_facts import appraised
from core.periods import Period
from core.permissions import Actor, require
from core.targets import resolve_plan
from data.models import Appraisal
from data.services import audit, results
from data.services.engine import (
    current_appraisals,
    load_month,
    result_snapshot,
)
from data.versions import appraisals_scope, bump

TEXT_FIELDS = ("achievements", "shortcomings", "improvements")
MAX_TEXT = 5000


def open_period(
    session: Session, period: Period, actor: str = "system", now: datetime | None = None
) -> int:
    """Create appraisals, with frozen rules, for everyone eligible who has none yet."""
    if period > Period.of(now or datetime.now()):
        raise ValidationError("appraisal.future_period", period=str(period))
    inputs = load_month(session, period)
    existing = set(
        session.scalars(select(Appraisal.employee_id).where(Appraisal.period == str(period))).all()
    )
    candidates = appraised(inputs.employees, period, inputs.policy)
    todo = candidates[~candidates["employee_id"].isin(existing)]
    if todo.empty:
        return 0
    plan = resolve_plan(inputs.employees, inputs.templates, inputs.targets, period, inputs.policy)
    # One pass over the plan for everyone (a frame filter per employee took 24 s at 5,000)
    rules = frozen_rules_by_employee(plan, inputs.policy)
    empty = frozen_rules([], inputs.policy)
    for employee_id in todo["employee_id"]:
        session.add(
            Appraisal(
                employee_id=employee_id,
                period=str(period),
                version=1,
                state="open",
                rules=rules.get(employee_id, empty),
                self_scores={},
                self_texts={},
                review_scores={},
                calibration=Decimal(0),
                self_waived=False,
                updated_at=now or datetime.now(),
                updated_by=actor,
            )
        )
    audit.record(session, actor, "appraisal", str(period), "open", None, {"count": len(todo)})
    session.flush()
    bump(session, appraisals_scope(period))
    results.touched(session, period, todo["employee_id"])
    return len(todo)


def get_appraisal(
    session: Session, employee_id: str, period: Period, create: bool = True
) -> Appraisal:
    appraisal = session.scalar(
        select(Appraisal)
        .where(Appraisal.employee_id == employee_id, Appraisal.period == str(period))
        .order_by(Appraisal.version.desc())
        .limit(1)
    )
    if appraisal is None and create:
        open_period(session, period)
        appraisal = get_appraisal(session, employee_id, period, create=False)
    if appraisal is None:
        raise StateError("appraisal.none", employee_id=employee_id, period=str(period))
    return appraisal


def _check_version(appraisal: Appraisal, expected: int | None) -> None:
    if expected is not None and appraisal.row_version != expected:
        raise ConflictError(
            "conflict.changed",
            who=appraisal.updated_by or "?",
            when=appraisal.updated_at.strftime("%Y-%m-%d %H:%M:%S")
            if appraisal.updated_at
            else "?",
        )


def _save(session: Session, appraisal: Appraisal, actor: Actor, now: datetime) -> None:
    appraisal.updated_at = now
    appraisal.updated_by = actor.username
    try:
        session.flush()
    except StaleDataError as exc:
        session.rollback()
        fresh = session.get(Appraisal, appraisal.id)
        raise ConflictError(
            "conflict.changed",
            who=fresh.updated_by if fresh else "?",
            when=fresh.updated_at.strftime("%Y-%m-%d %H:%M:%S")
            if fresh and fresh.updated_at
            else "?",
        ) from exc
    bump(session, appraisals_scope(appraisal.period))
    results.touched(session, appraisal.period, [appraisal.employee_id])


def _score(value: Any, field: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError("appraisal.score_not_number", field=field, value=value) from exc
    if not number.is_finite() or not Decimal(0) <= number <= Decimal(100):
        raise ValidationError("appraisal.score_range", field=field, value=value)
    if not within_places(number):
        raise ValidationError("appraisal.score_decimals", field=field, value=value)
    return number


def _manual_items(appraisal: Appraisal) -> list[str]:
    return [r["kpi_id"] for r in appraisal.rules.get("plan", []) if r.get("method") == "manual"]


def _items(appraisal: Appraisal, items: dict[str, Any]) -> dict[str, str]:
    allowed = set(_manual_items(appraisal))
    unknown = sorted(set(items) - allowed)
    if unknown:
        raise ValidationError(
            "appraisal.unknown_item", item=", ".join(unknown), allowed=", ".join(sorted(allowed))
        )
    return {k: str(_score(v, k)) for k, v in items.items()}


def _texts(texts: dict[str, str]) -> dict[str, str]:
    unknown = set(texts) - set(TEXT_FIELDS)
    if unknown:
        raise ValidationError("appraisal.unknown_text", field=", ".join(sorted(unknown)))
    for key, value in texts.items():
        if len(value) > MAX_TEXT:
            raise ValidationError("appraisal.text_too_long", field=key, limit=MAX_TEXT)
    return dict(texts)


def _snapshot(a: Appraisal) -> dict[str, Any]:
    return {
        "state": a.state,
        "version": a.version,
        "self_overall": a.self_overall,
        "self_scores": a.self_scores,
        "self_texts": a.self_texts,
        "review_overall": a.review_overall,
        "review_scores": a.review_scores,
        "review_comment": a.review_comment,
        "calibration": a.calibration,
        "calibration_reason": a.calibration_reason,
        "self_waived": a.self_waived,
        "interview_plan": a.interview_plan,
    }


def self_assess(
    session: Session,
    actor: Actor,
    period: Period,
    overall: Any,
    items: dict[str, Any] | None = None,
    texts: dict[str, str] | None = None,
    submit: bool = True,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Appraisal:
    """Save (draft) or submit the actor's own self-assessment."""
    now = now or datetime.now()
    if actor.employee_id is None:
        raise ValidationError("appraisal.no_employee", user=actor.username)
    require(actor, "self_assess", actor.employee_id)
    appraisal = get_appraisal(session, actor.employee_id, period)
    _check_version(appraisal, expected_version)
    if appraisal.state != "open":
        raise StateError("appraisal.self_locked", state=appraisal.state)
    before = _snapshot(appraisal)
    appraisal.self_overall = _score(overall, "overall")
    appraisal.self_scores = _items(appraisal, items or {})
    appraisal.self_texts = _texts(texts or {})
    if submit:
        appraisal.state = transition(appraisal.state, "submit_self")
        appraisal.self_submitted_at = now
    _save(session, appraisal, actor, now)
    audit.record(
        session,
        actor.username,
        "appraisal",
        f"{appraisal.employee_id}/{period}",
        "submit_self" if submit else "save_self_draft",
        before,
        _snapshot(appraisal),
        at=now,
    )
    return appraisal


def review(
    session: Session,
    actor: Actor,
    employee_id: str,
    period: Period,
    overall: Any,
    items: dict[str, Any] | None = None,
    comment: str = "",
    submit: bool = True,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Appraisal:
    """A supervisor scores a direct report's manual items and overall performance."""
    now = now or datetime.now()
    require(actor, "review", employee_id)
    appraisal = get_appraisal(session, employee_id, period)
    _check_version(appraisal, expected_version)
    if appraisal.state not in ("open", "self_submitted"):
        raise StateError("appraisal.review_locked", state=appraisal.state)
    before = _snapshot(appraisal)
    appraisal.review_overall = _score(overall, "overall")
    appraisal.review_scores = _items(appraisal, items or {})
    if len(comment) > MAX_TEXT:
        raise ValidationError("appraisal.text_too_long", field="comment", limit=MAX_TEXT)
    appraisal.review_comment = comment
    appraisal.reviewer = actor.username
    if submit:
        appraisal.state = transition(appraisal.state, "submit_review")
        appraisal.review_submitted_at = now
    _save(session, appraisal, actor, now)
    audit.record(
        session,
        actor.username,
        "appraisal",
        f"{employee_id}/{period}",
        "submit_review" if submit else "save_review_draft",
        before,
        _snapshot(appraisal),
        at=now,
    )
    return appraisal


def _reason(reason: str | None) -> str:
    if not reason or not reason.strip():
        raise ValidationError("appraisal.reason_required")
    if len(reason) > MAX_TEXT:
        raise ValidationError("appraisal.text_too_long", field="reason", limit=MAX_TEXT)
    return reason.strip()


def calibrate(
    session: Session,
    actor: Actor,
    employee_id: str,
    period: Period,
    points: Any,
    reason: str,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Appraisal:
    now = now or datetime.now()
    require(actor, "calibrate", employee_id)
    reason = _reason(reason)
    try:
        value = Decimal(str(points))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError("appraisal.points_not_number", value=points) from exc
    if not value.is_finite() or abs(value) > 120:
        raise ValidationError("appraisal.points_range", value=points)
    if not within_places(value):
        raise ValidationError("appraisal.points_decimals", value=points)
    appraisal = get_appraisal(session, employee_id, period)
    _check_version(appraisal, expected_version)
    transition(appraisal.state, "calibrate")
    before = _snapshot(appraisal)
    appraisal.calibration = value
    appraisal.calibration_reason = reason
    _save(session, appraisal, actor, now)
    audit.record(
        session,
        actor.username,
        "appraisal",
        f"{employee_id}/{period}",
        "calibrate",
        before,
        _snapshot(appraisal),
        reason=reason,
        at=now,
    )
    return appraisal


def _hr_note(
    session: Session,
    actor: Actor,
    action: str,
    employee_id: str,
    period: Period,
    text: str,
    apply: Callable[[Appraisal, str], None],
    now: datetime | None,
) -> Appraisal:
    """HR's written steps on an unfinalised appraisal: checked, saved, audited alike."""
    now = now or datetime.now()
    require(actor, action, employee_id)
    text = _reason(text)
    appraisal = get_appraisal(session, employee_id, period)
    if appraisal.state == "finalised":
        raise StateError("appraisal.finalised")
    before = _snapshot(appraisal)
    apply(appraisal, text)
    _save(session, appraisal, actor, now)
    audit.record(
        session,
        actor.username,
        "appraisal",
        f"{employee_id}/{period}",
        action,
        before,
        _snapshot(appraisal),
        reason=text,
        at=now,
    )
    return appraisal


def waive_self(
    session: Session,
    actor: Actor,
    employee_id: str,
    period: Period,
    reason: str,
    now: datetime | None = None,
) -> Appraisal:
    """HR lets an appraisal complete without the self-assessment, with a reason (SPEC §4)."""

    def waive(appraisal: Appraisal, text: str) -> None:
        appraisal.self_waived, appraisal.waiver_reason = True, text

    return _hr_note(session, actor, "waive_self", employee_id, period, reason, waive, now)


def record_interview(
    session: Session,
    actor: Actor,
    employee_id: str,
    period: Period,
    plan: str,
    now: datetime | None = None,
) -> Appraisal:
    """The performance interview and improvement plan required before finalising grade E."""

    def note(appraisal: Appraisal, text: str) -> None:
        appraisal.interview_plan = text

    return _hr_note(session, actor, "record_interview", employee_id, period, plan, note, now)


def _lock_month(session: Session, period: Period) -> None:
    """Hold the month's appraisals for the rest of the transaction, before anything is read,
    so a calibration saved meanwhile either lands before (and is in the finalised result) or
    waits and then meets the conflict check (SPEC §2: nothing is overwritten silently).

    PostgreSQL locks the month's rows; SQLite takes the database's write lock with a write
    that changes nothing (one writer at a time is SQLite's own rule)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            select(Appraisal.id).where(Appraisal.period == str(period)).with_for_update()
        )
    else:
        session.execute(text("UPDATE appraisals SET row_version = row_version WHERE 0 = 1"))
    session.expire_all()


def finalise(
    session: Session,
    actor: Actor,
    period: Period,
    employee_id: str | None = None,
    now: datetime | None = None,
    selected: list[str] | None = None,
) -> tuple[list[str], dict[str, str]]:
    """Finalise one, the `selected` or every ready appraisal, in one computation of the month;
    returns (finalised ids, {id: reason refused})."""
    now = now or datetime.now()
    for target in selected or [employee_id]:
        require(actor, "finalise", target)
    _lock_month(session, period)
    open_period(session, period, now=now)
    month = results.month(session, period, now)
    appraisals = current_appraisals(session, period)
    targets = [employee_id] if employee_id else sorted(selected or appraisals)
    done, refused = [], {}
    rows = month.appraisals.set_index("employee_id")
    for eid in targets:
        appraisal = appraisals.get(eid)
        if appraisal is None or eid not in rows.index:
            refused[eid] = "appraisal.none"
            continue
        if appraisal.state == "finalised":
            refused[eid] = "appraisal.finalised"
            continue
        row = rows.loc[eid]
        ok, reason_key = can_finalise(
            {
                **row.to_dict(),
                "self_waived": appraisal.self_waived,
                "interview_recorded": bool(appraisal.interview_plan),
                "state": appraisal.state,
            }
        )
        if not ok:
            refused[eid] = reason_key
            continue
        before = _snapshot(appraisal)
        appraisal.state = transition(appraisal.state, "finalise")
        appraisal.result = result_snapshot(row)
        appraisal.finalised_at, appraisal.finalised_by = now, actor.username
        _save(session, appraisal, actor, now)
        audit.record(
            session,
            actor.username,
            "appraisal",
            f"{eid}/{period}",
            "finalise",
            before,
            {**_snapshot(appraisal), "result": appraisal.result},
            at=now,
        )
        done.append(eid)
    if employee_id and refused:
        key = refused[employee_id]
        raise StateError(key, employee_id=employee_id, period=str(period))
    return done, refused


def reopen(
    session: Session,
    actor: Actor,
    employee_id: str,
    period: Period,
    reason: str,
    now: datetime | None = None,
) -> Appraisal:
    """A new version copies the finalised one; the finalised row stays as it was."""
    now = now or datetime.now()
    require(actor, "reopen", employee_id)
    reason = _reason(reason)
    old = get_appraisal(session, employee_id, period, create=False)
    transition(old.state, "reopen")
    session.flush()
    new = Appraisal(
        employee_id=old.employee_id,
        period=old.period,
        version=old.version + 1,
        state="reviewed"
        if old.review_submitted_at
        else "self_submitted"
        if old.self_submitted_at
        else "open",
        rules=old.rules,
        self_scores=old.self_scores,
        self_overall=old.self_overall,
        self_texts=old.self_texts,
        self_submitted_at=old.self_submitted_at,
        review_scores=old.review_scores,
        review_overall=old.review_overall,
        review_comment=old.review_comment,
        review_submitted_at=old.review_submitted_at,
        reviewer=old.reviewer,
        calibration=old.calibration,
        calibration_reason=old.calibration_reason,
        self_waived=old.self_waived,
        waiver_reason=old.waiver_reason,
        interview_plan=old.interview_plan,
        reopen_reason=reason,
        updated_at=now,
        updated_by=actor.username,
    )
    session.add(new)
    session.flush()
    bump(session, appraisals_scope(period))
    results.touched(session, period, [employee_id])
    audit.record(
        session,
        actor.username,
        "appraisal",
        f"{employee_id}/{period}",
        "reopen",
        _snapshot(old),
        _snapshot(new),
        reason=reason,
        at=now,
    )
    return new


def reapply_rules(
    session: Session, actor: Actor, period: Period, now: datetime | None = None
) -> int:
    """HR copies the current templates and policy into a month's unfinalised appraisals."""
    now = now or datetime.now()
    require(actor, "reapply_rules")
    inputs = load_month(session, period)
    plan = resolve_plan(inputs.employees, inputs.templates, inputs.targets, period, inputs.policy)
    rules = frozen_rules_by_employee(plan, inputs.policy)
    empty = frozen_rules([], inputs.policy)
    count = 0
    for employee_id, appraisal in current_appraisals(session, period).items():
        if appraisal.state == "finalised":
            continue
        before = appraisal.rules
        appraisal.rules = rules.get(employee_id, empty)
        audit.record(
            session,
            actor.username,
            "appraisal",
            f"{employee_id}/{period}",
            "reapply_rules",
            {"rules": before},
            {"rules": appraisal.rules},
            at=now,
        )
        count += 1
    session.flush()
    bump(session, appraisals_scope(period))
    return count


def appraisal_view(
    session: Session, actor: Actor, employee_id: str, period: Period
) -> dict[str, Any]:
    """What this viewer may see of one appraisal, with SPEC §2's blind-until-submitted rules."""
    require(actor, "view_appraisal", employee_id)
    appraisal = get_appraisal(session, employee_id, period)
    own = actor.employee_id == employee_id
    data = _snapshot(appraisal)
    data.update(
        employee_id=employee_id,
        period=str(period),
        row_version=appraisal.row_version,
        manual_items=_manual_items(appraisal),
        result=appraisal.result,
        self_submitted=appraisal.self_submitted_at is not None,
        review_submitted=appraisal.review_submitted_at is not None,
    )
    if not own and appraisal.self_submitted_at is None:
        data.update(self_overall=None, self_scores={}, self_texts={})
    if own and appraisal.review_submitted_at is None:
        data.update(review_overall=None, review_scores={}, review_comment=None)
    if own and appraisal.state != "finalised":
        data.update(calibration=None, calibration_reason=None, result=None)
    return data


def history_frame(session: Session, actor: Actor, employee_id: str) -> pd.DataFrame:
    require(actor, "view_appraisal", employee_id)
    rows = session.scalars(
        select(Appraisal)
        .where(Appraisal.employee_id == employee_id)
        .order_by(Appraisal.period, Appraisal.version)
    ).all()
    latest = {a.period: a.version for a in rows}  # rows are in version order
    return pd.DataFrame(
        [
            {
                "period": a.period,
                "version": a.version,
                "state": a.state,
                "current": latest[a.period] == a.version,
                "finalised_at": a.finalised_at,
                "reopen_reason": a.reopen_reason,
            }
            for a in rows
        ],
        columns=["period", "version", "state", "current", "finalised_at", "reopen_reason"],
    )
