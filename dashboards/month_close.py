"""HR's month close (SPEC §11): the checklist, the payroll preview with its totals against the
bonus budget, closing the run with a confirmation, and the runs already closed.

What the preview shows is the service's run, so closing records exactly the rows on screen.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import streamlit as st

from core.i18n import N_
from core.periods import Period
from core.permissions import Actor
from dashboards import appraisal_ui as ui
from dashboards import state
from dashboards.state import tr
from dashboards.widgets import DASH, flag_names, floats, money, money_column, state_name
from data.exports import payroll_csv, payroll_xlsx
from data.services import ledger, payroll
from data.versions import total

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@st.cache_data(show_spinner=False, max_entries=8)
def _run(_actor: Actor, username: str, period: str, version: int) -> payroll.Payroll:
    """The run of a month, recomputed only when the data changed (`version`: the sum of every
    scope's version, since a run reads records, appraisals of every closed month and the
    ledger), on the month the page holds."""
    month = state.whole_month(Period.parse(period), _actor)
    with state.unit_of_work() as session:
        return payroll.payroll(session, _actor, Period.parse(period), month=month)


def render(actor: Actor, period: Period, board: pd.DataFrame) -> None:
    run = _run(actor, actor.username, str(period), total(state.versions()))
    _totals(run)
    if run.closed:  # what was paid: nothing left to check before closing
        st.success(tr("ui.close.closed", period=str(period)), icon=":material/lock:")
    else:
        with state.unit_of_work() as session:
            _checklist(payroll.checklist(session, actor, run, board))
    _preview(run)
    _adjustments(run)
    _downloads(run)
    if not run.closed:
        _close(actor, run)
    _closed_runs(actor)


def _totals(run: payroll.Payroll) -> None:
    """Four money figures (with cents they need a quarter of a laptop's width each), then
    the head count and the budget in a line."""
    totals = run.totals
    cols = st.columns(4)
    budget = run.budget
    cols[0].metric(
        tr("ui.close.bonus"),
        money(totals["bonus"], cents=True),
        delta=tr("ui.close.budget_left", amount=money(budget - totals["bonus"], cents=True))
        if budget is not None
        else None,
        delta_color="normal" if budget is None or budget >= totals["bonus"] else "inverse",
        border=True,
    )
    cols[1].metric(
        tr("ui.close.adjustments"), money(totals["bonus_adjustment"], cents=True), border=True
    )
    cols[2].metric(tr("ui.close.commission"), money(totals["commission"], cents=True), border=True)
    total = N_("ui.close.total_paid") if run.closed else N_("ui.close.total")
    cols[3].metric(tr(total), money(totals["total"], cents=True), border=True)
    line = [tr("ui.close.people_line", count=totals["people"])]
    if budget is not None:
        line.append(tr("ui.close.budget", amount=money(budget, cents=True)))
    st.caption(" · ".join(line))


def _checklist(items: payroll.Checklist) -> None:
    st.subheader(tr("ui.close.checklist"), anchor=False)
    waiting = items.not_finalised
    counts = waiting["state"].value_counts() if len(waiting) else pd.Series(dtype=int)
    by_state = tr("ui.close.separator").join(f"{state_name(s)} {n}" for s, n in counts.items())
    _item(
        len(waiting),
        tr("ui.close.item_not_finalised", count=len(waiting), states=by_state or DASH),
        lambda: st.dataframe(
            pd.DataFrame(
                {
                    tr("ui.col.employee"): waiting["name"],
                    tr("ui.col.team"): waiting["team"],
                    tr("col.missing"): [tr(f"payroll.missing.{m}") for m in waiting["missing"]],
                    tr("ui.col.flags"): [flag_names(f) for f in waiting["flags"]],
                }
            ),
            hide_index=True,
            width="stretch",
            column_config={
                tr("ui.col.employee"): st.column_config.TextColumn(width=80),
                tr("ui.col.team"): st.column_config.TextColumn(width=85),
                tr("col.missing"): st.column_config.TextColumn(width=330),
            },
        ),
    )
    names = dict(zip(waiting["employee_id"], waiting["name"], strict=True))
    for key, ids in (
        (N_("ui.close.item_interviews"), items.interviews_missing),
        (N_("ui.close.item_dismissal"), items.dismissal_review),
        (N_("ui.close.item_sales_floor"), items.sales_floor),
    ):
        _item(
            len(ids),
            tr(key, count=len(ids)),
            lambda ids=ids: st.text(", ".join(names.get(e, e) for e in ids)),
        )
    late = items.imports_after_open
    _item(
        len(late),
        tr("ui.close.item_imports", count=len(late)),
        lambda: st.dataframe(late, hide_index=True, width="stretch"),
    )


def _item(count: int, label: str, detail) -> None:  # noqa: ANN001 - a callable drawing the list
    icon = ":material/check_circle:" if count == 0 else ":material/pending:"
    if count == 0:
        st.markdown(f"{icon} {label}")
        return
    with st.expander(label, icon=icon):
        detail()


def _preview(run: payroll.Payroll) -> None:
    st.subheader(tr("ui.close.sheet_paid") if run.closed else tr("ui.close.preview"), anchor=False)
    sheet = floats(run.sheet, payroll.MONEY)
    table = pd.DataFrame(
        {
            tr("ui.col.employee"): sheet["name"],
            tr("ui.col.team"): sheet["team"],
            tr("col.bonus_status"): [tr(f"payroll.status.{s}") for s in sheet["bonus_status"]],
            tr("ui.col.grade"): sheet["grade"],
            tr("ui.col.bonus"): sheet["bonus_amount"],
            tr("ui.close.col_adjustments"): sheet["bonus_adjustment"],
            tr("ui.col.commission"): sheet["commission"],
            tr("ui.close.col_total"): sheet["total"],
            tr("ui.close.col_absent"): sheet["absent_days"],
        }
    )
    # Widths add up to the main column at 1366 px: every figure shows whole.
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * max(len(table), 1), 520),
        placeholder=DASH,
        column_config={
            tr("ui.col.employee"): st.column_config.TextColumn(pinned=True, width=80),
            tr("ui.col.team"): st.column_config.TextColumn(width=85),
            tr("col.bonus_status"): st.column_config.TextColumn(width=165),
            tr("ui.col.grade"): st.column_config.TextColumn(width=55),
            tr("ui.col.bonus"): _money_column(),
            tr("ui.close.col_adjustments"): _money_column(),
            tr("ui.col.commission"): _money_column(),
            tr("ui.close.col_total"): _money_column(),
            tr("ui.close.col_absent"): st.column_config.NumberColumn(format="%.1f", width=90),
        },
    )


def _money_column() -> dict[str, object]:
    """Yuan with cents, wide enough for ¥123,456.78."""
    return {**money_column(), "width": 105}


def _adjustments(run: payroll.Payroll) -> None:
    lines = run.lines
    later = lines.loc[lines["origin_period"] != str(run.period)]
    if later.empty:
        return
    st.subheader(tr("ui.close.adjustment_lines", count=len(later)), anchor=False)
    st.dataframe(
        pd.DataFrame(
            {
                tr("ui.col.employee"): later["name"],
                tr("col.origin_period"): later["origin_period"],
                tr("col.kind"): [tr(f"ledger.kind.{k}") for k in later["kind"]],
                tr("col.reason"): [
                    tr(f"ledger.reason.{r}") if isinstance(r, str) else DASH
                    for r in later["reason"]
                ],
                tr("col.amount"): [float(Decimal(str(v))) for v in later["amount"]],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={tr("col.amount"): money_column()},
    )


def _downloads(run: payroll.Payroll) -> None:
    lang = state.lang()
    with st.container(horizontal=True):
        st.download_button(
            tr("ui.payroll.xlsx"),
            # Built on click (deferred): a company's workbook took a second on every rerun.
            data=lambda: payroll_xlsx(run, lang),
            file_name=f"payroll-{run.period}.xlsx",
            mime=XLSX,
            icon=":material/download:",
            on_click="ignore",
            type="secondary",
            key="_hr_payroll_xlsx",
        )
        st.download_button(
            tr("ui.payroll.csv"),
            data=lambda: payroll_csv(run.sheet),
            file_name=f"payroll-{run.period}.csv",
            mime="text/csv",
            icon=":material/download:",
            on_click="ignore",
            key="_hr_payroll_csv",
        )


def _close(actor: Actor, run: payroll.Payroll) -> None:
    """Closing is final: a confirmation with the totals it will record."""
    with st.popover(tr("ui.close.button"), icon=":material/lock:", type="primary"):
        totals = run.totals
        st.markdown(
            tr(
                "ui.close.confirm_text",
                period=str(run.period),
                people=totals["people"],
                bonus=money(totals["bonus"], cents=True),
                adjustments=money(totals["bonus_adjustment"], cents=True),
                commission=money(totals["commission"], cents=True),
                total=money(totals["total"], cents=True),
            )
        )
        if totals["not_finalised"]:
            st.markdown(tr("ui.close.confirm_waiting", waiting=totals["not_finalised"]))
        if st.button(tr("ui.close.confirm"), type="primary", key="_hr_close_run"):
            ui.write(
                lambda s: payroll.close(s, actor, run.period),
                N_("ui.close.done"),
                period=str(run.period),
            )


def _closed_runs(actor: Actor) -> None:
    with state.unit_of_work() as session:
        runs = ledger.runs_frame(session, actor)
    if runs.empty:
        return
    st.subheader(tr("ui.close.runs"), anchor=False)
    st.dataframe(
        pd.DataFrame(
            {
                tr("col.period"): runs["period"],
                tr("ui.close.closed_at"): runs["closed_at"],
                tr("ui.close.closed_by"): runs["closed_by"],
                tr("ui.close.people_paid"): runs["people"],
                tr("ui.close.bonus"): [float(v) for v in runs["bonus"]],
                tr("ui.close.commission"): [float(v) for v in runs["commission"]],
                tr("ui.close.total_paid"): [
                    float(b + c) for b, c in zip(runs["bonus"], runs["commission"], strict=True)
                ],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={
            tr("ui.close.bonus"): money_column(),
            tr("ui.close.commission"): money_column(),
            tr("ui.close.total_paid"): money_column(),
            tr("ui.close.closed_at"): st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm"),
        },
    )
