"""Sessions in a real browser (issue 13): forged cookies and cookies replayed after logout land
on the sign-in page, a sign-in submitted the moment the form appears is not dropped, and
`/home` opens Home.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from core.i18n import t
from tests.e2e.ui import (
    AUTH_COOKIE,
    PASSWORD,
    TIMEOUT,
    App,
    fill_login,
    instrument,
    login,
    login_form,
    logout,
    open_app,
    problems,
    title,
    wait_idle,
)

pytestmark = pytest.mark.e2e


def _b64(part: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=").decode()


# An unsigned token for the admin: today PyJWT's InvalidAlgorithmError, uncaught by
# streamlit-authenticator, showed the error page on every load until the cookie was cleared.
UNSIGNED = (
    f"{_b64({'alg': 'none', 'typ': 'JWT'})}."
    f"{_b64({'username': 'admin', 'exp_date': time.time() + 3600, 'gen': 0})}."
)


def _signed_out_page(page: Page, app: App) -> None:
    """Loaded afresh, the app shows the sign-in form and nothing else went wrong."""
    open_app(page, app, signed_in=False)
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
    assert problems(page) == []


def test_a_forged_cookie_shows_the_sign_in_page(
    page: Page, context: BrowserContext, app: App
) -> None:
    context.add_cookies([{"name": AUTH_COOKIE, "value": UNSIGNED, "url": app.url}])
    _signed_out_page(page, app)


def test_a_cookie_replayed_after_logout_does_not_sign_in(
    page: Page,
    context: BrowserContext,
    new_context: Callable[..., BrowserContext],
    app: App,
) -> None:
    login(page, app, "hr")
    (cookie,) = [c for c in context.cookies() if c["name"] == AUTH_COOKIE]
    logout(page)
    thief = instrument(new_context())  # another browser holding a copy of the cookie
    thief.add_cookies([{"name": AUTH_COOKIE, "value": cookie["value"], "url": app.url}])
    _signed_out_page(thief.new_page(), app)


def test_a_sign_in_submitted_as_soon_as_the_form_shows_signs_in(
    page: Page, new_context: Callable[..., BrowserContext], app: App
) -> None:
    # Today the cookie component on the sign-in page reported a moment after the first run
    # and its rerun swallowed a submit made then: 2 of 12 such sign-ins came back with the
    # form filled and no message (0 of 16 now). Typed and sent with Enter at once:
    page.goto(app.url)
    form = login_form(page)
    form.get_by_label("Username").fill("sales")
    form.get_by_label("Password", exact=True).fill(PASSWORD)
    form.get_by_label("Password", exact=True).press("Enter")
    expect(page.get_by_test_id("stSidebarNav")).to_be_visible(timeout=TIMEOUT)
    wait_idle(page)
    assert title(page).startswith("Welcome")
    # The race's cause, which a single attempt hits only now and then: the signed-out page
    # draws no cookie component at all.
    fresh = instrument(new_context()).new_page()
    open_app(fresh, app, signed_in=False)
    expect(fresh.locator('iframe[src*="CookieManager"]')).to_have_count(0)


def test_home_opens_at_slash_home(page: Page, app: App) -> None:
    open_app(page, app, "home", signed_in=False)
    assert problems(page) == [], "signed out, /home is the sign-in page"
    fill_login(page, "cs")
    assert title(page).startswith("Welcome")
    open_app(page, app, "home", signed_in=True)
    assert title(page).startswith("Welcome"), t("ui.page.home")
    assert problems(page) == [], "no 'Page not found' dialog"
