"""Read models for the analytic role pages: trends, funnels and breakdowns by store, campaign,
ticket and design task, cut down to what the viewer may see.

Every figure comes from `core.kpis` run on re-keyed records — a scope of people, a store, a
campaign, even a single ticket pooled as if it were one employee — so no formula is written
twice: this module only chooses which records go in and under which key.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from core.commission import tier_slices
from core.kpis import campaign_kpis, compute_actuals, design_kpis, operations_kpis, service_kpis
from core.periods import Period, months_between, months_ending
from core.permissions import Actor, can, scopes
from core.policy import Policy
from core.records import Records, empty_frame
from data.records_store import load_frame, load_orders
from data.services.settings import current_policy

POOL = "__pool__"
TREND_COLUMNS = ["period", "kpi_id", "actual"]
# Where each kind keeps the person it is credited to (stores and campaigns: their owner).
_PERSON_COLUMN = {
    "orders": "employee_id",
    "calls": "employee_id",
    "tickets": "employee_id",
    "design_tasks": "employee_id",
    "stores": "owner_id",
    "campaigns": "owner_id",
}
# The instant each kind belongs to a month by, for "which months have data".
_MONTH_COLUMN = {
    "orders": "order_time",
    "tickets": "created_at",
    "traffic": "date",
    "calls": "call_time",
    "design_tasks": "due_date",
}
# What has happened so far: deliveries, not due dates, which lie ahead in a running month.
_ACTIVITY_COLUMN = {**_MONTH_COLUMN, "design_tasks": "delivered_at"}


@dataclass(frozen=True)
class History:
    """Every loaded record (all months) with the policy in force, loaded once per data version."""

    records: Records
    policy: Policy
    months: tuple[Period, ...]

    @property
    def employees(self) -> pd.DataFrame:
        return self.records.employees


def load_history(session: Session) -> History:
    """All records the role pages chart; orders and calls keep their whole history because
    repeat rate, new customers and the sales cycle look back over it."""
    orders, _ = load_orders(session, datetime.max)
    kinds = ("employees", "traffic", "tickets", "design_tasks", "calls", "campaigns", "stores")
    records = Records(orders=orders, **{kind: load_frame(session, kind) for kind in kinds})
    return History(records, current_policy(session), months_with_data(records))


def months_with_data(records: Records) -> tuple[Period, ...]:
    """Every month from the first to the last one holding any activity record, oldest first."""
    stamps = [
        getattr(records, kind)[column].dropna()
        for kind, column in _MONTH_COLUMN.items()
        if len(getattr(records, kind))
    ]
    stamps = [s for s in stamps if len(s)]
    if not stamps:
        return ()
    first = Period.of(min(s.min() for s in stamps).to_pydatetime())
    last = Period.of(max(s.max() for s in stamps).to_pydatetime())
    return tuple(months_between(first, last))


def data_through(history: History, period: Period) -> date | None:
    """The last day of `period` that any record reaches: how far a live month has got."""
    last: pd.Timestamp | None = None
    for kind, column in _ACTIVITY_COLUMN.items():
        values = getattr(history.records, kind)[column]
        inside = values[(values >= period.start) & (values < period.end)]
        if len(inside) and (last is None or inside.max() > last):
            last = inside.max()
    return None if last is None else last.date()


# --- scope ----------------------------------------------------------------------------------


def sees_everyone(actor: Actor) -> bool:
    return "all" in scopes(actor, "view_scorecard")


def sees(actor: Actor, employee_id: object, person: str | None = None) -> bool:
    """Whether a record credited to `employee_id` is in view: the actor may see that person,
    and, when a page is narrowed to one `person`, it is theirs."""
    if employee_id is None or (isinstance(employee_id, float) and np.isnan(employee_id)):
        return False
    return (person is None or employee_id == person) and can(
        actor, "view_scorecard", str(employee_id)
    )


def _seen(frame: pd.DataFrame, column: str, actor: Actor, person: str | None) -> pd.DataFrame:
    return frame[[sees(actor, e, person) for e in frame[column]]]


def visible_people(
    history: History, actor: Actor, role: str | None = None, person: str | None = None
) -> list[str]:
    """Employee ids (of `role`, when given) whose numbers the actor may see, in id order."""
    employees = history.employees
    if role is not None:
        employees = employees[employees["role"] == role]
    ids = sorted(employees["employee_id"].astype(str))
    return [e for e in ids if sees(actor, e, person)]


def names(history: History) -> dict[str, str]:
    frame = history.employees
    return dict(zip(frame["employee_id"].astype(str), frame["name"].astype(str), strict=True))


# --- re-keyed records -----------------------------------------------------------------------


def pooled_records(
    records: Records, members: Iterable[str], with_unattributed: bool = False
) -> Records:
    """The records with every member's id replaced by POOL and everyone else's dropped.

    Handing this to `core.kpis` yields the scope's KPIs as if it were one person: pooled
    conversion is paying customers ÷ visitors over all their stores, not a mean of rates.
    `with_unattributed` also credits orders that name nobody (store-only orders) to the pool,
    which is how the department's own net sales are counted.
    """
    key = {m: POOL for m in members}
    frames: dict[str, pd.DataFrame] = {}
    for kind, column in _PERSON_COLUMN.items():
        frame = getattr(records, kind)
        mapped = frame[column].map(key)
        if kind == "orders":
            if with_unattributed:
                mapped = mapped.where(frame[column].notna(), POOL)
            frames[kind] = frame.assign(
                **{column: mapped.astype(object).where(mapped.notna(), None)}
            )
        else:
            frames[kind] = frame[mapped.notna().to_numpy()].assign(**{column: POOL})
    return replace(
        records,
        metrics=empty_frame("metrics"),
        training=empty_frame("training"),
        attendance=empty_frame("attendance"),
        **frames,
    )


def trend_scope(
    history: History, actor: Actor, role: str | None = None, person: str | None = None
) -> tuple[tuple[str, ...], bool]:
    """Who a trend pools, and whether store-only orders belong to it.

    The scope is everyone of `role` the actor may see (everyone when `role` is None), or
    the one `person` picked; only a viewer of the whole department, looking at it whole,
    also gets the orders that name nobody, so the director's net sales are the department's.
    """
    members = tuple(visible_people(history, actor, role, person))
    return members, role is None and person is None and sees_everyone(actor)


def pooled_series(
    history: History, members: Sequence[str], months: Sequence[Period], with_unattributed: bool
) -> pd.DataFrame:
    """`period, kpi_id, actual` for `members` pooled, one row per month and KPI with data."""
    if not members:
        return pd.DataFrame(
            {c: pd.Series(dtype=object if c != "actual" else "float64") for c in TREND_COLUMNS}
        )
    pooled = pooled_records(history.records, members, with_unattributed)
    parts = []
    for period in months:
        actuals = compute_actuals(pooled, period, history.policy)
        actuals = actuals[actuals["employee_id"] == POOL]
        parts.append(
            pd.DataFrame(
                {"period": str(period), "kpi_id": actuals["kpi_id"], "actual": actuals["actual"]}
            )
        )
    return pd.concat(parts, ignore_index=True)[TREND_COLUMNS]


def pooled_trend(
    history: History,
    actor: Actor,
    months: Sequence[Period],
    role: str | None = None,
    person: str | None = None,
) -> pd.DataFrame:
    """The viewer's scope (see `trend_scope`) pooled month by month."""
    members, with_unattributed = trend_scope(history, actor, role, person)
    return pooled_series(history, members, months, with_unattributed)


def _wide(long: pd.DataFrame, key: str) -> pd.DataFrame:
    """A long `employee_id, kpi_id, actual` frame as one row per key and one column per KPI."""
    if long.empty:
        return pd.DataFrame({key: pd.Series(dtype=object)})
    wide = long.pivot_table(
        index="employee_id", columns="kpi_id", values="actual", aggfunc="first", dropna=False
    )
    wide.columns.name = None
    return wide.rename_axis(key).reset_index()


# --- operations -----------------------------------------------------------------------------

STORE_COLUMNS = [
    "store", "owner_id", "visitors", "page_views", "new_visitors", "paying_customers",
    "store_conversion", "store_sales", "previous_sales", "sales_change", "sales_growth",
]  # fmt: skip


def _visible_stores(history: History, actor: Actor, person: str | None) -> pd.DataFrame:
    stores = history.records.stores.dropna(subset=["store", "owner_id"])
    stores = stores.drop_duplicates("store", keep="last")
    return _seen(stores, "owner_id", actor, person).reset_index(drop=True)


def _per_store(history: History, stores: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Store KPIs with each store as its own owner, so `operations_kpis` reports it alone."""
    records = replace(history.records, stores=stores.assign(owner_id=stores["store"]))
    return _wide(operations_kpis(records, period, history.policy), "store")


def store_breakdown(
    history: History, actor: Actor, period: Period, person: str | None = None
) -> pd.DataFrame:
    """One row per visible store: traffic, paying customers, conversion, sales and growth.

    Paying customers are conversion × visitors (the numerator of the KPI, recovered); the
    absolute change in sales stands beside growth because growth is undefined when last
    month had no sales (SPEC §4).
    """
    stores = _visible_stores(history, actor, person)
    if stores.empty:
        return pd.DataFrame(columns=STORE_COLUMNS)
    now = _per_store(history, stores, period)
    before = _per_store(history, stores, period.previous())
    frame = stores[["store", "owner_id"]].merge(now, on="store", how="left")
    previous = before.reindex(columns=["store", "store_sales"]).rename(
        columns={"store_sales": "previous_sales"}
    )
    frame = frame.merge(previous, on="store", how="left").reindex(columns=STORE_COLUMNS)
    frame["paying_customers"] = (frame["store_conversion"] * frame["visitors"]).round()
    frame["sales_change"] = frame["store_sales"] - frame["previous_sales"]
    has_data = frame[["visitors", "store_sales"]].notna().any(axis=1)
    return frame[has_data].reset_index(drop=True)


def store_trend(
    history: History, actor: Actor, period: Period, person: str | None = None, count: int = 12
) -> pd.DataFrame:
    """`period, store, kpi_id, actual` per visible store over `count` months up to `period`."""
    stores = _visible_stores(history, actor, person)
    columns = ["period", "store", "kpi_id", "actual"]
    if stores.empty:
        return pd.DataFrame(columns=columns)
    records = replace(history.records, stores=stores.assign(owner_id=stores["store"]))
    parts = [
        operations_kpis(records, month, history.policy)
        .rename(columns={"employee_id": "store"})
        .assign(period=str(month))
        for month in months_ending(period, count)
    ]
    return pd.concat(parts, ignore_index=True)[columns]


CAMPAIGN_COLUMNS = [
    "campaign_id", "name", "owner_id", "start_date", "end_date",
    "campaign_participants", "campaign_sales", "campaign_conversion",
]  # fmt: skip


def campaign_breakdown(
    history: History, actor: Actor, period: Period, person: str | None = None
) -> pd.DataFrame:
    """Campaigns running in the month that the actor may see, each with its own KPIs."""
    campaigns = history.records.campaigns.dropna(subset=["campaign_id", "owner_id"])
    campaigns = campaigns.drop_duplicates("campaign_id", keep="last")
    campaigns = _seen(campaigns, "owner_id", actor, person)
    if campaigns.empty:
        return pd.DataFrame(columns=CAMPAIGN_COLUMNS)
    records = replace(
        history.records, campaigns=campaigns.assign(owner_id=campaigns["campaign_id"])
    )
    kpis = _wide(campaign_kpis(records, period, history.policy), "campaign_id")
    running = campaigns[campaigns["campaign_id"].isin(kpis["campaign_id"])]
    frame = running[["campaign_id", "name", "owner_id", "start_date", "end_date"]].merge(
        kpis, on="campaign_id"
    )
    return frame.reindex(columns=CAMPAIGN_COLUMNS).sort_values("start_date").reset_index(drop=True)


# --- customer service -----------------------------------------------------------------------

TICKET_COLUMNS = [
    "ticket_id", "employee_id", "created_at", "first_response_at", "resolved_at",
    "is_complaint", "rating", "first_response_s", "within_sla", "resolved", "resolved_in_sla",
    "satisfied",
]  # fmt: skip


def ticket_detail(
    history: History, actor: Actor, period: Period, person: str | None = None
) -> pd.DataFrame:
    """The month's tickets of visible agents, each judged by `core.kpis.service_kpis` alone.

    Running the KPI with every ticket as its own "agent" classifies it exactly as the
    agent's rates count it: within the response SLA, complaint resolved (in SLA), satisfied.
    """
    tickets = history.records.tickets
    tickets = tickets[
        (tickets["created_at"] >= period.start) & (tickets["created_at"] < period.end)
    ]
    tickets = tickets.drop_duplicates("ticket_id", keep="last")
    tickets = _seen(tickets, "employee_id", actor, person)
    if tickets.empty:
        return pd.DataFrame(columns=TICKET_COLUMNS)
    alone = replace(history.records, tickets=tickets.assign(employee_id=tickets["ticket_id"]))
    judged = _wide(service_kpis(alone, period, history.policy), "ticket_id").rename(
        columns={
            "response_timeliness": "within_sla",
            "complaint_resolution": "resolved",
            "complaint_timeliness": "resolved_in_sla",
            "csat": "satisfied",
        }
    )
    frame = tickets.merge(judged, on="ticket_id", how="left")
    frame["is_complaint"] = frame["is_complaint"].fillna(False).astype(bool)
    return frame.reindex(columns=TICKET_COLUMNS).reset_index(drop=True)


COMPLAINT_COLUMNS = ["employee_id", "tickets", "complaints", "resolved", "resolved_in_sla", "open"]


def complaint_counts(tickets: pd.DataFrame) -> pd.DataFrame:
    """Per agent: tickets, complaints, resolved, resolved within SLA and still open (counts)."""
    if tickets.empty:
        return pd.DataFrame(columns=COMPLAINT_COLUMNS)
    complaint = tickets["is_complaint"].astype(bool)
    parts = pd.DataFrame(
        {
            "employee_id": tickets["employee_id"],
            "tickets": 1,
            "complaints": complaint.astype(int),
            "resolved": (complaint & tickets["resolved"].eq(1.0)).astype(int),
            "resolved_in_sla": (complaint & tickets["resolved_in_sla"].eq(1.0)).astype(int),
        }
    )
    counts = parts.groupby("employee_id", as_index=False).sum()
    counts["open"] = counts["complaints"] - counts["resolved"]
    return counts[COMPLAINT_COLUMNS]


# --- design ---------------------------------------------------------------------------------

TASK_COLUMNS = [
    "task_id", "employee_id", "due_date", "delivered_at", "quality_score", "revisions",
    "status", "days_late",
]  # fmt: skip
TASK_STATUSES = ("on_time", "late", "overdue", "open")


def task_detail(
    history: History, actor: Actor, period: Period, today: date, person: str | None = None
) -> pd.DataFrame:
    """Tasks of visible designers due in the month, with `core`'s on-time verdict per task.

    status: on_time; late (delivered after the due day); overdue (not delivered and the due
    day has passed — the KPI already counts it late); open (not delivered, not yet due).
    days_late counts calendar days past the due day, up to delivery or today.
    """
    tasks = history.records.design_tasks.drop_duplicates("task_id", keep="last")
    due = tasks[(tasks["due_date"] >= period.start) & (tasks["due_date"] < period.end)]
    due = _seen(due, "employee_id", actor, person)
    if due.empty:
        return pd.DataFrame(columns=TASK_COLUMNS)
    alone = replace(history.records, design_tasks=due.assign(employee_id=due["task_id"]))
    verdict = _wide(design_kpis(alone, period, history.policy), "task_id")
    frame = due.merge(verdict[["task_id", "on_time_rate"]], on="task_id", how="left")
    delivered = frame["delivered_at"].notna()
    due_day = frame["due_date"].dt.normalize()
    until = frame["delivered_at"].dt.normalize().where(delivered, pd.Timestamp(today))
    past_due = due_day < pd.Timestamp(today)
    frame["status"] = np.select(
        [frame["on_time_rate"].eq(1.0), delivered, past_due],
        ["on_time", "late", "overdue"],
        default="open",
    )
    frame["days_late"] = ((until - due_day).dt.days).where(
        frame["status"].isin(["late", "overdue"])
    )
    return (
        frame.reindex(columns=TASK_COLUMNS)
        .sort_values(["due_date", "task_id"])
        .reset_index(drop=True)
    )


def task_counts(tasks: pd.DataFrame) -> pd.DataFrame:
    """Per designer: tasks due in the month by status (columns of TASK_STATUSES) and `due`."""
    columns = ["employee_id", "due", *TASK_STATUSES]
    if tasks.empty:
        return pd.DataFrame(columns=columns)
    counts = pd.crosstab(tasks["employee_id"], tasks["status"]).reindex(
        columns=list(TASK_STATUSES), fill_value=0
    )
    counts["due"] = counts.sum(axis=1)
    counts.columns.name = None
    return counts.reset_index()[columns]


def delivered_counts(
    history: History, actor: Actor, period: Period, person: str | None = None
) -> pd.DataFrame:
    """Tasks delivered in the month per visible designer (whenever they were due)."""
    tasks = history.records.design_tasks.drop_duplicates("task_id", keep="last")
    done = tasks[(tasks["delivered_at"] >= period.start) & (tasks["delivered_at"] < period.end)]
    done = _seen(done, "employee_id", actor, person)
    return done.groupby("employee_id").size().rename("delivered").reset_index()


# --- sales ----------------------------------------------------------------------------------

SLICE_COLUMNS = ["employee_id", "sales_period", "kind", "lower", "upper", "rate", "base", "amount"]


def commission_lines(statement: pd.DataFrame, policy: Policy) -> pd.DataFrame:
    """A commission statement with every tier line opened into its slices (SPEC §7).

    Tier lines become one row per tier reached (`core.commission.tier_slices`), strategic
    lines carry the flat rate, clawbacks stay as they are. Slice amounts are exact; the
    paid figure is the statement's line amount, rounded once — the page shows both.
    """
    rows: list[dict] = []
    for line in statement.itertuples(index=False):
        if line.kind == "tier":
            for piece in tier_slices(Decimal(line.base), policy.monthly_plan, "marginal"):
                rows.append(
                    {
                        "employee_id": line.employee_id, "sales_period": line.sales_period,
                        "kind": "tier", "lower": piece.lower, "upper": piece.upper,
                        "rate": piece.rate, "base": piece.base, "amount": piece.amount,
                    }
                )  # fmt: skip
            continue
        rate = policy.strategic_rate if line.kind == "strategic" else None
        rows.append(
            {
                "employee_id": line.employee_id, "sales_period": line.sales_period,
                "kind": line.kind, "lower": None, "upper": None, "rate": rate,
                "base": line.base, "amount": line.amount,
            }
        )  # fmt: skip
    return pd.DataFrame(rows, columns=SLICE_COLUMNS)


def target_overrides(session: Session, period: Period) -> pd.DataFrame:
    """The month's uploaded or edited targets (per employee or role), for the director's editor."""
    frame = load_frame(session, "targets")
    return frame[frame["period"].astype(str) == str(period)].reset_index(drop=True)
