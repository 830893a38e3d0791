"""AppTest checks of the analytic role pages: each renders for every role that may open it, in
English and Chinese, shows the right headline numbers and only the viewer's scope.

Headline values are cross-checked against plain pandas sums over the demo frames, not
against `core`, so a wrong re-keying in `data.services.analytics` cannot hide.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from core.catalogue import CATALOGUE
from core.i18n import t
from core.periods import Period
from core.permissions import Actor
from dashboards.widgets import money, number
from data.db import make_engine, transaction
from data.demo_data import demo_frames
from data.services import analytics
from data.services.people import actor_for

ROOT = Path(__file__).resolve().parents[2]
VIEWS = ROOT / "dashboards" / "views"
# page → (title key, headline KPIs, roles that may open it: navigation.ROLE_PAGES)
PAGES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "director": (
        "roles.director.title",
        ("net_sales", "store_conversion", "csat", "on_time_rate"),
        ("director", "hr"),
    ),
    "operations": (
        "roles.ops.title",
        ("visitors", "store_conversion", "store_sales", "sales_growth"),
        ("director", "ops"),
    ),
    "service": (
        "roles.cs.title",
        ("response_timeliness", "first_response_s", "complaint_resolution", "csat"),
        ("director", "cs"),
    ),
    "design": (
        "roles.design.title",
        ("on_time_rate", "quality_score", "revision_rounds"),
        ("director", "designer"),
    ),
    "sales": (
        "roles.sales.title",
        ("net_sales", "orders", "new_customers", "call_conversion"),
        ("director", "sales"),
    ),
}
CASES = [(page, role) for page, (_, _, roles) in PAGES.items() for role in roles]
LANG_CASES = [(page, roles[-1]) for page, (_, _, roles) in PAGES.items()]


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    """The demo's own frames, for cross-checks independent of the app and of `core`."""
    return demo_frames(date.today())


def open_page(db: Path, page: str, username: str, lang: str = "en") -> AppTest:
    engine = make_engine(f"sqlite:///{db}")
    try:
        with transaction(engine) as session:
            actor = actor_for(session, username)
    finally:
        engine.dispose()
    at = AppTest.from_file(str(VIEWS / f"{page}.py"), default_timeout=60)
    at.session_state["actor"] = actor
    at.session_state["lang"] = lang
    return at.run()


def visible_text(at: AppTest) -> str:
    kinds = ("title", "subheader", "markdown", "caption", "info", "warning", "success")
    parts = [str(e.value) for kind in kinds for e in getattr(at, kind)]
    parts += [m.label for m in at.metric]
    return "\n".join(parts)


def frame_with(at: AppTest, column: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if column in d.value.columns)


@pytest.fixture(scope="module")
def db(shared_db: Path) -> Iterator[Path]:
    yield shared_db


@pytest.mark.parametrize(("page", "username"), CASES)
def test_page_renders_for_each_role_that_may_open_it(db: Path, page: str, username: str) -> None:
    at = open_page(db, page, username)
    assert not at.exception, [e.message for e in at.exception]
    title_key, kpis, _ = PAGES[page]
    assert at.title[0].value == t(title_key, "en")
    assert [m.label for m in at.metric][: len(kpis)] == [CATALOGUE[k].name_en for k in kpis]
    assert all(m.value not in ("", "—") for m in at.metric[: len(kpis)]), "headline undefined"
    assert "roles." not in visible_text(at), "an untranslated key is showing"


@pytest.mark.parametrize(("page", "username"), LANG_CASES)
def test_headings_follow_the_language(db: Path, page: str, username: str) -> None:
    at = open_page(db, page, username, "zh")
    assert not at.exception, [e.message for e in at.exception]
    title_key, kpis, _ = PAGES[page]
    assert at.title[0].value == t(title_key, "zh") != t(title_key, "en")
    assert [m.label for m in at.metric][: len(kpis)] == [CATALOGUE[k].name_zh for k in kpis]
    assert "roles." not in visible_text(at)


def test_director_net_sales_is_every_order_of_the_month(
    db: Path, frames: dict[str, pd.DataFrame]
) -> None:
    month = Period.of(date.today())
    orders = frames["orders"]
    inside = orders[(orders["order_time"] >= month.start) & (orders["order_time"] < month.end)]
    net = (inside["paid_amount"] - inside["refund_amount"].fillna(0)).sum()
    at = open_page(db, "director", "director")
    assert at.metric[0].label == "Net sales"
    assert at.metric[0].value == money(float(net))


def test_staff_see_only_their_own_store(db: Path, frames: dict[str, pd.DataFrame]) -> None:
    # E05 runs one store and has no reports: no person picker, one store, their visitors.
    month = Period.of(date.today())
    store = frames["stores"].set_index("owner_id").loc["E05", "store"]
    traffic = frames["traffic"]
    mine = traffic[
        (traffic["store"] == store)
        & (traffic["date"] >= month.start)
        & (traffic["date"] < month.end)
    ]
    at = open_page(db, "operations", "E05")
    assert not at.exception
    assert not [s for s in at.selectbox if s.label == t("roles.person", "en")]
    assert list(frame_with(at, "paying_customers")["store"]) == [store]
    assert at.metric[0].value == number(float(mine["visitors"].sum()))


def test_a_supervisor_can_narrow_the_page_to_one_person(db: Path) -> None:
    at = open_page(db, "service", "cs")
    everyone = frame_with(at, "csat")
    assert len(everyone) > 1
    picker = next(s for s in at.selectbox if s.label == t("roles.person", "en"))
    picker.select(everyone["employee_id"].iloc[-1]).run()
    assert not at.exception
    assert list(frame_with(at, "csat")["employee_id"]) == [everyone["employee_id"].iloc[-1]]


def test_nobody_outside_the_scope_shows(db: Path) -> None:
    # An agent opening the sales page directly sees an empty state, never other people's sales.
    at = open_page(db, "sales", "cs")
    assert not at.exception
    assert not at.metric and not at.dataframe
    assert "nobody" in at.info[0].value.lower()


def test_an_earlier_month_shows_every_commission_line(
    db: Path, frames: dict[str, pd.DataFrame]
) -> None:
    at = open_page(db, "sales", "director")
    month = Period.of(date.today()).previous().previous()
    earlier = str(month)
    orders = frames["orders"]
    # Strategic orders still waiting for collection are paid in a later month (SPEC §7).
    strategic = orders[
        orders["strategic_account"].fillna(False).astype(bool)
        & orders["collected"].ne(False).fillna(True).astype(bool)
        & (orders["order_time"] >= month.start)
        & (orders["order_time"] < month.end)
    ]
    next(s for s in at.selectbox if s.label == "Month").select(earlier).run()
    assert not at.exception
    lines = frame_with(at, "line")
    assert (lines["sales_period"] <= earlier).all()
    assert any(line.startswith("Tier ¥100,000") for line in lines["line"])
    has_strategic_line = t("roles.sales.kind.strategic", "en") in set(lines["line"])
    assert has_strategic_line == (not strategic.empty)
    assert "Live month" not in visible_text(at)


def test_templates_are_read_only_without_the_permission(db: Path) -> None:
    director = open_page(db, "director", "director")
    hr = open_page(db, "director", "hr")
    assert t("roles.template.read_only", "en") not in visible_text(director)
    assert t("roles.template.read_only", "en") in visible_text(hr)
    assert not [b for b in hr.button if b.key == "director_target_save"]


def test_the_director_sets_a_target_override(demo_db: Path) -> None:
    at = open_page(demo_db, "director", "director")
    at.selectbox(key="director_target_person").select("E20").run()
    at.selectbox(key="director_target_kpi").select("net_sales").run()
    at.number_input(key="director_target_value_E20_net_sales").set_value(123456.0).run()
    at.button(key="director_target_save").click().run()
    assert not at.exception, [e.message for e in at.exception]
    engine = make_engine(f"sqlite:///{demo_db}")
    with transaction(engine) as session:
        overrides = analytics.target_overrides(session, Period.of(date.today()))
    engine.dispose()
    row = overrides[(overrides["employee_id"] == "E20") & (overrides["kpi_id"] == "net_sales")]
    assert row["target"].tolist() == [123456.0]
    assert "¥123,456" in set(frame_with(at, "who")["target"])


@pytest.mark.parametrize("page", list(PAGES))
def test_an_empty_database_says_what_to_upload(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dashboards import state

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.sqlite'}")
    state.engine.clear()
    try:
        at = AppTest.from_file(str(VIEWS / f"{page}.py"), default_timeout=60)
        at.session_state["actor"] = Actor("director", "director", "E01")
        at.run()
        assert not at.exception, [e.message for e in at.exception]
        assert at.info[0].value == t("roles.empty.no_data", "en")
        assert not at.metric
    finally:
        state.engine.clear()
