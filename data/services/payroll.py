"""A month's payroll (SPEC §11): the run's lines, the sheet with everyone employed, the
appraisals not finalised, the totals against the bonus budget, and closing the run.

The sheet and the run are one computation, so what the preview shows is what closing records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.appraisal import waiting_for
from core.commission import ZERO, round_cent
from core.month import MonthResult
from core.periods import Period
from core.permissions import Actor, require
from core.targets import employment_days
from data.models import AuditEntry, ImportLog
from data.records_store import fetch, load_frame
from data.services import ledger, results
from data.services.awards import awards_table
from data.services.settings import current_policy

SHEET_COLUMNS = [
    "employee_id",
    "name",
    "team",
    "period",
    "state",
    "bonus_status",
    "kpi_score",
    "composite",
    "deduction_points",
    "calibration",
    "final_score",
    "grade",
    "bonus_pct",
    "target_bonus",
    "bonus_amount",
    "bonus_adjustment",
    "commission",
    "total",
    "absent_days",
    "deduction_money",
    "flags",
]
SCORES = ("kpi_score", "composite", "deduction_points", "calibration", "final_score")
MONEY = (
    "bonus_pct",
    "target_bonus",
    "bonus_amount",
    "bonus_adjustment",
    "commission",
    "total",
    "deduction_money",
)
WAITING_COLUMNS = ["employee_id", "name", "team", "state", "missing", "grade", "flags"]
LINE_VIEW_COLUMNS = ["employee_id", "name", "origin_period", "category", "kind", "reason"]


@dataclass(frozen=True)
class Payroll:
    period: Period
    closed: bool
    lines: pd.DataFrame
    sheet: pd.DataFrame
    not_finalised: pd.DataFrame
    totals: dict[str, Decimal | int]
    budget: Decimal | None
    awards: pd.DataFrame


def payroll(
    session: Session,
    actor: Actor,
    period: Period,
    now: datetime | None = None,
    month: MonthResult | None = None,
) -> Payroll:
    """The run of `period` as it stands (stored once closed) with its sheet; `month` is the
    whole month when the caller has it already (HR's page holds it)."""
    require(actor, "payroll")
    month = month or results.month(session, period, now)
    policy = current_policy(session)
    lines = ledger.run_lines_for(session, period, month.statement)
    employees = load_frame(session, "employees")
    sheet = _sheet(month, lines, employees, employment_days(employees, period, policy))
    return Payroll(
        period=period,
        closed=ledger.is_closed(session, period),
        lines=_named(lines, employees),
        sheet=sheet,
        not_finalised=_not_finalised(month, employees),
        totals=_totals(sheet),
        budget=policy.bonus_budget,
        awards=awards_table(month, employees, actor),
    )


def close(session: Session, actor: Actor, period: Period, now: datetime | None = None) -> Payroll:
    """Mark `period`'s payroll paid: the preview's lines are recorded as they are."""
    require(actor, "payroll_close")
    preview = payroll(session, actor, period, now)
    ledger.close_run(session, actor, period, preview.lines, now)
    # The recorded lines are the preview's: the closed run is the preview, marked closed.
    return replace(preview, closed=True)


def _named(lines: pd.DataFrame, employees: pd.DataFrame) -> pd.DataFrame:
    names = dict(zip(employees["employee_id"], employees["name"], strict=True))
    out = lines.copy()
    out.insert(1, "name", out["employee_id"].map(names))
    return out


def _sum_by_employee(lines: pd.DataFrame, mask: pd.Series) -> dict[str, Decimal]:
    sums: dict[str, Decimal] = {}
    for employee_id, amount in zip(
        lines.loc[mask, "employee_id"], lines.loc[mask, "amount"], strict=True
    ):
        sums[employee_id] = sums.get(employee_id, ZERO) + Decimal(str(amount))
    return {k: round_cent(v) for k, v in sums.items()}


def _decimal(value: object) -> Decimal | None:
    """Finalised results come back from JSON as text; money and percentages stay exact."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return Decimal(str(value))


def _cents(value: object) -> Decimal | None:
    exact = _decimal(value)
    return None if exact is None else round_cent(exact)


def _one_decimal(value: object) -> object:
    """Scores for people and payroll files: half-up to one decimal (SPEC §4), None stays."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return float(Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _sheet(
    month: MonthResult, lines: pd.DataFrame, employees: pd.DataFrame, days: pd.DataFrame
) -> pd.DataFrame:
    """One row for everyone employed in the month and anyone else the run pays; built column
    by column (a row loop over `.loc` cost a second at 5,000 people)."""
    period = month.period
    employed = set(days.loc[days["days_employed"] > 0, "employee_id"])
    ids = sorted(employed | set(lines["employee_id"]))
    names = dict(zip(employees["employee_id"], employees["name"], strict=True))
    teams = dict(zip(employees["employee_id"], employees["team"], strict=True))
    appraised = month.appraisals.drop_duplicates("employee_id").set_index("employee_id")
    has = [e in appraised.index for e in ids]
    result = appraised.reindex(ids).astype(object).where(lambda f: pd.Series(has, index=ids), None)
    states = result["state"].tolist()
    finalised = [h and s == "finalised" for h, s in zip(has, states, strict=True)]
    current = lines["origin_period"] == str(period)
    bonus = _sum_by_employee(lines, current & (lines["category"] == "bonus"))
    adjustment = _sum_by_employee(lines, ~current & (lines["category"] == "bonus"))
    commission = _sum_by_employee(lines, lines["category"] == "commission")
    attendance = month.attendance.drop_duplicates("employee_id").set_index("employee_id")
    absent = attendance["absent_days"].to_dict()
    money = attendance["deduction_money"].to_dict()

    def when(done: list[bool], column: str, convert: Callable[[object], object]) -> list:
        return [convert(v) if d else None for v, d in zip(result[column], done, strict=True)]

    frame = pd.DataFrame(
        {
            "employee_id": ids,
            "name": [names.get(e) for e in ids],
            "team": [teams.get(e) for e in ids],
            "period": str(period),
            "state": [s if h else None for s, h in zip(states, has, strict=True)],
            "bonus_status": [
                "finalised" if f else ("not_finalised" if h else "no_appraisal")
                for f, h in zip(finalised, has, strict=True)
            ],
            **{c: when(has, c, _one_decimal) for c in SCORES},
            "grade": when(has, "grade", lambda v: v),
            "bonus_pct": when(finalised, "bonus_pct", _decimal),
            "target_bonus": when(finalised, "target_bonus", _cents),
            "bonus_amount": [
                bonus.get(e) if f else None for e, f in zip(ids, finalised, strict=True)
            ],
            "bonus_adjustment": [adjustment.get(e, ZERO) for e in ids],
            "commission": [commission.get(e, ZERO) for e in ids],
            "absent_days": [float(absent.get(e, 0.0) or 0.0) for e in ids],
            "deduction_money": [money.get(e, ZERO) for e in ids],
            "flags": [list(f) if h else [] for f, h in zip(result["flags"], has, strict=True)],
        }
    )
    frame["total"] = [
        round_cent((b or ZERO) + a + c)
        for b, a, c in zip(
            frame["bonus_amount"], frame["bonus_adjustment"], frame["commission"], strict=True
        )
    ]
    return frame[SHEET_COLUMNS]


def _not_finalised(month: MonthResult, employees: pd.DataFrame) -> pd.DataFrame:
    waiting = month.appraisals.loc[month.appraisals["state"] != "finalised"]
    names = dict(zip(employees["employee_id"], employees["name"], strict=True))
    teams = dict(zip(employees["employee_id"], employees["team"], strict=True))
    return pd.DataFrame(
        [
            {
                "employee_id": r.employee_id,
                "name": names.get(r.employee_id),
                "team": teams.get(r.employee_id),
                "state": r.state,
                "missing": waiting_for(r.state, r.grade, list(r.flags)),
                "grade": r.grade,
                "flags": list(r.flags),
            }
            for r in waiting.itertuples(index=False)
        ],
        columns=WAITING_COLUMNS,
    )


def _totals(sheet: pd.DataFrame) -> dict[str, Decimal | int]:
    def total(column: str) -> Decimal:
        return round_cent(sum((v for v in sheet[column] if v is not None), ZERO))

    return {
        "people": len(sheet),
        "bonus": total("bonus_amount"),
        "bonus_adjustment": total("bonus_adjustment"),
        "commission": total("commission"),
        "total": total("total"),
        "not_finalised": int((sheet["bonus_status"] == "not_finalised").sum()),
    }


@dataclass(frozen=True)
class Checklist:
    """SPEC §11's month-close checklist: each item lists who or what it is about."""

    not_finalised: pd.DataFrame
    interviews_missing: list[str]
    dismissal_review: list[str]
    sales_floor: list[str]
    imports_after_open: pd.DataFrame

    @property
    def open_items(self) -> int:
        return sum(
            bool(len(x))
            for x in (
                self.not_finalised,
                self.interviews_missing,
                self.dismissal_review,
                self.sales_floor,
                self.imports_after_open,
            )
        )


def checklist(session: Session, actor: Actor, run: Payroll, board: pd.DataFrame) -> Checklist:
    """What to look at before closing `run`: from the month's board and the import log."""
    require(actor, "payroll")

    def flagged(flag: str) -> list[str]:
        return [e for e, fs in zip(board["employee_id"], board["flags"], strict=True) if flag in fs]

    waiting_interview = set(flagged("interview_required")) & set(run.not_finalised["employee_id"])
    return Checklist(
        not_finalised=run.not_finalised,
        interviews_missing=sorted(waiting_interview),
        dismissal_review=flagged("dismissal_review"),
        sales_floor=flagged("sales_floor"),
        imports_after_open=imports_after_open(session, run.period),
    )


def imports_after_open(session: Session, period: Period) -> pd.DataFrame:
    """Imports applied after the month's appraisals were opened: candidates for re-applying
    the rules (their data reached the month after its rules were frozen)."""
    opened = session.scalar(
        select(func.min(AuditEntry.at)).where(
            AuditEntry.entity == "appraisal",
            AuditEntry.entity_key == str(period),
            AuditEntry.action == "open",
        )
    )
    columns = ["id", "kind", "filename", "rows", "actor", "at"]
    if opened is None:
        return pd.DataFrame(columns=columns)
    stmt = (
        select(
            ImportLog.id,
            ImportLog.kind,
            ImportLog.filename,
            ImportLog.rows,
            ImportLog.actor,
            ImportLog.at,
        )
        .where(ImportLog.at > opened, ImportLog.status == "applied")
        .order_by(ImportLog.at)
    )
    return fetch(session, stmt, columns)
