"""What the browser tests share: waiting for the app's run state (never fixed sleeps), signing
in and out, reading the sidebar, tables and charts, error boxes and full-height screenshots.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Locator, Page, expect
from sqlalchemy.orm import Session

from data.db import make_engine, transaction

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "artifacts" / "screenshots"
WIDTH, HEIGHT = 1366, 900
PASSWORD = "demo"
TIMEOUT = 90_000  # a cold month computation on a busy 2-core CI machine

# The app is idle when connected, no script run is going or requested, no element is left
# stale from the previous run, and that has held for `quiet` ms: a click's rerun request
# reaches the app root within a frame, so a short quiet window cannot be passed before it.
_IDLE = """quiet => {
    const app = document.querySelector('[data-testid="stApp"]');
    const idle = !!app
        && app.dataset.testConnectionState === 'CONNECTED'
        && app.dataset.testScriptState === 'notRunning'
        && !document.querySelector('[data-stale="true"]');
    const now = performance.now();
    if (!idle) { window.__e2eIdleSince = undefined; return false; }
    if (window.__e2eIdleSince === undefined) { window.__e2eIdleSince = now; }
    return now - window.__e2eIdleSince >= quiet;
}"""
# Charts drawn (Vega's SVG) and tables painted (the grid's canvas) wherever they are visible.
_DRAWN = """() => {
    const shown = e => e.offsetParent !== null;
    const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].filter(shown);
    const tables = [...document.querySelectorAll('[data-testid="stDataFrame"]')].filter(shown);
    return charts.every(c => c.querySelector('svg .role-frame, canvas'))
        && tables.every(t => t.querySelector('canvas'));
}"""
_SCROLL_HEIGHT = "() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight"


@dataclass(frozen=True)
class App:
    """A running `streamlit run` and the database file it serves."""

    url: str
    db: Path
    log: Path

    @contextmanager
    def session(self) -> Iterator[Session]:
        """Read (or set up) the server's database from the test, as the CLI would."""
        engine = make_engine(f"sqlite:///{self.db}")
        try:
            with transaction(engine) as session:
                yield session
        finally:
            engine.dispose()


def wait_idle(page: Page, timeout: float = TIMEOUT, quiet: float = 150) -> None:
    """Wait until the script run started by the last action has finished and settled."""
    page.evaluate("() => { window.__e2eIdleSince = undefined; }")
    page.wait_for_function(_IDLE, arg=quiet, timeout=timeout, polling="raf")


def wait_drawn(page: Page) -> None:
    """Idle, and every visible chart and table has been painted (for screenshots, reading)."""
    wait_idle(page)
    page.wait_for_function(_DRAWN, timeout=TIMEOUT, polling="raf")


def main(page: Page) -> Locator:
    return page.get_by_test_id("stMain")


def sidebar(page: Page) -> Locator:
    return page.get_by_test_id("stSidebar")


def open_app(page: Page, app: App, path: str = "") -> None:
    page.goto(f"{app.url}/{path}")
    wait_idle(page)


def login_form(page: Page) -> Locator:
    return page.get_by_test_id("stForm").filter(has=page.get_by_label("Username"))


def login(page: Page, app: App, username: str, path: str = "") -> None:
    """Open the app (at `path`) signed out and sign in with the demo password."""
    open_app(page, app, path)
    fill_login(page, username)


def fill_login(page: Page, username: str, password: str = PASSWORD) -> None:
    form = login_form(page)
    form.get_by_label("Username").fill(username)
    form.get_by_label("Password", exact=True).fill(password)
    form.get_by_role("button", name=re.compile("^(Sign in|登录)$")).click()
    expect(page.get_by_test_id("stSidebarNav")).to_be_visible(timeout=TIMEOUT)
    wait_idle(page)


def logout(page: Page) -> None:
    sidebar(page).get_by_role("button", name=re.compile("^(Log out|退出登录)$")).click()
    wait_idle(page)
    expect(login_form(page)).to_be_visible()


def nav_labels(page: Page) -> list[str]:
    """The page links of the sidebar, top to bottom, as shown."""
    labels = page.get_by_test_id("stSidebarNavLink").get_by_test_id("stMarkdownContainer")
    return [text.strip() for text in labels.all_inner_texts()]


def nav_sections(page: Page) -> list[str]:
    labels = page.get_by_test_id("stNavSectionHeader").get_by_test_id("stMarkdownContainer")
    return [text.strip() for text in labels.all_inner_texts()]


def go(page: Page, label: str) -> None:
    """Open a page through its sidebar link, as a user would."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=label, exact=True).click()
    wait_idle(page)


def set_language(page: Page, name: str) -> None:
    """Switch with the sidebar's language control ("English" or "简体中文")."""
    sidebar(page).get_by_role("radio", name=name, exact=True).click()
    wait_idle(page)


def title(page: Page) -> str:
    return main(page).locator("h1").first.inner_text().strip()


def problems(page: Page) -> list[str]:
    """Exception boxes, error alerts and dialogs (e.g. "Page not found") on screen."""
    boxes = page.locator(
        '[data-testid="stException"], [data-testid="stAlertContentError"], [role="dialog"]'
    )
    return [text.strip()[:300] for text in boxes.all_inner_texts()]


def column_headers(page: Page, table: Locator | None = None) -> list[str]:
    scope = table if table is not None else main(page)
    return [t.strip() for t in scope.locator('[role="columnheader"]').all_inner_texts()]


def chart_titles(page: Page) -> list[str]:
    """Titles of the visible Altair charts (Vega draws them as SVG text)."""
    titles = main(page).locator('[data-testid="stVegaLiteChart"] .role-title-text text')
    return [t.strip() for t in titles.all_text_contents() if t.strip()]


def metric(page: Page, label: str | re.Pattern[str]) -> str:
    """The value of the `st.metric` whose label is `label`."""
    box = main(page).get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
        if isinstance(label, str)
        else page.get_by_test_id("stMetricLabel").get_by_text(label)
    )
    return box.first.get_by_test_id("stMetricValue").inner_text().strip()


def select(page: Page, label: str, option: str, scope: Locator | None = None) -> None:
    """Choose `option` in the `st.selectbox` labelled `label`."""
    box = (scope or main(page)).get_by_test_id("stSelectbox").filter(
        has=page.get_by_test_id("stWidgetLabel").get_by_text(label, exact=True)
    )
    box.locator("input").click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_idle(page)


def screenshot(page: Page, name: str) -> Path:
    """The whole page, not only the first screen: the viewport is made as tall as the content
    for the picture (at the laptop width), then restored."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    wait_drawn(page)
    height = int(page.evaluate(_SCROLL_HEIGHT))
    tall = min(max(height, HEIGHT), 8000)
    if tall != HEIGHT:
        page.set_viewport_size({"width": WIDTH, "height": tall})
        wait_drawn(page)
    page.screenshot(path=str(path), animations="disabled")
    if tall != HEIGHT:
        page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    return path
