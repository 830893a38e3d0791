"""The one cache module of the pages' reads besides the month (`state.month`): people,
policy, the record history and what is derived from it, trends, coverage, annual roll-ups.

Each read is keyed on the data versions of exactly what it reads (`data.versions`), checked
with one query per call, so a write makes stale only the reads of what it touched: an
appraisal save leaves records, history and trends warm in every app instance.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from core.periods import Period, months_ending
from core.permissions import Actor
from core.policy import Policy
from dashboards import state
from dashboards.state import unit_of_work
from data import clock
from data.db import database_url
from data.records_store import load_frame
from data.services import analytics, rollup, settings, trends
from data.services.analytics import History
from data.services.settings import current_policy
from data.versions import PEOPLE, SETTINGS, appraisals_scope, records_scope, records_total

# What the record history depends on: every record, people, settings, and the database.
Key = tuple[int, int, int, str]


def _people_key(current: Mapping[str, int]) -> tuple[int, str]:
    return current.get(PEOPLE, 0), database_url()


# Shared read-only (callers derive frames, never mutate): no unpickling per call.
@st.cache_resource(ttl=600, max_entries=8, show_spinner=False)
def _people(key: tuple[int, str]) -> pd.DataFrame:
    with unit_of_work() as session:
        return load_frame(
            session, "employees", columns=["employee_id", "name", "role", "team", "manager_id"]
        )


def people() -> pd.DataFrame:
    """Who is who (id, name, role, team, manager): the org chart, not appraisal contents."""
    return _people(_people_key(state.versions()))


@st.cache_resource(ttl=600, max_entries=8, show_spinner=False)
def _names(key: tuple[int, str]) -> dict[str, str]:
    frame = _people(key)
    return dict(zip(frame["employee_id"].astype(str), frame["name"].astype(str), strict=True))


def names() -> dict[str, str]:
    """Employee id → name, one dict per read (callers look ids up in it, never per id here)."""
    return _names(_people_key(state.versions()))


def labeller() -> Callable[[str | None], str]:
    """ "Name (id)" for any id, from one names dict read once: for tables and pickers."""
    who = names()

    def label(employee_id: str | None) -> str:
        if not employee_id:
            return "—"
        return f"{who.get(employee_id, employee_id)} ({employee_id})"

    return label


@st.cache_data(ttl=600, max_entries=8, show_spinner=False)
def _policy(key: tuple[int, str]) -> Policy:
    with unit_of_work() as session:
        return current_policy(session)


def policy() -> Policy:
    return _policy((state.versions().get(SETTINGS, 0), database_url()))


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def _trends(end: str, key: tuple[int, int, int], day: str) -> pd.DataFrame:
    with unit_of_work() as session:
        return trends.all_kpi_trends(session, months_ending(Period.parse(end), 12))


def kpi_trend(end: Period, actor: Actor, employee_id: str) -> pd.DataFrame:
    """One person's KPI actuals over the 12 months ending with `end` (permission-checked).

    Twelve months of actuals take seconds, so they are cached on what can change them
    (records up to `end`, people, settings), never on appraisal saves.
    """
    current = state.versions()
    key = (records_total(current, end), current.get(PEOPLE, 0), current.get(SETTINGS, 0))
    frame = _trends(str(end), key, clock.today().isoformat())
    return trends.employee_trend(frame, actor, employee_id)


@st.cache_data(ttl=600, max_entries=16, show_spinner=False)
def _latest(period: str, key: tuple[int, str]) -> dict[str, date | None]:
    with unit_of_work() as session:
        return trends.latest_dates(session, Period.parse(period))


def latest_dates(period: Period) -> dict[str, date | None]:
    return _latest(str(period), (records_total(state.versions()), database_url()))


def history_key() -> Key:
    """The versions the record history reads, and the database they count in."""
    current = state.versions()
    return (
        records_total(current),
        current.get(PEOPLE, 0),
        current.get(SETTINGS, 0),
        database_url(),
    )


@st.cache_resource(ttl=3600, max_entries=2, show_spinner=False)
def _history(key: Key) -> History:
    with unit_of_work() as session:
        return analytics.load_history(session)


def history() -> History:
    """Every record, loaded once per version of the records and shared read-only by all
    sessions: appraisal saves do not touch it."""
    return _history(history_key())


@st.cache_data(ttl=600, max_entries=128, show_spinner=False)
def _scope(
    key: Key, who: state.Viewer, role: str | None, person: str | None
) -> tuple[str, tuple[str, ...], bool]:
    """Who a viewer's trend pools (see `analytics.trend_scope`), with a digest of the ids."""
    members, with_unattributed = analytics.trend_scope(
        _history(key), state.actor_of(who), role, person
    )
    digest = hashlib.sha256("\n".join(members).encode()).hexdigest()
    return digest, members, with_unattributed


@st.cache_data(ttl=600, max_entries=64, show_spinner=False)
def _trend(
    key: Key,
    scope: str,
    _members: tuple[str, ...],
    months: tuple[str, ...],
    with_unattributed: bool,
) -> pd.DataFrame:
    """`scope`, the digest of `_members`, stands in for them in the cache key: Streamlit
    hashes a tuple item by item, which for the whole company cost ~30 ms a rerun."""
    periods = [Period.parse(m) for m in months]
    return analytics.pooled_series(_history(key), _members, periods, with_unattributed)


def trend(
    actor: Actor, months: Sequence[Period], role: str | None = None, person: str | None = None
) -> pd.DataFrame:
    """Pooled KPIs of the viewer's scope, month by month.

    Cached on who is pooled rather than who looks, so the director, HR and a supervisor
    whose scope is the same team share one computation per version of the records.
    """
    key = history_key()
    scope, members, with_unattributed = _scope(key, state.viewer(actor), role, person)
    return _trend(key, scope, members, tuple(str(m) for m in months), with_unattributed)


@st.cache_data(ttl=600, max_entries=128, show_spinner=False)
def _read(name: str, key: Key, who: state.Viewer, period: str, extra: tuple) -> pd.DataFrame:
    reader: Callable[..., pd.DataFrame] = getattr(analytics, name)
    return reader(_history(key), state.actor_of(who), Period.parse(period), *extra)


def read(name: str, actor: Actor, period: Period, *extra: Any) -> pd.DataFrame:
    """A cached `data.services.analytics` breakdown `name(history, actor, period, *extra)`."""
    return _read(name, history_key(), state.viewer(actor), str(period), tuple(extra))


@st.cache_data(ttl=600, max_entries=16, show_spinner=False)
def _data_through(key: Key, period: str) -> date | None:
    return analytics.data_through(_history(key), Period.parse(period))


def data_through(period: Period) -> date | None:
    """The last day of `period` any record reaches (scanning every order: hence cached)."""
    return _data_through(history_key(), str(period))


@st.cache_data(ttl=600, max_entries=8, show_spinner=False)
def _employed(year: int, key: tuple[int, int], database: str, today: date) -> pd.DataFrame:
    with unit_of_work() as session:
        employees = load_frame(session, "employees")
        return rollup.employed_months(employees, year, today, current_policy(session))


@st.cache_data(ttl=600, max_entries=8, show_spinner=False)
def _annual(
    year: int, key: tuple[int, ...], database: str, who: state.Viewer, today: date
) -> pd.DataFrame:
    employed = _employed(year, key[-2:], database, today)
    with unit_of_work() as session:
        return rollup.annual(session, state.actor_of(who), year, today, employed)


def annual(actor: Actor, year: int) -> pd.DataFrame:
    """A year's annual roll-up, cached on the versions of that year's appraisals (and the
    settings, whose policy grades the year); who was employed when, on people and settings
    only, so a save leaves it warm."""
    current = state.versions()
    months = (current.get(appraisals_scope(f"{year}-{m:02d}"), 0) for m in range(1, 13))
    key = (*months, current.get(PEOPLE, 0), current.get(SETTINGS, 0))
    return _annual(year, key, database_url(), state.viewer(actor), clock.today())


@st.cache_data(ttl=600, max_entries=8, show_spinner=False)
def _templates(key: tuple[int, str]) -> pd.DataFrame:
    with unit_of_work() as session:
        return settings.templates_frame(session)


def templates() -> pd.DataFrame:
    """Every role's KPI template; a save or an import bumps the settings, so it is reread."""
    return _templates((state.versions().get(SETTINGS, 0), database_url()))


@st.cache_data(ttl=600, max_entries=16, show_spinner=False)
def _overrides(key: tuple[int, str], period: str) -> pd.DataFrame:
    with unit_of_work() as session:
        return analytics.target_overrides(session, Period.parse(period))


def target_overrides(period: Period) -> pd.DataFrame:
    """The month's target overrides; a saved target bumps the month's targets, so it is reread."""
    version = state.versions().get(records_scope("targets", str(period)), 0)
    return _overrides((version, database_url()), str(period))
