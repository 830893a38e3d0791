"""AppTest fixtures: a private copy of a real SQLite demo database per test (built once into
pytest's cache, as loading takes most of a minute) and signed-in state injected via session state.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.permissions import Actor
from data.db import make_engine, transaction
from data.demo import load_demo
from data.migrate import upgrade
from data.services.people import actor_for

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "dashboards" / "app.py")
COOKIE_KEY = "test-cookie-key-with-enough-length-for-hs256"


def _source_hash() -> str:
    digest = hashlib.sha256(date.today().isoformat().encode())
    for folder in ("core", "data"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="session")
def demo_template(request: pytest.FixtureRequest) -> Path:
    """The demo database for today, built once and shared by test runs (even parallel ones:
    each builds under its own name and renames atomically)."""
    cache = Path(request.config.cache.mkdir("kpi_demo_db"))
    template = cache / f"demo-{_source_hash()}.sqlite"
    if template.exists():
        return template
    for old in cache.glob("demo-*.sqlite"):
        if time.time() - old.stat().st_mtime > 3600:  # a stale build nobody copies any more
            old.unlink(missing_ok=True)
    building = cache / f"building-{os.getpid()}.sqlite"
    engine = make_engine(f"sqlite:///{building}")
    upgrade(engine)
    load_demo(engine, date.today())
    engine.dispose()
    with sqlite3.connect(building) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("PRAGMA journal_mode=DELETE")
    for suffix in ("-wal", "-shm"):
        Path(f"{building}{suffix}").unlink(missing_ok=True)
    os.replace(building, template)
    return template


def clear_caches() -> None:
    """Forget the engine and the per-test reads (copies start with equal data versions).

    The 12-month trends stay cached: they are keyed on the versions of the records and
    settings, which every fresh copy of the template shares, and computing them takes seconds.
    """
    from dashboards import reads, startup, state

    state.engine.clear()
    startup._demo_flag.clear()
    for cached in (state._month, state.visible_month, reads._people, reads._names):
        cached.clear()
    for cached in (reads._policy, reads._latest, reads._annual):
        cached.clear()


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private copy of the demo database, with the app pointed at it."""
    path = tmp_path / "kpi.sqlite"
    shutil.copy(demo_template, path)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("KPI_COOKIE_KEY", COOKIE_KEY)
    clear_caches()
    yield path
    clear_caches()


@pytest.fixture(scope="module")
def shared_db(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One copy for a module of read-only page checks (month caches stay warm between tests)."""
    path = tmp_path_factory.mktemp("shared") / "kpi.sqlite"
    shutil.copy(demo_template, path)
    patch = pytest.MonkeyPatch()
    patch.setenv("DATABASE_URL", f"sqlite:///{path}")
    patch.setenv("KPI_COOKIE_KEY", COOKIE_KEY)
    clear_caches()
    yield path
    clear_caches()
    patch.undo()


def actor(db: Path, username: str) -> Actor:
    engine = make_engine(f"sqlite:///{db}")
    try:
        with transaction(engine) as session:
            return actor_for(session, username)
    finally:
        engine.dispose()


def open_report(db: Path, supervisor: str) -> str:
    """A direct report of `supervisor` whose appraisal of the open month is still `open`."""
    from data.services.todo import appraisal_period

    lead = actor(db, supervisor)
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT employee_id FROM appraisals a WHERE period = ? AND state = 'open' AND version ="
            " (SELECT max(version) FROM appraisals b WHERE b.employee_id = a.employee_id"
            " AND b.period = a.period) ORDER BY employee_id",
            (str(appraisal_period(date.today())),),
        ).fetchall()
    return next(e for (e,) in rows if e in lead.reports)


def signed_in(db: Path, username: str | None, lang: str = "en", page: str | None = None) -> AppTest:
    """The app after its first run, as `username` (None: signed out), on `page` or home.

    Starting on the page under test skips the home page's month computations.
    """
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["lang"] = lang
    if username is not None:
        at.session_state["actor"] = actor(db, username)
    if page is not None:
        at.switch_page(page)
    return at.run()


@pytest.fixture
def open_as(demo_db: Path) -> Callable[..., AppTest]:
    return lambda username, lang="en", page=None: signed_in(demo_db, username, lang, page)


def texts(at: AppTest) -> str:
    """Every visible text of the run, for loose assertions."""
    parts = []
    for kind in (
        "title",
        "subheader",
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
    ):
        parts.extend(str(e.value) for e in getattr(at, kind))
    return "\n".join(parts)
