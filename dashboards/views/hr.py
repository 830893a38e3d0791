"""HR's month board (综合评定): states, composite, deductions, flags; calibrate, waive, interview,
finalise, reopen, distribution and budget, payroll and annual roll-up — each a service call.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from core.appraisal import waiting_for
from core.errors import KpiError
from core.i18n import N_
from core.periods import Period
from core.permissions import Actor
from dashboards import appraisal_ui as ui
from dashboards import (
    charts,
    commission_plans,
    hr_board,
    month_close,
    reads,
    reminders_ui,
    running,
    state,
)
from dashboards.markdown import literal
from dashboards.state import require_actor, tr
from dashboards.widgets import DASH, flag_names, labels_for, lang_key, money, show_error, state_name
from data import clock
from data.services import appraisals, todo

PERIOD_KEY = "hr_period"
PERSON_WIDGET = "_hr_person_widget"
STATES = ["open", "self_submitted", "reviewed", "finalised"]


def _summary(board: pd.DataFrame) -> None:
    cols = st.columns(5)
    for col, state_id in zip(
        cols, ("open", "self_submitted", "reviewed", "finalised"), strict=False
    ):
        col.metric(state_name(state_id), int((board["state"] == state_id).sum()))
    ready = (board["state"] == "reviewed") & ~board["incomplete"].astype(bool)
    cols[4].metric(tr("ui.hr.ready"), int(ready.sum()), help=tr("ui.hr.ready_help"))


def _finalise_all(actor: Actor, period: Period) -> None:
    with st.popover(tr("ui.hr.finalise_all"), icon=":material/task_alt:"):
        st.caption(tr("ui.hr.finalise_all_help"))
        if st.button(tr("ui.hr.finalise_confirm"), type="primary", key="_hr_finalise_all"):
            result = ui.write(
                lambda s: appraisals.finalise(s, actor, period),
                N_("ui.hr.finalised_all"),
                rerun=False,
            )
            if result:
                done, refused = result
                st.session_state["_hr_last_finalise"] = (len(done), refused)
                st.rerun()  # show the board as it is now


def _reapply(actor: Actor, period: Period) -> None:
    """SPEC §2: HR may copy the current templates and policy into a month not yet final."""
    with st.popover(tr("ui.hr.reapply"), icon=":material/sync:"):
        st.caption(tr("ui.hr.reapply_help"))
        if st.button(tr("ui.hr.reapply_confirm"), key="_hr_reapply"):
            ui.write(lambda s: appraisals.reapply_rules(s, actor, period), N_("ui.hr.reapplied"))


def _last_finalise() -> None:
    last = st.session_state.get("_hr_last_finalise")
    if not last:
        return
    count, refused = last
    label = reads.labeller()
    st.success(tr("ui.hr.finalised_count", count=count), icon=":material/task_alt:")
    if refused:
        reasons = pd.DataFrame(
            {
                tr("ui.col.employee"): [label(e) for e in refused],
                tr("ui.hr.reason_refused"): [tr(k) for k in refused.values()],
            }
        )
        with st.expander(tr("ui.hr.not_finalised", count=len(refused))):
            st.dataframe(reasons, hide_index=True, width="stretch", placeholder=DASH)


def _filters(board: pd.DataFrame) -> pd.Series:
    """State, flag, team and supervisor: which rows of the board are the piece of work."""
    people = reads.people().set_index("employee_id")
    names = reads.names()
    teams = sorted({t for t in (people["team"].get(e) for e in board["employee_id"]) if t})
    supervisor_of = {e: people["manager_id"].get(e) for e in board["employee_id"]}
    supervisors = sorted({m for m in supervisor_of.values() if m}, key=lambda m: names.get(m, m))
    flags = sorted({f for fs in board["flags"] for f in fs})
    cols = st.columns(4)
    states = cols[0].multiselect(
        tr("ui.hr.filter_state"),
        STATES,
        format_func=labels_for(STATES, state_name),
        key=lang_key("_hr_filter_state"),
        placeholder=tr("ui.hr.filter_all"),
    )
    chosen_flags = cols[1].multiselect(
        tr("ui.hr.filter_flag"),
        flags,
        format_func=labels_for(flags, flag_names),
        key=lang_key("_hr_filter_flag"),
        placeholder=tr("ui.hr.filter_all"),
    )
    chosen_teams = cols[2].multiselect(
        tr("ui.col.team"), teams, key="_hr_filter_team", placeholder=tr("ui.hr.filter_all")
    )
    chosen_supervisors = cols[3].multiselect(
        tr("ui.col.supervisor"),
        supervisors,
        format_func=labels_for(supervisors, lambda m: names.get(m, m)),
        key="_hr_filter_supervisor",
        placeholder=tr("ui.hr.filter_all"),
    )
    keep = pd.Series(True, index=board.index)
    if states:
        keep &= board["state"].isin(states)
    if chosen_flags:
        keep &= [any(f in fs for f in chosen_flags) for fs in board["flags"]]
    if chosen_teams:
        keep &= [people["team"].get(e) in chosen_teams for e in board["employee_id"]]
    if chosen_supervisors:
        keep &= [supervisor_of[e] in chosen_supervisors for e in board["employee_id"]]
    return keep


def _picked(shown: pd.DataFrame, table: pd.DataFrame) -> list[str]:
    """Rows ticked on the board; a newly clicked row opens that appraisal below."""
    event = st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * max(len(shown), 1), 460),
        column_config=hr_board.board_config(shown),
        placeholder=DASH,
        on_select="rerun",
        selection_mode="multi-row",
        key="_hr_board_table",
    )
    ids = shown["employee_id"].tolist()
    picked = [ids[i] for i in event.selection.rows if i < len(ids)]
    if picked != st.session_state.get("_hr_last_pick"):
        st.session_state["_hr_last_pick"] = picked
        if picked:
            st.session_state[PERSON_WIDGET] = picked[-1]
    return picked


def _finalise_selected(actor: Actor, period: Period, picked: list[str]) -> None:
    with st.popover(tr("ui.hr.finalise_selected", count=len(picked)), icon=":material/task_alt:"):
        st.caption(tr("ui.hr.finalise_selected_help"))
        if st.button(tr("ui.hr.finalise_confirm"), type="primary", key="_hr_finalise_selected"):
            result = ui.write(
                lambda s: appraisals.finalise(s, actor, period, selected=picked),
                N_("ui.hr.finalised_all"),
                rerun=False,
            )
            if result:
                done, refused = result
                st.session_state["_hr_last_finalise"] = (len(done), refused)
                st.rerun()


def _labels(ids: list[str]):  # noqa: ANN202 - a format_func
    """ "Name (id)" for each id, from one lookup of the names."""
    names = reads.names()
    return labels_for(ids, lambda e: f"{names.get(e, e)} ({e})")


def _step(ids: list[str], delta: int) -> None:
    """Next/previous in the board's current order (a callback: runs before the widgets)."""
    current = st.session_state.get(PERSON_WIDGET)
    at = ids.index(current) if current in ids else -delta
    st.session_state[PERSON_WIDGET] = ids[(at + delta) % len(ids)]


@st.fragment
def _work_queue(actor: Actor, period: Period, board: pd.DataFrame, key: state.MonthKey) -> None:
    """Filters, the board and the open appraisal rerun on their own: working through the
    queue recomputes nothing else."""
    keep = _filters(board)
    shown = board[keep]
    picked = _picked(shown, hr_board.cached_frame(key, state.lang(), board)[keep.to_numpy()])
    with st.container(horizontal=True):
        if picked:
            _finalise_selected(actor, period, picked)
        _finalise_all(actor, period)
        _reapply(actor, period)
    _last_finalise()
    ids = shown["employee_id"].tolist() or board["employee_id"].tolist()
    st.divider()
    if st.session_state.get(PERSON_WIDGET) not in ids:
        st.session_state[PERSON_WIDGET] = ids[0]
    nav = st.columns([4, 1, 1], vertical_alignment="bottom")
    employee_id = nav[0].selectbox(
        tr("ui.hr.open_appraisal"),
        ids,
        format_func=_labels(ids),
        key=PERSON_WIDGET,
        help=tr("ui.hr.open_help"),
    )
    nav[1].button(
        tr("ui.hr.previous"), icon=":material/arrow_back:", on_click=_step, args=(ids, -1),
        key="_hr_prev", width="stretch",
    )  # fmt: skip
    nav[2].button(
        tr("ui.hr.next"), icon=":material/arrow_forward:", on_click=_step, args=(ids, 1),
        key="_hr_next", width="stretch",
    )  # fmt: skip
    _person(actor, period, board, employee_id)


def _board_tab(actor: Actor, period: Period, board: pd.DataFrame) -> None:
    _summary(board)
    _work_queue(actor, period, board, state.month_key(period, actor))
    reminders_ui.panel(actor, period, board)


def _calibrate(actor: Actor, period: Period, employee_id: str, view: dict[str, Any]) -> None:
    with st.form(f"hr_cal_{employee_id}_{period}"):
        st.markdown("**" + tr("ui.hr.calibrate") + "**")
        points = st.number_input(
            tr("ui.hr.points"),
            min_value=-120.0,
            max_value=120.0,
            step=0.5,
            format="%.2f",  # what is shown is what is saved: points take 2 decimals (§11)
            value=float(view.get("calibration") or 0),
            help=tr("ui.hr.points_help"),
        )
        reason = st.text_area(tr("ui.hr.reason"), value=view.get("calibration_reason") or "")
        if st.form_submit_button(tr("ui.hr.calibrate_save"), type="primary"):
            expected = view["row_version"]
            ui.write(
                lambda s: appraisals.calibrate(
                    s, actor, employee_id, period, points, reason, expected_version=expected
                ),
                N_("ui.hr.calibrated"),
            )


def _reason_form(form_key: str, title: str, label: str, button: str, value: str = "") -> str | None:
    with st.form(form_key):
        st.markdown(f"**{title}**")
        text = st.text_area(label, value=value)
        if st.form_submit_button(button):
            return text
    return None


def _actions(
    actor: Actor, period: Period, employee_id: str, row: pd.Series, view: dict[str, Any]
) -> None:
    state_id = view["state"]
    key = f"{employee_id}_{period}"
    if state_id == "finalised":
        reason = _reason_form(
            f"hr_reopen_{key}", tr("ui.hr.reopen"), tr("ui.hr.reason"), tr("ui.hr.reopen_save")
        )
        if reason is not None:
            ui.write(
                lambda s: appraisals.reopen(s, actor, employee_id, period, reason),
                N_("ui.hr.reopened"),
            )
        return
    _calibrate(actor, period, employee_id, view)
    if not view.get("self_submitted") and not view.get("self_waived"):
        reason = _reason_form(
            f"hr_waive_{key}", tr("ui.hr.waive"), tr("ui.hr.reason"), tr("ui.hr.waive_save")
        )
        if reason is not None:
            ui.write(
                lambda s: appraisals.waive_self(s, actor, employee_id, period, reason),
                N_("ui.hr.waived"),
            )
    if "interview_required" in row["flags"] or view.get("interview_plan"):
        plan = _reason_form(
            f"hr_interview_{key}",
            tr("ui.hr.interview"),
            tr("ui.hr.interview_plan"),
            tr("ui.hr.interview_save"),
            value=view.get("interview_plan") or "",
        )
        if plan is not None:
            ui.write(
                lambda s: appraisals.record_interview(s, actor, employee_id, period, plan),
                N_("ui.hr.interview_saved"),
            )
    if state_id == "reviewed" and st.button(
        tr("ui.hr.finalise_one"), type="primary", icon=":material/task_alt:", key=f"_hr_fin_{key}"
    ):
        ui.write(
            lambda s: appraisals.finalise(s, actor, period, employee_id), N_("ui.hr.finalised_one")
        )


def _person(actor: Actor, period: Period, board: pd.DataFrame, employee_id: str) -> None:
    """One appraisal: what is waiting and on whom, the parts, and HR's actions."""
    row = board[board["employee_id"] == employee_id].iloc[0]
    try:
        with state.unit_of_work() as session:
            view = appraisals.appraisal_view(session, actor, employee_id, period)
            history = appraisals.history_frame(session, actor, employee_id)
    except KpiError as exc:
        show_error(exc)
        return
    ui.state_badge(view["state"])
    if view["state"] != "finalised":
        step = waiting_for(view["state"], row["grade"], list(row["flags"]))
        st.info(
            tr("ui.hr.waiting_for", step=tr(f"payroll.missing.{step}")), icon=":material/pending:"
        )
    if row["flags"]:
        st.warning(flag_names(row["flags"]), icon=":material/flag:")
    ui.show_result(row)
    left, right = st.columns(2, gap="large")
    with left:
        st.subheader(tr("ui.appraisal.self_title"), anchor=False)
        ui.show_self(view)
        st.subheader(tr("ui.appraisal.review_title"), anchor=False)
        ui.show_review(view)
        if view.get("calibration_reason"):
            st.caption(tr("ui.hr.calibration_reason", reason=literal(view["calibration_reason"])))
    with right:
        _actions(actor, period, employee_id, row, view)
    with st.expander(tr("ui.hr.kpis")):
        card = state.month(period, actor).scorecard
        ui.scorecard_table(card[card["employee_id"] == employee_id], compact=False)
    with st.expander(tr("ui.hr.history")):
        shown = history.assign(state=[state_name(x) for x in history["state"]])
        shown.columns = [tr(f"ui.hr.h.{c}") for c in history.columns]
        st.dataframe(shown, hide_index=True, width="stretch", placeholder=DASH)


def _distribution_tab(board: pd.DataFrame) -> None:
    policy = reads.policy()
    grades = hr_board.grades_before_after(board, policy)
    chart = hr_board.distribution_chart(grades, projected="projected" in board.columns)
    st.altair_chart(chart, width="stretch", height=340)
    charts.download_png(chart.to_dict(), "grade-distribution.png", "hr_distribution_png")
    st.caption(tr("ui.dist.note"))
    st.subheader(tr("ui.dist.per_supervisor"), anchor=False)
    per = hr_board.per_supervisor(board)
    if per.empty:
        st.info(tr("ui.dist.no_scores"), icon=":material/info:")
    else:
        st.dataframe(
            per,
            hide_index=True,
            width="stretch",
            column_config={
                tr("ui.dist.mean_final"): st.column_config.NumberColumn(format="%.1f"),
                tr("ui.dist.mean_review"): st.column_config.NumberColumn(format="%.1f"),
            },
        )
    total = sum((v for v in board["bonus_amount"] if v is not None and not pd.isna(v)), start=0)
    cols = st.columns(2)
    cols[0].metric(tr("ui.dist.total_bonus"), money(total, cents=True), border=True)
    if policy.bonus_budget is not None:
        left = policy.bonus_budget - total
        cols[1].metric(
            tr("ui.dist.budget"),
            money(policy.bonus_budget, cents=True),
            delta=tr("ui.dist.budget_left", amount=money(left, cents=True)),
            delta_color="normal" if left >= 0 else "inverse",
            border=True,
        )
    else:
        cols[1].caption(tr("ui.dist.no_budget"))


def _annual_tab(actor: Actor, today: date) -> None:
    years = [today.year, today.year - 1]
    column, _ = st.columns([1, 3])
    year = column.selectbox(tr("ui.annual.year"), years, key="_hr_year")
    frame = reads.annual(actor, int(year))
    if frame.empty:
        st.info(tr("ui.annual.none", year=year), icon=":material/info:")
        return
    year_to_date = frame["status"] == "year_to_date"
    if year_to_date.any():
        # SPEC §5: figures with a month not finalised are "year to date" and carry no award.
        st.badge(tr("ui.annual.ytd_badge"), icon=":material/hourglass_top:", color="orange")
    label = reads.labeller()
    table = pd.DataFrame(
        {
            tr("ui.col.employee"): [label(e) for e in frame["employee_id"]],
            tr("ui.annual.months"): frame["months"],
            tr("ui.annual.employed"): frame["months_employed"],
            tr("ui.annual.score"): [None if v is None else float(v) for v in frame["annual_score"]],
            tr("ui.col.grade"): frame["grade"],
            tr("ui.annual.status"): [tr(f"ui.annual.status.{v}") for v in frame["status"]],
            tr("ui.annual.award"): frame["annual_award"],
        }
    ).sort_values(tr("ui.annual.score"), ascending=False, na_position="last")
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={tr("ui.annual.score"): st.column_config.NumberColumn(format="%.1f")},
    )
    st.caption(tr("ui.annual.note"))
    if year_to_date.any():
        st.caption(tr("ui.annual.ytd_note", count=int(year_to_date.sum())))


def render() -> None:
    actor = require_actor()
    st.title(tr("ui.page.hr"), anchor=False)
    today = clock.today()
    period = ui.month_picker(PERIOD_KEY, todo.appraisal_period(today), count=12)
    month = state.month(period, actor)
    board = month.appraisals
    # Tables and the distribution show where the pace leads; actions keep the real rows.
    shown = running.projected_board(month)
    if running.running(month):
        st.info(tr("running.hr_note", month=str(period)), icon=":material/timelapse:")
    tabs = st.tabs(
        [
            tr("ui.hr.tab_board"),
            tr("ui.hr.tab_distribution"),
            tr("ui.hr.tab_close"),
            tr("ui.hr.tab_annual"),
            tr("ui.hr.tab_plans"),
        ]
    )
    if board.empty:
        for tab in tabs[:3]:
            tab.info(tr("ui.hr.empty", period=str(period)), icon=":material/info:")
    else:
        with tabs[0]:
            _board_tab(actor, period, shown)
        with tabs[1]:
            _distribution_tab(shown)
        with tabs[2]:
            month_close.render(actor, period, board)
    with tabs[3]:
        _annual_tab(actor, today)
    with tabs[4]:
        commission_plans.render(actor, Period.of(today))


render()
