"""Reminders on the pages: HR's one-click "remind" on the month board with its result and the
failed sends, and the admin's group-robot webhook setting (SPEC §11).
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import streamlit as st

from core.errors import KpiError
from core.periods import Period
from core.permissions import Actor, can
from dashboards import reads, state
from dashboards.state import tr
from dashboards.widgets import DASH, labels_for, show_error
from data.notify import WEBHOOK_KINDS
from data.services import reminders

RESULT_KEY = "_remind_result"


def _send(actor: Actor, period: Period, board: pd.DataFrame) -> None:
    try:
        with state.unit_of_work() as session:
            outcomes = reminders.send_reminders(session, actor, period, datetime.now(), board)
    except KpiError as exc:
        show_error(exc)
        return
    sent = sum(o.status == "sent" for o in outcomes)
    st.session_state[RESULT_KEY] = (str(period), sent, len(outcomes) - sent)
    st.rerun()  # the button's count and the failed list as they are now


def _result(period: Period) -> None:
    last = st.session_state.get(RESULT_KEY)
    if not last or last[0] != str(period):
        return
    _, sent, failed = last
    if failed:
        st.warning(tr("ui.remind.result_failed", sent=sent, failed=failed), icon=":material/error:")
    elif sent:
        st.success(tr("ui.remind.result", sent=sent), icon=":material/mark_email_read:")
    else:
        st.info(tr("ui.remind.result_none"), icon=":material/info:")


def _failures(actor: Actor, period: Period) -> None:
    """Failed sends stay visible until a later run delivers them (never lost silently)."""
    with state.unit_of_work() as session:
        log = reminders.reminder_log(session, actor, period)
    failed = _still_failing(log)
    if failed.empty:
        return
    label = reads.labeller()
    table = pd.DataFrame(
        {
            tr("ui.remind.day"): failed["day"].astype(str),
            tr("ui.col.employee"): [label(e) for e in failed["recipient_id"]],
            tr("ui.remind.step"): [tr(f"remind.step.{s}") for s in failed["step"]],
            tr("ui.remind.channel"): [tr(f"ui.remind.channel.{c}") for c in failed["channel"]],
            tr("ui.remind.attempts"): failed["attempts"],
            tr("ui.remind.error"): failed["error"],
        }
    )
    with st.expander(tr("ui.remind.failed_title", count=len(failed)), icon=":material/error:"):
        st.dataframe(table, hide_index=True, width="stretch", placeholder=DASH)


def _still_failing(log: pd.DataFrame) -> pd.DataFrame:
    """Failed sends not made good by a later delivery of the same step on the same channel."""
    if log.empty:
        return log
    keys = ["recipient_id", "step", "channel"]
    delivered = log[log["status"] == "sent"].groupby(keys)["day"].max().rename("delivered")
    failed = log[log["status"] == "failed"].join(delivered, on=keys)
    delivered_since = failed["delivered"].notna() & (
        failed["delivered"].fillna(failed["day"]) >= failed["day"]
    )
    return failed[~delivered_since]


@st.cache_data(ttl=600, max_entries=8, show_spinner=False)
def _due(key: state.MonthKey, today: date) -> list[reminders.Due]:
    """Who is due a reminder, per version of the month and day: the rule walks the whole
    board, which at 5,000 people cost half a second on every rerun of HR's page."""
    board = state.visible_month(key).appraisals
    with state.unit_of_work() as session:
        return reminders.due_reminders(
            session, state.actor_of(key.who), Period.parse(key.period), today, board
        )


def panel(actor: Actor, period: Period, board: pd.DataFrame) -> None:
    """HR's button: how many people would be reminded now; one click sends, then the result."""
    if not can(actor, "remind"):
        return
    today = datetime.now().date()
    due = _due(state.month_key(period, actor), today)
    with state.unit_of_work() as session:
        reached = reminders.reached_today(session, period, today)
    people = len({d.recipient_id for d in due if (d.recipient_id, d.step) not in reached})
    if st.button(
        tr("ui.remind.button", count=people),
        icon=":material/notifications_active:",
        disabled=not people,
        help=tr("ui.remind.help"),
        key="_hr_remind",
    ):
        _send(actor, period, board)
    _result(period)
    _failures(actor, period)


def webhook_form(actor: Actor) -> None:
    """The admin's group robot (WeCom, DingTalk or Feishu); an empty URL removes it."""
    if not can(actor, "edit_notifications"):
        return
    with state.unit_of_work() as session:
        current = reminders.webhook(session, env={})
    with st.form("_webhook_form", border=True):
        st.subheader(tr("ui.remind.webhook_title"), anchor=False)
        st.caption(tr("ui.remind.webhook_help"))
        kind = st.selectbox(
            tr("ui.remind.webhook_kind"),
            WEBHOOK_KINDS,
            index=WEBHOOK_KINDS.index(current.kind) if current else 0,
            format_func=labels_for(WEBHOOK_KINDS, lambda k: tr(f"ui.remind.kind.{k}")),
        )
        url = st.text_input(
            tr("ui.remind.webhook_url"), value=current.url if current else "", type="password"
        )
        if st.form_submit_button(tr("ui.remind.webhook_save"), type="primary"):
            try:
                with state.unit_of_work() as session:
                    reminders.save_webhook(session, actor, url, kind)
            except KpiError as exc:
                show_error(exc)
            else:
                st.success(tr("ui.remind.webhook_saved"), icon=":material/check_circle:")
