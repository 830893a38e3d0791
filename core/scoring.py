"""KPI scoring of SPEC §4: each KPI's actual against its target, then the weighted KPI score.

Vectorised over long frames, so a month's scorecard for every employee is one pass, never a loop.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np
import pandas as pd

from core.catalogue import CATALOGUE
from core.errors import ValidationError
from core.periods import Period
from core.policy import DEFAULT_POLICY, Policy

METHODS: tuple[str, ...] = ("linear", "bands", "manual")
SCORECARD_COLUMNS: list[str] = [
    "employee_id",
    "period",
    "kpi_id",
    "actual",
    "target",
    "score",
    "weight",
]
SCORECARD_EXTRA_COLUMNS: list[str] = ["method", "cap", "direction", "unit"]
KPI_SCORE_COLUMNS: list[str] = [
    "employee_id",
    "kpi_score",
    "defined_weight",
    "total_weight",
    "data_incomplete",
]
# Relative slack when comparing an actual with a band threshold: an on-time rate of 49/50
# or a prorated threshold like 300000 × 20/30 must land on the edge it is meant to hit.
BAND_TOLERANCE = 1e-9
# Words accepted for the fallback row of a band table (users type in English or Chinese).
_ELSE_WORDS = ("else", "其他", "否则")
# Full-width punctuation a Chinese input method produces, mapped to the ASCII the format uses.
_FULL_WIDTH = str.maketrans({"；": ";", "＝": "=", "％": "%", "\n": ";", "\r": ";"})

_DIRECTION = {kpi.id: kpi.direction for kpi in CATALOGUE.values()}
_UNIT = {kpi.id: kpi.unit for kpi in CATALOGUE.values()}
_MANUAL = {kpi.id: kpi.manual for kpi in CATALOGUE.values()}


# --- band tables -------------------------------------------------------------------------


@dataclass(frozen=True)
class Bands:
    """A parsed band table: `(threshold, score)` rows read top-down, then the fallback.

    Text format: `"0.98=100;0.95=80;else=0"`. Thresholds are in the KPI's own unit (fractions
    for rates; `98%` is accepted and means 0.98). The first row whose threshold the actual
    meets gives the score — meets is ≥ for higher-is-better KPIs and ≤ for lower-is-better
    ones — and `else` (default 0) scores everything else. `;` or new lines separate rows.
    """

    steps: tuple[tuple[float, float], ...]
    fallback: float = 0.0

    def to_text(self) -> str:
        rows = [f"{_fmt(threshold)}={_fmt(score)}" for threshold, score in self.steps]
        return ";".join([*rows, f"else={_fmt(self.fallback)}"])


def _fmt(value: float) -> str:
    return f"{value:g}" if float(value).is_integer() else repr(float(value))


def _number(text: str, source: str, allow_percent: bool) -> float:
    raw = text.strip()
    scale = Decimal(1)
    if allow_percent and raw.endswith("%"):
        raw, scale = raw[:-1].strip(), Decimal(100)
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationError("appraisal.bands_unparsable", text=source, part=text) from None
    if not value.is_finite():
        raise ValidationError("appraisal.bands_unparsable", text=source, part=text)
    return float(value / scale)


def parse_bands(text: Any) -> Bands:
    """Parse the band-table text; any malformed row refuses the whole table."""
    source = "" if text is None or (isinstance(text, float) and math.isnan(text)) else str(text)
    parts = [part.strip() for part in source.translate(_FULL_WIDTH).split(";")]
    parts = [part for part in parts if part]
    if not parts:
        raise ValidationError("appraisal.bands_unparsable", text=source, part=source)
    steps: list[tuple[float, float]] = []
    fallback: float | None = None
    for part in parts:
        if fallback is not None:  # a row after `else` could never be reached
            raise ValidationError("appraisal.bands_else_not_last", text=source)
        key, sep, value = part.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ValidationError("appraisal.bands_unparsable", text=source, part=part)
        score = _number(value, source, allow_percent=False)
        if key.strip().lower() in _ELSE_WORDS:
            fallback = score
        else:
            steps.append((_number(key, source, allow_percent=True), score))
    if not steps:
        raise ValidationError("appraisal.bands_unparsable", text=source, part=source)
    return Bands(tuple(steps), 0.0 if fallback is None else fallback)


def check_bands(bands: Bands, direction: str, cap: float) -> None:
    """Refuse tables whose rows could never be reached or that reward doing worse.

    Thresholds must run from the most to the least demanding (descending for higher-is-better,
    ascending for lower-is-better) and scores must not rise on the way down; otherwise a
    better actual could score lower, which no HR manager would sign off.
    """
    thresholds = [threshold for threshold, _ in bands.steps]
    scores = [score for _, score in bands.steps] + [bands.fallback]
    ordered = thresholds == sorted(thresholds, reverse=direction == "higher")
    if not ordered or len(set(thresholds)) != len(thresholds):
        raise ValidationError("appraisal.bands_order", text=bands.to_text())
    if any(later > earlier for earlier, later in zip(scores, scores[1:], strict=False)):
        raise ValidationError("appraisal.bands_scores", text=bands.to_text())
    if any(score < 0 or score > cap for score in scores):
        raise ValidationError("appraisal.bands_score_range", text=bands.to_text(), cap=_fmt(cap))


# --- scoring -----------------------------------------------------------------------------


def score_linear(actual: Any, target: Any, higher: Any, cap: Any) -> np.ndarray:
    """Linear method on arrays: `100 × actual ÷ target` (higher) or `100 × target ÷ actual`.

    A target that is missing or ≤ 0 makes the KPI undefined (there is nothing to attain);
    lower-is-better with an actual ≤ 0 scores the cap (nothing can be better than zero).
    """
    a = np.asarray(actual, dtype="float64")
    t = np.asarray(target, dtype="float64")
    cap_ = np.asarray(cap, dtype="float64")
    up = np.asarray(higher, dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio_up = 100.0 * a / t
        ratio_down = np.where(a > 0, 100.0 * t / np.where(a > 0, a, 1.0), cap_)
    raw = np.where(up, ratio_up, ratio_down)
    undefined = np.isnan(a) | ~np.isfinite(t) | (t <= 0)
    raw = np.where(undefined, np.nan, raw)
    return np.clip(raw, 0.0, cap_)


def _score_bands(rows: pd.DataFrame) -> pd.Series:
    """Bands method for rows with columns actual, bands, direction, cap, prorate_factor.

    Each distinct table is parsed once and joined to its rows, so the work is one merge
    however many employees share a template.
    """
    if rows.empty:
        return pd.Series(np.nan, index=rows.index, dtype="float64")
    if rows["bands"].isna().any():
        kpi = rows.loc[rows["bands"].isna(), "kpi_id"].iloc[0]
        raise ValidationError("appraisal.template_bands_missing", row="—", role="—", kpi=kpi)
    tables = {text: parse_bands(text) for text in rows["bands"].unique()}
    long = pd.DataFrame(
        [
            (text, order, threshold, score)
            for text, table in tables.items()
            for order, (threshold, score) in enumerate(table.steps)
        ],
        columns=["bands", "order", "threshold", "band_score"],
    )
    fallback = rows["bands"].map({text: table.fallback for text, table in tables.items()})
    keyed = rows[["actual", "bands", "direction", "prorate_factor"]].copy()
    keyed["row"] = np.arange(len(keyed))
    merged = keyed.merge(long, on="bands", how="inner")
    # Volume thresholds shrink with the target for joiners and leavers (SPEC §3 proration).
    threshold = merged["threshold"] * merged["prorate_factor"].fillna(1.0)
    slack = BAND_TOLERANCE * np.maximum(1.0, threshold.abs())
    meets = np.where(
        merged["direction"] == "higher",
        merged["actual"] >= threshold - slack,
        merged["actual"] <= threshold + slack,
    )
    first = (
        merged.loc[meets, ["row", "order", "band_score"]]
        .sort_values(["row", "order"])
        .drop_duplicates("row")
        .set_index("row")["band_score"]
    )
    score = pd.Series(first.reindex(np.arange(len(rows))).to_numpy(), index=rows.index)
    score = score.fillna(fallback).where(rows["actual"].notna())
    return score.clip(lower=0.0, upper=rows["cap"])


def _unique_by_key(frame: pd.DataFrame | None, value: str, rename: str) -> pd.DataFrame:
    columns = ["employee_id", "kpi_id", rename]
    if frame is None or len(frame) == 0:
        return pd.DataFrame(
            {c: pd.Series(dtype="float64" if c == rename else object) for c in columns}
        )
    missing = {"employee_id", "kpi_id", value} - set(frame.columns)
    if missing:
        raise ValueError(f"frame lacks columns {sorted(missing)}")
    if frame.duplicated(["employee_id", "kpi_id"]).any():
        # Two actuals for one KPI would silently double a row of the scorecard.
        raise ValueError("more than one value per (employee_id, kpi_id)")
    out = frame[["employee_id", "kpi_id", value]].rename(columns={value: rename})
    out[rename] = pd.to_numeric(out[rename]).astype("float64")
    return out


def _lookup(kpi_ids: pd.Series, table: dict[str, Any]) -> pd.Series:
    """Catalogue attribute per row, looked up once per distinct KPI (a few dozen), not per row."""
    codes, uniques = pd.factorize(kpi_ids)
    values = np.array([table.get(k) for k in uniques] + [None], dtype=object)
    return pd.Series(values[codes], index=kpi_ids.index, dtype=object)


def default_method(kpi_id: str, bands: Any = None) -> str:
    """Method when a template leaves it blank: manual KPIs are scored by people, a filled-in
    band table means bands, anything else is linear (SPEC §4's default)."""
    if _MANUAL.get(kpi_id, False):
        return "manual"
    if isinstance(bands, str) and bands.strip():
        return "bands"
    return "linear"


def score_plan(
    plan: pd.DataFrame,
    actuals: pd.DataFrame | None,
    manual_scores: pd.DataFrame | None,
    period: Period | str,
) -> pd.DataFrame:
    """Score every plan row: the scorecard `employee_id, period, kpi_id, actual, target,
    score, weight` then `method, cap, direction, unit`.

    `plan` is `core.targets.resolve_plan`'s frame (its target already prorated; its
    `prorate_factor` is the one applied to that row, used to shrink band thresholds).
    `actuals` is `employee_id, kpi_id, actual`; NaN or no row means undefined.
    `manual_scores` is `employee_id, kpi_id, score` — the supervisor's item scores; for a
    manual KPI they are both the actual and the score, and undefined until reviewed.
    A score of NaN means undefined: its weight is redistributed by `kpi_scores`.
    """
    needed = {"employee_id", "kpi_id", "weight", "target"}
    missing = needed - set(plan.columns)
    if missing:
        raise ValueError(f"plan lacks columns {sorted(missing)}")
    frame = plan.reset_index(drop=True).copy()
    for column, default in (("method", None), ("cap", np.nan), ("bands", None)):
        if column not in frame.columns:
            frame[column] = default
    if "prorate_factor" not in frame.columns:
        frame["prorate_factor"] = 1.0
    unknown = frame.loc[~frame["kpi_id"].isin(list(CATALOGUE)), "kpi_id"]
    if len(unknown):
        raise ValidationError(
            "appraisal.template_unknown_kpi", row="—", role="—", kpi=unknown.iloc[0]
        )
    frame["bands"] = (
        frame["bands"]
        .astype(object)
        .where(frame["bands"].notna() & (frame["bands"].astype(str).str.strip() != ""), None)
    )
    blank_method = frame["method"].isna() | (frame["method"].astype(str).str.strip() == "")
    defaults = np.select(
        [_lookup(frame["kpi_id"], _MANUAL).astype(bool), frame["bands"].notna()],
        ["manual", "bands"],
        "linear",
    )
    frame["method"] = frame["method"].astype(object).where(~blank_method, defaults)
    frame["method"] = frame["method"].astype(str).str.strip().str.lower()
    bad = frame.loc[~frame["method"].isin(METHODS), "method"]
    if len(bad):
        raise ValidationError(
            "appraisal.template_method_invalid", row="—", role="—", method=bad.iloc[0]
        )
    for column in ("weight", "target", "cap", "prorate_factor"):
        frame[column] = pd.to_numeric(frame[column]).astype("float64")
    frame["cap"] = frame["cap"].fillna(float(DEFAULT_POLICY.default_cap))
    frame["direction"] = _lookup(frame["kpi_id"], _DIRECTION)
    frame["unit"] = _lookup(frame["kpi_id"], _UNIT)

    frame = frame.merge(
        _unique_by_key(actuals, "actual", "actual"), how="left", on=["employee_id", "kpi_id"]
    )
    frame = frame.merge(
        _unique_by_key(manual_scores, "score", "manual_score"),
        how="left",
        on=["employee_id", "kpi_id"],
    )
    is_manual = frame["method"] == "manual"
    is_linear = frame["method"] == "linear"
    is_bands = frame["method"] == "bands"
    frame["actual"] = frame["actual"].where(~is_manual, frame["manual_score"])

    score = pd.Series(np.nan, index=frame.index, dtype="float64")
    linear = frame[is_linear]
    score[is_linear] = score_linear(
        linear["actual"], linear["target"], linear["direction"] == "higher", linear["cap"]
    )
    score[is_bands] = _score_bands(frame[is_bands])
    score[is_manual] = frame.loc[is_manual, "manual_score"].clip(
        lower=0.0, upper=frame.loc[is_manual, "cap"]
    )
    frame["score"] = score
    frame["period"] = str(period)
    return frame[SCORECARD_COLUMNS + SCORECARD_EXTRA_COLUMNS]


def score_kpi(
    actual: float | None,
    target: float | None,
    kpi_id: str,
    method: str = "linear",
    cap: float = float(DEFAULT_POLICY.default_cap),
    bands: str | None = None,
    prorate_factor: float = 1.0,
) -> float:
    """One KPI's score (NaN = undefined), for explaining a number in the UI.

    It runs the same vectorised code as `score_plan`, so the two can never disagree; for a
    manual KPI pass the supervisor's score as `actual`.
    """
    plan = pd.DataFrame(
        {
            "employee_id": ["_"],
            "kpi_id": [kpi_id],
            "weight": [1.0],
            "target": [np.nan if target is None else float(target)],
            "method": [method],
            "cap": [float(cap)],
            "bands": [bands],
            "prorate_factor": [float(prorate_factor)],
        }
    )
    value = np.nan if actual is None else float(actual)
    row = pd.DataFrame({"employee_id": ["_"], "kpi_id": [kpi_id], "actual": [value]})
    manual = row.rename(columns={"actual": "score"})
    card = score_plan(plan, row, manual, "0000-00")
    return float(card["score"].iloc[0])


def kpi_scores(scorecard: pd.DataFrame, policy: Policy = DEFAULT_POLICY) -> pd.DataFrame:
    """Per employee: `kpi_score` = Σ weight × score ÷ Σ weight over defined KPIs (NaN if none),
    `defined_weight`, `total_weight`, and `data_incomplete` when the defined share of the
    template weight is below `policy.min_defined_weight_share` (exactly half is complete)."""
    if scorecard.empty:
        return pd.DataFrame(
            {
                "employee_id": pd.Series(dtype=object),
                "kpi_score": pd.Series(dtype="float64"),
                "defined_weight": pd.Series(dtype="float64"),
                "total_weight": pd.Series(dtype="float64"),
                "data_incomplete": pd.Series(dtype=bool),
            }
        )
    score = pd.to_numeric(scorecard["score"]).astype("float64")
    weight = pd.to_numeric(scorecard["weight"]).astype("float64")
    defined = score.notna()
    parts = pd.DataFrame(
        {
            "employee_id": scorecard["employee_id"].to_numpy(),
            "weighted": (weight * score).where(defined, 0.0).to_numpy(),
            "defined_weight": weight.where(defined, 0.0).to_numpy(),
            "total_weight": weight.to_numpy(),
        }
    )
    sums = parts.groupby("employee_id", sort=False).sum().reset_index()
    has_weight = sums["defined_weight"] > 0
    sums["kpi_score"] = (sums["weighted"] / sums["defined_weight"].where(has_weight)).astype(
        "float64"
    )
    share = float(policy.min_defined_weight_share)
    # Compare without dividing and after rounding away float noise: 50 of 100 is exactly half.
    sums["data_incomplete"] = (
        sums["defined_weight"].round(9) < (share * sums["total_weight"]).round(9)
    ) | (sums["total_weight"] <= 0)
    return sums[KPI_SCORE_COLUMNS]


def projection(actual: Any, days_covered: Any, days_in_month: Any) -> Any:
    """Live month-end projection `actual ÷ days covered × days in month`, NaN before any day.

    Works on scalars, arrays or Series (keeping the Series' index). Only meaningful for sums
    and counts; `project_actuals` applies it to those KPIs alone.
    """
    a = np.asarray(actual, dtype="float64")
    month = np.asarray(days_in_month, dtype="float64")
    covered = np.minimum(np.asarray(days_covered, dtype="float64"), month)
    with np.errstate(divide="ignore", invalid="ignore"):
        result = np.where(covered > 0, a / np.where(covered > 0, covered, 1.0) * month, np.nan)
    for value in (actual, days_covered, days_in_month):
        if isinstance(value, pd.Series):
            return pd.Series(result, index=value.index, dtype="float64")
    return float(result) if result.ndim == 0 else result


def project_actuals(actuals: pd.DataFrame, days_covered: int, period: Period) -> pd.DataFrame:
    """Add `projected` to an actuals frame: sums and counts extrapolated to month end,
    rates and averages unchanged (a rate part-way through the month is already its estimate)."""
    out = actuals.copy()
    volume = out["kpi_id"].map({kpi.id: kpi.prorate for kpi in CATALOGUE.values()}).fillna(False)
    projected = projection(out["actual"].astype("float64"), days_covered, period.days)
    out["projected"] = projected.where(volume.astype(bool), out["actual"].astype("float64"))
    return out
