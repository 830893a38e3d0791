"""Every demo role in the real browser: exactly its pages in the sidebar, each page free of
errors in English and Chinese (screenshotted), deep links, refreshes and the language switch.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from core.i18n import t
from core.periods import Period
from dashboards import navigation as nav
from data.services.people import actor_for
from data.services.todo import is_appraised
from tests.e2e.ui import (
    App,
    chart_titles,
    column_headers,
    fill_login,
    go,
    login,
    login_form,
    logout,
    main,
    nav_labels,
    nav_sections,
    open_app,
    problems,
    reload,
    screenshot,
    selected,
    set_language,
    tables,
    title,
    wait_drawn,
)

pytestmark = pytest.mark.e2e

ROLES = ["director", "ops", "cs", "designer", "sales", "hr", "admin"]
CJK = re.compile(r"[\u4e00-\u9fff]")


def expected(app: App, username: str) -> tuple[list[str], list[nav.PageSpec]]:
    """Section keys and pages `dashboards.navigation` gives this account, in sidebar order."""
    with app.session() as session:
        who = actor_for(session, username)
        appraised = is_appraised(session, who.employee_id)
    sections = nav.pages_for(who, appraised=appraised)
    return list(sections), [spec for specs in sections.values() for spec in specs]


def on_page(page: Page, spec: nav.PageSpec, landing: nav.PageSpec = nav.HOME) -> bool:
    """Whether the browser shows `spec`; the landing page lives at the root ("host:port")."""
    path = page.url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
    return path == spec.url_path or (spec == landing and ":" in path)


@pytest.mark.parametrize("username", ROLES)
def test_each_role_sees_exactly_its_pages_and_each_opens_cleanly(
    page: Page, app: App, username: str
) -> None:
    sections, specs = expected(app, username)
    # the director lands on the department (SPEC §10), everyone else on Home
    landing = nav.DIRECTOR if username == "director" else nav.HOME
    login(page, app, username)
    for lang in ("en", "zh"):
        if lang == "zh":
            set_language(page, "简体中文")
        assert nav_labels(page) == [t(s.title_key, lang) for s in specs]
        if len(sections) > 1:
            assert nav_sections(page) == [t(key, lang) for key in sections]
        for spec in specs:
            go(page, t(spec.title_key, lang))
            assert on_page(page, spec, landing), (page.url, spec.url_path)
            screenshot(page, f"{username}-{spec.url_path}-{lang}")  # waits until drawn
            assert problems(page) == [], (username, lang, spec.url_path)
    set_language(page, "English")
    logout(page)
    reload(page, signed_in=False)
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)


def test_deep_link_and_refresh_land_on_the_page(page: Page, app: App) -> None:
    open_app(page, app, "sales", signed_in=False)
    for lang, switch in (("en", None), ("zh", "简体中文")):
        if switch:
            set_language(page, switch)
        screenshot(page, f"login-{lang}")
    set_language(page, "English")
    fill_login(page, "sales")
    # No developer chrome for business users (client.toolbarMode in .streamlit/config.toml).
    expect(page.get_by_test_id("stAppDeployButton")).to_have_count(0)
    expect(page.get_by_test_id("stMainMenu")).to_have_count(0)
    assert page.url.endswith("/sales")
    assert title(page) == t("roles.sales.title")
    reload(page, signed_in=True)
    assert title(page) == t("roles.sales.title"), "a refresh keeps the page and the sign-in"
    expect(login_form(page)).to_have_count(0)
    open_app(page, app, "self_assessment", signed_in=True)
    assert title(page) == t("ui.page.self")
    # A page this role may not open: back on Home, told why, never a "Page not found" dialog.
    open_app(page, app, "hr", signed_in=True)
    assert title(page).startswith("Welcome")
    assert problems(page) == []
    expect(page.get_by_text(t("ui.nav.not_allowed"))).to_be_visible()


def test_switching_to_chinese_changes_navigation_headings_tables_and_charts(
    page: Page, app: App
) -> None:
    login(page, app, "ops")
    go(page, "Operations")
    wait_drawn(page)
    picked = selected(page, "Month")
    month = str(Period.parse(picked[:7]))
    english = {
        "nav": nav_labels(page),
        "title": title(page),
        "headers": column_headers(page),
        "charts": chart_titles(page),
    }
    assert english["title"] == t("roles.ops.title", "en")
    assert t("roles.col.store", "en") in english["headers"]
    assert t("roles.ops.funnel_title", "en", month=month) in english["charts"]

    set_language(page, "简体中文")
    wait_drawn(page)
    # The grids' accessible copies are redrawn a moment after the run: wait for the new words.
    stores = tables(page).first
    expect(stores.locator('[role="columnheader"]').first).to_have_text(t("roles.col.store", "zh"))
    chinese = {
        "nav": nav_labels(page),
        "title": title(page),
        "headers": column_headers(page),
        "charts": chart_titles(page),
    }
    assert chinese["nav"] == [t(nav.HOME.title_key, "zh"), *chinese["nav"][1:]]
    assert t(nav.OPERATIONS.title_key, "zh") in chinese["nav"]
    assert chinese["title"] == t("roles.ops.title", "zh")
    # Selects redraw their chosen label too, not only their options.
    live = (t("roles.live", "en"), t("roles.live", "zh"))
    assert selected(page, t("roles.month", "zh")) == picked.replace(*live)
    assert t("roles.col.store", "zh") in chinese["headers"]
    assert t("roles.ops.funnel_title", "zh", month=month) in chinese["charts"]
    for part in ("nav", "headers", "charts"):
        assert not set(english[part]) & set(chinese[part]) - {"ID"}, part
        assert all(CJK.search(text) for text in chinese[part] if text != "ID"), part
    assert CJK.search(main(page).get_by_test_id("stCaptionContainer").first.inner_text())

    # Remembered for the user: a new session (refresh) comes back in Chinese.
    reload(page, signed_in=True)
    assert title(page) == t("roles.ops.title", "zh")
    set_language(page, "English")
    assert title(page) == t("roles.ops.title", "en")
    assert chart_titles(page) == english["charts"]
