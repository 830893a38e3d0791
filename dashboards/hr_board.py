"""Tables and charts of the HR board: appraisals, grades per supervisor and before/after
calibration against the policy's guide; grades come from `Policy.grade_for`, nothing scores here.
"""

from __future__ import annotations

from decimal import Decimal

import altair as alt
import pandas as pd
import streamlit as st

from core.appraisal import waiting_for
from core.policy import Policy
from dashboards import reads, state
from dashboards.state import tr
from dashboards.widgets import DASH, flag_names, floats, money_column
from data.versions import PEOPLE

STATE_COLORS = {
    "open": "#9AA5B1",
    "self_submitted": "#4C78A8",
    "reviewed": "#8E6CC2",
    "finalised": "#2E8B57",
}


def _label(key: str, board: pd.DataFrame) -> str:
    """A result column, or its projected twin while the month runs (SPEC §10)."""
    projected = "projected" in board.columns
    return tr(f"running.col.{key.split('.')[-1]}" if projected else key)


def stage(state: str, grade: object, flags: list[str]) -> str:
    """A row's stage in a few words: what it waits for, or that it is finalised."""
    if state == "finalised":
        return tr("ui.hr.stage.finalised")
    return tr(f"ui.hr.stage.{waiting_for(state, grade, flags)}")


def board_frame(board: pd.DataFrame) -> pd.DataFrame:
    """The month's appraisals as a work queue that fits a 1366-px laptop: who, where it
    stands, the result and the flags (the other scores are in the appraisal opened below)."""
    people = reads.people().set_index("employee_id")
    names = reads.names()
    out = floats(board, ["calibration", "final_score", "bonus_amount"])
    ids = out["employee_id"]
    manager = ids.map(people["manager_id"]).tolist()  # one lookup per read, not per id
    return pd.DataFrame(
        {
            tr("ui.col.employee"): [f"{names.get(e, e)} ({e})" for e in ids],
            tr("ui.col.team"): ids.map(people["team"]).tolist(),
            tr("ui.col.supervisor"): [
                names.get(m, m) if isinstance(m, str) and m else DASH for m in manager
            ],
            tr("ui.col.stage"): [
                stage(s, g, list(f))
                for s, g, f in zip(out["state"], out["grade"], out["flags"], strict=True)
            ],
            tr("ui.col.calibration"): out["calibration"],
            _label("ui.col.final", board): out["final_score"],
            _label("ui.col.grade", board): out["grade"].fillna(DASH),
            _label("ui.col.bonus", board): out["bonus_amount"],
            tr("ui.col.flags"): [flag_names(f) for f in out["flags"]],
        }
    )


@st.cache_data(ttl=600, max_entries=16, show_spinner=False)
def _cached_frame(
    month: state.MonthKey, people: tuple[int, ...], lang: str, _board: pd.DataFrame
) -> pd.DataFrame:
    """Keyed on what determines `_board` (the viewer's month) and the names in it, which is
    handed over rather than hashed: a warm rerun of the HR page only draws the table."""
    return board_frame(_board)


def cached_frame(month: state.MonthKey, lang: str, board: pd.DataFrame) -> pd.DataFrame:
    """`board_frame` of the whole month (`board` must be `state.month(...)`'s appraisals for
    `month`), built once per version of the month and of the people, per language."""
    return _cached_frame(month, (state.versions().get(PEOPLE, 0),), lang, board)


def board_config(board: pd.DataFrame) -> dict[str, object]:
    """Fixed widths that add up to the main column at 1366 px; flags take what is left."""
    return {
        tr("ui.col.employee"): st.column_config.TextColumn(pinned=True, width=130),
        tr("ui.col.team"): st.column_config.TextColumn(width=80),
        tr("ui.col.supervisor"): st.column_config.TextColumn(width=85),
        tr("ui.col.stage"): st.column_config.TextColumn(width=170, help=tr("ui.hr.stage_help")),
        tr("ui.col.calibration"): st.column_config.NumberColumn(format="%+.1f", width=85),
        _label("ui.col.final", board): st.column_config.NumberColumn(
            format="%.1f", width=80, help=tr("ui.col.final_help")
        ),
        _label("ui.col.grade", board): st.column_config.TextColumn(width=55),
        _label("ui.col.bonus", board): money_column(),
        tr("ui.col.flags"): st.column_config.TextColumn(width="medium"),
    }


def _grade(value: object, policy: Policy) -> str | None:
    if value is None or pd.isna(value):
        return None
    return policy.grade_for(Decimal(str(round(float(value), 10)))).grade


def grades_before_after(board: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """Per grade: the guide's share, and the month's counts before and after calibration.

    "Before" is the final score without HR's calibration points (composite − deductions).
    """
    scored = board[board["final_score"].notna()]
    before = [
        _grade(float(f) - float(c or 0), policy)
        for f, c in zip(scored["final_score"], scored["calibration"], strict=True)
    ]
    after = scored["grade"].tolist()
    guide = dict(policy.distribution_guide)
    total = max(len(scored), 1)
    rows = []
    for band in policy.grades:
        n_before, n_after = before.count(band.grade), after.count(band.grade)
        rows.append(
            {
                "grade": band.grade,
                "guide": guide.get(band.grade, 0) / 100,
                "before": n_before / total,
                "after": n_after / total,
                "n_before": n_before,
                "n_after": n_after,
            }
        )
    return pd.DataFrame(rows)


def distribution_chart(frame: pd.DataFrame, projected: bool = False) -> alt.Chart:
    """Grade shares: policy guide vs this month before and after calibration; in a running
    month the grades are projected and the title and axis say so (SPEC §10)."""
    grade = tr("running.col.grade") if projected else tr("ui.col.grade")
    title = tr("ui.dist.chart_title") + (f" · {tr('running.status')}" if projected else "")
    labels = {
        "guide": tr("ui.dist.guide"),
        "before": tr("ui.dist.before"),
        "after": tr("ui.dist.after"),
    }
    long = frame.melt(
        id_vars="grade", value_vars=list(labels), var_name="series", value_name="share"
    )
    long["series"] = long["series"].map(labels)
    return (
        alt.Chart(long, title=title)
        .mark_bar()
        .encode(
            x=alt.X("grade:N", title=grade, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("series:N", sort=list(labels.values())),
            y=alt.Y("share:Q", title=tr("ui.dist.share_axis"), axis=alt.Axis(format="%")),
            color=alt.Color(
                "series:N",
                title=None,
                sort=list(labels.values()),
                scale=alt.Scale(range=["#BFC8D6", "#4C78A8", "#1F4E79"]),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("grade:N", title=grade),
                alt.Tooltip("series:N", title=" "),
                alt.Tooltip("share:Q", title=tr("ui.dist.share_axis"), format=".0%"),
            ],
        )
    )


def per_supervisor(board: pd.DataFrame) -> pd.DataFrame:
    """Grade counts and mean final score per supervisor, to spot lenient or harsh reviewers."""
    people = reads.people().set_index("employee_id")
    names = reads.names()
    scored = board[board["final_score"].notna()].copy()
    if scored.empty:
        return pd.DataFrame()
    managers = scored["employee_id"].map(people["manager_id"])
    scored["supervisor"] = [names.get(m, "—") for m in managers]
    counts = pd.crosstab(scored["supervisor"], scored["grade"])
    counts.columns = [str(c) for c in counts.columns]
    supervisor_col = tr("ui.col.supervisor")
    counts[tr("ui.dist.people")] = counts.sum(axis=1)
    counts[tr("ui.dist.mean_final")] = scored.groupby("supervisor")["final_score"].mean().round(1)
    counts[tr("ui.dist.mean_review")] = (
        scored.groupby("supervisor")["supervisor_overall"].mean().round(1)
        if "supervisor_overall" in scored
        else None
    )
    return counts.reset_index().rename(columns={"supervisor": supervisor_col})
