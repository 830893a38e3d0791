"""The director page's ranking, grade counts and employee pickers, ready to draw: built once
per version of what they read (and month, viewer and language) instead of on every rerun.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from core.i18n import t
from core.month import MonthResult
from core.periods import Period
from core.permissions import Actor
from dashboards import charts, reads, running, state
from dashboards.widgets import role_name, state_name
from data.services import analytics
from data.services.analytics import History

PEOPLE_COLUMNS = [
    "rank",
    "name",
    "employee_id",
    "team",
    "role_name",
    "shown_score",
    "grade",
    "status",
    "state_name",
]
TEAM_COLUMNS = ["team", "people", "mean", "best", "lowest", "finalised"]


@dataclass(frozen=True)
class Board:
    """What the ranking and scorecard tabs show for one viewer's month, in one language."""

    people: pd.DataFrame  # one row per appraisal, best first, display columns only
    teams: pd.DataFrame
    grades: pd.DataFrame
    scorecard_ids: list[str]  # everyone with a scorecard: ranked ones first, then by id
    target_ids: list[str]  # everyone with a data KPI, whose target the director may override
    labels: dict[str, str]  # employee id → "Name (id)", for the pickers
    running: bool = False  # SPEC §10: scores, grades and ranks are projections


def ranked(result: MonthResult, hist: History, lang: str) -> pd.DataFrame:
    """Appraisals with names and teams, best final score first; unfinalised ones are provisional."""
    people = hist.employees[["employee_id", "name", "team", "role"]]
    frame = running.projected_board(result).merge(people, on="employee_id", how="left")
    frame = frame.sort_values("final_score", ascending=False, na_position="last")
    frame.insert(0, "rank", range(1, len(frame) + 1))
    frame["shown_score"] = charts.half_up(frame["final_score"])
    final = (frame["state"] == "finalised").to_numpy(dtype=bool)
    pending = t("running.status", lang) if running.running(result) else t("roles.provisional", lang)
    frame["status"] = np.where(final, t("roles.final", lang), pending)
    # Each distinct role and state is translated once, not once per person.
    roles = {r: role_name(r, lang) for r in frame["role"].dropna().unique()}
    states = {s: state_name(s, lang) for s in frame["state"].dropna().unique()}
    frame["role_name"] = frame["role"].map(roles)
    frame["state_name"] = frame["state"].map(states)
    return frame.reset_index(drop=True)


def team_ranking(frame: pd.DataFrame) -> pd.DataFrame:
    scored = frame.dropna(subset=["final_score"])
    if scored.empty:
        return pd.DataFrame(columns=TEAM_COLUMNS)
    scored = scored.assign(finalised=(scored["state"] == "finalised").astype("int64"))
    teams = scored.groupby("team", as_index=False).agg(
        people=("employee_id", "count"),
        mean=("final_score", "mean"),
        best=("final_score", "max"),
        lowest=("final_score", "min"),
        finalised=("finalised", "sum"),
    )
    teams = teams.sort_values("mean", ascending=False).reset_index(drop=True)
    for column in ("mean", "best", "lowest"):
        teams[column] = charts.half_up(teams[column])
    return teams[TEAM_COLUMNS]


def grade_counts(frame: pd.DataFrame, hist: History) -> pd.DataFrame:
    """People per grade beside the policy's guide share (a reference, never applied)."""
    guide = dict(hist.policy.distribution_guide)
    grades = [band.grade for band in hist.policy.grades]
    counts = frame["grade"].value_counts().reindex(grades, fill_value=0)
    total = max(int(counts.sum()), 1)
    return pd.DataFrame(
        {
            "grade": grades,
            "count": counts.to_numpy(),
            "share": counts.to_numpy() / total,
            "guide": [guide.get(g, 0) / 100 for g in grades],
        }
    )


def build(result: MonthResult, hist: History, lang: str) -> Board:
    frame = ranked(result, hist, lang)
    with_card = set(result.scorecard["employee_id"])
    ranking = [e for e in frame["employee_id"] if e in with_card]
    card = result.scorecard
    planned = card.loc[~card["method"].eq("manual"), "employee_id"]
    names = analytics.names(hist)
    return Board(
        people=frame[PEOPLE_COLUMNS],
        teams=team_ranking(frame),
        grades=grade_counts(frame.dropna(subset=["grade"]), hist),
        scorecard_ids=ranking + sorted(with_card - set(ranking)),
        target_ids=sorted(set(planned)),
        labels={e: f"{names.get(e, e)} ({e})" for e in with_card},
        running=running.running(result),
    )


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def _board(
    month: state.MonthKey, data: reads.Key, lang: str, _result: MonthResult, _hist: History
) -> Board:
    """Keyed on what determines `_result` (the viewer's month) and `_hist` (the versions of
    the records, in this database), which are handed over rather than hashed."""
    return build(_result, _hist, lang)


def board(actor: Actor, period: Period, result: MonthResult, hist: History) -> Board:
    """`result` must be `state.month(period, actor)`, and `hist` the current history."""
    return _board(state.month_key(period, actor), reads.history_key(), state.lang(), result, hist)
