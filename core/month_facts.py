"""What one month's records give, before anyone's appraisal entries count: the first half of
the month's one pipeline (`core.month.people_results` is the second), over plain frames.

`data.services.engine` loads a `MonthInputs` (records, employees, plans, templates, targets,
what closed runs paid) and the appraisals' frozen rules; everything from there on is here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import pandas as pd

from core.appraisal import plans_from_frozen
from core.attendance import attendance_summary
from core.awards import monthly_awards
from core.commission import commission_bases, commission_statement, sales_floor_flags
from core.kpis import compute_actuals
from core.month import MonthFacts, by_employee
from core.periods import Period, months_between
from core.policy import Policy
from core.projection import days_to_date, month_days, records_as_of
from core.records import Records
from core.targets import eligible_employees, resolve_plan


@dataclass(frozen=True)
class MonthInputs:
    """Everything a month reads, as plain frames (`data.services.engine.load_month`)."""

    period: Period
    policy: Policy
    employees: pd.DataFrame
    records: Records
    commission_orders: pd.DataFrame
    collected_periods: pd.Series
    paid_commission: pd.DataFrame
    closed_months: list[str]
    plans: pd.DataFrame
    templates: pd.DataFrame
    targets: pd.DataFrame


def appraised(employees: pd.DataFrame, period: Period, policy: Policy) -> pd.DataFrame:
    """Who is appraised: employed ≥ the minimum days, with a supervisor, not a system admin."""
    eligible = eligible_employees(employees, period, policy)
    staff = employees[employees["manager_id"].notna() & (employees["role"] != "admin")]
    return eligible[eligible["employee_id"].isin(staff["employee_id"])]


def inputs_as_of(inputs: MonthInputs, as_of: date) -> MonthInputs:
    """The month's inputs as they stood at the end of `as_of` (SPEC §10: later records are
    ignored as if not yet uploaded); commission orders and their collection months together."""
    cut = pd.Timestamp(as_of) + pd.Timedelta(days=1)
    kept = (inputs.commission_orders["order_time"] < cut).to_numpy()
    return replace(
        inputs,
        records=records_as_of(inputs.records, as_of),
        commission_orders=inputs.commission_orders[kept],
        collected_periods=inputs.collected_periods[kept],
    )


def month_plan(
    inputs: MonthInputs, rules: dict[str, dict[str, Any]]
) -> tuple[pd.DataFrame, dict[str, Policy]]:
    """Frozen rules (per employee with an appraisal) for opened appraisals, current rules for
    everyone else (live months).

    All frozen plans become one frame in one step (`plans_from_frozen`): a frame and a
    policy parsed per employee cost 19 s at 5,000 people.
    """
    live = resolve_plan(
        inputs.employees, inputs.templates, inputs.targets, inputs.period, inputs.policy
    )
    frozen, policies = plans_from_frozen(rules)
    parts = [live[~live["employee_id"].isin(list(rules))], frozen]
    parts = [p for p in parts if not p.empty]
    plan = pd.concat(parts, ignore_index=True) if parts else live
    return plan, policies


def month_facts(
    inputs: MonthInputs,
    plan: pd.DataFrame,
    day: date,
    closed_statement: pd.DataFrame | None = None,
) -> tuple[MonthFacts, dict[str, list[str]], pd.DataFrame]:
    """The month's record facts on `plan` (whose targets some KPIs are measured against), as
    of `day`; with its awards and every employee's actuals. `closed_statement` is what a
    closed run paid in commission (then the month's commission lines are those)."""
    period, policy = inputs.period, inputs.policy
    actuals = compute_actuals(
        inputs.records, period, policy, targets=plan[["employee_id", "kpi_id", "target"]]
    )
    months = _months_until(inputs.commission_orders, period)
    bases = commission_bases(inputs.commission_orders, inputs.collected_periods, months)
    floor = sales_floor_flags(bases, inputs.records.orders, inputs.employees, period, policy)
    statement = closed_statement
    if statement is None:
        statement = commission_statement(
            bases,
            inputs.paid_commission,
            period,
            policy,
            plans=inputs.plans,
            closed=set(inputs.closed_months),
        )
    facts = MonthFacts(
        period=period,
        policy=policy,
        as_of=day,
        month_days=month_days(period, day),
        actuals=actuals,
        days=days_to_date(inputs.employees, period, day),
        attendance=attendance_summary(inputs.records.attendance, period, policy),
        bases=bases,
        statement=by_employee(statement),
        candidates=appraised(inputs.employees, period, policy)[["employee_id", "target_bonus"]],
        floor=frozenset(floor),
        plans=inputs.plans,
    )
    awards = monthly_awards(actuals, _volumes(inputs.records, period), policy)
    return facts, awards, actuals


def _months_until(orders: pd.DataFrame, period: Period) -> list[Period]:
    if orders.empty:
        return [period]
    return months_between(Period.of(orders["order_time"].min().to_pydatetime()), period)


def _volumes(records: Records, period: Period) -> pd.DataFrame:
    """Rated tickets per employee in the month: the service star's minimum volume."""
    tickets = records.tickets
    in_month = (tickets["created_at"] >= period.start) & (tickets["created_at"] < period.end)
    rated = tickets[in_month & tickets["rating"].notna()]
    return rated.groupby("employee_id").size().rename("rated_tickets").reset_index()
