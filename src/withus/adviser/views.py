"""The troubleshooting adviser: signals from the data first, then the guide's common problems."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import resolve, reverse

from withus.adviser import guidance, selectors
from withus.orgs.capabilities import Capability
from withus.orgs.permissions import capability_required

# Where to look next for each signal: (URL name, link text).
LINKS = {
    "recruitment": ("recruitment:funnel", "See the recruitment funnel"),
    "attendance": ("events:list", "See events"),
    "feedback": ("voice:home", "See voice and impact"),
    "expenses": ("money:claims", "See expense claims"),
    "same_few": ("people:list", "See people"),
    "co_planning": ("projects:list", "See projects"),
    "staff_training": ("support:staff", "See staff training"),
    "equality": ("reports:equality", "See the equality report"),
}


def _can_open(request, url: str) -> bool:
    """Whether the member may open a page of their organisation: the capability (or any of the
    capabilities) its view was decorated with. A link they could only get a 403 from is not
    shown."""
    needed = getattr(resolve(url).func, "required_capability", None)
    if needed is None:
        return True
    choices = needed if isinstance(needed, tuple | list | set | frozenset) else (needed,)
    return any(request.membership.has(capability) for capability in choices)


def _item(request, signal):
    problem = guidance.problem(signal.problem)
    url_name, link_text = LINKS[signal.code]
    url = reverse(url_name, kwargs={"org_slug": request.organisation.slug})
    return {
        "signal": signal,
        "problem": problem,
        "url": url if _can_open(request, url) else "",
        "link_text": link_text,
    }


@capability_required(Capability.VIEW_REPORTS)
def home(request, org_slug):
    report = selectors.all_signals(request.organisation)
    items = [_item(request, signal) for signal in report.signals]
    return render(
        request,
        "adviser/home.html",
        {
            "today": report.today,
            "total": len(items),
            "firing": [i for i in items if i["signal"].fires],
            "unknown": [i for i in items if i["signal"].status == "unknown"],
            "clear": [i for i in items if i["signal"].status == "clear"],
            "problems_started": [p for p in guidance.PROBLEMS if p.section == "3.2"],
            "problems_running": [p for p in guidance.PROBLEMS if p.section == "4.7"],
            "problems_other": [p for p in guidance.PROBLEMS if p.section not in ("3.2", "4.7")],
            "credit": guidance.CREDIT,
        },
    )
