"""Commission of SPEC §7: worked examples, bases from orders, statements, clawback, sales floor.

Every expected value is worked out by hand from SPEC; the arithmetic is in the comment beside it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.commission import (
    BASES_COLUMNS,
    STATEMENT_COLUMNS,
    Slice,
    commission,
    commission_bases,
    commission_column,
    commission_statement,
    commission_totals,
    quarter_days_employed,
    quarterly_commission,
    sales_floor_flags,
    tier_slices,
)
from core.errors import ValidationError
from core.periods import Period, days_employed_in
from core.policy import DEFAULT_POLICY, CommissionPlan, Policy, Tier
from core.records import conform

D = Decimal
PLAN = DEFAULT_POLICY.monthly_plan
MAR, APR, MAY = Period(2026, 3), Period(2026, 4), Period(2026, 5)


def orders(rows: list[dict]) -> pd.DataFrame:
    base = {"customer_id": "c1", "order_time": "2026-03-10 10:00"}
    return conform("orders", pd.DataFrame([{**base, **r} for r in rows]))


def bases_frame(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame([(e, p, D(t), D(s)) for e, p, t, s in rows], columns=BASES_COLUMNS)


def paid_frame(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(e, p, D(a)) for e, p, a in rows], columns=["employee_id", "sales_period", "amount"]
    )


NO_PAID = paid_frame([])


# --- SPEC §7 worked examples, all eight numbers ---------------------------------------------


@pytest.mark.parametrize(
    ("amount", "marginal", "whole"),
    [
        # 100,000×1% + 200,000×1.5% + 50,000×2% = 1,000 + 3,000 + 1,000 = 5,000; 350,000×2% = 7,000
        ("350000", "5000.00", "7000.00"),
        # 100,000×1% + 200,000×1.5% = 1,000 + 3,000 = 4,000; 300,000 is a 1.5% amount: ×1.5% = 4,500
        ("300000", "4000.00", "4500.00"),
        # 1,000 + 3,000 + 200,000×2% (4,000) + 300,000×2.5% (7,500) = 15,500; 800,000×2.5% = 20,000
        ("800000", "15500.00", "20000.00"),
        # 15,500 + 100,000×3% (3,000) = 18,500; 900,000×3% = 27,000
        ("900000", "18500.00", "27000.00"),
    ],
)
def test_spec_worked_examples(amount: str, marginal: str, whole: str) -> None:
    assert commission(D(amount), PLAN, "marginal") == D(marginal)
    assert commission(D(amount), PLAN, "whole") == D(whole)
    column = pd.Series([D(amount)], dtype=object)
    assert commission_column(column, PLAN, "marginal").iloc[0] == D(marginal)
    assert commission_column(column, PLAN, "whole").iloc[0] == D(whole)


@pytest.mark.parametrize(
    ("amount", "marginal", "whole"),
    [
        # exactly 100,000 belongs to the 1% tier: 100,000×1% = 1,000 both ways
        ("100000", "1000.00", "1000.00"),
        # one cent above: 1,000 + 0.01×1.5% = 1,000.00015 → 1,000.00; whole 100,000.01×1.5% =
        # 1,500.00015 → 1,500.00
        ("100000.01", "1000.00", "1500.00"),
        # one cent above 300,000: 4,000 + 0.01×2% = 4,000.0002 → 4,000.00;
        # whole 300,000.01×2% = 6,000.0002 → 6,000.00
        ("300000.01", "4000.00", "6000.00"),
        # 0.50×1% = 0.005 → half-up gives 0.01 (banker's rounding would give 0.00)
        ("0.50", "0.01", "0.01"),
        # 0.49×1% = 0.0049 → 0.00
        ("0.49", "0.00", "0.00"),
    ],
)
def test_tier_boundaries_and_half_up(amount: str, marginal: str, whole: str) -> None:
    assert commission(D(amount), PLAN, "marginal") == D(marginal)
    assert commission(D(amount), PLAN, "whole") == D(whole)


@pytest.mark.parametrize("amount", ["0", "-1", "-350000"])
def test_zero_or_negative_pays_nothing(amount: str) -> None:
    assert commission(D(amount), PLAN, "marginal") == D("0.00")
    assert commission(D(amount), PLAN, "whole") == D("0.00")
    assert tier_slices(D(amount), PLAN) == []


def test_tier_slices_show_each_slice() -> None:
    # SPEC: 100,000×1% + 200,000×1.5% + 50,000×2%
    slices = tier_slices(D(350_000), PLAN)
    assert [(s.lower, s.upper, s.base, s.rate) for s in slices] == [
        (D(0), D(100_000), D(100_000), D("0.01")),
        (D(100_000), D(300_000), D(200_000), D("0.015")),
        (D(300_000), D(500_000), D(50_000), D("0.02")),
    ]
    assert [s.amount for s in slices] == [D(1000), D(3000), D(1000)]
    # whole: one slice, 350,000 at the 300,000–500,000 tier's 2%
    assert tier_slices(D(350_000), PLAN, "whole") == [
        Slice(D(300_000), D(500_000), D(350_000), D("0.02"), D(7000))
    ]
    # open top tier: 900,000 → last slice 800,000–∞, base 100,000 at 3%
    top = tier_slices(D(900_000), PLAN)[-1]
    assert (top.lower, top.upper, top.base, top.rate) == (D(800_000), None, D(100_000), D("0.03"))


def test_int_amount_is_accepted() -> None:
    assert commission(350_000, PLAN, "marginal") == D(5000)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity"), "abc", None, True])
def test_bad_amount_is_refused_with_a_message(bad: object) -> None:
    with pytest.raises(ValidationError) as info:
        commission(bad, PLAN, "marginal")  # type: ignore[arg-type]
    assert info.value.key == "incentives.bad_amount"
    assert "金额" in info.value.message("zh")


def test_bad_mode_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        commission(D(1), PLAN, "flat")  # type: ignore[arg-type]
    assert info.value.key == "incentives.bad_mode"


# --- hypothesis properties ------------------------------------------------------------------

amounts = st.decimals(
    min_value=D("-1000"), max_value=D("20000000"), places=2, allow_nan=False, allow_infinity=False
)


@st.composite
def plans(draw: st.DrawFn) -> CommissionPlan:
    """Ascending bounds with non-decreasing rates, like every real progressive plan."""
    n = draw(st.integers(min_value=1, max_value=5))
    uppers = sorted(
        draw(st.sets(st.integers(min_value=1, max_value=2_000_000), min_size=n - 1, max_size=n - 1))
    )
    rates = sorted(draw(st.lists(st.integers(0, 100), min_size=n, max_size=n)))
    tiers = [Tier(D(u), D(r) / 1000) for u, r in zip(uppers, rates, strict=False)]
    tiers.append(Tier(None, D(rates[-1]) / 1000))
    return CommissionPlan(tuple(tiers))


plans_or_default = st.one_of(st.just(PLAN), plans())


@settings(max_examples=200, deadline=None)
@given(plans_or_default, amounts, amounts)
def test_non_negative_monotone_and_marginal_below_whole(
    plan: CommissionPlan, a: Decimal, b: Decimal
) -> None:
    low, high = min(a, b), max(a, b)
    for mode in ("marginal", "whole"):
        assert commission(low, plan, mode) >= 0
        assert commission(low, plan, mode) <= commission(high, plan, mode)
    assert commission(high, plan, "marginal") <= commission(high, plan, "whole")


@settings(max_examples=200, deadline=None)
@given(plans_or_default, amounts, st.decimals(min_value=D("0.01"), max_value=D("1000"), places=2))
def test_marginal_has_no_jump(plan: CommissionPlan, a: Decimal, step: Decimal) -> None:
    # Each extra yuan earns at most the top rate; half a cent of rounding on each side.
    top_rate = max(t.rate for t in plan.tiers)
    jump = commission(a + step, plan, "marginal") - commission(a, plan, "marginal")
    assert D(0) <= jump <= top_rate * step + D("0.01")


@settings(max_examples=50, deadline=None)
@given(plans_or_default, st.lists(amounts, max_size=8))
def test_column_agrees_with_scalar(plan: CommissionPlan, values: list[Decimal]) -> None:
    column = pd.Series(values, dtype=object)
    for mode in ("marginal", "whole"):
        assert commission_column(column, plan, mode).tolist() == [
            commission(v, plan, mode) for v in values
        ]


# --- bases from orders ----------------------------------------------------------------------


def test_bases_net_collected_strategic_and_ownerless() -> None:
    frame = orders(
        [
            # collected not given → counts as collected, commissioned in March
            {"order_id": "A", "employee_id": "e1", "paid_amount": 200_000},
            # net 160,000 − 10,000 = 150,000
            {
                "order_id": "B",
                "employee_id": "e1",
                "paid_amount": 160_000,
                "refund_amount": 10_000,
                "collected": True,
            },
            # strategic account: its own base, not in the tier base
            {
                "order_id": "C",
                "employee_id": "e1",
                "paid_amount": 50_000,
                "strategic_account": True,
            },
            # a store owner's sale without employee: no commission for anybody
            {"order_id": "D", "paid_amount": 999},
            # not collected, a later upload marked it collected in April
            {"order_id": "E", "employee_id": "e1", "paid_amount": 40_000, "collected": False},
            # not collected and still waiting
            {"order_id": "F", "employee_id": "e1", "paid_amount": 30_000, "collected": False},
            # fully refunded: 5,000 − 5,000 = 0, still a row (the month exists)
            {"order_id": "G", "employee_id": "e2", "paid_amount": 5_000, "refund_amount": 5_000},
        ]
    )
    later = pd.Series([None, None, None, None, "2026-04", None, None], dtype=object)
    bases = commission_bases(frame, later, [MAR, APR])
    assert list(bases.columns) == BASES_COLUMNS
    rows = {(r.employee_id, r.period): (r.tier_base, r.strategic_base) for r in bases.itertuples()}
    assert rows == {
        # tier 200,000 + 150,000 = 350,000; strategic 50,000
        ("e1", "2026-03"): (D("350000.00"), D("50000.00")),
        # E's 40,000, paid in the month it was collected
        ("e1", "2026-04"): (D("40000.00"), D("0.00")),
        ("e2", "2026-03"): (D("0.00"), D("0.00")),
    }
    assert all(isinstance(v, Decimal) for v in bases["tier_base"])


def test_bases_only_requested_periods_and_collected_later_without_series() -> None:
    frame = orders(
        [
            {"order_id": "A", "employee_id": "e1", "paid_amount": 100},
            {"order_id": "B", "employee_id": "e1", "paid_amount": 100, "collected": False},
            {
                "order_id": "C",
                "employee_id": "e1",
                "paid_amount": 100,
                "order_time": "2026-02-27 09:00",
            },
        ]
    )
    bases = commission_bases(frame, None, [MAR])
    # only A: B still uncollected, C belongs to February which was not asked for
    assert bases[["employee_id", "period"]].values.tolist() == [["e1", "2026-03"]]
    assert bases["tier_base"].tolist() == [D("100.00")]


def test_bases_sum_float_amounts_exactly() -> None:
    frame = orders(
        [
            {"order_id": "A", "employee_id": "e1", "paid_amount": 0.1},
            {"order_id": "B", "employee_id": "e1", "paid_amount": 0.2},
        ]
    )
    # 0.1 + 0.2 in floats is 0.30000000000000004; in cents 10 + 20 = 30 → 0.30
    assert commission_bases(frame, None, [MAR])["tier_base"].tolist() == [D("0.30")]


def test_bases_empty_and_bad_collected_period() -> None:
    empty = commission_bases(conform("orders", pd.DataFrame()), None, [MAR])
    assert empty.empty and list(empty.columns) == BASES_COLUMNS
    frame = orders([{"order_id": "A", "employee_id": "e1", "paid_amount": 1, "collected": False}])
    with pytest.raises(ValidationError) as info:
        commission_bases(frame, pd.Series(["April"]), [MAR])
    assert info.value.key == "period.invalid"


# --- statements and clawback ----------------------------------------------------------------


def test_spec_clawback_minus_1150_from_orders() -> None:
    # March: one 350,000 order, paid out in March's payout as 5,000 (SPEC marginal example).
    # In April a 60,000 refund is booked on it, and e1 sells 120,000 in April.
    frame = orders(
        [
            {
                "order_id": "M1",
                "employee_id": "e1",
                "paid_amount": 350_000,
                "refund_amount": 60_000,
            },
            {
                "order_id": "A1",
                "employee_id": "e1",
                "paid_amount": 120_000,
                "order_time": "2026-04-03 11:00",
            },
        ]
    )
    bases = commission_bases(frame, None, [MAR, APR])
    paid = paid_frame([("e1", "2026-03", "5000.00")])
    statement = commission_statement(bases, paid, APR, DEFAULT_POLICY)
    assert list(statement.columns) == STATEMENT_COLUMNS
    assert statement.values.tolist() == [
        # April: 100,000×1% + 20,000×1.5% = 1,000 + 300 = 1,300
        ["e1", "2026-04", "tier", D("120000.00"), D("1300.00")],
        # March restated to 350,000 − 60,000 = 290,000: 100,000×1% + 190,000×1.5% = 1,000 +
        # 2,850 = 3,850; already paid 5,000 → 3,850 − 5,000 = −1,150
        ["e1", "2026-03", "clawback", D("290000.00"), D("-1150.00")],
    ]
    # 1,300 − 1,150 = 150, and both lines stay visible above
    assert commission_totals(statement).values.tolist() == [["e1", D("150.00")]]


def test_clawback_whole_mode() -> None:
    bases = bases_frame([("e1", "2026-03", "290000", "0")])
    paid = paid_frame([("e1", "2026-03", "7000")])  # 350,000×2% paid in whole mode
    statement = commission_statement(bases, paid, APR, DEFAULT_POLICY, mode="whole")
    # 290,000 is a 1.5% amount: 4,350; 4,350 − 7,000 = −2,650
    assert statement[["sales_period", "kind", "amount"]].values.tolist() == [
        ["2026-03", "clawback", D(-2650)]
    ]


def test_strategic_line_is_flat_and_outside_the_tier_base() -> None:
    bases = bases_frame([("e1", "2026-04", "350000", "50000")])
    statement = commission_statement(bases, NO_PAID, APR, DEFAULT_POLICY)
    assert statement[["kind", "base", "amount"]].values.tolist() == [
        # tier on 350,000 only = 5,000 (with the 50,000 it would be 6,000)
        ["tier", D(350_000), D("5000.00")],
        # 50,000×0.2% = 100
        ["strategic", D(50_000), D("100.00")],
    ]
    assert commission_totals(statement)["commission"].tolist() == [D("5100.00")]


def test_no_clawback_when_paid_matches_including_earlier_adjustments() -> None:
    # March was paid 5,000 in March and adjusted −1,150 in April: 3,850 = restated 290,000
    bases = bases_frame([("e1", "2026-03", "290000", "0"), ("e1", "2026-05", "0", "0")])
    paid = paid_frame([("e1", "2026-03", "5000"), ("e1", "2026-03", "-1150")])
    assert commission_statement(bases, paid, MAY, DEFAULT_POLICY).empty


def test_clawback_when_orders_vanish_and_top_up_for_late_orders() -> None:
    bases = bases_frame([("e2", "2026-03", "100000", "0")])
    # e1 was paid 1,000 for March but none of the March orders remain; e2 was never paid for
    # March (its orders arrived late) although March was paid out.
    paid = paid_frame([("e1", "2026-03", "1000")])
    statement = commission_statement(bases, paid, APR, DEFAULT_POLICY)
    assert statement[["employee_id", "sales_period", "kind", "base", "amount"]].values.tolist() == [
        # 0 − 1,000
        ["e1", "2026-03", "clawback", D(0), D(-1000)],
        # 100,000×1% = 1,000 − 0
        ["e2", "2026-03", "clawback", D(100_000), D("1000.00")],
    ]


def test_months_never_paid_out_and_the_current_month_are_not_restated() -> None:
    # February was never paid out (nothing in `paid`); April's own paid row is this payout's
    bases = bases_frame([("e1", "2026-02", "100000", "0"), ("e1", "2026-04", "100000", "0")])
    paid = paid_frame([("e1", "2026-04", "1000")])
    statement = commission_statement(bases, paid, APR, DEFAULT_POLICY)
    assert statement[["sales_period", "kind", "amount"]].values.tolist() == [
        ["2026-04", "tier", D("1000.00")]
    ]


def test_empty_statement_and_totals() -> None:
    statement = commission_statement(bases_frame([]), NO_PAID, APR, DEFAULT_POLICY)
    assert statement.empty and list(statement.columns) == STATEMENT_COLUMNS
    assert commission_totals(statement).empty


def test_statement_refuses_bad_mode_and_missing_columns() -> None:
    with pytest.raises(ValidationError):
        commission_statement(bases_frame([]), NO_PAID, APR, DEFAULT_POLICY, mode="flat")  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as info:
        commission_statement(bases_frame([]), pd.DataFrame(), APR, DEFAULT_POLICY)
    assert info.value.key == "incentives.missing_column"


# --- quarterly plan -------------------------------------------------------------------------


def test_quarterly_plan() -> None:
    q1_end = Period(2026, 3)
    bases = bases_frame(
        [
            ("e1", "2026-01", "400000", "0"),
            ("e1", "2026-02", "300000", "90000"),  # strategic does not count
            ("e1", "2026-03", "500000", "0"),
            ("e1", "2026-04", "999999", "0"),  # next quarter
            ("e2", "2026-02", "1000000", "0"),
        ]
    )
    marginal = quarterly_commission(bases, q1_end, DEFAULT_POLICY)
    assert marginal.values.tolist() == [
        # 400,000 + 300,000 + 500,000 = 1,200,000: 1,000,000×2.5% + 200,000×3% = 25,000 + 6,000
        ["e1", "2026-Q1", D(1_200_000), D("31000.00")],
        # exactly 1,000,000 is a 2.5% amount: 25,000
        ["e2", "2026-Q1", D(1_000_000), D("25000.00")],
    ]
    whole = quarterly_commission(bases, q1_end, DEFAULT_POLICY, "whole")
    # 1,200,000×3% = 36,000; 1,000,000×2.5% = 25,000
    assert whole["amount"].tolist() == [D("36000.00"), D("25000.00")]
    with pytest.raises(ValidationError) as info:
        quarterly_commission(bases, Period(2026, 2), DEFAULT_POLICY)
    assert info.value.key == "incentives.not_quarter_end"


# --- sales floor ----------------------------------------------------------------------------


def floor_flags(
    frame: pd.DataFrame,
    later: pd.Series | None,
    staff: pd.DataFrame,
    period: Period = MAR,
    policy: Policy = DEFAULT_POLICY,
) -> set[str]:
    """Bases over the quarter, as the data layer computes them, then the floor."""
    bases = commission_bases(frame, later, period.quarter_months())
    return sales_floor_flags(bases, frame, staff, period, policy)


def employees(rows: list[dict]) -> pd.DataFrame:
    return conform("employees", pd.DataFrame([{"name": "n", "role": "sales", **r} for r in rows]))


def floor_orders(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return orders(
        [
            {"order_id": f"o{i}", "employee_id": e, "order_time": t, "paid_amount": amount}
            for i, (e, t, amount) in enumerate(rows)
        ]
    )


def test_sales_floor_with_proration() -> None:
    # Q1 2026 has 31 + 28 + 31 = 90 days; floor 60,000.
    staff = employees(
        [
            {"employee_id": "below", "hire_date": "2025-01-01"},
            {"employee_id": "at", "hire_date": "2025-01-01"},
            # joined 15 Feb: 14 days of February (15–28) + 31 of March = 45 days;
            # prorated floor 60,000 × 45 ÷ 90 = 30,000
            {"employee_id": "joiner_ok", "hire_date": "2026-02-15"},
            {"employee_id": "joiner_low", "hire_date": "2026-02-15"},
            {"employee_id": "gone", "hire_date": "2024-01-01", "leave_date": "2025-12-31"},
            {"employee_id": "ops", "role": "ops"},
        ]
    )
    sales = floor_orders(
        [
            ("below", "2026-01-10", 20_000),
            ("below", "2026-02-10", 20_000),
            ("below", "2026-03-10", 19_999.99),  # 59,999.99 < 60,000
            ("at", "2026-01-10", 30_000),
            ("at", "2026-03-10", 30_000),  # exactly 60,000
            ("joiner_ok", "2026-03-01", 30_000),  # exactly 30,000: not below
            ("joiner_low", "2026-03-01", 29_999),  # 29,999 < 30,000
        ]
    )
    flags = floor_flags(sales, None, staff, Period(2026, 3), DEFAULT_POLICY)
    assert flags == {"below", "joiner_low"}
    # only in the quarter's last month
    assert floor_flags(sales, None, staff, Period(2026, 2), DEFAULT_POLICY) == set()


def test_sales_floor_counts_collected_sales_only() -> None:
    staff = employees([{"employee_id": "e1"}])
    frame = orders(
        [
            {"order_id": "a", "employee_id": "e1", "paid_amount": 50_000},
            # placed in March but not collected: does not lift e1 over the floor
            {"order_id": "b", "employee_id": "e1", "paid_amount": 50_000, "collected": False},
        ]
    )
    # 50,000 < 60,000
    assert floor_flags(frame, None, staff, MAR, DEFAULT_POLICY) == {"e1"}
    # collected in March after all: 100,000 ≥ 60,000
    later = pd.Series([None, "2026-03"], dtype=object)
    assert floor_flags(frame, later, staff, MAR, DEFAULT_POLICY) == set()


def test_idle_three_months() -> None:
    staff = employees(
        [{"employee_id": "idle"}, {"employee_id": "busy"}, {"employee_id": "refunded"}]
    )
    frame = orders(
        [
            # placed in December, collected in January: 100,000 ≥ floor, yet no order in
            # January, February or March → idle 3 months
            {
                "order_id": "a",
                "employee_id": "idle",
                "paid_amount": 100_000,
                "order_time": "2025-12-20",
                "collected": False,
            },
            {
                "order_id": "b",
                "employee_id": "busy",
                "paid_amount": 100_000,
                "order_time": "2026-01-05",
            },
            {
                "order_id": "c",
                "employee_id": "refunded",
                "paid_amount": 100_000,
                "order_time": "2026-01-05",
            },
            # a fully refunded order is not an order
            {
                "order_id": "d",
                "employee_id": "refunded",
                "paid_amount": 10,
                "refund_amount": 10,
                "order_time": "2026-03-05",
            },
        ]
    )
    later = pd.Series(["2026-01", None, None, None], dtype=object)
    # busy and refunded ordered in January (within the 3 months)
    assert floor_flags(frame, later, staff, MAR, DEFAULT_POLICY) == {"idle"}
    # with a 2-month idle rule, no order in February or March flags the two January sellers
    two = replace(DEFAULT_POLICY, sales_floor_idle_months=2)
    assert floor_flags(frame, later, staff, MAR, two) == {"idle", "busy", "refunded"}


def test_idle_needs_employment_through_the_window() -> None:
    # No floor, so only the idle rule speaks. Joined 1 February and never sold.
    staff = employees([{"employee_id": "new", "hire_date": "2026-02-01"}])
    no_floor = replace(DEFAULT_POLICY, sales_floor_quarter=D(0))
    # 3-month window January–March: not employed in January → not idle for it
    assert floor_flags(floor_orders([]), None, staff, MAR, no_floor) == set()
    # 2-month window February–March: employed throughout, no order → idle
    two = replace(no_floor, sales_floor_idle_months=2)
    assert floor_flags(floor_orders([]), None, staff, MAR, two) == {"new"}


@settings(max_examples=100, deadline=None)
@given(
    st.one_of(st.none(), st.dates(date(2025, 10, 1), date(2026, 5, 1))),
    st.one_of(st.none(), st.integers(0, 200)),
)
def test_quarter_days_agree_with_days_employed_in(hire: date | None, stay: int | None) -> None:
    leave = None if stay is None else (hire or date(2025, 10, 1)) + timedelta(days=stay)
    quarter = Period(2026, 3).quarter_months()
    frame = employees([{"employee_id": "e", "hire_date": hire, "leave_date": leave}])
    assert quarter_days_employed(frame, quarter).iloc[0] == days_employed_in(quarter, hire, leave)


def test_order_without_paid_amount_is_refused() -> None:
    frame = conform(
        "orders",
        pd.DataFrame(
            [
                {
                    "order_id": "X9",
                    "employee_id": "e1",
                    "customer_id": "c",
                    "order_time": "2026-03-01",
                }
            ]
        ),
    )
    with pytest.raises(ValidationError) as info:
        commission_bases(frame, None, [MAR])
    assert info.value.key == "incentives.missing_paid_amount"
    assert "X9" in info.value.message("zh")


def test_sales_floor_reads_only_the_quarter_from_longer_bases() -> None:
    # The data layer passes bases for every month up to now: December's 500,000 is not Q1's.
    staff = employees([{"employee_id": "e1"}])
    frame = floor_orders([("e1", "2025-12-10", 500_000), ("e1", "2026-03-10", 59_000)])
    bases = commission_bases(frame, None, [Period(2025, 12), *MAR.quarter_months()])
    # Q1 net 59,000 < 60,000 (full quarter employed)
    assert sales_floor_flags(bases, frame, staff, MAR, DEFAULT_POLICY) == {"e1"}
