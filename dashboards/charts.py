"""Altair chart builders and the shared layout of the analytic role pages (month picker,
person picker, headline metrics, PNG download); the cached reads live in `dashboards.reads`.

One module so every role page speaks the same grammar — headline row → charts → tables —
with the same colours per role, the same number formats and the same empty states.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
import vl_convert

from core.appraisal import display_score
from core.catalogue import CATALOGUE
from core.i18n import N_, formats
from core.month import MonthResult
from core.periods import Period, months_ending
from core.permissions import Actor
from core.projection import month_days
from core.scoring import projection
from dashboards import reads, state
from dashboards.awards_ui import awards_line
from dashboards.state import tr
from dashboards.widgets import (
    DASH,
    is_volume,
    kpi_help,
    kpi_name,
    kpi_value,
    lang_key,
    money_column,
    number,
    pct,
    rate_column,
    rounded_for_display,
)
from data import clock
from data.services import analytics
from data.services.analytics import History

# One colour per role, used by every chart of that role's KPIs (CONVENTIONS: consistent colours).
ROLE_COLORS: dict[str, str] = {
    "director": "#3d5a80",
    "ops": "#1f77b4",
    "cs": "#2a9d8f",
    "designer": "#8e5ea2",
    "sales": "#e07a2f",
    "hr": "#6c757d",
    "admin": "#6c757d",
}
STATUS_COLORS: dict[str, str] = {
    "on_time": "#2a9d8f",
    "late": "#e9c46a",
    "overdue": "#d62828",
    "open": "#adb5bd",
    "resolved_in_sla": "#2a9d8f",
    "resolved_late": "#e9c46a",
    "unresolved": "#d62828",
}
GRADE_COLORS: dict[str, str] = {
    "A": "#2a9d8f",
    "B": "#8ab17d",
    "C": "#e9c46a",
    "D": "#f4a261",
    "E": "#e76f51",
}
# Chinese glyphs in exported PNGs need a CJK font on the server; the list falls back in order.
EXPORT_FONT = "Noto Sans CJK SC, WenQuanYi Micro Hei, Microsoft YaHei, PingFang SC, sans-serif"
WIDTH = 560
HEIGHT = 260
LEGEND_HEIGHT = 50
# Builders mark specs that carry a legend below the plot, so the element is made taller.
WITH_LEGEND = {"legend": True}
PERIOD_KEY = "roles_period"
PERSON_KEY = "roles_person"


# --- colours and axes -----------------------------------------------------------------------


def kpi_color(kpi_id: str) -> str:
    """A KPI takes its role's colour; shared KPIs the director's."""
    kpi = CATALOGUE.get(kpi_id)
    role = kpi.roles[0] if kpi and len(kpi.roles) == 1 else "director"
    return ROLE_COLORS[role]


def unit_axis(kpi_id: str, title: str) -> alt.Axis:
    """Axis labels in the KPI's unit: ¥ with separators, % for rates, plain otherwise."""
    unit = CATALOGUE[kpi_id].unit if kpi_id in CATALOGUE else "score"
    if unit == "money":
        return alt.Axis(title=title, labelExpr="'¥' + format(datum.value, ',.0f')")
    if unit == "rate":
        return alt.Axis(title=title, format=".2~%")
    if unit == "count":
        # People, orders and tasks come whole: no 2.5 tick on a count axis.
        return alt.Axis(title=title, format=",d", tickMinStep=1)
    return alt.Axis(title=title, format=",~f")


def unit_suffix(kpi_id: str) -> str:
    """The unit shown in an axis title, e.g. "Net sales (¥)"."""
    unit = CATALOGUE[kpi_id].unit if kpi_id in CATALOGUE else "score"
    return tr(f"roles.unit.{unit}")


def axis_title(kpi_id: str) -> str:
    return f"{kpi_name(kpi_id, state.lang())} ({unit_suffix(kpi_id)})"


def shown(kpi_id: str, values: pd.Series) -> list[str]:
    """Values as people read them (¥ / % / s), for tooltips and labels."""
    lang = state.lang()
    return [kpi_value(kpi_id, v, lang) for v in values]


def _title(text: str, subtitle: str | None = None) -> alt.TitleParams:
    return alt.TitleParams(text=text, subtitle=subtitle or "", anchor="start")


# --- chart builders (pure: data and translated words in, a chart out) ------------------------


def trend_chart(
    frame: pd.DataFrame,
    kpi_id: str,
    title: str,
    month_title: str,
    running: str | None = None,
    words: tuple[str, str] = ("", ""),
) -> alt.Chart:
    """A KPI month by month: `frame` has `period`, `actual`; undefined months leave a gap.

    The `running` month (SPEC §10) is drawn apart: a dashed segment to a hollow point at its
    projection (`actual`), its tooltip giving the projection and the value to date
    (`to_date`), named by `words` = (projected, to date).
    """
    data = frame.assign(shown=shown(kpi_id, frame["actual"]))
    x = alt.X("period:O", title=month_title, axis=alt.Axis(labelAngle=-40))
    y = alt.Y("actual:Q", axis=unit_axis(kpi_id, axis_title(kpi_id)), scale=alt.Scale(zero=False))
    tooltip = [
        alt.Tooltip("period:O", title=month_title),
        alt.Tooltip("shown:N", title=kpi_name(kpi_id)),
    ]
    color = kpi_color(kpi_id)
    live = data["period"] == running
    closed = alt.Chart(data[~live]).encode(x=x, y=y, tooltip=tooltip)
    layers = [
        closed.mark_line(color=color, strokeWidth=2.5),
        closed.mark_point(color=color, filled=True, size=55),
    ]
    if live.any() and data.loc[live, "actual"].notna().any():
        layers += _running_layers(data, live, kpi_id, x, y, color, month_title, words)
    return alt.layer(*layers).properties(title=_title(title), width=WIDTH, height=HEIGHT - 40)


def _running_layers(
    data: pd.DataFrame,
    live: pd.Series,
    kpi_id: str,
    x: alt.X,
    y: alt.Y,
    color: str,
    month_title: str,
    words: tuple[str, str],
) -> list[alt.Chart]:
    """The running month: a dashed segment from the last closed month, a hollow point."""
    point = data[live].assign(to_date_shown=shown(kpi_id, data.loc[live, "to_date"]))
    before = data[~live].dropna(subset=["actual"]).tail(1)
    segment = pd.concat([before, point[before.columns]], ignore_index=True)
    tooltip = [
        alt.Tooltip("period:O", title=month_title),
        alt.Tooltip("shown:N", title=f"{kpi_name(kpi_id)} · {words[0]}"),
        alt.Tooltip("to_date_shown:N", title=words[1]),
    ]
    return [
        alt.Chart(segment)
        .mark_line(color=color, strokeWidth=2, strokeDash=[6, 4])
        .encode(x=x, y=y),
        alt.Chart(point)
        .mark_point(color=color, filled=False, size=110, strokeWidth=2.5)
        .encode(x=x, y=y, tooltip=tooltip),
    ]


def series_chart(
    frame: pd.DataFrame,
    kpi_id: str,
    title: str,
    month_title: str,
    series_title: str,
    running: str | None = None,
) -> alt.Chart:
    """One line per series (store, team) month by month: `period`, `series`, `actual`; the
    `running` month (SPEC §10) as a dashed segment to a hollow point, like `trend_chart`."""
    data = frame.assign(shown=shown(kpi_id, frame["actual"]))
    x = alt.X("period:O", title=month_title, axis=alt.Axis(labelAngle=-40))
    y = alt.Y("actual:Q", axis=unit_axis(kpi_id, axis_title(kpi_id)), scale=alt.Scale(zero=False))
    color = alt.Color(
        "series:N",
        title=series_title,
        scale=alt.Scale(scheme="tableau10"),
        legend=alt.Legend(orient="bottom"),
    )
    tooltip = [
        alt.Tooltip("series:N", title=series_title),
        alt.Tooltip("period:O", title=month_title),
        alt.Tooltip("shown:N", title=kpi_name(kpi_id)),
    ]
    live = data["period"] == running
    closed = alt.Chart(data[~live]).encode(x=x, y=y, color=color, tooltip=tooltip)
    layers = [closed.mark_line(strokeWidth=2), closed.mark_point(filled=True, size=40)]
    if live.any():
        last = data[~live].dropna(subset=["actual"]).sort_values("period").groupby("series").tail(1)
        segment = alt.Chart(pd.concat([last, data[live]], ignore_index=True))
        point = alt.Chart(data[live]).encode(x=x, y=y, color=color, tooltip=tooltip)
        layers += [
            segment.mark_line(strokeWidth=1.5, strokeDash=[6, 4]).encode(x=x, y=y, color=color),
            point.mark_point(filled=False, size=80, strokeWidth=2),
        ]
    return alt.layer(*layers).properties(
        title=_title(title), width=WIDTH, height=HEIGHT, usermeta=WITH_LEGEND
    )


def value_scale(values: pd.Series, targets: pd.Series | None = None) -> alt.Scale:
    """A value axis from zero (or the lowest negative) to a little past the largest value or
    target, so end labels and target ticks are not cut off at the edge."""
    seen = pd.concat([values, targets]) if targets is not None else values
    seen = pd.to_numeric(seen, errors="coerce").dropna()
    low = min(0.0, float(seen.min())) if len(seen) else 0.0
    high = max(0.0, float(seen.max())) if len(seen) else 1.0
    span = (high - low) or 1.0
    return alt.Scale(domain=[low - 0.08 * span if low < 0 else 0.0, high + 0.12 * span], nice=False)


def bar_chart(
    frame: pd.DataFrame,
    category: str,
    kpi_id: str,
    title: str,
    category_title: str,
    value: str = "actual",
    target: str | None = None,
    target_title: str | None = None,
    subtitle: str | None = None,
) -> alt.Chart:
    """Horizontal bars of one KPI per person/store, best first; optional target ticks."""
    data = frame.assign(shown=shown(kpi_id, frame[value]))
    lower_better = CATALOGUE[kpi_id].direction == "lower" if kpi_id in CATALOGUE else False
    order = "ascending" if lower_better else "descending"
    tooltip = [
        alt.Tooltip(f"{category}:N", title=category_title),
        alt.Tooltip("shown:N", title=kpi_name(kpi_id)),
    ]
    if target:
        data = data.assign(target_shown=shown(kpi_id, data[target]))
        tooltip.append(alt.Tooltip("target_shown:N", title=target_title or target))
    y = alt.Y(f"{category}:N", title=category_title, sort=alt.EncodingSortField(value, order=order))
    base = alt.Chart(data).encode(y=y, tooltip=tooltip)
    bars = base.mark_bar(color=kpi_color(kpi_id), cornerRadiusEnd=2).encode(
        x=alt.X(
            f"{value}:Q",
            axis=unit_axis(kpi_id, axis_title(kpi_id)),
            scale=value_scale(data[value], data[target] if target else None),
        )
    )
    labels = base.mark_text(align="left", dx=4, fontSize=11).encode(x=f"{value}:Q", text="shown:N")
    layers = [bars, labels]
    if target:
        layers.append(
            base.mark_tick(color="#222", thickness=2.5, size=22, opacity=1).encode(
                x=alt.X(f"{target}:Q")
            )
        )
    height = max(120, 32 * max(len(data), 1))
    return alt.layer(*layers).properties(title=_title(title, subtitle), width=WIDTH, height=height)


def funnel_chart(
    stages: pd.DataFrame, title: str, subtitle: str, stage_title: str, value_title: str, color: str
) -> alt.Chart:
    """Stages top to bottom (`stage`, `value`, `order`), each labelled with its share of the first."""
    first = (
        float(stages["value"].iloc[0]) if len(stages) and stages["value"].iloc[0] else float("nan")
    )
    share = stages["value"] / first
    data = stages.assign(
        label=[f"{number(v)}  ({pct(s)})" for v, s in zip(stages["value"], share, strict=True)]
    )
    base = alt.Chart(data).encode(
        y=alt.Y("stage:N", sort=alt.EncodingSortField("order"), title=stage_title),
        tooltip=[
            alt.Tooltip("stage:N", title=stage_title),
            alt.Tooltip("label:N", title=value_title),
        ],
    )
    bars = base.mark_bar(color=color, cornerRadiusEnd=2).encode(
        x=alt.X(
            "value:Q",
            title=value_title,
            axis=alt.Axis(format=",d", tickMinStep=1),
        )
    )
    labels = base.mark_text(align="left", dx=4, fontSize=12).encode(x="value:Q", text="label:N")
    return (bars + labels).properties(
        title=_title(title, subtitle), width=WIDTH, height=max(120, 44 * len(data))
    )


def histogram_chart(
    values: pd.DataFrame,
    field: str,
    title: str,
    x_title: str,
    y_title: str,
    color: str,
    threshold: float | None = None,
    threshold_label: str = "",
    step: float = 10,
) -> alt.Chart:
    """A distribution with an optional threshold rule (an SLA)."""
    base = alt.Chart(values)
    bars = base.mark_bar(color=color, opacity=0.85).encode(
        x=alt.X(f"{field}:Q", bin=alt.Bin(step=step), title=x_title),
        y=alt.Y("count():Q", title=y_title, axis=alt.Axis(format=",d", tickMinStep=1)),
        tooltip=[
            alt.Tooltip(f"{field}:Q", bin=alt.Bin(step=step), title=x_title),
            alt.Tooltip("count():Q", title=y_title),
        ],
    )
    layers: list[alt.Chart] = [bars]
    if threshold is not None:
        rule_data = pd.DataFrame({"x": [threshold], "label": [threshold_label]})
        rule = (
            alt.Chart(rule_data)
            .mark_rule(color="#d62828", strokeDash=[6, 4], strokeWidth=2)
            .encode(x="x:Q")
        )
        text = (
            alt.Chart(rule_data)
            .mark_text(align="left", dx=5, dy=-6, color="#d62828", fontSize=12)
            .encode(x="x:Q", y=alt.value(12), text="label:N")
        )
        layers += [rule, text]
    return alt.layer(*layers).properties(title=_title(title), width=WIDTH, height=HEIGHT)


def stacked_chart(
    frame: pd.DataFrame,
    category: str,
    part: str,
    labels: dict[str, str],
    title: str,
    category_title: str,
    value_title: str,
    part_title: str,
) -> alt.Chart:
    """Counts per category split into coloured parts (task status, complaint outcome)."""
    keys = [k for k in labels if k in set(frame[part])] or list(labels)
    data = frame.assign(
        part_label=frame[part].map(labels),
        order=frame[part].map({k: i for i, k in enumerate(labels)}),
    )
    scale = alt.Scale(
        domain=[labels[k] for k in keys], range=[STATUS_COLORS.get(k, "#888") for k in keys]
    )
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y(f"{category}:N", title=category_title),
            x=alt.X(
                "count:Q",
                title=value_title,
                stack="zero",
                axis=alt.Axis(format=",d", tickMinStep=1),
            ),
            color=alt.Color(
                "part_label:N", scale=scale, title=part_title, legend=alt.Legend(orient="bottom")
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip(f"{category}:N", title=category_title),
                alt.Tooltip("part_label:N", title=part_title),
                alt.Tooltip("count:Q", title=value_title),
            ],
        )
    )
    return chart.properties(
        title=_title(title),
        width=WIDTH,
        height=max(120, 34 * frame[category].nunique()),
        usermeta=WITH_LEGEND,
    )


def grade_chart(
    frame: pd.DataFrame, title: str, grade_title: str, count_title: str, guide_title: str
) -> alt.Chart:
    """People per grade (`grade`, `count`, `share`, `guide`), the policy's guide share as a tick."""
    scale = alt.Scale(domain=list(GRADE_COLORS), range=list(GRADE_COLORS.values()))
    data = frame.assign(
        share_text=[pct(s, 0) for s in frame["share"]],
        guide_text=[pct(g, 0) for g in frame["guide"]],
        guide_count=frame["guide"] * frame["count"].sum(),
    )
    tooltip = [
        alt.Tooltip("grade:N", title=grade_title),
        alt.Tooltip("count:Q", title=count_title),
        alt.Tooltip("share_text:N", title="%"),
        alt.Tooltip("guide_text:N", title=guide_title),
    ]
    base = alt.Chart(data).encode(
        x=alt.X("grade:N", title=grade_title, sort=list(GRADE_COLORS), axis=alt.Axis(labelAngle=0)),
        tooltip=tooltip,
    )
    bars = base.mark_bar().encode(
        y=alt.Y("count:Q", title=count_title, axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("grade:N", scale=scale, legend=None),
    )
    guide = base.mark_tick(color="#222", thickness=2.5, size=60).encode(y="guide_count:Q")
    return (bars + guide).properties(title=_title(title), width=WIDTH, height=HEIGHT)


BUILDERS: dict[str, Callable[..., alt.TopLevelMixin]] = {
    f.__name__: f
    for f in (
        trend_chart,
        series_chart,
        bar_chart,
        funnel_chart,
        histogram_chart,
        stacked_chart,
        grade_chart,
    )
}
Spec = dict[str, Any]


@st.cache_data(ttl=3600, max_entries=256, show_spinner=False)
def _spec(name: str, lang: str, args: tuple, kwargs: tuple) -> Spec:
    return BUILDERS[name](*args, **dict(kwargs)).to_dict()


def build(builder: Callable[..., alt.TopLevelMixin], *args: Any, **kwargs: Any) -> Spec:
    """A chart's Vega-Lite spec, built once per data and language.

    Altair's copying and schema validation cost ~0.1 s a chart, too much for a warm page
    switch, so specs are cached and handed to `st.vega_lite_chart` as plain dicts.
    """
    return _spec(builder.__name__, state.lang(), args, tuple(sorted(kwargs.items())))


def concat_specs(rows: Sequence[Sequence[Spec]], width: int = 420) -> Spec:
    """Several cached specs as one grid (rows of charts) for a single exported picture."""
    datasets: dict[str, Any] = {}
    grid = []
    for row in rows:
        cells = []
        for spec in row:
            child = {k: v for k, v in spec.items() if k not in ("$schema", "config", "datasets")}
            child["width"] = width
            datasets.update(spec.get("datasets", {}))
            cells.append(child)
        grid.append({"hconcat": cells})
    return {"$schema": rows[0][0].get("$schema"), "vconcat": grid, "datasets": datasets}


def png_bytes(spec: Spec) -> bytes:
    """The chart as a 2× PNG for pasting into a report (vl-convert, no browser)."""
    config = {**spec.get("config", {}), "font": EXPORT_FONT, "background": "white"}
    return vl_convert.vegalite_to_png({**spec, "config": config}, scale=2)


# --- Streamlit layout shared by the role pages ----------------------------------------------


def loading() -> Any:
    """A spinner for cold caches; Streamlit shows it only after half a second, so warm
    page switches never flash it."""
    return st.spinner(tr("roles.loading"))


def page_header(title_key: str, caption_key: str) -> None:
    st.title(tr(title_key))
    st.caption(tr(caption_key))


@dataclass(frozen=True)
class Context:
    """What every role page knows after its header: who looks, at which month and scope."""

    actor: Actor
    hist: History
    period: Period
    months: list[Period]
    role: str | None
    person: str | None
    trend: pd.DataFrame
    days_covered: int | None

    @property
    def people(self) -> list[str]:
        """Employee ids on this page: the role's people in the viewer's scope (or the one picked)."""
        return analytics.visible_people(self.hist, self.actor, self.role, self.person)

    @property
    def names(self) -> dict[str, str]:
        return reads.names()

    def month(self) -> MonthResult:
        """The month's engine results, already cut to the actor's scope by `dashboards.state`
        (which shows a spinner while a cold month is computed)."""
        return state.month(self.period, self.actor)

    def mine(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Rows of a per-employee frame that belong on this page."""
        return frame[frame["employee_id"].isin(self.people)].reset_index(drop=True)

    def read(self, name: str, *extra: Any) -> pd.DataFrame:
        return reads.read(name, self.actor, self.period, *extra)


def start_page(
    title_key: str, caption_key: str, role: str | None, kpis: Sequence[str]
) -> Context | None:
    """The top every role page shares: title, month (and person) picker, live note, headline.

    Returns None (after saying why) when there is nothing to show yet.
    """
    actor = state.require_actor()
    page_header(title_key, caption_key)
    with loading():
        hist = reads.history()
    if not hist.months:
        empty(N_("roles.empty.no_data"))
        return None
    left, right = st.columns(2)
    with left:
        period = month_picker(hist)
    with right:
        person = person_picker(hist, actor, role) if role else None
    if role and not analytics.visible_people(hist, actor, role):
        empty(N_("roles.empty.nobody"), role=tr(f"ui.role.{role}"))
        return None
    days = live_note(period)
    months = months_ending(period, 12)
    with loading():
        frame = reads.trend(actor, months, role, person)
    headline(frame, period, kpis, days)
    awards_line(period, actor)
    return Context(actor, hist, period, months, role, person, frame, days)


def element_height(spec: Spec) -> int:
    """Room for the plot plus title, axis labels and legend: Streamlit's "content" height
    squeezes layered charts, so the element gets an explicit height."""
    plot = int(spec.get("height", HEIGHT))
    legend = LEGEND_HEIGHT if spec.get("usermeta", {}).get("legend") else 0
    return plot + 120 + legend


def show_chart(spec: Spec, file_name: str | None = None, key: str | None = None) -> None:
    """Render a chart spec with its PNG download (made only when clicked): every chart can
    be pasted into a report, named after its title unless `file_name` says otherwise."""
    st.vega_lite_chart(spec=spec, width="stretch", height=element_height(spec))
    digest = hashlib.sha1(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()
    download_png(spec, file_name or f"{_slug(spec)}.png", key or f"png_{digest[:12]}")


def _slug(spec: Spec) -> str:
    """A file name from the chart's title (Chinese kept; anything unsafe becomes '-')."""
    title = spec.get("title", "chart")
    text = title.get("text", "chart") if isinstance(title, dict) else str(title)
    return re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-").lower() or "chart"


def download_png(spec: Spec, file_name: str, key: str | None = None) -> None:
    st.download_button(
        tr("roles.download_png"),
        data=lambda: png_bytes(spec),
        file_name=file_name,
        mime="image/png",
        icon=":material/download:",
        key=key or f"png_{file_name}",
        on_click="ignore",
    )


def empty(key: str, **params: Any) -> None:
    """An empty state that says what to do next."""
    st.info(tr(key, **params), icon=":material/info:")


def today() -> date:
    """The running month's `as_of` (`KPI_AS_OF` may pin it for a demo)."""
    return clock.today()


def month_picker(hist: History) -> Period:
    """The month to show: latest with data by default, remembered across role pages."""
    options = [str(p) for p in reversed(hist.months)]
    remembered = st.session_state.get(PERIOD_KEY)
    running = str(Period.of(today()))

    def label(value: str) -> str:
        return f"{value} · " + tr("roles.live") if value == running else value

    chosen = st.selectbox(
        tr("roles.month"),
        options,
        index=options.index(remembered) if remembered in options else 0,
        format_func=label,
        key=lang_key("roles_month_picker"),
    )
    st.session_state[PERIOD_KEY] = chosen
    return Period.parse(chosen)


def person_picker(hist: History, actor: Actor, role: str) -> str | None:
    """Supervisors, the director and HR may narrow a page to one person of their scope.

    Staff without reports see only themselves, so they get no picker. Returns None for the
    whole scope.
    """
    people = analytics.visible_people(hist, actor, role)
    if len(people) <= 1:
        return people[0] if people else None
    who = reads.names()
    everyone = "*"
    options = [everyone, *people]
    remembered = st.session_state.get(PERSON_KEY)
    chosen = st.selectbox(
        tr("roles.person"),
        options,
        index=options.index(remembered) if remembered in options else 0,
        format_func=lambda e: (
            tr("roles.person_all", count=len(people)) if e == everyone else f"{who.get(e, e)} ({e})"
        ),
        key=lang_key(f"roles_person_picker_{role}"),
    )
    st.session_state[PERSON_KEY] = chosen
    return None if chosen == everyone else chosen


def live_note(period: Period) -> int | None:
    """For the running month, say how far the data reaches; returns the days elapsed `e`
    that department figures are paced over (SPEC §10: the whole month, to `as_of`).

    Cached per version of the records: finding the last day scans every order.
    """
    if period != Period.of(today()):
        return None
    through = reads.data_through(period)
    days = month_days(period, today())[0]
    st.caption(
        tr(
            "roles.live_note",
            day=formats.day(through, state.lang()),
            days=through.day if through else 0,
            total=period.days,
        )
    )
    return days


def _value(trend_frame: pd.DataFrame, period: Period, kpi_id: str) -> float:
    rows = trend_frame[(trend_frame["period"] == str(period)) & (trend_frame["kpi_id"] == kpi_id)]
    return float(rows["actual"].iloc[0]) if len(rows) else float("nan")


def delta_text(kpi_id: str, now: float, before: float) -> str | None:
    """Month-on-month change: relative for money and counts, points for rates, units otherwise.

    Plain ASCII signs, because `st.metric` reads the arrow's direction from a leading "-".
    """
    if pd.isna(now) or pd.isna(before):
        return None
    unit = CATALOGUE[kpi_id].unit
    change, lang = now - before, state.lang()
    if unit in ("money", "count"):
        if before <= 0:
            return formats.signed_number(change, 0, lang)
        return formats.signed_percent(change / before, 1, lang)
    if unit == "rate":
        # Conversion moves by hundredths of a point; one decimal would read "+0.0".
        digits = 2 if abs(change) < 0.001 else 1
        return formats.signed_number(change * 100, digits, lang) + " " + tr("roles.unit.pp")
    if unit == "seconds":
        return formats.signed_number(change, 1, lang) + " " + tr("roles.unit.seconds")
    if unit == "days":
        return formats.signed_number(change, 1, lang) + " " + tr("roles.unit.days")
    return formats.signed_number(change, 2 if unit == "rounds" else 1, lang)


def headline(
    trend_frame: pd.DataFrame, period: Period, kpis: Sequence[str], days_covered: int | None = None
) -> dict[str, float]:
    """The headline row: each KPI this month with its change on last month.

    In the running month, sums and counts are compared at their month-end projection
    (actual ÷ days covered × days in month), so a partial month is not read as a slump.
    Returns the values shown, for pages that reuse them.
    """
    previous = period.previous()
    values: dict[str, float] = {}
    for column, kpi_id in zip(st.columns(len(kpis)), kpis, strict=True):
        now = _value(trend_frame, period, kpi_id)
        before = _value(trend_frame, previous, kpi_id)
        compare, description, note = now, tr("roles.vs", month=str(previous)), ""
        projected = days_covered is not None and is_volume(kpi_id) and not pd.isna(now)
        if projected:
            compare = float(projection(now, days_covered, period.days))
            description = tr("roles.projected_vs", month=str(previous))
            note = "\n\n" + tr("roles.projected_help", value=kpi_value(kpi_id, compare))
        values[kpi_id] = now
        with column:
            st.metric(
                kpi_name(kpi_id),
                kpi_value(kpi_id, now),
                delta=delta_text(kpi_id, compare, before),
                delta_color="inverse" if CATALOGUE[kpi_id].direction == "lower" else "normal",
                delta_description=description if not pd.isna(before) else None,
                help=kpi_help(kpi_id) + note,
                border=True,
            )
    return values


def kpi_table(actuals: pd.DataFrame, kpis: Sequence[str], who: dict[str, str]) -> pd.DataFrame:
    """Actuals (long) as one row per person with one column per KPI, names first."""
    frame = actuals[actuals["kpi_id"].isin(kpis)]
    if frame.empty:
        return pd.DataFrame(columns=["employee_id", "name", *kpis])
    wide = frame.pivot_table(
        index="employee_id", columns="kpi_id", values="actual", aggfunc="first", dropna=False
    )
    wide = wide.reindex(columns=list(kpis)).reset_index()
    wide.columns.name = None
    wide.insert(1, "name", wide["employee_id"].map(who))
    return wide


def kpi_columns(kpis: Sequence[str]) -> dict[str, Any]:
    """column_config for KPI columns: ¥ with separators, %, seconds, one-decimal scores."""
    config: dict[str, Any] = {}
    for kpi_id in kpis:
        unit = CATALOGUE[kpi_id].unit
        label = kpi_name(kpi_id)
        help_text = kpi_help(kpi_id)
        if unit == "money":
            config[kpi_id] = money_column(label, cents=False, help=help_text)
        elif unit == "rate":
            config[kpi_id] = rate_column(label, kpi_id, help=help_text)
        elif unit == "count":
            config[kpi_id] = st.column_config.NumberColumn(label, format="%,d", help=help_text)
        elif unit == "rounds":
            config[kpi_id] = st.column_config.NumberColumn(label, format="%.2f", help=help_text)
        else:
            suffix = f" {unit_suffix(kpi_id)}" if unit in ("seconds", "days") else ""
            config[kpi_id] = st.column_config.NumberColumn(
                label, format=f"%.1f{suffix}", help=help_text
            )
    return config


def half_up(scores: pd.Series) -> pd.Series:
    """Scores rounded half-up to one decimal as core displays them (89.95 → 90.0), so a
    table's "%.1f" never rounds the other way in the browser."""
    shown_ = [display_score(v) for v in scores]
    return pd.Series([float(v) if v != DASH else float("nan") for v in shown_], index=scores.index)


def people_columns() -> dict[str, Any]:
    return {
        "employee_id": st.column_config.TextColumn(tr("roles.col.employee_id"), width="small"),
        "name": st.column_config.TextColumn(tr("roles.col.name")),
    }


def table(
    frame: pd.DataFrame, config: dict[str, Any], empty_key: str | None = None, **params: Any
) -> None:
    """A detail table with formats; an empty one says what to do instead of showing nothing."""
    if frame.empty and empty_key:
        empty(empty_key, **params)
        return
    st.dataframe(
        rounded_for_display(frame, config),
        column_config=config,
        hide_index=True,
        width="stretch",
        placeholder=DASH,
    )
