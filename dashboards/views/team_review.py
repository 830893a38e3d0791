"""Team review (上级评估): direct reports with their state, the review form beside the person's
scorecard and self-assessment; blind rules come from `appraisals.appraisal_view`, not this page.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from core.appraisal import editable_review
from core.errors import KpiError
from core.i18n import N_
from core.periods import Period
from core.permissions import Actor, can
from dashboards import appraisal_ui as ui
from dashboards import forms_ui, reads, state
from dashboards.forms_ui import given_score
from dashboards.markdown import literal
from dashboards.state import require_actor, tr
from dashboards.widgets import (
    DASH,
    flag_names,
    kpi_help,
    kpi_name,
    labels_for,
    show_error,
    state_name,
)
from data import clock
from data.services import appraisals, todo

PERIOD_KEY = "review_period"
PERSON_KEY = "review_person"


def _team(actor: Actor, period: Period) -> pd.DataFrame:
    board = state.month(period, actor).appraisals
    return board[board["employee_id"].isin(actor.reports)].reset_index(drop=True)


def _team_table(team: pd.DataFrame) -> None:
    label = reads.labeller()
    table = pd.DataFrame(
        {
            tr("ui.col.employee"): [label(e) for e in team["employee_id"]],
            tr("ui.col.state"): [state_name(s) for s in team["state"]],
            tr("ui.col.kpi_score"): team["kpi_score"].astype("float64"),
            tr("ui.col.flags"): [flag_names(f) for f in team["flags"]],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={tr("ui.col.kpi_score"): st.column_config.NumberColumn(format="%.1f")},
        placeholder=DASH,
    )


def _pick(team: pd.DataFrame) -> str:
    ids = team["employee_id"].tolist()
    chosen = st.session_state.get(PERSON_KEY)
    picked = st.selectbox(
        tr("ui.review.person"),
        ids,
        index=ids.index(chosen) if chosen in ids else 0,
        format_func=labels_for(ids, reads.labeller()),
        key="_review_person_widget",
    )
    st.session_state[PERSON_KEY] = picked
    return picked


def _reset(prefix: str, scope: str) -> None:
    for name in [k for k in st.session_state if str(k).startswith(prefix)]:
        del st.session_state[name]
    ui.forget_version("review", scope)


def _form(actor: Actor, employee_id: str, period: Period, view: dict[str, Any]) -> None:
    scope = f"{employee_id}/{period}"
    prefix = f"review_{employee_id}_{period}_"
    expected = ui.loaded_version("review", scope, view["row_version"])
    own = view.get("self_scores") or {}
    scores = view.get("review_scores") or {}
    with st.form(f"review_form_{employee_id}_{period}", border=True):
        st.subheader(
            tr("ui.review.form_title", name=literal(reads.labeller()(employee_id))), anchor=False
        )
        items: dict[str, Any] = {}
        for kpi in view.get("manual_items", []):
            self_score = own.get(kpi)
            caption = (
                tr("ui.review.self_said", score=given_score(self_score))
                if self_score is not None
                else ""
            )
            items[kpi] = st.number_input(
                f"{kpi_name(kpi)} {caption}".strip(),
                min_value=0.0,
                max_value=100.0,
                step=1.0,
                format="%g",
                value=forms_ui.widget_score(scores.get(kpi)),
                key=f"{prefix}{kpi}",
                help=kpi_help(kpi),
                placeholder=tr("ui.self.score_placeholder"),
            )
        overall = st.number_input(
            tr("ui.appraisal.review_overall"),
            min_value=0.0,
            max_value=100.0,
            step=1.0,
            format="%g",
            value=forms_ui.widget_score(view.get("review_overall")),
            key=f"{prefix}overall",
            help=tr("ui.review.overall_help"),
            placeholder=tr("ui.self.score_placeholder"),
        )
        comment = st.text_area(
            tr("ui.appraisal.comment"),
            value=view.get("review_comment") or "",
            max_chars=appraisals.MAX_TEXT,
            key=f"{prefix}comment",
        )
        left, right = st.columns(2)
        draft = left.form_submit_button(
            tr("ui.self.save_draft"), icon=":material/save:", width="stretch"
        )
        submit = right.form_submit_button(
            tr("ui.review.submit"), type="primary", icon=":material/send:", width="stretch"
        )
    if draft or submit:
        if overall is None:
            st.error(tr("ui.self.overall_required"), icon=":material/error:")
            return
        given = {k: v for k, v in items.items() if v is not None}
        ui.write(
            lambda s: appraisals.review(
                s,
                actor,
                employee_id,
                period,
                overall,
                given,
                comment,
                submit=submit,
                expected_version=expected,
            ),
            N_("ui.review.submitted") if submit else N_("ui.self.saved"),
            on_success=lambda: _reset(prefix, scope),
            conflict_scope=f"review/{scope}",
        )
    if ui.reload_offered(f"review/{scope}"):
        _reset(prefix, scope)
        st.rerun()


def _person(actor: Actor, employee_id: str, period: Period) -> None:
    try:
        with state.unit_of_work() as session:
            view = appraisals.appraisal_view(session, actor, employee_id, period)
    except KpiError as exc:
        show_error(exc)
        return
    board, policy = state.month(period, actor).appraisals, reads.policy()
    with st.container(horizontal=True):
        ui.state_badge(view["state"])
        for flag, day, done in (
            ("late_self_assessment", policy.self_deadline_day, view.get("self_submitted")),
            ("late_review", policy.review_deadline_day, view.get("review_submitted")),
        ):
            due = todo.due_day(period.deadline(day))
            forms_ui.late_note(board, employee_id, flag, due, bool(done))
    left, right = st.columns([3, 2], gap="large")
    with left:
        if editable_review(view["state"]) and can(actor, "review", employee_id):
            _form(actor, employee_id, period, view)
        else:
            st.info(
                tr("ui.review.read_only", state=state_name(view["state"])), icon=":material/lock:"
            )
            ui.show_review(view)
    with right:
        st.subheader(tr("ui.review.their_kpis"), anchor=False)
        card = state.month(period, actor).scorecard
        ui.scorecard_table(card[card["employee_id"] == employee_id])
        st.subheader(tr("ui.appraisal.self_title"), anchor=False)
        if view.get("self_submitted"):
            ui.show_self(view)
        elif view.get("self_waived"):
            st.caption(tr("ui.review.self_waived"))
        else:
            st.caption(tr("ui.review.self_blind"))


def render() -> None:
    actor = require_actor()
    st.title(tr("ui.page.review"), anchor=False)
    if not actor.is_supervisor:
        st.info(tr("ui.review.no_reports"), icon=":material/info:")
        return
    period = ui.month_picker(PERIOD_KEY, todo.appraisal_period(clock.today()), count=3)
    team = _team(actor, period)
    if team.empty:
        st.info(tr("ui.review.no_team", period=str(period)), icon=":material/info:")
        return
    due = todo.due_day(period.deadline(reads.policy().review_deadline_day))
    st.caption(tr("ui.review.deadline", day=due))
    _team_table(team)
    employee_id = _pick(team)
    _person(actor, employee_id, period)


render()
