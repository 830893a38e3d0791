"""The audit trail for HR and admins, filterable and exportable as CSV, so every number can be
traced; people are named and changes read "field: before → after", never rendered as markdown or
HTML.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.i18n import keys as i18n_keys
from dashboards import audit_view, reads, state
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
    """One change in full: each changed field with its before and after value, as plain text
    in a table (never rendered as markdown or HTML)."""
    st.subheader(
        tr("ui.audit.detail", id=row["id"], action=_label("action", row["action"])), anchor=False
    )
    if row["reason"]:
        st.caption(tr("ui.hr.calibration_reason", reason=literal(row["reason"])))
    lang = state.lang()
    changed = audit_view.changes(audit_view.parse(row["before"]), audit_view.parse(row["after"]))
    if not changed:
        return
    st.table(
        pd.DataFrame(
            {
                tr("ui.audit.col.before"): [
                    audit_view.value_text(p, b, lang) for p, b, _ in changed
                ],
                tr("ui.audit.col.after"): [
                    audit_view.value_text(p, a, lang) for p, _, a in changed
                ],
            },
            index=pd.Index(
                [audit_view.field_label(p, lang) for p, _, _ in changed],
                name=tr("ui.audit.col.field"),
            ),
        )
    )


def _readable(frame: pd.DataFrame) -> pd.DataFrame:
    """Names for people, words for what changed; the CSV keeps the raw JSON for machines."""
    names, lang = reads.names(), state.lang()
    return pd.DataFrame(
        {
            "id": frame["id"],
            "at": frame["at"],
            "actor": [f"{names[a]} ({a})" if a in names else a for a in frame["actor"]],
            "entity": [_label("entity", e) for e in frame["entity"]],
            "key": [audit_view.key_text(k, names) for k in frame["key"]],
            "action": [_label("action", a) for a in frame["action"]],
            "changes": [
                audit_view.readable(audit_view.parse(b), audit_view.parse(a), lang)
                for b, a in zip(frame["before"], frame["after"], strict=True)
            ],
            "reason": frame["reason"],
        }
    )


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
    shown = _readable(frame)
    shown.columns = [tr(f"ui.audit.col.{c}") for c in shown.columns]
    event = st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="_audit_table",
        column_config={
            tr("ui.audit.col.at"): st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm:ss"),
            tr("ui.audit.col.changes"): st.column_config.TextColumn(width="large"),
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
