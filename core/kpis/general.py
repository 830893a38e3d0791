"""KPIs every role can carry (SPEC §3 "Everyone"): training completion and exam score.

The manual ones (collaboration, attitude, innovation) come from the review or `metrics`,
never from here.
"""

from __future__ import annotations

import pandas as pd

from core.kpis._frames import Groups, floats, in_month, is_true, latest_by_key, ratio, to_long
from core.periods import Period
from core.policy import Policy
from core.records import Records


def general_kpis(records: Records, period: Period, policy: Policy) -> pd.DataFrame:
    """training_completion and exam_score per employee from the month's `training` rows.

    Each training row dated in the month is one assigned course; it is completed when
    `completed` is true (not given counts as not completed). exam_score is the mean of the
    month's rows that carry a score, NaN when the employee had training but no exam.
    """
    training = records.training
    month = latest_by_key(
        training.loc[in_month(training["date"], period)], ["employee_id", "date", "course"]
    )
    staff = Groups.of(month["employee_id"])
    return to_long(
        {
            "training_completion": ratio(staff.count(is_true(month["completed"])), staff.count()),
            "exam_score": staff.mean(floats(month["exam_score"])),
        }
    )
