"""Exact input (SPEC §11): scores, calibration points and money take at most two decimals.

More is refused rather than rounded, because one rounded digit can move a grade or a cent.
"""

from __future__ import annotations

from decimal import Decimal

PLACES = 2


def within_places(number: Decimal, places: int = PLACES) -> bool:
    """Whether `number` (finite) has no non-zero digit beyond `places` decimals.

    Trailing zeros are not digits that matter: 70.000 is exactly 70 and is accepted.
    """
    exponent = number.normalize().as_tuple().exponent
    return isinstance(exponent, int) and exponent >= -places
