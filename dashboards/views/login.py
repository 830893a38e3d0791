"""The sign-in page (the only page signed-out visitors reach); in demo mode it lists the demo
accounts under a banner so nobody mistakes the demo for real pay data.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.i18n import t
from dashboards import auth
from dashboards.state import lang, tr
from data.demo import DEMO_PASSWORD
from data.demo_data import DEMO_ACCOUNTS

ERROR_KEY = "_login_error"


def _submit() -> None:
    username = st.session_state.get("_login_user", "")
    password = st.session_state.get("_login_password", "")
    error = auth.attempt_login(username, password)
    st.session_state.pop("_login_password", None)
    if error is not None and ERROR_KEY not in st.session_state:
        st.session_state[ERROR_KEY] = (error, {})


def _demo_accounts() -> None:
    st.warning(tr("ui.demo.banner"), icon=":material/science:")
    rows = pd.DataFrame(
        {
            tr("ui.login.username"): list(DEMO_ACCOUNTS),
            tr("ui.login.role"): [tr(f"ui.role.{u}") for u in DEMO_ACCOUNTS],
            tr("ui.login.password"): [DEMO_PASSWORD] * len(DEMO_ACCOUNTS),
        }
    )
    st.caption(tr("ui.demo.accounts"))
    st.dataframe(rows, hide_index=True, width="stretch")


def render() -> None:
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        st.title(tr("ui.app.title"), anchor=False)
        st.caption(tr("ui.app.tagline"))
        with st.form("login", border=True):
            st.subheader(tr("ui.login.title"), anchor=False)
            st.text_input(tr("ui.login.username"), key="_login_user", autocomplete="username")
            st.text_input(
                tr("ui.login.password"),
                type="password",
                key="_login_password",
                autocomplete="current-password",
            )
            st.form_submit_button(
                tr("ui.login.submit"), type="primary", on_click=_submit, width="stretch"
            )
        failure = st.session_state.pop(ERROR_KEY, None)
        if failure:
            key, params = failure
            st.error(t(key, lang(), **params), icon=":material/lock:")
        if st.session_state.get("_demo"):
            _demo_accounts()


render()
