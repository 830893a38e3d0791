"""Calendar months (`YYYY-MM`) and days-employed arithmetic used for proration.

Every period rule of SPEC §2 and §5 goes through here so month edges are handled once.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from core.errors import ValidationError

_PERIOD_RE = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Period:
    """A calendar month; ordered so months compare and sort naturally."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Period:
        match = _PERIOD_RE.match(str(text).strip())
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValidationError("period.invalid", value=text)
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date | datetime) -> Period:
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, self.days)

    @property
    def days(self) -> int:
        return calendar.monthrange(self.year, self.month)[1]

    @property
    def start(self) -> datetime:
        """First instant of the month (inclusive)."""
        return datetime(self.year, self.month, 1)

    @property
    def end(self) -> datetime:
        """First instant of the next month (exclusive)."""
        return self.next().start

    def next(self) -> Period:
        return Period(self.year + (self.month == 12), self.month % 12 + 1)

    def previous(self) -> Period:
        return Period(self.year - (self.month == 1), 12 if self.month == 1 else self.month - 1)

    def quarter(self) -> int:
        return (self.month - 1) // 3 + 1

    def quarter_months(self) -> list[Period]:
        first = (self.quarter() - 1) * 3 + 1
        return [Period(self.year, m) for m in range(first, first + 3)]

    def is_quarter_end(self) -> bool:
        return self.month % 3 == 0

    def deadline(self, day_of_next_month: int) -> datetime:
        """End of the given day of the following month (deadlines are whole days)."""
        nxt = self.next()
        return datetime(nxt.year, nxt.month, min(day_of_next_month, nxt.days)) + timedelta(days=1)


def days_employed(period: Period, hire_date: date | None, leave_date: date | None) -> int:
    """Calendar days of the month the person was employed, both ends inclusive."""
    start = max(period.first_day, hire_date) if hire_date else period.first_day
    end = min(period.last_day, leave_date) if leave_date else period.last_day
    return max((end - start).days + 1, 0)


def days_employed_in(periods: list[Period], hire_date: date | None, leave_date: date | None) -> int:
    return sum(days_employed(p, hire_date, leave_date) for p in periods)


def months_between(first: Period, last: Period) -> list[Period]:
    """Every month from `first` to `last`, both included, oldest first (none if last < first)."""
    months, cursor = [], first
    while cursor <= last:
        months.append(cursor)
        cursor = cursor.next()
    return months


def months_ending(last: Period, count: int) -> list[Period]:
    """The `count` months ending with `last`, oldest first (a trend's x axis, a look-back)."""
    months = [last]
    while len(months) < count:
        months.insert(0, months[0].previous())
    return months
