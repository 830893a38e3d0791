"""Month and year read-outs (awards, annual) and HR's written steps (waive-self, interview)
for `python -m data`, in their own module so the main command table stays small.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from decimal import Decimal

import pandas as pd

from core.i18n import t
from core.periods import Period
from data.cli import EXIT_REJECTED, _actor, _emit, _lang, _number, _service
from data.db import make_engine, transaction
from data.services import appraisals

ANNUAL_CSV_COLUMNS = [
    "employee_id",
    "name",
    "months_finalised",
    "months_employed",
    "annual_score",
    "annual_grade",
    "status",
    "award",
]


def cmd_awards(args: argparse.Namespace) -> int:
    """The month's award winners; `status` says whether the month is still running."""
    from data.services.awards import awards_frame, is_projected

    period = Period.parse(args.period)
    with transaction(make_engine()) as session:
        frame = awards_frame(session, _actor(session, args.as_user), period)
    frame = frame.assign(
        value=frame["value"].map(_number),
        status="projected" if is_projected(period) else "final",
    )
    _emit(frame, args.format)
    return 0


def _annual_score(value: object) -> str | None:
    """The exact mean to four decimals: enough to see why 89.9967 is a B, not an A."""
    if not isinstance(value, Decimal):
        return None
    return f"{value.quantize(Decimal('0.0001')).normalize():f}"


def annual_table(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """`rollup.annual`'s frame in the command line's stable column names."""
    return pd.DataFrame(
        {
            "employee_id": frame["employee_id"],
            "name": frame["employee_id"].map(names),
            "months_finalised": frame["months"].astype("int64"),
            "months_employed": frame["months_employed"].astype("int64"),
            "annual_score": frame["annual_score"].map(_annual_score),
            "annual_grade": frame["grade"].where(frame["grade"].notna(), None),
            "status": frame["status"],
            "award": frame["annual_award"].map(lambda v: "true" if v else "false"),
        },
        columns=ANNUAL_CSV_COLUMNS,
    )


def cmd_annual(args: argparse.Namespace) -> int:
    from data.records_store import load_frame
    from data.services import rollup

    with transaction(make_engine()) as session:
        frame = rollup.annual(session, _actor(session, args.as_user), args.year, date.today())
        people = load_frame(session, "employees", columns=["employee_id", "name"])
    names = dict(zip(people["employee_id"], people["name"], strict=True))
    _emit(annual_table(frame, names), args.format)
    return 0


def _waive_self(session, actor, args) -> str:  # noqa: ANN001
    a = appraisals.waive_self(session, actor, args.employee, Period.parse(args.period), args.reason)
    return t("cli.self_waived", _lang(), employee_id=a.employee_id, period=a.period)


def _interview(session, actor, args) -> str:  # noqa: ANN001
    a = appraisals.record_interview(
        session, actor, args.employee, Period.parse(args.period), args.note
    )
    return t("cli.interview_recorded", _lang(), employee_id=a.employee_id, period=a.period)


def cmd_verify(args: argparse.Namespace) -> int:
    """Stored results against a recompute from the raw records: exit 1 with the differences."""
    from data.services import results

    with transaction(make_engine()) as session:
        periods = [str(Period.parse(args.period))] if args.period else None
        differences = results.verify(session, _actor(session, args.as_user), periods)
        checked = results.current_months(session, periods)  # months behind are not compared
    lang = _lang()
    for d in differences:
        print(t("cli.verify_difference", lang, period=d.period, part=d.part, detail=d.detail))
    if differences:
        print(t("cli.verify_failed", lang, count=len(differences)), file=sys.stderr)
        return EXIT_REJECTED
    print(t("cli.verify_ok", lang, count=len(checked)))
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Register awards, annual, waive-self and interview on the main parser."""
    p = sub.add_parser("awards", help="the month's award winners (projected while it runs)")
    p.add_argument("--period", required=True)
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.add_argument("--as", dest="as_user")
    p.set_defaults(fn=cmd_awards)

    p = sub.add_parser("annual", help="annual scores of a year (year to date until complete)")
    p.add_argument("--year", required=True, type=int)
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.add_argument("--as", dest="as_user")
    p.set_defaults(fn=cmd_annual)

    p = sub.add_parser("verify", help="check the stored results against the raw records")
    p.add_argument("--period")
    p.add_argument("--as", dest="as_user")
    p.set_defaults(fn=cmd_verify)

    p = sub.add_parser("waive-self", help="HR: complete an appraisal without its self-assessment")
    p.add_argument("--as", dest="as_user", required=True)
    p.add_argument("--employee", required=True)
    p.add_argument("--period", required=True)
    p.add_argument("--reason", required=True)
    p.set_defaults(fn=_service(_waive_self))

    p = sub.add_parser("interview", help="HR: record the performance interview of an E grade")
    p.add_argument("--as", dest="as_user", required=True)
    p.add_argument("--employee", required=True)
    p.add_argument("--period", required=True)
    p.add_argument("--note", required=True)
    p.set_defaults(fn=_service(_interview))
