"""Operations KPIs of SPEC §3: store traffic, conversion, sales and growth, and campaigns.

Store figures go to the store's owner (`stores` upload) and campaign figures to the
campaign's owner (`campaigns` upload), whoever took the orders.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.kpis._frames import (
    Groups,
    OrderView,
    floats,
    in_month,
    latest_by_key,
    ratio,
    texts,
    to_long,
)
from core.periods import Period
from core.policy import Policy
from core.records import Records


def operations_kpis(records: Records, period: Period, policy: Policy) -> pd.DataFrame:
    """visitors, page_views, new_visitors, store_conversion, store_sales, sales_growth per owner.

    The month's traffic and orders of every store an employee owns are pooled; orders count
    for their store whether or not they name an employee.
    """
    return operations_from_view(records, OrderView.build(records, period))


def operations_from_view(records: Records, view: OrderView) -> pd.DataFrame:
    """Store KPIs from a prepared month (shared with `compute_actuals`).

    page_views and new_visitors are optional columns: an owner whose traffic rows give none
    has no value (not 0). store_conversion is the owner's distinct paying customers over all
    owned stores ÷ Σ visitors, undefined (NaN) when visitors total 0 and absent without traffic.
    store_sales exists only when an owned store has an order in the month. sales_growth is
    NaN when last month's store sales are missing or ≤ 0 (SPEC §4 shows the absolute change
    instead); ownership is today's mapping for both months so the comparison is like for like.
    """
    owners = _owners(records.stores)
    if not len(owners):
        return to_long({})
    traffic = records.traffic.loc[in_month(records.traffic["date"], view.period)]
    stores = Groups.via(traffic["store"], owners)
    visitors = stores.sum(floats(traffic["visitors"])).dropna()
    page_views = stores.sum(floats(traffic["page_views"])).dropna()
    new_visitors = stores.sum(floats(traffic["new_visitors"])).dropna()

    month = Groups.via(view.month["store"], owners)
    sales = month.sum(view.month["net"].to_numpy()).dropna()
    paying = month.distinct(np.where(view.month["paying"].to_numpy(), view.customer, -1))
    last_month = Groups.via(view.previous_month["store"], owners)
    last = last_month.sum(view.previous_month["net"].to_numpy()).reindex(sales.index)
    return to_long(
        {
            "visitors": visitors,
            "page_views": page_views,
            "new_visitors": new_visitors,
            "store_conversion": ratio(paying.reindex(visitors.index), visitors),
            "store_sales": sales,
            "sales_growth": (sales - last) / last.where(last > 0),
        }
    )


def _owners(stores: pd.DataFrame) -> pd.Series:
    """store → owner_id; a store listed twice keeps its latest owner."""
    stores = latest_by_key(stores.dropna(subset=["store", "owner_id"]), "store")
    return pd.Series(
        texts(stores["owner_id"]), index=pd.Index(texts(stores["store"]), dtype=object)
    )


def campaign_kpis(records: Records, period: Period, policy: Policy) -> pd.DataFrame:
    """campaign_participants, campaign_sales, campaign_conversion per campaign owner."""
    return campaigns_from_view(records, OrderView.build(records, period))


def campaigns_from_view(records: Records, view: OrderView) -> pd.DataFrame:
    """Campaign KPIs from a prepared month (shared with `compute_actuals`).

    An owner's campaigns of the month are those whose run (start_date to end_date, both
    inclusive) overlaps the month, so participants are not summed again in months when the
    campaign is not running; a campaign spanning two months counts in both. All three KPIs
    use the same campaigns: participants are their Σ participants (absent when none given),
    sales the net sales of orders tagged with them and placed in the month (absent without
    such an order), and conversion the distinct paying customers of those orders ÷
    participants (0 when a campaign drew no buyer, NaN when participants total 0).
    """
    period = view.period
    campaigns = latest_by_key(
        records.campaigns.dropna(subset=["campaign_id", "owner_id"]), "campaign_id"
    )
    start = campaigns["start_date"].to_numpy(dtype="datetime64[ns]")
    end = campaigns["end_date"].to_numpy(dtype="datetime64[ns]")
    running = (start < np.datetime64(period.end, "ns")) & (end >= np.datetime64(period.start, "ns"))
    campaigns = campaigns[running]
    if not len(campaigns):
        return to_long({})
    owner_of = pd.Series(
        texts(campaigns["owner_id"]), index=pd.Index(texts(campaigns["campaign_id"]), dtype=object)
    )
    participants = Groups.of(campaigns["owner_id"]).sum(floats(campaigns["participants"])).dropna()
    tagged = Groups.via(view.month["campaign_id"], owner_of)
    sales = tagged.sum(view.month["net"].to_numpy()).dropna()
    buyers = tagged.distinct(np.where(view.month["paying"].to_numpy(), view.customer, -1))
    return to_long(
        {
            "campaign_participants": participants,
            "campaign_sales": sales,
            "campaign_conversion": ratio(buyers.reindex(participants.index), participants),
        }
    )
