"""Reminders of appraisal steps due soon or overdue (SPEC §11), by e-mail and group webhook:
at most one per person, step, channel and day, each recorded; a failed send is retried.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from typing import Any
from urllib.parse import urlsplit

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import StateError, ValidationError
from core.i18n import formats, t
from core.periods import Period
from core.permissions import Actor, require
from core.reminders import due_steps
from data.models import Appraisal, Employee, Reminder, Setting, User, current_appraisals_select
from data.notify import WEBHOOK_KINDS, SendError, SmtpConfig, Webhook, post_webhook, send_email
from data.services import audit, results
from data.services.settings import current_policy

WEBHOOK_KEY = "reminder_webhook"
LOG_COLUMNS = ["day", "recipient_id", "step", "channel", "status", "attempts", "error", "at"]


@dataclass(frozen=True)
class Due:
    """One message to write: a person, a step, whose appraisals it is about, and by when."""

    recipient_id: str
    name: str
    email: str | None
    lang: str
    step: str
    subjects: tuple[str, ...]
    due: date
    overdue: bool


@dataclass(frozen=True)
class Outcome:
    """What one send did: `status` is sent or failed (with the error); `target` is where."""

    due: Due
    channel: str
    target: str
    status: str
    error: str | None = None


def webhook(session: Session, env: Mapping[str, str] | None = None) -> Webhook | None:
    """The admin's stored robot, else KPI_WEBHOOK_URL/KIND from the environment."""
    row = session.get(Setting, WEBHOOK_KEY)
    if row and row.value.get("url"):
        return Webhook(row.value["url"], row.value["kind"])
    return Webhook.from_env(os.environ if env is None else env)


def save_webhook(session: Session, actor: Actor, url: str, kind: str) -> None:
    """Store (or, with an empty url, remove) the group robot; the audit keeps only its host,
    since a robot URL carries its access token."""
    require(actor, "edit_notifications")
    url = url.strip()
    if url and (kind not in WEBHOOK_KINDS or urlsplit(url).scheme not in ("http", "https")):
        raise ValidationError("remind.bad_webhook", kind=kind)
    row = session.get(Setting, WEBHOOK_KEY)
    before = {"host": urlsplit(row.value.get("url", "")).netloc} if row else None
    value = {"url": url, "kind": kind} if url else {}
    if row is None:
        session.add(Setting(key=WEBHOOK_KEY, value=value))
    else:
        row.value = value
    after = {"host": urlsplit(url).netloc, "kind": kind} if url else {}
    audit.record(session, actor.username, "setting", WEBHOOK_KEY, "update", before, after)


def due_reminders(
    session: Session,
    actor: Actor,
    period: Period,
    today: date,
    board: pd.DataFrame | None = None,
) -> list[Due]:
    """Everyone with a step of `period` due within two days or overdue, one entry per person
    and step; `board` is the month's computed appraisals when the caller already has them."""
    require(actor, "remind")
    if board is None:
        board = results.month(session, period).appraisals
    steps = due_steps(_board(session, period, board), period, today, current_policy(session))
    if steps.empty:
        return []
    people = _people(session)
    # One aggregation, not a frame per group: a company has thousands of (person, step) pairs.
    grouped = steps.groupby(["recipient_id", "step"], sort=True).agg(
        subjects=("subject_id", list), due=("due", "first"), overdue=("overdue", "first")
    )
    out = []
    for (recipient, step), subjects, due, overdue in zip(
        grouped.index, grouped["subjects"], grouped["due"], grouped["overdue"], strict=True
    ):
        name, email, lang = people.get(recipient, (recipient, None, "en"))
        names = tuple(people.get(s, (s, None, "en"))[0] for s in subjects)
        out.append(Due(recipient, name, email, lang, step, names, due, bool(overdue)))
    return out


def _board(session: Session, period: Period, board: pd.DataFrame) -> pd.DataFrame:
    """The computed board with what the reminder rule also needs from the stored rows."""
    # Only the two columns needed: HR's page asks on every rerun, and the rows carry rules.
    stored = {
        r.employee_id: (bool(r.self_waived), bool(r.interview_plan))
        for r in session.execute(
            current_appraisals_select()
            .where(Appraisal.period == str(period))
            .with_only_columns(
                Appraisal.employee_id, Appraisal.self_waived, Appraisal.interview_plan
            )
        )
    }
    managers = dict(session.execute(select(Employee.employee_id, Employee.manager_id)).all())
    ids = board["employee_id"].astype(str).tolist()
    return pd.DataFrame(
        {
            "employee_id": ids,
            "manager_id": [managers.get(e) for e in ids],
            "state": board["state"].tolist(),
            "grade": board["grade"].tolist() if "grade" in board else None,
            "self_waived": [stored.get(e, (False, False))[0] for e in ids],
            "interview_recorded": [stored.get(e, (False, False))[1] for e in ids],
        }
    )


def _people(session: Session) -> dict[str, tuple[str, str | None, str]]:
    """employee_id → (name, e-mail, language of their account; English without one)."""
    langs = dict(
        session.execute(
            select(User.employee_id, User.lang).where(
                User.employee_id.is_not(None), User.active.is_(True)
            )
        ).all()
    )
    rows = session.execute(select(Employee.employee_id, Employee.name, Employee.email)).all()
    return {
        r.employee_id: (r.name, r.email or None, langs.get(r.employee_id) or "en") for r in rows
    }


def message(due: Due, period: Period) -> tuple[str, str]:
    """(subject, body) in the recipient's language."""
    params: dict[str, Any] = {
        "name": due.name,
        "period": str(period),
        "due": formats.day(due.due, due.lang),
        "who": t("list.separator", due.lang).join(due.subjects),
    }
    body = t(f"remind.body.{due.step}", due.lang, **params)
    if due.overdue:
        body = t("remind.with_overdue", due.lang, body=body, overdue=t("remind.overdue", due.lang))
    return t(f"remind.subject.{due.step}", due.lang, **params), body


def send_reminders(
    session: Session,
    actor: Actor,
    period: Period,
    now: datetime,
    board: pd.DataFrame | None = None,
    env: Mapping[str, str] | None = None,
) -> list[Outcome]:
    """Send what is due today on every configured channel, skipping what today's log already
    holds as sent and retrying what failed. Each send is committed at once: an e-mail that
    left cannot be unsent, so its record must never wait on (or roll back with) the rest."""
    require(actor, "remind")
    env = os.environ if env is None else env
    smtp, hook = SmtpConfig.from_env(env), webhook(session, env)
    if smtp is None and hook is None:
        raise StateError("remind.no_channel")
    outcomes = []
    for due in due_reminders(session, actor, period, now.date(), board):
        subject, body = message(due, period)
        sends: list[tuple[str, str, Callable[[], None]]] = []
        if smtp is not None:
            sends.append(("email", due.email or "", partial(_mail, smtp, due, subject, body)))
        if hook is not None:
            sends.append(("webhook", hook.kind, partial(post_webhook, hook, body)))
        for channel, target, send in sends:
            row = _existing(session, period, now.date(), due, channel)
            if row is not None and row.status == "sent":
                continue
            outcome = _deliver(due, channel, target, send)
            _record(session, actor, period, now, outcome, row)
            outcomes.append(outcome)
    return outcomes


def _mail(smtp: SmtpConfig, due: Due, subject: str, body: str) -> None:
    if not due.email:
        raise SendError(t("remind.no_email", due.lang, name=due.name))
    send_email(smtp, due.email, subject, body)


def _deliver(due: Due, channel: str, target: str, send: Callable[[], None]) -> Outcome:
    try:
        send()
    except SendError as exc:
        return Outcome(due, channel, target, "failed", str(exc))
    return Outcome(due, channel, target, "sent")


def _existing(
    session: Session, period: Period, day: date, due: Due, channel: str
) -> Reminder | None:
    return session.scalar(
        select(Reminder).where(
            Reminder.period == str(period),
            Reminder.recipient_id == due.recipient_id,
            Reminder.step == due.step,
            Reminder.channel == channel,
            Reminder.day == day,
        )
    )


def _record(
    session: Session,
    actor: Actor,
    period: Period,
    now: datetime,
    outcome: Outcome,
    row: Reminder | None,
) -> None:
    """A first attempt adds today's row; a retry updates it and counts the attempt."""
    due = outcome.due
    if row is None:
        session.add(
            Reminder(
                period=str(period),
                day=now.date(),
                recipient_id=due.recipient_id,
                step=due.step,
                channel=outcome.channel,
                subjects=list(due.subjects),
                status=outcome.status,
                attempts=1,
                error=outcome.error,
                at=now,
                actor=actor.username,
            )
        )
    else:
        row.status, row.error, row.at = outcome.status, outcome.error, now
        row.attempts += 1
    session.commit()


def reached_today(session: Session, period: Period, today: date) -> set[tuple[str, str]]:
    """(recipient, step) pairs whose every send today went out: nothing left to do for them
    until tomorrow (HR's button counts only the others)."""
    rows = session.execute(
        select(Reminder.recipient_id, Reminder.step, Reminder.status).where(
            Reminder.period == str(period), Reminder.day == today
        )
    ).all()
    failed = {(r.recipient_id, r.step) for r in rows if r.status != "sent"}
    return {(r.recipient_id, r.step) for r in rows} - failed


def reminder_log(session: Session, actor: Actor, period: Period) -> pd.DataFrame:
    """The month's reminders, newest day first, failures first within a day (HR's board)."""
    require(actor, "remind")
    rows = session.scalars(select(Reminder).where(Reminder.period == str(period))).all()
    frame = pd.DataFrame(
        [{c: getattr(r, c) for c in LOG_COLUMNS} for r in rows], columns=LOG_COLUMNS
    )
    if frame.empty:
        return frame
    frame["failed"] = frame["status"] != "sent"
    ordered = frame.sort_values(["day", "failed", "recipient_id"], ascending=[False, False, True])
    return ordered.drop(columns="failed").reset_index(drop=True)
