"""Money reports: the money home (owed, overdue, how fast, totals), a person's payments with
totals per tax year, spend against project budgets, the ledger and statement downloads, and
statements in advance. Views are thin: reads come from money/selectors.py, files from
money/exporting.py, statements from money/statements.py.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from withus.events.models import EventInvitation
from withus.events.timing import zone
from withus.messaging.models import Message
from withus.money import exporting, selectors, statements
from withus.orgs.capabilities import Capability
from withus.orgs.permissions import any_capability_required, capability_required
from withus.people.forms import DateInput
from withus.people.models import Participant
from withus.projects.models import Project
from withus.recruitment.models import Opportunity

MONEY_PEOPLE = (Capability.APPROVE_PAYMENTS, Capability.MANAGE_PEOPLE)
PAGE_SIZE = 50
CLAIMS_SHOWN = 50


def _now_and_zone(request):
    return timezone.now(), zone(request.organisation.timezone)


def _today(request) -> dt.date:
    now, tz = _now_and_zone(request)
    return now.astimezone(tz).date()


def _participant(pk) -> Participant:
    return get_object_or_404(Participant.objects.all(), pk=pk)


@any_capability_required(*MONEY_PEOPLE)
def overview(request, org_slug):
    now, tz = _now_and_zone(request)
    summary = selectors.overview(request.organisation, now=now, tz=tz)
    today = now.astimezone(tz).date()
    return render(
        request,
        "money/reports/overview.html",
        {
            "summary": summary,
            "today": today,
            "can_export": request.membership.has(Capability.EXPORT),
            "can_view_reports": request.membership.has(Capability.VIEW_REPORTS),
            "ledger_form": LedgerForm(
                initial={"from": selectors.tax_year_start(today), "to": today}
            ),
        },
    )


@any_capability_required(*MONEY_PEOPLE)
def person(request, org_slug, pk):
    participant = _participant(pk)
    totals = selectors.person_totals(participant)
    page = Paginator(selectors.person_payments(participant), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    claims = list(selectors.person_claims(participant)[:CLAIMS_SHOWN])
    context = {
        "participant": participant,
        "totals": totals,
        "page": page,
        "claims": claims,
        "claims_shown": CLAIMS_SHOWN,
        "today": _today(request),
    }
    if request.GET.get("format") == "print":
        return render(request, "money/reports/person_print.html", context)
    return render(request, "money/reports/person.html", context)


@any_capability_required(*MONEY_PEOPLE)
def person_xlsx(request, org_slug, pk):
    participant = _participant(pk)
    return exporting.person_response(
        participant=participant, request=request, today=_today(request)
    )


class LedgerForm(forms.Form):
    """The dates of activity to download (?from=&to=); empty means this tax year so far."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from"] = forms.DateField(
            label="From",
            required=False,
            widget=DateInput(format="%Y-%m-%d"),
            help_text="For example 2026-04-06",
        )
        self.fields["to"] = forms.DateField(
            label="To",
            required=False,
            widget=DateInput(format="%Y-%m-%d"),
            help_text="For example 2027-04-05",
        )

    def clean(self):
        data = super().clean()
        first, last = data.get("from"), data.get("to")
        if first and last and first > last:
            self.add_error("to", "The last date must be the same as or after the first date.")
        return data


@capability_required(Capability.EXPORT)
def ledger_xlsx(request, org_slug):
    form = LedgerForm(request.GET)
    if not form.is_valid():
        return render(request, "money/reports/ledger_form.html", {"form": form}, status=400)
    today = _today(request)
    date_from = form.cleaned_data.get("from") or selectors.tax_year_start(today)
    date_to = form.cleaned_data.get("to") or max(today, date_from)
    return exporting.ledger_response(request=request, date_from=date_from, date_to=date_to)


@capability_required(Capability.VIEW_REPORTS)
def spend(request, org_slug):
    page = Paginator(Project.objects.order_by("name", "id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows, unlinked = selectors.spend_by_project(list(page.object_list))
    return render(
        request,
        "money/reports/spend.html",
        {"page": page, "rows": rows, "unlinked": unlinked},
    )


# --- statements in advance ---------------------------------------------------------------------


def _statement_page(request, *, statement, subject_label, reason, back_url):
    sent = None
    plan = rendered = None
    if statement is not None:
        sent = Message.objects.filter(dedupe_key=statement.dedupe_key).first()
        plan, rendered = statements.preview(statement)
    if request.method == "POST":
        if statement is None:
            messages.error(request, f"Nothing to send: {reason}")
            return redirect(request.path)
        message = statements.send_statement(
            statement=statement, actor=request.user, request=request
        )
        if message.status == Message.Status.NOT_SENT:
            messages.error(request, f"Not sent: {message.status_reason}")
        elif sent is not None:
            messages.info(request, "This statement was already sent; it was not sent again.")
        else:
            messages.success(
                request,
                f"Statement for {statement.participant.preferred_name}: "
                f"{message.get_status_display()}.",
            )
        return redirect(request.path)
    return render(
        request,
        "money/reports/statement.html",
        {
            "statement": statement,
            "subject_label": subject_label,
            "reason": reason,
            "plan": plan,
            "rendered": rendered,
            "sent": sent,
            "back_url": back_url,
        },
    )


@capability_required(Capability.MANAGE_PEOPLE)
def statement_invitation(request, org_slug, invitation_id):
    invitation = get_object_or_404(
        EventInvitation.objects.select_related(
            "event__rate_card", "event__organisation", "participant__organisation"
        ),
        pk=invitation_id,
    )
    if invitation.participant.erased_at is not None:
        raise Http404("No such invitation.")
    statement = statements.statement_for_invitation(invitation)
    event = invitation.event
    if event.is_cancelled:
        reason = "the event is cancelled."
    else:
        reason = "the event has no rate card, so it pays nothing. Choose one on the event first."
    return _statement_page(
        request,
        statement=statement,
        subject_label=f"{invitation.participant.preferred_name}, invited to {event.title}",
        reason=reason,
        back_url=reverse("events:detail", kwargs={"org_slug": org_slug, "pk": event.pk}),
    )


@capability_required(Capability.MANAGE_PEOPLE)
def statement_opportunity(request, org_slug, opportunity_id, pk):
    opportunity = get_object_or_404(
        Opportunity.objects.select_related("rate_card"), pk=opportunity_id
    )
    participant = _participant(pk)
    if participant.erased_at is not None:
        raise Http404("No such person.")
    statement = statements.statement_for_opportunity(opportunity, participant)
    if opportunity.rate_card_id is None:
        reason = "the opportunity has no rate card, so it pays nothing."
    else:
        reason = "say how many sessions the commitment is on the opportunity first."
    return _statement_page(
        request,
        statement=statement,
        subject_label=f"{participant.preferred_name}, for {opportunity.title}",
        reason=reason,
        back_url=reverse(
            "recruitment:opportunity_detail", kwargs={"org_slug": org_slug, "pk": opportunity.pk}
        ),
    )
