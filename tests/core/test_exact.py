"""At most two decimals (SPEC §11): the digit test behind every score, point and amount."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.exact import within_places


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("69.99", True),
        ("-20.01", True),
        ("70.000", True),  # trailing zeros change nothing: exactly 70
        ("1E+2", True),  # 100
        ("0", True),
        ("69.999", False),  # would round to 70.00 and move D to C
        ("-20.001", False),
        ("10.005", False),  # half a cent
        ("0.001", False),
    ],
)
def test_within_two_places(text: str, ok: bool) -> None:
    assert within_places(Decimal(text)) is ok
