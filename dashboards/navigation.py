"""Which pages each signed-in person may open, derived from `core.permissions` as plain data
the entry file hands to `st.navigation` (and tests check without Streamlit).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from core.i18n import N_
from core.permissions import Actor, can, upload_kinds

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class PageSpec:
    """One page: its file relative to `dashboards/`, a title message key, icon and URL.

    The URL path is the file's name, so a link or test can address a page by its file.
    """

    path: str
    title_key: str
    icon: str
    url_path: str


LOGIN = PageSpec("views/login.py", N_("ui.page.login"), ":material/login:", "login")
HOME = PageSpec("views/home.py", N_("ui.page.home"), ":material/home:", "home")
SELF = PageSpec(
    "views/self_assessment.py", "ui.page.self", ":material/edit_note:", "self_assessment"
)
REVIEW = PageSpec("views/team_review.py", "ui.page.review", ":material/groups:", "team_review")
UPLOAD = PageSpec("views/upload.py", "ui.page.upload", ":material/upload_file:", "upload")
HR = PageSpec("views/hr.py", "ui.page.hr", ":material/fact_check:", "hr")
AUDIT = PageSpec("views/audit.py", "ui.page.audit", ":material/history:", "audit")
ADMIN = PageSpec("views/admin.py", "ui.page.admin", ":material/admin_panel_settings:", "admin")

# The analytic role pages (built in views/ by the role-pages area).
DIRECTOR = PageSpec(
    "views/director.py", N_("ui.page.director"), ":material/monitoring:", "director"
)
OPERATIONS = PageSpec(
    "views/operations.py", N_("ui.page.operations"), ":material/storefront:", "operations"
)
SERVICE = PageSpec("views/service.py", N_("ui.page.service"), ":material/support_agent:", "service")
DESIGN = PageSpec("views/design.py", N_("ui.page.design"), ":material/palette:", "design")
SALES = PageSpec("views/sales.py", N_("ui.page.sales"), ":material/point_of_sale:", "sales")

ROLE_PAGES: dict[str, tuple[PageSpec, ...]] = {
    # The director reads every area; HR reads the department overview while calibrating
    # (the director page itself offers template editing only with `edit_templates`).
    "director": (DIRECTOR, OPERATIONS, SERVICE, DESIGN, SALES),
    "hr": (DIRECTOR,),
    "ops": (OPERATIONS,),
    "cs": (SERVICE,),
    "designer": (DESIGN,),
    "sales": (SALES,),
    # admin: users and settings, never appraisal contents (issue 5).
    "admin": (),
}

SECTION_ME = N_("ui.nav.me")
SECTION_ANALYTICS = N_("ui.nav.analytics")
SECTION_MANAGE = N_("ui.nav.manage")


def _exists(spec: PageSpec) -> bool:
    return (HERE / spec.path).is_file()


def pages_for(
    actor: Actor | None,
    *,
    appraised: bool = True,
    exists: Callable[[PageSpec], bool] = _exists,
    stewards: dict[str, tuple[str, ...]] | None = None,
) -> dict[str, list[PageSpec]]:
    """Sections (message keys) → pages the actor may open; logged out → only the login page.

    `appraised` is False for people the month's appraisal does not cover (the director, who
    has no manager; admins), so they get no self-assessment page. A page whose module does
    not exist yet is left out so the app still runs while areas are being built.
    """
    if actor is None:
        return {"": [LOGIN]}
    me = [HOME]
    if appraised and actor.employee_id and can(actor, "self_assess", actor.employee_id):
        me.append(SELF)
    if actor.is_supervisor and any(can(actor, "review", e) for e in actor.reports):
        me.append(REVIEW)
    if upload_kinds(actor, stewards):
        me.append(UPLOAD)
    analytics = list(ROLE_PAGES.get(actor.role, ()))
    manage = []
    if can(actor, "finalise"):
        manage.append(HR)
    if can(actor, "manage_users"):
        manage.append(ADMIN)
    if can(actor, "view_audit"):
        manage.append(AUDIT)
    sections = {SECTION_ME: me, SECTION_ANALYTICS: analytics, SECTION_MANAGE: manage}
    return {
        key: [p for p in pages if exists(p)]
        for key, pages in sections.items()
        if any(exists(p) for p in pages)
    }


def landing(actor: Actor | None) -> PageSpec:
    """Where a sign-in lands: the director on the department (pace, exceptions, people), not
    on a personal scorecard the month's appraisal does not cover; everyone else on Home."""
    if actor is not None and actor.role == "director" and _exists(DIRECTOR):
        return DIRECTOR
    return HOME


def all_specs() -> list[PageSpec]:
    """Every page the app knows, for tests that walk role × page."""
    specs = [LOGIN, HOME, SELF, REVIEW, UPLOAD, HR, AUDIT, ADMIN]
    specs += [DIRECTOR, OPERATIONS, SERVICE, DESIGN, SALES]
    return specs
