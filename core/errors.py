"""Errors a user can cause, carried as a message key plus parameters.

The key is translated at the edge (UI or CLI) so the same error reads in English or Chinese.
"""

from __future__ import annotations

from typing import Any


class KpiError(Exception):
    """A user-caused error; `key` names a message in `core.i18n`, `params` fill it in."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str = "en") -> str:
        from core.i18n import t

        return t(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.message("en")


class ValidationError(KpiError):
    """Input (a file, a form, a setting) that breaks a rule; nothing was changed."""


class PermissionDenied(KpiError):
    """The actor may not do this; services raise it before touching anything."""


class StateError(KpiError):
    """The appraisal is not in a state that allows this (e.g. it is finalised)."""


class ConflictError(KpiError):
    """Someone else saved the same record first (optimistic locking)."""
