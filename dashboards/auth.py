"""Sign-in: passwords go through `people.check_login` (bcrypt + lockout); the re-login cookie is
an HS256 token (`session_token`) checked against the user's session generation on every run.
"""

from __future__ import annotations

import os
import secrets
import time
from datetime import datetime
from typing import Any

import extra_streamlit_components as stx
import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

from core.errors import PermissionDenied
from core.permissions import Actor
from dashboards import session_token
from dashboards.state import ACTOR_KEY, LANG_KEY, unit_of_work
from data.services import people

COOKIE_NAME = "kpi_suite_auth"
COOKIE_EXPIRY_DAYS = 0.5  # a re-login cookie lives for one working day, then the password again
SESSION_SECONDS = COOKIE_EXPIRY_DAYS * 86400  # an open tab expires as the cookie would
SIGNED_IN_AT = "_signed_in_at"
SESSION_GENERATION = "_session_generation"
COOKIE_ENV = "KPI_COOKIE_KEY"
# In demo mode without a configured key: random per process, so a restart signs everyone out.
_DEMO_COOKIE_KEY = secrets.token_urlsafe(32)
SET_COOKIE = "_auth_set_cookie"
COOKIE_STORED = "set"  # the key of the cookie manager's "set" component: True once stored
MAX_PASSWORD_BYTES = 72
LANG_CHOSEN = "_lang_chosen"  # the visitor picked a language on the sign-in page


def configured_cookie_key() -> str | None:
    """The signing key from the environment or `.streamlit/secrets.toml` (`cookie_key`)."""
    key = os.environ.get(COOKIE_ENV, "").strip()
    if key:
        return key
    try:
        value = st.secrets.get("cookie_key")
    except StreamlitSecretNotFoundError:  # no secrets file at all is a normal setup
        value = None
    text = str(value).strip() if value else ""
    return text or None


def cookie_key(demo: bool) -> str | None:
    """None outside demo mode when nothing is configured: the app must then refuse to start
    (as it must when the key is shorter than `session_token.MIN_KEY_BYTES`)."""
    return configured_cookie_key() or (_DEMO_COOKIE_KEY if demo else None)


def _sign_in(actor: Actor, lang: str, name: str, generation: int, since: float) -> None:
    st.session_state.update(
        {
            ACTOR_KEY: actor,
            LANG_KEY: lang,
            "name": name,
            "logout": None,
            SIGNED_IN_AT: since,
            SESSION_GENERATION: generation,
        }
    )


def attempt_login(username: str, password: str) -> str | None:
    """Check a password through the service; returns an error message key or None on success.

    The check runs inside a transaction that commits even when the password is wrong, so the
    failure counter and lockout persist (a raising `check_login` would otherwise roll back).
    """
    username = username.strip()
    if not username or not password:
        return "auth.bad_credentials"
    if len(password.encode("utf-8")) > MAX_PASSWORD_BYTES:
        return "auth.password_too_long"
    error: PermissionDenied | None = None
    with unit_of_work() as session:
        try:
            actor = people.check_login(session, username, password)
            lang = people.user_language(session, actor.username)
            if st.session_state.pop(LANG_CHOSEN, False):
                lang = st.session_state.get(LANG_KEY, lang)
                people.set_language(session, actor.username, lang)
            name = _display_name(session, actor)
            generation = people.session_generation(session, actor.username) or 0
        except PermissionDenied as exc:
            error = exc
    if error is not None:
        st.session_state["_login_error"] = (error.key, error.params)
        return error.key
    _sign_in(actor, lang, name, generation, time.time())
    st.session_state[SET_COOKIE] = True
    return None


def _display_name(session: Any, actor: Actor) -> str:
    """The employee's name as the credentials show it (read once, at sign-in)."""
    creds = people.credentials(session)["usernames"].get(actor.username, {})
    return str(creds.get("name") or actor.username)


def restore(key: str) -> Actor | None:
    """The signed-in actor for this run: from session state, else from a valid cookie.

    The actor and its session generation are re-read from the database every run, so a
    deactivated account, a changed role, a logout elsewhere or a new password take effect at
    once rather than at the next login.
    """
    # The cookie component's place, present on every run whether drawn or not: elements
    # after it keep their positions when it goes, so forms being typed in are not redrawn.
    slot = st.container()
    actor: Actor | None = st.session_state.get(ACTOR_KEY)
    if actor is None and not st.session_state.get("logout"):
        actor = _from_cookie(key)
    elif actor is not None:
        expired = time.time() - st.session_state.get(SIGNED_IN_AT, time.time()) > SESSION_SECONDS
        actor = (
            None
            if expired
            else _load(
                actor.username,
                st.session_state.get(SESSION_GENERATION),
                sign_in=not st.session_state.get("name"),
                keep_lang=True,
            )
        )
        if actor is None:
            _forget()
    if st.session_state.get(SET_COOKIE) and actor is not None:
        # The browser stores the cookie from a component's iframe a moment after the run that
        # draws it. A rerun right after sign-in (a page switch, another component) used to
        # drop it from the page first, and about one sign-in in six then ended at the next
        # refresh; so it is drawn on every run until the component reports it stored.
        if st.session_state.get(COOKIE_STORED) is True:
            del st.session_state[SET_COOKIE]
        else:
            with slot:
                _set_cookie(actor, key)
    elif actor is None:
        st.session_state.pop(SET_COOKIE, None)
    return actor


def _from_cookie(key: str) -> Actor | None:
    """Sign in from the cookie the browser sent with this session's first request, when it is
    ours, unexpired and not revoked. Any other cookie is ignored (never an error page): a
    revoked one is inert, and the next sign-in overwrites it."""
    token = st.context.cookies.get(COOKIE_NAME)
    if token is None:
        return None
    with unit_of_work() as session:
        claim = session_token.signed_in_user(session, token, key, time.time())
    if claim is None:
        return None
    since = claim.expires - SESSION_SECONDS  # the tab expires when its cookie does
    return _load(claim.username, claim.generation, sign_in=True, keep_lang=False, since=since)


def _set_cookie(actor: Actor, key: str) -> None:
    """The re-login cookie for this sign-in; the same token on every run until it is stored.

    The cookie component exists only on these runs: it reports its first value a moment
    after it is drawn and so asks for a rerun, and on the sign-in page that rerun swallowed
    a sign-in submitted in the first seconds (the form came back filled, with no message).
    """
    expires = st.session_state[SIGNED_IN_AT] + SESSION_SECONDS
    claim = session_token.Claim(actor.username, expires, st.session_state[SESSION_GENERATION])
    stx.CookieManager().set(
        COOKIE_NAME,
        session_token.encode(claim, key),
        key=COOKIE_STORED,
        expires_at=datetime.fromtimestamp(expires),
    )


def _load(
    username: str,
    generation: int | None,
    sign_in: bool,
    keep_lang: bool,
    since: float | None = None,
) -> Actor | None:
    """Re-read the account; None when it is gone or its sessions were ended since
    `generation` (None: state injected without one, which adopts the current generation).
    On sign-in (cookie or injected state) also read its language and name."""
    try:
        with unit_of_work() as session:
            actor = people.actor_for(session, username)
            current = people.session_generation(session, username) or 0
            if generation is not None and generation != current:
                return None
            if sign_in:
                saved = people.user_language(session, username)
                lang = (st.session_state.get(LANG_KEY) if keep_lang else None) or saved
                name = _display_name(session, actor)
                _sign_in(actor, lang, name, current, since or time.time())
    except PermissionDenied:
        return None
    st.session_state[ACTOR_KEY] = actor
    return actor


def logout() -> None:
    """Log out: end the user's sessions server-side (every cookie issued so far, in any
    browser, stops signing in), then forget this session."""
    actor: Actor | None = st.session_state.get(ACTOR_KEY)
    if actor is not None:
        with unit_of_work() as session:
            people.end_sessions(session, actor.username)
    _forget()


def _forget() -> None:
    """Forget everything this session holds but the language. The browser keeps its cookie,
    which is revoked or expired by now; deleting it would need the cookie component on the
    sign-in page (see `_set_cookie`). `logout=True` survives, so this session does not even
    try the cookie its first request sent."""
    for key in list(st.session_state.keys()):
        if key != LANG_KEY:
            del st.session_state[key]
    st.session_state["name"] = None
    st.session_state["logout"] = True


def change_language(lang: str) -> None:
    """Remember the language for this session and, when signed in, for the user; chosen
    before signing in, it becomes the user's language at sign-in."""
    st.session_state[LANG_KEY] = lang
    actor: Actor | None = st.session_state.get(ACTOR_KEY)
    if actor is None:
        st.session_state[LANG_CHOSEN] = True
        return
    with unit_of_work() as session:
        people.set_language(session, actor.username, lang)
