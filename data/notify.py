"""Sending messages to people: e-mail through SMTP and group-robot webhooks (WeCom, DingTalk,
Feishu). Settings come from the environment (SMTP) or the admin's stored webhook setting.
"""

from __future__ import annotations

import json
import smtplib
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

WEBHOOK_KINDS: tuple[str, ...] = ("wecom", "dingtalk", "feishu")
TIMEOUT_SECONDS = 10


class SendError(Exception):
    """A message that did not reach its channel; the text says why, for the reminder log."""


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    sender: str
    user: str | None = None
    password: str | None = None
    starttls: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> SmtpConfig | None:
        """KPI_SMTP_HOST/PORT/FROM (USER, PASSWORD, STARTTLS=1 optional); None when unset."""
        host = env.get("KPI_SMTP_HOST", "").strip()
        if not host:
            return None
        return cls(
            host=host,
            port=int(env.get("KPI_SMTP_PORT") or 25),
            sender=env.get("KPI_SMTP_FROM") or "kpi-suite@localhost",
            user=env.get("KPI_SMTP_USER") or None,
            password=env.get("KPI_SMTP_PASSWORD") or None,
            starttls=env.get("KPI_SMTP_STARTTLS", "") == "1",
        )


@dataclass(frozen=True)
class Webhook:
    url: str
    kind: str

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Webhook | None:
        url = env.get("KPI_WEBHOOK_URL", "").strip()
        kind = env.get("KPI_WEBHOOK_KIND", "").strip().lower()
        return cls(url, kind) if url and kind in WEBHOOK_KINDS else None


def send_email(config: SmtpConfig, to: str, subject: str, body: str) -> None:
    """One plain-text e-mail; any refusal or network failure becomes a SendError."""
    message = EmailMessage()
    message["From"] = config.sender
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    try:
        with smtplib.SMTP(config.host, config.port, timeout=TIMEOUT_SECONDS) as smtp:
            if config.starttls:
                smtp.starttls()
            if config.user:
                smtp.login(config.user, config.password or "")
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        raise SendError(f"SMTP: {exc}") from exc


def webhook_payload(kind: str, text: str) -> dict[str, Any]:
    """The robot's text-message JSON: WeCom and DingTalk share a shape, Feishu differs."""
    if kind == "feishu":
        return {"msg_type": "text", "content": {"text": text}}
    return {"msgtype": "text", "text": {"content": text}}


def post_webhook(hook: Webhook, text: str) -> None:
    """POST the text; robots answer HTTP 200 with an error code in the body when they refuse,
    so both the status and the body's `errcode`/`code` are checked."""
    data = json.dumps(webhook_payload(hook.kind, text), ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        hook.url, data=data, headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            body = response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError) as exc:
        raise SendError(f"webhook: {exc}") from exc
    code = _error_code(body)
    if code:
        raise SendError(f"webhook: error {code}: {body[:200]}")


def _error_code(body: str) -> int:
    try:
        answer = json.loads(body)
    except ValueError:
        return 0
    if not isinstance(answer, dict):
        return 0
    for key in ("errcode", "code", "StatusCode"):
        value = answer.get(key)
        if isinstance(value, int) and value:
            return value
    return 0
