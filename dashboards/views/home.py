"""Everyone's home: the to-do list of SPEC §2 and my scorecard (actual vs target, formula on
hover, 12-month trend, month-end projection while the month runs) — what to do and how I stand.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from core.catalogue import CATALOGUE
from core.periods import Period, months_ending
from core.permissions import Actor
from dashboards import forms_ui, my_month, reads, state
from dashboards.appraisal_ui import STATE_COLORS
from dashboards.awards_ui import awards_line
from dashboards.markdown import literal, literal_params
from dashboards.navigation import ROLE_PAGES
from dashboards.state import require_actor, tr
from dashboards.widgets import (
    is_volume,
    kpi_help,
    kpi_name,
    kpi_value,
    labels_for,
    lang_key,
    money,
    page_link,
    pct,
    role_name,
    score_text,
    state_name,
)
from data import clock
from data.services import todo

PERIOD_KEY = "home_period"
# Team review's remembered choices (views/team_review.py PERSON_KEY and PERIOD_KEY): a to-do
# "Review <name>" opens that page on that person and month.
REVIEW_PERSON_KEY, REVIEW_PERIOD_KEY = "review_person", "review_period"
TODO_ICONS = {
    "self_assess": ":material/edit_note:",
    "review": ":material/groups:",
    "finalise": ":material/task_alt:",
    "pending": ":material/hourglass_top:",
    "upload": ":material/upload_file:",
}


def _todo(actor: Actor, today: date) -> None:
    period = todo.appraisal_period(today)
    board = state.month(period, actor).appraisals
    with state.unit_of_work() as session:
        gaps = todo.upload_gaps(session, actor, period)
    items = todo.todo_items(actor, period, board, reads.names(), reads.policy(), clock.now(), gaps)
    with st.container(border=True):
        st.subheader(tr("ui.home.todo", period=str(period)), anchor=False)
        if not items:
            st.success(tr("ui.todo.none"), icon=":material/check_circle:")
            return
        for item in items:
            params = {k: v for k, v in item.params.items() if k != "employee_id"}
            if "kind" in params:
                params["kind"] = tr(f"ui.kind.{params['kind']}")
            text = tr(item.key, period=item.period, **literal_params(params))
            if item.late:
                text = f"{text} — " + tr("ui.todo.late")
            if "employee_id" in item.params:
                forms_ui.person_link(
                    item.page,
                    text,
                    TODO_ICONS.get(item.kind),
                    {REVIEW_PERSON_KEY: item.params["employee_id"], REVIEW_PERIOD_KEY: item.period},
                )
            else:
                page_link(item.page, text, TODO_ICONS.get(item.kind))


def _period_choice(current: Period) -> Period:
    months = months_ending(current, 12)[::-1]
    labels = [str(m) for m in months]
    chosen = st.session_state.get(PERIOD_KEY, labels[0])
    index = labels.index(chosen) if chosen in labels else 0
    column, _ = st.columns([1, 3])
    picked = column.selectbox(
        tr("ui.home.month"),
        labels,
        index=index,
        key=lang_key("_home_period_widget"),
        format_func=labels_for(
            labels, lambda p: tr("ui.home.month_live", period=p) if p == labels[0] else p
        ),
    )
    st.session_state[PERIOD_KEY] = picked
    return Period.parse(picked)


def _summary(actor: Actor, employee_id: str, period: Period) -> None:
    """KPI score and appraisal state; the final result only once finalised (SPEC §2)."""
    board = state.month(period, actor).appraisals
    mine = board[board["employee_id"] == employee_id]
    if mine.empty:
        st.badge(tr("ui.home.state") + ": " + tr("ui.home.not_appraised"), color="gray")
        cols = st.columns(4)
        cols[0].metric(tr("ui.home.kpi_score"), "—", help=tr("ui.home.kpi_score_help"), border=True)
        # On its own line below the figures: in a quarter-width column the label was cut off.
        for spec in ROLE_PAGES.get(actor.role, ())[:1]:
            page_link(spec.path, tr("ui.home.see_department", page=tr(spec.title_key)), spec.icon)
        return
    row = mine.iloc[0]
    live = period == Period.of(clock.today())
    # The state as a badge: a metric's large type cut "Self-assessment submitted" off.
    st.badge(
        tr("ui.home.state") + f": {state_name(row['state'])}",
        color=STATE_COLORS.get(row["state"], "gray"),
    )
    cols = st.columns(4)
    cols[0].metric(
        tr("running.kpi_score_to_date") if live else tr("ui.home.kpi_score"),
        score_text(row["kpi_score"]),
        help=tr("ui.home.kpi_score_help"),
        border=True,
    )
    if row["state"] == "finalised":
        cols[1].metric(
            tr("ui.home.final"), f"{score_text(row['final_score'])} · {row['grade']}", border=True
        )
        cols[2].metric(tr("ui.home.bonus"), money(row["bonus_amount"], cents=True), border=True)
    elif not live:
        # A running month has no final grade yet: My month above shows where the pace leads.
        cols[1].metric(tr("ui.home.final"), "—", help=tr("ui.home.final_hidden"), border=True)


def _delta(kpi: str, actual: object, target: object, lower: bool) -> tuple[str | None, str]:
    """ "85% of target", green when on target (for lower-is-better KPIs: at or below it)."""
    if pd.isna(actual) or pd.isna(target) or float(target) == 0:
        return None, "off"
    ratio = float(actual) / float(target)
    good = ratio <= 1 if lower else ratio >= 1
    return tr("ui.home.of_target", pct=pct(ratio, 0)), "normal" if good else "inverse"


def _card(row: pd.Series, trend: pd.DataFrame, live: bool, period: Period) -> None:
    kpi = row["kpi_id"]
    actual, target = row["actual"], row["target"]
    paced = live and is_volume(kpi)
    history = trend[trend["kpi_id"] == kpi].set_index("period")["actual"]
    if paced:
        # SPEC §10: the running month's point sits at its projection, like every trend.
        history = history.copy()
        history[str(period)] = row["projected"]
    points = [history.get(str(m)) for m in months_ending(period, 12)]
    # A sparkline cannot show gaps: months without data are left out of the line.
    points = [float(p) for p in points if p is not None and not pd.isna(p)]
    # "% of target" and its colour follow the projection for sums and counts (SPEC §10).
    compared = row["projected"] if paced else actual
    delta, color = _delta(kpi, compared, target, row.get("direction") == "lower")
    weight = f"{float(row['weight']):g}"
    manual = row.get("method") == "manual" or CATALOGUE[kpi].manual
    with st.container(border=True):
        st.metric(
            kpi_name(kpi),
            score_text(row["score"]) if manual else kpi_value(kpi, actual),
            delta=delta,
            delta_color=color,
            delta_arrow="off",
            help=kpi_help(kpi),
            chart_data=points if len(points) > 1 else None,
            chart_type="line",
        )
        if manual:
            st.caption(tr("ui.home.manual", weight=weight))
            return
        if pd.isna(actual):
            st.caption(tr("ui.home.no_data", target=kpi_value(kpi, target), weight=weight))
            return
        facts = [
            tr("ui.home.target", value=kpi_value(kpi, target)),
            tr("ui.home.score", value=score_text(row["score"])),
            tr("ui.home.weight", value=weight),
        ]
        st.caption(" · ".join(facts))
        if paced and pd.notna(row["projected"]):
            st.caption(
                tr(
                    "running.card_projection",
                    value=kpi_value(kpi, row["projected"]),
                    score=score_text(row["projected_score"]),
                    day=int(row["days_elapsed"]),
                    days=int(row["days_employed"]),
                )
            )


def _scorecard(actor: Actor, employee_id: str, today: date) -> None:
    current = Period.of(today)
    st.subheader(tr("ui.home.scorecard"), anchor=False)
    period = _period_choice(current)
    card = state.month(period, actor).scorecard
    card = card[card["employee_id"] == employee_id]
    if card.empty:
        st.info(tr("ui.home.no_scorecard", period=str(period)), icon=":material/info:")
        return
    live = period == current
    if live:
        st.caption(tr("ui.home.live_note"))
    _summary(actor, employee_id, period)
    awards_line(period, actor)
    with st.spinner(tr("ui.home.trend_loading")):
        trend = reads.kpi_trend(period, actor, employee_id)
    manual = card["kpi_id"].map(lambda k: CATALOGUE[k].manual)
    board = state.month(period, actor).appraisals
    if employee_id not in set(board["employee_id"]):
        # Not appraised this month (the director, who has no manager): nobody scores the
        # manual items, so only the data KPIs are shown.
        card, manual = card[~manual], manual[~manual]
    card = card.assign(_manual=manual).sort_values(
        ["_manual", "weight", "kpi_id"], ascending=[True, False, True]
    )
    columns = st.columns(3)
    for index, (_, row) in enumerate(card.iterrows()):
        with columns[index % 3]:
            _card(row, trend, live, period)


def render() -> None:
    actor = require_actor()
    today = clock.today()
    name = st.session_state.get("name") or actor.username
    st.title(tr("ui.home.title", name=literal(name)), anchor=False)
    st.caption(role_name(actor.role))
    if actor.employee_id and actor.role not in ("admin", "director"):
        my_month.render(actor, actor.employee_id)
    _todo(actor, today)
    if actor.employee_id and actor.role != "admin":
        _scorecard(actor, actor.employee_id, today)
    else:
        st.info(tr("ui.home.admin_note"), icon=":material/admin_panel_settings:")


render()
