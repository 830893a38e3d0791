"""Design: tasks due and delivered, on-time rate, quality and revisions per designer, and the
late-task list a supervisor chases.

Each task's on-time verdict is `core.kpis.design_kpis` run on that task alone, so the list
and the chart agree with the on-time rate to the task.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.i18n import N_
from dashboards import charts
from dashboards.charts import Context
from dashboards.state import tr
from dashboards.widgets import kpi_name
from data.services.analytics import TASK_STATUSES, task_counts

ROLE = "designer"
HEADLINE = ("on_time_rate", "quality_score", "revision_rounds")
DESIGNER_KPIS = ("on_time_rate", "quality_score", "revision_rounds")


def status_chart(ctx: Context, counts: pd.DataFrame) -> None:
    """Tasks due in the month per designer, coloured by on time / late / overdue / open."""
    parts = (
        counts.assign(name=counts["employee_id"].map(ctx.names))
        .melt(id_vars="name", value_vars=list(TASK_STATUSES), var_name="status", value_name="count")
        .query("count > 0")
    )
    chart = charts.build(
        charts.stacked_chart,
        parts,
        "name",
        "status",
        {s: tr(f"roles.design.status.{s}") for s in TASK_STATUSES},
        tr("roles.design.status_title", month=str(ctx.period)),
        tr("roles.col.designer"),
        tr("roles.axis.tasks"),
        tr("roles.col.status"),
    )
    charts.show_chart(chart, f"design-tasks-{ctx.period}.png", key="design_status_png")


def kpi_bars(ctx: Context, designers: pd.DataFrame) -> None:
    left, right = st.columns(2)
    for column, kpi_id in zip((left, right), ("quality_score", "revision_rounds"), strict=True):
        with column:
            rows = designers.dropna(subset=[kpi_id])
            if rows.empty:
                charts.empty(N_("roles.empty.delivered"), month=str(ctx.period))
                continue
            chart = charts.build(
                charts.bar_chart,
                rows,
                "name",
                kpi_id,
                tr("roles.design.kpi_title", kpi=kpi_name(kpi_id), month=str(ctx.period)),
                tr("roles.col.designer"),
                value=kpi_id,
            )
            charts.show_chart(chart)


def designer_table(ctx: Context, designers: pd.DataFrame, counts: pd.DataFrame) -> None:
    delivered = ctx.read("delivered_counts", ctx.person)
    frame = designers.merge(counts, on="employee_id", how="outer").merge(
        delivered, on="employee_id", how="left"
    )
    frame["name"] = frame["employee_id"].map(ctx.names)
    # One definition per number: due = on time + late + overdue + not yet due; delivered
    # counts deliveries in the month whatever their due day, so it need not match.
    count = {
        key: st.column_config.NumberColumn(tr(label), format="%d", help=tr(f"running.design.{key}"))
        for key, label in (
            ("due", N_("roles.col.due")),
            ("delivered", N_("roles.col.delivered")),
            ("on_time", N_("roles.design.status.on_time")),
            ("late", N_("roles.design.status.late")),
            ("overdue", N_("roles.design.status.overdue")),
            ("open", N_("roles.design.status.open")),
        )
    }
    columns = ["employee_id", "name", "due", "delivered", "on_time", "late", "overdue", "open"]
    charts.table(
        frame[[*columns, *DESIGNER_KPIS]],
        {**charts.people_columns(), **count, **charts.kpi_columns(DESIGNER_KPIS)},
        N_("roles.empty.tasks"),
        month=str(ctx.period),
    )


def late_list(ctx: Context, tasks: pd.DataFrame) -> None:
    late = tasks[tasks["status"].isin(["late", "overdue"])]
    if late.empty:
        st.success(tr("roles.design.no_late", month=str(ctx.period)), icon=":material/check:")
        return
    frame = late.assign(
        designer=late["employee_id"].map(ctx.names),
        status_name=late["status"].map(lambda s: tr(f"roles.design.status.{s}")),
    ).sort_values("days_late", ascending=False)
    charts.table(
        frame[["task_id", "designer", "due_date", "delivered_at", "days_late", "status_name"]],
        {
            "task_id": st.column_config.TextColumn(tr("roles.col.task")),
            "designer": st.column_config.TextColumn(tr("roles.col.designer")),
            "due_date": st.column_config.DateColumn(tr("roles.col.due_date"), format="YYYY-MM-DD"),
            "delivered_at": st.column_config.DatetimeColumn(
                tr("roles.col.delivered_at"), format="YYYY-MM-DD HH:mm"
            ),
            "days_late": st.column_config.NumberColumn(tr("roles.col.days_late"), format="%d"),
            "status_name": st.column_config.TextColumn(tr("roles.col.status")),
        },
    )


def main() -> None:
    ctx = charts.start_page(N_("roles.design.title"), N_("roles.design.caption"), ROLE, HEADLINE)
    if ctx is None:
        return
    tasks = ctx.read("task_detail", charts.today(), ctx.person)
    if tasks.empty:
        charts.empty(N_("roles.empty.tasks"), month=str(ctx.period))
        return
    counts = task_counts(tasks)
    designers = charts.kpi_table(ctx.mine(ctx.month().actuals), DESIGNER_KPIS, ctx.names)
    status_chart(ctx, counts)
    kpi_bars(ctx, designers)
    st.subheader(tr("roles.design.late", month=str(ctx.period)))
    late_list(ctx, tasks)
    st.subheader(tr("roles.design.designers"))
    designer_table(ctx, designers, counts)


main()
