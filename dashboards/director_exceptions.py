"""The director's landing, exceptions first (SPEC §10): who is off pace this month, appraisal
steps past their deadline, complaints open past their SLA and design tasks past due — each
row naming the team and the person, a click away from their page.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import streamlit as st

from core.catalogue import CATALOGUE
from core.i18n import N_, formats
from core.month import MonthResult
from core.policy import Policy
from dashboards import charts, navigation, reads, running
from dashboards.state import lang, tr
from dashboards.widgets import kpi_name, kpi_value, number, page_link, score_text

LATE_FLAGS = ("late_self_assessment", "late_review")
COLUMNS = ["kind", "team", "name", "employee_id", "detail"]


def off_pace(result: MonthResult, policy: Policy) -> pd.DataFrame:
    """Appraised people whose projected KPI score lands below the C band's edge (D or E at
    this pace); nothing for a closed month, whose results speak for themselves."""
    if not running.running(result) or result.estimate.empty:
        return pd.DataFrame(columns=["employee_id", "detail"])
    edge = float(policy.grades[-3].min_score) if len(policy.grades) >= 3 else 0.0
    paced = result.estimate.dropna(subset=["projected_kpi_score"])
    low = paced[paced["projected_kpi_score"] < edge].sort_values("projected_kpi_score")
    detail = [
        tr("running.exc.off_pace_detail", score=score_text(s), grade=g)
        for s, g in zip(low["projected_kpi_score"], low["projected_grade"], strict=True)
    ]
    return pd.DataFrame({"employee_id": low["employee_id"].to_numpy(), "detail": detail})


def overdue_steps(appraised: MonthResult) -> pd.DataFrame:
    """Self-assessments and reviews of the appraisal month not in by their deadline."""
    board = appraised.appraisals
    if board.empty:
        return pd.DataFrame(columns=["employee_id", "detail"])
    rows = [
        (e, tr(f"running.exc.{flag}", month=str(appraised.period)))
        for e, flags, s in zip(board["employee_id"], board["flags"], board["state"], strict=True)
        if s != "finalised"
        for flag in flags
        if flag in LATE_FLAGS
    ]
    return pd.DataFrame(rows, columns=["employee_id", "detail"])


def complaints_past_sla(tickets: pd.DataFrame, policy: Policy, now: datetime) -> pd.DataFrame:
    """Complaints still open after the complaint SLA (hours) has run out, oldest first."""
    if tickets.empty:
        return pd.DataFrame(columns=["employee_id", "detail"])
    due = tickets["created_at"] + timedelta(hours=policy.complaint_sla_hours)
    late = tickets[
        tickets["is_complaint"].astype(bool) & tickets["resolved_at"].isna() & (due < now)
    ].sort_values("created_at")
    detail = [
        tr("running.exc.complaint_detail", ticket=t, since=c.strftime("%Y-%m-%d %H:%M"))
        for t, c in zip(late["ticket_id"], late["created_at"], strict=True)
    ]
    return pd.DataFrame({"employee_id": late["employee_id"].to_numpy(), "detail": detail})


def late_tasks(tasks: pd.DataFrame) -> pd.DataFrame:
    """Design tasks past their due day and not delivered (the KPI already counts them late)."""
    if tasks.empty:
        return pd.DataFrame(columns=["employee_id", "detail"])
    overdue = tasks[tasks["status"] == "overdue"].sort_values("due_date")
    detail = [
        tr("running.exc.task_detail", task=t, due=formats.day(d.date(), lang()), days=int(n))
        for t, d, n in zip(
            overdue["task_id"], overdue["due_date"], overdue["days_late"], strict=True
        )
    ]
    return pd.DataFrame({"employee_id": overdue["employee_id"].to_numpy(), "detail": detail})


def exceptions(parts: dict[str, pd.DataFrame], people: pd.DataFrame) -> pd.DataFrame:
    """One table of every exception, with team and name, in the order the kinds are given."""
    frames = [part.assign(kind=tr(f"running.exc.{kind}")) for kind, part in parts.items()]
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame(columns=COLUMNS)
    frame = pd.concat(frames, ignore_index=True)
    who = people.set_index("employee_id")
    frame["team"] = frame["employee_id"].map(who["team"])
    frame["name"] = frame["employee_id"].map(who["name"])
    return frame[COLUMNS]


def render(ctx: charts.Context, result: MonthResult, appraised: MonthResult, today: date) -> None:
    """The exceptions panel; counts first, then the table, then links to each team page."""
    now = datetime.combine(today, datetime.now().time())
    policy = ctx.hist.policy
    parts = {
        "off_pace": off_pace(result, policy),
        "overdue_steps": overdue_steps(appraised),
        "complaints": complaints_past_sla(ctx.read("ticket_detail"), policy, now),
        "late_tasks": late_tasks(ctx.read("task_detail", today)),
    }
    st.subheader(tr("running.exc.title", month=str(ctx.period)), anchor=False)
    cells = st.columns(len(parts))
    for cell, (kind, part) in zip(cells, parts.items(), strict=True):
        cell.metric(
            tr(f"running.exc.{kind}"),
            number(len(part)),
            help=tr(f"running.exc.{kind}_help"),
            border=True,
        )
    table = exceptions(parts, ctx.hist.employees)
    charts.table(
        table,
        {
            "kind": st.column_config.TextColumn(tr("running.exc.kind")),
            "team": st.column_config.TextColumn(tr("roles.col.team")),
            **charts.people_columns(),
            "detail": st.column_config.TextColumn(tr("running.exc.detail"), width="large"),
        },
        N_("running.exc.none"),
    )
    with st.container(horizontal=True):
        for spec in navigation.ROLE_PAGES.get("director", ())[1:]:
            page_link(spec.path, tr(spec.title_key), spec.icon)

    person_button(table)
    if running.running(result):
        pace_section(result, ctx.hist.employees)


def pace_section(result: MonthResult, people: pd.DataFrame) -> None:
    """Each team's sums and counts: to date, projected at pace and target, worst first."""
    sums = pace_table(result, people)
    st.subheader(tr("running.pace.title"), anchor=False)
    st.caption(tr("running.pace.note"))
    shown = pd.DataFrame(
        {
            "team": sums["team"],
            "kpi": [kpi_name(k) for k in sums["kpi_id"]],
            "actual": [
                kpi_value(k, v) for k, v in zip(sums["kpi_id"], sums["actual"], strict=True)
            ],
            "projected": [
                kpi_value(k, v) for k, v in zip(sums["kpi_id"], sums["projected"], strict=True)
            ],
            "target": [
                kpi_value(k, v) for k, v in zip(sums["kpi_id"], sums["target"], strict=True)
            ],
            "share": sums["share"] * 100,
        }
    )
    charts.table(
        shown,
        {
            "team": st.column_config.TextColumn(tr("roles.col.team")),
            "kpi": st.column_config.TextColumn(tr("roles.col.kpi")),
            "actual": st.column_config.TextColumn(tr("running.to_date")),
            "projected": st.column_config.TextColumn(tr("running.pace.projected")),
            "target": st.column_config.TextColumn(tr("roles.col.target")),
            "share": st.column_config.ProgressColumn(
                tr("running.pace.share"),
                format="%.0f%%",
                min_value=0,
                max_value=120,
                help=tr("running.pace.share_help"),
            ),
        },
        N_("running.exc.none"),
    )


ROLE_PAGE = {"ops": navigation.OPERATIONS, "cs": navigation.SERVICE}
ROLE_PAGE |= {"designer": navigation.DESIGN, "sales": navigation.SALES}


def person_button(table: pd.DataFrame) -> None:
    """Pick a person of the exceptions and open their team's page narrowed to them."""
    allowed = st.session_state.get("_nav_paths", ())
    roles = reads.people().set_index("employee_id")["role"]
    ids = [
        e
        for e in dict.fromkeys(table["employee_id"])
        if e in roles.index and ROLE_PAGE.get(roles[e]) and ROLE_PAGE[roles[e]].path in allowed
    ]
    if not ids:
        return
    names = dict(zip(table["employee_id"], table["name"], strict=False))
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    chosen = left.selectbox(
        tr("running.exc.open_person"),
        ids,
        format_func=lambda e: f"{names.get(e) or e} ({e})",
        key="director_exception_person",
    )
    if right.button(tr("running.exc.open"), icon=":material/person_search:"):
        st.session_state[charts.PERSON_KEY] = chosen
        st.switch_page(ROLE_PAGE[roles[chosen]].path)


def pace_table(result: MonthResult, people: pd.DataFrame) -> pd.DataFrame:
    """Per team and sum/count KPI: Σ to date, Σ projected and Σ (prorated) target, and the
    projection as a share of the target — targets against pace (SPEC §10)."""
    card = result.scorecard
    if card.empty or "projected" not in card:
        return pd.DataFrame(columns=["team", "kpi_id", "actual", "projected", "target", "share"])
    volume = card[card["kpi_id"].map(lambda k: CATALOGUE[k].prorate) & card["target"].notna()]
    volume = volume.merge(people[["employee_id", "team"]], on="employee_id", how="left")
    sums = volume.groupby(["team", "kpi_id"], as_index=False)[
        ["actual", "projected", "target"]
    ].sum(min_count=1)
    sums["share"] = sums["projected"] / sums["target"].where(sums["target"] > 0)
    return sums.sort_values("share", na_position="last").reset_index(drop=True)
