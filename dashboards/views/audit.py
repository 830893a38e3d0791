"""The audit trail for HR and admins, filterable and exportable as CSV, so every number can be
traced; before/after values are shown as text or JSON, never rendered as markdown or HTML.
"""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from core.i18n import keys as i18n_keys
from dashboards import state
from dashboards.markdown import literal
from dashboards.state import require_actor, tr
from dashboards.widgets import labels_for, lang_key
from data.exports import to_csv
from data.services import audit

ENTITIES = ["", "appraisal", "import", "user", "policy", "template", "target", "backup"]


def _label(kind: str, value: str) -> str:
    """Translated entity/action names; an id without a translation is shown as it is."""
    key = f"ui.audit.{kind}.{value}"
    return tr(key) if key in i18n_keys() else value


def _details(row: pd.Series) -> None:
    """One change in full: the before and after values as JSON (never rendered as HTML)."""
    st.subheader(
        tr("ui.audit.detail", id=row["id"], action=_label("action", row["action"])), anchor=False
    )
    if row["reason"]:
        st.caption(tr("ui.hr.calibration_reason", reason=literal(row["reason"])))
    before, after = st.columns(2)
    with before:
        st.markdown(f"**{tr('ui.audit.col.before')}**")
        st.json(json.loads(row["before"]) if row["before"] else {}, expanded=True)
    with after:
        st.markdown(f"**{tr('ui.audit.col.after')}**")
        st.json(json.loads(row["after"]) if row["after"] else {}, expanded=True)


def render() -> None:
    actor = require_actor()
    st.title(tr("ui.page.audit"), anchor=False)
    cols = st.columns(4)
    entity = cols[0].selectbox(
        tr("ui.audit.entity"),
        ENTITIES,
        format_func=labels_for(
            ENTITIES, lambda e: tr(f"ui.audit.entity.{e}") if e else tr("ui.hr.filter_all")
        ),
        key=lang_key("_audit_entity"),
    )
    who = cols[1].text_input(tr("ui.audit.who"), key="_audit_who", max_chars=64)
    key = cols[2].text_input(
        tr("ui.audit.key"), key="_audit_key", max_chars=100, help=tr("ui.audit.key_help")
    )
    limit = cols[3].number_input(
        tr("ui.audit.limit"),
        min_value=100,
        max_value=50_000,
        value=2000,
        step=100,
        key="_audit_limit",
    )
    with state.unit_of_work() as session:
        frame = audit.audit_frame(
            session, actor, entity or None, who.strip() or None, key.strip() or None, int(limit)
        )
    if frame.empty:
        st.info(tr("ui.audit.empty"), icon=":material/history:")
        return
    st.caption(tr("ui.audit.count", count=len(frame)))
    shown = frame.assign(
        entity=[_label("entity", e) for e in frame["entity"]],
        action=[_label("action", a) for a in frame["action"]],
    )
    shown.columns = [tr(f"ui.audit.col.{c}") for c in frame.columns]
    event = st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="_audit_table",
        column_config={
            tr("ui.audit.col.at"): st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm:ss"),
            tr("ui.audit.col.before"): st.column_config.TextColumn(width="medium"),
            tr("ui.audit.col.after"): st.column_config.TextColumn(width="medium"),
        },
    )
    rows = event.selection.rows if event is not None else []
    if rows:
        _details(frame.iloc[rows[0]])
    else:
        st.caption(tr("ui.audit.select_hint"))
    st.download_button(
        tr("ui.audit.csv"),
        data=to_csv(frame),
        file_name="audit-trail.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )


render()
