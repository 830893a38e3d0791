"""Two `streamlit run` processes on one PostgreSQL database: an import in one and a save in the
other show in the other at its next run, with no restart (the data version lives in the database).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from core.i18n import t
from dashboards import navigation as nav
from data.db import make_engine
from data.demo import load_demo
from data.migrate import upgrade
from data.models import Employee, ImportLog
from data.services.people import actor_for
from data.services.todo import appraisal_period
from data.versions import total, versions
from tests.e2e.conftest import running_app
from tests.e2e.test_month import fill_scores, form
from tests.e2e.test_upload import (
    EMPLOYEE,
    SELLER,
    UPLOADER,
    choose_file,
    net_sales_on_home,
    this_month_at,
    workbook,
)
from tests.e2e.ui import (
    App,
    go,
    instrument,
    login,
    main,
    problems,
    read_table,
    tables,
    wait_idle,
)
from tests.e2e.ui import select as choose

SERVER_URL = os.environ.get("TEST_DATABASE_URL", "")
SUPERVISOR = "director"  # 高志强 (E19, the seller) reports to the director

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not SERVER_URL,
        reason="two app instances need a shared PostgreSQL: set TEST_DATABASE_URL "
        "(postgresql+psycopg://…; CI sets it)",
    ),
]


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    """A PostgreSQL database of its own on the TEST_DATABASE_URL server, with the demo
    department loaded (the app loads the demo only into an empty SQLite); dropped after."""
    server = make_url(SERVER_URL)
    name = f"kpi_e2e_two_{os.getpid()}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.set(database=name).render_as_string(hide_password=False)
    try:
        engine = make_engine(url)
        upgrade(engine)
        load_demo(engine, date.today())
        engine.dispose()
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def instances(database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[App, App]]:
    """Instances A and B: two servers, two ports, one database, one cookie key."""
    folder = tmp_path_factory.mktemp("two-instances")
    with ExitStack() as stack:
        a = stack.enter_context(running_app(database, folder / "a.log"))
        b = stack.enter_context(running_app(database, folder / "b.log"))
        assert a.url != b.url
        yield a, b


def version(app: App) -> int:
    with app.session() as session:
        return total(versions(session))


def last_import_id(app: App) -> int:
    with app.session() as session:
        return int(session.scalar(select(func.max(ImportLog.id))) or 0)


def person(app: App, username: str) -> str:
    """How the app names an employee in tables: "name (id)"."""
    with app.session() as session:
        employee_id = str(actor_for(session, username).employee_id)
        name = session.scalar(select(Employee.name).where(Employee.employee_id == employee_id))
    return f"{name} ({employee_id})"


def team_state(page: Page, who: str) -> str:
    """The appraisal state Team review's table (read from the cached month) shows for `who`."""
    headers, rows = read_table(tables(page).first)
    name, state = headers.index(t("ui.col.employee")), headers.index(t("ui.col.state"))
    return next(row[state] for row in rows if row[name] == who)


def test_an_import_in_instance_b_shows_in_instance_a_at_its_next_run(
    instances: tuple[App, App],
    page: Page,
    new_context: Callable[..., BrowserContext],
    tmp_path: Path,
) -> None:
    a, b = instances
    # Instance A: the seller's net sales this month, now cached in A's process.
    login(page, a, SELLER)
    before = net_sales_on_home(page)
    assert net_sales_on_home(page) == before  # a second run: served from A's cache

    # Instance B, another browser: the orders' steward uploads two of the seller's orders.
    amounts = [1_234, 2_000]  # whole yuan, so the rounded figure moves by exactly 3,234
    export = workbook(
        tmp_path / "orders-b.xlsx",  # short: the chooser shortens long names
        [
            [f"E2E-TWO-{n}", this_month_at(8 + n), f"C-E2E-TWO-{n}", amount, EMPLOYEE]
            for n, amount in enumerate(amounts)
        ],
    )
    version_before = version(b)
    other = instrument(new_context()).new_page()
    login(other, b, UPLOADER, nav.UPLOAD.url_path)  # a deep link: B need not compute Home
    choose(other, t("ui.upload.kind"), t("ui.kind.orders"))
    choose_file(other, export)
    main(other).get_by_role("button", name=t("ui.upload.import", rows="2")).click()
    wait_idle(other)
    done = t("ui.upload.done", rows="2", replaced="0", skipped="0", id=last_import_id(b))
    expect(main(other).get_by_text(done, exact=True)).to_be_visible()
    assert problems(other) == []
    assert version(b) > version_before, "the import bumped the shared data version"

    # Instance A, same session, no restart: a page switch is a new run, and it sees the import.
    go(page, t(nav.UPLOAD.title_key))
    after = net_sales_on_home(page)
    assert after - before == sum(amounts), (before, after)


def test_a_save_in_instance_a_shows_in_instance_b_at_its_next_run(
    instances: tuple[App, App], page: Page, new_context: Callable[..., BrowserContext]
) -> None:
    a, b = instances
    period = str(appraisal_period(date.today()))
    seller = person(a, SELLER)
    # Instance B: the seller's supervisor has the team (the month's appraisals) cached.
    supervisor = instrument(new_context()).new_page()
    login(supervisor, b, SUPERVISOR, nav.REVIEW.url_path)
    assert team_state(supervisor, seller) == t("appraisal.state_open")
    choose(supervisor, t("ui.review.person"), seller)
    expect(main(supervisor).get_by_text(t("ui.review.self_blind"))).to_be_visible()

    # Instance A: the seller submits the self-assessment.
    login(page, a, SELLER, nav.SELF.url_path)
    mine = form(page, t("ui.self.form_title", period=period))
    fill_scores(mine, 80, 85)
    mine.get_by_label(t("ui.appraisal.achievements"), exact=True).fill("Two instances, one truth")
    mine.get_by_role("button", name=t("ui.self.submit")).click()
    wait_idle(page)
    main(page).get_by_role("button", name=t("ui.forms.confirm_submit")).click()
    wait_idle(page)
    submitted = t("appraisal.state_self_submitted")
    expect(main(page).get_by_text(t("ui.self.read_only", state=submitted))).to_be_visible()
    assert problems(page) == []

    # Instance B, same session, no restart: back to Team review after a page switch.
    go(supervisor, t(nav.UPLOAD.title_key))
    go(supervisor, t(nav.REVIEW.title_key))
    assert team_state(supervisor, seller) == submitted
    expect(main(supervisor).get_by_text("Two instances, one truth")).to_be_visible()
