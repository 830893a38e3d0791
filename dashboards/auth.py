"""Sign-in: streamlit-authenticator 0.4.2 keeps the signed re-login cookie, passwords go through
`people.check_login` (bcrypt + lockout), which the authenticator's own form would bypass.
"""

from __future__ import annotations

import os
import secrets
import time
from datetime import datetime
from typing import Any

import streamlit as st
import streamlit_authenticator as stauth
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
COOKIE_ENV = "KPI_COOKIE_KEY"
# In demo mode without a configured key: random per process, so a restart signs everyone out.
_DEMO_COOKIE_KEY = secrets.token_urlsafe(32)
# Session keys the authenticator owns; `logout` must survive a logout (it blocks cookie re-login).
AUTH_KEYS = ("name", "authentication_status", "username", "email", "roles", "logout")
SET_COOKIE = "_auth_set_cookie"
COOKIE_STORED = "set"  # the key of the cookie manager's "set" component: True once stored
SESSION_GENERATION = "_session_generation"
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


def authenticator(key: str) -> stauth.Authenticate:
    """Created once per run in the entry file, with credentials read fresh from the database.

    Guardrails (CONVENTIONS): the key goes in by keyword `cookie_key=` (a `key=` argument is
    swallowed by **kwargs and leaves the public default key); `auto_hash=False` because the
    database holds bcrypt hashes; a dict, never a YAML path; `login_sleep_time=0`. Its cookie
    re-login is not used: `restore` checks the cookie itself (`session_token`), so a foreign
    cookie reads as signed out and a revoked one no longer signs in.
    """
    with unit_of_work() as session:
        credentials = people.credentials(session)
    return stauth.Authenticate(
        credentials,
        cookie_name=COOKIE_NAME,
        cookie_key=key,
        cookie_expiry_days=COOKIE_EXPIRY_DAYS,
        auto_hash=False,
        login_sleep_time=0,
    )


def _sign_in(actor: Actor, lang: str, name: str, generation: int, since: float) -> None:
    st.session_state.update(
        {
            ACTOR_KEY: actor,
            LANG_KEY: lang,
            "authentication_status": True,
            "username": actor.username.lower(),
            "name": name,
            "roles": [actor.role],
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


def restore(auth: stauth.Authenticate, key: str) -> Actor | None:
    """The signed-in actor for this run: from session state, else from a valid cookie.

    The actor and its session generation are re-read from the database every run, so a
    deactivated account, a changed role, a logout elsewhere or a new password take effect at
    once rather than at the next login.
    """
    actor: Actor | None = st.session_state.get(ACTOR_KEY)
    if actor is None and not st.session_state.get("logout"):
        actor = _from_cookie(auth, key)
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
            _forget(auth)
    if st.session_state.get(SET_COOKIE) and actor is not None:
        # The browser stores the cookie from a component's iframe a moment after the run that
        # draws it. A rerun right after sign-in (a page switch, another component) used to
        # drop it from the page first, and about one sign-in in six then ended at the next
        # refresh; so it is drawn on every run until the component reports it stored.
        if st.session_state.get(COOKIE_STORED) is True:
            del st.session_state[SET_COOKIE]
        else:
            _set_cookie(auth, actor, key)
    elif actor is None:
        st.session_state.pop(SET_COOKIE, None)
    return actor


def _from_cookie(auth: stauth.Authenticate, key: str) -> Actor | None:
    """Sign in from the browser's cookie when it is ours, unexpired and not revoked; any other
    cookie is deleted and the visitor sees the sign-in page."""
    token = st.context.cookies.get(COOKIE_NAME)
    if token is None:
        return None
    with unit_of_work() as session:
        claim = session_token.signed_in_user(session, token, key, time.time())
    actor = None
    if claim is not None:
        since = claim.expires - SESSION_SECONDS  # the tab expires when its cookie does
        actor = _load(claim.username, claim.generation, sign_in=True, keep_lang=False, since=since)
    if actor is None:
        auth.cookie_controller.delete_cookie()
        _clear_auth_keys()
    return actor


def _set_cookie(auth: stauth.Authenticate, actor: Actor, key: str) -> None:
    """The re-login cookie for this sign-in; the same token on every run until it is stored."""
    expires = st.session_state[SIGNED_IN_AT] + SESSION_SECONDS
    claim = session_token.Claim(actor.username, expires, st.session_state[SESSION_GENERATION])
    auth.cookie_controller.cookie_model.cookie_manager.set(
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


def _clear_auth_keys() -> None:
    for key in AUTH_KEYS:
        if key != "logout":
            st.session_state[key] = None


def logout(auth: stauth.Authenticate) -> None:
    """Log out: end the user's sessions server-side (every cookie issued so far, in any
    browser, stops signing in), then forget this session."""
    actor: Actor | None = st.session_state.get(ACTOR_KEY)
    if actor is not None:
        with unit_of_work() as session:
            people.end_sessions(session, actor.username)
    _forget(auth)


def _forget(auth: stauth.Authenticate) -> None:
    """End the session on this browser: delete the cookie and forget everything in state.

    `logout=True` stays so a stale cookie sent with this session's first request is not even
    tried again.
    """
    if st.session_state.get("authentication_status"):
        auth.logout(location="unrendered")
    else:
        auth.cookie_controller.delete_cookie()
    for key in list(st.session_state.keys()):
        if key not in (*AUTH_KEYS, LANG_KEY):
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
