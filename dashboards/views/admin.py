"""Administration: users, roles and passwords, the company policy and a database backup —
every change through a service that checks permission and audits; no appraisal contents here.
"""

from __future__ import annotations

import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from core.catalogue import ROLES
from core.i18n import N_
from core.permissions import Actor, can
from core.policy import Policy
from dashboards import appraisal_ui as ui
from dashboards import reads, reminders_ui, state
from dashboards.state import require_actor, tr
from dashboards.widgets import DASH, labels_for, lang_key, role_name
from data.backup import backup
from data.services import audit, people, settings

ROLE_LIST = list(ROLES)


def _users_table(users: pd.DataFrame) -> None:
    names = reads.names()
    shown = pd.DataFrame(
        {
            tr("ui.admin.u.username"): users["username"],
            tr("ui.admin.u.role"): [role_name(r) for r in users["role"]],
            tr("ui.admin.u.employee_id"): [
                f"{names.get(e, e)} ({e})" if e else "—" for e in users["employee_id"]
            ],
            tr("ui.admin.u.active"): users["active"].astype(bool),
            tr("ui.admin.u.has_password"): users["has_password"].astype(bool),
            tr("ui.admin.u.locked_until"): pd.to_datetime(users["locked_until"]),
        }
    )
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            tr("ui.admin.u.locked_until"): st.column_config.DatetimeColumn(
                format="YYYY-MM-DD HH:mm"
            )
        },
        placeholder=DASH,
    )


def _add_user(actor: Actor) -> None:
    with st.form("admin_add_user", clear_on_submit=True):
        st.markdown("**" + tr("ui.admin.add_user") + "**")
        username = st.text_input(tr("ui.login.username"), max_chars=64, key="_admin_new_user")
        role = st.selectbox(
            tr("ui.login.role"),
            ROLE_LIST,
            format_func=labels_for(ROLE_LIST, role_name),
            key=lang_key("_admin_new_role"),
        )
        employees = ["", *reads.people()["employee_id"].tolist()]
        employee = st.selectbox(
            tr("ui.admin.employee"),
            employees,
            format_func=labels_for(employees, reads.labeller()),
            key="_admin_new_employee",
        )
        secret = st.text_input(
            tr("ui.login.password"),
            type="password",
            help=tr("ui.admin.password_help"),
            key="_admin_new_password",
        )
        if st.form_submit_button(tr("ui.admin.add"), type="primary"):
            ui.write(
                lambda s: people.add_user(
                    s, actor, username.strip(), role, employee or None, secret or None
                ),
                N_("ui.admin.user_added"),
                username=username,
            )


def _set_password(actor: Actor, names: list[str]) -> None:
    with st.form("admin_password", clear_on_submit=True):
        st.markdown("**" + tr("ui.admin.set_password") + "**")
        who = st.selectbox(tr("ui.login.username"), names, key="_admin_pw_user")
        first = st.text_input(
            tr("ui.admin.new_password"),
            type="password",
            help=tr("ui.admin.password_help"),
            key="_admin_pw_1",
        )
        again = st.text_input(tr("ui.admin.repeat_password"), type="password", key="_admin_pw_2")
        if st.form_submit_button(tr("ui.admin.save_password"), type="primary"):
            if first != again:
                st.error(tr("ui.admin.password_mismatch"), icon=":material/error:")
            else:
                ui.write(
                    lambda s: people.set_password(s, actor, who, first),
                    N_("ui.admin.password_set"),
                    username=who,
                )


def _set_role(actor: Actor, users: pd.DataFrame) -> None:
    """The account is chosen outside the form so the form opens with its current values."""
    with st.container(border=True):
        st.markdown("**" + tr("ui.admin.change_role") + "**")
        who = st.selectbox(
            tr("ui.login.username"), users["username"].tolist(), key="_admin_role_user"
        )
        current = users.set_index("username").loc[who]
        with st.form(f"admin_role_{who}", border=False):
            role = st.selectbox(
                tr("ui.login.role"),
                ROLE_LIST,
                format_func=labels_for(ROLE_LIST, role_name),
                index=ROLE_LIST.index(current["role"]),
            )
            active = st.toggle(tr("ui.admin.active"), value=bool(current["active"]))
            if st.form_submit_button(tr("ui.admin.save_role"), type="primary"):
                ui.write(
                    lambda s: people.set_role(s, actor, who, role, active),
                    N_("ui.admin.role_set"),
                    username=who,
                )


def _users(actor: Actor) -> None:
    with state.unit_of_work() as session:
        users = people.users_frame(session, actor)
    _users_table(users)
    add, password, role = st.columns(3, gap="medium")
    with add:
        _add_user(actor)
    with password:
        _set_password(actor, users["username"].tolist())
    with role:
        _set_role(actor, users)


def _tiers_frame(policy: Policy) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "upper": [
                None if t.upper is None else float(t.upper) for t in policy.monthly_plan.tiers
            ],
            "rate": [float(t.rate) * 100 for t in policy.monthly_plan.tiers],
        }
    )


def _grades_frame(policy: Policy) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "grade": [g.grade for g in policy.grades],
            "min_score": [float(g.min_score) for g in policy.grades],
            "bonus_pct": [float(g.bonus_pct) for g in policy.grades],
        }
    )


def _number(label_key: str, value: Any, **kw: Any) -> Any:
    """A policy number input, keyed by its message key so tests and reruns can find it."""
    return st.number_input(tr(label_key), value=value, key=f"_{label_key}", **kw)


def _policy_form(actor: Actor) -> None:
    with state.unit_of_work() as session:
        policy = settings.current_policy(session)
        loaded = ui.loaded_version("policy", "company", settings.policy_version(session))
    with st.form("admin_policy"):
        st.subheader(tr("ui.admin.grades"), anchor=False)
        grades = st.data_editor(
            _grades_frame(policy),
            hide_index=True,
            num_rows="dynamic",
            key="_admin_grades",
            column_config={
                "grade": st.column_config.TextColumn(tr("ui.col.grade"), required=True),
                "min_score": st.column_config.NumberColumn(
                    tr("ui.admin.min_score"), min_value=0, max_value=120, required=True
                ),
                "bonus_pct": st.column_config.NumberColumn(
                    tr("ui.col.bonus_pct"), min_value=0, max_value=500, format="%d%%", required=True
                ),
            },
        )
        weights = st.columns(3)
        with weights[0]:
            w_data = _number(
                N_("ui.admin.w_data"), int(policy.weight_data), min_value=0, max_value=100
            )
        with weights[1]:
            w_sup = _number(
                N_("ui.admin.w_sup"), int(policy.weight_supervisor), min_value=0, max_value=100
            )
        with weights[2]:
            w_self = _number(
                N_("ui.admin.w_self"), int(policy.weight_self), min_value=0, max_value=100
            )
        st.subheader(tr("ui.admin.deadlines_slas"), anchor=False)
        cols = st.columns(5)
        with cols[0]:
            self_day = _number(
                N_("ui.admin.self_day"), policy.self_deadline_day, min_value=1, max_value=28
            )
        with cols[1]:
            review_day = _number(
                N_("ui.admin.review_day"), policy.review_deadline_day, min_value=1, max_value=28
            )
        with cols[2]:
            response = _number(
                N_("ui.admin.response_sla"), policy.response_sla_seconds, min_value=1
            )
        with cols[3]:
            complaint = _number(
                N_("ui.admin.complaint_sla"), policy.complaint_sla_hours, min_value=1
            )
        with cols[4]:
            satisfied = _number(
                N_("ui.admin.satisfied"), policy.satisfied_rating, min_value=1, max_value=5
            )
        st.subheader(tr("ui.admin.attendance"), anchor=False)
        cols = st.columns(3)
        with cols[0]:
            minor = _number(
                N_("ui.admin.minor_money"),
                float(policy.minor_lateness_money),
                min_value=0.0,
                step=10.0,
            )
        with cols[1]:
            half = _number(
                N_("ui.admin.half_money"),
                float(policy.half_day_absence_money),
                min_value=0.0,
                step=10.0,
            )
        with cols[2]:
            full = _number(
                N_("ui.admin.full_money"),
                float(policy.full_day_absence_money),
                min_value=0.0,
                step=10.0,
            )
        st.subheader(tr("ui.admin.commission"), anchor=False)
        st.caption(tr("ui.admin.commission_help"))
        tiers = st.data_editor(
            _tiers_frame(policy),
            hide_index=True,
            num_rows="dynamic",
            key="_admin_tiers",
            placeholder=DASH,  # the last tier's empty upper bound means "and above", not None
            column_config={
                "upper": st.column_config.NumberColumn(
                    tr("ui.admin.tier_upper"), min_value=0, format="yen"
                ),
                "rate": st.column_config.NumberColumn(
                    tr("ui.admin.tier_rate"),
                    min_value=0,
                    max_value=100,
                    format="%.2f%%",
                    required=True,
                ),
            },
        )
        budget = _number(
            N_("ui.admin.budget"),
            float(policy.bonus_budget) if policy.bonus_budget is not None else None,
            min_value=0.0,
            step=1000.0,
            help=tr("ui.admin.budget_help"),
        )
        if st.form_submit_button(tr("ui.admin.save_policy"), type="primary"):
            changed = policy.to_dict() | {
                "grades": [
                    {
                        "grade": str(g.grade).strip(),
                        "min_score": g.min_score,
                        "bonus_pct": g.bonus_pct,
                    }
                    for g in grades.dropna().sort_values("min_score", ascending=False).itertuples()
                ],
                "weight_data": w_data,
                "weight_supervisor": w_sup,
                "weight_self": w_self,
                "self_deadline_day": self_day,
                "review_deadline_day": review_day,
                "response_sla_seconds": response,
                "complaint_sla_hours": complaint,
                "satisfied_rating": satisfied,
                "minor_lateness_money": minor,
                "half_day_absence_money": half,
                "full_day_absence_money": full,
                "monthly_plan": {
                    "tiers": [
                        {
                            "upper": None if pd.isna(t.upper) else t.upper,
                            "rate": round(t.rate / 100, 6),
                        }
                        for t in tiers.dropna(subset=["rate"]).itertuples()
                    ],
                    "period": "month",
                },
                "bonus_budget": budget,
            }
            ui.write(
                lambda s: settings.save_policy(s, actor, _overrides(changed), loaded),
                N_("ui.admin.policy_saved"),
                on_success=lambda: ui.forget_version("policy", "company"),
                conflict_scope="policy",
            )
    if ui.reload_offered("policy"):
        ui.forget_version("policy", "company")
        for key in ("_admin_grades", "_admin_tiers"):
            st.session_state.pop(key, None)
        st.rerun()


def _overrides(values: dict[str, Any]) -> dict[str, Any]:
    """Validated as a whole, then only what differs from SPEC's defaults is stored."""
    normal = Policy.from_dict(values).to_dict()
    defaults = Policy().to_dict()
    return {key: value for key, value in normal.items() if value != defaults[key]}


def _backup_bytes(actor: Actor) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = backup(state.engine(), Path(folder) / "kpi-backup.zip", actor)
        content = path.read_bytes()
    with state.unit_of_work() as session:
        audit.record(
            session, actor.username, "backup", "database", "download", None, {"bytes": len(content)}
        )
    return content


def _backup(actor: Actor) -> None:
    if not can(actor, "backup"):
        return
    st.caption(tr("ui.admin.backup_help"))
    stamp = datetime.now().strftime("%Y%m%d-%H%M")
    st.download_button(
        tr("ui.admin.backup"),
        data=lambda: _backup_bytes(actor),
        file_name=f"kpi-backup-{stamp}.zip",
        mime="application/zip",
        icon=":material/backup:",
        on_click="ignore",
        type="primary",
    )
    st.code(f"python -m data restore kpi-backup-{stamp}.zip", language="bash")


def render() -> None:
    actor = require_actor()
    st.title(tr("ui.page.admin"), anchor=False)
    users, policy, backups = st.tabs(
        [tr("ui.admin.tab_users"), tr("ui.admin.tab_policy"), tr("ui.admin.tab_backup")]
    )
    with users:
        _users(actor)
    with policy:
        _policy_form(actor)
        reminders_ui.webhook_form(actor)
    with backups:
        _backup(actor)


render()
