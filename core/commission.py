"""Sales commission of SPEC §7: tier plans, collected-sales bases, statements and the sales floor.

Money is exact `Decimal` (integer cents), rounded half-up once at the end so lines add up.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, Literal

import numpy as np
import pandas as pd

from core.errors import ValidationError
from core.periods import Period, months_ending
from core.policy import CommissionPlan, Policy

Mode = Literal["marginal", "whole"]
MODES: tuple[str, ...] = ("marginal", "whole")
KINDS: tuple[str, ...] = ("tier", "quarterly", "strategic", "clawback")
BASES_COLUMNS = ["employee_id", "period", "tier_base", "strategic_base"]
STATEMENT_COLUMNS = ["employee_id", "sales_period", "kind", "base", "amount"]
TOTALS_COLUMNS = ["employee_id", "commission"]
QUARTERLY_COLUMNS = ["employee_id", "quarter", "base", "amount"]

ZERO = Decimal(0)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Slice:
    """One line of a tier calculation, so a statement can show how the commission was reached.

    `amount` is `base × rate` exactly (not rounded): rounding each slice and adding would drift
    by a cent from the rounded total, which is the only figure that is paid.
    """

    lower: Decimal
    upper: Decimal | None
    base: Decimal
    rate: Decimal
    amount: Decimal


# --- scalar arithmetic ----------------------------------------------------------------------


def to_money(value: Any) -> Decimal:
    """Read one money value exactly; a float goes through its shortest text so 0.1 stays 0.1."""
    if isinstance(value, Decimal):
        money = value
    elif isinstance(value, bool) or value is None:
        raise ValidationError("incentives.bad_amount", value=value)
    elif isinstance(value, int | np.integer):
        money = Decimal(int(value))
    elif isinstance(value, float | np.floating):
        money = Decimal(repr(float(value)))
    else:
        try:
            money = Decimal(str(value).strip())
        except InvalidOperation as exc:
            raise ValidationError("incentives.bad_amount", value=value) from exc
    if not money.is_finite():
        raise ValidationError("incentives.bad_amount", value=value)
    return money


def round_cent(value: Decimal) -> Decimal:
    """Half-up to the cent (SPEC §7), the one rounding any paid amount goes through."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ValidationError("incentives.bad_mode", mode=mode)


def _bounds(plan: CommissionPlan) -> list[tuple[Decimal, Decimal | None, Decimal]]:
    """(lower, upper, rate) per tier; each tier starts where the previous one ends."""
    out: list[tuple[Decimal, Decimal | None, Decimal]] = []
    lower = ZERO
    for tier in plan.tiers:
        out.append((lower, tier.upper, tier.rate))
        if tier.upper is not None:
            lower = tier.upper
    return out


def tier_slices(amount: Decimal, plan: CommissionPlan, mode: Mode = "marginal") -> list[Slice]:
    """The slices behind `commission`, for the statement.

    Marginal: one slice per tier reached (SPEC: 100,000×1 % + 200,000×1.5 % + 50,000×2 %).
    Whole: a single slice, the whole amount at the rate of the tier it falls in; the slice's
    lower/upper name that tier. A tier's upper bound belongs to it, so 300,000 stays at 1.5 %.
    Nothing (an empty list) for zero or negative amounts.
    """
    _check_mode(mode)
    total = to_money(amount)
    if total <= 0:
        return []
    bounds = _bounds(plan)
    if mode == "whole":
        for lower, upper, rate in bounds:
            if upper is None or total <= upper:
                return [Slice(lower, upper, total, rate, total * rate)]
    slices: list[Slice] = []
    for lower, upper, rate in bounds:
        if total <= lower:
            break
        base = (total if upper is None else min(total, upper)) - lower
        slices.append(Slice(lower, upper, base, rate, base * rate))
    return slices


def commission(amount: Decimal, plan: CommissionPlan, mode: Mode) -> Decimal:
    """Commission on one net collected amount, rounded half-up to the cent; 0 when ≤ 0."""
    exact = sum((s.amount for s in tier_slices(amount, plan, mode)), ZERO)
    return round_cent(exact)


# --- vectorised arithmetic over Decimal columns ---------------------------------------------


def _money_column(values: pd.Series) -> pd.Series:
    """An object column of Decimals; conversion is per element because pandas has no Decimal."""
    if values.empty:
        return pd.Series([], index=values.index, dtype=object)
    return values.map(to_money).astype(object)


def _fill_zero(values: pd.Series) -> pd.Series:
    return values.astype(object).where(values.notna(), ZERO)


def commission_column(amounts: pd.Series, plan: CommissionPlan, mode: Mode) -> pd.Series:
    """`commission` over a column of amounts at once (a loop over tiers, not over rows)."""
    _check_mode(mode)
    if amounts.empty:
        return pd.Series([], index=amounts.index, dtype=object)
    total = _money_column(amounts).clip(lower=ZERO)
    bounds = _bounds(plan)
    if mode == "marginal":
        exact = pd.Series(ZERO, index=total.index, dtype=object)
        for lower, upper, rate in bounds:
            top = total if upper is None else total.clip(upper=upper)
            exact = exact + (top - lower).clip(lower=ZERO) * rate
    else:
        rate_of = pd.Series(bounds[0][2], index=total.index, dtype=object)
        for (_, previous_upper, _), (_, _, rate) in zip(bounds, bounds[1:], strict=False):
            # Strictly above the previous tier's upper bound: the bound itself stays below.
            rate_of = rate_of.where(~(total > previous_upper), rate)
        exact = total * rate_of
    return exact.map(round_cent).astype(object)


def _flat_column(amounts: pd.Series, rate: Decimal) -> pd.Series:
    """Strategic accounts: a flat rate on the positive amount, rounded like any payout."""
    if amounts.empty:
        return pd.Series([], index=amounts.index, dtype=object)
    return (_money_column(amounts).clip(lower=ZERO) * rate).map(round_cent).astype(object)


def _cents(values: pd.Series) -> pd.Series:
    """Float yuan to exact integer cents, the only safe way to add many float amounts."""
    return (values.astype("float64") * 100).round().astype("int64")


def _cents_to_money(cents: pd.Series) -> pd.Series:
    return cents.map(lambda c: Decimal(int(c)).scaleb(-2)).astype(object)


def _require(frame: pd.DataFrame, columns: list[str], name: str) -> None:
    for column in columns:
        if column not in frame.columns:
            raise ValidationError("incentives.missing_column", frame=name, column=column)


def _period_labels(values: pd.Series) -> pd.Series:
    """'YYYY-MM' text (or NaN) from text or `Period`s; a malformed month is refused."""
    labels = pd.Series(np.nan, index=values.index, dtype=object)
    present = values.notna()
    if present.any():
        canonical = {v: str(Period.parse(str(v))) for v in values[present].unique()}
        labels[present] = values[present].map(canonical)
    return labels


# --- bases from orders ----------------------------------------------------------------------


def _commission_month(orders: pd.DataFrame, collected_periods: pd.Series | None) -> pd.Series:
    """Month in which each order is commissioned, NaN while it waits for collection.

    A month given by `collected_periods` wins even if today's `collected` says True: the
    data layer only fills it for orders that were uncollected at first, and their own month
    was already paid out without them.
    """
    own = orders["order_time"].dt.strftime("%Y-%m").astype(object)
    if "collected" in orders.columns:
        uncollected = orders["collected"].astype("boolean").eq(False).fillna(False).astype(bool)
    else:
        uncollected = pd.Series(False, index=orders.index)
    month = own.where(~uncollected, np.nan)
    if collected_periods is not None:
        later = _period_labels(collected_periods.reindex(orders.index))
        month = later.where(later.notna(), month)
    return month


def _base_cents(
    orders: pd.DataFrame, collected_periods: pd.Series | None, periods: list[Period]
) -> pd.DataFrame:
    """employee_id, period, tier_cents, strategic_cents (int64) for the given months."""
    _require(orders, ["order_id", "order_time", "paid_amount", "employee_id"], "orders")
    columns = ["employee_id", "period", "tier_cents", "strategic_cents"]
    # Store owners' sales carry no employee and earn no commission (SPEC §7).
    attributed = orders.loc[orders["employee_id"].notna()]
    if attributed.empty:
        return pd.DataFrame(
            {c: pd.Series(dtype="int64" if "cents" in c else object) for c in columns}
        )
    missing_paid = attributed["paid_amount"].isna()
    if missing_paid.any():
        raise ValidationError(
            "incentives.missing_paid_amount",
            order_id=attributed.loc[missing_paid, "order_id"].iloc[0],
        )
    refund = (
        attributed["refund_amount"].fillna(0.0)
        if "refund_amount" in attributed.columns
        else pd.Series(0.0, index=attributed.index)
    )
    net = _cents(attributed["paid_amount"]) - _cents(refund)
    if "strategic_account" in attributed.columns:
        strategic = attributed["strategic_account"].astype("boolean").fillna(False).astype(bool)
    else:
        strategic = pd.Series(False, index=attributed.index)
    month = _commission_month(attributed, collected_periods)
    frame = pd.DataFrame(
        {
            "employee_id": attributed["employee_id"].astype(object),
            "period": month,
            "tier_cents": net.where(~strategic, 0),
            "strategic_cents": net.where(strategic, 0),
        }
    )
    wanted = {str(p) for p in periods}
    frame = frame.loc[frame["period"].isin(wanted)]
    out = frame.groupby(["employee_id", "period"], sort=True, as_index=False)[
        ["tier_cents", "strategic_cents"]
    ].sum()
    return out[columns].reset_index(drop=True)


def commission_bases(
    orders: pd.DataFrame, collected_periods: pd.Series | None, periods: list[Period]
) -> pd.DataFrame:
    """Net collected sales per employee and commission month, split tier vs strategic.

    orders: canonical `orders` frame (core.records.conform). collected_periods: a Series on
    the same index holding 'YYYY-MM' (or `Period`) of the month a later upload marked the order
    collected, NaN otherwise; None when nothing was ever collected late.

    Returns employee_id, period ('YYYY-MM'), tier_base, strategic_base (Decimal yuan), one row
    per employee and month with at least one commissionable order, sorted. Net is paid −
    refund (refund NaN = 0); a base may be zero or negative when refunds outweigh sales.
    """
    cents = _base_cents(orders, collected_periods, periods)
    return pd.DataFrame(
        {
            "employee_id": cents["employee_id"].astype(object),
            "period": cents["period"].astype(object),
            "tier_base": _cents_to_money(cents["tier_cents"]),
            "strategic_base": _cents_to_money(cents["strategic_cents"]),
        },
        columns=BASES_COLUMNS,
    )


# --- statements -----------------------------------------------------------------------------


def _lines(
    employee_id: pd.Series,
    sales_period: pd.Series | str,
    kind: str,
    base: pd.Series,
    amount: pd.Series,
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "employee_id": employee_id.astype(object),
            "sales_period": sales_period,
            "kind": kind,
            "base": base.astype(object),
            "amount": amount.astype(object),
        },
        columns=STATEMENT_COLUMNS,
    )


def _empty_statement() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in STATEMENT_COLUMNS})


PLAN_COLUMNS = ["employee_id", "plan", "mode"]


def commission_due(
    bases: pd.DataFrame,
    months: list[str],
    policy: Policy,
    plans: pd.DataFrame | None = None,
    mode: Mode = "marginal",
) -> pd.DataFrame:
    """What each employee's commission of each month in `months` comes to, from today's bases.

    plans: employee_id, plan ('monthly' | 'quarterly'), mode ('marginal' | 'whole') and
    optionally since ('YYYY-MM', the first month it applies to); a month with no assignment
    is on the monthly plan in `mode`. A monthly employee has a 'tier' line per month on
    that month's tier base; a quarterly one has a 'quarterly' line only in a quarter's last
    month, on the tier base of the quarter's three months (SPEC §11), under the quarterly plan.
    Strategic accounts pay their flat 'strategic' line every month whatever the plan.

    Returns STATEMENT_COLUMNS, one line per non-zero base, Decimal to the cent.
    """
    _check_mode(mode)
    _require(bases, BASES_COLUMNS, "bases")
    frame = bases[BASES_COLUMNS].copy()
    frame["period"] = _period_labels(frame["period"])
    frame["tier_base"] = _money_column(frame["tier_base"])
    frame["strategic_base"] = _money_column(frame["strategic_base"])
    assigned = _assigned_plans(frame, plans, mode)
    frame = frame.assign(plan=assigned["plan"].to_numpy(), mode=assigned["mode"].to_numpy())
    wanted = frame.loc[frame["period"].isin(set(months))]
    parts = []
    for (plan_name, plan_mode), group in frame.groupby(["plan", "mode"], sort=True):
        if plan_name == "monthly":
            tier = wanted.loc[
                (wanted["plan"] == plan_name)
                & (wanted["mode"] == plan_mode)
                & (wanted["tier_base"] != ZERO)
            ]
            parts.append(
                _lines(
                    tier["employee_id"],
                    tier["period"],
                    "tier",
                    tier["tier_base"],
                    commission_column(tier["tier_base"], policy.monthly_plan, plan_mode),
                )
            )
        else:
            parts.append(_quarterly_lines(group, months, policy, plan_mode))
    strategic = wanted.loc[wanted["strategic_base"] != ZERO]
    parts.append(
        _lines(
            strategic["employee_id"],
            strategic["period"],
            "strategic",
            strategic["strategic_base"],
            _flat_column(strategic["strategic_base"], policy.strategic_rate),
        )
    )
    parts = [p for p in parts if not p.empty]
    return pd.concat(parts, ignore_index=True) if parts else _empty_statement()


def _assigned_plans(frame: pd.DataFrame, plans: pd.DataFrame | None, mode: Mode) -> pd.DataFrame:
    """plan and mode per row of `frame` (employee_id, period): the assignment with the latest
    `since` not after that month, else the monthly plan in `mode`."""
    out = pd.DataFrame({"plan": "monthly", "mode": mode}, index=frame.index)
    if plans is None or plans.empty or frame.empty:
        return out
    _require(plans, PLAN_COLUMNS, "plans")
    for value in plans["mode"]:
        _check_mode(value)
    since = plans["since"] if "since" in plans.columns else pd.Series("", index=plans.index)
    keyed = frame[["employee_id", "period"]].reset_index(names="_row")
    matched = keyed.merge(plans.assign(since=since.fillna("")), on="employee_id")
    matched = matched.loc[matched["since"] <= matched["period"]]
    latest = matched.sort_values("since").drop_duplicates("_row", keep="last").set_index("_row")
    out.loc[latest.index, "plan"] = latest["plan"]
    out.loc[latest.index, "mode"] = latest["mode"]
    return out


def _quarterly_lines(
    frame: pd.DataFrame, months: list[str], policy: Policy, mode: Mode
) -> pd.DataFrame:
    """The quarterly plan's line for each quarter ending in `months`."""
    parts = []
    for label in sorted(set(months)):
        month = Period.parse(label)
        if not month.is_quarter_end():
            continue
        quarter = frame.loc[frame["period"].isin({str(p) for p in month.quarter_months()})]
        summed = quarter.groupby("employee_id", as_index=False, sort=True).agg(
            base=("tier_base", lambda s: sum(s, ZERO))
        )
        summed = summed.loc[summed["base"] != ZERO]
        parts.append(
            _lines(
                summed["employee_id"],
                label,
                "quarterly",
                summed["base"],
                commission_column(summed["base"], policy.quarterly_plan, mode),
            )
        )
    parts = [p for p in parts if not p.empty]
    return pd.concat(parts, ignore_index=True) if parts else _empty_statement()


def commission_statement(
    bases: pd.DataFrame,
    paid: pd.DataFrame,
    period: Period,
    policy: Policy,
    mode: Mode = "marginal",
    plans: pd.DataFrame | None = None,
    closed: set[str] | None = None,
) -> pd.DataFrame:
    """The lines paid with `period`'s payout, each one visible (SPEC §7: never silently net).

    bases: `commission_bases` for `period` and every earlier month that was paid out.
    paid: employee_id, sales_period, amount (Decimal) — everything already paid for that sales
    month, earlier adjustments included. closed: the months already paid out (their payroll
    runs are closed); by default every month appearing in `paid`. Each employee's commission
    for a closed month is recomputed from today's bases and any difference becomes a
    'clawback' line (negative to recover, positive to top up, e.g. for orders uploaded late).
    Rows of `paid` for `period` or later are ignored: this payout is the one being prepared.
    plans: per-employee plans, as `commission_due` takes them.

    Returns employee_id, sales_period, kind ('tier' | 'quarterly' | 'strategic' |
    'clawback'), base, amount (Decimal, to the cent); base is the tier (or quarter's) base, the
    strategic base, or for a clawback the restated net collected sales of that month (tier +
    strategic). Sorted by employee, kind, month.
    """
    _check_mode(mode)
    _require(paid, ["employee_id", "sales_period", "amount"], "paid")
    month = str(period)
    parts = [
        commission_due(bases, [month], policy, plans, mode),
        _clawbacks(bases, paid, month, policy, mode, plans, closed),
    ]
    parts = [p for p in parts if not p.empty]
    if not parts:
        return _empty_statement()
    out = pd.concat(parts, ignore_index=True)
    order = out["kind"].map({k: i for i, k in enumerate(KINDS)})
    out = out.assign(_order=order).sort_values(["employee_id", "_order", "sales_period"])
    return out.drop(columns="_order").reset_index(drop=True)


def _clawbacks(
    bases: pd.DataFrame,
    paid: pd.DataFrame,
    month: str,
    policy: Policy,
    mode: Mode,
    plans: pd.DataFrame | None,
    closed: set[str] | None,
) -> pd.DataFrame:
    """Restate every paid-out month before `month` and return its differences as lines."""
    settled = paid[["employee_id", "sales_period", "amount"]].copy()
    settled["sales_period"] = _period_labels(settled["sales_period"])
    settled = settled.loc[settled["sales_period"].notna() & (settled["sales_period"] < month)]
    months = set(settled["sales_period"]) if closed is None else set(closed)
    months = {m for m in months if m < month}
    if not months:
        return _empty_statement()
    settled = settled.loc[settled["sales_period"].isin(months)]
    settled["amount"] = _money_column(settled["amount"])
    keys = ["employee_id", "sales_period"]
    if settled.duplicated(keys).any():
        # Decimal has no vectorised sum; most callers pass one row per key already.
        settled = settled.groupby(keys, as_index=False, sort=True).agg(
            amount=("amount", lambda s: sum(s, ZERO))
        )
    settled = settled.rename(columns={"amount": "paid"})
    due = commission_due(bases, sorted(months), policy, plans, mode)
    due = due.groupby(keys, as_index=False, sort=True).agg(due=("amount", lambda s: sum(s, ZERO)))
    frame = bases[BASES_COLUMNS].copy()
    frame["sales_period"] = _period_labels(frame["period"])
    frame = frame.loc[frame["sales_period"].isin(months)]
    frame["restated_base"] = _money_column(frame["tier_base"]) + _money_column(
        frame["strategic_base"]
    )
    merged = due.merge(
        frame[["employee_id", "sales_period", "restated_base"]], on=keys, how="outer"
    ).merge(settled, on=keys, how="outer")
    for column in ("due", "restated_base", "paid"):
        merged[column] = _fill_zero(merged[column])
    # Both sides are whole cents already; quantizing only fixes the display scale ("−1150.00").
    merged["difference"] = (merged["due"] - merged["paid"]).map(round_cent)
    merged["restated_base"] = merged["restated_base"].map(round_cent)
    changed = merged.loc[merged["difference"] != ZERO]
    return _lines(
        changed["employee_id"],
        changed["sales_period"],
        "clawback",
        changed["restated_base"],
        changed["difference"],
    )


def commission_totals(statement: pd.DataFrame) -> pd.DataFrame:
    """employee_id, commission (Decimal): what each employee is paid with this statement."""
    _require(statement, ["employee_id", "amount"], "statement")
    if statement.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in TOTALS_COLUMNS})
    amounts = statement.assign(amount=_money_column(statement["amount"]))
    out = amounts.groupby("employee_id", as_index=False, sort=True).agg(
        commission=("amount", lambda s: sum(s, ZERO))
    )
    out["commission"] = out["commission"].astype(object)
    return out[TOTALS_COLUMNS].reset_index(drop=True)


def quarterly_commission(
    bases: pd.DataFrame, quarter_end: Period, policy: Policy, mode: Mode = "marginal"
) -> pd.DataFrame:
    """Commission under the quarterly (export) plan on the sum of the quarter's three months.

    Only the tier base counts; strategic accounts keep their flat monthly line. Which staff are
    paid quarterly is the caller's choice. Returns employee_id, quarter ('YYYY-Qn'), base,
    amount (Decimal), for employees with a non-zero quarterly base.
    """
    _check_mode(mode)
    if not quarter_end.is_quarter_end():
        raise ValidationError("incentives.not_quarter_end", period=str(quarter_end))
    _require(bases, ["employee_id", "period", "tier_base"], "bases")
    months = {str(p) for p in quarter_end.quarter_months()}
    frame = bases.loc[_period_labels(bases["period"]).isin(months), ["employee_id", "tier_base"]]
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in QUARTERLY_COLUMNS})
    frame = frame.assign(tier_base=_money_column(frame["tier_base"]))
    summed = frame.groupby("employee_id", as_index=False, sort=True).agg(
        base=("tier_base", lambda s: sum(s, ZERO))
    )
    summed = summed.loc[summed["base"] != ZERO]
    return pd.DataFrame(
        {
            "employee_id": summed["employee_id"].astype(object),
            "quarter": f"{quarter_end.year}-Q{quarter_end.quarter()}",
            "base": summed["base"].astype(object),
            "amount": commission_column(summed["base"], policy.quarterly_plan, mode),
        },
        columns=QUARTERLY_COLUMNS,
    ).reset_index(drop=True)


# --- sales floor ----------------------------------------------------------------------------


def quarter_days_employed(employees: pd.DataFrame, months: list[Period]) -> pd.Series:
    """Days employed within consecutive `months`, both ends inclusive, per employees row.

    The vectorised form of `core.periods.days_employed_in` (tests pin that they agree): one
    interval intersection instead of a Python call per employee.
    """
    first = pd.Timestamp(months[0].first_day)
    last = pd.Timestamp(months[-1].last_day)
    hire = _dates(employees, "hire_date")
    leave = _dates(employees, "leave_date")
    start = hire.where(hire > first, first)
    end = leave.where(leave < last, last)
    return ((end - start).dt.days + 1).clip(lower=0).astype("int64")


def _dates(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    return pd.to_datetime(frame[column]).dt.normalize()


def sales_floor_flags(
    bases: pd.DataFrame,
    orders: pd.DataFrame,
    employees: pd.DataFrame,
    period: Period,
    policy: Policy,
) -> set[str]:
    """Ids of sales staff to flag `sales_floor` (SPEC §7), raised only in a quarter's last month.

    bases: `commission_bases` covering at least the quarter's months, so the floor reads the
    same collected numbers as the payout. orders: canonical orders with enough history for
    the idle window. employees: canonical employees (employee_id, role, hire_date, leave_date).
    Flagged: role 'sales', employed at least one day of the quarter, and either
    - net collected sales of the quarter (tier + strategic accounts) below
      `sales_floor_quarter × days employed in the quarter ÷ days in the quarter`, or
    - no order (placed, not fully refunded) in each of the last `sales_floor_idle_months`
      months ending with `period`, when employed during every one of those months
      (a joiner is not idle for months before they came).
    """
    if not period.is_quarter_end():
        return set()
    _require(bases, BASES_COLUMNS, "bases")
    _require(orders, ["order_time", "paid_amount", "employee_id"], "orders")
    _require(employees, ["employee_id", "role"], "employees")
    staff = employees.loc[employees["role"] == "sales"]
    if staff.empty:
        return set()
    ids = staff["employee_id"].astype(object)
    quarter = period.quarter_months()
    days = quarter_days_employed(staff, quarter)
    quarter_days = (quarter[-1].end - quarter[0].start).days

    in_quarter = bases.loc[_period_labels(bases["period"]).isin({str(p) for p in quarter})]
    net_of = (
        (_money_column(in_quarter["tier_base"]) + _money_column(in_quarter["strategic_base"]))
        .groupby(in_quarter["employee_id"])
        .agg(lambda s: sum(s, ZERO))
    )
    net = ids.map(net_of.to_dict()).where(ids.isin(net_of.index), ZERO).astype(object)
    # net ÷ quarter days < floor × days ÷ quarter days, cross-multiplied: exact, no rounding.
    below = net * quarter_days < days.astype(object) * policy.sales_floor_quarter
    flagged = (days > 0) & below.astype(bool)

    idle_months = policy.sales_floor_idle_months
    if idle_months > 0:
        flagged |= _idle(orders, staff, period, idle_months)
    return {str(i) for i in ids[flagged]}


def _idle(orders: pd.DataFrame, staff: pd.DataFrame, period: Period, months: int) -> pd.Series:
    """True per staff row with no order in any of the `months` months ending with `period`."""
    window = months_ending(period, months)
    start, end = pd.Timestamp(window[0].start), pd.Timestamp(window[-1].end)
    placed = orders.loc[
        orders["employee_id"].notna()
        & (orders["order_time"] >= start)
        & (orders["order_time"] < end)
    ]
    if "refund_amount" in placed.columns:
        refund = placed["refund_amount"]
        fully_refunded = (refund >= placed["paid_amount"]) & (refund > 0)
        placed = placed.loc[~fully_refunded.fillna(False).astype(bool)]
    active = staff["employee_id"].isin(set(placed["employee_id"]))
    hire = _dates(staff, "hire_date")
    leave = _dates(staff, "leave_date")
    throughout = (hire.isna() | (hire <= pd.Timestamp(window[0].last_day))) & (
        leave.isna() | (leave >= pd.Timestamp(window[-1].first_day))
    )
    return (~active & throughout).astype(bool)
