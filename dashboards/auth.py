"""Sign-in: streamlit-authenticator 0.4.2 keeps the signed re-login cookie, passwords go through
`people.check_login` (bcrypt + lockout), which the authenticator's own form would bypass.
"""

from __future__ import annotations

import os
import secrets
import time
from typing import Any

import streamlit as st
import streamlit_authenticator as stauth
from streamlit.errors import StreamlitSecretNotFoundError
from streamlit_authenticator.utilities import LoginError

from core.errors import PermissionDenied
from core.permissions import Actor
from dashboards.state import ACTOR_KEY, LANG_KEY, unit_of_work
from data.services import people

COOKIE_NAME = "kpi_suite_auth"
COOKIE_EXPIRY_DAYS = 0.5  # a re-login cookie lives for one working day, then the password again
SESSION_SECONDS = COOKIE_EXPIRY_DAYS * 86400  # an open tab expires as the cookie would
SIGNED_IN_AT = "_signed_in_at"
COOKIE_ENV = "KPI_COOKIE_KEY"
# In demo mode without a configured key: random per process, so a restart signs everyone out.
_DEMO_COOKIE_KEY = secrets.token_urlsafe(32)
# Session keys the authenticator owns; `logout` must survive a logout (it blocks cookie re-login).
AUTH_KEYS = ("name", "authentication_status", "username", "email", "roles", "logout")
SET_COOKIE = "_auth_set_cookie"
COOKIE_STORED = "set"  # the key of the cookie manager's "set" component: True once stored
CASE_MAP = "_auth_usernames"
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
    """None outside demo mode when nothing is configured: the app must then refuse to start."""
    return configured_cookie_key() or (_DEMO_COOKIE_KEY if demo else None)


def authenticator(key: str) -> stauth.Authenticate:
    """Created once per run in the entry file, with credentials read fresh from the database.

    Guardrails (CONVENTIONS): the key goes in by keyword `cookie_key=` (a `key=` argument is
    swallowed by **kwargs and leaves the public default key); `auto_hash=False` because the
    database holds bcrypt hashes; a dict, never a YAML path; `login_sleep_time=0` (read from
    kwargs by 0.4.2's `login`) so refreshes and deep links resolve on the first run.
    """
    with unit_of_work() as session:
        credentials = people.credentials(session)
    # The authenticator lower-cases usernames; keep the real spelling to map back.
    names = list(credentials["usernames"])
    st.session_state[CASE_MAP] = {
        n.lower(): n for n in names if sum(m.lower() == n.lower() for m in names) == 1
    }
    return stauth.Authenticate(
        credentials,
        cookie_name=COOKIE_NAME,
        cookie_key=key,
        cookie_expiry_days=COOKIE_EXPIRY_DAYS,
        auto_hash=False,
        login_sleep_time=0,
    )


def _sign_in(actor: Actor, lang: str, name: str) -> None:
    st.session_state.update(
        {
            ACTOR_KEY: actor,
            LANG_KEY: lang,
            "authentication_status": True,
            "username": actor.username.lower(),
            "name": name,
            "roles": [actor.role],
            "logout": None,
            SIGNED_IN_AT: time.time(),
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
        except PermissionDenied as exc:
            error = exc
    if error is not None:
        st.session_state["_login_error"] = (error.key, error.params)
        return error.key
    _sign_in(actor, lang, name)
    st.session_state[SET_COOKIE] = True
    return None


def _display_name(session: Any, actor: Actor) -> str:
    """The employee's name as the credentials show it (read once, at sign-in)."""
    creds = people.credentials(session)["usernames"].get(actor.username, {})
    return str(creds.get("name") or actor.username)


def restore(auth: stauth.Authenticate) -> Actor | None:
    """The signed-in actor for this run: from session state, else from a valid cookie.

    The actor is re-read from the database every run, so a deactivated account or a changed
    role takes effect at once rather than at the next login.
    """
    actor: Actor | None = st.session_state.get(ACTOR_KEY)
    if actor is None and not st.session_state.get("logout"):
        try:
            auth.login(location="unrendered")
        except LoginError:
            auth.cookie_controller.delete_cookie()
            _clear_auth_keys()
        if st.session_state.get("authentication_status"):
            username = st.session_state.get(CASE_MAP, {}).get(
                st.session_state.get("username") or ""
            )
            actor = _load(username, sign_in=True, keep_lang=False) if username else None
            if actor is None:
                _clear_auth_keys()
    elif actor is not None:
        expired = time.time() - st.session_state.get(SIGNED_IN_AT, time.time()) > SESSION_SECONDS
        actor = (
            None
            if expired
            else _load(actor.username, sign_in=not st.session_state.get("name"), keep_lang=True)
        )
        if actor is None:
            logout(auth)
    if st.session_state.get(SET_COOKIE) and actor is not None:
        # The browser stores the cookie from a component's iframe a moment after the run that
        # draws it. A rerun right after sign-in (a page switch, another component) used to
        # drop it from the page first, and about one sign-in in six then ended at the next
        # refresh; so it is drawn on every run until the component reports it stored.
        if st.session_state.get(COOKIE_STORED) is True:
            del st.session_state[SET_COOKIE]
        else:
            auth.cookie_controller.set_cookie()
    elif actor is None:
        st.session_state.pop(SET_COOKIE, None)
    return actor


def _load(username: str, sign_in: bool, keep_lang: bool) -> Actor | None:
    """Re-read the account; on sign-in (cookie or injected state) also its language and name."""
    try:
        with unit_of_work() as session:
            actor = people.actor_for(session, username)
            if sign_in:
                saved = people.user_language(session, username)
                lang = (st.session_state.get(LANG_KEY) if keep_lang else None) or saved
                _sign_in(actor, lang, _display_name(session, actor))
    except PermissionDenied:
        return None
    st.session_state[ACTOR_KEY] = actor
    return actor


def _clear_auth_keys() -> None:
    for key in AUTH_KEYS:
        if key != "logout":
            st.session_state[key] = None


def logout(auth: stauth.Authenticate) -> None:
    """End the session on this browser: delete the cookie and forget everything in state.

    `logout=True` stays so a stale cookie sent with this session's first request cannot sign
    the user straight back in.
    """
    if st.session_state.get("authentication_status"):
        auth.logout(location="unrendered")
    else:
        auth.cookie_controller.delete_cookie()
    for key in list(st.session_state.keys()):
        if key not in (*AUTH_KEYS, CASE_MAP, LANG_KEY):
            del st.session_state[key]
    _clear_auth_keys()
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
