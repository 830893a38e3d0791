"""The headless face of the services: HR and admins script it, bulk jobs run through it.

Exit codes: 0 done, 1 rejected input (errors on stderr), 2 refused (permission or state).
Modules only some commands need (Excel, Alembic, backups, reports) are imported by those
commands, so a one-row write such as `review` costs what it does, not the whole toolbox.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

from core.errors import ConflictError, KpiError, PermissionDenied, StateError, ValidationError
from core.i18n import N_, t
from core.periods import Period
from data import clock
from data.db import make_engine, transaction
from data.services import appraisals, people
from data.services.people import SYSTEM

EXIT_REJECTED, EXIT_REFUSED = 1, 2


def _lang() -> str:
    return "zh" if os.environ.get("KPI_LANG", "en").startswith("zh") else "en"


def _items(pairs: list[str]) -> dict[str, str]:
    items = {}
    for pair in pairs:
        if "=" not in pair:
            raise ValidationError("cli.bad_item", item=pair)
        key, value = pair.split("=", 1)
        items[key.strip()] = value.strip()
    return items


def cmd_init(args: argparse.Namespace) -> int:
    from data.migrate import upgrade

    engine = make_engine()
    upgrade(engine)
    from data.services.settings import seed_default_templates

    with transaction(engine) as session:
        seeded = seed_default_templates(session)
    _fill_results(engine)
    print(
        t(
            "cli.init_done",
            _lang(),
            url=engine.url.render_as_string(hide_password=True),
            seeded=seeded,
        )
    )
    return 0


def _fill_results(engine) -> None:  # noqa: ANN001
    """Store the results of every month with appraisals that has none stored yet (a database
    upgraded from before stored results), one line per month as it goes."""
    from data.services import results

    with transaction(engine) as session:
        missing = results.unstored(session)
    _store_months(engine, missing, announce=True)


def _refresh_results(engine, months: list[str]) -> None:  # noqa: ANN001
    """After an import: recompute the stored months it wrote records of."""
    from data.services import results

    with transaction(engine) as session:
        stale = results.behind(session, months)
    _store_months(engine, stale, announce=False)


def _store_months(engine, months: list[str], announce: bool) -> None:  # noqa: ANN001
    """Compute and store each month in a transaction of its own."""
    from data.services import results

    for i, period in enumerate(months, 1):
        if announce:
            print(t("cli.results_filling", _lang(), period=period, i=i, n=len(months)), flush=True)
        with transaction(engine) as session:
            results.refresh(session, Period.parse(period))


def cmd_demo(args: argparse.Namespace) -> int:
    from data.demo import load_demo
    from data.migrate import upgrade

    engine = make_engine()
    upgrade(engine)
    summary = load_demo(engine, today=clock.today(), progress=lambda f, m: None)
    print(t("cli.demo_done", _lang(), **summary))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from data.migrate import upgrade
    from data.services import imports

    path = Path(args.file)
    if not path.is_file():
        raise ValidationError("cli.no_file", path=str(path))
    engine = make_engine()
    upgrade(engine)
    with transaction(engine) as session:
        actor = people.actor_for(session, args.as_user) if args.as_user else SYSTEM
        outcome = imports.import_file(
            session,
            actor,
            args.kind,
            path.name,
            path.read_bytes(),
            dry_run=args.dry_run,
            valid_only=args.valid_only,
            max_bytes=imports.BULK_LIMIT,
        )
    lang = _lang()
    if outcome.errors and not outcome.written and not (args.dry_run and args.valid_only):
        for error in outcome.errors:
            print(error.message(lang), file=sys.stderr)
        print(t("cli.import_rejected", lang, count=len(outcome.errors)), file=sys.stderr)
        return EXIT_REJECTED
    if outcome.written:
        _refresh_results(engine, outcome.months)
    key = N_("cli.import_dry_run") if args.dry_run else N_("cli.import_done")
    print(
        t(
            key,
            lang,
            kind=args.kind,
            rows=outcome.rows,
            replaced=outcome.replaced,
            skipped=outcome.skipped,
            id=outcome.import_id or "-",
        )
    )
    return 0


def _emit(frame: pd.DataFrame, fmt: str) -> None:
    if fmt == "json":
        print(
            json.dumps(
                json.loads(frame.to_json(orient="records", date_format="iso")),
                ensure_ascii=False,
                indent=1,
            )
        )
    else:
        sys.stdout.write(frame.to_csv(index=False))


def _actor(session, username: str | None):  # noqa: ANN001, ANN202
    return people.actor_for(session, username) if username else SYSTEM


def _as_of(args: argparse.Namespace):  # noqa: ANN202
    """SPEC §10: `--as-of` or today (`data.clock`); later records count as not yet uploaded."""
    return clock.parse_day(args.as_of) if args.as_of else clock.today()


def cmd_scorecard(args: argparse.Namespace) -> int:
    from data.services import reports

    period = Period.parse(args.period)
    as_of = _as_of(args)
    with transaction(make_engine()) as session:
        frame = reports.scorecard_frame(session, _actor(session, args.as_user), period, as_of)
    frame = frame.copy()
    for column in ("actual", "target", "score", "weight", "projected", "projected_score"):
        frame[column] = frame[column].map(_number)
    _emit(frame, args.format)
    return 0


def cmd_estimate(args: argparse.Namespace) -> int:
    """Where each person in the actor's scope is heading this month (SPEC §10)."""
    from data.services import reports

    period = Period.parse(args.period)
    as_of = _as_of(args)
    with transaction(make_engine()) as session:
        actor = people.actor_for(session, args.as_user)
        frame = reports.estimate_frame(session, actor, period, as_of, args.employee)
    frame = frame.astype(object).copy()
    for column in ("kpi_score_to_date", "projected_kpi_score", "projected_bonus_pct"):
        frame[column] = frame[column].map(_number)
    frame["points_to_next_grade"] = frame["points_to_next_grade"].map(_number)
    for column in (
        "projected_bonus_amount",
        "commission_to_date",
        "projected_commission",
        "sales_to_next_tier",
    ):
        frame[column] = frame[column].map(_money)
    _emit(frame, args.format)
    return 0


def cmd_appraisals(args: argparse.Namespace) -> int:
    from data.services import reports

    period = Period.parse(args.period)
    with transaction(make_engine()) as session:
        frame = reports.appraisals_frame(session, _actor(session, args.as_user), period)
    frame = frame.copy()
    for column in ("kpi_score", "composite", "deduction_points", "calibration", "final_score"):
        frame[column] = frame[column].map(_number)
    frame["bonus_pct"] = frame["bonus_pct"].map(_number)
    for column in ("bonus_amount", "commission"):
        frame[column] = frame[column].map(_money)
    _emit(frame, args.format)
    return 0


def _number(value) -> str | float | None:  # noqa: ANN001
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    number = float(value)
    return int(number) if number.is_integer() else round(number, 6)


def _money(value) -> str | None:  # noqa: ANN001
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return str(Decimal(str(value)).quantize(Decimal("0.01"), ROUND_HALF_UP))


def _service(fn: Callable[..., object]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        with transaction(make_engine()) as session:
            actor = people.actor_for(session, args.as_user)
            message = fn(session, actor, args)
        print(message)
        return 0

    return run


def _self_assess(session, actor, args) -> str:  # noqa: ANN001
    texts = {
        k: v
        for k, v in (
            ("achievements", args.text),
            ("shortcomings", args.shortcomings),
            ("improvements", args.improvements),
        )
        if v
    }
    a = appraisals.self_assess(
        session,
        actor,
        Period.parse(args.period),
        args.score,
        _items(args.item),
        texts,
        submit=not args.draft,
    )
    return t("cli.saved", _lang(), employee_id=a.employee_id, period=a.period, state=a.state)


def _review(session, actor, args) -> str:  # noqa: ANN001
    a = appraisals.review(
        session,
        actor,
        args.employee,
        Period.parse(args.period),
        args.score,
        _items(args.item),
        args.comment or "",
        submit=not args.draft,
    )
    return t("cli.saved", _lang(), employee_id=a.employee_id, period=a.period, state=a.state)


def _calibrate(session, actor, args) -> str:  # noqa: ANN001
    a = appraisals.calibrate(
        session, actor, args.employee, Period.parse(args.period), args.points, args.reason
    )
    return t("cli.saved", _lang(), employee_id=a.employee_id, period=a.period, state=a.state)


def _finalise(session, actor, args) -> str:  # noqa: ANN001
    done, refused = appraisals.finalise(session, actor, Period.parse(args.period), args.employee)
    lang = _lang()
    lines = [t("cli.finalised", lang, count=len(done), period=args.period)]
    lines += [
        f"  {eid}: {t(key, lang, employee_id=eid, period=args.period)}"
        for eid, key in refused.items()
    ]
    return "\n".join(lines)


def _reopen(session, actor, args) -> str:  # noqa: ANN001
    a = appraisals.reopen(session, actor, args.employee, Period.parse(args.period), args.reason)
    return t("cli.reopened", _lang(), employee_id=a.employee_id, period=a.period, version=a.version)


def cmd_remind(args: argparse.Namespace) -> int:
    """Daily cron: one stdout line per message sent, failures on stderr (exit 1; each is
    recorded and retried by the next run)."""
    from data.services.reminders import send_reminders

    period, lang = Period.parse(args.period), _lang()
    with transaction(make_engine()) as session:
        outcomes = send_reminders(session, _actor(session, args.as_user), period, clock.now())
    for o in outcomes:
        params = {
            "channel": o.channel,
            "name": o.due.name,
            "target": o.target or "-",
            "step": t(f"remind.step.{o.due.step}", lang),
            "period": str(period),
            "due": o.due.due.isoformat(),
            "error": o.error,
        }
        if o.status == "sent":
            print(t("cli.remind_sent", lang, **params))
        else:
            print(t("cli.remind_failed", lang, **params), file=sys.stderr)
    if not outcomes:
        print(t("cli.remind_none", lang, period=str(period)))
    return EXIT_REJECTED if any(o.status != "sent" for o in outcomes) else 0


def cmd_imports(args: argparse.Namespace) -> int:
    from data.services import imports

    with transaction(make_engine()) as session:
        actor = people.actor_for(session, args.as_user) if args.as_user else SYSTEM
        if args.action == "list":
            frame = imports.imports_frame(session, actor)
            sys.stdout.write(frame.to_csv(index=False))
            return 0
        if args.id is None:
            raise ValidationError("cli.rollback_needs_id")
        removed = imports.rollback(session, actor, int(args.id))
    print(t("cli.rolled_back", _lang(), id=args.id, rows=removed))
    return 0


def cmd_users(args: argparse.Namespace) -> int:
    password = sys.stdin.readline().rstrip("\n") if not sys.stdin.isatty() else None
    if password is None:
        import getpass

        password = getpass.getpass()
    with transaction(make_engine()) as session:
        actor = people.actor_for(session, args.as_user) if args.as_user else SYSTEM
        people.add_user(session, actor, args.username, args.role, args.employee, password or None)
    print(t("cli.user_added", _lang(), username=args.username, role=args.role))
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from data import backup as backups

    path = backups.backup(make_engine(), Path(args.out))
    print(t("cli.backup_done", _lang(), path=str(path)))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    if not args.yes:
        answer = input(t("cli.restore_confirm", _lang(), path=args.file) + " [y/N] ")
        if answer.strip().lower() not in ("y", "yes", "是"):
            print(t("cli.restore_cancelled", _lang()))
            return EXIT_REFUSED
    from data import backup as backups

    backups.restore(make_engine(), Path(args.file))
    print(t("cli.restore_done", _lang(), path=args.file))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m data", description="KPI Suite command line")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init", help="create or upgrade the database schema").set_defaults(fn=cmd_init)
    sub.add_parser("demo", help="load the demo department").set_defaults(fn=cmd_demo)

    p = sub.add_parser("import", help="import a .csv or .xlsx file")
    p.add_argument("kind")
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--valid-only", action="store_true")
    p.add_argument("--as", dest="as_user")
    p.set_defaults(fn=cmd_import)

    for name, fn in (("scorecard", cmd_scorecard), ("appraisals", cmd_appraisals)):
        p = sub.add_parser(name)
        p.add_argument("--period", required=True)
        p.add_argument("--format", choices=("csv", "json"), default="csv")
        p.add_argument("--as", dest="as_user")
        if name == "scorecard":
            p.add_argument(
                "--as-of", dest="as_of", help="count records up to this day (YYYY-MM-DD)"
            )
        p.set_defaults(fn=fn)

    p = sub.add_parser("estimate", help="projected grade, bonus and commission (SPEC §10)")
    p.add_argument("--as", dest="as_user", required=True)
    p.add_argument("--period", required=True)
    p.add_argument("--as-of", dest="as_of", help="count records up to this day (YYYY-MM-DD)")
    p.add_argument("--employee")
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.set_defaults(fn=cmd_estimate)

    p = sub.add_parser("self-assess")
    p.add_argument("--as", dest="as_user", required=True)
    p.add_argument("--period", required=True)
    p.add_argument("--score", required=True)
    p.add_argument("--item", action="append", default=[])
    p.add_argument("--text")
    p.add_argument("--shortcomings")
    p.add_argument("--improvements")
    p.add_argument("--draft", action="store_true")
    p.set_defaults(fn=_service(_self_assess))

    p = sub.add_parser("review")
    p.add_argument("--as", dest="as_user", required=True)
    p.add_argument("--employee", required=True)
    p.add_argument("--period", required=True)
    p.add_argument("--score", required=True)
    p.add_argument("--item", action="append", default=[])
    p.add_argument("--comment")
    p.add_argument("--draft", action="store_true")
    p.set_defaults(fn=_service(_review))

    p = sub.add_parser("calibrate")
    p.add_argument("--as", dest="as_user", required=True)
    p.add_argument("--employee", required=True)
    p.add_argument("--period", required=True)
    p.add_argument("--points", required=True)
    p.add_argument("--reason", required=True)
    p.set_defaults(fn=_service(_calibrate))

    p = sub.add_parser("finalise")
    p.add_argument("--as", dest="as_user", required=True)
    p.add_argument("--period", required=True)
    p.add_argument("--employee")
    p.set_defaults(fn=_service(_finalise))

    p = sub.add_parser("reopen")
    p.add_argument("--as", dest="as_user", required=True)
    p.add_argument("--employee", required=True)
    p.add_argument("--period", required=True)
    p.add_argument("--reason", required=True)
    p.set_defaults(fn=_service(_reopen))

    from data import cli_payroll  # it imports this module's helpers

    cli_payroll.register(sub)

    p = sub.add_parser("remind", help="remind people of appraisal steps due soon or overdue")
    p.add_argument("--period", required=True)
    p.add_argument("--as", dest="as_user")
    p.set_defaults(fn=cmd_remind)

    p = sub.add_parser("imports")
    p.add_argument("action", choices=("list", "rollback"))
    p.add_argument("id", nargs="?")
    p.add_argument("--as", dest="as_user")
    p.set_defaults(fn=cmd_imports)

    p = sub.add_parser("users")
    p.add_argument("action", choices=("add",))
    p.add_argument("username")
    p.add_argument("--role", required=True)
    p.add_argument("--employee")
    p.add_argument("--as", dest="as_user")
    p.set_defaults(fn=cmd_users)

    p = sub.add_parser("backup")
    p.add_argument("--out", required=True)
    p.set_defaults(fn=cmd_backup)

    p = sub.add_parser("restore")
    p.add_argument("file")
    p.add_argument("--yes", action="store_true")
    p.set_defaults(fn=cmd_restore)

    from data.cli_month import add_commands  # it imports this module's helpers

    add_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    lang = _lang()
    try:
        return args.fn(args)
    except (PermissionDenied, StateError, ConflictError) as exc:
        print(exc.message(lang), file=sys.stderr)
        return EXIT_REFUSED
    except KpiError as exc:
        print(exc.message(lang), file=sys.stderr)
        return EXIT_REJECTED
