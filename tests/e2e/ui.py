"""What the browser tests share: waiting for the app's run state (never fixed sleeps), signing
in and out, reading the sidebar, tables and charts, error boxes and full-height screenshots.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import BrowserContext, Locator, Page, expect
from sqlalchemy.orm import Session

from data.db import make_engine, transaction

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "artifacts" / "screenshots"
FAILURES = ROOT / "artifacts" / "e2e-failures"
WIDTH, HEIGHT = 1366, 900
PASSWORD = "demo"
TIMEOUT = 90_000  # a cold month computation on a busy 2-core CI machine

# Installed before the app loads: when the page last sent a message to the server (a rerun
# request: a click, a typed value, a page switch) and last heard back from it.
TRACK_SOCKET = """(() => {
    const Native = window.WebSocket;
    const seen = { sent: 0, received: 0, sends: 0 };
    window.__e2eSocket = seen;
    class Tracked extends Native {
        constructor(...args) {
            super(...args);
            this.addEventListener('message', () => { seen.received = performance.now(); });
        }
        send(data) {
            seen.sent = performance.now();
            seen.sends += 1;
            return super.send(data);
        }
    }
    window.WebSocket = Tracked;
})();"""
# Idle: connected, the server has answered the last request, no script run is going, none of
# the previous run's elements is left stale, and all that has held for `quiet` ms. (A request
# nobody answers within 3 s, should one exist, stops counting, so a wait cannot hang on it.)
_IDLE = """quiet => {
    const app = document.querySelector('[data-testid="stApp"]');
    const socket = window.__e2eSocket || { sent: 0, received: 0 };
    const now = performance.now();
    const answered = socket.received >= socket.sent || now - socket.sent > 3000;
    const idle = !!app
        && app.dataset.testConnectionState === 'CONNECTED'
        && app.dataset.testScriptState === 'notRunning'
        && answered
        && !document.querySelector('[data-stale="true"]');
    if (!idle) { window.__e2eIdleSince = undefined; return false; }
    if (window.__e2eIdleSince === undefined) { window.__e2eIdleSince = now; }
    return now - window.__e2eIdleSince >= quiet;
}"""
# Charts drawn (Vega's SVG) and tables painted (the grid's canvas) wherever they are visible.
_DRAWN = """() => {
    const shown = e => e.checkVisibility({ visibilityProperty: true });
    const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].filter(shown);
    const tables = [...document.querySelectorAll('[data-testid="stDataFrame"]')].filter(shown);
    return charts.every(c => c.querySelector('svg .role-frame, canvas'))
        && tables.every(t => t.querySelector('canvas'));
}"""
AUTH_COOKIE = "kpi_suite_auth"
_HAS_COOKIE = "name => document.cookie.split('; ').some(c => c.startsWith(name + '='))"
_TWO_FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
_SCROLL_HEIGHT = "() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight"


@dataclass(frozen=True)
class App:
    """A running `streamlit run` and the database it serves: a SQLite file, or a URL."""

    url: str
    db: Path | str
    log: Path

    @property
    def database_url(self) -> str:
        return self.db if isinstance(self.db, str) else f"sqlite:///{self.db}"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """Read (or set up) the server's database from the test, as the CLI would."""
        engine = make_engine(self.database_url)
        try:
            with transaction(engine) as session:
                yield session
        finally:
            engine.dispose()


OPEN_CONTEXTS: list[BrowserContext] = []  # for pictures of every window when a test fails


def instrument(context: BrowserContext) -> BrowserContext:
    """Let `wait_idle` see the app's requests (call before opening pages in the context)."""
    context.add_init_script(TRACK_SOCKET)
    OPEN_CONTEXTS.append(context)
    return context


def capture_failure(name: str) -> list[Path]:
    """Screenshots of every open window of a failed test, under artifacts/e2e-failures/."""
    folder = FAILURES
    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    for c, context in enumerate(OPEN_CONTEXTS):
        for n, window in enumerate(context.pages):
            path = folder / f"{name}-{c}-{n}.png"
            try:
                window.screenshot(path=str(path))
            except Exception:  # noqa: BLE001 - a closed or crashed window has no picture
                continue
            saved.append(path)
    return saved


def wait_idle(page: Page, timeout: float = TIMEOUT, quiet: float = 120) -> None:
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


def open_app(page: Page, app: App, path: str = "", signed_in: bool | None = None) -> None:
    """Load the app at `path` in a new session, as typing the URL would; with `signed_in`,
    also wait until the session is (True) or is not (False) signed in."""
    page.goto(f"{app.url}/{path}")
    settle_after_load(page, signed_in)


def reload(page: Page, signed_in: bool | None = None) -> None:
    """The browser's refresh: a new session on the same URL."""
    page.reload()
    settle_after_load(page, signed_in)


def settle_after_load(page: Page, signed_in: bool | None = None) -> None:
    """The first run, then the one the cookie component causes where it is drawn.

    A returning session is signed in from its cookie on the first run; the component (an
    iframe) is drawn only until a new sign-in's cookie is stored, and reports a moment after
    the run that drew it, asking for one more run.
    """
    wait_idle(page)
    if page.locator('iframe[src*="CookieManager"]').count():
        page.wait_for_function("() => window.__e2eSocket.sends >= 2", timeout=TIMEOUT)
        wait_idle(page)
    if signed_in is not None:
        shown = page.get_by_test_id("stSidebarNav") if signed_in else login_form(page)
        expect(shown).to_be_visible(timeout=TIMEOUT)
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
    # The browser stores the re-login cookie a moment after the run that draws it; the run
    # after that removes the cookie component. Typing before it would race that rerun (a form
    # redrawn then can lose what was typed into it), so wait until the component is gone.
    page.wait_for_function(_HAS_COOKIE, arg=AUTH_COOKIE, timeout=TIMEOUT)
    page.wait_for_function(
        "() => !document.querySelector('iframe[src*=\"CookieManager\"]')", timeout=TIMEOUT
    )
    wait_idle(page)


def logout(page: Page) -> None:
    """Log out and wait for the sign-in form. The browser keeps its cookie, but logging out
    revoked it on the server, so a refresh stays signed out."""
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
    """Open a page through its sidebar link, as a user would, and wait until it is shown."""
    link = page.get_by_test_id("stSidebarNav").get_by_role("link", name=label, exact=True)
    href = link.get_attribute("href") or ""
    link.click()
    page.wait_for_url(href)
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


def tables(page: Page) -> Locator:
    """The tables (and table editors) on screen, top to bottom; not those in closed expanders."""
    return main(page).get_by_test_id("stDataFrame").filter(visible=True)


def read_table(table: Locator) -> tuple[list[str], list[list[str]]]:
    """Headers and rows as shown. The grid draws on a canvas and keeps an accessible copy of
    the cells in view, so the table is scrolled into view and read from that copy."""
    table.scroll_into_view_if_needed()
    headers = table.locator('[role="columnheader"]')  # get_by_role skips the hidden copy
    expect(headers.first).to_be_attached()
    names = [text.strip() for text in headers.all_text_contents()]
    rows = []
    for row in table.locator('[role="row"]').all():
        cells = row.locator('[role="gridcell"]')
        if cells.count():
            rows.append([text.strip() for text in cells.all_text_contents()])
    return names, rows


def column_headers(page: Page) -> list[str]:
    """Every visible table's column headers, in page order."""
    names: list[str] = []
    for table in tables(page).all():
        names += read_table(table)[0]
    return names


def chart_titles(page: Page) -> list[str]:
    """Titles of the visible Altair charts (Vega draws them as SVG text)."""
    titles = main(page).locator('[data-testid="stVegaLiteChart"] .role-title-text text')
    return [t.strip() for t in titles.all_text_contents() if t.strip()]


def metric(page: Page, label: str | re.Pattern[str]) -> str:
    """The value of the `st.metric` whose label is `label`."""
    box = (
        main(page)
        .get_by_test_id("stMetric")
        .filter(
            has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
            if isinstance(label, str)
            else page.get_by_test_id("stMetricLabel").get_by_text(label)
        )
    )
    return box.first.get_by_test_id("stMetricValue").inner_text().strip()


def selected(page: Page, label: str) -> str:
    """What the `st.selectbox` labelled `label` shows."""
    return main(page).get_by_role("combobox", name=label, exact=True).input_value()


def select(page: Page, label: str, option: str) -> None:
    """Choose `option` in the `st.selectbox` labelled `label`, as a user would."""
    box = main(page).get_by_role("combobox", name=label, exact=True)
    box.click()
    box.press_sequentially(option)  # a long list shows only its first options until one types
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
        # A taller window reruns nothing; two frames let the charts and grids repaint.
        page.evaluate(_TWO_FRAMES)
        page.wait_for_function(_DRAWN, timeout=TIMEOUT, polling="raf")
    page.screenshot(path=str(path), animations="disabled")
    if tall != HEIGHT:
        page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    return path
