"""The audit trail for people: names beside ids, and what changed as "field: before → after"
in the reader's language instead of two JSON documents.
"""

from __future__ import annotations

import json
import re
from typing import Any

from core.catalogue import CATALOGUE
from core.i18n import keys as i18n_keys
from core.i18n import t
from dashboards.widgets import DASH, kpi_name, state_name

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
SEPARATOR = " · "


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Nested settings as dotted paths; a list of KPI rows (a template) keyed by its KPI."""
    if (
        isinstance(value, list)
        and value
        and all(isinstance(v, dict) and "kpi_id" in v for v in value)
    ):
        value = {
            v["kpi_id"]: {k: x for k, x in v.items() if k not in ("kpi_id", "role")} for v in value
        }
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        value = {str(i): v for i, v in enumerate(value, start=1)}  # tiers, grades: by position
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return {prefix: value} if prefix else {}


class _Missing:
    """A field the document did not have, told apart from one stored as null."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


def changes(before: Any, after: Any) -> list[tuple[str, Any, Any]]:
    """(path, before, after) of every value that differs, in the order the fields appear;
    MISSING where one side has no such field."""
    old, new = flatten(before or {}), flatten(after or {})
    paths = dict.fromkeys([*old, *new])
    return [
        (p, old.get(p, MISSING), new.get(p, MISSING))
        for p in paths
        if _same(old.get(p)) != _same(new.get(p)) or _null_added(p, old, new)
    ]


def _null_added(path: str, old: dict[str, Any], new: dict[str, Any]) -> bool:
    """A tier's upper bound stored as null means "and above": adding one is a change."""
    return path.rsplit(".", 1)[-1] == "upper" and (path in old) != (path in new)


def _same(value: Any) -> Any:
    """Blank and missing are one thing to a reader; "85.00" and 85 are one score."""
    if value in (None, "", [], {}):
        return None
    if isinstance(value, str) and _NUMBER.match(value):
        return float(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return value


def field_label(path: str, lang: str) -> str:
    """Each part of a path in words: known fields translated, KPI ids named."""
    parts = []
    for part in path.split("."):
        key = f"ui.audit.field.{part}"
        if key in i18n_keys():
            parts.append(t(key, lang))
        elif part in CATALOGUE:
            parts.append(kpi_name(part, lang))
        else:
            parts.append(part)
    return SEPARATOR.join(parts)


def value_text(path: str, value: Any, lang: str) -> str:
    """A value as a person reads it: states and KPIs by name, 85 not "85.00", yes/no, —,
    and a tier's open upper bound as "and above"."""
    last = path.rsplit(".", 1)[-1]
    if value is None and last == "upper":
        return t("ui.audit.and_above", lang)
    value = None if value is MISSING else _same(value)
    if value is None:
        return DASH
    if isinstance(value, bool):
        return t("ui.audit.yes", lang) if value else t("ui.audit.no", lang)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:g}"
    if last == "state":
        return state_name(str(value), lang)
    if last == "kpi_id" and value in CATALOGUE:
        return kpi_name(str(value), lang)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def readable(before: Any, after: Any, lang: str, limit: int = 80) -> str:
    """One line for the table: "State: Open → Self-assessment submitted; …" (long texts cut,
    the row's details show them in full)."""
    parts = []
    for path, old, new in changes(before, after):
        old_text, new_text = (_cut(value_text(path, v, lang), limit) for v in (old, new))
        parts.append(f"{field_label(path, lang)}: {old_text} → {new_text}")
    return "; ".join(parts)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def key_text(key: str, names: dict[str, str]) -> str:
    """An entity key with people named: "E12/2026-03" → "杨帆 (E12) / 2026-03"."""
    return "/".join(f"{names[p]} ({p})" if p in names else p for p in key.split("/"))


def parse(document: str) -> Any:
    """The service's JSON text back to values (empty for hidden or missing contents)."""
    return json.loads(document) if document else None
