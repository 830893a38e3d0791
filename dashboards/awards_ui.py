"""The month's awards line (SPEC §8, §11): who won, shown to everyone on the month's pages,
labelled projected while the month runs. Names only: the figures stay behind permissions.
"""

from __future__ import annotations

import re

import streamlit as st

from core.awards import AWARD_IDS
from core.periods import Period
from core.permissions import Actor
from dashboards import reads, state
from dashboards.state import tr
from data.services.awards import is_projected

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:])")


def _plain(text: str) -> str:
    """A name as literal text inside Markdown (names are typed by people, not by us)."""
    return _MARKDOWN.sub(r"\\\1", text)


def awards_text(awards: dict[str, list[str]], names: dict[str, str]) -> str:
    """ "Sales Star: Sam · Best Designer: Dora" (Markdown), or the "nobody" words."""
    parts = [
        f"**{tr(f'incentives.award.{award}')}**: "
        + ", ".join(_plain(names.get(e, e)) for e in awards[award])
        for award in AWARD_IDS
        if awards.get(award)
    ]
    return " · ".join(parts) if parts else tr("ui.awards.none")


def awards_line(period: Period, actor: Actor) -> None:
    """One line under a month's headline; the month is the viewer's cached one."""
    awards = state.month(period, actor).awards
    projected = is_projected(period)
    title = tr("ui.awards.title_projected") if projected else tr("ui.awards.title")
    st.markdown(
        f":material/emoji_events: {title} — {awards_text(awards, reads.names())}",
        help=tr("ui.awards.projected_help") if projected else None,
    )
