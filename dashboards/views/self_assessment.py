"""My self-assessment (自评): manual items and overall 0–100 with achievements, shortcomings and
improvements; draft or submit, read-only afterwards, a lost race keeps what was typed.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from core.appraisal import editable_self
from core.errors import KpiError
from core.i18n import N_
from core.periods import Period
from core.permissions import Actor
from dashboards import appraisal_ui as ui
from dashboards import forms_ui, reads, state
from dashboards.state import require_actor, tr
from dashboards.widgets import error_text, kpi_help, kpi_name, state_name
from data import clock
from data.services import appraisals, todo

PERIOD_KEY = "self_period"
CONFIRM_KEY = "_self_confirm_pending"


def _reset(period: Period, scope: str) -> None:
    """Forget typed values and the loaded version, so the form shows what is stored."""
    prefix = f"self_{period}_"
    for name in [k for k in st.session_state if str(k).startswith(prefix)]:
        del st.session_state[name]
    ui.forget_version("self", scope)


def _form(actor: Actor, period: Period, view: dict[str, Any]) -> None:
    scope = f"{actor.employee_id}/{period}"
    expected = ui.loaded_version("self", scope, view["row_version"])
    prefix = f"self_{period}_"
    scores = view.get("self_scores") or {}
    texts = view.get("self_texts") or {}
    with st.form(f"self_form_{period}", border=True):
        st.subheader(tr("ui.self.form_title", period=str(period)), anchor=False)
        items: dict[str, Any] = {}
        for kpi in view.get("manual_items", []):
            items[kpi] = st.number_input(
                kpi_name(kpi),
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
            tr("ui.appraisal.self_overall"),
            min_value=0.0,
            max_value=100.0,
            step=1.0,
            format="%g",
            value=forms_ui.widget_score(view.get("self_overall")),
            key=f"{prefix}overall",
            help=tr("ui.self.overall_help"),
            placeholder=tr("ui.self.score_placeholder"),
        )
        written = {
            field: st.text_area(
                tr(f"ui.appraisal.{field}"),
                value=texts.get(field, ""),
                max_chars=appraisals.MAX_TEXT,
                key=f"{prefix}{field}",
                placeholder=tr(f"ui.self.{field}_placeholder"),
            )
            for field in ui.TEXT_FIELDS
        }
        left, right = st.columns(2)
        draft = left.form_submit_button(
            tr("ui.self.save_draft"), icon=":material/save:", width="stretch"
        )
        submit = right.form_submit_button(
            tr("ui.self.submit"), type="primary", icon=":material/send:", width="stretch"
        )
    if draft or submit:
        if overall is None:
            st.error(tr("ui.self.overall_required"), icon=":material/error:")
            return
        given = {k: v for k, v in items.items() if v is not None}
        if submit:  # irreversible: ask once more, with what was typed kept aside
            st.session_state[CONFIRM_KEY] = (scope, overall, given, written, expected)
        else:
            st.session_state.pop(CONFIRM_KEY, None)  # a draft replaces what awaited confirming
            _save(actor, period, scope, (scope, overall, given, written, expected), submit=False)
    pending = st.session_state.get(CONFIRM_KEY)
    if pending and pending[0] == scope:
        answer = forms_ui.confirm_submit("_self_confirm", N_("ui.forms.confirm_self"))
        if answer is not None:
            del st.session_state[CONFIRM_KEY]
            if answer:
                _save(actor, period, scope, pending, submit=True)
            else:
                st.rerun()
    if ui.reload_offered(f"self/{scope}"):
        _reset(period, scope)
        st.rerun()


def _save(actor: Actor, period: Period, scope: str, values: tuple[Any, ...], submit: bool) -> None:
    _, overall, given, written, expected = values
    ui.write(
        lambda s: appraisals.self_assess(
            s, actor, period, overall, given, written, submit=submit, expected_version=expected
        ),
        N_("ui.self.submitted") if submit else N_("ui.self.saved"),
        on_success=lambda: _reset(period, scope),
        conflict_scope=f"self/{scope}",
    )


def render() -> None:
    actor = require_actor()
    st.title(tr("ui.page.self"), anchor=False)
    if not actor.employee_id:
        st.info(tr("ui.self.no_employee"), icon=":material/info:")
        return
    period = ui.month_picker(PERIOD_KEY, todo.appraisal_period(clock.today()), count=3)
    try:
        with state.unit_of_work() as session:
            view = appraisals.appraisal_view(session, actor, actor.employee_id, period)
    except KpiError as exc:
        st.info(
            tr("ui.self.not_appraised", period=str(period), reason=error_text(exc)),
            icon=":material/info:",
        )
        return
    due = todo.due_day(period.deadline(reads.policy().self_deadline_day))
    with st.container(horizontal=True):
        ui.state_badge(view["state"])
        forms_ui.late_note(
            state.month(period, actor).appraisals,
            actor.employee_id,
            "late_self_assessment",
            due,
            bool(view.get("self_submitted")),
        )
    st.caption(tr("ui.self.deadline", day=due))
    if view["state"] == "finalised" and view.get("result"):
        # The outcome first and full width (headline figures, then the details below).
        st.subheader(tr("ui.appraisal.result_title"), anchor=False)
        ui.show_result(view["result"])
    left, right = st.columns([3, 2], gap="large")
    with left:
        if editable_self(view["state"]):
            _form(actor, period, view)
        else:
            st.info(
                tr("ui.self.read_only", state=state_name(view["state"])), icon=":material/lock:"
            )
            ui.show_self(view)
    with right:
        st.subheader(tr("ui.self.my_kpis"), anchor=False)
        card = state.month(period, actor).scorecard
        ui.scorecard_table(card[card["employee_id"] == actor.employee_id])
        if view.get("review_submitted") and view.get("review_overall") is not None:
            st.subheader(tr("ui.appraisal.review_title"), anchor=False)
            ui.show_review(view)


render()
