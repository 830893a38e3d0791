"""Message catalogue in English and Simplified Chinese, keyed by dotted ids.

Every `msg_*.py` module beside this file contributes `MESSAGES = {key: (en, zh)}`, so each
area (imports, policy, appraisals, UI) owns its strings without editing a shared file.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from typing import Any

LANGS = ("en", "zh")
_CATALOGUE: dict[str, tuple[str, str]] = {}
_OWNER: dict[str, str] = {}


def register(messages: Mapping[str, tuple[str, str]], owner: str = "") -> None:
    """Add messages; a key two modules define differently is a bug, so it fails loudly at
    import time. The same module registering again (a dev server's hot reload) replaces."""
    clash = {
        k
        for k in set(messages) & set(_CATALOGUE)
        if _OWNER.get(k) != owner and _CATALOGUE[k] != messages[k]
    }
    if clash:
        raise KeyError(f"i18n keys defined twice: {sorted(clash)}")
    _CATALOGUE.update(messages)
    _OWNER.update(dict.fromkeys(messages, owner))


def register_package(package: str, path: list[str]) -> None:
    for info in pkgutil.iter_modules(path):
        if info.name.startswith("msg_"):
            name = f"{package}.{info.name}"
            register(importlib.import_module(name).MESSAGES, owner=name)


def t(key: str, lang: str = "en", **params: Any) -> str:
    """Translate `key`; an unknown key shows itself so a gap is visible, never a crash."""
    pair = _CATALOGUE.get(key)
    if pair is None:
        return key if not params else f"{key} {params}"
    text = pair[1] if lang == "zh" else pair[0]
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def keys() -> set[str]:
    return set(_CATALOGUE)


def catalogue() -> dict[str, tuple[str, str]]:
    return dict(_CATALOGUE)


register_package(__name__, __path__)
