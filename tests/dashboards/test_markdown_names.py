"""User text is text (issue 13): an employee whose name is Markdown (an image pointing at an
internal address, bold, a javascript: link) is shown as typed on the pages that name people.

AppTest gives each element's Markdown source; the name must arrive there escaped (`\\!\\[`
instead of `![`), which Streamlit's Markdown renders as the literal characters, no image.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboards.markdown import literal
from tests.dashboards.conftest import signed_in, texts

HOSTILE = "![x](http://127.0.0.1:9/a.png) **bold** [link](javascript:alert(1))"
ESCAPED = (
    r"\!\[x\]\(http\:\/\/127\.0\.0\.1\:9\/a\.png\) \*\*bold\*\* "
    r"\[link\]\(javascript\:alert\(1\)\)"
)


def test_the_helper_escapes_every_markdown_character() -> None:
    assert literal(HOSTILE) == ESCAPED
    assert literal("王 小明 3") == "王 小明 3", "letters, digits and spaces stay as they are"


def _everything(at: AppTest) -> str:
    """Every Markdown source of the run: texts, toasts and page-link labels."""
    links = [str(e.proto.label) for e in at.get("page_link")]
    toasts = [str(e.value) for e in at.get("toast")]
    return "\n".join([texts(at), *links, *toasts])


@pytest.fixture
def hostile_names(demo_db: Path) -> Path:
    """Every employee named in Markdown, their id kept at the end so names stay distinct."""
    with sqlite3.connect(demo_db) as db:
        db.execute("UPDATE employees SET name = ? || ' ' || employee_id", (HOSTILE,))
    return demo_db


@pytest.mark.parametrize(
    ("username", "page"),
    [("director", "views/home.py"), ("director", "views/director.py")],
)
def test_a_markdown_name_shows_as_typed(hostile_names: Path, username: str, page: str) -> None:
    at = signed_in(hostile_names, username, page=page)
    assert not at.exception
    shown = _everything(at)
    assert "![" not in shown and "**bold**" not in shown and "](" not in shown
    assert f"Signed in as **{ESCAPED} E" in shown  # the sidebar, on every page
    if page == "views/home.py":  # Home: "Welcome, <name>"
        assert at.title[0].value.startswith(f"Welcome, {ESCAPED} E")
    if (
        page == "views/home.py" and username == "director"
    ):  # the to-do list links to each review due
        # Review to-dos are buttons that open the person (issue 12), other to-dos page links.
        links = [str(e.proto.label) for e in at.get("page_link")] + [b.label for b in at.button]
        assert any(link.startswith(f"Review {ESCAPED} E") for link in links), links
