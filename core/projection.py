"""The running month of SPEC §10: data cut at `as_of`, sums and counts projected at pace, and
the projected KPI score, grade, bonus and commission each employee is heading for.

Vectorised over employees: one pass per frame (a loop over a few tiers or bands at most).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import numpy as np
import pandas as pd

from core.appraisal import round_money
from core.catalogue import CATALOGUE
from core.commission import ZERO, commission_column, round_cent
from core.periods import Period
from core.policy import CommissionPlan, Policy
from core.records import Records
from core.scoring import kpi_scores, score_plan
from core.targets import employment_days

DAYS_COLUMNS = ["employee_id", "days_elapsed", "days_employed"]
PROJECTION_COLUMNS = ["days_elapsed", "days_employed", "projected", "projected_score"]
ESTIMATE_COLUMNS = [
    "employee_id",
    "period",
    "as_of",
    "kpi_score_to_date",
    "projected_kpi_score",
    "projected_grade",
    "projected_bonus_pct",
    "projected_bonus_amount",
    "commission_to_date",
    "projected_commission",
    "points_to_next_grade",
    "sales_to_next_tier",
]
# Also kept for the UI: the tier base to date (collected net sales, strategic accounts excluded).
ESTIMATE_EXTRA_COLUMNS = ["commission_base", "days_elapsed", "days_employed"]
_VOLUME = {kpi.id: kpi.prorate for kpi in CATALOGUE.values()}
# Store figures (SPEC §10): paced over the whole month, whoever owns the store and since when.
STORE_KPIS = frozenset({"visitors", "page_views", "new_visitors", "store_sales"})
# Growth against last month compares the projection with last month's total (SPEC §10).
GROWTH_KPIS = frozenset({"sales_growth"})
# Float noise below this many decimals is dropped before a score meets a band edge (as §4).
_EXACT_DECIMALS = 10


# --- days -----------------------------------------------------------------------------------


def is_running(period: Period, as_of: date) -> bool:
    """A month runs from its first day until it ends; before it starts nothing has happened."""
    return period.first_day <= as_of <= period.last_day


def month_days(period: Period, as_of: date) -> tuple[int, int]:
    """(e, E) for department, team and store figures: the whole month for both (SPEC §10)."""
    elapsed = (min(as_of, period.last_day) - period.first_day).days + 1
    return max(0, elapsed), period.days


def days_to_date(employees: pd.DataFrame, period: Period, as_of: date) -> pd.DataFrame:
    """Per employee `days_elapsed` e (from the later of the month's first day and the hire date
    to `as_of`, inclusive) and `days_employed` E (SPEC §5).

    e never exceeds E: a leaver's pace is measured over the days they actually worked, so a
    month they left early is complete once they have gone, like a closed month.
    """
    employed = employment_days(employees, period)
    first = pd.Timestamp(period.first_day)
    hire = pd.to_datetime(employees["hire_date"]) if "hire_date" in employees else None
    start = (
        pd.Series(first, index=employees.index)
        if hire is None
        else hire.dt.normalize().fillna(first).clip(lower=first)
    )
    cut = pd.Timestamp(min(as_of, period.last_day))
    elapsed = ((cut - start).dt.days + 1).clip(lower=0).to_numpy()
    days = employed["days_employed"].to_numpy()
    return pd.DataFrame(
        {
            "employee_id": employees["employee_id"].to_numpy(),
            "days_elapsed": np.minimum(elapsed, days).astype("int64"),
            "days_employed": days.astype("int64"),
        }
    )


def project(
    actual: pd.Series, volume: pd.Series, elapsed: pd.Series, employed: pd.Series
) -> pd.Series:
    """`actual × E ÷ e` where `volume` (sums and counts), the actual itself elsewhere; NaN for
    every row with `e = 0` (nothing has happened yet, so there is no pace to project)."""
    a = actual.astype("float64")
    e = elapsed.astype("float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        paced = a * employed.astype("float64") / e.where(e > 0)
    return paced.where(volume.astype(bool), a).where(e > 0)


# --- records as of a day --------------------------------------------------------------------


def _before(values: pd.Series, cut: pd.Timestamp) -> pd.Series:
    """Dated before the cut; a missing date is kept (it says nothing about the future)."""
    return values.isna() | (values < cut)


def records_as_of(records: Records, as_of: date) -> Records:
    """The records as they stood at the end of `as_of`: anything dated later is dropped as if
    not yet uploaded, and a response, resolution or delivery after it has not happened yet."""
    cut = pd.Timestamp(as_of) + pd.Timedelta(days=1)
    tickets = records.tickets[records.tickets["created_at"] < cut].copy()
    for column in ("first_response_at", "resolved_at"):
        tickets[column] = tickets[column].where(_before(tickets[column], cut))
    tasks = records.design_tasks.copy()
    tasks["delivered_at"] = tasks["delivered_at"].where(_before(tasks["delivered_at"], cut))
    # A task due later and not delivered yet is not late yet; one delivered early still counts.
    tasks = tasks[(tasks["due_date"] < cut) | tasks["delivered_at"].notna()]
    return replace(
        records,
        orders=records.orders[records.orders["order_time"] < cut],
        traffic=records.traffic[records.traffic["date"] < cut],
        tickets=tickets,
        design_tasks=tasks,
        calls=records.calls[records.calls["call_time"] < cut],
        attendance=records.attendance[records.attendance["date"] < cut],
        training=records.training[records.training["date"] < cut],
        campaigns=records.campaigns[_before(records.campaigns["start_date"], cut)],
    )


# --- the projected scorecard ----------------------------------------------------------------


def projected_scorecard(
    plan: pd.DataFrame,
    actuals: pd.DataFrame | None,
    manual_scores: pd.DataFrame | None,
    period: Period,
    days: pd.DataFrame,
    month: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """`core.scoring.score_plan`'s scorecard plus `days_elapsed, days_employed, projected,
    projected_score`: each KPI scored again on its projected actual against the same target.

    Manual KPIs are not projected (the supervisor's score is what it is); sums and counts go
    to pace; rates and averages stay as they are (SPEC §10). With `month` = (e, E) of the
    whole month (`month_days`), store figures pace over it and sales growth compares the
    projected store sales with last month: (1 + growth) × E ÷ e − 1.
    """
    card = score_plan(plan, actuals, manual_scores, period)
    card = card.merge(days[DAYS_COLUMNS], on="employee_id", how="left")
    for column in ("days_elapsed", "days_employed"):
        card[column] = card[column].fillna(0).astype("int64")
    manual = card["method"] == "manual"
    volume = card["kpi_id"].map(_VOLUME).fillna(False).astype(bool) & ~manual
    card["projected"] = project(card["actual"], volume, card["days_elapsed"], card["days_employed"])
    if month is not None:
        card = _store_pace(card, month)
    paced = card.loc[~manual, ["employee_id", "kpi_id", "projected"]].rename(
        columns={"projected": "actual"}
    )
    rescored = score_plan(plan, paced, manual_scores, period)
    card["projected_score"] = rescored["score"].to_numpy()
    return card


def _store_pace(card: pd.DataFrame, month: tuple[int, int]) -> pd.DataFrame:
    """Store sums at the whole month's pace; sales growth on the projected store sales."""
    e, big = (pd.Series(v, index=card.index) for v in month)
    store = card["kpi_id"].isin(STORE_KPIS)
    growth = card["kpi_id"].isin(GROWTH_KPIS)
    paced = project(card["actual"], store, e, big)
    grown = project(card["actual"] + 1.0, growth, e, big) - 1.0
    card["projected"] = card["projected"].where(~store, paced).where(~growth, grown)
    return card


# --- the estimate ---------------------------------------------------------------------------


def _bands(scores: pd.Series, policy: Policy) -> pd.DataFrame:
    """grade, bonus_pct and points_to_next_grade per score: a loop over the few bands.

    A score on an edge takes the higher band (SPEC §5); float noise below 1e-10 is dropped
    first so 89.99999999999999 (an exact 90 in binary) still reaches A.
    """
    exact = scores.astype("float64").round(_EXACT_DECIMALS)
    out = pd.DataFrame(
        {
            "grade": pd.Series(None, index=scores.index, dtype=object),
            "bonus_pct": pd.Series(None, index=scores.index, dtype=object),
            "points": pd.Series(np.nan, index=scores.index, dtype="float64"),
        }
    )
    above: float = np.nan
    for band in policy.grades:  # highest first; the first band reached wins
        edge = float(band.min_score)
        hit = (exact >= edge) & out["grade"].isna()
        out.loc[hit, "grade"] = band.grade
        out.loc[hit, "bonus_pct"] = band.bonus_pct
        out.loc[hit, "points"] = (above - exact[hit]).round(_EXACT_DECIMALS)
        above = edge
    lowest = exact.notna() & out["grade"].isna()  # below every edge: the bottom band
    bottom = policy.grades[-1]
    out.loc[lowest, "grade"] = bottom.grade
    out.loc[lowest, "bonus_pct"] = bottom.bonus_pct
    return out


def _tier_gap(base: pd.Series, plan: CommissionPlan) -> pd.Series:
    """Next tier's lower bound − sales to date, empty in the top tier (a loop over tiers)."""
    amounts = base.map(lambda v: ZERO if v is None or pd.isna(v) else Decimal(v)).astype(object)
    gap = pd.Series(None, index=base.index, dtype=object)
    for tier in reversed(plan.tiers):
        if tier.upper is None:
            continue
        # A tier's upper bound belongs to it: exactly the bound is still short of the next one.
        below = amounts <= tier.upper
        gap = gap.where(~below, tier.upper - amounts)
    return gap


def _paced_money(amounts: pd.Series, elapsed: pd.Series, employed: pd.Series) -> pd.Series:
    """A Decimal amount × E ÷ e exactly (NaN where e = 0)."""
    started = elapsed > 0
    ratio = employed.map(Decimal) / elapsed.where(started, 1).map(Decimal)
    return (amounts * ratio).where(started)


def _commission(
    tier: pd.Series, strategic: pd.Series, policy: Policy, modes: pd.Series
) -> pd.Series:
    """Tier plan on the tier base, in each employee's mode (marginal or whole), plus the flat
    strategic rate (SPEC §7), to the cent."""
    flat = strategic.map(lambda v: round_cent(max(ZERO, v) * policy.strategic_rate))
    planned = pd.Series(ZERO, index=tier.index, dtype=object)
    for mode in modes.unique():
        mine = modes == mode
        planned[mine] = commission_column(tier[mine], policy.monthly_plan, mode)
    return (planned + flat).astype(object)


def estimate(
    card: pd.DataFrame,
    people: pd.DataFrame,
    bases: pd.DataFrame,
    period: Period,
    as_of: date,
    policy: Policy,
) -> pd.DataFrame:
    """One row per employee of `people` with SPEC §10's estimate (`ESTIMATE_COLUMNS`).

    card: `projected_scorecard`'s frame. people: employee_id, days_elapsed, days_employed,
    target_bonus (Decimal, prorated), deduction_money (Decimal, recorded to date), and
    optionally mode (the employee's commission mode, marginal by default). bases:
    `commission_bases` rows of `period` (tier_base, strategic_base as Decimals).
    The projected grade is the band of the projected KPI score alone: the reviews are not
    known yet, so it assumes they agree with the data.
    """
    out = people[["employee_id", "days_elapsed", "days_employed"]].copy().reset_index(drop=True)
    to_date = kpi_scores(card, policy)[["employee_id", "kpi_score"]]
    paced = kpi_scores(card.assign(score=card["projected_score"]), policy)
    paced = paced[["employee_id", "kpi_score"]].rename(columns={"kpi_score": "projected"})
    out = out.merge(to_date, on="employee_id", how="left").merge(
        paced, on="employee_id", how="left"
    )
    bands = _bands(out["projected"], policy)
    amount = _bonus(people.set_index("employee_id").reindex(out["employee_id"]), bands)
    month = bases[bases["period"].astype(str) == str(period)].set_index("employee_id")
    tier = _zero_fill(month["tier_base"].reindex(out["employee_id"]))
    strategic = _zero_fill(month["strategic_base"].reindex(out["employee_id"]))
    tier.index = strategic.index = out.index
    e, big = out["days_elapsed"], out["days_employed"]
    modes = (
        people.set_index("employee_id")["mode"]
        .reindex(out["employee_id"])
        .astype(object)
        .fillna("marginal")
        if "mode" in people.columns
        else pd.Series("marginal", index=out["employee_id"])
    )
    modes.index = out.index
    return pd.DataFrame(
        {
            "employee_id": out["employee_id"],
            "period": str(period),
            "as_of": as_of.isoformat(),
            "kpi_score_to_date": out["kpi_score"].astype("float64"),
            "projected_kpi_score": out["projected"].astype("float64"),
            "projected_grade": bands["grade"],
            "projected_bonus_pct": bands["bonus_pct"],
            "projected_bonus_amount": amount,
            "commission_to_date": _commission(tier, strategic, policy, modes),
            "projected_commission": _projected_commission(tier, strategic, e, big, policy, modes),
            "points_to_next_grade": bands["points"],
            "sales_to_next_tier": _tier_gap(tier, policy.monthly_plan),
            "commission_base": tier,
            "days_elapsed": e,
            "days_employed": big,
        },
        columns=ESTIMATE_COLUMNS + ESTIMATE_EXTRA_COLUMNS,
    )


def _projected_commission(
    tier: pd.Series,
    strategic: pd.Series,
    elapsed: pd.Series,
    employed: pd.Series,
    policy: Policy,
    modes: pd.Series,
) -> pd.Series:
    started = elapsed > 0
    paced = _commission(
        _zero_fill(_paced_money(tier, elapsed, employed)),
        _zero_fill(_paced_money(strategic, elapsed, employed)),
        policy,
        modes,
    )
    return paced.where(started, None)


def _bonus(people: pd.DataFrame, bands: pd.DataFrame) -> pd.Series:
    """Prorated target bonus × the grade's % − attendance money to date, never below 0."""
    target = _zero_fill(people["target_bonus"].reset_index(drop=True))
    money = _zero_fill(people["deduction_money"].reset_index(drop=True))
    graded = bands["bonus_pct"].notna()
    pct = _zero_fill(bands["bonus_pct"])
    amount = (target * pct / 100 - money).map(lambda v: round_money(max(ZERO, v)))
    return amount.where(graded, None).astype(object)


def _zero_fill(values: pd.Series) -> pd.Series:
    return values.astype(object).where(values.notna(), ZERO)
