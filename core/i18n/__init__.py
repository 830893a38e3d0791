"""Message catalogue in English and Simplified Chinese, keyed by dotted ids.

The texts are gettext catalogues under `locales/` (a .po per language, compiled to the .mo read
here), kept by `pybabel extract/update/compile` (README, Translations).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from babel.support import Translations

LANGS = ("en", "zh")
LOCALES = Path(__file__).with_name("locales")
DOMAIN = "messages"


def N_(key: str) -> str:
    """Mark a key kept for later (a table of labels, an error's key) so `pybabel extract`
    finds it; the translation happens where it is shown."""
    return key


def mo_path(lang: str) -> Path:
    """Where `pybabel compile` writes a language's catalogue (and the tests compare it)."""
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


@cache
def translations(lang: str) -> Translations:
    """The compiled catalogue of `lang`, read once per process. A missing file raises: the
    app must not quietly show keys instead of words."""
    with mo_path(lang).open("rb") as compiled:
        return Translations(compiled, domain=DOMAIN)


def _messages(lang: str) -> dict[str, str]:
    # gettext keeps the messages in `_catalog` and offers no public lookup that tells a missing
    # key from a text equal to it; the "" entry is the catalogue's header, not a message.
    return translations(lang)._catalog


def t(key: str, lang: str = "en", **params: Any) -> str:
    """Translate `key`; an unknown key shows itself so a gap is visible, never a crash.
    Any language but Chinese reads English."""
    text = _messages("zh" if lang == "zh" else "en").get(key) if key else None
    if text is None:
        return key if not params else f"{key} {params}"
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def keys() -> set[str]:
    """Every message key, so a stored value that is a key (an audit action) can be shown as text."""
    return set(_messages("en")) - {""}


def catalogue() -> dict[str, tuple[str, str]]:
    """Every message as (English, Chinese), for tests that read texts next to their keys."""
    zh = _messages("zh")
    return {k: (v, zh.get(k, "")) for k, v in _messages("en").items() if k}
