"""The month in the browser: a seller self-assesses, the director reviews, HR calibrates and
finalises, the payroll .xlsx holds the hand-computed result; two reviewers collide safely.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import BrowserContext, Locator, Page, expect
from sqlalchemy import select

from core.i18n import t
from data.models import Attendance, Employee
from data.services.settings import current_policy
from data.services.todo import appraisal_period
from tests.e2e.ui import (
    App,
    go,
    instrument,
    login,
    main,
    metric,
    problems,
    reload,
    screenshot,
    wait_drawn,
    wait_idle,
)
from tests.e2e.ui import (
    select as choose,
)

pytestmark = pytest.mark.e2e

STAFF, SUPERVISOR = "sales", "director"  # 高志强 (E19) reports to the director
SELF_ITEMS, SELF_OVERALL = 80, 85
REVIEW_ITEMS, REVIEW_OVERALL = 75, 78
# SPEC §5: (lowest final score, grade, bonus % of the target bonus), best band first.
BANDS = [(90, "A", 120), (80, "B", 100), (70, "C", 80), (60, "D", 50), (0, "E", 0)]


def number(text: str) -> float:
    """A figure as the app shows it ("71.5", "¥1,234.50", "−3.0") as a number."""
    cleaned = text.replace("−", "-").replace(",", "").replace("¥", "").strip()
    return float(re.match(r"-?\d+(\.\d+)?", cleaned).group())  # type: ignore[union-attr]


def band(score: float) -> tuple[str, int]:
    """SPEC §5: a score on a band edge takes the higher band."""
    return next((grade, pct) for low, grade, pct in BANDS if score >= low)


def employee(app: App, username: str) -> tuple[str, str, Decimal]:
    with app.session() as session:
        row = session.scalars(
            select(Employee).where(Employee.employee_id == _employee_id(app, username))
        ).one()
        return row.employee_id, row.name, Decimal(str(row.target_bonus))


def _employee_id(app: App, username: str) -> str:
    from data.services.people import actor_for

    with app.session() as session:
        return str(actor_for(session, username).employee_id)


def attendance(app: App, employee_id: str) -> tuple[int, Decimal]:
    """SPEC §6 by hand: points and money off the bonus for the appraised month."""
    period = appraisal_period(date.today())
    with app.session() as session:
        policy = current_policy(session)
        days = session.scalars(
            select(Attendance).where(
                Attendance.employee_id == employee_id,
                Attendance.date >= period.first_day,
                Attendance.date <= period.last_day,
            )
        ).all()
    points, money = 0, Decimal(0)
    for day in days:
        for minutes in (day.late_minutes or 0, day.early_leave_minutes or 0):
            if 0 < minutes <= 15:  # a minor occurrence: 1 point and the fixed amount
                points += 1
                money += Decimal(str(policy.minor_lateness_money))
            elif minutes > 15:  # counts as half a day's absence instead
                money += Decimal(str(policy.half_day_absence_money))
        absent = Decimal(str(day.absent_days or 0))
        if absent >= 1:
            money += Decimal(str(policy.full_day_absence_money)) * absent
        elif absent > 0:
            money += Decimal(str(policy.half_day_absence_money))
    return points, money


def form(page: Page, title: str) -> Locator:
    return main(page).get_by_test_id("stForm").filter(has=page.get_by_text(title))


def fill_scores(scope: Locator, items: int, overall: int) -> None:
    """Every manual KPI item, then the overall score (the form's last number box)."""
    boxes = scope.get_by_test_id("stNumberInputField")
    count = boxes.count()
    for index in range(count):
        boxes.nth(index).fill(str(overall if index == count - 1 else items))
        boxes.nth(index).press("Tab")


def sign_in_elsewhere(new_context: Callable[..., BrowserContext], app: App, user: str) -> Page:
    """Another person at another computer: a fresh browser context."""
    page = instrument(new_context()).new_page()
    login(page, app, user)
    return page


def test_the_month_from_self_assessment_to_payroll(
    page: Page, app: App, new_context: Callable[..., BrowserContext], tmp_path: Path
) -> None:
    employee_id, name, target_bonus = employee(app, STAFF)
    period = str(appraisal_period(date.today()))

    # 1. The seller writes and submits the self-assessment.
    login(page, app, STAFF)
    go(page, "Self-assessment")
    mine = form(page, t("ui.self.form_title", period=period))
    fill_scores(mine, SELF_ITEMS, SELF_OVERALL)
    mine.get_by_label(t("ui.appraisal.achievements"), exact=True).fill("Opened two key accounts")
    mine.get_by_role("button", name=t("ui.self.submit")).click()
    wait_idle(page)
    main(page).get_by_role("button", name=t("ui.forms.confirm_submit")).click()
    wait_idle(page)
    expect(main(page).get_by_text(re.compile("can no longer be edited"))).to_be_visible()
    assert problems(page) == []

    # 2. The director reviews it (the self-assessment is visible once submitted).
    director = sign_in_elsewhere(new_context, app, SUPERVISOR)
    go(director, "Team review")
    choose(director, t("ui.review.person"), f"{name} ({employee_id})")
    expect(main(director).get_by_text("Opened two key accounts")).to_be_visible()
    review = form(director, t("ui.review.form_title", name=f"{name} ({employee_id})"))
    fill_scores(review, REVIEW_ITEMS, REVIEW_OVERALL)
    review.get_by_label(t("ui.appraisal.comment"), exact=True).fill("Strong accounts, weak calls")
    review.get_by_role("button", name=t("ui.review.submit")).click()
    wait_idle(director)
    expect(main(director).get_by_text(re.compile("can no longer be edited"))).to_be_visible()
    assert problems(director) == []

    # 3. HR reads the numbers, calibrates with a reason and finalises.
    hr = sign_in_elsewhere(new_context, app, "hr")
    go(hr, "HR appraisal board")
    choose(hr, t("ui.hr.open_appraisal"), f"{name} ({employee_id})")
    wait_drawn(hr)
    kpi_score = number(metric(hr, t("ui.col.kpi_score")))
    shown_composite = number(metric(hr, t("ui.col.composite")))
    shown_points = number(metric(hr, t("ui.col.deductions")))
    points, money = attendance(app, employee_id)
    assert shown_points == points
    # SPEC §4: composite = 60 % data (KPI score) + 30 % supervisor + 10 % self.
    composite = 0.6 * kpi_score + 0.3 * REVIEW_OVERALL + 0.1 * SELF_OVERALL
    assert abs(composite - shown_composite) <= 0.06, (composite, shown_composite)
    # Calibrate to the middle of a band, so the shown KPI score's rounding cannot flip it.
    calibration = round(85 - (composite - points)) or 10
    expected_final = composite - points + calibration
    grade, pct = band(expected_final)
    bonus = max(target_bonus * pct / 100 - money, Decimal(0)).quantize(
        Decimal("0.01"), ROUND_HALF_UP
    )

    calibrate = form(hr, t("ui.hr.calibrate"))
    calibrate.get_by_label(t("ui.hr.points"), exact=True).fill(str(calibration))
    calibrate.get_by_label(t("ui.hr.points"), exact=True).press("Tab")
    calibrate.get_by_label(t("ui.hr.reason"), exact=True).fill(
        "Key accounts won count more than calls"
    )
    calibrate.get_by_role("button", name=t("ui.hr.calibrate_save")).click()
    wait_idle(hr)
    expect(main(hr).get_by_text(re.compile("Calibration reason: Key accounts"))).to_be_visible()
    shown_final = metric(hr, re.compile(f"^{t('ui.col.final')}"))
    assert shown_final == f"{expected_final:.1f} · {grade}", shown_final
    main(hr).get_by_role("button", name=t("ui.hr.finalise_one")).click()
    wait_idle(hr)
    expect(main(hr).get_by_role("button", name=t("ui.hr.reopen_save"))).to_be_visible()
    assert problems(hr) == []
    screenshot(hr, "hr-hr-finalised-en")
    main(hr).get_by_role("tab", name=t("ui.hr.tab_distribution")).click()
    wait_idle(hr)
    assert problems(hr) == []
    screenshot(hr, "hr-hr-distribution-en")

    # 4. The payroll sheet holds the result.
    main(hr).get_by_role("tab", name=t("ui.hr.tab_close")).click()
    wait_idle(hr)
    with hr.expect_download() as download:
        main(hr).get_by_role("button", name=t("ui.payroll.xlsx")).click()
    sheet_path = tmp_path / download.value.suggested_filename
    download.value.save_as(sheet_path)
    assert sheet_path.name == f"payroll-{period}.xlsx"
    sheet = load_workbook(sheet_path, read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[2])
    row = dict(zip(header, next(r for r in rows[3:] if r[0] == employee_id), strict=True))
    assert abs(row[t("col.final_score")] - expected_final) <= 0.05, row
    assert row[t("col.grade")] == grade
    assert row[t("col.bonus_pct")] == pct
    assert Decimal(str(row[t("col.bonus_amount")])).quantize(Decimal("0.01")) == bonus
    assert row[t("col.calibration")] == calibration
    assert row[t("col.state")] == t("appraisal.state_finalised")  # a word, not a code

    # 5. The seller sees the result and can no longer edit anything.
    reload(page, signed_in=True)
    wait_drawn(page)
    expect(main(page).get_by_text(t("ui.appraisal.result_title"), exact=True)).to_be_visible()
    assert metric(page, t("ui.col.final")) == f"{expected_final:.1f} · {grade}"
    assert metric(page, t("ui.col.bonus")) == f"¥{bonus:,.2f}"
    expect(main(page).get_by_test_id("stForm")).to_have_count(0)
    expect(main(page).get_by_test_id("stNumberInput")).to_have_count(0)
    expect(main(page).get_by_role("button", name=t("ui.self.submit"))).to_have_count(0)
    screenshot(page, "sales-self_assessment-finalised-en")


def test_two_reviewers_saving_the_same_review_the_second_is_told_and_keeps_the_typing(
    app: App, new_context: Callable[..., BrowserContext]
) -> None:
    with app.session() as session:
        worker = session.scalars(select(Employee).where(Employee.employee_id == "E06")).one()
        label = f"{worker.name} ({worker.employee_id})"
    first = sign_in_elsewhere(new_context, app, "ops")
    second = sign_in_elsewhere(new_context, app, "ops")
    for page in (first, second):
        go(page, "Team review")
        choose(page, t("ui.review.person"), label)
    title = t("ui.review.form_title", name=label)

    for page, score, text in ((first, 70, "first window"), (second, 90, "second window")):
        review = form(page, title)
        overall = review.get_by_label(t("ui.appraisal.review_overall"), exact=True)
        overall.fill(str(score))
        overall.press("Tab")
        review.get_by_label(t("ui.appraisal.comment"), exact=True).fill(text)
        review.get_by_role("button", name=t("ui.self.save_draft")).click()
        wait_idle(page)

    assert problems(first) == []
    conflict = main(second).get_by_text(re.compile(r"^Changed by .+ while you were editing"))
    expect(conflict).to_be_visible()
    review = form(second, title)
    expect(review.get_by_label(t("ui.appraisal.comment"), exact=True)).to_have_value(
        "second window"
    )
    expect(review.get_by_label(t("ui.appraisal.review_overall"), exact=True)).to_have_value("90")
    expect(
        main(second).get_by_role("button", name=re.compile("^Discard my changes"))
    ).to_be_visible()
    screenshot(second, "ops-team_review-conflict-en")
