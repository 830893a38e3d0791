"""What the appraisal pages share (month picker, scorecard, self/review/result blocks, writes):
one rendering keeps blind rules, formats and error handling identical on all three pages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from core.errors import ConflictError, KpiError
from core.periods import Period, months_ending
from dashboards import reads, state
from dashboards.forms_ui import given_score
from dashboards.markdown import literal_params
from dashboards.state import tr
from dashboards.widgets import (
    DASH,
    kpi_help,
    kpi_name,
    kpi_value,
    money,
    score_text,
    show_error,
    state_name,
)

TEXT_FIELDS = ("achievements", "shortcomings", "improvements")


def month_picker(key: str, latest: Period, count: int = 6) -> Period:
    """A month choice remembered in a plain session key, so it survives page switches."""
    months = [str(m) for m in months_ending(latest, count)[::-1]]
    chosen = st.session_state.get(key, months[0])
    column, _ = st.columns([1, 3])
    picked = column.selectbox(
        tr("ui.appraisal.month"),
        months,
        index=months.index(chosen) if chosen in months else 0,
        key=f"_{key}_widget",
    )
    st.session_state[key] = picked
    return Period.parse(picked)


def _methods(rows: pd.DataFrame) -> list[str]:
    return rows["method"].tolist() if "method" in rows else [""] * len(rows)


def scorecard_table(card: pd.DataFrame, compact: bool = True) -> None:
    """One person's KPIs for a month: actual and target in their units, score (and, when
    there is room, weight and how each KPI is computed)."""
    if card.empty:
        st.info(tr("ui.appraisal.no_kpis"), icon=":material/info:")
        return
    rows = card.sort_values(["weight", "kpi_id"], ascending=[False, True])
    ids = rows["kpi_id"].tolist()
    table = pd.DataFrame(
        {
            tr("ui.col.kpi"): [kpi_name(k) for k in ids],
            # A manual item's actual is the score a person typed: 75, not 75.0.
            tr("ui.col.actual"): [
                given_score(v) if m == "manual" else kpi_value(k, v)
                for k, v, m in zip(ids, rows["actual"], _methods(rows), strict=True)
            ],
            tr("ui.col.target"): [
                kpi_value(k, v) for k, v in zip(ids, rows["target"], strict=True)
            ],
            tr("ui.col.score"): rows["score"].astype("float64").to_numpy(),
        }
    )
    config: dict[str, Any] = {
        tr("ui.col.score"): st.column_config.NumberColumn(
            tr("ui.col.score"), format="%.1f", help=tr("ui.col.score_help")
        )
    }
    if not compact:
        table[tr("ui.col.weight")] = rows["weight"].astype("float64").to_numpy()
        table[tr("ui.col.formula")] = [kpi_help(k) for k in ids]
        config[tr("ui.col.score")] = st.column_config.ProgressColumn(
            tr("ui.col.score"),
            format="%.1f",
            min_value=0,
            max_value=120,
            help=tr("ui.col.score_help"),
        )
        config[tr("ui.col.weight")] = st.column_config.NumberColumn(format="%d%%")
    st.dataframe(table, hide_index=True, width="stretch", column_config=config, placeholder=DASH)
    st.caption(tr("ui.appraisal.manual_note"))


def show_self(view: dict[str, Any]) -> None:
    """The employee's submitted (or draft, for themselves) self-assessment, read-only."""
    if view.get("self_overall") is None and not view.get("self_texts"):
        st.caption(tr("ui.appraisal.self_none"))
        return
    st.metric(tr("ui.appraisal.self_overall"), given_score(view.get("self_overall")))
    _item_scores(view.get("self_scores") or {})
    for field in TEXT_FIELDS:
        text = (view.get("self_texts") or {}).get(field)
        if text:
            st.markdown(f"**{tr(f'ui.appraisal.{field}')}**")
            st.text(text)  # plain text: user input is never rendered as markdown/HTML


def show_review(view: dict[str, Any]) -> None:
    if view.get("review_overall") is None:
        st.caption(tr("ui.appraisal.review_none"))
        return
    st.metric(tr("ui.appraisal.review_overall"), given_score(view.get("review_overall")))
    _item_scores(view.get("review_scores") or {})
    if view.get("review_comment"):
        st.markdown(f"**{tr('ui.appraisal.comment')}**")
        st.text(view["review_comment"])


def _item_scores(scores: dict[str, Any]) -> None:
    if scores:
        st.caption(" · ".join(f"{kpi_name(k)} {given_score(v)}" for k, v in scores.items()))


def show_result(row: pd.Series | dict[str, Any]) -> None:
    """Composite → deductions → calibration → final, grade and bonus of one appraisal;
    marked provisional while the appraisal is incomplete (SPEC §4)."""
    provisional = bool(row.get("incomplete")) and row.get("state") != "finalised"
    suffix = " (" + tr("ui.appraisal.provisional") + ")" if provisional else ""
    # Wider for "85.3 · B" and "¥12,345.67", which equal fifths cut off on a laptop screen.
    cols = st.columns([1, 1, 1, 1.3, 1.7])
    cols[0].metric(tr("ui.col.kpi_score"), score_text(row.get("kpi_score")), border=True)
    cols[1].metric(tr("ui.col.composite"), score_text(row.get("composite")), border=True)
    cols[2].metric(tr("ui.col.deductions"), score_text(row.get("deduction_points")), border=True)
    cols[3].metric(
        tr("ui.col.final") + suffix,
        f"{score_text(row.get('final_score'))} · {row.get('grade') or '—'}",
        border=True,
    )
    cols[4].metric(
        tr("ui.col.bonus") + suffix, money(row.get("bonus_amount"), cents=True), border=True
    )


STATE_COLORS = {
    "open": "gray",
    "self_submitted": "blue",
    "reviewed": "violet",
    "finalised": "green",
}


def state_badge(state_id: str) -> None:
    st.badge(state_name(state_id), color=STATE_COLORS.get(state_id, "gray"))


FLASH_KEY = "_flash"


def write(
    action: Callable[[Session], Any],
    done_key: str,
    *,
    rerun: bool = True,
    on_success: Callable[[], None] | None = None,
    conflict_scope: str | None = None,
    **params: Any,
) -> Any | None:
    """Run one service write; on success toast, on a user error show it. The write bumped
    the versions of what it changed, so exactly the reads of those go stale (no clearing).

    With `rerun` the page starts over so it shows the new state, and the toast is carried
    over the rerun by the entry file. A `ConflictError` marks `conflict_scope` so the page can
    offer a reload while what the user typed stays in the form. Returns the action's result
    (True when it returns nothing), or None when the service refused it — nothing was written.
    """
    try:
        with state.unit_of_work() as session:
            result = action(session)
    except KpiError as exc:
        show_error(exc)
        if conflict_scope and isinstance(exc, ConflictError):
            st.session_state[f"_conflict_{conflict_scope}"] = True
        return None
    if on_success is not None:
        on_success()
    if rerun:
        st.session_state[FLASH_KEY] = tr(done_key, **literal_params(params))
        st.rerun()
    st.toast(tr(done_key, **literal_params(params)), icon=":material/check_circle:")
    return result if result is not None else True


def reload_offered(conflict_scope: str) -> bool:
    """After a conflict: a button to drop the typed values and load the stored version."""
    flag = f"_conflict_{conflict_scope}"
    if not st.session_state.get(flag):
        return False
    if st.button(
        tr("ui.appraisal.reload"), icon=":material/refresh:", key=f"_reload_{conflict_scope}"
    ):
        del st.session_state[flag]
        return True
    return False


def show_flash() -> None:
    """The toast of a write that reran the page (called by the entry file every run)."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.toast(message, icon=":material/check_circle:")


def loaded_version(scope: str, key: str, current: int | None) -> int | None:
    """The row version the user's form was loaded with (kept until a save or a reload)."""
    slot = f"_ver_{scope}_{key}"
    if slot not in st.session_state:
        st.session_state[slot] = current
    return st.session_state[slot]


def forget_version(scope: str, key: str) -> None:
    st.session_state.pop(f"_ver_{scope}_{key}", None)


def employee_label(employee_id: str) -> str:
    return reads.labeller()(employee_id)
