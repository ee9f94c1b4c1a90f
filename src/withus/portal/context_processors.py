"""What every portal page needs: the participant's menu and whether Easy Read is on."""

from __future__ import annotations

from django.urls import reverse

EASY_READ = "withus_easy_read"

# (label, Easy Read label, url name, icon, the url-name prefixes that mark it as current)
MENU = [
    ("Home", "Home", "portal:home", "home", ("portal:home",)),
    ("Meetings", "Meetings", "portal:events", "calendar", ("portal:event",)),
    (
        "Opportunities",
        "Ways to get involved",
        "portal:opportunities",
        "star",
        ("portal:opportunit",),
    ),
    ("Money", "Money", "portal:money", "money", ("portal:money", "portal:claim", "portal:payment")),
    ("Your say", "Your say", "portal:voice", "speech", ("portal:voice", "portal:survey")),
    ("Your record", "What you have done", "portal:record", "certificate", ("portal:record",)),
    ("Your details", "About you", "portal:details", "person", ("portal:details", "portal:consent")),
    ("Get help", "Get help", "portal:help", "help", ("portal:help", "portal:concern")),
]


def is_easy_read(request) -> bool:
    return bool(request.session.get(EASY_READ)) if hasattr(request, "session") else False


def portal(request) -> dict:
    if not request.path.startswith("/p/"):
        return {}
    if getattr(request, "participant", None) is None:
        return {"easy_read": is_easy_read(request), "portal_menu": []}
    match = getattr(request, "resolver_match", None)
    current = f"{match.namespace}:{match.url_name}" if match and match.namespace else ""
    easy = is_easy_read(request)
    items = [
        {
            "label": easy_label if easy else label,
            "url": reverse(name),
            "icon": icon,
            "active": any(current.startswith(p) for p in prefixes),
        }
        for label, easy_label, name, icon, prefixes in MENU
    ]
    return {
        "easy_read": easy,
        "portal_menu": items,
        "portal_participant": request.participant,
        "portal_read_only": getattr(request, "portal_read_only", False),
    }
