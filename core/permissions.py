"""Who may do what to whom: one role × action → scope table, checked by every service.

The app and the command line both call services that call `require`, so hiding a page is
never the only protection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from core.errors import PermissionDenied

Scope = Literal["own", "reports", "all"]

# Each action lists, per role, the scopes that role holds. A supervisor (anyone with direct
# reports) additionally holds "reports" for the actions in SUPERVISOR_ACTIONS.
POLICY: dict[str, dict[str, tuple[Scope, ...]]] = {
    "view_scorecard": {
        "director": ("all",),
        "hr": ("all",),
        "ops": ("own",),
        "cs": ("own",),
        "designer": ("own",),
        "sales": ("own",),
    },
    "view_appraisal": {
        "director": ("all",),
        "hr": ("all",),
        "ops": ("own",),
        "cs": ("own",),
        "designer": ("own",),
        "sales": ("own",),
    },
    "self_assess": {r: ("own",) for r in ("director", "hr", "ops", "cs", "designer", "sales")},
    "review": {},
    "calibrate": {"hr": ("all",)},
    "finalise": {"hr": ("all",)},
    "reopen": {"hr": ("all",)},
    "waive_self": {"hr": ("all",)},
    "record_interview": {"hr": ("all",)},
    "reapply_rules": {"hr": ("all",)},
    "payroll": {"hr": ("all",)},
    "payroll_close": {"hr": ("all",)},
    "set_plan": {"hr": ("all",)},
    "view_commission": {
        "director": ("all",),
        "hr": ("all",),
        "sales": ("own",),
        "ops": ("own",),
        "cs": ("own",),
        "designer": ("own",),
    },
    "edit_templates": {"director": ("all",)},
    "edit_targets": {"director": ("all",)},
    "edit_policy": {"admin": ("all",)},
    "edit_stewards": {"hr": ("all",), "admin": ("all",)},  # SPEC §9: who uploads which kind
    "manage_users": {"admin": ("all",)},
    "backup": {"admin": ("all",)},
    "view_audit": {"hr": ("all",), "admin": ("all",)},
    "verify_results": {"hr": ("all",), "admin": ("all",)},
    "rollback_import": {"hr": ("all",), "admin": ("all",)},
    "remind": {"hr": ("all",)},
    "edit_notifications": {"admin": ("all",)},
}
SUPERVISOR_ACTIONS = frozenset({"view_scorecard", "view_appraisal", "review", "view_commission"})

# SPEC §9 "upload stewards": who uploads each kind for the whole department. "role" is every
# holder of that role; "role:supervisor" only those of it with direct reports. These are the
# defaults; `Policy.upload_stewards` carries the department's own table (edited like any
# policy setting, audited), so services pass that in.
DEFAULT_UPLOAD_STEWARDS: dict[str, tuple[str, ...]] = {
    "orders": ("director", "ops:supervisor"),
    "traffic": ("director", "ops:supervisor"),
    "stores": ("director", "ops:supervisor"),
    "campaigns": ("director", "ops:supervisor"),
    "tickets": ("cs:supervisor",),
    "design_tasks": ("designer:supervisor",),
    "calls": ("sales:supervisor",),
    "employees": ("hr",),
    "attendance": ("hr",),
    "training": ("hr",),
    "metrics": ("hr",),
    "templates": ("director", "hr"),
    "targets": ("director", "hr"),
}
SUPERVISOR_SUFFIX = ":supervisor"
# Changing who owns an existing store moves its sales between people (SPEC §9): the director's
# or HR's alone, so HR may upload `stores` for that even though it is no steward of stores.
STORE_OWNER_ROLES = frozenset({"director", "hr"})
# Actions nobody may take on their own appraisal, whatever their scope (it would set their pay).
NOT_ON_SELF = frozenset({"calibrate"})


@dataclass(frozen=True)
class Actor:
    """The signed-in person; `reports` are the employee ids of their direct reports."""

    username: str
    role: str
    employee_id: str | None = None
    reports: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_supervisor(self) -> bool:
        return bool(self.reports)


SYSTEM_ROLE = "system"


def system_actor() -> Actor:
    """The command line without `--as`: whoever runs it already holds the database itself."""
    return Actor("system", SYSTEM_ROLE)


def scopes(actor: Actor, action: str) -> set[Scope]:
    if actor.role == SYSTEM_ROLE:
        return {"all"}
    held: set[Scope] = set(POLICY.get(action, {}).get(actor.role, ()))
    if actor.is_supervisor and action in SUPERVISOR_ACTIONS:
        held.add("reports")
    return held


def can(actor: Actor, action: str, employee_id: str | None = None) -> bool:
    """True when the actor holds a scope covering `employee_id` (None: the action as such)."""
    held = scopes(actor, action)
    if action in NOT_ON_SELF and employee_id is not None and employee_id == actor.employee_id:
        return False
    if "all" in held:
        return True
    if employee_id is None:
        return bool(held)
    if "own" in held and actor.employee_id is not None and employee_id == actor.employee_id:
        return True
    return "reports" in held and employee_id in actor.reports


def require(actor: Actor, action: str, employee_id: str | None = None) -> None:
    if not can(actor, action, employee_id):
        raise PermissionDenied(
            "permission.denied", action=action, target=employee_id or "-", user=actor.username
        )


def visible_employees(actor: Actor, action: str, all_ids: list[str]) -> list[str]:
    """The subset of `all_ids` the actor may see for `action` (keeps the input order)."""
    return [e for e in all_ids if can(actor, action, e)]


def is_steward(actor: Actor, entries: tuple[str, ...]) -> bool:
    """Whether the actor matches one of a kind's steward entries ("role" or "role:supervisor")."""
    for entry in entries:
        role, _, qualifier = entry.partition(":")
        if role == actor.role and (not qualifier or actor.is_supervisor):
            return True
    return False


def upload_kinds(
    actor: Actor, stewards: dict[str, tuple[str, ...]] | None = None
) -> frozenset[str]:
    """The kinds the actor may upload under `stewards` (default: SPEC's table)."""
    table = DEFAULT_UPLOAD_STEWARDS if stewards is None else stewards
    return frozenset(kind for kind in table if can_import(actor, kind, table))


def can_import(actor: Actor, kind: str, stewards: dict[str, tuple[str, ...]] | None = None) -> bool:
    if actor.role == SYSTEM_ROLE:
        return True
    table = DEFAULT_UPLOAD_STEWARDS if stewards is None else stewards
    if kind == "stores" and can_change_store_owner(actor):
        return True
    return is_steward(actor, table.get(kind, ()))


def can_change_store_owner(actor: Actor) -> bool:
    return actor.role == SYSTEM_ROLE or actor.role in STORE_OWNER_ROLES


def require_import(
    actor: Actor, kind: str, stewards: dict[str, tuple[str, ...]] | None = None
) -> None:
    if not can_import(actor, kind, stewards):
        raise PermissionDenied("permission.import_denied", kind=kind, user=actor.username)
