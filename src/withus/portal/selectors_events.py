"""What the portal's Meetings and Opportunities pages read: only the signed-in participant's own
invitations, and the open opportunities of the organisation they signed in to. Each function
runs a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from withus.events.models import Event, EventDocument, EventInvitation
from withus.events.pack import when_words
from withus.money.statements import Statement, statement_for_invitation, statement_for_opportunity
from withus.people.models import Participant
from withus.recruitment.models import Candidate, Opportunity

R = EventInvitation.Reply
PAST_FOR = dt.timedelta(days=365)
# Who may have the pack and the papers: people still invited or coming (guide 4.5: papers go
# to everyone expected at the meeting).
PAPER_REPLIES = (R.INVITED, R.ACCEPTED)
# Who may download the calendar file: anyone still expecting the event.
CALENDAR_REPLIES = (R.INVITED, R.ACCEPTED, R.WAITING)


def _invitations(participant: Participant):
    """The participant's invitations (a withdrawn invitation is no longer theirs to see)."""
    return (
        EventInvitation.objects.filter(participant=participant)
        .exclude(reply=R.WITHDRAWN)
        .select_related("event", "event__venue", "event__organisation")
    )


def invitation_for(participant: Participant, pk: int) -> EventInvitation:
    """One of the participant's own invitations, with what the detail page reads; 404 for
    anyone else's, a withdrawn one, or a missing one."""
    return get_object_or_404(
        _invitations(participant).select_related(
            "participant__named_contact", "event__contact", "event__rate_card"
        ),
        pk=pk,
    )


@dataclass(frozen=True)
class MeetingRow:
    invitation: EventInvitation
    when: str
    where: str

    @property
    def event(self) -> Event:
        return self.invitation.event


@dataclass
class Meetings:
    to_reply: list[MeetingRow] = field(default_factory=list)
    going: list[MeetingRow] = field(default_factory=list)
    waiting: list[MeetingRow] = field(default_factory=list)
    not_going: list[MeetingRow] = field(default_factory=list)
    past: list[MeetingRow] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.to_reply or self.going or self.waiting or self.not_going or self.past)


def where_words(event: Event) -> str:
    if event.venue is not None:
        return ", ".join(x for x in [event.venue.name, event.venue.postcode] if x)
    if event.online_link:
        return "Online"
    return "We will tell you where"


def meetings(participant: Participant, *, now: dt.datetime | None = None) -> Meetings:
    """The participant's meetings, grouped for the Meetings page (one query)."""
    now = now or timezone.now()
    rows = (
        _invitations(participant)
        .filter(event__ends_at__gte=now - PAST_FOR)
        .filter(Q(event__ends_at__gte=now) | Q(reply=R.ACCEPTED) | ~Q(attendance=""))
        .order_by("event__starts_at", "event__pk")
    )
    grouped = Meetings()
    upcoming = {
        R.INVITED: grouped.to_reply,
        R.ACCEPTED: grouped.going,
        R.WAITING: grouped.waiting,
        R.DECLINED: grouped.not_going,
    }
    for invitation in rows:
        event = invitation.event
        row = MeetingRow(invitation, when_words(event), where_words(event))
        if event.ends_at < now:
            grouped.past.append(row)
        elif invitation.reply in upcoming:
            upcoming[invitation.reply].append(row)
    grouped.past.reverse()  # the most recent first
    return grouped


def _papers_open(invitation: EventInvitation) -> bool:
    event = invitation.event
    return (
        event.papers_sent_at is not None
        and not event.is_cancelled
        and invitation.reply in PAPER_REPLIES
    )


def papers(invitation: EventInvitation) -> list[EventDocument]:
    """The event's papers, once they have been sent out to the people invited (none for a
    cancelled meeting, like the pack)."""
    if not _papers_open(invitation):
        return []
    event = invitation.event
    return list(EventDocument.objects.filter(event=event).order_by("uploaded_at", "id"))


def paper_for(invitation: EventInvitation, document_id: int) -> EventDocument:
    """One paper of the invitation's event, only once papers were sent, only for someone
    still invited or coming, and not for a cancelled meeting; 404 otherwise."""
    from django.http import Http404

    if not _papers_open(invitation):
        raise Http404("There are no papers for this meeting.")
    return get_object_or_404(EventDocument.objects.filter(event=invitation.event), pk=document_id)


def statement(invitation: EventInvitation) -> Statement | None:
    """What they would be paid for coming: always the total, never an hourly figure."""
    return statement_for_invitation(invitation)


# --- opportunities ------------------------------------------------------------------------------


def open_opportunities(*, today: dt.date | None = None):
    """Open opportunities in the current organisation's scope whose closing date has not
    passed, with their role description and rate card."""
    today = today or timezone.localdate()
    return (
        Opportunity.objects.filter(status=Opportunity.Status.OPEN)
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
        .select_related("role", "rate_card", "organisation")
        .order_by("closes_on", "-created_at", "-id")
    )


@dataclass(frozen=True)
class OpportunityRow:
    opportunity: Opportunity
    statement: Statement | None
    interested: bool

    @property
    def role(self):
        return self.opportunity.role


def _interested_in(participant: Participant) -> set[int]:
    return set(
        Candidate.objects.filter(participant=participant).values_list("opportunity_id", flat=True)
    )


def opportunities(participant: Participant) -> list[OpportunityRow]:
    """The open opportunities, each with the total it pays and whether they said they are
    interested (two queries)."""
    mine = _interested_in(participant)
    return [
        OpportunityRow(o, statement_for_opportunity(o, participant), o.pk in mine)
        for o in open_opportunities()
    ]


def opportunity_for(participant: Participant, pk: int) -> OpportunityRow:
    """One open opportunity in the participant's organisation; 404 for a closed one, one past
    its closing date, or one in another organisation."""
    opportunity = get_object_or_404(open_opportunities(), pk=pk)
    interested = Candidate.objects.filter(participant=participant, opportunity=opportunity).exists()
    return OpportunityRow(
        opportunity, statement_for_opportunity(opportunity, participant), interested
    )
