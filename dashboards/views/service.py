"""Customer service: response timeliness, the first-response distribution against the SLA,
complaints and their resolution, and satisfaction by agent, with the SLA settings in view.

Each ticket is judged by `core.kpis.service_kpis` itself (see `data.services.analytics`),
so the histogram's "within SLA" is exactly what the agents' rates count.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.i18n import N_
from dashboards import charts
from dashboards.charts import ROLE_COLORS, Context
from dashboards.state import tr
from dashboards.widgets import kpi_name, number
from data.services import analytics

ROLE = "cs"
HEADLINE = ("response_timeliness", "first_response_s", "complaint_resolution", "csat")
AGENT_KPIS = (
    "response_timeliness",
    "first_response_s",
    "answer_accuracy",
    "complaint_resolution",
    "complaint_timeliness",
    "csat",
)
OUTCOMES = ("resolved_in_sla", "resolved_late", "unresolved")


def sla_settings(ctx: Context) -> None:
    """The policy the rates are measured against, so nobody has to ask what "on time" means."""
    policy = ctx.hist.policy
    st.info(
        tr(
            "roles.cs.sla",
            response=number(policy.response_sla_seconds),
            complaint=number(policy.complaint_sla_hours),
            rating=policy.satisfied_rating,
        ),
        icon=":material/timer:",
    )


def response_histogram(ctx: Context, tickets: pd.DataFrame) -> None:
    sla = float(ctx.hist.policy.response_sla_seconds)
    answered = tickets.dropna(subset=["first_response_s"])
    if answered.empty:
        charts.empty(N_("roles.empty.tickets"), month=str(ctx.period))
        return
    ceiling = sla * 5
    values = pd.DataFrame({"seconds": answered["first_response_s"].clip(upper=ceiling)})
    chart = charts.build(
        charts.histogram_chart,
        values,
        "seconds",
        tr("roles.cs.histogram_title", month=str(ctx.period)),
        tr("roles.axis.first_response_s"),
        tr("roles.axis.tickets"),
        ROLE_COLORS[ROLE],
        threshold=sla,
        threshold_label=tr("roles.cs.sla_line", seconds=number(sla)),
        step=max(sla / 6, 1.0),
    )
    charts.show_chart(chart, f"first-response-{ctx.period}.png", key="cs_hist_png")
    unanswered = int(tickets["first_response_s"].isna().sum())
    st.caption(
        tr(
            "roles.cs.histogram_note",
            ceiling=number(ceiling),
            unanswered=number(unanswered),
            within=number(int(tickets["within_sla"].eq(1.0).sum())),
            total=number(len(tickets)),
        )
    )


def csat_by_agent(ctx: Context, agents: pd.DataFrame) -> None:
    rated = agents.dropna(subset=["csat"])
    if rated.empty:
        charts.empty(N_("roles.empty.ratings"), month=str(ctx.period))
        return
    chart = charts.build(
        charts.bar_chart,
        rated,
        "name",
        "csat",
        tr("roles.cs.csat_title", month=str(ctx.period)),
        tr("roles.col.agent"),
        value="csat",
    )
    charts.show_chart(chart, f"csat-by-agent-{ctx.period}.png", key="cs_csat_png")


def complaints_chart(ctx: Context, counts: pd.DataFrame) -> None:
    """Complaints per agent split into resolved within SLA, resolved late and still open."""
    if counts["complaints"].sum() == 0:
        charts.empty(N_("roles.empty.complaints"), month=str(ctx.period))
        return
    parts = pd.DataFrame(
        {
            "name": counts["employee_id"].map(ctx.names),
            "resolved_in_sla": counts["resolved_in_sla"],
            "resolved_late": counts["resolved"] - counts["resolved_in_sla"],
            "unresolved": counts["open"],
        }
    ).melt(id_vars="name", var_name="outcome", value_name="count")
    chart = charts.build(
        charts.stacked_chart,
        parts[parts["count"] > 0],
        "name",
        "outcome",
        {k: tr(f"roles.cs.outcome.{k}") for k in OUTCOMES},
        tr("roles.cs.complaints_title", month=str(ctx.period)),
        tr("roles.col.agent"),
        tr("roles.axis.complaints"),
        tr("roles.col.outcome"),
    )
    charts.show_chart(chart)


def agent_table(ctx: Context, agents: pd.DataFrame, counts: pd.DataFrame) -> None:
    frame = agents.merge(
        counts[["employee_id", "tickets", "complaints", "open"]], on="employee_id", how="left"
    )
    charts.table(
        frame,
        {
            **charts.people_columns(),
            **charts.kpi_columns(AGENT_KPIS),
            "tickets": st.column_config.NumberColumn(tr("roles.col.tickets"), format="%,d"),
            "complaints": st.column_config.NumberColumn(tr("roles.col.complaints"), format="%,d"),
            "open": st.column_config.NumberColumn(tr("roles.col.open_complaints"), format="%,d"),
        },
        N_("roles.empty.tickets"),
        month=str(ctx.period),
    )


def open_complaints(ctx: Context, tickets: pd.DataFrame) -> None:
    st.markdown("**" + tr("roles.cs.open_title") + "**")
    complaints = tickets[tickets["is_complaint"] & ~tickets["resolved"].eq(1.0)]
    if complaints.empty:
        st.caption(tr("roles.cs.no_open_complaints"))
        return
    frame = complaints.assign(agent=complaints["employee_id"].map(ctx.names))
    charts.table(
        frame[["ticket_id", "agent", "created_at", "first_response_at", "rating"]],
        {
            "ticket_id": st.column_config.TextColumn(tr("roles.col.ticket")),
            "agent": st.column_config.TextColumn(tr("roles.col.agent")),
            "created_at": st.column_config.DatetimeColumn(
                tr("roles.col.created"), format="YYYY-MM-DD HH:mm"
            ),
            "first_response_at": st.column_config.DatetimeColumn(
                tr("roles.col.first_response"), format="YYYY-MM-DD HH:mm"
            ),
            "rating": st.column_config.NumberColumn(tr("roles.col.rating"), format="%d"),
        },
    )


def main() -> None:
    ctx = charts.start_page(N_("roles.cs.title"), N_("roles.cs.caption"), ROLE, HEADLINE)
    if ctx is None:
        return
    sla_settings(ctx)
    tickets = ctx.read("ticket_detail", ctx.person)
    if tickets.empty:
        charts.empty(N_("roles.empty.tickets"), month=str(ctx.period))
        return
    agents = charts.kpi_table(ctx.mine(ctx.month().actuals), AGENT_KPIS, ctx.names)
    counts = analytics.complaint_counts(tickets)
    left, right = st.columns(2)
    with left:
        response_histogram(ctx, tickets)
    with right:
        csat_by_agent(ctx, agents)
    st.subheader(tr("roles.cs.complaints", month=str(ctx.period)))
    left, right = st.columns(2)
    with left:
        complaints_chart(ctx, counts)
    with right:
        open_complaints(ctx, tickets)
    st.subheader(tr("roles.cs.agents"))
    st.caption(tr("roles.cs.agents_note", kpi=kpi_name("response_timeliness")))
    agent_table(ctx, agents, counts)


main()
