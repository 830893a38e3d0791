"""Months as stored facts: the one way pages, commands and services read a month.

A month is computed from its records once per change of what it reads (`data.versions`
`month_key`) and per day (the running month's pace moves with it), then stored per (month,
employee) (`data.results_store`) and read back by everyone after. An appraisal save does not
recompute the month: before the save commits, the rows of the people it touched are computed
again from the stored record facts and rewritten, and the month's stored key moves on with
the save's own version bump. Any other write (imports, settings, people, payouts) leaves the
stored month behind its key, and the next read computes it whole.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd
from sqlalchemy import event, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from core.appraisal import plans_from_frozen
from core.month import (
    Entries,
    MonthFacts,
    MonthResult,
    People,
    add_late,
    by_employee,
    people_results,
)
from core.periods import Period
from core.permissions import Actor, require
from core.projection import month_days
from data import clock
from data import results_store as store
from data.models import Appraisal
from data.services import ledger
from data.services.engine import (
    current_appraisals,
    entries_frame,
    manual_scores,
    month_facts,
)
from data.services.settings import current_policy
from data.versions import BUMPED, month_key, versions

_PENDING = "results.pending"
_WRITTEN = "results.written"  # months stored by this transaction, with its bumps until then
_APPRAISALS = 3  # the appraisals' place in `month_key`


@dataclass(frozen=True)
class Difference:
    period: str
    part: str
    detail: str


@dataclass(frozen=True)
class Stored:
    """A month's stored frames as one reader last read them, at a generation of the store:
    the next read after a save fetches only the rows written since (`stored_month`)."""

    period: str
    as_of: date
    generation: int
    frames: dict[str, pd.DataFrame]
    awards: dict[str, list[str]]


def month(
    session: Session, period: Period, now: datetime | None = None, as_of: date | None = None
) -> MonthResult:
    """The month as of `as_of` (default today), read from the stored results when they are
    current, computed and stored when not; lateness is judged at `now`."""
    stored = stored_month(session, period, as_of or clock.today())
    return as_result(session, stored, now or datetime.now())


def as_result(session: Session, stored: Stored, now: datetime) -> MonthResult:
    """A stored month as the month result readers use, with lateness judged at `now`."""
    frames, period = stored.frames, Period.parse(stored.period)
    policy = current_policy(session)
    results = add_late(frames["appraisals"], frames["entries"], period, now, policy)
    return MonthResult(
        period,
        frames["scorecard"],
        results,
        frames["statement"],
        frames["attendance"],
        stored.awards,
        frames["actuals"],
        frames["estimate"],
        stored.as_of,
    )


def stored_month(
    session: Session, period: Period, day: date, previous: Stored | None = None
) -> Stored:
    """The month as of `day`: from the store when current (only the rows written after
    `previous`, when that is one of its generations since the last whole write), else
    computed from the records and stored."""
    key = _key(versions(session), period)
    month_ = store.head(session, str(period))
    if month_ is None or month_.inputs != key or month_.as_of != day:
        frames, awards = _computed(session, period, day)
        generation = _store(session, str(period), key, day, frames, awards)
        return Stored(str(period), day, generation, frames, awards)
    if (
        previous is not None
        and (previous.period, previous.as_of) == (month_.period, month_.as_of)
        and month_.base <= previous.generation <= month_.generation
    ):
        frames = _patched(session, month_, previous)
    else:
        frames = store.read_rows(session, month_)
    return Stored(month_.period, day, month_.generation, frames, month_.awards)


def _patched(session: Session, month_: store.Head, previous: Stored) -> dict[str, pd.DataFrame]:
    """`previous`'s frames with the rows of the people written since replaced."""
    if previous.generation == month_.generation:
        return previous.frames
    ids = store.changed_since(session, month_, previous.generation)
    fresh = store.read_rows(session, month_, ids)
    return {
        part: by_employee(
            pd.concat([frame[~frame["employee_id"].isin(ids)], fresh[part]], ignore_index=True)
        )
        for part, frame in previous.frames.items()
    }


def touched(session: Session, period: Period | str, ids: Iterable[str]) -> None:
    """Say that this transaction changed these people's appraisals of `period`: their stored
    rows are computed again just before it commits (`_settle`)."""
    pending = session.info.setdefault(_PENDING, {})
    pending.setdefault(str(period), set()).update(ids)


def current_months(session: Session, periods: Iterable[str] | None = None) -> list[str]:
    """Those of `periods` (default: every stored month) stored and current with their inputs:
    the months readers are served from the store."""
    current = versions(session)
    out = []
    for period in store.heads(session) if periods is None else periods:
        month_ = store.head(session, str(period))
        if month_ is not None and month_.inputs == _key(current, Period.parse(month_.period)):
            out.append(month_.period)
    return out


def behind(session: Session, months: Iterable[str]) -> list[str]:
    """Those of `months` stored but no longer current: what an import's uploader refreshes
    right away (each a month's recompute), so the next visitor of the month does not."""
    stored = sorted(set(months) & set(store.heads(session)))
    return sorted(set(stored) - set(current_months(session, stored)))


def refresh(session: Session, period: Period, day: date | None = None) -> None:
    """Compute and store the month now (after an import, or to fill a new database)."""
    stored_month(session, period, day or clock.today())


def unstored(session: Session) -> list[str]:
    """Months with appraisals whose results are not stored at all."""
    months = session.scalars(select(Appraisal.period).distinct()).all()
    return sorted(set(months) - set(store.heads(session)))


def verify(
    session: Session, actor: Actor, periods: Iterable[str] | None = None
) -> list[Difference]:
    """Every current stored month (`current_months`) against the same month computed again
    from its records (HR and admins: it reads everyone)."""
    require(actor, "verify_results")
    wanted = store.heads(session) if periods is None else [str(p) for p in periods]
    out = [Difference(p, "", "not stored") for p in wanted if store.head(session, p) is None]
    # A month behind its inputs is skipped: it is never served, the next read computes it.
    for period in current_months(session, wanted):
        month_ = store.head(session, period)
        stored = store.read_rows(session, month_)
        fresh, awards = _computed(session, Period.parse(month_.period), month_.as_of)
        if awards != month_.awards:
            out.append(Difference(month_.period, "awards", f"{month_.awards} != {awards}"))
        for part, frame in fresh.items():
            detail = _compare(stored[part], frame)
            if detail:
                out.append(Difference(month_.period, part, detail))
    return out


def _computed(
    session: Session, period: Period, day: date
) -> tuple[dict[str, pd.DataFrame], dict[str, list[str]]]:
    facts, entries, awards, actuals = month_facts(session, period, day)
    people = people_results(facts, entries)
    return _parts(facts, entries, people, actuals), awards


def _parts(
    facts: MonthFacts, entries: Entries, people: People, actuals: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    return {
        "scorecard": people.scorecard,
        "appraisals": people.appraisals,
        "estimate": people.estimate,
        "statement": facts.statement,
        "attendance": by_employee(facts.attendance),
        "actuals": by_employee(actuals),
        "days": by_employee(facts.days),
        "bases": by_employee(facts.bases),
        "candidates": by_employee(facts.candidates),
        "floor": pd.DataFrame({"employee_id": sorted(facts.floor)}, dtype=object),
        "entries": by_employee(entries.appraisals),
    }


def _store(
    session: Session,
    period: str,
    key: str,
    day: date,
    frames: Mapping[str, pd.DataFrame],
    awards: Mapping[str, list[str]],
) -> int:
    """Store a computed month and return its generation. On PostgreSQL another instance
    may store the same month at the same moment: the loser keeps its computed frames, stores
    nothing and returns -1 (no generation: its next read reads the store whole)."""
    if session.get_bind().dialect.name != "postgresql":
        generation = store.write_month(session, period, key, day, dict(frames), awards)
    else:
        try:
            with session.begin_nested():
                store.head(session, period, lock=True)
                generation = store.write_month(session, period, key, day, dict(frames), awards)
        except DBAPIError:
            return -1
    # Stored mid-transaction (finalise opens the month, then reads it): the saves after this
    # point are what `_settle` must find on top of it.
    written = session.info.setdefault(_WRITTEN, {})
    written[period] = Counter(session.info.get(BUMPED, Counter()))
    return generation


def _key(current: Mapping[str, int], period: Period) -> str:
    return ",".join(str(v) for v in month_key(current, period))


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_WRITTEN, None)


@event.listens_for(Session, "before_commit")
def _settle(session: Session) -> None:
    """Before an appraisal save commits, rewrite its people's stored rows.

    Only when the stored month was current just before this transaction's own bumps, and the
    transaction changed nothing else the month reads; otherwise the stored month stays
    behind its key and the next read computes it whole.
    """
    pending: dict[str, set[str]] = session.info.pop(_PENDING, {})
    written: dict[str, Counter[str]] = session.info.pop(_WRITTEN, {})
    if not pending:
        return
    current = versions(session)
    bumped: Counter[str] = session.info.get(BUMPED, Counter())
    for period_text, ids in sorted(pending.items()):
        since = bumped - written.get(period_text, Counter())
        prior = {scope: v - since.get(scope, 0) for scope, v in current.items()}
        period = Period.parse(period_text)
        month_ = store.head(session, period_text, lock=True)
        if month_ is None or month_.inputs != _key(prior, period):
            continue
        now_key, was = month_key(current, period), month_key(prior, period)
        others_moved = any(
            a != b for i, (a, b) in enumerate(zip(now_key, was, strict=True)) if i != _APPRAISALS
        )
        if not others_moved:
            _restate(session, month_, period, ids, _key(current, period))


def _restate(session: Session, month_: store.Head, period: Period, ids: set[str], key: str) -> None:
    """The rows of `ids` computed again from the stored record facts and their appraisals."""
    appraisals = current_appraisals(session, period, ids)
    if set(appraisals) != ids:
        return
    stored = store.read_rows(session, month_, ids)
    facts = MonthFacts(
        period=period,
        policy=current_policy(session),
        as_of=month_.as_of,
        month_days=month_days(period, month_.as_of),
        actuals=stored["actuals"],
        days=stored["days"],
        attendance=stored["attendance"],
        bases=stored["bases"],
        statement=stored["statement"],
        candidates=stored["candidates"],
        floor=frozenset(stored["floor"]["employee_id"]),
        plans=ledger.plans_frame(session),
    )
    plan, policies = plans_from_frozen({e: a.rules for e, a in appraisals.items()})
    entries = Entries(entries_frame(appraisals), manual_scores(appraisals), plan, policies)
    people = people_results(facts, entries, ids)
    frames = {
        "scorecard": people.scorecard,
        "appraisals": people.appraisals,
        "estimate": people.estimate,
        "entries": entries.appraisals,
    }
    store.write_people(session, month_, key, frames, ids)


def _compare(stored: pd.DataFrame, fresh: pd.DataFrame) -> str:
    """'' when equal, else the first lines pandas gives about the difference."""
    try:
        pd.testing.assert_frame_equal(
            stored.reset_index(drop=True), fresh.reset_index(drop=True), check_dtype=False
        )
    except AssertionError as exc:
        return " ".join(str(exc).split())[:400]
    return ""
