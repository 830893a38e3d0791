"""Design KPIs of SPEC §3: on-time delivery, quality and revision rounds per designer.

Punctuality is judged by calendar day against the due date; quality and revisions describe
the work delivered in the month, whenever it was due.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.kpis._frames import Groups, floats, in_month, latest_by_key, ratio, to_long
from core.periods import Period
from core.policy import Policy
from core.records import Records


def design_kpis(records: Records, period: Period, policy: Policy) -> pd.DataFrame:
    """on_time_rate, quality_score, revision_rounds per designer.

    on_time_rate is over tasks due in the month: delivered on a day up to and including the
    due day is on time, undelivered (or delivered late) is late. quality_score and
    revision_rounds are means over tasks delivered in the month that carry the value; a
    task without a revision count is left out rather than read as 0 revisions, because 0 is
    the best possible score for a lower-is-better KPI. conversion_uplift needs page traffic
    data that no upload carries yet, so it comes only from `metrics` (or a manual score).
    """
    tasks = latest_by_key(records.design_tasks, "task_id")
    due = tasks.loc[in_month(tasks["due_date"], period)]
    due_day = due["due_date"].to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    delivered_day = due["delivered_at"].to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    on_time = ~np.isnat(delivered_day) & (delivered_day <= due_day)
    designers = Groups.of(due["employee_id"])

    delivered = tasks.loc[in_month(tasks["delivered_at"], period)]
    deliverers = Groups.of(delivered["employee_id"])
    return to_long(
        {
            "on_time_rate": ratio(designers.count(on_time), designers.count()),
            "quality_score": deliverers.mean(floats(delivered["quality_score"])),
            "revision_rounds": deliverers.mean(floats(delivered["revisions"])),
        }
    )
