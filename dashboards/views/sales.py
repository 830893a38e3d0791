"""Sales: net sales against target, the commission statement with every tier slice and
clawback line, and the telesales funnel (calls → effective → intent → deals).

Targets and attainment come from the month's scorecard, commission from the engine's
statement opened into slices by `core.commission.tier_slices` — nothing is recomputed here.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import streamlit as st

from core.i18n import N_
from core.month import MonthResult
from dashboards import charts
from dashboards.charts import ROLE_COLORS, Context
from dashboards.state import tr
from dashboards.widgets import floats, kpi_name, money, money_column, rate_column
from data.services.analytics import commission_lines

ROLE = "sales"
HEADLINE = ("net_sales", "orders", "new_customers", "call_conversion")
FUNNEL = ("calls", "effective_calls", "intent_customers", "deals")
CALLER_KPIS = (*FUNNEL, "call_conversion", "sales_cycle_days")
SALES_KPIS = ("net_sales", "target_attainment", "orders", "aov", "new_customers", "repeat_rate")


def target_chart(ctx: Context, result: MonthResult) -> None:
    """Each person's net sales as a bar with their (prorated) target as a tick."""
    card = ctx.mine(result.scorecard)
    card = card[card["kpi_id"] == "net_sales"].assign(
        name=lambda f: f["employee_id"].map(ctx.names)
    )
    if card.dropna(subset=["actual"]).empty:
        charts.empty(N_("roles.empty.orders"), month=str(ctx.period))
        return
    chart = charts.build(
        charts.bar_chart,
        card.fillna({"actual": 0.0}),
        "name",
        "net_sales",
        tr("roles.sales.target_title", month=str(ctx.period)),
        tr("roles.col.seller"),
        value="actual",
        target="target",
        target_title=tr("roles.col.target"),
        subtitle=tr("roles.sales.target_note"),
    )
    charts.show_chart(chart, f"net-sales-vs-target-{ctx.period}.png", key="sales_target_png")
    if ctx.days_covered is not None:
        st.caption(tr("roles.sales.target_note_live"))


def funnel(ctx: Context) -> None:
    month = ctx.trend[ctx.trend["period"] == str(ctx.period)].set_index("kpi_id")["actual"]
    values = [month.get(k) for k in FUNNEL]
    if values[0] is None or pd.isna(values[0]):
        charts.empty(N_("roles.empty.calls"), month=str(ctx.period))
        return
    stages = pd.DataFrame(
        {
            "stage": [kpi_name(k) for k in FUNNEL],
            "value": [0.0 if v is None or pd.isna(v) else float(v) for v in values],
            "order": range(len(FUNNEL)),
        }
    )
    chart = charts.build(
        charts.funnel_chart,
        stages,
        tr("roles.sales.funnel_title", month=str(ctx.period)),
        tr("roles.sales.funnel_subtitle"),
        tr("roles.axis.stage"),
        tr("roles.axis.count"),
        ROLE_COLORS[ROLE],
    )
    charts.show_chart(chart, f"telesales-funnel-{ctx.period}.png", key="sales_funnel_png")


def _line_label(row: pd.Series) -> str:
    """What a statement line is: a tier band, the strategic flat rate, or a clawback."""
    if row["kind"] == "tier":
        if pd.isna(row["upper"]) or row["upper"] is None:
            return tr("roles.sales.tier_above", lower=money(row["lower"]))
        return tr("roles.sales.tier_band", lower=money(row["lower"]), upper=money(row["upper"]))
    return tr(f"roles.sales.kind.{row['kind']}")


def commission_totals(ctx: Context, statement: pd.DataFrame) -> None:
    """What each person is paid this month, by kind of line (sums of cent-rounded lines)."""
    by_kind = (
        statement.groupby(["employee_id", "kind"])["amount"]
        .agg(lambda s: sum(s, Decimal(0)))
        .unstack(fill_value=Decimal(0))
        .reindex(columns=["tier", "strategic", "clawback"], fill_value=Decimal(0))
    )
    by_kind["total"] = by_kind.sum(axis=1)
    if len(by_kind) == 1:
        total = by_kind["total"].iloc[0]
        st.metric(
            tr("roles.sales.commission_metric", month=str(ctx.period)), money(total, cents=True)
        )
        return
    frame = floats(by_kind.reset_index(), ["tier", "strategic", "clawback", "total"])
    frame.insert(1, "name", frame["employee_id"].map(ctx.names))
    charts.table(
        frame,
        {
            **charts.people_columns(),
            "tier": money_column(tr("roles.sales.kind.tier")),
            "strategic": money_column(tr("roles.sales.kind.strategic")),
            "clawback": money_column(tr("roles.sales.kind.clawback")),
            "total": money_column(tr("roles.sales.total")),
        },
    )


def commission(ctx: Context, result: MonthResult) -> None:
    """Totals per person, then every line: tier slices (exact), strategic and clawbacks."""
    statement = ctx.mine(result.statement)
    if statement.empty:
        charts.empty(N_("roles.empty.commission"), month=str(ctx.period))
        return
    commission_totals(ctx, statement)
    lines = commission_lines(statement, ctx.hist.policy)
    lines["person"] = lines["employee_id"].map(ctx.names)
    lines["line"] = lines.apply(_line_label, axis=1)
    frame = floats(lines, ["rate", "base", "amount"])
    charts.table(
        frame[["person", "sales_period", "line", "base", "rate", "amount"]],
        {
            "person": st.column_config.TextColumn(tr("roles.col.seller")),
            "sales_period": st.column_config.TextColumn(tr("roles.col.sales_month")),
            "line": st.column_config.TextColumn(tr("roles.col.line")),
            "base": money_column(tr("roles.col.base")),
            "rate": rate_column(tr("roles.col.rate")),
            "amount": money_column(tr("roles.col.amount")),
        },
    )
    st.caption(tr("roles.sales.commission_note"))


def people_table(ctx: Context, result: MonthResult, kpis: tuple[str, ...], empty_key: str) -> None:
    """One row per person who has the table's first KPI (orders or calls) this month."""
    frame = charts.kpi_table(ctx.mine(result.actuals), kpis, ctx.names)
    frame = frame.dropna(subset=[kpis[0]])
    charts.table(
        frame,
        {**charts.people_columns(), **charts.kpi_columns(kpis)},
        empty_key,
        month=str(ctx.period),
    )


def main() -> None:
    ctx = charts.start_page(N_("roles.sales.title"), N_("roles.sales.caption"), ROLE, HEADLINE)
    if ctx is None:
        return
    result = ctx.month()
    left, right = st.columns(2)
    with left:
        target_chart(ctx, result)
    with right:
        funnel(ctx)
    st.subheader(tr("roles.sales.sellers"))
    people_table(ctx, result, SALES_KPIS, N_("roles.empty.orders"))
    st.subheader(tr("roles.sales.commission", month=str(ctx.period)))
    commission(ctx, result)
    st.subheader(tr("roles.sales.callers"))
    people_table(ctx, result, CALLER_KPIS, N_("roles.empty.calls"))


main()
