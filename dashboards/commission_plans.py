"""HR assigns commission plans (SPEC §11): who is paid monthly or quarterly, marginal or whole,
from which month; the payout, the statement and the calculator all read these assignments."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.i18n import N_
from core.periods import Period
from core.permissions import Actor
from dashboards import appraisal_ui as ui
from dashboards import reads, state
from dashboards.state import tr
from dashboards.widgets import labels_for
from data.services import ledger

PLANS = ("monthly", "quarterly")
MODES = ("marginal", "whole")


def render(actor: Actor, today_period: Period) -> None:
    names = reads.names()
    with state.unit_of_work() as session:
        plans = ledger.plans_frame(session)
        closed = ledger.closed_periods(session)
    st.caption(tr("ui.plans.note"))
    if plans.empty:
        st.info(tr("ui.plans.none"), icon=":material/info:")
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    tr("ui.col.employee"): [
                        f"{names.get(e, e)} ({e})" for e in plans["employee_id"]
                    ],
                    tr("ui.plans.since"): plans["since"],
                    tr("ui.plans.plan"): [tr(f"ui.plans.plan_{p}") for p in plans["plan"]],
                    tr("ui.plans.mode"): [tr(f"ui.plans.mode_{m}") for m in plans["mode"]],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    ids = sorted(names, key=lambda e: names[e])
    # A plan starts in a month whose payroll is still open (closed runs never change).
    first = max(Period.parse(closed[-1]).next(), today_period) if closed else today_period
    months = [first, first.next(), first.next().next()]
    with st.form("hr_plan_form"):
        cols = st.columns([2, 1, 1, 1])
        employee_id = cols[0].selectbox(
            tr("ui.col.employee"), ids, format_func=labels_for(ids, lambda e: f"{names[e]} ({e})")
        )
        plan = cols[1].selectbox(
            tr("ui.plans.plan"),
            PLANS,
            format_func=labels_for(PLANS, lambda p: tr(f"ui.plans.plan_{p}")),
        )
        mode = cols[2].selectbox(
            tr("ui.plans.mode"),
            MODES,
            format_func=labels_for(MODES, lambda m: tr(f"ui.plans.mode_{m}")),
        )
        since = cols[3].selectbox(tr("ui.plans.since"), months, format_func=str)
        if st.form_submit_button(tr("ui.plans.save"), type="primary"):
            ui.write(
                lambda s: ledger.set_plan(s, actor, employee_id, plan, mode, since),
                N_("ui.plans.saved"),
                name=names.get(employee_id, employee_id),
            )
