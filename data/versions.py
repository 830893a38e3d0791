"""Data versions per scope: what changed, in the database so every app instance sees it.

Caches key on the versions of exactly what they read, so a write makes stale only what it
touched: a calibration moves `appraisals:<month>`, never the records, history or trends.
Scopes are plain strings: `records:<kind>:<YYYY-MM>` for dated kinds, `records:<kind>` for
the rest, `appraisals:<YYYY-MM>`, `people`, `settings` and `payouts`; a new reader or writer
(say, stored results of a month) just adds a scope.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

import pandas as pd
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from core.periods import Period
from data.models import DataVersion

PEOPLE = "people"  # employees (the org chart) and user accounts
SETTINGS = "settings"  # policy and templates
PAYOUTS = "payouts"  # commission paid out: every later month restates it
RECORDS = "records:"
# session.info key: how often this transaction has bumped each scope (`bump`), so a
# before-commit step can tell the versions the transaction started from.
BUMPED = "versions.bumped"
# The columns that place a row of a kind in a month: what the month's readers filter on.
MONTH_COLUMNS: dict[str, tuple[str, ...]] = {
    "orders": ("order_time",),
    "traffic": ("date",),
    "tickets": ("created_at",),
    "design_tasks": ("due_date", "delivered_at"),
    "calls": ("call_time",),
    "attendance": ("date",),
    "training": ("date",),
    "targets": ("period",),
    "metrics": ("period",),
}
# Kinds that are not activity records of a month but what the month is judged against.
KIND_SCOPES = {"employees": PEOPLE, "templates": SETTINGS}


def records_scope(kind: str, month: str | None = None) -> str:
    return f"{RECORDS}{kind}" if month is None else f"{RECORDS}{kind}:{month}"


def appraisals_scope(period: Period | str) -> str:
    return f"appraisals:{period}"


def kind_scopes(kind: str, frame: pd.DataFrame) -> set[str]:
    """The scopes rows of `kind` touch: one per month they fall in, or the kind's own."""
    if kind in KIND_SCOPES:
        return {KIND_SCOPES[kind]}
    if kind not in MONTH_COLUMNS:
        return {records_scope(kind)}
    months: set[str] = set()
    for column in MONTH_COLUMNS[kind]:
        if column not in frame or frame.empty:
            continue
        # ISO text, datetimes, dates and periods all print YYYY-MM first
        months.update(str(v)[:7] for v in frame[column].dropna().unique())
    return {records_scope(kind, m) for m in months}


def bump(session: Session, *scopes: str) -> None:
    """Move each scope's version on by one (creating it at 1), in the caller's transaction.

    `version + 1` on the row itself, not a value computed beforehand: two writers of one
    scope serialise on the row, so the second always lands past the first.
    """
    # Only the dialect in use is imported; scopes go in sorted order, so concurrent writers
    # take the row locks in one order and cannot deadlock on them.
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as make
    else:
        from sqlalchemy.dialects.sqlite import insert as make
    table = DataVersion.__table__
    session.info.setdefault(BUMPED, Counter()).update(set(scopes))
    for scope in sorted(set(scopes)):
        stmt = make(table).values(scope=scope, version=1)
        session.execute(
            stmt.on_conflict_do_update(
                index_elements=[table.c.scope], set_={"version": table.c.version + 1}
            )
        )


def versions(session: Session) -> dict[str, int]:
    """Every scope's version (a few hundred rows at most: kinds × months)."""
    return {s: int(v) for s, v in session.execute(select(DataVersion.scope, DataVersion.version))}


def total(current: Mapping[str, int], scopes: Iterable[str] | None = None) -> int:
    """One number that grows whenever any of `scopes` (default: all) changes.

    Versions only ever grow and scopes are never removed, so a sum of them changes exactly
    when one of them does.
    """
    keys = current.keys() if scopes is None else scopes
    return sum(current.get(s, 0) for s in keys)


def records_total(current: Mapping[str, int], until: Period | None = None) -> int:
    """Records of every kind, of the months up to `until` (all months when None)."""
    return sum(
        v
        for s, v in current.items()
        if s.startswith(RECORDS) and (until is None or _month_of(s) <= str(until))
    )


def month_key(current: Mapping[str, int], period: Period) -> tuple[int, int, int, int, int]:
    """What one month's results read: records up to it (history feeds customers and
    commission), people, settings, its appraisals and commission paid out before it."""
    return (
        records_total(current, period),
        current.get(PEOPLE, 0),
        current.get(SETTINGS, 0),
        current.get(appraisals_scope(period), 0),
        current.get(PAYOUTS, 0),
    )


def move_past(session: Session, before: Mapping[str, int]) -> None:
    """After a restore: every scope past both its restored and its pre-restore version, so
    no instance keeps a cache built from the other data under a version it sees again."""
    restored = versions(session)
    for scope in before.keys() | restored.keys():
        target = max(before.get(scope, 0), restored.get(scope, 0)) + 1
        if scope in restored:
            session.execute(
                update(DataVersion).where(DataVersion.scope == scope).values(version=target)
            )
        else:
            session.add(DataVersion(scope=scope, version=target))
    session.flush()


def _month_of(scope: str) -> str:
    """The YYYY-MM of a month scope; '' (before every month) for an undated one."""
    parts = scope.split(":")
    return parts[2] if len(parts) > 2 else ""


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _transaction_over(session: Session) -> None:
    session.info.pop(BUMPED, None)
