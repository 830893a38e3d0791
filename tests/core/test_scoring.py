"""Scoring of SPEC §4: linear, bands and manual KPI scores, the weighted KPI score, projection.

Every expected value is worked out by hand from SPEC in the comment beside it.
"""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from core.errors import ValidationError
from core.periods import Period
from core.policy import Policy
from core.scoring import (
    SCORECARD_COLUMNS,
    Bands,
    check_bands,
    kpi_scores,
    parse_bands,
    project_actuals,
    projection,
    score_kpi,
    score_linear,
    score_plan,
)

APRIL = Period(2026, 4)
CS_BANDS = "0.98=100;0.95=80;else=0"


def plan_row(employee: str, kpi: str, weight: float, target: float | None, **kw: object) -> dict:
    return {
        "employee_id": employee,
        "kpi_id": kpi,
        "weight": weight,
        "target": np.nan if target is None else target,
        "method": kw.get("method", "linear"),
        "cap": kw.get("cap", 120.0),
        "bands": kw.get("bands"),
        "prorate_factor": kw.get("prorate_factor", 1.0),
    }


def actuals(*rows: tuple[str, str, float]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["employee_id", "kpi_id", "actual"])


# --- linear ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kpi", "actual", "target", "cap", "expected"),
    [
        # higher is better: 100 × 285000 ÷ 300000 = 95
        ("net_sales", 285_000, 300_000, 120, 95.0),
        # 100 × 0.9 ÷ 0.9 = 100 exactly on target
        ("csat", 0.9, 0.9, 120, 100.0),
        # 100 × 400000 ÷ 300000 = 133.3 → clipped to the cap 120
        ("net_sales", 400_000, 300_000, 120, 120.0),
        # with a cap of 150 the same 133.33… stands: 400/3
        ("net_sales", 400_000, 300_000, 150, 400 / 3),
        # zero is a real result (records summing to 0), not missing: 100 × 0 ÷ 300000 = 0
        ("net_sales", 0, 300_000, 120, 0.0),
        # refunds above sales: 100 × −5000 ÷ 300000 < 0 → clipped to 0
        ("net_sales", -5_000, 300_000, 120, 0.0),
        # lower is better: 100 × 45 ÷ 60 = 75
        ("first_response_s", 60, 45, 120, 75.0),
        # 100 × 45 ÷ 30 = 150 → cap 120
        ("first_response_s", 30, 45, 120, 120.0),
        # lower-is-better with actual 0 scores the cap (SPEC §4)
        ("first_response_s", 0, 45, 120, 120.0),
        ("revision_rounds", 0, 2, 150, 150.0),
        # 100 × 2 ÷ 2.5 = 80
        ("revision_rounds", 2.5, 2, 120, 80.0),
    ],
)
def test_linear_scores(kpi: str, actual: float, target: float, cap: float, expected: float) -> None:
    assert score_kpi(actual, target, kpi, "linear", cap) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("actual", "target"),
    [
        (None, 300_000),  # no records: undefined
        (float("nan"), 300_000),
        (100_000, 0),  # target 0: nothing to attain, undefined
        (100_000, None),  # no target: undefined
    ],
)
def test_linear_undefined(actual: float | None, target: float | None) -> None:
    assert math.isnan(score_kpi(actual, target, "net_sales", "linear"))


def test_linear_lower_is_better_target_zero_is_undefined_even_at_zero_actual() -> None:
    # target 0 is checked before the "actual 0 scores the cap" rule
    assert math.isnan(score_kpi(0, 0, "first_response_s", "linear"))


# --- bands -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (0.99, 100.0),  # ≥ 0.98 → 100
        (0.98, 100.0),  # exactly on the threshold takes it (≥)
        (49 / 50, 100.0),  # 0.98 computed from counts still hits the edge
        (0.97, 80.0),  # ≥ 0.95 → 80
        (19 / 20, 80.0),  # 0.95 from counts
        (0.9499, 0.0),  # below every threshold → else 0
        (0.0, 0.0),
    ],
)
def test_bands_higher_is_better(actual: float, expected: float) -> None:
    assert score_kpi(actual, 0.98, "response_timeliness", "bands", bands=CS_BANDS) == expected


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (20, 100.0),  # ≤ 30 → 100
        (30, 100.0),  # on the edge (≤)
        (45, 80.0),  # ≤ 60 → 80
        (60, 80.0),
        (61, 40.0),  # else 40
    ],
)
def test_bands_lower_is_better(actual: float, expected: float) -> None:
    bands = "30=100;60=80;else=40"
    assert score_kpi(actual, 45, "first_response_s", "bands", bands=bands) == expected


def test_bands_default_fallback_is_zero_and_percent_thresholds() -> None:
    # "98%" means 0.98; no else row → 0 below the last threshold
    bands = "98%=100;95%=80"
    assert score_kpi(0.97, 0.98, "csat", "bands", bands=bands) == 80.0
    assert score_kpi(0.5, 0.98, "csat", "bands", bands=bands) == 0.0


def test_bands_undefined_actual_stays_undefined() -> None:
    assert math.isnan(score_kpi(None, 0.98, "csat", "bands", bands=CS_BANDS))


def test_bands_thresholds_of_volume_kpis_are_prorated() -> None:
    # joined on the 11th of a 30-day month: factor 20/30; thresholds 300000 → 200000,
    # 200000 → 133333.33. Actual 200000 meets the prorated top threshold → 100.
    bands = "300000=100;200000=80;else=0"
    factor = 20 / 30
    assert (
        score_kpi(200_000, 200_000, "net_sales", "bands", bands=bands, prorate_factor=factor)
        == 100.0
    )
    # 150000 ≥ 133333.33 → 80; a full-month employee with 150000 gets 0
    assert (
        score_kpi(150_000, 200_000, "net_sales", "bands", bands=bands, prorate_factor=factor)
        == 80.0
    )
    assert score_kpi(150_000, 300_000, "net_sales", "bands", bands=bands) == 0.0


def test_band_scores_are_clipped_to_the_cap() -> None:
    # a frozen plan could carry a band score above a later, lower cap: 130 → 120
    assert score_kpi(0.99, 0.98, "csat", "bands", cap=120, bands="0.98=130;else=0") == 120.0


def test_parse_bands_reads_rows_top_down() -> None:
    assert parse_bands(CS_BANDS) == Bands(((0.98, 100.0), (0.95, 80.0)), 0.0)
    # full-width punctuation from a Chinese input method, spaces, new lines, 其他 for else
    assert parse_bands(" 0.98＝100 ；\n0.95 = 80；其他=10") == Bands(
        ((0.98, 100.0), (0.95, 80.0)), 10.0
    )
    assert parse_bands("30=100;60=80;else=40").fallback == 40.0


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "appraisal.bands_unparsable"),
        (None, "appraisal.bands_unparsable"),
        ("abc", "appraisal.bands_unparsable"),
        ("0.98", "appraisal.bands_unparsable"),
        ("x=100", "appraisal.bands_unparsable"),
        ("0.98=high", "appraisal.bands_unparsable"),
        ("0.98=100;=5", "appraisal.bands_unparsable"),
        ("nan=5", "appraisal.bands_unparsable"),
        ("else=50", "appraisal.bands_unparsable"),  # no threshold at all
        ("0.98=100;else=0;0.9=50", "appraisal.bands_else_not_last"),
    ],
)
def test_parse_bands_refuses(text: str | None, key: str) -> None:
    with pytest.raises(ValidationError) as error:
        parse_bands(text)
    assert error.value.key == key


@pytest.mark.parametrize(
    ("text", "direction", "key"),
    [
        ("0.95=80;0.98=100", "higher", "appraisal.bands_order"),  # 0.98 row unreachable
        ("0.98=100;0.98=80", "higher", "appraisal.bands_order"),
        ("60=80;30=100", "lower", "appraisal.bands_order"),
        ("0.98=80;0.95=100", "higher", "appraisal.bands_scores"),  # worse scores more
        ("0.98=100;else=110", "higher", "appraisal.bands_scores"),
        ("0.98=130;else=0", "higher", "appraisal.bands_score_range"),  # above cap 120
        ("0.98=100;else=-5", "higher", "appraisal.bands_score_range"),
    ],
)
def test_check_bands_refuses(text: str, direction: str, key: str) -> None:
    with pytest.raises(ValidationError) as error:
        check_bands(parse_bands(text), direction, 120.0)
    assert error.value.key == key


def test_check_bands_accepts_a_sound_table() -> None:
    check_bands(parse_bands(CS_BANDS), "higher", 120.0)
    check_bands(parse_bands("30=100;60=80;else=40"), "lower", 120.0)


# --- manual and the scorecard ------------------------------------------------------------


def test_score_plan_contract_and_each_method() -> None:
    plan = pd.DataFrame(
        [
            plan_row("e1", "response_timeliness", 30, 0.98, method="bands", bands=CS_BANDS),
            plan_row("e1", "first_response_s", 30, 45),
            plan_row("e1", "collaboration", 20, None, method="manual"),
            plan_row("e1", "attitude", 20, None, method="manual"),
        ]
    )
    acts = actuals(
        ("e1", "response_timeliness", 0.96),
        ("e1", "first_response_s", 60),
        ("e1", "attitude", 55),  # a data value for a manual KPI is not its score
    )
    manual = pd.DataFrame({"employee_id": ["e1"], "kpi_id": ["collaboration"], "score": [85]})
    card = score_plan(plan, acts, manual, APRIL)
    assert list(card.columns[:7]) == SCORECARD_COLUMNS
    assert list(card.columns[7:]) == ["method", "cap", "direction", "unit"]
    assert (card["period"] == "2026-04").all()
    by_kpi = card.set_index("kpi_id")
    # 0.96 ≥ 0.95 → 80
    assert by_kpi.loc["response_timeliness", "score"] == 80.0
    # 100 × 45 ÷ 60 = 75
    assert by_kpi.loc["first_response_s", "score"] == 75.0
    # manual: the supervisor's 85 is both the actual and the score
    assert by_kpi.loc["collaboration", ["actual", "score"]].tolist() == [85.0, 85.0]
    # not reviewed yet: undefined (the 55 from data is ignored for a manual method)
    assert math.isnan(by_kpi.loc["attitude", "score"])
    assert math.isnan(by_kpi.loc["attitude", "actual"])
    assert by_kpi.loc["first_response_s", "direction"] == "lower"
    assert by_kpi.loc["response_timeliness", "unit"] == "rate"


def test_manual_scores_are_clipped_and_missing_frames_mean_undefined() -> None:
    plan = pd.DataFrame(
        [
            plan_row("e1", "collaboration", 50, None, method="manual", cap=100.0),
            plan_row("e1", "csat", 50, 0.9),
        ]
    )
    manual = pd.DataFrame({"employee_id": ["e1"], "kpi_id": ["collaboration"], "score": [130]})
    card = score_plan(plan, None, manual, APRIL).set_index("kpi_id")
    assert card.loc["collaboration", "score"] == 100.0  # 130 → cap 100
    assert math.isnan(card.loc["csat", "score"])  # no actuals frame at all


def test_score_plan_defaults_blank_method_and_cap() -> None:
    plan = pd.DataFrame(
        [
            plan_row("e1", "csat", 60, 0.9, method=None, cap=np.nan),
            plan_row("e1", "attitude", 40, None, method=None),
        ]
    )
    card = score_plan(plan, actuals(("e1", "csat", 1.0)), None, APRIL).set_index("kpi_id")
    # blank → linear, cap default 120: 100 × 1.0 ÷ 0.9 = 111.1
    assert card.loc["csat", "method"] == "linear"
    assert card.loc["csat", "score"] == pytest.approx(1000 / 9)
    assert card.loc["attitude", "method"] == "manual"


def test_score_plan_refuses_duplicate_actuals_and_unknown_things() -> None:
    plan = pd.DataFrame([plan_row("e1", "csat", 100, 0.9)])
    with pytest.raises(ValueError):
        score_plan(plan, actuals(("e1", "csat", 0.8), ("e1", "csat", 0.9)), None, APRIL)
    with pytest.raises(ValidationError) as error:
        score_plan(
            pd.DataFrame([plan_row("e1", "csat", 100, 0.9, method="log")]), None, None, APRIL
        )
    assert error.value.key == "appraisal.template_method_invalid"
    with pytest.raises(ValidationError) as error:
        score_plan(pd.DataFrame([plan_row("e1", "bogus", 100, 1)]), None, None, APRIL)
    assert error.value.key == "appraisal.template_unknown_kpi"


def test_score_plan_keeps_employees_apart_and_plan_order() -> None:
    plan = pd.DataFrame(
        [
            plan_row("e2", "net_sales", 100, 300_000),
            plan_row("e1", "net_sales", 100, 200_000),
        ]
    )
    acts = actuals(("e1", "net_sales", 150_000), ("e2", "net_sales", 150_000))
    card = score_plan(plan, acts, None, APRIL)
    # e2: 100 × 150000 ÷ 300000 = 50; e1: 100 × 150000 ÷ 200000 = 75
    assert card["employee_id"].tolist() == ["e2", "e1"]
    assert card["score"].tolist() == [50.0, 75.0]


def test_empty_plan_gives_an_empty_scorecard() -> None:
    plan = pd.DataFrame([plan_row("e1", "csat", 100, 0.9)]).iloc[0:0]
    card = score_plan(plan, None, None, APRIL)
    assert card.empty and list(card.columns[:7]) == SCORECARD_COLUMNS
    assert kpi_scores(card).empty


# --- KPI score ---------------------------------------------------------------------------


def card(*rows: tuple[str, float, float]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"employee_id": e, "kpi_id": f"k{i}", "score": s, "weight": w}
            for i, (e, s, w) in enumerate(rows)
        ]
    )


def test_kpi_score_redistributes_undefined_weight() -> None:
    # weights 40/30/30, scores 90, 80, undefined:
    # (40×90 + 30×80) ÷ (40 + 30) = (3600 + 2400) ÷ 70 = 85.714…
    result = kpi_scores(card(("e1", 90, 40), ("e1", 80, 30), ("e1", np.nan, 30))).iloc[0]
    assert result["kpi_score"] == pytest.approx(6000 / 70)
    assert result["defined_weight"] == 70 and result["total_weight"] == 100
    assert not result["data_incomplete"]  # 70 of 100 ≥ half


def test_zero_is_not_missing() -> None:
    # a defined 0 counts: (50×100 + 50×0) ÷ 100 = 50; undefined is left out: 50×100 ÷ 50 = 100
    zero = kpi_scores(card(("e1", 100, 50), ("e1", 0, 50))).iloc[0]["kpi_score"]
    missing = kpi_scores(card(("e1", 100, 50), ("e1", np.nan, 50))).iloc[0]["kpi_score"]
    assert (zero, missing) == (50.0, 100.0)


@pytest.mark.parametrize(
    ("defined", "incomplete"),
    [
        (40, True),  # 40 of 100 < half
        (49.9, True),
        (50, False),  # exactly half is enough ("less than half" is incomplete)
        (60, False),
    ],
)
def test_incomplete_when_less_than_half_the_weight_is_defined(
    defined: float, incomplete: bool
) -> None:
    result = kpi_scores(card(("e1", 80, defined), ("e1", np.nan, 100 - defined))).iloc[0]
    assert bool(result["data_incomplete"]) is incomplete
    assert result["kpi_score"] == 80.0


def test_kpi_score_with_nothing_defined_is_nan_and_incomplete() -> None:
    result = kpi_scores(card(("e1", np.nan, 60), ("e1", np.nan, 40))).iloc[0]
    assert math.isnan(result["kpi_score"]) and result["data_incomplete"]


def test_kpi_score_policy_share_and_several_employees() -> None:
    frame = card(("a", 90, 60), ("a", np.nan, 40), ("b", 70, 100))
    # with a 2/3 share: a has 60 of 100 < 66.7 → incomplete; b has everything
    result = kpi_scores(frame, Policy(min_defined_weight_share=Decimal("0.667")))
    assert result.set_index("employee_id")["data_incomplete"].to_dict() == {"a": True, "b": False}
    assert result.set_index("employee_id")["kpi_score"].to_dict() == {"a": 90.0, "b": 70.0}


# --- projection --------------------------------------------------------------------------


def test_projection() -> None:
    # 100000 over the first 10 days of a 30-day month → 100000 ÷ 10 × 30 = 300000
    assert projection(100_000, 10, 30) == pytest.approx(300_000)
    assert math.isnan(projection(100_000, 0, 30))  # no day covered yet
    # more days covered than the month has: the actual itself
    assert projection(100, 31, 30) == pytest.approx(100)
    series = projection(pd.Series([10.0, 20.0], index=[5, 7]), 10, 30)
    assert series.index.tolist() == [5, 7] and series.tolist() == [30.0, 60.0]


def test_project_actuals_projects_only_sums_and_counts() -> None:
    frame = actuals(("e1", "net_sales", 100_000), ("e1", "csat", 0.9))
    out = project_actuals(frame, 10, APRIL).set_index("kpi_id")
    # net sales: 100000 ÷ 10 × 30 = 300000; a rate stays 0.9
    assert out.loc["net_sales", "projected"] == pytest.approx(300_000)
    assert out.loc["csat", "projected"] == 0.9


# --- properties --------------------------------------------------------------------------

actual_values = st.floats(min_value=-1e6, max_value=1e8, allow_nan=False)
target_values = st.floats(min_value=0.01, max_value=1e7, allow_nan=False)
caps = st.sampled_from([100.0, 120.0, 150.0, 200.0])


@given(actual_values, target_values, caps, st.booleans())
def test_linear_score_within_zero_and_cap(
    actual: float, target: float, cap: float, higher: bool
) -> None:
    score = float(score_linear(actual, target, higher, cap))
    assert 0.0 <= score <= cap


@given(actual_values, actual_values, target_values, caps, st.booleans())
def test_linear_score_is_monotone_in_the_actual(
    a: float, b: float, target: float, cap: float, higher: bool
) -> None:
    low, high = sorted((a, b))
    s_low, s_high = (float(score_linear(x, target, higher, cap)) for x in (low, high))
    if higher:
        assert s_low <= s_high
    else:
        assert s_low >= s_high


@st.composite
def band_tables(draw: st.DrawFn) -> tuple[str, str]:
    direction = draw(st.sampled_from(["higher", "lower"]))
    thresholds = draw(
        st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=5, unique=True)
    )
    thresholds.sort(reverse=direction == "higher")
    scores = sorted(
        draw(
            st.lists(
                st.integers(0, 120), min_size=len(thresholds) + 1, max_size=len(thresholds) + 1
            )
        ),
        reverse=True,
    )
    rows = [f"{t / 1000}={s}" for t, s in zip(thresholds, scores, strict=False)]
    return ";".join([*rows, f"else={scores[-1]}"]), direction


# Each example builds frames; a wall-clock deadline only measures the machine's load.
@settings(deadline=None)
@given(
    band_tables(),
    st.lists(st.floats(min_value=-0.5, max_value=1.5, allow_nan=False), min_size=2, max_size=8),
)
def test_band_scores_are_within_cap_and_monotone(
    table: tuple[str, str], values: list[float]
) -> None:
    text, direction = table
    check_bands(parse_bands(text), direction, 120.0)
    kpi = "csat" if direction == "higher" else "first_response_s"
    values = sorted(values)
    plan = pd.DataFrame(
        [plan_row(f"e{i}", kpi, 100, 1.0, method="bands", bands=text) for i in range(len(values))]
    )
    acts = actuals(*[(f"e{i}", kpi, v) for i, v in enumerate(values)])
    scores = score_plan(plan, acts, None, APRIL)["score"].tolist()
    assert all(0.0 <= s <= 120.0 for s in scores)
    pairs = list(zip(scores, scores[1:], strict=False))
    if direction == "higher":
        assert all(x <= y for x, y in pairs)
    else:
        assert all(x >= y for x, y in pairs)


# Each example builds frames; a wall-clock deadline only measures the machine's load.
@settings(deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.floats(min_value=0, max_value=120, allow_nan=False)),
            st.floats(min_value=0.5, max_value=100, allow_nan=False),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_kpi_score_lies_within_the_defined_scores(rows: list[tuple[float | None, float]]) -> None:
    defined = [s for s, _ in rows if s is not None]
    assume(defined)
    result = kpi_scores(card(*[("e1", np.nan if s is None else s, w) for s, w in rows])).iloc[0]
    assert min(defined) - 1e-9 <= result["kpi_score"] <= max(defined) + 1e-9
