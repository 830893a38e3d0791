"""Entry point (`streamlit run dashboards/app.py`): owns sign-in, the sidebar and, rebuilt on
every run, a navigation holding exactly the pages the signed-in role may open (views/).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

# `streamlit run dashboards/app.py` puts dashboards/ on sys.path, not the repository root.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

st.set_page_config(page_title="KPI Suite", page_icon=":material/insights:", layout="wide")

from core.permissions import Actor  # noqa: E402
from dashboards import auth, navigation, reads, session_token, startup  # noqa: E402
from dashboards.appraisal_ui import show_flash  # noqa: E402
from dashboards.markdown import literal  # noqa: E402
from dashboards.state import ACTOR_KEY, LANG_KEY, lang, tr, unit_of_work  # noqa: E402
from data.services.todo import is_appraised  # noqa: E402

LANGUAGES = {"en": "English", "zh": "简体中文"}
LOGOUT_REQUESTED = "_logout_requested"
NAV_PATHS = "_nav_paths"
NAV_NOTICE = "_nav_notice"


def _default_language() -> None:
    """First visit: follow the browser (zh-* → Chinese) until the user chooses."""
    if LANG_KEY not in st.session_state:
        locale = (st.context.locale or "").lower()
        st.session_state[LANG_KEY] = "zh" if locale.startswith("zh") else "en"


def _sidebar(actor: Actor | None, demo: bool) -> None:
    """Who is signed in, the language switch and the logout button."""
    with st.sidebar:
        if demo:
            st.badge(tr("ui.demo.badge"), icon=":material/science:", color="orange")
        # The language can change without this widget (sign-in restores the saved one), so
        # the widget is set from the session's language before it is drawn.
        if st.session_state.get("_lang_widget") != lang():
            st.session_state["_lang_widget"] = lang()
        st.segmented_control(
            tr("ui.lang.label"),
            options=list(LANGUAGES),
            format_func=LANGUAGES.get,
            required=True,
            key="_lang_widget",
            on_change=lambda: auth.change_language(st.session_state["_lang_widget"]),
        )
        if actor is None:
            return
        name = st.session_state.get("name") or actor.username
        st.caption(tr("ui.signed_in_as", name=literal(name), role=tr(f"ui.role.{actor.role}")))
        # The click only raises a flag: the logout itself runs at the top of the next run,
        # so the page that follows is already the signed-out one (no stale sidebar).
        st.button(
            tr("ui.logout"),
            icon=":material/logout:",
            key="_logout",
            on_click=lambda: st.session_state.update({LOGOUT_REQUESTED: True}),
        )


def _not_yours() -> None:
    """A known page this account may not open (an old bookmark, a link from a colleague):
    go to Home and say why, instead of Streamlit's "Page not found" dialog."""
    st.session_state[NAV_NOTICE] = True
    st.switch_page(navigation.HOME.path)


def _signed_in_already() -> None:
    """The sign-in URL while signed in (where a sign-in leaves the session), or `/home` when
    Home is the landing page: the landing page at "/" (Home; the department for the director)."""
    st.switch_page(navigation.landing(st.session_state.get(ACTOR_KEY)).path)


def _page(spec: navigation.PageSpec, landing: navigation.PageSpec) -> st.Page:
    """The landing page is the default, served at "/"; Streamlit would still reserve its
    url_path yet answer it with "Page not found", so it takes none and its path is an alias."""
    if spec == landing:
        return st.Page(
            spec.path, title=tr(spec.title_key), icon=spec.icon, url_path="", default=True
        )
    return st.Page(spec.path, title=tr(spec.title_key), icon=spec.icon, url_path=spec.url_path)


def _pages(actor: Actor | None) -> dict[str, list[st.Page]]:
    appraised, stewards = True, None
    if actor is not None:
        with unit_of_work() as session:
            appraised = is_appraised(session, actor.employee_id)
        stewards = reads.policy().stewards
    sections = navigation.pages_for(actor, appraised=appraised, stewards=stewards)
    # Pages link only to pages in this navigation (st.page_link refuses any other).
    st.session_state[NAV_PATHS] = {spec.path for specs in sections.values() for spec in specs}
    first = navigation.landing(actor)
    pages = {
        (tr(section) if section else ""): [_page(spec, first) for spec in specs]
        for section, specs in sections.items()
    }
    if actor is None:
        # Signed out, every page's URL shows the sign-in form (hidden aliases of it), so a
        # deep link or a refresh after the session ended lands on that page after signing in
        # instead of on a "page not found" dialog.
        pages[""] += [
            st.Page(
                navigation.LOGIN.path,
                title=tr(navigation.LOGIN.title_key),
                url_path=spec.url_path,
                visibility="hidden",
            )
            for spec in navigation.all_specs()
            if spec != navigation.LOGIN
        ]
    else:
        # Signed in, the landing page's own path (e.g. `/home`) leads to it at "/", and the
        # URLs of pages outside this role's navigation are hidden aliases that lead home (a
        # page's identity is its URL path, so nothing else can run there).
        allowed = {spec.url_path for specs in sections.values() for spec in specs}
        landing = st.Page(
            _signed_in_already,
            title=tr(first.title_key),
            url_path=first.url_path,
            visibility="hidden",
        )
        pages[next(iter(pages))] += [landing] + [
            st.Page(
                _signed_in_already if spec == navigation.LOGIN else _not_yours,
                title=tr(spec.title_key),
                url_path=spec.url_path,
                visibility="hidden",
            )
            for spec in navigation.all_specs()
            if spec.url_path not in allowed
        ]
    return pages


def _refuse_start(message: str) -> NoReturn:
    """No sign-in without a usable signing key: say why and how to set one, then stop."""
    st.error(message, icon=":material/key:")
    st.code(
        f'export {auth.COOKIE_ENV}="$(python -c "import secrets; print(secrets.token_urlsafe(32))")"\n'
        "streamlit run dashboards/app.py",
        language="bash",
    )
    st.stop()


def main() -> None:
    _default_language()
    startup.ensure_database()
    demo = startup.demo_mode()
    key = auth.cookie_key(demo)
    if key is None:
        _refuse_start(tr("ui.start.no_cookie_key", env=auth.COOKIE_ENV))
    elif session_token.key_too_short(key):
        _refuse_start(
            tr("ui.start.cookie_key_short", env=auth.COOKIE_ENV, n=session_token.MIN_KEY_BYTES)
        )
    if st.session_state.pop(LOGOUT_REQUESTED, False):
        auth.logout()
    actor = auth.restore(key)
    _sidebar(actor, demo)
    st.session_state["_demo"] = demo
    show_flash()
    if st.session_state.pop(NAV_NOTICE, False):
        st.toast(tr("ui.nav.not_allowed"), icon=":material/info:", duration="long")
    st.navigation(_pages(actor)).run()


main()
