"""Display helpers every page (the role pages too) uses — `money`, `pct`, `score_text`,
`kpi_value` — so ¥, %, '—' for undefined and half-up rounding look the same everywhere.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd
import streamlit as st

from core.appraisal import display_score
from core.catalogue import CATALOGUE
from core.errors import KpiError
from core.i18n import formats, t
from core.i18n.formats import DASH, money
from core.i18n.formats import blank as _blank
from dashboards.markdown import literal_params
from dashboards.state import lang as current_lang
from dashboards.state import tr


def number(value: Any, decimals: int = 0) -> str:
    """A plain number in the page's language, rounded half-up; '—' when undefined."""
    return formats.number(value, decimals, current_lang())


def pct(value: Any, decimals: int = 1) -> str:
    """A fraction shown as a percentage: 0.953 → `95.3%`; '—' when undefined (zero denominator)."""
    return formats.percent(value, decimals, current_lang())


def score_text(value: Any) -> str:
    """A score half-up to one decimal (89.95 → `90.0`), exactly as core displays it."""
    if _blank(value):
        return DASH
    return display_score(float(value))


def signed(value: Any, formatter: Any = None) -> str:
    """A change with its sign (`+3.2`, `−1.0`) for deltas and calibrations."""
    if _blank(value):
        return DASH
    text = (formatter or score_text)(abs(float(value)))
    return f"+{text}" if float(value) > 0 else f"−{text}" if float(value) < 0 else text


def kpi_value(kpi_id: str, value: Any, lang: str | None = None) -> str:
    """A KPI actual or target in its unit: money ¥, rates %, seconds, days, counts, scores."""
    if _blank(value):
        return DASH
    kpi = CATALOGUE.get(kpi_id)
    unit = kpi.unit if kpi else "score"
    lang = lang or current_lang()
    if unit == "money":
        return money(value)
    if unit == "rate":
        return formats.percent(value, rate_decimals(kpi_id), lang)
    if unit == "count":
        return formats.number(value, 0, lang)
    if unit == "seconds":
        return formats.number(value, 1, lang) + " " + t("roles.unit.seconds", lang)
    if unit == "days":
        return formats.number(value, 1, lang) + " " + t("roles.unit.days", lang)
    if unit == "rounds":
        return formats.number(value, 2, lang)
    return score_text(value)


# Rates that live in the low single digits (a shop converts 1–3 % of visitors): one decimal
# would show 1.6 % for both 1.55 % and 1.64 %, so they get two everywhere.
FINE_RATES = frozenset({"store_conversion", "campaign_conversion"})


def rate_decimals(kpi_id: str | None) -> int:
    return 2 if kpi_id in FINE_RATES else 1


def kpi_name(kpi_id: str, lang: str | None = None) -> str:
    kpi = CATALOGUE.get(kpi_id)
    return kpi.name(lang or current_lang()) if kpi else kpi_id


def kpi_help(kpi_id: str) -> str:
    """The formula a KPI is computed with, for hover help (`help=`)."""
    kpi = CATALOGUE.get(kpi_id)
    if kpi is None:
        return ""
    direction = (
        tr("ui.kpi.lower_better") if kpi.direction == "lower" else tr("ui.kpi.higher_better")
    )
    method = tr("ui.kpi.manual") if kpi.manual else kpi.formula_en
    text = f"{method} · {direction}"
    # Where two numbers look alike but count differently, the help says so (issue 11).
    if kpi_id in ("store_sales", "net_sales"):
        text += f"\n\n{tr(f'running.def.{kpi_id}')}"
    return text


def is_volume(kpi_id: str) -> bool:
    """Sums and counts: the KPIs that get a month-end projection and prorated targets."""
    kpi = CATALOGUE.get(kpi_id)
    return bool(kpi and kpi.prorate)


def role_name(role: str, lang: str | None = None) -> str:
    return t(f"ui.role.{role}", lang or current_lang())


def state_name(state: str, lang: str | None = None) -> str:
    return t(f"appraisal.state_{state}", lang or current_lang())


def flag_names(flags: Iterable[str] | str | None) -> str:
    if not flags:
        return ""
    items = flags.split(";") if isinstance(flags, str) else list(flags)
    return ", ".join(tr(f"incentives.flag.{f}") for f in items if f)


def lang_key(key: str) -> str:
    """A widget key per language, for selects whose labels are translated.

    A keyed select keeps showing the label it was drawn with when the language changes on
    the same page ("Orders" in the Chinese page); a key per language draws it anew. Pages
    restore the choice from a plain session key, so only the label changes. English keeps
    the plain key.
    """
    language = current_lang()
    return key if language == "en" else f"{key}.{language}"


def labels_for(options: Iterable[Any], label: Callable[[Any], str]) -> Callable[[Any], str]:
    """A `format_func` with every label computed now, in this run's language.

    Streamlit (and AppTest) may call `format_func` after the run, where the session's
    language is no longer at hand; a lookup table keeps the labels of the run that drew them.
    """
    table = {option: label(option) for option in options}
    return lambda option: table.get(option, str(option))


def page_link(path: str, label: str, icon: str | None = None) -> None:
    """A link to another page when the viewer's navigation has it, else the same label as text
    (both Markdown: user text in `label` must come escaped, `markdown.literal`)."""
    if path in st.session_state.get("_nav_paths", ()):
        st.page_link(path, label=label, icon=icon)
    else:
        st.markdown(label)


def show_error(exc: KpiError) -> None:
    """A user-caused error in the viewer's language (never a traceback)."""
    st.error(error_text(exc), icon=":material/error:")


def error_text(exc: KpiError) -> str:
    """The error's message for a Markdown element: its parameters (a file name, a username, a
    cell's value) are user text, shown as typed."""
    return t(exc.key, current_lang(), **literal_params(exc.params))


def floats(frame: pd.DataFrame, columns: Iterable[str]) -> pd.DataFrame:
    """Decimal columns as floats, for st.dataframe's Arrow conversion (display only)."""
    out = frame.copy()
    for column in columns:
        if column in out.columns:
            out[column] = [float(v) if not _blank(v) else math.nan for v in out[column].tolist()]
    return out


def rounded_for_display(frame: pd.DataFrame, config: dict[str, Any]) -> pd.DataFrame:
    """Money and percentage columns (`money_column`, `rate_column`) rounded half-up here, as
    `money` and `pct` round for charts and metrics: the grid would otherwise round the binary
    float itself and could show ¥223,759 beside a chart label of ¥223,760."""
    out = frame
    for column, setting in config.items():
        kind = setting.get("type_config") or {} if isinstance(setting, dict) else {}
        if column not in frame.columns or kind.get("format") not in ("yen", "percent"):
            continue
        step = Decimal(str(kind.get("step") or 1))
        quant = Decimal(1).scaleb(min(int(step.as_tuple().exponent), 0))
        if out is frame:
            out = frame.copy()
        out[column] = [
            math.nan if exact is None else float(exact.quantize(quant, rounding=ROUND_HALF_UP))
            for exact in map(formats.exact_decimal, out[column].tolist())
        ]
    return out


def money_column(label: str | None = None, cents: bool = True, help: str | None = None) -> Any:
    """Yuan in a table: `¥1,234.50`, and `-¥2,397` for a negative amount (a printf format
    would put the sign after the symbol). The grid's "yen" format draws ¥ in any locale;
    its decimals follow `step`."""
    return st.column_config.NumberColumn(label, format="yen", step=0.01 if cents else 1, help=help)


def rate_column(
    label: str | None = None, kpi_id: str | None = None, help: str | None = None
) -> Any:
    """A 0–1 fraction as a percentage with a fixed number of decimals (`84.0%`, not `84%`
    beside `94.44%`): the grid's "percent" format takes its decimals from `step`."""
    step = 10.0 ** -(rate_decimals(kpi_id) + 2)
    return st.column_config.NumberColumn(label, format="percent", step=step, help=help)


def score_column(label: str, help: str | None = None) -> Any:
    return st.column_config.NumberColumn(label, format="%.1f", help=help)


def pct_column(label: str) -> Any:
    """Shows a 0–100 percentage value (bonus %) as `120%`."""
    return st.column_config.NumberColumn(label, format="%d%%")
