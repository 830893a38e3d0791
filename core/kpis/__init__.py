"""KPI formulas of SPEC §3: every data-driven KPI actual per employee for one month.

Each family has its own function returning the long frame `employee_id, kpi_id, actual`;
`compute_actuals` runs them all and lets uploaded `metrics` values fill in or win.
"""

from __future__ import annotations

import pandas as pd

from core.kpis._frames import ACTUAL_COLUMNS, OrderView, concat_actuals, latest_by_key
from core.kpis.design import design_kpis
from core.kpis.general import general_kpis
from core.kpis.operations import (
    campaign_kpis,
    campaigns_from_view,
    operations_from_view,
    operations_kpis,
)
from core.kpis.sales import call_kpis, sales_from_view, sales_kpis, target_attainment
from core.kpis.service import service_kpis
from core.periods import Period
from core.policy import Policy
from core.records import Records

__all__ = [
    "ACTUAL_COLUMNS",
    "apply_metrics",
    "call_kpis",
    "campaign_kpis",
    "compute_actuals",
    "design_kpis",
    "general_kpis",
    "operations_kpis",
    "sales_kpis",
    "service_kpis",
    "target_attainment",
]


def compute_actuals(
    records: Records, period: Period, policy: Policy, targets: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Long frame with columns employee_id (str), kpi_id (str), actual (float64; NaN = undefined).

    One row per (employee, KPI) that has any data; undefined KPIs (zero denominator) may
    appear as NaN. `targets` (employee_id, kpi_id, target, already prorated) gives
    target_attainment = net_sales ÷ the employee's net_sales target, undefined without a
    target or with target 0. Uploaded `metrics` of the month win over computed values; a
    metric for net_sales is used for target_attainment too, unless a metric gives that
    directly. Manual KPIs come from the review, so they appear only when a metric gives them.
    """
    view = OrderView.build(records, period)
    computed = concat_actuals(
        [
            sales_from_view(view),
            call_kpis(records, period, policy),
            operations_from_view(records, view),
            campaigns_from_view(records, view),
            service_kpis(records, period, policy),
            design_kpis(records, period, policy),
            general_kpis(records, period, policy),
        ]
    )
    actuals = apply_metrics(computed, records.metrics, period)
    attainment = target_attainment(actuals, targets)
    actuals = concat_actuals([actuals, _not_given(attainment, actuals)])
    return actuals.sort_values(["employee_id", "kpi_id"], ignore_index=True)


def apply_metrics(actuals: pd.DataFrame, metrics: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Uploaded direct values of the month fill in or replace computed actuals.

    That is how external KPIs (e.g. conversion_uplift) and manual ones supplied by file get
    values; when the same (employee, KPI) is uploaded twice the later row wins.
    """
    month = metrics[(metrics["period"].astype("str").str.strip() == str(period)).to_numpy()]
    # A blank value is "not given", so it must not wipe out a computed actual.
    month = month.dropna(subset=["employee_id", "kpi_id", "value"])
    month = latest_by_key(month, ["employee_id", "kpi_id"])
    if not len(month):
        return actuals
    given = pd.DataFrame(
        {
            "employee_id": month["employee_id"].to_numpy(dtype=object),
            "kpi_id": month["kpi_id"].to_numpy(dtype=object),
            "actual": month["value"].to_numpy(dtype="float64", na_value=float("nan")),
        }
    )
    return concat_actuals([_not_given(actuals, given), given])


def _not_given(frame: pd.DataFrame, given: pd.DataFrame) -> pd.DataFrame:
    """Rows of `frame` whose (employee, KPI) does not appear in `given`."""
    keys = pd.MultiIndex.from_arrays(
        [frame["employee_id"].to_numpy(dtype=object), frame["kpi_id"].to_numpy(dtype=object)]
    )
    taken = pd.MultiIndex.from_arrays(
        [given["employee_id"].to_numpy(dtype=object), given["kpi_id"].to_numpy(dtype=object)]
    )
    return frame[~keys.isin(taken)]
