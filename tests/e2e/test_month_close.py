"""HR's month close in the browser at 1366 px, in English and in Chinese (issue 12, SPEC §11):
the board as a work queue (a clicked row opens the appraisal below, Next steps through the
board, three ticked rows are finalised together), then the month-close tab (checklist, payroll
preview totals, closing through the confirmation) until the run is listed as closed.

Both languages share one server: before the Chinese walk the English run is taken off the
ledger again (test setup, no service does that), so each walk closes the month itself.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import delete, select

from core.appraisal import FINALISED, REVIEWED
from core.i18n import t
from core.periods import Period
from data.models import Appraisal, Employee, PayLine, PayrollRun, current_appraisals_select
from data.services import reports
from data.services.people import actor_for
from data.services.todo import appraisal_period
from data.versions import PAYOUTS, bump
from tests.e2e.ui import (
    SHOTS,
    TIMEOUT,
    App,
    go,
    login,
    main,
    problems,
    read_table,
    screenshot,
    selected,
    set_language,
    tables,
    wait_drawn,
    wait_idle,
)

pytestmark = pytest.mark.e2e

LANGUAGES = {"en": "English", "zh": "简体中文"}
ROW, HEADER, MARKER_X = 35, 35, 20  # the grid's row and header height, the tick box's centre
# SPEC §5 applied to the stored results; the preview shows yuan with cents.
CENT = Decimal("0.01")


@dataclass
class Walk:
    """The clicks a person makes on the way (timed from the sign-in form to the closed run)."""

    page: Page
    lang: str
    clicks: int = 0
    started: float = field(default_factory=time.monotonic)
    pictures: float = 0.0  # seconds spent on screenshots and checks, not by the person
    waits: list[float] = field(default_factory=list)

    def tr(self, key: str, **params: object) -> str:
        return t(key, self.lang, **params)

    def click(self, target: Locator, **position: float) -> None:
        """Click and wait for the app's answer; the wait is logged (the slow steps)."""
        self.clicks += 1
        began = time.monotonic()
        target.click(position=position or None)
        wait_idle(self.page)
        self.waits.append(round(time.monotonic() - began, 1))

    def shot(self, name: str, popover: str | None = None) -> None:
        """A picture with nothing wrong on screen. An open popover (a dialog: expected) is
        pictured in the window as it is: a taller window would move it out of reach."""
        began = time.monotonic()
        assert [p for p in problems(self.page) if not popover or popover not in p] == []
        if popover is None:
            screenshot(self.page, f"close-{name}-{self.lang}")
        else:
            wait_drawn(self.page)
            self.page.screenshot(path=str(SHOTS / f"close-{name}-{self.lang}.png"))
        self.pictures += time.monotonic() - began


def _board(app: App, period: Period) -> list[tuple[str, str, str, bool]]:
    """(employee_id, "name (id)" as the picker shows it, state, incomplete) in the board's
    order, as the service gives it."""
    with app.session() as session:
        hr = actor_for(session, "hr")
        rows = reports.month(session, hr, period).appraisals
        names = dict(session.execute(select(Employee.employee_id, Employee.name)).all())
    return [
        (e, f"{names[e]} ({e})", s, bool(i))
        for e, s, i in zip(rows["employee_id"], rows["state"], rows["incomplete"], strict=True)
    ]


def _finalised_bonus(app: App, period: Period) -> dict[str, Decimal]:
    """employee_id → the stored bonus of each finalised appraisal of the month."""
    with app.session() as session:
        rows = session.scalars(
            current_appraisals_select().where(
                Appraisal.period == str(period), Appraisal.state == FINALISED
            )
        ).all()
        return {a.employee_id: Decimal(str(a.result["bonus_amount"])) for a in rows}


def _take_run_off_the_ledger(app: App, period: Period) -> None:
    """Test setup for the second language: the month's run as if never closed."""
    with app.session() as session:
        session.execute(delete(PayLine).where(PayLine.run_period == str(period)))
        session.execute(delete(PayrollRun).where(PayrollRun.period == str(period)))
        bump(session, PAYOUTS)


def _tick(walk: Walk, row: int) -> None:
    """Tick a board row by its tick box (the grid is a canvas: a click at the row's place)."""
    board = tables(walk.page).first
    walk.click(board, x=MARKER_X, y=HEADER + ROW * row + ROW / 2)


def _money(page: Page, label: str) -> Decimal:
    """A money metric of the tab on screen (the other tabs' metrics stay in the page)."""
    box = (
        main(page)
        .get_by_test_id("stMetric")
        .filter(visible=True)
        .filter(has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True))
    )
    text = box.get_by_test_id("stMetricValue").inner_text()
    return Decimal(text.replace("¥", "").replace(",", "").replace("−", "-").strip())


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_hr_closes_the_month_from_the_board_to_a_closed_run(
    page: Page, app: App, lang: str
) -> None:
    period = appraisal_period(date.today())
    with app.session() as session:
        if session.get(PayrollRun, str(period)) is not None:
            _take_run_off_the_ledger(app, period)
    board = everyone = _board(app, period)

    walk = Walk(page, lang)
    login(page, app, "hr")
    walk.clicks += 1  # the sign-in button
    if lang != "en":
        set_language(page, LANGUAGES[lang])
        walk.clicks += 1
    go(page, walk.tr("ui.page.hr"))
    walk.clicks += 1
    wait_drawn(page)
    headers = read_table(tables(page).first)[0]
    expected = [
        walk.tr(k)
        for k in (
            "ui.col.employee", "ui.col.team", "ui.col.supervisor", "ui.col.stage",
            "ui.col.calibration", "ui.col.final", "ui.col.grade", "ui.col.bonus", "ui.col.flags",
        )
    ]  # fmt: skip
    # All the board's columns are drawn at 1366 px (the grid only renders those in view).
    assert [h for h in headers if h] == expected, headers
    walk.shot("board")

    # HR narrows the board to the reviewed appraisals (one state filter).
    walk.click(main(page).get_by_role("combobox", name=walk.tr("ui.hr.filter_state")))
    walk.click(page.get_by_role("option", name=t("appraisal.state_reviewed", lang)))
    page.keyboard.press("Escape")
    wait_idle(page)
    board = [row for row in board if row[2] == REVIEWED]
    ready = [i for i, (_, _, _, incomplete) in enumerate(board) if not incomplete]
    assert len(ready) >= 3, board

    # A clicked row opens its appraisal below; Next follows the board's order.
    open_label = walk.tr("ui.hr.open_appraisal")
    first = ready[0]
    _tick(walk, first)
    assert selected(page, open_label) == board[first][1]
    walk.click(main(page).get_by_role("button", name=walk.tr("ui.hr.next")))
    assert selected(page, open_label) == board[first + 1][1]
    walk.shot("appraisal")

    # Two more ready rows ticked: the three are finalised together.
    for row in ready[1:3]:
        _tick(walk, row)
    chosen = {board[i][0] for i in ready[:3]}
    before = _finalised_bonus(app, period)
    walk.click(main(page).get_by_role("button", name=walk.tr("ui.hr.finalise_selected", count=3)))
    walk.click(page.get_by_role("button", name=walk.tr("ui.hr.finalise_confirm")))
    expect(main(page).get_by_text(walk.tr("ui.hr.finalised_count", count=3))).to_be_visible()
    bonuses = _finalised_bonus(app, period)
    assert set(bonuses) == set(before) | chosen

    # The month-close tab: the checklist counts what is not finalised.
    walk.click(main(page).get_by_role("tab", name=walk.tr("ui.hr.tab_close")))
    wait_drawn(page)
    waiting = [e for e, _, _, _ in everyone if e not in bonuses]
    label = walk.tr("ui.close.item_not_finalised", count=len(waiting), states="@")
    item = main(page).get_by_text(re.compile(re.escape(label).replace("@", ".+")))
    expect(item).to_be_visible()
    walk.click(item)
    walk.shot("checklist")

    # The preview's totals: the finalised bonuses summed by hand, and total = the parts.
    bonus = sum(bonuses.values(), Decimal(0)).quantize(CENT)
    assert _money(page, walk.tr("ui.close.bonus")) == bonus
    adjustments = _money(page, walk.tr("ui.close.adjustments"))
    commission = _money(page, walk.tr("ui.close.commission"))
    assert _money(page, walk.tr("ui.close.total")) == bonus + adjustments + commission
    main(page).get_by_text(walk.tr("ui.close.preview"), exact=True).scroll_into_view_if_needed()
    walk.shot("preview")

    # Closing: the confirmation repeats the totals; once closed the run is read-only.
    close = main(page).get_by_role("button", name=walk.tr("ui.close.button"))
    close.evaluate("button => button.scrollIntoView({block: 'center'})")
    walk.click(close)
    confirm = page.get_by_role("button", name=walk.tr("ui.close.confirm"))
    expect(confirm).to_be_visible()
    walk.shot("confirm", popover=walk.tr("ui.close.confirm"))
    walk.click(confirm)
    closed = main(page).get_by_text(walk.tr("ui.close.closed", period=str(period)))
    expect(closed).to_be_visible(timeout=TIMEOUT)  # the month is computed again once closed
    elapsed = time.monotonic() - walk.started
    expect(close).to_have_count(0)
    expect(main(page).get_by_text(walk.tr("ui.close.checklist"), exact=True)).to_have_count(0)
    wait_drawn(page)
    runs = tables(page).last
    names, rows = read_table(runs)
    assert names[:2] == [walk.tr("col.period"), walk.tr("ui.close.closed_at")]
    months = [period]
    for _ in range(3):  # the demo closed the three months before
        months.append(months[-1].previous())
    assert [r[0] for r in rows[:4]] == [str(m) for m in months]
    walk.shot("closed")
    print(
        f"month close ({lang}): {walk.clicks} clicks, {elapsed:.1f} s from sign-in"
        f" ({elapsed - walk.pictures:.1f} s without the screenshots); waits after each click"
        f" {walk.waits}"
    )
