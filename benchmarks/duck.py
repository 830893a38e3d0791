"""The near-the-metal baseline: the month's KPIs and linear scores as one DuckDB SQL query.

Reads the same canonical records (the dataset's Parquet files) that were loaded into the DB.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd

from core.targets import DEFAULT_TEMPLATES

# The KPIs the query computes (SPEC §3), compared one by one with the engine's actuals.
KPIS = (
    "net_sales", "gross_profit", "orders", "aov", "repeat_rate", "new_customers",
    "calls", "effective_calls", "deals", "call_conversion",
    "response_timeliness", "first_response_s", "answer_accuracy", "complaint_resolution", "csat",
    "on_time_rate", "quality_score", "revision_rounds",
    "store_sales", "visitors", "store_conversion",
)  # fmt: skip
LOWER_IS_BETTER = ("first_response_s", "revision_rounds")

SQL = """
WITH
o AS (
    SELECT order_id, order_time, date_trunc('month', order_time) AS month, customer_id,
           employee_id, store, paid_amount, coalesce(refund_amount, 0) AS refund, cost,
           NOT (coalesce(refund_amount, 0) >= coalesce(paid_amount, 0)
                AND coalesce(refund_amount, 0) > 0) AS paying
    FROM read_parquet($orders)
    WHERE order_time < $end
),
-- per customer and month: paying orders, the running count up to the month's end (any
-- employee) and the month of the first paying order (SPEC §3 repeat_rate, new_customers)
customer_month AS (
    SELECT customer_id, month,
           sum(n) OVER (PARTITION BY customer_id ORDER BY month) AS upto_end,
           min(month) OVER (PARTITION BY customer_id) AS first_month
    FROM (SELECT customer_id, month, count(*) AS n FROM o WHERE paying GROUP BY ALL)
),
sales AS (
    SELECT o.employee_id, o.month,
           sum(coalesce(paid_amount, 0) - refund) AS net_sales,
           sum(coalesce(paid_amount, 0) - refund)
               - coalesce(sum(cost) FILTER (WHERE paying), 0) AS gross_profit_all,
           count(cost) FILTER (WHERE paying) AS costed,
           count(*) FILTER (WHERE paying) AS orders,
           count(DISTINCT o.customer_id) FILTER (WHERE paying) AS customers,
           count(DISTINCT o.customer_id) FILTER (WHERE paying AND c.upto_end >= 2) AS repeaters,
           count(DISTINCT o.customer_id) FILTER (WHERE paying AND c.first_month = o.month)
               AS new_customers
    FROM o LEFT JOIN customer_month c ON c.customer_id = o.customer_id AND c.month = o.month
    WHERE o.employee_id IS NOT NULL AND o.order_time >= $start
    GROUP BY ALL
),
owned AS (SELECT store, owner_id FROM read_parquet($stores)),
store_orders AS (
    SELECT s.owner_id AS employee_id, o.month,
           sum(coalesce(paid_amount, 0) - refund) AS store_sales,
           count(DISTINCT o.customer_id) FILTER (WHERE paying) AS payers
    FROM o JOIN owned s USING (store)
    WHERE o.order_time >= $start
    GROUP BY ALL
),
store_traffic AS (
    SELECT s.owner_id AS employee_id, date_trunc('month', t.date) AS month,
           sum(t.visitors) AS visitors
    FROM read_parquet($traffic) t JOIN owned s USING (store)
    WHERE t.date >= $start AND t.date < $end
    GROUP BY ALL
),
calls AS (
    SELECT employee_id, date_trunc('month', call_time) AS month,
           count(*) AS calls,
           count(*) FILTER (WHERE effective) AS effective_calls,
           count(*) FILTER (WHERE deal) AS deals
    FROM read_parquet($calls)
    WHERE call_time >= $start AND call_time < $end
    GROUP BY ALL
),
service AS (
    SELECT employee_id, date_trunc('month', created_at) AS month,
           avg(CASE WHEN epoch(first_response_at - created_at) <= $sla THEN 1.0 ELSE 0.0 END)
               AS response_timeliness,
           avg(epoch(first_response_at - created_at)) AS first_response_s,
           count(*) FILTER (WHERE qa_correct) / nullif(count(qa_correct), 0) AS answer_accuracy,
           count(resolved_at) FILTER (WHERE is_complaint)
               / nullif(count(*) FILTER (WHERE is_complaint), 0) AS complaint_resolution,
           count(*) FILTER (WHERE rating >= $satisfied) / nullif(count(rating), 0) AS csat
    FROM read_parquet($tickets)
    WHERE created_at >= $start AND created_at < $end
    GROUP BY ALL
),
due AS (
    SELECT employee_id, date_trunc('month', due_date) AS month,
           avg(CASE WHEN CAST(delivered_at AS DATE) <= CAST(due_date AS DATE) THEN 1.0 ELSE 0.0 END)
               AS on_time_rate
    FROM read_parquet($tasks)
    WHERE due_date >= $start AND due_date < $end
    GROUP BY ALL
),
delivered AS (
    SELECT employee_id, date_trunc('month', delivered_at) AS month,
           avg(quality_score) AS quality_score, avg(revisions) AS revision_rounds
    FROM read_parquet($tasks)
    WHERE delivered_at >= $start AND delivered_at < $end
    GROUP BY ALL
),
actuals AS (
    SELECT employee_id, month, kpi_id, actual FROM (
        SELECT employee_id, month, net_sales,
               CASE WHEN costed > 0 THEN gross_profit_all END AS gross_profit,
               CAST(orders AS DOUBLE) AS orders,
               net_sales / nullif(orders, 0) AS aov,
               repeaters / nullif(customers, 0) AS repeat_rate,
               CAST(new_customers AS DOUBLE) AS new_customers
        FROM sales
    ) UNPIVOT INCLUDE NULLS (actual FOR kpi_id IN (
        net_sales, gross_profit, orders, aov, repeat_rate, new_customers))
    UNION ALL
    SELECT employee_id, month, kpi_id, actual FROM (
        SELECT employee_id, month, CAST(calls AS DOUBLE) AS calls,
               CAST(effective_calls AS DOUBLE) AS effective_calls, CAST(deals AS DOUBLE) AS deals,
               deals / nullif(effective_calls, 0) AS call_conversion
        FROM calls
    ) UNPIVOT INCLUDE NULLS (actual FOR kpi_id IN (calls, effective_calls, deals, call_conversion))
    UNION ALL
    SELECT employee_id, month, kpi_id, actual FROM service UNPIVOT INCLUDE NULLS (
        actual FOR kpi_id IN (response_timeliness, first_response_s, answer_accuracy,
                              complaint_resolution, csat))
    UNION ALL
    SELECT employee_id, month, 'on_time_rate', on_time_rate FROM due
    UNION ALL
    SELECT employee_id, month, kpi_id, actual FROM delivered
        UNPIVOT INCLUDE NULLS (actual FOR kpi_id IN (quality_score, revision_rounds))
    UNION ALL
    SELECT employee_id, month, kpi_id, actual FROM (
        SELECT coalesce(so.employee_id, st.employee_id) AS employee_id,
               coalesce(so.month, st.month) AS month,
               so.store_sales, CAST(st.visitors AS DOUBLE) AS visitors,
               so.payers / nullif(st.visitors, 0) AS store_conversion
        FROM store_orders so FULL JOIN store_traffic st
            ON so.employee_id = st.employee_id AND so.month = st.month
    ) UNPIVOT INCLUDE NULLS (actual FOR kpi_id IN (store_sales, visitors, store_conversion))
)
-- the scorecard: each actual against its role's template target, linear score capped
SELECT a.employee_id, strftime(a.month, '%Y-%m') AS period, a.kpi_id, a.actual, t.target,
       CASE WHEN a.actual IS NULL OR t.target IS NULL OR t.target = 0 THEN NULL
            WHEN a.kpi_id IN ('first_response_s', 'revision_rounds')
                THEN CASE WHEN a.actual = 0 THEN t.cap
                          ELSE least(greatest(100 * t.target / a.actual, 0), t.cap) END
            ELSE least(greatest(100 * a.actual / t.target, 0), t.cap) END AS score,
       t.weight
FROM actuals a
JOIN read_parquet($employees) e USING (employee_id)
LEFT JOIN templates t ON t.role = e.role AND t.kpi_id = a.kpi_id
ORDER BY a.employee_id, period, a.kpi_id
"""


def templates_frame() -> pd.DataFrame:
    frame = pd.DataFrame(DEFAULT_TEMPLATES)
    frame["cap"] = frame.get("cap", pd.Series(dtype=float)).fillna(120.0)
    return frame[["role", "kpi_id", "weight", "target", "cap"]].astype(
        {"role": object, "kpi_id": object, "weight": float, "target": float, "cap": float}
    )


def scorecards(folder: Path, start: datetime, end: datetime, threads: int | None = None,
               sla_seconds: float = 60, satisfied: float = 4) -> pd.DataFrame:  # fmt: skip
    """The long scorecard for months in [start, end); `folder` holds <kind>.parquet."""
    import duckdb

    connection = duckdb.connect()
    if threads:
        connection.execute(f"SET threads = {int(threads)}")
    connection.register("templates", templates_frame())
    params = {
        kind.replace("design_", ""): str(folder / f"{kind}.parquet")
        for kind in ("orders", "stores", "traffic", "calls", "tickets", "design_tasks", "employees")
    }
    params |= {"start": start, "end": end, "sla": sla_seconds, "satisfied": satisfied}
    try:
        return connection.execute(SQL, params).df()
    finally:
        connection.close()
