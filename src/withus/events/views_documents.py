"""The pre-meeting pack page, its downloads, and the printable sign-in sheet.

Events come through the scoped manager, so another organisation's event answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from withus.documents import PDF, download
from withus.events import pack as packs
from withus.events import pack_render, services_glossary, sign_in_sheet
from withus.events.forms_documents import PackGlossaryForm
from withus.events.models import Event, EventInvitation, GlossaryTerm
from withus.events.timing import local
from withus.orgs.capabilities import Capability
from withus.orgs.permissions import capability_required

R = EventInvitation.Reply


def _event(pk) -> Event:
    return get_object_or_404(packs.pack_events(), pk=pk)


@capability_required(Capability.MANAGE_PEOPLE)
def pack(request, org_slug, pk):
    event = _event(pk)
    terms = list(GlossaryTerm.objects.order_by("term"))
    glossary = packs.glossary_for(event, terms)
    found_ids = {term.pk for term in glossary.found}
    form = PackGlossaryForm(
        request.POST if request.method == "POST" else None,
        choices=GlossaryTerm.objects.exclude(pk__in=found_ids).order_by("term"),
        initial={"terms": [term.pk for term in glossary.chosen]},
    )
    if request.method == "POST" and form.is_valid():
        # Terms picked by hand that the papers now use stay picked, in case the papers change.
        kept = [term for term in event.glossary_terms.all() if term.pk in found_ids]
        services_glossary.event_glossary_set(
            event=event,
            terms=[*form.cleaned_data["terms"], *kept],
            actor=request.user,
            request=request,
        )
        messages.success(request, "The words the pack explains have been saved.")
        return redirect("events:pack", org_slug=org_slug, pk=pk)
    invitations = (
        EventInvitation.objects.filter(event=event, participant__erased_at__isnull=True)
        .exclude(reply__in=[R.DECLINED, R.WITHDRAWN])
        .select_related("participant")
        .order_by("participant__preferred_name", "id")
    )
    downloads = [
        {
            "fmt": fmt,
            "label": label,
            "size": {"standard": "12pt", "large-print": "18pt", "easy-read": "16pt, pictures"}[fmt],
        }
        for fmt, label in packs.FORMATS.items()
    ]
    people = [
        {
            "invitation": invitation,
            "fmt": packs.INVITATION_FORMATS.get(invitation.pack_format, packs.STANDARD),
        }
        for invitation in invitations
    ]
    return render(
        request,
        "events/pack/page.html",
        {
            "event": event,
            "when": packs.when_words(event),
            "downloads": downloads,
            "people": people,
            "glossary": glossary,
            "form": form,
            "gaps": packs.pack_gaps(event),
            "papers_late": event.papers_due_on
            < local(timezone.now(), event.organisation.timezone).date(),
        },
    )


@require_GET
@capability_required(Capability.MANAGE_PEOPLE)
def pack_download(request, org_slug, pk, fmt, ext):
    if fmt not in packs.FORMATS or ext not in packs.EXTENSIONS:
        raise Http404("No such pack format.")
    event = _event(pk)
    invitation = packs.invitation_for(event, request.GET.get("invitation"))
    the_pack = packs.pack_for(event, fmt, invitation=invitation)
    content, content_type = pack_render.render(the_pack, ext)
    return download(content, content_type, the_pack.filename(ext))


@require_GET
@capability_required(Capability.MANAGE_PEOPLE)
def sign_in(request, org_slug, pk):
    event = get_object_or_404(Event.objects.select_related("organisation", "venue"), pk=pk)
    sheet = sign_in_sheet.sheet_for(event)
    return download(sign_in_sheet.to_pdf(sheet), PDF, sheet.filename)
