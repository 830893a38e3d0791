"""Customer-service KPIs of SPEC §3: response timeliness and time, accuracy, complaints, CSAT.

A ticket belongs to the month of `created_at` and to its agent; SLAs and the satisfied
rating come from the policy, and "within" an SLA means at most the SLA.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from core.kpis._frames import Groups, floats, in_month, is_true, latest_by_key, ratio, to_long
from core.periods import Period
from core.policy import Policy
from core.records import Records


def service_kpis(records: Records, period: Period, policy: Policy) -> pd.DataFrame:
    """response_timeliness, first_response_s, answer_accuracy, complaint_resolution,
    complaint_timeliness and csat per agent.

    Every agent with a ticket created in the month gets every KPI; one whose denominator is
    empty (no answered, QA-checked, complaint or rated ticket) gets NaN. A ticket never
    answered stays in response_timeliness' denominator as late and out of first_response_s.
    A complaint counts as resolved when it has any `resolved_at`, even one after the month.
    """
    tickets = records.tickets
    month = latest_by_key(tickets.loc[in_month(tickets["created_at"], period)], "ticket_id")
    agents = Groups.of(month["employee_id"])
    if not len(agents):
        return to_long({})
    created = month["created_at"].to_numpy(dtype="datetime64[ns]")
    responded = month["first_response_at"].to_numpy(dtype="datetime64[ns]")
    resolved = month["resolved_at"].to_numpy(dtype="datetime64[ns]")
    response_s = (responded - created) / np.timedelta64(1, "s")  # NaT → NaN: not answered
    resolve_s = (resolved - created) / np.timedelta64(1, "s")
    complaint = is_true(month["is_complaint"])
    rating = floats(month["rating"])
    rated = ~np.isnan(rating)
    qa_checked = month["qa_correct"].notna().to_numpy()

    tickets_count = agents.count()
    complaints = agents.count(complaint)
    complaint_sla_s = policy.complaint_sla_hours * 3600
    return to_long(
        {
            "response_timeliness": ratio(
                agents.count(response_s <= policy.response_sla_seconds), tickets_count
            ),
            "first_response_s": agents.mean(response_s),
            "answer_accuracy": ratio(
                agents.count(qa_checked & is_true(month["qa_correct"])), agents.count(qa_checked)
            ),
            "complaint_resolution": ratio(
                agents.count(complaint & ~np.isnan(resolve_s)), complaints
            ),
            "complaint_timeliness": ratio(
                agents.count(complaint & (resolve_s <= complaint_sla_s)), complaints
            ),
            "csat": ratio(
                agents.count(rated & (rating >= policy.satisfied_rating)), agents.count(rated)
            ),
        }
    )
