"""Benchmark cases in a month whose appraisals are under way (issue 14): one save must cost
one small recompute, not the whole company's.

`prepare` opens the benchmark month on a copy of the loaded database and walks appraisals
into every state (open, self-submitted, reviewed, finalised, reopened); each case then works
on a private copy of that state, in its own process.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.cases import COOKIE_KEY, WARM_RUNS, Args, Clock, Result, loaded_db
from benchmarks.dataset import ROOT

HR_USER = "hr"
PERSON_WIDGET = "_hr_person_widget"  # dashboards.views.hr's picker (importing it runs the page)  # made by `prepare`: the dataset's employees carry no HR account with a name
SHARES = {"self_submitted": 0.2, "reviewed": 0.08, "finalised": 0.02, "reopened": 0.004}
READY = 300  # reviewed appraisals left for the "finalise 300" case (scaled down with --scale)


def appraised_path(args: Args) -> Path:
    return Path(args.work) / "appraised.sqlite"


def private_copy(args: Args) -> str:
    """A copy of the appraised month for a case that writes."""
    target = Path(args.work) / f"appraised-{os.getpid()}.sqlite"
    shutil.copy(appraised_path(args), target)
    return f"sqlite:///{target}"


def _counts(total: int) -> dict[str, int]:
    """How many appraisals to walk into each state; `READY` reviewed ones stay unfinalised."""
    counts = {state: max(1, int(total * share)) for state, share in SHARES.items()}
    counts["ready"] = max(1, min(READY, int(total * 0.06)))
    return counts


def case_prepare(args: Args, clock: Clock) -> Result:
    """Not timed as a case: build `appraised.sqlite` from the loaded database."""
    from sqlalchemy import select

    from core.permissions import Actor
    from data.db import make_engine, transaction
    from data.models import Employee
    from data.services import appraisals, people
    from data.services.people import SYSTEM

    source = Path(loaded_db(args).removeprefix("sqlite:///"))
    shutil.copy(source, appraised_path(args))
    engine = make_engine(f"sqlite:///{appraised_path(args)}")
    period, now = args.spec.month, args.spec.now
    with clock.time("open"), transaction(engine) as session:
        opened = appraisals.open_period(session, period, now=now)
        people.add_user(session, SYSTEM, HR_USER, "hr")
        managers = dict(session.execute(select(Employee.employee_id, Employee.manager_id)).all())
    staff = sorted(e for e, a in _current(engine, period).items() if managers.get(e))
    counts = _counts(len(staff))
    hr = Actor(HR_USER, "hr")
    walk = staff[: counts["self_submitted"]]
    to_finalise = walk[: counts["finalised"]]
    ready = walk[counts["finalised"] : counts["finalised"] + counts["reviewed"] + counts["ready"]]
    with clock.time("walk"), transaction(engine) as session:
        for employee_id in walk:
            me = people.actor_for(session, employee_id)
            appraisals.self_assess(session, me, period, 75, _manual(session, employee_id, period),
                                   {"achievements": "bench"}, now=now)  # fmt: skip
        _review(session, hr, managers, to_finalise, period, now)
    # one finalise of the month (a finalise per person would compute the month each time)
    with clock.time("finalise"), transaction(engine) as session:
        finalised, _refused = appraisals.finalise(session, hr, period, now=now)
    with clock.time("reopen"), transaction(engine) as session:
        for employee_id in finalised[: counts["reopened"]]:
            appraisals.reopen(session, hr, employee_id, period, "bench", now=now)
    with clock.time("review"), transaction(engine) as session:
        _review(session, hr, managers, ready, period, now)
    states = _states(engine, period)
    engine.dispose()
    return {"seconds": None, "opened": opened, "states": states, "phases": clock.seconds}


def _review(session: Any, hr: Any, managers: dict[str, str], ids: list[str], period: Any,
            now: Any) -> None:  # fmt: skip
    """Supervisors submit their reviews; HR records an interview so an E grade can finalise."""
    from data.services import appraisals, people

    for employee_id in ids:
        lead = people.actor_for(session, managers[employee_id])
        appraisals.review(session, lead, employee_id, period, 80,
                          _manual(session, employee_id, period), "bench", now=now)  # fmt: skip
        appraisals.record_interview(session, hr, employee_id, period, "bench plan", now=now)


def _manual(session: Any, employee_id: str, period: Any) -> dict[str, int]:
    appraisal = _appraisal(session, employee_id, period)
    return {r["kpi_id"]: 80 for r in appraisal.rules.get("plan", []) if r.get("method") == "manual"}


def _appraisal(session: Any, employee_id: str, period: Any) -> Any:
    from data.services.appraisals import get_appraisal

    return get_appraisal(session, employee_id, period, create=False)


def _current(engine: Any, period: Any) -> dict[str, Any]:
    from data.db import transaction
    from data.services.engine import current_appraisals

    with transaction(engine) as session:
        return {e: a.state for e, a in current_appraisals(session, period).items()}


def _states(engine: Any, period: Any) -> dict[str, int]:
    """Appraisals per state, reopened ones (version > 1) counted apart."""
    from sqlalchemy import func, select

    from data.db import transaction
    from data.models import Appraisal

    with transaction(engine) as session:
        rows = session.execute(
            select(Appraisal.state, func.count()).where(Appraisal.period == str(period))
            .group_by(Appraisal.state)
        ).all()  # fmt: skip
        reopened = session.scalar(
            select(func.count()).where(Appraisal.period == str(period), Appraisal.version > 1)
        )
    return {**{s: int(n) for s, n in rows}, "reopened (new versions)": int(reopened or 0)}


# --- one save through the services --------------------------------------------------------


def _first(engine: Any, period: Any, state: str) -> str:
    return sorted(e for e, s in _current(engine, period).items() if s == state)[0]


def _service(args: Args, clock: Clock, action: str) -> Result:
    from core.permissions import Actor
    from data.db import make_engine, transaction
    from data.services import appraisals, people

    engine = make_engine(private_copy(args))
    period, now = args.spec.month, args.spec.now
    hr = Actor(HR_USER, "hr")
    notes: list[str] = []
    with transaction(engine) as session:  # warm the connection and the imports
        people.actor_for(session, HR_USER)
    if action == "open":
        engine = make_engine(_fresh_loaded(args))
        with clock.time("timed"), transaction(engine) as session:
            notes.append(f"{appraisals.open_period(session, period, now=now):,} appraisals opened")
    elif action == "review":
        employee = _first(engine, period, "self_submitted")
        with clock.time("timed"), transaction(engine) as session:
            lead = people.actor_for(session, _manager(session, employee))
            appraisals.review(session, lead, employee, period, 81, _manual(session, employee, period),
                              "bench", now=now)  # fmt: skip
    elif action == "calibrate":
        employee = _first(engine, period, "reviewed")
        with clock.time("timed"), transaction(engine) as session:
            appraisals.calibrate(session, hr, employee, period, "1.5", "bench", now=now)
    else:
        with clock.time("timed"), transaction(engine) as session:
            done, refused = appraisals.finalise(session, hr, period, now=now)
        notes.append(f"{len(done):,} finalised, {len(refused):,} refused (not ready)")
    engine.dispose()
    return {"seconds": clock.seconds["timed"], "notes": notes}


def _fresh_loaded(args: Args) -> str:
    target = Path(args.work) / f"fresh-{os.getpid()}.sqlite"
    shutil.copy(Path(loaded_db(args).removeprefix("sqlite:///")), target)
    return f"sqlite:///{target}"


def _manager(session: Any, employee_id: str) -> str:
    from data.models import Employee

    return str(session.get(Employee, employee_id).manager_id)


def case_open_service(args: Args, clock: Clock) -> Result:
    return _service(args, clock, "open")


def case_review_service(args: Args, clock: Clock) -> Result:
    return _service(args, clock, "review")


def case_calibrate_service(args: Args, clock: Clock) -> Result:
    return _service(args, clock, "calibrate")


def case_finalise_service(args: Args, clock: Clock) -> Result:
    return _service(args, clock, "finalise")


# --- whole CLI processes ------------------------------------------------------------------


def _process(command: list[str], url: str) -> float:
    """Wall time of one whole process, interpreter start and imports included."""
    env = {**os.environ, "DATABASE_URL": url, "KPI_LANG": "en"}
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)}: {done.stderr[-500:]}")
    return seconds


def _cli(args: Args, action: str) -> Result:
    from data.db import make_engine
    from data.db import transaction as tx

    url = private_copy(args)
    engine = make_engine(url)
    period = str(args.spec.month)
    data = [sys.executable, "-m", "data"]
    if action == "review":
        employee = _first(engine, args.spec.month, "self_submitted")
        with tx(engine) as session:
            lead, items = _manager(session, employee), _manual(session, employee, period)
        extra = [f"--item={k}={v}" for k, v in items.items()]
        command = [*data, "review", "--as", lead, "--employee", employee, "--period", period,
                   "--score", "81", *extra]  # fmt: skip
    elif action == "calibrate":
        employee = _first(engine, args.spec.month, "reviewed")
        command = [*data, "calibrate", "--as", HR_USER, "--employee", employee, "--period",
                   period, "--points", "1.5", "--reason", "bench"]  # fmt: skip
    elif action == "finalise":
        command = [*data, "finalise", "--as", HR_USER, "--period", period]
    else:
        command = [*data, action, "--period", period, "--as", HR_USER, "--format", "csv"]
    engine.dispose()
    return {"seconds": _process(command, url)}


def case_review_cli(args: Args, clock: Clock) -> Result:
    return _cli(args, "review")


def case_calibrate_cli(args: Args, clock: Clock) -> Result:
    return _cli(args, "calibrate")


def case_finalise_cli(args: Args, clock: Clock) -> Result:
    return _cli(args, "finalise")


def case_scorecard_cli(args: Args, clock: Clock) -> Result:
    return _cli(args, "scorecard")


def case_appraisals_cli(args: Args, clock: Clock) -> Result:
    return _cli(args, "appraisals")


def case_duck_cli(args: Args, clock: Clock) -> Result:
    """Baseline: one whole process that imports DuckDB and computes the month's scorecard."""
    month = args.spec.month
    code = (
        "import sys; from datetime import datetime; from pathlib import Path; "
        "from benchmarks.duck import scorecards; "
        f"scorecards(Path({args.folder!r}), datetime.fromisoformat({month.start.isoformat()!r}), "
        f"datetime.fromisoformat({month.end.isoformat()!r})).to_csv(sys.stdout, index=False)"
    )
    return {"seconds": _process([sys.executable, "-c", code], "sqlite://")}


# --- pages (AppTest) ----------------------------------------------------------------------


def _app(url: str, username: str) -> Any:
    """A signed-in AppTest session (the app as one browser tab), not yet run."""
    from streamlit.testing.v1 import AppTest

    from data.db import make_engine, transaction
    from data.services.people import actor_for

    engine = make_engine(url)
    with transaction(engine) as session:
        actor = actor_for(session, username)
    engine.dispose()
    at = AppTest.from_file(str(ROOT / "dashboards" / "app.py"), default_timeout=3600)
    at.session_state["lang"] = "en"
    at.session_state["actor"] = actor
    return at


def _timed_run(at: Any) -> float:
    started = time.perf_counter()
    at.run()
    if at.exception:
        raise RuntimeError("".join(at.exception[0].stack_trace)[-1500:])
    return time.perf_counter() - started


def _visit(url: str, username: str, page: str | None) -> float:
    """A new session's first visit: the sign-in run (home), then `page` if given."""
    at = _app(url, username)
    seconds = _timed_run(at)
    if page:
        at.switch_page(page)
        seconds += _timed_run(at)
    return seconds


def _calibrate_once(url: str, args: Args, points: str) -> None:
    """A save by HR in this app process, as the HR board's calibrate button makes it."""
    from core.permissions import Actor
    from data.db import make_engine, transaction
    from data.services import appraisals

    engine = make_engine(url)
    employee = _first(engine, args.spec.month, "reviewed")
    with transaction(engine) as session:
        appraisals.calibrate(session, Actor(HR_USER, "hr"), employee, args.spec.month, points,
                             "bench", now=args.spec.now)  # fmt: skip
    engine.dispose()


def _setup_app(args: Args) -> str:
    url = private_copy(args)
    os.environ.update(DATABASE_URL=url, KPI_COOKIE_KEY=COOKIE_KEY)
    return url


def case_hr_board(args: Args, clock: Clock) -> Result:
    """HR's board: first visit (cold caches), reruns, and the rerun after a calibration."""
    url = _setup_app(args)
    at = _app(url, HR_USER)
    at.run()
    at.switch_page("views/hr.py")
    cold = _timed_run(at)
    warm = statistics.median(_timed_run(at) for _ in range(WARM_RUNS))
    picks = []
    for index in (5, 50, 500):  # "One appraisal": another person chosen in the picker
        at.selectbox(key=PERSON_WIDGET).select_index(index)
        picks.append(_timed_run(at))
    _calibrate_once(url, args, "2")
    after = _timed_run(at)
    rows = len(at.dataframe[0].value) if at.dataframe else 0
    return {"seconds": cold, "warm": warm, "pick": statistics.median(picks), "after_save": after,
            "notes": [f"{rows:,} board rows"]}  # fmt: skip


def _busiest(url: str, args: Args) -> str:
    from benchmarks.cases import _busiest_seller

    return _busiest_seller(url, args.spec.month)


def case_after_save(args: Args, clock: Clock) -> Result:
    """Department (director) and Home (a seller) in new sessions right after HR's save, once
    both pages had been visited before it (warm caches, as in a running app)."""
    url = _setup_app(args)
    seller = _busiest(url, args)
    first = {"department": _visit(url, "E00001", "views/director.py"),
             "home": _visit(url, seller, None)}  # fmt: skip
    _calibrate_once(url, args, "2")
    department = _visit(url, "E00001", "views/director.py")
    home = _visit(url, seller, None)
    return {"seconds": department, "home": home, "cold": first, "user": seller}


def cases() -> dict[str, Callable[[Args, Clock], Result]]:
    return {n.removeprefix("case_"): f for n, f in globals().items() if n.startswith("case_")}
