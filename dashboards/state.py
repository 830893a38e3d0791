"""Per-run plumbing every page shares: the engine, a unit of work, the signed-in actor, the
language, and cached month results keyed on the data versions of what a month reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from core.i18n import t
from core.month import MonthResult
from core.periods import Period
from core.permissions import Actor
from data import clock
from data.db import database_url, make_engine, transaction
from data.migrate import upgrade
from data.services import results
from data.services.reports import restrict
from data.versions import month_key as month_versions
from data.versions import versions as stored_versions

ACTOR_KEY = "actor"
LANG_KEY = "lang"


@st.cache_resource
def engine() -> Engine:
    """One engine per process; the schema is brought to head on first use."""
    created = make_engine()
    upgrade(created)
    return created


@contextmanager
def unit_of_work() -> Iterator[Session]:
    with transaction(engine()) as session:
        yield session


def current_actor() -> Actor | None:
    return st.session_state.get(ACTOR_KEY)


def require_actor() -> Actor:
    actor = current_actor()
    if actor is None:
        st.stop()
    return actor


def lang() -> str:
    return st.session_state.get(LANG_KEY, "en")


def tr(key: str, **params: Any) -> str:
    return t(key, lang(), **params)


def versions() -> dict[str, int]:
    """The data versions per scope (`data.versions`): a write in any app instance moves the
    scopes it changed, so exactly the caches reading them go stale, in every instance."""
    with unit_of_work() as session:
        return stored_versions(session)


Viewer = tuple[str, str, str | None, tuple[str, ...]]


def viewer(actor: Actor) -> Viewer:
    """The actor as plain values, so cached reads key on who is looking."""
    return actor.username, actor.role, actor.employee_id, tuple(sorted(actor.reports))


def actor_of(who: Viewer) -> Actor:
    return Actor(who[0], who[1], who[2], frozenset(who[3]))


@dataclass(frozen=True)
class MonthKey:
    """Everything one viewer's month depends on, so pages can cache what they build from it:
    the versions the month reads (`data.versions.month_key`) in this database, the day
    (lateness flags move with it) and who looks."""

    period: str
    data: tuple[int, ...]
    database: str
    day: str
    who: Viewer


def month_key(period: Period, actor: Actor) -> MonthKey:
    today = datetime.combine(clock.today(), datetime.min.time())
    data = month_versions(versions(), period)
    return MonthKey(str(period), data, database_url(), today.isoformat(), viewer(actor))


# Months are shared read-only rather than copied per read (st.cache_data would unpickle the
# whole company's scorecard on every call, ~0.1 s): callers derive frames, never mutate them.
# A company-scale month holds ~17 MB live, so a year of months and a few more are kept.
@st.cache_resource(show_spinner=False)
def _last_read() -> dict[tuple[str, str], results.Stored]:
    """Per database and month, the stored month this process read last: after a save (here
    or in another instance) the next read fetches only the rows written since."""
    return {}


@st.cache_resource(ttl=600, max_entries=16, show_spinner=False)
def _month(period: str, data: tuple[int, ...], database: str, day: str) -> MonthResult:
    last = _last_read()
    moment = datetime.fromisoformat(day)
    with unit_of_work() as session:
        # SPEC §10: the month as it stood at the end of `day`, the same for every viewer.
        stored = results.stored_month(
            session, Period.parse(period), moment.date(), last.get((database, period))
        )
        last[(database, period)] = stored
        return results.as_result(session, stored, moment)


@st.cache_resource(ttl=600, max_entries=64, show_spinner=False)
def visible_month(key: MonthKey) -> MonthResult:
    """The month cut to one viewer's scope, kept per viewer: restricting 5,000 people on every
    rerun cost more than the rest of a page."""
    month_ = _month(key.period, key.data, key.database, key.day)
    return restrict(month_, actor_of(key.who))


def whole_month(period: Period, actor: Actor) -> MonthResult:
    """The company's month, uncut: only for a service that checks its own permission and
    needs everyone's rows as they are (payroll: HR's own row is not hidden from its run)."""
    key = month_key(period, actor)
    return _month(key.period, key.data, key.database, key.day)


def month(period: Period, actor: Actor) -> MonthResult:
    """The month for this viewer; computed once per version of what it reads and per day,
    then restricted. A save elsewhere in the month's appraisals recomputes this month only."""
    key = month_key(period, actor)
    # A cold month takes seconds (the first visit after a start or an import); Streamlit
    # shows the spinner only after half a second, so cached months never flash it.
    with st.spinner(tr("ui.loading.month", period=key.period)):
        return visible_month(key)
