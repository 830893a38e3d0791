"""The director's department at a glance: headline KPIs, 12-month trends, rankings, grades,
any employee's scorecard, and the KPI template and target editors.

HR opens it too while calibrating; the editors are read-only for anyone without the
`edit_templates` / `edit_targets` permission (the services check again on save).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.catalogue import CATALOGUE, ROLES
from core.errors import KpiError
from core.i18n import N_
from core.month import MonthResult
from core.periods import Period
from core.permissions import Actor, can
from core.scoring import METHODS
from dashboards import charts, director_board, director_exceptions, forms_ui, reads, running, state
from dashboards.appraisal_ui import STATE_COLORS, forget_version, loaded_version
from dashboards.director_board import Board
from dashboards.markdown import literal
from dashboards.state import tr
from dashboards.widgets import (
    kpi_name,
    kpi_value,
    labels_for,
    lang_key,
    role_name,
    score_text,
    show_error,
    state_name,
)
from data.services import settings, todo
from data.services.analytics import History

HEADLINE = ("net_sales", "store_conversion", "csat", "on_time_rate")
TEMPLATE_COLUMNS = ["kpi_id", "weight", "target", "method", "cap", "bands"]


# --- trends ---------------------------------------------------------------------------------


def trends_section(trend: pd.DataFrame, months: list[Period]) -> None:
    """The four headline KPIs over twelve months, one small chart each, each with its PNG."""
    if trend.empty:
        charts.empty(N_("roles.empty.trends"), month=str(months[-1]))
        return
    axis = pd.DataFrame({"period": [str(m) for m in months]})
    built = []
    live, today = months[-1], charts.today()
    words = (tr("running.status"), tr("running.to_date"))
    for kpi_id in HEADLINE:
        series = axis.merge(trend[trend["kpi_id"] == kpi_id], on="period", how="left")
        series = running.paced_trend(series[["period", "actual"]], kpi_id, live, today)
        title = tr("roles.director.trend_title", kpi=kpi_name(kpi_id))
        built.append(
            charts.build(
                charts.trend_chart,
                series,
                kpi_id,
                title,
                tr("roles.axis.month"),
                running=str(live),
                words=words,
            )
        )
    for row in (built[:2], built[2:]):
        for column, spec in zip(st.columns(2), row, strict=True):
            with column:
                charts.show_chart(spec)


# --- ranking and grades ---------------------------------------------------------------------


def ranking_section(board: Board, period: Period) -> None:
    if board.people.empty:
        charts.empty(N_("roles.empty.appraisals"), month=str(period))
        return

    def label(key: str, **params: object) -> str:
        """SPEC §10: in a running month every score, grade and rank says it is projected."""
        return tr(f"running.{key.removeprefix('roles.')}" if board.running else key, **params)

    left, right = st.columns(2)
    with left:
        st.subheader(label(N_("roles.director.teams")))
        score = label(N_("roles.col.final_score"))
        charts.table(
            board.teams,
            {
                "team": st.column_config.TextColumn(tr("roles.col.team")),
                "people": st.column_config.NumberColumn(tr("roles.col.people"), format="%d"),
                "mean": st.column_config.ProgressColumn(
                    label(N_("roles.col.mean_score")), format="%.1f", min_value=0, max_value=120
                ),
                "best": st.column_config.NumberColumn(tr("roles.col.best"), format="%.1f"),
                "lowest": st.column_config.NumberColumn(tr("roles.col.lowest"), format="%.1f"),
                "finalised": st.column_config.NumberColumn(tr("roles.col.finalised"), format="%d"),
            },
        )
    with right:
        chart = charts.build(
            charts.grade_chart,
            board.grades,
            label(N_("roles.director.grades_title"), month=str(period)),
            label(N_("roles.col.grade")),
            tr("roles.col.people"),
            tr("roles.director.guide"),
        )
        charts.show_chart(chart, f"grades-{period}.png", key="director_grades_png")
        st.caption(tr("roles.director.guide_note"))
    st.subheader(label(N_("roles.director.people")))
    st.caption(label(N_("roles.director.people_note")))
    charts.table(
        board.people,
        {
            "rank": st.column_config.NumberColumn(
                label("roles.col.rank") if board.running else "#", format="%d", width="small"
            ),
            **charts.people_columns(),
            "team": st.column_config.TextColumn(tr("roles.col.team")),
            "role_name": st.column_config.TextColumn(tr("roles.col.role")),
            "shown_score": st.column_config.ProgressColumn(
                score, format="%.1f", min_value=0, max_value=120
            ),
            "grade": st.column_config.TextColumn(label(N_("roles.col.grade")), width="small"),
            "status": st.column_config.TextColumn(tr("roles.col.status")),
            "state_name": st.column_config.TextColumn(tr("roles.col.state")),
        },
    )


# --- one employee's scorecard ---------------------------------------------------------------


def scorecard_section(result: MonthResult, board: Board, period: Period) -> None:
    """Pick anyone the viewer may see and read their scorecard for the month."""
    if not board.scorecard_ids:
        charts.empty(N_("roles.empty.appraisals"), month=str(period))
        return
    chosen = st.selectbox(
        tr("roles.director.pick_employee"),
        board.scorecard_ids,
        format_func=board.labels.__getitem__,
        key="director_scorecard_person",
    )
    row = result.appraisals[result.appraisals["employee_id"] == chosen]
    if len(row):
        summary = row.iloc[0]
        # The state as a badge: in a fifth of the width a metric cut "Self-assessment
        # submitted" off.
        state_id = summary.get("state", "open")
        st.badge(
            f"{tr('roles.col.state')}: {state_name(state_id)}",
            color=STATE_COLORS.get(state_id, "gray"),
        )
        cells = st.columns(4)
        items = (
            (N_("roles.col.kpi_score"), score_text(summary.get("kpi_score"))),
            (N_("roles.col.composite"), score_text(summary.get("composite"))),
            (N_("roles.col.final_score"), score_text(summary.get("final_score"))),
            (N_("roles.col.grade"), summary.get("grade") or "—"),
        )
        if running.running(result):
            items = _projected_items(result, chosen, items[:2])
        for cell, (key, value) in zip(cells, items, strict=True):
            cell.metric(tr(key), value, border=True)
        if bool(summary.get("incomplete")):
            st.caption(tr("roles.director.provisional_note"))
    card = result.scorecard[result.scorecard["employee_id"] == chosen]
    rows = pd.DataFrame(
        {
            "kpi": [kpi_name(k) for k in card["kpi_id"]],
            "actual": [
                kpi_value(k, v) for k, v in zip(card["kpi_id"], card["actual"], strict=True)
            ],
            "target": [
                kpi_value(k, v) for k, v in zip(card["kpi_id"], card["target"], strict=True)
            ],
            "score": charts.half_up(card["score"]).to_numpy(),
            "weight": card["weight"].to_numpy(),
            "method": [tr(f"roles.method.{m}") for m in card["method"]],
        }
    )
    charts.table(
        rows,
        {
            "kpi": st.column_config.TextColumn(tr("roles.col.kpi")),
            "actual": st.column_config.TextColumn(tr("roles.col.actual")),
            "target": st.column_config.TextColumn(tr("roles.col.target")),
            "score": st.column_config.ProgressColumn(
                tr("roles.col.score"), format="%.1f", min_value=0, max_value=120
            ),
            "weight": st.column_config.NumberColumn(tr("roles.col.weight"), format="%g"),
            "method": st.column_config.TextColumn(tr("roles.col.method")),
        },
        N_("roles.empty.scorecard"),
    )


def _projected_items(
    result: MonthResult, employee_id: str, to_date: tuple[tuple[str, str], ...]
) -> tuple[tuple[str, str], ...]:
    """A running month has no final score or grade yet, only where the pace leads (SPEC §10)."""
    paced = result.estimate[result.estimate["employee_id"] == employee_id]
    if paced.empty:
        return (*to_date, (N_("running.col.final_score"), "—"), ("running.col.grade", "—"))
    row = paced.iloc[0]
    return (
        *to_date,
        (N_("running.col.final_score"), score_text(row["projected_kpi_score"])),
        ("running.col.grade", row["projected_grade"] or "—"),
    )


# --- templates and targets ------------------------------------------------------------------


def template_rows(role: str) -> pd.DataFrame:
    templates = reads.templates()
    return (
        templates[templates["role"] == role]
        .reindex(columns=TEMPLATE_COLUMNS)
        .reset_index(drop=True)
    )


def _clean(value: object) -> object:
    if value is None:
        return None
    try:
        return None if pd.isna(value) else value
    except (TypeError, ValueError):
        return value


def save_template(actor: Actor, role: str, edited: pd.DataFrame) -> None:
    """Hand the edited rows to the settings service, which validates and audits them; a save
    based on a copy someone else changed meanwhile is refused, and the edits stay on screen."""
    stored = forms_ui.rates_in_percent(edited.dropna(subset=["kpi_id"]), 0.01).drop(columns="unit")
    rows = [{k: _clean(v) for k, v in row.items()} for row in stored.to_dict("records")]
    with state.unit_of_work() as session:
        loaded = loaded_version("template", role, settings.template_version(session, role))
    try:
        with state.unit_of_work() as session:
            settings.save_template(session, actor, role, rows, expected_version=loaded)
    except KpiError as exc:
        show_error(exc)
        return
    forget_version("template", role)
    st.toast(tr("roles.template.saved", role=role_name(role)), icon=":material/check:")


def template_editor(actor: Actor) -> None:
    editable = can(actor, "edit_templates")
    st.subheader(tr("roles.template.title"))
    st.caption(tr("roles.template.note"))
    role = st.selectbox(
        tr("roles.col.role"), list(ROLES), format_func=role_name, key=lang_key("director_tpl_role")
    )
    rows = forms_ui.rates_in_percent(template_rows(role), 100)
    rows.insert(3, "unit", [forms_ui.unit_label(k) for k in rows["kpi_id"]])
    with state.unit_of_work() as session:
        loaded_version("template", role, settings.template_version(session, role))
    kpis = [k for k, v in CATALOGUE.items() if role in v.roles]
    config = {
        "kpi_id": st.column_config.SelectboxColumn(
            tr("roles.col.kpi"),
            options=kpis,
            required=True,
            width="large",
            format_func=labels_for(kpis, kpi_name),
        ),
        "weight": st.column_config.NumberColumn(
            tr("roles.col.weight"), min_value=0, max_value=100, step=1, format="%d", required=True
        ),
        "target": st.column_config.NumberColumn(
            tr("roles.col.target"), help=tr("ui.forms.template_target_help"), format="%g"
        ),
        "unit": st.column_config.TextColumn(tr("ui.forms.unit"), disabled=True),
        "method": st.column_config.SelectboxColumn(
            tr("roles.col.method"),
            options=list(METHODS),
            format_func=lambda m: tr(f"roles.method.{m}"),
        ),
        "cap": st.column_config.NumberColumn(tr("roles.col.cap"), min_value=100, max_value=1000),
        "bands": st.column_config.TextColumn(
            tr("roles.col.bands"), help=tr("roles.template.bands_help")
        ),
    }
    if not editable:
        st.dataframe(rows, column_config=config, hide_index=True, width="stretch", placeholder="—")
        st.caption(tr("roles.template.read_only"))
        return
    edited = st.data_editor(
        rows,
        column_config=config,
        num_rows="dynamic",
        hide_index=True,
        placeholder="—",
        width="stretch",
        key=f"director_tpl_editor_{role}",
    )
    total = float(pd.to_numeric(edited["weight"], errors="coerce").fillna(0).sum())
    ok = abs(total - 100) < 1e-9
    if ok:
        st.success(tr("roles.template.total_ok", total=f"{total:g}"), icon=":material/check:")
    else:
        st.warning(tr("roles.template.total_bad", total=f"{total:g}"), icon=":material/warning:")
    if st.button(
        tr("roles.template.save"), type="primary", disabled=not ok, key="director_tpl_save"
    ):
        save_template(actor, role, edited)


def overrides_table(overrides: pd.DataFrame, who: dict[str, str], period: Period) -> None:
    if overrides.empty:
        charts.empty(N_("roles.empty.targets"), month=str(period))
        return
    shown = pd.DataFrame(
        {
            "who": [
                f"{who.get(e, e)} ({e})" if e else role_name(r)
                for e, r in zip(overrides["employee_id"], overrides["role"], strict=True)
            ],
            "kpi": [kpi_name(k) for k in overrides["kpi_id"]],
            "target": [
                kpi_value(k, v)
                for k, v in zip(overrides["kpi_id"], overrides["target"], strict=True)
            ],
        }
    )
    charts.table(
        shown,
        {
            "who": st.column_config.TextColumn(tr("roles.col.applies_to")),
            "kpi": st.column_config.TextColumn(tr("roles.col.kpi")),
            "target": st.column_config.TextColumn(tr("roles.col.target")),
        },
    )


def full_month_target(
    person: str, role: str, kpi_id: str, overrides: pd.DataFrame, templates: pd.DataFrame
) -> float:
    """The target before proration (the scorecard's is prorated for joiners and leavers), so
    saving the suggested value unchanged does not prorate it twice: the person's override,
    else the role's, else the template's."""
    same_kpi = overrides[overrides["kpi_id"] == kpi_id]
    for rows in (
        same_kpi[same_kpi["employee_id"] == person],
        same_kpi[same_kpi["employee_id"].isna() & (same_kpi["role"] == role)],
        templates[(templates["role"] == role) & (templates["kpi_id"] == kpi_id)],
    ):
        values = rows["target"].dropna()
        if len(values):
            return float(values.iloc[-1])
    return 0.0


def override_form(
    actor: Actor,
    result: MonthResult,
    board: Board,
    hist: History,
    period: Period,
    overrides: pd.DataFrame,
) -> None:
    """Pick a person and one of their data KPIs, type the full-month target, save."""
    if not board.target_ids:
        return
    left, middle, right = st.columns([2, 2, 1])
    person = left.selectbox(
        tr("roles.col.name"),
        board.target_ids,
        format_func=board.labels.__getitem__,
        key="director_target_person",
    )
    card = result.scorecard
    mine = card[card["employee_id"] == person]
    kpis = list(mine.loc[~mine["method"].eq("manual"), "kpi_id"])
    kpi_id = middle.selectbox(
        tr("roles.col.kpi"), kpis, format_func=kpi_name, key=lang_key("director_target_kpi")
    )
    role = hist.employees.set_index("employee_id").at[person, "role"]
    value = full_month_target(person, role, kpi_id, overrides, reads.templates())
    is_rate = CATALOGUE[kpi_id].unit == "rate"
    typed = right.number_input(
        tr("roles.targets.value_pct") if is_rate else tr("roles.targets.value"),
        min_value=0.0,
        value=value * 100 if is_rate else value,
        key=f"director_target_value_{person}_{kpi_id}",
    )
    if st.button(tr("roles.targets.save"), key="director_target_save"):
        target = typed / 100 if is_rate else typed
        save_target(actor, period, person, kpi_id, target, reads.names())


def save_target(
    actor: Actor, period: Period, person: str, kpi_id: str, target: float, who: dict[str, str]
) -> None:
    try:
        with state.unit_of_work() as session:
            settings.set_target(session, actor, str(period), kpi_id, target, employee_id=person)
    except KpiError as exc:
        show_error(exc)
        return
    st.toast(tr("roles.targets.saved", kpi=kpi_name(kpi_id), who=literal(who.get(person, person))))
    st.rerun()


def target_editor(
    actor: Actor, result: MonthResult, board: Board, hist: History, period: Period
) -> None:
    """The month's target overrides; the director adds one per person and KPI."""
    st.subheader(tr("roles.targets.title", month=str(period)))
    st.caption(tr("roles.targets.note"))
    overrides = reads.target_overrides(period)
    overrides_table(overrides, reads.names(), period)
    if not can(actor, "edit_targets"):
        st.caption(tr("roles.targets.read_only"))
        return
    override_form(actor, result, board, hist, period, overrides)


# --- the page -------------------------------------------------------------------------------


def main() -> None:
    ctx = charts.start_page(
        N_("roles.director.title"), N_("roles.director.caption"), None, HEADLINE
    )
    if ctx is None:
        return
    actor, hist, period = ctx.actor, ctx.hist, ctx.period
    result = ctx.month()
    today = charts.today()
    appraised = state.month(todo.appraisal_period(today), actor)
    director_exceptions.render(ctx, result, appraised, today)
    board = director_board.board(actor, period, result, hist)
    tabs = st.tabs(
        [
            tr("roles.director.tab_trends"),
            tr("roles.director.tab_ranking"),
            tr("roles.director.tab_scorecard"),
            tr("roles.director.tab_templates"),
        ]
    )
    with tabs[0]:
        trends_section(ctx.trend, ctx.months)
    with tabs[1]:
        ranking_section(board, period)
    with tabs[2]:
        scorecard_section(result, board, period)
    with tabs[3]:
        template_editor(actor)
        target_editor(actor, result, board, hist, period)


main()
