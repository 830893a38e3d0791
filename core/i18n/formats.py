"""Numbers, money, percentages and dates as each language writes them, through Babel's CLDR
rules, so the pages, the CLI and reminders format alike and no module hand-writes separators.

Values are rounded half-up here first (Babel's own rounding is half-even, and 2.5 must read 3),
from the exact decimal of the value, so money never passes through a float.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import pandas as pd
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

DASH = "—"
# The app's languages as Babel locales: English as written in the US (1,234.5, Oct 6, 2026)
# and Simplified Chinese as written in mainland China (1,234.5, 2026年10月6日).
LOCALES = {"en": "en_US", "zh": "zh_Hans_CN"}
# Money is yuan in both languages, written as China writes it (¥1,234.50): en_US would write
# CN¥, which reads like a foreign currency to the department paying it.
CURRENCY = "CNY"
MONEY_LOCALE = LOCALES["zh"]


def locale(lang: str) -> str:
    """The Babel locale of an app language; any other code reads English, as `t` does."""
    return LOCALES.get(lang, LOCALES["en"])


def blank(value: Any) -> bool:
    """None, NaN, NaT, pd.NA or a non-finite Decimal: a value that is not there."""
    if value is None:
        return True
    if isinstance(value, Decimal):
        return not value.is_finite()
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def exact_decimal(value: Any) -> Decimal | None:
    """Exact decimal of a float/Decimal/str, so half-up rounding does not see float noise."""
    if blank(value):
        return None
    try:
        if isinstance(value, float):
            # float(): numpy's float64 is a float whose repr is "np.float64(…)", not a number.
            return Decimal(repr(float(value)))
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _half_up(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def number(value: Any, decimals: int = 0, lang: str = "en") -> str:
    """A plain number with the language's separators, rounded half-up; '—' when undefined."""
    exact = exact_decimal(value)
    if exact is None:
        return DASH
    return format_decimal(_half_up(exact, decimals), _pattern(decimals), locale=locale(lang))


def money(value: Any, cents: bool = False) -> str:
    """Yuan: `¥1,234,567`, or `¥1,234.50` with `cents=True` (pay-outs show cents, sales do not);
    `-¥1,234.50` below zero; '—' when undefined. The same in both languages (see CURRENCY)."""
    exact = exact_decimal(value)
    if exact is None:
        return DASH
    decimals = 2 if cents else 0
    return format_currency(
        _half_up(exact, decimals),
        CURRENCY,
        "¤" + _pattern(decimals),
        locale=MONEY_LOCALE,
        currency_digits=False,
    )


def percent(value: Any, decimals: int = 1, lang: str = "en") -> str:
    """A fraction as a percentage, 0.953 → `95.3%`, rounded half-up; '—' when undefined (a zero
    denominator)."""
    exact = exact_decimal(value)
    if exact is None:
        return DASH
    # Rounded as a percentage, then handed back as the fraction Babel multiplies by 100.
    shown = _half_up(exact * 100, decimals) / 100
    return format_percent(shown, _pattern(decimals) + "%", locale=locale(lang))


def _signed(pattern: str) -> str:
    # A sign on both sides, zero included (+0.0): st.metric colours a delta by its first char.
    return f"+{pattern};-{pattern}"


def signed_number(value: Any, decimals: int = 1, lang: str = "en") -> str:
    """A change with its sign, `+1,234.5`, `-0.5`, `+0.0`; '—' when undefined."""
    exact = exact_decimal(value)
    if exact is None:
        return DASH
    return format_decimal(
        _half_up(exact, decimals), _signed(_pattern(decimals)), locale=locale(lang)
    )


def signed_percent(value: Any, decimals: int = 1, lang: str = "en") -> str:
    """A relative change with its sign: 0.034 → `+3.4%`; '—' when undefined."""
    exact = exact_decimal(value)
    if exact is None:
        return DASH
    shown = _half_up(exact * 100, decimals) / 100
    return format_percent(shown, _signed(_pattern(decimals) + "%"), locale=locale(lang))


def day(value: date | None, lang: str = "en") -> str:
    """A calendar day as the language writes it: `Oct 6, 2026`, `2026年10月6日`."""
    if value is None or blank(value):
        return DASH
    return format_date(value, "medium", locale=locale(lang))
