"""Monthly awards and the late-submission flags of SPEC §8, over whole frames at once.

Awards need volume so a lucky small sample never wins; late flags wait for the deadline.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from core.errors import ValidationError
from core.periods import Period
from core.policy import Policy

AWARD_IDS: tuple[str, ...] = ("sales_star", "service_star", "best_designer")
# The KPI each award is decided on; its actual is the winner's figure shown beside the name.
AWARD_KPI: dict[str, str] = {
    "sales_star": "net_sales",
    "service_star": "csat",
    "best_designer": "quality_score",
}
AWARD_COLUMNS = ["award", "employee_id", "kpi_id", "value"]
FLAG_IDS: tuple[str, ...] = (
    "interview_required",
    "dismissal_review",
    "sales_floor",
    "late_self_assessment",
    "late_review",
    "incomplete",
)
LATE_COLUMNS = ["employee_id", "late_self_assessment", "late_review", "flags"]

# KPI actuals are floats computed along different paths (sums, divisions); two people with the
# same true value can differ in the last bit, and they must tie rather than one of them win.
_TIE_RELATIVE = 1e-9


def _require(frame: pd.DataFrame, columns: list[str], name: str) -> None:
    for column in columns:
        if column not in frame.columns:
            raise ValidationError("incentives.missing_column", frame=name, column=column)


def _winners(score: pd.Series, eligible: pd.Series) -> list[str]:
    """Everyone tied for the highest defined score among the eligible; [] when nobody is."""
    candidates = score.loc[eligible.fillna(False).astype(bool) & score.notna()]
    if candidates.empty:
        return []
    best = candidates.max()
    tolerance = _TIE_RELATIVE * max(1.0, abs(float(best)))
    return sorted(str(i) for i in candidates.index[candidates >= best - tolerance])


def monthly_awards(
    actuals: pd.DataFrame, volumes: pd.DataFrame, policy: Policy
) -> dict[str, list[str]]:
    """Winners of the month's awards, by award id (all three ids are always present).

    actuals: the month's long frame employee_id, kpi_id, actual (NaN = undefined).
    volumes: employee_id, rated_tickets (the CSAT denominator); absent = 0 rated tickets.
    - sales_star: highest `net_sales` among those with `orders` ≥ policy.sales_star_min_orders;
    - service_star: highest `csat` among those with ≥ policy.service_star_min_rated rated
      tickets;
    - best_designer: highest `quality_score` among those with `on_time_rate` ≥
      policy.best_designer_min_on_time (an undefined on-time rate does not qualify).
    Ties give every tied employee the award; ids are sorted.
    """
    _require(actuals, ["employee_id", "kpi_id", "actual"], "actuals")
    _require(volumes, ["employee_id", "rated_tickets"], "volumes")
    needed = ["net_sales", "orders", "csat", "quality_score", "on_time_rate"]
    relevant = actuals.loc[actuals["kpi_id"].isin(needed)]
    wide = relevant.pivot(index="employee_id", columns="kpi_id", values="actual")
    wide = wide.reindex(columns=needed).astype("float64")
    rated = volumes.groupby("employee_id")["rated_tickets"].sum()
    wide["rated_tickets"] = rated.reindex(wide.index).fillna(0).astype("float64")
    return {
        "sales_star": _winners(wide["net_sales"], wide["orders"] >= policy.sales_star_min_orders),
        "service_star": _winners(
            wide["csat"], wide["rated_tickets"] >= policy.service_star_min_rated
        ),
        "best_designer": _winners(
            wide["quality_score"],
            wide["on_time_rate"] >= float(policy.best_designer_min_on_time),
        ),
    }


def award_rows(awards: dict[str, list[str]], actuals: pd.DataFrame) -> pd.DataFrame:
    """The winners of `monthly_awards` as rows: award, employee_id, kpi_id and value (the
    winning KPI actual, float in the KPI's unit), in AWARD_IDS order then by employee id."""
    rows = [
        (award, employee_id, AWARD_KPI[award])
        for award in AWARD_IDS
        for employee_id in awards.get(award, [])
    ]
    frame = pd.DataFrame(rows, columns=AWARD_COLUMNS[:3])
    values = actuals[["employee_id", "kpi_id", "actual"]].rename(columns={"actual": "value"})
    frame = frame.merge(values, on=["employee_id", "kpi_id"], how="left")
    frame["value"] = frame["value"].astype("float64")
    return frame[AWARD_COLUMNS]


def _late(submitted: pd.Series, deadline: datetime, now: datetime) -> pd.Series:
    """Late once the deadline has passed: submitted after it, or still not submitted."""
    if now < deadline:
        return pd.Series(False, index=submitted.index)
    limit = pd.Timestamp(deadline)
    return (submitted.isna() | (submitted >= limit)).astype(bool)


_FLAG_SETS = {
    0: (),
    1: ("late_self_assessment",),
    2: ("late_review",),
    3: ("late_self_assessment", "late_review"),
}


def late_flags(
    submissions: pd.DataFrame, period: Period, now: datetime, policy: Policy
) -> pd.DataFrame:
    """Late self-assessments and reviews of `period`'s appraisals, as seen at `now`.

    submissions: employee_id, self_submitted_at, review_submitted_at (naive local datetimes,
    NaT = not submitted). Deadlines are the end of day policy.self_deadline_day /
    review_deadline_day of the following month (`Period.deadline`); a submission at
    23:59:59 on that day is on time. Returns employee_id, late_self_assessment,
    late_review (bool) and flags (a list of the raised flag ids, in FLAG_IDS order).
    """
    _require(
        submissions, ["employee_id", "self_submitted_at", "review_submitted_at"], "submissions"
    )
    now_ts = pd.Timestamp(now)
    self_late = _late(
        pd.to_datetime(submissions["self_submitted_at"]),
        period.deadline(policy.self_deadline_day),
        now_ts,
    )
    review_late = _late(
        pd.to_datetime(submissions["review_submitted_at"]),
        period.deadline(policy.review_deadline_day),
        now_ts,
    )
    code = self_late.astype("int64") + 2 * review_late.astype("int64")
    # A fresh list per row: a shared list would let one row's edit leak into the others.
    flags = code.map(lambda c: list(_FLAG_SETS[c])).astype(object)
    return pd.DataFrame(
        {
            "employee_id": submissions["employee_id"].astype(object),
            "late_self_assessment": self_late.to_numpy(dtype=bool),
            "late_review": review_late.to_numpy(dtype=bool),
            "flags": flags,
        },
        columns=LATE_COLUMNS,
    ).reset_index(drop=True)


def late_flags_one(
    self_submitted_at: datetime | None,
    review_submitted_at: datetime | None,
    period: Period,
    now: datetime,
    policy: Policy,
) -> set[str]:
    """The same rule for one appraisal (a form or a to-do list), through `late_flags`."""
    frame = pd.DataFrame(
        {
            "employee_id": ["_"],
            "self_submitted_at": pd.Series([self_submitted_at], dtype="datetime64[ns]"),
            "review_submitted_at": pd.Series([review_submitted_at], dtype="datetime64[ns]"),
        }
    )
    return set(late_flags(frame, period, now, policy)["flags"].iloc[0])
