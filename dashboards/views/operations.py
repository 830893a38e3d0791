"""Operations: the traffic funnel, conversion and sales growth by store and by owner, and the
month's campaigns with their participants, sales and conversion.

Store and campaign figures come from `core.kpis` run per store / per campaign by
`data.services.analytics`; the owner table is the month's engine result itself.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.i18n import N_
from core.periods import Period
from dashboards import charts
from dashboards.charts import ROLE_COLORS, Context
from dashboards.state import tr
from dashboards.widgets import kpi_name, money_column

ROLE = "ops"
HEADLINE = ("visitors", "store_conversion", "store_sales", "sales_growth")
OWNER_KPIS = (
    "visitors",
    "page_views",
    "store_conversion",
    "store_sales",
    "sales_growth",
    "campaign_participants",
    "campaign_sales",
    "campaign_conversion",
)


def funnel(ctx: Context) -> None:
    """Visitors → paying customers for the page's scope (paying = conversion × visitors)."""
    month = ctx.trend[ctx.trend["period"] == str(ctx.period)].set_index("kpi_id")["actual"]
    visitors, conversion = month.get("visitors"), month.get("store_conversion")
    if visitors is None or pd.isna(visitors):
        charts.empty(N_("roles.empty.traffic"), month=str(ctx.period))
        return
    paying = round(float(visitors) * float(conversion)) if pd.notna(conversion) else 0
    stages = pd.DataFrame(
        {
            "stage": [kpi_name("visitors"), tr("roles.ops.paying_customers")],
            "value": [float(visitors), float(paying)],
            "order": [0, 1],
        }
    )
    chart = charts.build(
        charts.funnel_chart,
        stages,
        tr("roles.ops.funnel_title", month=str(ctx.period)),
        tr("roles.ops.funnel_subtitle"),
        tr("roles.axis.stage"),
        tr("roles.axis.people"),
        ROLE_COLORS[ROLE],
    )
    charts.show_chart(chart)


def by_store(ctx: Context, stores: pd.DataFrame) -> None:
    """Growth and sales per store, then each store's conversion over twelve months."""
    store_title = tr("roles.col.store")
    left, right = st.columns(2)
    with left:
        chart = charts.build(
            charts.bar_chart,
            stores.dropna(subset=["sales_growth"]),
            "store",
            "sales_growth",
            tr("roles.ops.growth_title", month=str(ctx.period)),
            store_title,
            value="sales_growth",
        )
        charts.show_chart(chart)
    with right:
        chart = charts.build(
            charts.bar_chart,
            stores.dropna(subset=["store_sales"]),
            "store",
            "store_sales",
            tr("roles.ops.sales_title", month=str(ctx.period)),
            store_title,
            value="store_sales",
        )
        charts.show_chart(chart)
    history = ctx.read("store_trend", ctx.person)
    if not history.empty:
        series = history[history["kpi_id"] == "store_conversion"].rename(
            columns={"store": "series"}
        )
        chart = charts.build(
            charts.series_chart,
            series,
            "store_conversion",
            tr("roles.ops.conversion_trend_title"),
            tr("roles.axis.month"),
            store_title,
            running=str(Period.of(charts.today())),
        )
        charts.show_chart(chart, f"store-conversion-trend-{ctx.period}.png", key="ops_trend_png")


def conversion_by_store(ctx: Context, stores: pd.DataFrame) -> None:
    chart = charts.build(
        charts.bar_chart,
        stores.dropna(subset=["store_conversion"]),
        "store",
        "store_conversion",
        tr("roles.ops.conversion_title", month=str(ctx.period)),
        tr("roles.col.store"),
        value="store_conversion",
    )
    charts.show_chart(chart, f"store-conversion-{ctx.period}.png", key="ops_conv_png")


def store_table(ctx: Context, stores: pd.DataFrame) -> None:
    frame = stores.assign(owner=stores["owner_id"].map(ctx.names))
    charts.table(
        frame[
            [
                "store",
                "owner",
                "visitors",
                "paying_customers",
                "store_conversion",
                "store_sales",
                "previous_sales",
                "sales_change",
                "sales_growth",
            ]
        ],
        {
            "store": st.column_config.TextColumn(tr("roles.col.store")),
            "owner": st.column_config.TextColumn(tr("roles.col.owner")),
            "paying_customers": st.column_config.NumberColumn(
                tr("roles.ops.paying_customers"), format="%,d"
            ),
            "previous_sales": money_column(tr("roles.col.previous_sales"), cents=False),
            "sales_change": money_column(
                tr("roles.col.sales_change"), cents=False, help=tr("roles.ops.change_help")
            ),
            **charts.kpi_columns(("visitors", "store_conversion", "store_sales", "sales_growth")),
        },
    )


def owner_table(ctx: Context) -> None:
    actuals = ctx.mine(ctx.month().actuals)
    frame = charts.kpi_table(actuals, OWNER_KPIS, ctx.names)
    charts.table(
        frame,
        {**charts.people_columns(), **charts.kpi_columns(OWNER_KPIS)},
        N_("roles.empty.owners"),
        month=str(ctx.period),
    )


def campaign_table(ctx: Context) -> None:
    campaigns = ctx.read("campaign_breakdown", ctx.person)
    frame = campaigns.assign(owner=campaigns["owner_id"].map(ctx.names))
    kpis = ("campaign_participants", "campaign_sales", "campaign_conversion")
    charts.table(
        frame[["name", "campaign_id", "owner", "start_date", "end_date", *kpis]],
        {
            "name": st.column_config.TextColumn(tr("roles.col.campaign")),
            "campaign_id": st.column_config.TextColumn(tr("roles.col.campaign_id")),
            "owner": st.column_config.TextColumn(tr("roles.col.owner")),
            "start_date": st.column_config.DateColumn(tr("roles.col.start"), format="YYYY-MM-DD"),
            "end_date": st.column_config.DateColumn(tr("roles.col.end"), format="YYYY-MM-DD"),
            **charts.kpi_columns(kpis),
        },
        N_("roles.empty.campaigns"),
        month=str(ctx.period),
    )


def main() -> None:
    ctx = charts.start_page(N_("roles.ops.title"), N_("roles.ops.caption"), ROLE, HEADLINE)
    if ctx is None:
        return
    stores = ctx.read("store_breakdown", ctx.person)
    if stores.empty:
        charts.empty(N_("roles.empty.traffic"), month=str(ctx.period))
    else:
        left, right = st.columns(2)
        with left:
            funnel(ctx)
        with right:
            conversion_by_store(ctx, stores)
        by_store(ctx, stores)
        st.subheader(tr("roles.ops.stores"))
        store_table(ctx, stores)
    st.subheader(tr("roles.ops.owners"))
    owner_table(ctx)
    st.subheader(tr("roles.ops.campaigns", month=str(ctx.period)))
    campaign_table(ctx)


main()
