"""Load the demo department into an empty database and walk recent months through the cycle.

It uses the same import and appraisal services as people do, so the demo is also a smoke test.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from sqlalchemy import Engine, func, select

from core.errors import ValidationError
from core.periods import Period, months_ending
from data.db import transaction
from data.demo_data import DEMO_ACCOUNTS, demo_frames
from data.models import Appraisal, Employee, ImportLog, Setting, User
from data.records_store import write_frame
from data.services import appraisals, payroll
from data.services.engine import current_appraisals
from data.services.people import actor_for, ensure_employee_accounts, hash_password
from data.services.settings import seed_default_templates
from data.versions import PEOPLE, SETTINGS, bump

DEMO_PASSWORD = "demo"
DEMO_KEY = "demo_mode"
ORDER = (
    "employees",
    "stores",
    "campaigns",
    "orders",
    "traffic",
    "tickets",
    "design_tasks",
    "calls",
    "attendance",
    "training",
    "targets",
    "metrics",
)
FINALISED_MONTHS = 3


def is_demo(engine: Engine) -> bool:
    with transaction(engine) as session:
        row = session.get(Setting, DEMO_KEY)
        return bool(row and row.value.get("enabled"))


def load_demo(
    engine: Engine, today: date, progress: Callable[[float, str], None] | None = None
) -> dict[str, int]:
    report = progress or (lambda _f, _m: None)
    now = datetime.combine(today, time(9, 0))
    frames = demo_frames(today)
    with transaction(engine) as session:
        if session.scalar(select(func.count()).select_from(Employee)):
            raise ValidationError("cli.demo_exists")
        seed_default_templates(session)
        for step, kind in enumerate(ORDER):
            frame = frames.get(kind)
            if frame is None or frame.empty:
                continue
            report(step / len(ORDER), kind)
            log = ImportLog(
                kind=kind,
                filename=f"demo-{kind}.csv",
                sha256="demo",
                rows=len(frame),
                actor="demo",
                at=now,
                status="applied",
            )
            session.add(log)
            session.flush()
            write_frame(session, kind, frame, log.id, now)
        ensure_employee_accounts(session, frames["employees"]["employee_id"].tolist())
        demo_hash = hash_password(DEMO_PASSWORD)
        for username, employee_id in DEMO_ACCOUNTS.items():
            role = username
            session.add(
                User(
                    username=username,
                    role=role,
                    employee_id=employee_id,
                    password_hash=demo_hash,
                    lang="en",
                    active=True,
                    failed_logins=0,
                )
            )
        session.add(Setting(key=DEMO_KEY, value={"enabled": True, "loaded": today.isoformat()}))
        bump(session, PEOPLE, SETTINGS)
    report(0.8, "appraisals")
    _walk_cycle(engine, Period.of(today), now)
    report(1.0, "done")
    return {
        "employees": len(frames["employees"]),
        "orders": len(frames["orders"]),
        "months": 12,
    }


def _walk_cycle(engine: Engine, current: Period, now: datetime) -> None:
    """Finalise a few past months and close their payroll, and leave last month mid-cycle, so
    every page has content and the open month's run pays only its own month (SPEC §11)."""
    months = months_ending(current.previous(), FINALISED_MONTHS + 1)
    for index, period in enumerate(months):
        last = index == len(months) - 1
        when = datetime.combine(period.next().first_day, time(10, 0)) + timedelta(days=2)
        with transaction(engine) as session:
            appraisals.open_period(session, period, now=when)
            hr = actor_for(session, "hr")
            managers = dict(
                session.execute(select(Employee.employee_id, Employee.manager_id)).all()
            )
            opened = current_appraisals(session, period)
            for n, employee_id in enumerate(sorted(opened)):
                manager_id = managers[employee_id]
                if last and n % 3 == 0:
                    continue
                actor = actor_for(session, employee_id)
                items = {k: 70 + (n * 7 + index * 3) % 25 for k in _manual(opened[employee_id])}
                try:
                    appraisals.self_assess(
                        session,
                        actor,
                        period,
                        70 + (n * 11) % 28,
                        items,
                        {
                            "achievements": "完成本月主要目标",
                            "shortcomings": "部分任务延迟",
                            "improvements": "加强时间管理",
                        },
                        now=when,
                    )
                except ValidationError:
                    continue
                if last and n % 3 == 1:
                    continue
                reviewer = actor_for(session, manager_id)
                appraisals.review(
                    session,
                    reviewer,
                    employee_id,
                    period,
                    65 + (n * 13) % 32,
                    items,
                    "表现稳定",
                    now=when + timedelta(days=2),
                )
            if not last:
                for employee_id in _interviews_needed(session, period, when):
                    appraisals.record_interview(
                        session,
                        hr,
                        employee_id,
                        period,
                        "绩效面谈已完成；改进计划：每周复盘目标进度。",
                        now=when,
                    )
                closing = when + timedelta(days=5)
                appraisals.finalise(session, hr, period, now=closing)
                payroll.close(session, hr, period, now=closing)


def _manual(appraisal: Appraisal) -> list[str]:
    return [r["kpi_id"] for r in appraisal.rules.get("plan", []) if r.get("method") == "manual"]


def _interviews_needed(session, period: Period, when: datetime) -> list[str]:  # noqa: ANN001
    from data.services import results

    month = results.month(session, period, when)
    frame = month.appraisals
    return frame.loc[frame["grade"] == "E", "employee_id"].tolist()
