"""SPEC §10 in the browser: a trend draws the running month apart — a dashed segment to a
hollow point at its projection — so a partial month never reads as a slump."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from dashboards import navigation as nav
from tests.e2e.ui import App, login, main, wait_drawn

pytestmark = pytest.mark.e2e

# Vega's SVG: each layer is a `g.mark-*` group; a dashed line carries stroke-dasharray and an
# unfilled point a transparent fill.
_RUNNING = """(chart) => {
    const dashed = chart.querySelectorAll('g.mark-line path[stroke-dasharray]').length;
    const hollow = [...chart.querySelectorAll('g.mark-symbol path')]
        .filter(p => (p.getAttribute('fill') || '') === 'transparent').length;
    const filled = [...chart.querySelectorAll('g.mark-symbol path')]
        .filter(p => (p.getAttribute('fill') || '') !== 'transparent').length;
    return {dashed, hollow, filled};
}"""


def test_trend_draws_the_running_month_apart(page: Page, app: App) -> None:
    login(page, app, "director", nav.DIRECTOR.url_path)
    wait_drawn(page)
    chart = main(page).get_by_test_id("stVegaLiteChart").first
    found = chart.evaluate(_RUNNING)
    # one dashed segment into one hollow point; the eleven closed months stay filled
    assert found["dashed"] == 1, found
    assert found["hollow"] == 1, found
    assert found["filled"] >= 1, found
