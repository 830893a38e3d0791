"""The company's policy: every default number of SPEC as one declarative structure.

A company overrides any part through settings (stored as JSON); `Policy.from_dict` validates
the override so a bad setting is refused before it can change anyone's pay.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from decimal import Decimal
from typing import Any

from core.errors import ValidationError
from core.permissions import DEFAULT_UPLOAD_STEWARDS

STEWARD_ROLES = frozenset({"director", "hr", "admin", "ops", "cs", "designer", "sales"})


@dataclass(frozen=True)
class Tier:
    """A commission tier: sales up to and including `upper` (None = no limit) pay `rate`."""

    upper: Decimal | None
    rate: Decimal


@dataclass(frozen=True)
class CommissionPlan:
    tiers: tuple[Tier, ...]
    period: str = "month"  # "month" or "quarter"

    def __post_init__(self) -> None:
        validate_tiers(self.tiers)


def validate_tiers(tiers: tuple[Tier, ...]) -> None:
    """Tiers are contiguous by construction (each starts where the last ends); check order."""
    if not tiers:
        raise ValidationError("policy.tiers_empty")
    previous = Decimal(0)
    for index, tier in enumerate(tiers):
        if tier.rate < 0:
            raise ValidationError("policy.tier_rate_negative", tier=index + 1)
        last = index == len(tiers) - 1
        if tier.upper is None:
            if not last:
                raise ValidationError("policy.tier_open_not_last", tier=index + 1)
            continue
        if tier.upper <= previous:
            raise ValidationError("policy.tiers_not_ascending", tier=index + 1)
        previous = tier.upper
    if tiers[-1].upper is not None:
        raise ValidationError("policy.tiers_not_open_ended")


@dataclass(frozen=True)
class GradeBand:
    """Scores at or above `min_score` (and below the next band) get this grade."""

    grade: str
    min_score: Decimal
    bonus_pct: Decimal


def _d(value: Any) -> Decimal:
    return Decimal(str(value))


def _tiers(pairs: list[tuple[Any, Any]]) -> tuple[Tier, ...]:
    return tuple(Tier(None if u is None else _d(u), _d(r)) for u, r in pairs)


DEFAULT_MONTHLY_TIERS = _tiers(
    [(100_000, "0.01"), (300_000, "0.015"), (500_000, "0.02"), (800_000, "0.025"), (None, "0.03")]
)
DEFAULT_QUARTERLY_TIERS = _tiers([(1_000_000, "0.025"), (5_000_000, "0.03"), (None, "0.05")])
DEFAULT_GRADES = (
    GradeBand("A", Decimal(90), Decimal(120)),
    GradeBand("B", Decimal(80), Decimal(100)),
    GradeBand("C", Decimal(70), Decimal(80)),
    GradeBand("D", Decimal(60), Decimal(50)),
    GradeBand("E", Decimal(0), Decimal(0)),
)


@dataclass(frozen=True)
class Policy:
    """Every tunable number of SPEC; defaults are SPEC's defaults."""

    # §4 composite and scoring
    weight_data: Decimal = Decimal(60)
    weight_supervisor: Decimal = Decimal(30)
    weight_self: Decimal = Decimal(10)
    default_cap: Decimal = Decimal(120)
    final_min: Decimal = Decimal(0)
    final_max: Decimal = Decimal(120)
    min_defined_weight_share: Decimal = Decimal("0.5")
    # §5 grades and bonus
    grades: tuple[GradeBand, ...] = DEFAULT_GRADES
    interview_grades: tuple[str, ...] = ("E",)
    min_days_employed: int = 10
    distribution_guide: tuple[tuple[str, int], ...] = (
        ("A", 20),
        ("B", 35),
        ("C", 35),
        ("D", 5),
        ("E", 5),
    )
    bonus_budget: Decimal | None = None
    # §2 deadlines (day of the following month)
    self_deadline_day: int = 5
    review_deadline_day: int = 8
    # §3 SLAs and thresholds
    response_sla_seconds: int = 60
    complaint_sla_hours: int = 24
    satisfied_rating: int = 4
    # §6 attendance
    minor_lateness_minutes: int = 15
    minor_lateness_money: Decimal = Decimal(20)
    minor_lateness_points: Decimal = Decimal(1)
    half_day_absence_money: Decimal = Decimal(100)
    full_day_absence_money: Decimal = Decimal(200)
    dismissal_consecutive_days: int = 3
    dismissal_total_days: int = 5
    # §7 commission
    monthly_plan: CommissionPlan = field(
        default_factory=lambda: CommissionPlan(DEFAULT_MONTHLY_TIERS)
    )
    quarterly_plan: CommissionPlan = field(
        default_factory=lambda: CommissionPlan(DEFAULT_QUARTERLY_TIERS, "quarter")
    )
    strategic_rate: Decimal = Decimal("0.002")
    sales_floor_quarter: Decimal = Decimal(60_000)
    sales_floor_idle_months: int = 3
    # §8 awards
    sales_star_min_orders: int = 10
    service_star_min_rated: int = 30
    best_designer_min_on_time: Decimal = Decimal("0.9")
    # §9 who uploads each kind: (kind, ("role" | "role:supervisor", ...)) pairs
    upload_stewards: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
        DEFAULT_UPLOAD_STEWARDS.items()
    )

    def __post_init__(self) -> None:
        total = self.weight_data + self.weight_supervisor + self.weight_self
        if total != 100:
            raise ValidationError("policy.composite_weights", total=total)
        scores = [band.min_score for band in self.grades]
        if scores != sorted(scores, reverse=True) or len(set(scores)) != len(scores):
            raise ValidationError("policy.grades_not_descending")
        if not self.grades or self.grades[-1].min_score > self.final_min:
            raise ValidationError("policy.grades_not_covering")

    @property
    def stewards(self) -> dict[str, tuple[str, ...]]:
        """The upload stewards as the lookup `core.permissions.can_import` takes."""
        return dict(self.upload_stewards)

    def grade_for(self, final_score: Decimal) -> GradeBand:
        """Band edges go to the higher band (90.0 is A)."""
        for band in self.grades:
            if final_score >= band.min_score:
                return band
        return self.grades[-1]

    def to_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Policy:
        """Build from defaults plus overrides; unknown keys are refused, not ignored."""
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise ValidationError("policy.unknown_setting", name=", ".join(unknown))
        base = cls()
        changes: dict[str, Any] = {}
        for name, value in data.items():
            changes[name] = _coerce(name, value, getattr(base, name))
        return replace(base, **changes)


def _coerce(name: str, value: Any, default: Any) -> Any:
    try:
        if name in ("monthly_plan", "quarterly_plan"):
            tiers = _tiers([(tier["upper"], tier["rate"]) for tier in value["tiers"]])
            return CommissionPlan(tiers, value.get("period", default.period))
        if name == "grades":
            return tuple(
                GradeBand(g["grade"], _d(g["min_score"]), _d(g["bonus_pct"])) for g in value
            )
        if name == "distribution_guide":
            return tuple((str(g), int(p)) for g, p in value)
        if name == "interview_grades":
            return tuple(str(g) for g in value)
        if name == "upload_stewards":
            return _stewards(value)
        if name == "bonus_budget":
            return None if value in (None, "") else _d(value)
        if isinstance(default, Decimal):
            return _d(value)
        if isinstance(default, int):
            return int(value)
    except ValidationError:
        raise
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise ValidationError("policy.bad_value", name=name, value=value) from exc
    return value


def _stewards(value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Kinds and entries checked against the known ones, so a typo cannot lock a kind away
    (or open it to everyone) unnoticed; kinds not given keep SPEC's stewards."""
    pairs = value.items() if isinstance(value, dict) else value
    out = dict(DEFAULT_UPLOAD_STEWARDS)
    for kind, entries in pairs:
        if kind not in DEFAULT_UPLOAD_STEWARDS:
            raise ValueError(kind)
        for entry in entries:
            role, _, qualifier = str(entry).partition(":")
            if role not in STEWARD_ROLES or qualifier not in ("", "supervisor"):
                raise ValueError(entry)
        out[str(kind)] = tuple(str(e) for e in entries)
    return tuple(out.items())


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


DEFAULT_POLICY = Policy()
