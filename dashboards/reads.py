"""Cached reads the shell pages share besides the month (people, policy, trends, coverage),
keyed on what can change them so a page switch without writes costs one version check.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from core.periods import Period, months_ending
from core.permissions import Actor
from core.policy import Policy
from dashboards.state import unit_of_work, version
from data import clock
from data.records_store import load_frame
from data.services import trends
from data.services.settings import current_policy


@st.cache_data(ttl=600, max_entries=8, show_spinner=False)
def _people(data_version: int) -> pd.DataFrame:
    with unit_of_work() as session:
        return load_frame(
            session, "employees", columns=["employee_id", "name", "role", "team", "manager_id"]
        )


def people() -> pd.DataFrame:
    """Who is who (id, name, role, team, manager): the org chart, not appraisal contents."""
    return _people(version())


def names() -> dict[str, str]:
    """Employee id → name, for labels."""
    frame = people()
    return dict(zip(frame["employee_id"], frame["name"], strict=True))


def name_of(employee_id: str | None) -> str:
    if not employee_id:
        return "—"
    return f"{names().get(employee_id, employee_id)} ({employee_id})"


@st.cache_data(ttl=600, max_entries=8, show_spinner=False)
def _policy(data_version: int) -> Policy:
    with unit_of_work() as session:
        return current_policy(session)


def policy() -> Policy:
    return _policy(version())


@st.cache_data(ttl=3600, max_entries=8, show_spinner=False)
def _trends(end: str, fingerprint: tuple[int, int, int], day: str) -> pd.DataFrame:
    with unit_of_work() as session:
        return trends.all_kpi_trends(session, months_ending(Period.parse(end), 12))


def kpi_trend(end: Period, actor: Actor, employee_id: str) -> pd.DataFrame:
    """One person's KPI actuals over the 12 months ending with `end` (permission-checked).

    Twelve months of actuals take seconds, so they are cached on what can change them
    (imports and settings) rather than on every appraisal save.
    """
    with unit_of_work() as session:
        fingerprint = trends.records_fingerprint(session)
    frame = _trends(str(end), fingerprint, clock.today().isoformat())
    return trends.employee_trend(frame, actor, employee_id)


@st.cache_data(ttl=600, max_entries=16, show_spinner=False)
def _latest(period: str, data_version: int) -> dict[str, date | None]:
    with unit_of_work() as session:
        return trends.latest_dates(session, Period.parse(period))


def latest_dates(period: Period) -> dict[str, date | None]:
    return _latest(str(period), version())


def clear() -> None:
    for cached in (_people, _policy, _trends, _latest):
        cached.clear()
