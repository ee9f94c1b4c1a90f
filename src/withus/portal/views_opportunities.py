"""The participant's Opportunities pages: open roles in their organisation, in plain words,
with the total they would be paid; "I'm interested" puts them into the recruitment pipeline.

An open opportunity is not private: every participant in the organisation may see it. Another
organisation's, a closed one, or one past its closing date answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from withus.portal import selectors_events as selectors
from withus.portal import services_events as services
from withus.portal import session
from withus.portal.contact import contact_name


@session.portal_required
def opportunities(request):
    return render(
        request,
        "portal/opportunities/list.html",
        {
            "rows": selectors.opportunities(request.participant),
            "contact_name": contact_name(request.participant),
        },
    )


@session.portal_required
def opportunity(request, pk: int):
    row = selectors.opportunity_for(request.participant, pk)
    return render(
        request,
        "portal/opportunities/detail.html",
        {"row": row, "contact_name": contact_name(request.participant)},
    )


@require_POST
@session.portal_required
def opportunity_interested(request, pk: int):
    row = selectors.opportunity_for(request.participant, pk)  # 404 before anything else
    _, added = services.interested(
        opportunity=row.opportunity, participant=request.participant, request=request
    )
    contact = contact_name(request.participant)
    if added:
        messages.success(
            request, f"Thank you. You said you are interested. {contact} will get in touch."
        )
    else:
        messages.info(
            request, f"You already told us you are interested. {contact} will get in touch."
        )
    return redirect("portal:opportunity", pk=row.opportunity.pk)
