"""Small pieces the appraisal forms share: scores people typed shown as typed (85, not 85.0),
late submissions labelled, and the confirmation before an irreversible submit.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from core.catalogue import CATALOGUE
from core.i18n import N_
from dashboards.state import tr
from dashboards.widgets import DASH, score_text


def given_score(value: Any) -> str:
    """A score a person entered: whole numbers as integers, anything else to one decimal."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return DASH
    number = float(value)
    return str(int(number)) if number.is_integer() else score_text(number)


def late_note(board: pd.DataFrame, employee_id: str, flag: str, due: str, done: bool) -> None:
    """Label a late step (SPEC §8: raised once the deadline has passed): submitted after the
    deadline, or still not submitted."""
    row = board[board["employee_id"] == employee_id]
    if row.empty or flag not in row.iloc[0]["flags"]:
        return
    key = N_("ui.forms.submitted_late") if done else N_("ui.forms.overdue")
    st.badge(tr(key, day=due), color="orange", icon=":material/schedule:")


def confirm_submit(key: str, text_key: str) -> bool | None:
    """After a submit click, ask once more: True confirmed, False cancelled, None waiting."""
    st.warning(tr(text_key), icon=":material/warning:")
    with st.container(horizontal=True):
        yes = st.button(tr("ui.forms.confirm_submit"), type="primary", key=f"{key}_yes")
        no = st.button(tr("ui.forms.keep_editing"), key=f"{key}_no")
    if yes:
        return True
    if no:
        return False
    return None


def person_link(page: str, label: str, icon: str | None, choices: dict[str, Any]) -> None:
    """A link-looking button that opens `page` with `choices` (plain session keys the page
    reads, e.g. the person to review) set first; a page link cannot carry them."""
    if page not in st.session_state.get("_nav_paths", ()):
        st.text(label)
        return
    key = "_link_" + "_".join(str(v) for v in choices.values())
    if st.button(label, icon=icon, type="tertiary", key=key):
        st.session_state.update(choices)
        st.switch_page(page)


def _is_rate(kpi_id: object) -> bool:
    kpi = CATALOGUE.get(kpi_id) if isinstance(kpi_id, str) else None
    return kpi is not None and kpi.unit == "rate"


def rates_in_percent(rows: pd.DataFrame, factor: float) -> pd.DataFrame:
    """Rate targets ×100 for the editor (95 means 95 %, as in the override form) and ÷100
    back for storage; rounding drops the float noise of 0.9 × 100."""
    out = rows.copy()
    mask = out["kpi_id"].map(_is_rate).astype(bool) & out["target"].notna()
    out["target"] = out["target"].astype("float64")
    out.loc[mask, "target"] = (out.loc[mask, "target"] * factor).round(8)
    return out


def unit_label(kpi_id: object) -> str:
    """The unit a template's target is typed in: %, ¥, seconds, days or a plain number."""
    kpi = CATALOGUE.get(kpi_id) if isinstance(kpi_id, str) else None
    return tr(f"ui.forms.unit.{kpi.unit}") if kpi else ""


def widget_score(value: Any) -> float | None:
    """A saved score as a number input's float; scores have at most 2 decimals (SPEC §11),
    which the "%g" inputs show as typed (85, 69.99), so re-saving never rounds one silently."""
    return None if value is None else float(value)
