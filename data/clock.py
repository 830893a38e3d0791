"""Today's date for the whole app, read in one place so a demo can be set to any day.

`KPI_AS_OF=YYYY-MM-DD` pins "today" (a screenshot on the 6th of a month, a rehearsal of a
month's close); without it, today is the machine's date.
"""

from __future__ import annotations

import os
from datetime import date, datetime

from core.errors import ValidationError


def today() -> date:
    """The day data counts up to by default (SPEC §10's `as_of`)."""
    pinned = os.environ.get("KPI_AS_OF", "").strip()
    if not pinned:
        return date.today()
    return parse_day(pinned)


def now() -> datetime:
    """This moment, on the pinned day when `KPI_AS_OF` is set (the time of day is kept)."""
    moment = datetime.now()
    return datetime.combine(today(), moment.time())


def parse_day(text: str) -> date:
    """An ISO day (`YYYY-MM-DD`); anything else is refused with a message, not a traceback."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError("projection.bad_day", value=text) from None
