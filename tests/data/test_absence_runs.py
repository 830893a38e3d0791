"""An absence run that crosses a month end (SPEC §6), seen through the monthly engine: the
loader brings the last working days before the month, and only those."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from core.periods import Period
from core.permissions import Actor, system_actor
from data.db import transaction
from data.services import imports
from data.services.engine import compute_month
from data.services.settings import seed_default_templates

MARCH, APRIL = Period(2026, 3), Period(2026, 4)
SYSTEM = system_actor()
HR = Actor("hr", "hr")

EMPLOYEES = (
    "employee_id,name,role,manager_id,target_bonus\n"
    "E1,Director,director,,8000\n"
    "E2,Ann,sales,E1,3000\n"
    "E3,Bob,sales,E1,3000\n"
    "E4,Cai,sales,E1,3000\n"
)
# E2: Mon 30, Tue 31 March and Wed 1 April: a run of 3 (SPEC's example).
# E3: Tue 31 March and Wed 1 April only: a run of 2.
# E4: Thu 26 and Fri 27 March, present Mon 30, absent Tue 31 and Wed 1 April: runs 2 and 2.
ATTENDANCE = (
    "employee_id,date,absent_days\n"
    "E2,2026-03-30,1\nE2,2026-03-31,1\nE2,2026-04-01,1\n"
    "E3,2026-03-31,1\nE3,2026-04-01,1\n"
    "E4,2026-03-26,1\nE4,2026-03-27,1\nE4,2026-03-30,0\nE4,2026-03-31,1\nE4,2026-04-01,1\n"
)


def _load(engine: Engine) -> None:
    with transaction(engine) as session:
        seed_default_templates(session)
        imports.import_file(session, SYSTEM, "employees", "e.csv", EMPLOYEES.encode())
    with transaction(engine) as session:
        outcome = imports.import_file(session, HR, "attendance", "a.csv", ATTENDANCE.encode())
        assert outcome.written, outcome.errors


def _month(engine: Engine, period: Period) -> tuple[dict[str, int], dict[str, bool]]:
    with transaction(engine) as session:
        result = compute_month(session, period, datetime(2026, 5, 20))
    attendance = result.attendance.set_index("employee_id")
    runs = attendance["longest_absence_run"].to_dict()
    flagged = {
        e: "dismissal_review" in flags
        for e, flags in zip(
            result.appraisals["employee_id"], result.appraisals["flags"], strict=True
        )
    }
    return runs, flagged


def test_a_run_across_the_month_end_is_flagged_in_april_only(engine: Engine) -> None:
    _load(engine)
    runs, flagged = _month(engine, APRIL)
    # E2: 30 + 31 March + 1 April = 3 ≥ 3 → flagged; E3: 31 March + 1 April = 2;
    # E4: present on the 30th breaks the run, so 31 March + 1 April = 2.
    assert runs == {"E2": 3, "E3": 2, "E4": 2}
    assert flagged == {"E2": True, "E3": False, "E4": False}
    runs, flagged = _month(engine, MARCH)
    # March alone: E2 30–31 = 2, E3 31 = 1, E4 26–27 = 2 and 31 = 1: nobody reaches 3
    assert runs == {"E2": 2, "E3": 1, "E4": 2}
    assert not any(flagged.values())
