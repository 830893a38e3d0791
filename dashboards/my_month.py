"""'My month' at the top of an employee's Home (SPEC §10): the projected grade → bonus % → ¥,
commission to date and projected, and what it takes to the next grade and tier; the final
result instead once the month is finalised.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import streamlit as st

from core.periods import Period
from core.permissions import Actor
from core.policy import Policy
from core.projection import is_running
from dashboards import reads, state
from dashboards.state import tr
from dashboards.widgets import money, number, score_text
from data import clock


def _next_grade(grade: str, policy: Policy) -> str | None:
    names = [band.grade for band in policy.grades]
    index = names.index(grade) if grade in names else 0
    return names[index - 1] if index > 0 else None


def _next_rate(base: Decimal, gap: Decimal, policy: Policy) -> str:
    """The rate of the tier that starts `gap` above `base` (its lower bound), e.g. '1.5%'."""
    lower = Decimal(0)
    for tier in policy.monthly_plan.tiers:
        if lower >= base + gap:
            return f"{(tier.rate * 100).normalize():f}%"
        lower = tier.upper if tier.upper is not None else lower
    return "—"


def _final(row: pd.Series, period: Period) -> None:
    """The finalised result: what payroll pays, not a projection."""
    st.subheader(tr("running.my_month_final", period=str(period)), anchor=False)
    cols = st.columns(3)
    cols[0].metric(
        tr("ui.home.final"), f"{score_text(row['final_score'])} · {row['grade']}", border=True
    )
    cols[1].metric(
        tr("running.bonus"),
        f"{number(row['bonus_pct'])}% → {money(row['bonus_amount'], cents=True)}",
        border=True,
    )
    cols[2].metric(tr("running.commission"), money(row["commission"], cents=True), border=True)


def _projected(row: pd.Series, period: Period, policy: Policy, sells: bool) -> None:
    e, big = int(row["days_elapsed"]), int(row["days_employed"])
    st.subheader(
        tr("running.my_month", period=str(period), day=e, days=big),
        anchor=False,
    )
    grade = row["projected_grade"]
    cols = st.columns(3 if sells else 2)
    cols[0].metric(
        tr("running.projected_grade"),
        f"{grade or '—'} · {score_text(row['projected_kpi_score'])}",
        help=tr("running.projected_grade_help"),
        border=True,
    )
    bonus = (
        f"{number(row['projected_bonus_pct'])}% → {money(row['projected_bonus_amount'], cents=True)}"
        if grade
        else "—"
    )
    cols[1].metric(tr("running.projected_bonus"), bonus, help=tr("running.bonus_help"), border=True)
    if sells:
        cols[2].metric(
            tr("running.commission_to_date"),
            money(row["commission_to_date"], cents=True),
            delta=tr(
                "running.projected_value", value=money(row["projected_commission"], cents=True)
            ),
            delta_color="off",
            delta_arrow="off",
            help=tr("running.commission_help"),
            border=True,
        )
    steps = []
    if grade and pd.isna(row["points_to_next_grade"]):
        steps.append(tr("running.top_grade", grade=grade))
    if grade and pd.notna(row["points_to_next_grade"]):
        steps.append(
            tr(
                "running.to_next_grade",
                points=score_text(row["points_to_next_grade"]),
                grade=_next_grade(grade, policy),
            )
        )
    gap = row["sales_to_next_tier"]
    if sells and gap is not None and not pd.isna(gap):
        base = Decimal(str(row["commission_base"]))
        steps.append(
            tr(
                "running.to_next_tier",
                amount=money(gap),
                rate=_next_rate(base, Decimal(gap), policy),
            )
        )
    for step in steps:
        st.markdown(f"- {step}")
    st.caption(tr("running.assumes_reviews"))


def render(actor: Actor, employee_id: str) -> None:
    """The running month for `employee_id`, or its final result once finalised."""
    today = clock.today()
    period = Period.of(today)
    month = state.month(period, actor)
    board = month.appraisals
    mine = board[board["employee_id"] == employee_id]
    estimate = month.estimate
    row = estimate[estimate["employee_id"] == employee_id] if not estimate.empty else estimate
    with st.container(border=True, key="my_month"):
        if len(mine) and mine.iloc[0]["state"] == "finalised":
            _final(mine.iloc[0], period)
            return
        if row.empty or not is_running(period, today):
            st.subheader(tr("running.my_month_none", period=str(period)), anchor=False)
            st.caption(tr("running.not_appraised"))
            return
        data = row.iloc[0]
        sells = actor.role == "sales" or bool(Decimal(str(data["commission_to_date"])) > 0)
        _projected(data, period, reads.policy(), sells)
