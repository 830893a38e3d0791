"""HR's month board (综合评定): states, composite, deductions, flags; calibrate, waive, interview,
finalise, reopen, distribution and budget, payroll and annual roll-up — each a service call.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from core.errors import KpiError
from core.periods import Period
from core.permissions import Actor
from dashboards import appraisal_ui as ui
from dashboards import hr_board, reads, state
from dashboards.state import require_actor, tr
from dashboards.widgets import DASH, flag_names, labels_for, lang_key, money, show_error, state_name
from data.exports import payroll_xlsx, to_csv
from data.services import appraisals, reports, todo

PERIOD_KEY = "hr_period"
PERSON_KEY = "hr_person"
STATES = ["open", "self_submitted", "reviewed", "finalised"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
                lambda s: appraisals.finalise(s, actor, period), "ui.hr.finalised_all", rerun=False
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
            ui.write(lambda s: appraisals.reapply_rules(s, actor, period), "ui.hr.reapplied")


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


@st.fragment
def _filtered_board(board: pd.DataFrame, key: state.MonthKey) -> None:
    """Filters and table rerun on their own: narrowing the board recomputes nothing else."""
    left, right, _ = st.columns([1, 1, 1])
    states = left.multiselect(
        tr("ui.hr.filter_state"),
        STATES,
        format_func=labels_for(STATES, state_name),
        key=lang_key("_hr_filter_state"),
        placeholder=tr("ui.hr.filter_all"),
    )
    flags = sorted({f for fs in board["flags"] for f in fs})
    chosen_flags = right.multiselect(
        tr("ui.hr.filter_flag"),
        flags,
        format_func=labels_for(flags, flag_names),
        key=lang_key("_hr_filter_flag"),
        placeholder=tr("ui.hr.filter_all"),
    )
    keep = pd.Series(True, index=board.index)
    if states:
        keep &= board["state"].isin(states)
    if chosen_flags:
        keep &= [any(f in fs for f in chosen_flags) for fs in board["flags"]]
    shown = hr_board.cached_frame(key, state.lang(), board)[keep.to_numpy()]
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * max(len(shown), 1), 740),
        column_config=hr_board.board_config(),
        placeholder=DASH,
    )


def _board_tab(actor: Actor, period: Period, board: pd.DataFrame) -> None:
    _summary(board)
    _filtered_board(board, state.month_key(period, actor))
    with st.container(horizontal=True):
        _finalise_all(actor, period)
        _reapply(actor, period)
    _last_finalise()


def _calibrate(actor: Actor, period: Period, employee_id: str, view: dict[str, Any]) -> None:
    with st.form(f"hr_cal_{employee_id}_{period}"):
        st.markdown(f"**{tr('ui.hr.calibrate')}**")
        points = st.number_input(
            tr("ui.hr.points"),
            min_value=-120.0,
            max_value=120.0,
            step=0.5,
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
                "ui.hr.calibrated",
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
                lambda s: appraisals.reopen(s, actor, employee_id, period, reason), "ui.hr.reopened"
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
                "ui.hr.waived",
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
                "ui.hr.interview_saved",
            )
    if state_id == "reviewed" and st.button(
        tr("ui.hr.finalise_one"), type="primary", icon=":material/task_alt:", key=f"_hr_fin_{key}"
    ):
        ui.write(
            lambda s: appraisals.finalise(s, actor, period, employee_id), "ui.hr.finalised_one"
        )


def _person_tab(actor: Actor, period: Period, board: pd.DataFrame) -> None:
    ids = board["employee_id"].tolist()
    chosen = st.session_state.get(PERSON_KEY)
    column, _ = st.columns([1, 2])
    employee_id = column.selectbox(
        tr("ui.review.person"),
        ids,
        index=ids.index(chosen) if chosen in ids else 0,
        format_func=labels_for(ids, reads.labeller()),
        key="_hr_person_widget",
    )
    st.session_state[PERSON_KEY] = employee_id
    row = board[board["employee_id"] == employee_id].iloc[0]
    try:
        with state.unit_of_work() as session:
            view = appraisals.appraisal_view(session, actor, employee_id, period)
            history = appraisals.history_frame(session, actor, employee_id)
    except KpiError as exc:
        show_error(exc)
        return
    ui.state_badge(view["state"])
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
            st.caption(tr("ui.hr.calibration_reason", reason=view["calibration_reason"]))
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
    st.altair_chart(hr_board.distribution_chart(grades), width="stretch", height=340)
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


def _payroll_tab(actor: Actor, period: Period, board: pd.DataFrame) -> None:
    finalised = int((board["state"] == "finalised").sum())
    st.metric(tr("ui.payroll.finalised"), f"{finalised} / {len(board)}", border=True)
    st.caption(tr("ui.payroll.note"))
    lang = state.lang()  # the file is built when clicked, outside this run: capture now

    def frame() -> pd.DataFrame:
        with state.unit_of_work() as session:
            return reports.payroll_frame(session, actor, period)

    with st.container(horizontal=True):
        st.download_button(
            tr("ui.payroll.xlsx"),
            data=lambda: payroll_xlsx(frame(), str(period), lang),
            file_name=f"payroll-{period}.xlsx",
            mime=XLSX,
            icon=":material/download:",
            on_click="ignore",
            type="primary",
            key="_hr_payroll_xlsx",
        )
        st.download_button(
            tr("ui.payroll.csv"),
            data=lambda: to_csv(frame()),
            file_name=f"payroll-{period}.csv",
            mime="text/csv",
            icon=":material/download:",
            on_click="ignore",
            key="_hr_payroll_csv",
        )


def _annual_tab(actor: Actor, today: date) -> None:
    years = [today.year, today.year - 1]
    column, _ = st.columns([1, 3])
    year = column.selectbox(tr("ui.annual.year"), years, key="_hr_year")
    frame = reads.annual(actor, int(year))
    if frame.empty:
        st.info(tr("ui.annual.none", year=year), icon=":material/info:")
        return
    label = reads.labeller()
    table = pd.DataFrame(
        {
            tr("ui.col.employee"): [label(e) for e in frame["employee_id"]],
            tr("ui.annual.months"): frame["months"],
            tr("ui.annual.score"): [float(v) for v in frame["annual_score"]],
            tr("ui.col.grade"): frame["grade"],
            tr("ui.annual.award"): frame["annual_award"],
        }
    ).sort_values(tr("ui.annual.score"), ascending=False)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={tr("ui.annual.score"): st.column_config.NumberColumn(format="%.1f")},
    )
    st.caption(tr("ui.annual.note"))


def render() -> None:
    actor = require_actor()
    st.title(tr("ui.page.hr"), anchor=False)
    today = date.today()
    period = ui.month_picker(PERIOD_KEY, todo.appraisal_period(today), count=12)
    board = state.month(period, actor).appraisals
    tabs = st.tabs(
        [
            tr("ui.hr.tab_board"),
            tr("ui.hr.tab_person"),
            tr("ui.hr.tab_distribution"),
            tr("ui.hr.tab_payroll"),
            tr("ui.hr.tab_annual"),
        ]
    )
    if board.empty:
        for tab in tabs[:4]:
            tab.info(tr("ui.hr.empty", period=str(period)), icon=":material/info:")
    else:
        with tabs[0]:
            _board_tab(actor, period, board)
        with tabs[1]:
            _person_tab(actor, period, board)
        with tabs[2]:
            _distribution_tab(board)
        with tabs[3]:
            _payroll_tab(actor, period, board)
    with tabs[4]:
        _annual_tab(actor, today)


render()
