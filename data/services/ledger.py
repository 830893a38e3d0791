"""The pay ledger: closed payroll runs and their lines, the open run computed from what is due
minus what was paid, closing a run (HR, audited), statements and commission plans.

A closed run is never changed; every later correction is an adjustment line on a later run.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.commission import MODES, round_cent
from core.errors import StateError, ValidationError
from core.ledger import (
    BONUS_DUE_COLUMNS,
    BONUS_PAID_COLUMNS,
    LINE_COLUMNS,
    bonus_lines,
    commission_lines,
    run_lines,
    run_totals,
)
from core.periods import Period
from core.permissions import Actor, require
from data.models import (
    Appraisal,
    CommissionPlanAssignment,
    PayLine,
    PayrollRun,
    current_appraisals_select,
)
from data.records_store import fetch
from data.services import audit
from data.versions import PAYOUTS, bump

PLANS = ("monthly", "quarterly")
RUN_COLUMNS = ["period", "status", "closed_at", "closed_by", "people", "bonus", "commission"]


def _money(value: object) -> Decimal:
    """A stored amount back to exact cents (SQLite returns sums as floats)."""
    return round_cent(Decimal(str(value)))


def closed_periods(session: Session) -> list[str]:
    return list(session.scalars(select(PayrollRun.period).order_by(PayrollRun.period)))


def is_closed(session: Session, period: Period) -> bool:
    return session.get(PayrollRun, str(period)) is not None


def paid_commission(session: Session, period: Period) -> pd.DataFrame:
    """employee_id, sales_period, amount: commission paid per sales month by closed runs
    other than `period`'s own (SPEC §11: what was paid is the basis of adjustments)."""
    stmt = (
        select(PayLine.employee_id, PayLine.origin_period, func.sum(PayLine.amount))
        .where(PayLine.category == "commission", PayLine.run_period != str(period))
        .group_by(PayLine.employee_id, PayLine.origin_period)
    )
    frame = fetch(session, stmt, ["employee_id", "sales_period", "amount"])
    frame["amount"] = frame["amount"].map(_money).astype(object)
    return frame


def plans_frame(session: Session) -> pd.DataFrame:
    """employee_id, since, plan, mode: every stored commission plan assignment."""
    stmt = select(
        CommissionPlanAssignment.employee_id,
        CommissionPlanAssignment.since,
        CommissionPlanAssignment.plan,
        CommissionPlanAssignment.mode,
    ).order_by(CommissionPlanAssignment.employee_id, CommissionPlanAssignment.since)
    return fetch(session, stmt, ["employee_id", "since", "plan", "mode"])


def plan_of(session: Session, employee_id: str, period: Period) -> tuple[str, str]:
    """(plan, mode) in force for one employee in one month."""
    row = session.execute(
        select(CommissionPlanAssignment.plan, CommissionPlanAssignment.mode)
        .where(
            CommissionPlanAssignment.employee_id == employee_id,
            CommissionPlanAssignment.since <= str(period),
        )
        .order_by(CommissionPlanAssignment.since.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else ("monthly", "marginal")


def set_plan(
    session: Session,
    actor: Actor,
    employee_id: str,
    plan: str,
    mode: str,
    since: Period,
    now: datetime | None = None,
) -> None:
    """Assign a commission plan from `since` on; a month whose run is closed keeps its plan."""
    require(actor, "set_plan", employee_id)
    if plan not in PLANS:
        raise ValidationError("ledger.bad_plan", plan=plan, allowed=", ".join(PLANS))
    if mode not in MODES:
        raise ValidationError("ledger.bad_mode", mode=mode, allowed=", ".join(MODES))
    last_closed = session.scalar(select(func.max(PayrollRun.period)))
    if last_closed is not None and str(since) <= last_closed:
        raise StateError("ledger.plan_closed_month", since=str(since), closed=last_closed)
    now = now or datetime.now()
    before = plan_of(session, employee_id, since)
    row = session.get(CommissionPlanAssignment, (employee_id, str(since)))
    if row is None:
        row = CommissionPlanAssignment(employee_id=employee_id, since=str(since))
        session.add(row)
    row.plan, row.mode, row.updated_at, row.updated_by = plan, mode, now, actor.username
    audit.record(
        session,
        actor.username,
        "commission_plan",
        f"{employee_id}/{since}",
        "set_plan",
        {"plan": before[0], "mode": before[1]},
        {"plan": plan, "mode": mode},
        at=now,
    )
    session.flush()
    bump(session, PAYOUTS)


def _paid_bonus(session: Session) -> pd.DataFrame:
    stmt = (
        select(
            PayLine.employee_id,
            PayLine.origin_period,
            func.max(PayLine.appraisal_version),
            func.sum(PayLine.amount),
        )
        .where(PayLine.category == "bonus")
        .group_by(PayLine.employee_id, PayLine.origin_period)
    )
    frame = fetch(session, stmt, BONUS_PAID_COLUMNS)
    frame["amount"] = frame["amount"].map(_money).astype(object)
    return frame


def _bonus_due(session: Session, period: Period, paid: pd.DataFrame) -> pd.DataFrame:
    """The bonus of each current finalised appraisal of `period`, and of earlier closed months
    whose finalised version is not the one paid (late or refinalised)."""
    months = [m for m in closed_periods(session) if m < str(period)] + [str(period)]
    current = current_appraisals_select().where(
        Appraisal.period.in_(months), Appraisal.state == "finalised"
    )
    rows = fetch(
        session,
        current.with_only_columns(
            Appraisal.id, Appraisal.employee_id, Appraisal.period, Appraisal.version
        ),
        ["id", "employee_id", "origin_period", "appraisal_version"],
    )
    known = rows.merge(
        paid[["employee_id", "origin_period", "appraisal_version"]],
        on=["employee_id", "origin_period", "appraisal_version"],
        how="left",
        indicator=True,
    )
    wanted = known.loc[
        (known["origin_period"] == str(period)) | (known["_merge"] == "left_only"), "id"
    ].tolist()
    results = (
        dict(
            session.execute(
                select(Appraisal.id, Appraisal.result).where(Appraisal.id.in_(wanted))
            ).all()
        )
        if wanted
        else {}
    )
    due = rows.loc[rows["id"].isin(wanted)].copy()
    due["amount"] = [_money((results.get(i) or {}).get("bonus_amount") or 0) for i in due["id"]]
    return due.reindex(columns=BONUS_DUE_COLUMNS).reset_index(drop=True)


def stored_lines(session: Session, period: Period) -> pd.DataFrame:
    """The lines a closed run paid, as `core.ledger.LINE_COLUMNS`."""
    stmt = (
        select(
            PayLine.employee_id,
            PayLine.origin_period,
            PayLine.category,
            PayLine.kind,
            PayLine.reason,
            PayLine.base,
            PayLine.amount,
            PayLine.appraisal_version,
        )
        .where(PayLine.run_period == str(period))
        .order_by(PayLine.employee_id, PayLine.category, PayLine.origin_period, PayLine.kind)
    )
    frame = fetch(session, stmt, LINE_COLUMNS)
    frame["amount"] = frame["amount"].map(_money).astype(object)
    frame["base"] = frame["base"].map(lambda v: None if v is None else _money(v)).astype(object)
    return frame


def run_lines_for(session: Session, period: Period, statement: pd.DataFrame) -> pd.DataFrame:
    """`period`'s run: the stored lines once closed, else bonuses due plus the commission
    statement (which already carries the restatements of closed months)."""
    if is_closed(session, period):
        return stored_lines(session, period)
    paid = _paid_bonus(session)
    bonus = bonus_lines(_bonus_due(session, period, paid), paid, str(period))
    return run_lines(bonus, commission_lines(statement))


def close_run(
    session: Session,
    actor: Actor,
    period: Period,
    lines: pd.DataFrame,
    now: datetime | None = None,
) -> dict[str, Decimal | int]:
    """Mark `period`'s payroll paid: record exactly its lines, once (HR only, audited)."""
    require(actor, "payroll_close")
    now = now or datetime.now()
    if period >= Period.of(now):
        raise StateError("ledger.month_running", period=str(period))
    if is_closed(session, period):
        raise StateError("ledger.run_closed", period=str(period))
    totals = run_totals(lines)
    session.add(
        PayrollRun(
            period=str(period),
            status="closed",
            closed_at=now,
            closed_by=actor.username,
            totals={k: str(v) for k, v in totals.items()},
        )
    )
    session.add_all(
        PayLine(
            run_period=str(period),
            employee_id=line.employee_id,
            origin_period=line.origin_period,
            category=line.category,
            kind=line.kind,
            reason=None if pd.isna(line.reason) else line.reason,
            base=None if line.base is None or pd.isna(line.base) else line.base,
            amount=line.amount,
            appraisal_version=None
            if line.appraisal_version is None or pd.isna(line.appraisal_version)
            else int(line.appraisal_version),
        )
        for line in lines.itertuples(index=False)
    )
    audit.record(
        session,
        actor.username,
        "payroll_run",
        str(period),
        "close",
        None,
        {k: str(v) for k, v in totals.items()},
        at=now,
    )
    session.flush()
    bump(session, PAYOUTS)
    return totals


def runs_frame(session: Session, actor: Actor) -> pd.DataFrame:
    """Every closed run with its totals, newest first."""
    require(actor, "payroll")
    rows = session.scalars(select(PayrollRun).order_by(PayrollRun.period.desc())).all()
    return pd.DataFrame(
        [
            {
                "period": r.period,
                "status": r.status,
                "closed_at": r.closed_at,
                "closed_by": r.closed_by,
                "people": int(r.totals.get("people", 0)),
                "bonus": Decimal(r.totals.get("bonus", "0")),
                "commission": Decimal(r.totals.get("commission", "0")),
            }
            for r in rows
        ],
        columns=RUN_COLUMNS,
    )
