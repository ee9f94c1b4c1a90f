from django.urls import reverse

from withus.orgs.capabilities import Capability
from withus.orgs.models import Membership

# The lifecycle areas that exist so far, in the guide's order. Each later area adds itself here.
NAVIGATION = [
    ("Dashboard", "orgs:dashboard", None),
    ("People", "people:list", Capability.MANAGE_PEOPLE),
    ("Projects", "projects:list", Capability.VIEW_REPORTS),
    ("Recruitment", "recruitment:opportunities", Capability.MANAGE_PEOPLE),
    ("Events", "events:list", Capability.MANAGE_PEOPLE),
    ("Messages", "messaging:outbox", Capability.MANAGE_PEOPLE),
    ("Money", "money:overview", (Capability.MANAGE_PEOPLE, Capability.APPROVE_PAYMENTS)),
    ("Voice", "voice:home", (Capability.MANAGE_PEOPLE, Capability.VIEW_REPORTS)),
    ("Surveys", "surveys:list", (Capability.MANAGE_PEOPLE, Capability.VIEW_REPORTS)),
    ("Concerns", "concerns:inbox", Capability.MANAGE_PEOPLE),
    ("Support", "support:home", (Capability.MANAGE_PEOPLE, Capability.VIEW_REPORTS)),
    ("Moving on", "exits:index", Capability.MANAGE_PEOPLE),
    ("Safeguarding log", "exits:concerns", Capability.MANAGE_SAFEGUARDING),
    ("Improve", "orgs:improve", Capability.VIEW_REPORTS),
    ("Reports", "reports:home", Capability.VIEW_REPORTS),
    ("Staff", "orgs:staff", Capability.ADMIN),
    ("Settings", "orgs:settings", Capability.ADMIN),
    ("Audit trail", "audit:events", Capability.ADMIN),
]


def _holds(membership, capability) -> bool:
    """A tuple of capabilities means any one of them will do."""
    if isinstance(capability, tuple):
        return any(membership.has(c) for c in capability)
    return membership.has(capability)


# "Improve" is one menu entry for three areas: it is current on any of their pages.
SECTIONS = {"orgs:improve": ("assessment", "adviser", "policies")}


def _is_current(current: str, name: str) -> bool:
    """A section is current on any of its pages; the organisation's own pages match exactly."""
    namespace = name.split(":")[0]
    if current.split(":")[0] in SECTIONS.get(name, ()):
        return True
    return current == name or (namespace != "orgs" and current.startswith(namespace + ":"))


def _badge(name: str, membership):
    """A count shown beside a menu item, worked out only when the menu is drawn. Only the
    concerns inbox has one: new complaints, concerns and (for the safeguarding lead) worries."""
    if name != "concerns:inbox":
        return None

    def count() -> int | None:
        from withus.concerns.selectors import new_count

        return new_count(membership) or None

    return count


def organisation(request):
    org = getattr(request, "organisation", None)
    membership = getattr(request, "membership", None)
    if org is None or membership is None:
        return {"organisation": None, "membership": None}
    current = request.resolver_match.view_name if request.resolver_match else ""
    nav_items = [
        {
            "label": label,
            "url": reverse(name, kwargs={"org_slug": org.slug}),
            "active": _is_current(current, name),
            "count": _badge(name, membership),
        }
        for label, name, capability in NAVIGATION
        if capability is None or _holds(membership, capability)
    ]
    return {
        "organisation": org,
        "membership": membership,
        "nav_items": nav_items,
        "switchable_organisations": lambda: Membership.of_user.for_user(request.user).count() > 1,
    }
