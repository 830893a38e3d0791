"""The payroll commands of `python -m data`: the sheet, closing a run, the runs, an employee's
commission statement, commission plans and the calculator on the company's stored tiers.

Kept apart from `data.cli` so the money commands read as one piece.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import inspect

from core.commission import commission
from core.errors import ValidationError
from core.exact import within_places
from core.i18n import N_, formats, t
from core.periods import Period
from core.policy import DEFAULT_POLICY
from data.cli import _actor, _lang
from data.db import make_engine, transaction
from data.services import ledger, payroll, people, statements
from data.services.settings import current_policy


def _period(args: argparse.Namespace) -> Period:
    if not args.period:
        raise ValidationError("cli.period_required")
    return Period.parse(args.period)


def cmd_payroll(args: argparse.Namespace) -> int:
    from data.exports import payroll_csv, payroll_xlsx

    lang = _lang()
    with transaction(make_engine()) as session:
        actor = _actor(session, args.as_user)
        if args.action == "runs":
            frame = ledger.runs_frame(session, actor)
            sys.stdout.write(frame.to_csv(index=False))
            return 0
        period = _period(args)
        if args.action == "close":
            run = payroll.close(session, actor, period)
            print(_totals_line(N_("cli.payroll_closed"), run, lang))
            return 0
        if not args.out:
            raise ValidationError("cli.out_required")
        run = payroll.payroll(session, actor, period)
    out = Path(args.out)
    data = payroll_csv(run.sheet) if out.suffix.lower() == ".csv" else payroll_xlsx(run, lang)
    out.write_bytes(data)
    print(t("cli.payroll_done", lang, path=str(out), rows=len(run.sheet)))
    print(_totals_line(N_("cli.payroll_totals"), run, lang))
    if len(run.not_finalised):
        print(t("cli.payroll_not_finalised", lang, count=len(run.not_finalised)), file=sys.stderr)
    return 0


def _totals_line(key: str, run: payroll.Payroll, lang: str) -> str:
    totals = run.totals
    return t(
        key,
        lang,
        period=str(run.period),
        people=totals["people"],
        bonus=formats.money(totals["bonus"], cents=True),
        adjustments=formats.money(totals["bonus_adjustment"], cents=True),
        commission=formats.money(totals["commission"], cents=True),
        total=formats.money(totals["total"], cents=True),
    )


def cmd_statement(args: argparse.Namespace) -> int:
    with transaction(make_engine()) as session:
        actor = people.actor_for(session, args.as_user)
        lines = statements.statement(session, actor, args.employee, _period(args))
    sys.stdout.write(lines.to_csv(index=False))
    return 0


def cmd_plans(args: argparse.Namespace) -> int:
    with transaction(make_engine()) as session:
        actor = people.actor_for(session, args.as_user)
        if args.action == "list":
            sys.stdout.write(ledger.plans_frame(session).to_csv(index=False))
            return 0
        if not args.employee or not args.plan:
            raise ValidationError("cli.plan_needs_employee")
        since = Period.parse(args.since) if args.since else Period.of(datetime.now())
        ledger.set_plan(session, actor, args.employee, args.plan, args.mode, since)
    print(
        t(
            "cli.plan_set",
            _lang(),
            employee_id=args.employee,
            plan=args.plan,
            mode=args.mode,
            since=str(since),
        )
    )
    return 0


def cmd_commission(args: argparse.Namespace) -> int:
    """The calculator, on the company's stored tier tables (not the defaults)."""
    try:
        amount = Decimal(args.amount)
    except ArithmeticError as exc:
        raise ValidationError("cli.bad_amount", value=args.amount) from exc
    if not amount.is_finite():
        raise ValidationError("cli.bad_amount", value=args.amount)
    if not within_places(amount):
        raise ValidationError("cli.amount_decimals", value=args.amount)
    engine = make_engine()
    if inspect(engine).has_table("settings"):
        with transaction(engine) as session:
            policy = current_policy(session)
    else:  # no database yet: the calculator still answers, on the default tiers
        policy = DEFAULT_POLICY
    plan = policy.quarterly_plan if args.plan == "quarterly" else policy.monthly_plan
    print(f"{commission(amount, plan, args.mode):.2f}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("payroll", help="the payroll sheet, closing a run, the closed runs")
    p.add_argument("action", nargs="?", choices=("sheet", "close", "runs"), default="sheet")
    p.add_argument("--period")
    p.add_argument("--out")
    p.add_argument("--as", dest="as_user")
    p.set_defaults(fn=cmd_payroll)

    p = sub.add_parser("statement", help="an employee's commission statement for a month")
    p.add_argument("--as", dest="as_user", required=True)
    p.add_argument("--employee", required=True)
    p.add_argument("--period", required=True)
    p.set_defaults(fn=cmd_statement)

    p = sub.add_parser("plans", help="commission plans per employee")
    p.add_argument("action", choices=("set", "list"))
    p.add_argument("--as", dest="as_user", required=True)
    p.add_argument("--employee")
    p.add_argument("--plan", choices=("monthly", "quarterly"))
    p.add_argument("--mode", choices=("marginal", "whole"), default="marginal")
    p.add_argument("--since", help="first month (YYYY-MM); default the current month")
    p.set_defaults(fn=cmd_plans)

    p = sub.add_parser("commission", help="the commission on an amount, with the stored tiers")
    p.add_argument("--amount", required=True)
    p.add_argument("--plan", choices=("monthly", "quarterly"), default="monthly")
    p.add_argument("--mode", choices=("marginal", "whole"), default="marginal")
    p.set_defaults(fn=cmd_commission)
