"""First start: an empty database run with the README command (no `DATABASE_URL`) gets the
demo department so a new user sees a working product; production is never filled with demo data.
"""

from __future__ import annotations

import os
import threading

import streamlit as st

from dashboards.state import engine, tr, unit_of_work
from data import clock
from data.demo import is_demo, load_demo
from data.records_store import count_rows

_LOCK = threading.Lock()  # two first visitors at once must not load the demo twice
DEMO_ENV = "KPI_DEMO"


def demo_allowed() -> bool:
    """No database configured (the README's run command), or the demo asked for explicitly."""
    return not os.environ.get("DATABASE_URL") or os.environ.get(DEMO_ENV) == "1"


def _empty() -> bool:
    with unit_of_work() as session:
        return count_rows(session, "employees") == 0


def ensure_database() -> None:
    """Load the demo into an empty database when allowed; otherwise say how to start."""
    if not _empty():
        return
    if not demo_allowed():
        st.title("KPI Suite")
        st.info(tr("ui.start.empty_db"), icon=":material/database:")
        st.code(
            "python -m data import employees employees.xlsx\n"
            "python -m data users add admin --role admin   # asks for a password\n"
            "python -m data demo   # or: the demo department",
            language="bash",
        )
        st.stop()
    with _LOCK:
        if not _empty():
            return
        with st.status(tr("ui.start.loading_demo"), expanded=True) as status:
            bar = st.progress(0.0)

            def report(fraction: float, step: str) -> None:
                bar.progress(min(max(fraction, 0.0), 1.0), text=tr("ui.start.demo_step", step=step))

            load_demo(engine(), clock.today(), progress=report)
            status.update(label=tr("ui.start.demo_ready"), state="complete", expanded=False)
    st.rerun()


@st.cache_data(ttl=60, show_spinner=False)
def _demo_flag(url: str) -> bool:
    return is_demo(engine())


def demo_mode() -> bool:
    """Whether the database holds the demo (then accounts and banner are shown)."""
    return _demo_flag(os.environ.get("DATABASE_URL", ""))
