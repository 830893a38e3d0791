"""User text (names, comments, reasons, file names) where Streamlit renders Markdown: titles,
captions, alerts, toasts, labels and page links show it exactly as typed, never as markup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# Every ASCII punctuation character may be backslash-escaped in CommonMark, and escaping all of
# them also covers Streamlit's own syntax (`:material/x:`, `:red[...]`, `$math$`).
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def literal(value: object) -> str:
    """`value` as text with every Markdown character escaped: `**x**` shows as `**x**`."""
    return _PUNCTUATION.sub(r"\\\1", str(value))


def literal_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """Message parameters with text escaped (numbers stay numbers for the formatter)."""
    return {k: literal(v) if isinstance(v, str) else v for k, v in params.items()}
