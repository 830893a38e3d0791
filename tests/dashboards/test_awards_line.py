"""The month's awards line (SPEC §8, §11) on Home and on a team page: winners by name for
everyone, "projected" while the month runs, and names kept literal in Markdown."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from core.periods import Period
from dashboards.awards_ui import awards_text
from data.db import make_engine, transaction
from data.services.awards import awards_frame
from tests.dashboards.conftest import actor, signed_in, texts
from tests.dashboards.test_role_pages import open_page, visible_text


def _winners(db: Path, period: Period) -> list[str]:
    engine = make_engine(f"sqlite:///{db}")
    try:
        with transaction(engine) as session:
            frame = awards_frame(session, actor(db, "hr"), period, datetime.now())
    finally:
        engine.dispose()
    return frame["name"].tolist()


def test_awards_line_on_home_and_team_page(shared_db: Path) -> None:
    month = Period.of(date.today())
    winners = _winners(shared_db, month)
    assert winners, "the demo month has award winners"
    home = texts(signed_in(shared_db, "E05"))  # staff without reports see them too
    page = visible_text(open_page(shared_db, "sales", "sales"))
    for shown in (home, page):
        assert "Awards this month (projected)" in shown
        assert all(name in shown for name in winners)


def test_names_are_literal_markdown() -> None:
    text = awards_text({"sales_star": ["E1"], "service_star": []}, {"E1": "**Bold** [x](y)"})
    assert text == "**Sales Star**: \\*\\*Bold\\*\\* \\[x\\]\\(y\\)"
    assert awards_text({}, {}) == "nobody qualified"


def test_hr_annual_tab_says_year_to_date(shared_db: Path) -> None:
    at = signed_in(shared_db, "hr", page="views/hr.py")
    assert not at.exception, [e.message for e in at.exception]
    # the running year always has a month not finalised (this one): year to date, no award
    assert "carry no annual award until every month employed is finalised" in texts(at)
    annual = next(d.value for d in at.dataframe if "Months employed" in d.value.columns)
    assert set(annual["Status"]) == {"Year to date"}
    assert not annual["Annual award"].any()
