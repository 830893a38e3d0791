"""The audit trail for HR and admins: who changed what, when, from what, to what and why,
filterable and exportable as CSV (newest first).

Before/after values are shown as plain text columns; nothing users typed is rendered as
markdown or HTML.
"""

from __future__ import annotations

import streamlit as st

from dashboards import state
from dashboards.state import require_actor, tr
from data.exports import to_csv
from data.services import audit

ENTITIES = ["", "appraisal", "import", "user", "policy", "template", "target", "backup"]


def render() -> None:
    actor = require_actor()
    st.title(tr("ui.page.audit"), anchor=False)
    cols = st.columns(4)
    entity = cols[0].selectbox(
        tr("ui.audit.entity"),
        ENTITIES,
        format_func=lambda e: tr(f"ui.audit.entity.{e}") if e else tr("ui.hr.filter_all"),
        key="_audit_entity",
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
    shown = frame.copy()
    shown.columns = [tr(f"ui.audit.col.{c}") for c in frame.columns]
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            tr("ui.audit.col.at"): st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm:ss"),
            tr("ui.audit.col.before"): st.column_config.TextColumn(width="medium"),
            tr("ui.audit.col.after"): st.column_config.TextColumn(width="medium"),
        },
    )
    st.download_button(
        tr("ui.audit.csv"),
        data=to_csv(frame),
        file_name="audit-trail.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
    )


render()
