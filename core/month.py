"""One month's results from plain frames: the step every month goes through, for everyone
when the month is computed from its records, or for the few people an appraisal save touched
when the rest of the month is read back from the stored results.

`MonthFacts` is what the records say (actuals, days, attendance, commission bases and lines,
who is appraised, the sales-floor check); `Entries` is what people entered in the appraisals.
`people_results` turns both into the scorecard, the appraisal results and the estimate, row
by row per employee, so computing a subset gives exactly that subset's rows of the whole.
Lateness depends on the moment of reading, not on the data, so it is added by `add_late`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import pandas as pd

from core.appraisal import compute_results
from core.awards import late_flags
from core.commission import commission_totals
from core.periods import Period
from core.policy import Policy
from core.projection import estimate, projected_scorecard
from core.scoring import kpi_scores

# What an appraisal contributes, one row per employee with an appraisal; `result` is the
# snapshot a finalised appraisal keeps (None otherwise), review scores come as `manual`.
ENTRY_COLUMNS = [
    "employee_id",
    "state",
    "self_overall",
    "supervisor_overall",
    "self_waived",
    "calibration",
    "self_submitted_at",
    "review_submitted_at",
    "result",
]
MANUAL_COLUMNS = ["employee_id", "kpi_id", "score"]
# Snapshot columns that hold money or points as Decimal text in the stored JSON.
_DECIMAL_SNAPSHOT = ("bonus_pct", "bonus_amount", "commission", "calibration", "deduction_money")


@dataclass(frozen=True)
class MonthResult:
    """A month for everyone (or cut to a viewer's scope): what every page and command shows."""

    period: Period
    scorecard: pd.DataFrame
    appraisals: pd.DataFrame
    statement: pd.DataFrame
    attendance: pd.DataFrame
    awards: dict[str, list[str]]
    actuals: pd.DataFrame
    # SPEC §10: the day the figures count up to and each employee's projection at that pace.
    estimate: pd.DataFrame = field(default_factory=pd.DataFrame)
    as_of: date | None = None


@dataclass(frozen=True)
class MonthFacts:
    """What one month's records give, before anyone's appraisal entries count."""

    period: Period
    policy: Policy
    as_of: date
    month_days: tuple[int, int]
    actuals: pd.DataFrame  # employee_id, kpi_id, actual (every employee with data)
    days: pd.DataFrame  # employee_id, days_elapsed, days_employed
    attendance: pd.DataFrame  # core.attendance.attendance_summary
    bases: pd.DataFrame  # core.commission.commission_bases
    statement: pd.DataFrame  # the month's commission lines
    candidates: pd.DataFrame  # employee_id, target_bonus: who is appraised
    floor: frozenset[str]  # sellers below the quarter's sales floor
    plans: pd.DataFrame  # commission plan assignments (mode per employee since a month)


@dataclass(frozen=True)
class Entries:
    """The appraisals' entries as plain frames (`ENTRY_COLUMNS`, `MANUAL_COLUMNS`) and the
    rules frozen into them: each one's plan rows and the policy it is scored under."""

    appraisals: pd.DataFrame
    manual: pd.DataFrame
    plan: pd.DataFrame
    policies: dict[str, Policy]


@dataclass(frozen=True)
class People:
    """`people_results` for some or all employees of a month."""

    scorecard: pd.DataFrame
    appraisals: pd.DataFrame
    estimate: pd.DataFrame


def people_results(facts: MonthFacts, entries: Entries, ids: set[str] | None = None) -> People:
    """Scorecard, appraisal results (without lateness) and estimate of `ids` (all when None).

    Every step works per employee: the rows of a subset are the subset of the rows of all.
    """
    plan, candidates = entries.plan, facts.candidates
    if ids is not None:
        plan = plan[plan["employee_id"].isin(ids)]
        candidates = candidates[candidates["employee_id"].isin(ids)]
    scorecard = projected_scorecard(
        plan, facts.actuals, entries.manual, facts.period, facts.days, facts.month_days
    )
    results = _results(facts, candidates, scorecard, entries)
    paced = estimate(
        scorecard,
        _estimate_people(facts, candidates),
        facts.bases,
        facts.period,
        facts.as_of,
        facts.policy,
    )
    return People(by_employee(scorecard), results, by_employee(paced))


def by_employee(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows in employee order, each employee's rows in their own order: one order for a
    month computed whole and a month read back from its stored rows."""
    if frame.empty or "employee_id" not in frame.columns:
        return frame.reset_index(drop=True)
    return frame.sort_values("employee_id", kind="stable").reset_index(drop=True)


def add_late(
    results: pd.DataFrame, entries: pd.DataFrame, period: Period, now: datetime, policy: Policy
) -> pd.DataFrame:
    """Late self-assessments and reviews as seen at `now` (SPEC §2), added to each row's flags;
    a finalised appraisal keeps the flags it was finalised with."""
    if results.empty:
        return results
    mine = entries.set_index("employee_id").reindex(results["employee_id"])
    submissions = pd.DataFrame(
        {
            "employee_id": results["employee_id"].to_numpy(),
            "self_submitted_at": mine["self_submitted_at"].to_numpy(),
            "review_submitted_at": mine["review_submitted_at"].to_numpy(),
        }
    )
    late = late_flags(submissions, period, now, policy)["flags"].to_numpy()
    frozen = mine["result"].map(lambda r: isinstance(r, dict) and bool(r)).to_numpy()
    out = results.copy()
    out["flags"] = [
        list(flags) if keep else sorted(set(flags) | set(extra))
        for flags, extra, keep in zip(out["flags"], late, frozen, strict=True)
    ]
    return out


def _estimate_people(facts: MonthFacts, candidates: pd.DataFrame) -> pd.DataFrame:
    """Who gets an estimate (the appraised), with their days, prorated target bonus, the
    attendance money recorded so far and their commission mode this month."""
    frame = candidates[["employee_id", "target_bonus"]].merge(
        facts.days, on="employee_id", how="left"
    )
    frame = frame.merge(
        facts.attendance[["employee_id", "deduction_money"]], on="employee_id", how="left"
    )
    frame["deduction_money"] = frame["deduction_money"].map(decimal_or_zero).astype(object)
    plans = facts.plans
    in_force = plans.loc[plans["since"] <= str(facts.period)].drop_duplicates(
        "employee_id", keep="last"
    )
    frame["mode"] = frame["employee_id"].map(in_force.set_index("employee_id")["mode"])
    return frame


def _results(
    facts: MonthFacts, candidates: pd.DataFrame, scorecard: pd.DataFrame, entries: Entries
) -> pd.DataFrame:
    scores = kpi_scores(scorecard, facts.policy)
    frame = candidates[["employee_id", "target_bonus"]].merge(scores, on="employee_id", how="left")
    frame = frame.merge(
        facts.attendance[
            ["employee_id", "deduction_points", "deduction_money", "dismissal_review"]
        ],
        on="employee_id",
        how="left",
    )
    frame["deduction_points"] = [decimal_or_zero(v) for v in frame["deduction_points"]]
    frame["deduction_money"] = [decimal_or_zero(v) for v in frame["deduction_money"]]
    frame["data_incomplete"] = frame["data_incomplete"].astype(object).fillna(True).astype(bool)
    mine = entries.appraisals.set_index("employee_id").reindex(frame["employee_id"])
    frame["self_overall"] = mine["self_overall"].astype("float64").to_numpy()
    frame["supervisor_overall"] = mine["supervisor_overall"].astype("float64").to_numpy()
    frame["self_waived"] = mine["self_waived"].astype(object).fillna(False).astype(bool).to_numpy()
    frame["calibration"] = [
        decimal_or_zero(v) if isinstance(v, Decimal) else Decimal(0) for v in mine["calibration"]
    ]
    results = _compute_by_policy(frame, facts.policy, entries.policies)
    results["period"] = str(facts.period)
    states = mine["state"].astype(object).where(mine["state"].notna(), "open")
    results["state"] = (
        results["employee_id"]
        .map(dict(zip(frame["employee_id"], states, strict=True)))
        .fillna("open")
    )
    results = results.merge(commission_totals(facts.statement), on="employee_id", how="left")
    results["commission"] = [
        v if isinstance(v, Decimal) else Decimal("0.00") for v in results["commission"]
    ]
    extra = _record_flags(frame, facts)
    results["flags"] = [
        sorted(set(flags) | extra.get(e, set()))
        for e, flags in zip(results["employee_id"], results["flags"], strict=True)
    ]
    snapshots = dict(
        zip(entries.appraisals["employee_id"], entries.appraisals["result"], strict=True)
    )
    results = _finalised_snapshots(results, snapshots)
    return results.sort_values("employee_id").reset_index(drop=True)


def _compute_by_policy(
    frame: pd.DataFrame, current: Policy, frozen: dict[str, Policy]
) -> pd.DataFrame:
    """Each appraisal is scored under the policy frozen into it; usually they all share one."""
    groups: dict[Policy, list[str]] = {}
    for employee_id in frame["employee_id"]:
        groups.setdefault(frozen.get(employee_id, current), []).append(employee_id)
    parts = [
        compute_results(frame[frame["employee_id"].isin(ids)], policy)
        for policy, ids in groups.items()
    ]
    return pd.concat(parts, ignore_index=True) if parts else compute_results(frame, current)


def _record_flags(frame: pd.DataFrame, facts: MonthFacts) -> dict[str, set[str]]:
    """Flags from outside the composite that the records raise: attendance and sales floor."""
    flags: dict[str, set[str]] = {}
    dismissal = frame.loc[frame["dismissal_review"].astype(object).fillna(False).astype(bool)]
    for employee_id in dismissal["employee_id"]:
        flags.setdefault(employee_id, set()).add("dismissal_review")
    for employee_id in facts.floor:
        flags.setdefault(employee_id, set()).add("sales_floor")
    return flags


def _finalised_snapshots(results: pd.DataFrame, snapshots: dict[str, object]) -> pd.DataFrame:
    """A finalised appraisal shows what was finalised, whatever the data says today."""
    for i, employee_id in enumerate(results["employee_id"]):
        snapshot = snapshots.get(employee_id)
        if results.at[i, "state"] != "finalised" or not isinstance(snapshot, dict) or not snapshot:
            continue
        for column, value in snapshot.items():
            if column in results.columns and column not in ("employee_id", "period", "state"):
                results.at[i, column] = _restore(column, value)
    return results


def _restore(column: str, value: object) -> object:
    if column in _DECIMAL_SNAPSHOT and value is not None:
        return Decimal(str(value))
    return value


def decimal_or_zero(value: object) -> Decimal:
    """A cell as Decimal: money and points stay exact, a missing one counts as 0."""
    if isinstance(value, Decimal):
        return value
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return Decimal(0)
    return Decimal(str(value))
