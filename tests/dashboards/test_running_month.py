"""SPEC §10 on the pages: a running month's grades and ranks always say "projected", and an
employee's Home opens with My month."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboards import navigation as nav
from tests.dashboards.conftest import signed_in, texts

# Role pages that show the running month (the month pickers default to the latest month).
ROLE_PAGES = [nav.DIRECTOR, nav.SALES, nav.OPERATIONS, nav.SERVICE, nav.DESIGN]
WORDS = ("grade", "rank", "等级", "排名")
PROJECTED = ("projected", "预计")


def _labels(at: AppTest) -> list[str]:
    """Every label a person reads as a heading: metric labels, table columns, chart titles
    and axes (from the element protos, as the browser gets them)."""
    found = [m.label for m in at.metric]
    for frame in at.get("dataframe"):
        config = json.loads(frame.proto.columns or "{}")
        # a column shows its configured label, else its name
        found += [str(config.get(str(c), {}).get("label") or c) for c in frame.value.columns]
    for chart in at.get("vega_lite_chart"):
        spec = json.loads(chart.proto.spec)
        found += _titles(spec)
    return found


def _titles(spec: object) -> list[str]:
    if isinstance(spec, dict):
        out = [str(v) for k, v in spec.items() if k in ("title", "text") and isinstance(v, str)]
        for value in spec.values():
            out += _titles(value)
        return out
    if isinstance(spec, list):
        return [t for item in spec for t in _titles(item)]
    return []


def _unlabelled(at: AppTest) -> list[str]:
    """Headings that name a grade or rank without saying they are projected."""
    return [
        label
        for label in _labels(at)
        if any(w in label.lower() for w in WORDS) and not any(p in label.lower() for p in PROJECTED)
    ]


@pytest.mark.parametrize(
    ("username", "pages"),
    [
        ("director", [nav.HOME, nav.DIRECTOR, nav.SALES]),
        ("sales", [nav.HOME, nav.SALES]),
        ("ops", [nav.HOME, nav.OPERATIONS]),
        ("cs", [nav.HOME, nav.SERVICE]),
        ("designer", [nav.HOME, nav.DESIGN]),
    ],
)
def test_no_grade_or_rank_of_a_running_month_without_the_projected_label(
    shared_db: Path, username: str, pages: list[nav.PageSpec]
) -> None:
    at = signed_in(shared_db, username, page=pages[0].path)
    for spec in pages:
        at.switch_page(spec.path).run()
        assert not at.exception, (spec.path, [e.value for e in at.exception])
        assert _unlabelled(at) == [], (username, spec.path)
        if spec == nav.DIRECTOR:
            # the ranking is really there, labelled: a check that finds nothing proves nothing
            assert {"Projected grade", "Projected rank"} <= set(_labels(at))


def test_my_month_opens_an_employees_home(shared_db: Path) -> None:
    at = signed_in(shared_db, "sales")
    assert not at.exception
    heads = [h.value for h in at.subheader]
    assert heads[0].startswith("My month") and "running" in heads[0]
    labels = [m.label for m in at.metric]
    assert "Projected grade · KPI score" in labels
    assert "Commission to date" in labels
    assert "assumes your self-assessment and your supervisor's review agree" in texts(at)


def test_my_month_in_chinese(shared_db: Path) -> None:
    at = signed_in(shared_db, "cs", lang="zh")
    assert not at.exception
    assert at.subheader[0].value.startswith("我的本月")
    assert "running." not in texts(at)
