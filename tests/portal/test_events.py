"""The portal's Meetings pages: a participant's own invitations, a meeting's details, replying
(yes, no, waiting list, cancelled, past, blocked by a safeguarding check), the pack in each
format, papers once sent, and the calendar file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.events.builders import invite, make_event, make_venue
from tests.money.builders import make_rate_card
from tests.portal.helpers import person, portal_login
from tests.portal.registry_events import add_paper
from withus.audit.models import AuditEvent
from withus.events.models import EventInvitation
from withus.messaging.models import Message
from withus.money.models import RateCard
from withus.people import choices as c
from withus.people.models import Restriction
from withus.portal.context_processors import EASY_READ

pytestmark = pytest.mark.django_db
R = EventInvitation.Reply


@pytest.fixture
def pat(world):
    return person(world.org_a, "Pat Person", phone="07700900123", named_contact=world.alice)


@pytest.fixture
def signed_in(client, pat):
    portal_login(client, pat)
    return client


def _detail(invitation) -> str:
    return reverse("portal:event", kwargs={"pk": invitation.pk})


def _reply(invitation) -> str:
    return reverse("portal:event_reply", kwargs={"pk": invitation.pk})


def _fresh(invitation) -> EventInvitation:
    with scopes_disabled():
        return EventInvitation.unscoped.get(pk=invitation.pk)


# --- the list ------------------------------------------------------------------------------------


def test_list_groups_the_participants_own_meetings(signed_in, world, pat):
    invite(make_event(world.org_a, title="Forum to reply"), pat)
    invite(make_event(world.org_a, title="Forum going"), pat, reply=R.ACCEPTED)
    invite(make_event(world.org_a, title="Forum waiting"), pat, reply=R.WAITING)
    invite(make_event(world.org_a, title="Forum declined"), pat, reply=R.DECLINED)
    invite(make_event(world.org_a, title="Forum withdrawn"), pat, reply=R.WITHDRAWN)
    invite(
        make_event(world.org_a, title="Forum called off", status="cancelled"),
        pat,
        reply=R.ACCEPTED,
    )
    last_month = dt.date.today() - dt.timedelta(days=30)
    invite(make_event(world.org_a, title="Forum last month", day=last_month), pat, reply="accepted")
    two_years = dt.date.today() - dt.timedelta(days=800)
    invite(make_event(world.org_a, title="Forum long ago", day=two_years), pat, reply="accepted")
    sam = person(world.org_a, "Sam")
    invite(make_event(world.org_a, title="Sam's forum"), sam, reply=R.ACCEPTED)
    bea = person(world.org_b, "Bea")
    invite(make_event(world.org_b, title="Org B forum"), bea)

    page = signed_in.get(reverse("portal:events")).content.decode()

    sections = ["Please reply", "You are going", "On the waiting list", "You said you cannot come"]
    positions = [page.index(s) for s in sections]
    assert positions == sorted(positions)
    assert page.index("Forum to reply") < page.index("You are going")
    assert page.index("You are going") < page.index("Forum going") < page.index("On the waiting")
    assert page.index("On the waiting list") < page.index("Forum waiting")
    assert page.index("You said you cannot come") < page.index("Forum declined")
    assert "Forum called off" in page and "Cancelled" in page
    assert "Forum last month" in page and "Past meetings" in page
    for hidden in ["Forum withdrawn", "Forum long ago", "Sam&#x27;s forum", "Sam's", "Org B"]:
        assert hidden not in page


def test_list_with_no_meetings(signed_in):
    page = signed_in.get(reverse("portal:events")).content.decode()
    assert "You have not been invited to any meetings yet" in page


def _count(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("portal:events")).status_code == 200
    return len(queries)


def test_list_query_count_is_bounded(signed_in, world, pat):
    venue = make_venue(world.org_a)
    invite(make_event(world.org_a, title="One", venue=venue), pat)
    few = _count(signed_in)
    replies = [R.INVITED, R.ACCEPTED, R.WAITING, R.DECLINED]
    for n in range(20):
        invite(
            make_event(world.org_a, title=f"Event {n}", venue=make_venue(world.org_a)),
            pat,
            reply=replies[n % 4],
        )
    assert _count(signed_in) == few


# --- the details ---------------------------------------------------------------------------------


def test_details_say_everything_in_plain_words(signed_in, world, pat):
    venue = make_venue(
        world.org_a,
        name="Town Hall",
        postcode="E8 1AA",
        directions="Bus 38 to the stop outside.",
        step_free=True,
        hearing_loop=False,
    )
    day = dt.date.today() + dt.timedelta(days=20)
    event = make_event(
        world.org_a,
        title="Women's forum",
        venue=venue,
        day=day,
        start=dt.time(14, 0),
        end=dt.time(16, 0),
        briefing="We talk about the new drop-in.",
        dress_code="Casual",
        ground_rules="Listen to each other.",
        refreshments="Lunch",
        bsl=True,
        travel_arrangements="We book your train.",
        expenses_arrangements="Bring your receipts.",
        photos_planned=True,
        contact=world.alice,
        rate_card=make_rate_card(world.org_a, amount=Decimal("40.00")),
    )
    invitation = invite(event, pat)
    page = signed_in.get(_detail(invitation)).content.decode()
    assert f"{day:%A} {day.day} {day:%B %Y}, 2pm to 4pm" in page
    for text in [
        "Town Hall",
        "E8 1AA",
        "Bus 38 to the stop outside.",
        "There is step-free access.",
        "There is no hearing loop.",
        "We talk about the new drop-in.",
        "Food and drink: Lunch.",
        "British Sign Language",
        "Casual",
        "Listen to each other.",
        "We book your train.",
        "Bring your receipts.",
        "£40.00",
        "independent adviser",
        "Clinks (2016)",
        "We plan to take photos",
        "You do not have to be in them",
        world.alice.email,
        "Please tell us if you can come.",
    ]:
        assert text in page, text


def test_an_hourly_rate_is_shown_as_the_total_never_per_hour(signed_in, world, pat):
    card = make_rate_card(
        world.org_a, basis=RateCard.Basis.HOURLY, amount=Decimal("12.50"), expected_hours=None
    )
    event = make_event(world.org_a, start=dt.time(10, 0), end=dt.time(13, 0), rate_card=card)
    page = signed_in.get(_detail(invite(event, pat))).content.decode()
    assert "£37.50" in page
    assert "12.50" not in page and "per hour" not in page and "an hour" not in page


def test_an_unpaid_meeting_says_so(signed_in, world, pat):
    page = signed_in.get(_detail(invite(make_event(world.org_a), pat))).content.decode()
    assert "There is no payment for this meeting." in page


def test_an_online_meeting_shows_its_link(signed_in, world, pat):
    event = make_event(world.org_a, online_link="https://meet.example.org/forum")
    page = signed_in.get(_detail(invite(event, pat))).content.decode()
    assert "https://meet.example.org/forum" in page and "This meeting is online" in page


def test_a_cancelled_meeting_says_so_and_offers_no_reply(signed_in, world, pat):
    invitation = invite(make_event(world.org_a, status="cancelled"), pat)
    page = signed_in.get(_detail(invitation)).content.decode()
    assert "This meeting has been cancelled" in page
    assert 'action="' + _reply(invitation) not in page


def test_someone_elses_or_a_withdrawn_invitation_is_not_found(signed_in, world, pat):
    sam = person(world.org_a, "Sam")
    theirs = invite(make_event(world.org_a), sam)
    withdrawn = invite(make_event(world.org_a), pat, reply=R.WITHDRAWN)
    assert signed_in.get(_detail(theirs)).status_code == 404
    assert signed_in.get(_detail(withdrawn)).status_code == 404
    assert signed_in.post(_reply(theirs), {"reply": "yes"}).status_code == 404
    assert _fresh(theirs).reply == R.INVITED


def test_easy_read_details_use_simpler_words_and_icons(signed_in, world, pat):
    session = signed_in.session
    session[EASY_READ] = True
    session.save()
    invitation = invite(make_event(world.org_a, photos_planned=True), pat)
    page = signed_in.get(_detail(invitation)).content.decode()
    assert "withus-icon" in page
    assert "Wear what you like." in page
    assert "Big writing" in page and "Easy Read, with pictures" in page
    assert "You do not have to be in them. Tell" in page


# --- replying ------------------------------------------------------------------------------------


def test_accepting_records_the_persons_own_reply_and_what_they_need(signed_in, world, pat):
    invitation = invite(make_event(world.org_a, title="Forum"), pat)
    response = signed_in.post(
        _reply(invitation),
        {
            "reply": "yes",
            "requests": "A quiet room, please",
            "companion_name": "  Jo   Support ",
            "pack_format": "large_print",
        },
    )
    assert response.status_code == 302
    stored = _fresh(invitation)
    assert stored.reply == R.ACCEPTED
    assert stored.reply_recorded_by is None and stored.replied_at is not None
    assert stored.requests == "A quiet room, please"
    assert stored.companion_name == "Jo Support"
    assert stored.pack_format == "large_print"
    with scopes_disabled():
        # The confirmation (with its calendar file, for email) goes through messaging as usual.
        assert Message.unscoped.filter(participant=pat, template="event_confirmation").exists()
        assert AuditEvent.unscoped.filter(action="event.reply", actor=None).exists()
    page = signed_in.get(response.url).content.decode()
    assert "You are going to Forum" in page and "We will send you a message" in page


def test_declining_gives_the_place_to_the_first_person_waiting(signed_in, world, pat):
    event = make_event(world.org_a, capacity=1)
    mine = invite(event, pat, reply=R.ACCEPTED)
    sam = person(world.org_a, "Sam")
    theirs = invite(event, sam, reply=R.WAITING, waiting_since=timezone.now())
    response = signed_in.post(_reply(mine), {"reply": "no"})
    assert response.status_code == 302
    assert _fresh(mine).reply == R.DECLINED
    assert _fresh(theirs).reply == R.ACCEPTED
    assert "You are not going" in signed_in.get(response.url).content.decode()


def test_saying_no_keeps_the_arrangements_as_they_were(signed_in, world, pat):
    invitation = invite(make_event(world.org_a), pat, requests="Ramp", pack_format="easy_read")
    signed_in.post(_reply(invitation), {"reply": "no", "requests": "", "pack_format": "standard"})
    stored = _fresh(invitation)
    assert stored.reply == R.DECLINED
    assert stored.requests == "Ramp" and stored.pack_format == "easy_read"


def test_a_full_meeting_puts_them_on_the_waiting_list(signed_in, world, pat):
    event = make_event(world.org_a, title="Busy forum", capacity=1)
    invite(event, person(world.org_a, "Sam"), reply=R.ACCEPTED)
    invitation = invite(event, pat)
    response = signed_in.post(_reply(invitation), {"reply": "yes", "pack_format": "easy_read"})
    stored = _fresh(invitation)
    assert stored.reply == R.WAITING and stored.waiting_since is not None
    assert stored.pack_format == "easy_read"
    assert "you are on the waiting list" in signed_in.get(response.url).content.decode()
    # Saying yes again keeps their place in the queue.
    since = stored.waiting_since
    signed_in.post(_reply(invitation), {"reply": "yes", "requests": "Ramp"})
    again = _fresh(invitation)
    assert again.reply == R.WAITING and again.waiting_since == since and again.requests == "Ramp"


def test_a_cancelled_meeting_cannot_be_answered(signed_in, world, pat):
    invitation = invite(make_event(world.org_a, status="cancelled"), pat)
    response = signed_in.post(_reply(invitation), {"reply": "yes"})
    assert response.status_code == 302
    assert _fresh(invitation).reply == R.INVITED
    page = signed_in.get(response.url).content.decode()
    assert "This meeting has been cancelled, so you cannot reply to it." in page


def test_a_past_meeting_cannot_be_answered(signed_in, world, pat):
    yesterday = dt.date.today() - dt.timedelta(days=1)
    invitation = invite(make_event(world.org_a, day=yesterday), pat)
    response = signed_in.post(_reply(invitation), {"reply": "yes"})
    assert _fresh(invitation).reply == R.INVITED
    assert "already started or finished" in signed_in.get(response.url).content.decode()


def test_a_reply_with_no_answer_shows_an_error_not_a_crash(signed_in, world, pat):
    invitation = invite(make_event(world.org_a), pat)
    response = signed_in.post(_reply(invitation), {"reply": "maybe", "companion_name": "x" * 500})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page and "Choose yes or no" in page
    assert "Write 120 letters or fewer" in page
    assert _fresh(invitation).reply == R.INVITED


def _restrict(world, participant, venue_name="Community Hall"):
    Restriction.unscoped.create(
        organisation=world.org_a,
        participant=participant,
        kind=c.RestrictionKind.NOT_VENUE,
        place=venue_name,
        meaning="Must not attend this venue",
    )


def test_a_blocking_safeguarding_check_turns_yes_into_a_request(signed_in, world, pat):
    venue = make_venue(world.org_a)
    event = make_event(world.org_a, title="Forum", venue=venue, contact=world.alice)
    invitation = invite(event, pat)
    _restrict(world, pat)
    response = signed_in.post(_reply(invitation), {"reply": "yes"})
    assert response.status_code == 302
    assert _fresh(invitation).reply == R.INVITED
    with scopes_disabled():
        assert AuditEvent.unscoped.filter(action="event.portal_reply_request").exists()
        assert not Message.unscoped.filter(participant=pat, template="event_confirmation").exists()
    page = signed_in.get(response.url).content.decode()
    assert "we need to check a few things" in page
    assert "Must not attend" not in page and "safeguarding" not in page.lower()


def test_coming_back_after_saying_no_is_checked_again(signed_in, world, pat):
    event = make_event(world.org_a, venue=make_venue(world.org_a))
    invitation = invite(event, pat, reply=R.DECLINED)
    _restrict(world, pat)
    signed_in.post(_reply(invitation), {"reply": "yes"})
    assert _fresh(invitation).reply == R.DECLINED


def test_someone_the_safeguarding_lead_allowed_can_say_yes(signed_in, world, pat):
    event = make_event(world.org_a, venue=make_venue(world.org_a))
    invitation = invite(event, pat, override_reason="Agreed with probation")
    _restrict(world, pat)
    signed_in.post(_reply(invitation), {"reply": "yes"})
    assert _fresh(invitation).reply == R.ACCEPTED


def _on_break(participant) -> None:
    with scopes_disabled():
        type(participant).unscoped.filter(pk=participant.pk).update(
            status=c.Status.PAUSED, check_back_on=dt.date.today() + dt.timedelta(days=60)
        )


def test_someone_on_a_break_is_asked_to_come_back_before_saying_yes(signed_in, world, pat):
    invitation = invite(make_event(world.org_a, title="Forum"), pat)
    _on_break(pat)
    page = signed_in.get(_detail(invitation)).content.decode()
    rejoin = 'action="' + reverse("portal:details_rejoin") + '"'
    assert "You are taking a break" in page and rejoin in page
    response = signed_in.post(_reply(invitation), {"reply": "yes", "requests": "Ramp"})
    assert response.status_code == 302
    stored = _fresh(invitation)
    assert stored.reply == R.INVITED and stored.requests == ""  # nothing recorded
    with scopes_disabled():
        assert not AuditEvent.unscoped.filter(action="event.reply").exists()
        assert not Message.unscoped.filter(participant=pat, template="event_confirmation").exists()
    page = signed_in.get(response.url).content.decode()
    assert "You are taking a break, so we have not said you are going to Forum" in page
    assert "come back from your break first" in page and rejoin in page


def test_someone_on_a_break_can_still_say_no(signed_in, world, pat):
    event = make_event(world.org_a, capacity=1)
    mine = invite(event, pat, reply=R.ACCEPTED)
    sam = person(world.org_a, "Sam")
    theirs = invite(event, sam, reply=R.WAITING, waiting_since=timezone.now())
    _on_break(pat)
    signed_in.post(_reply(mine), {"reply": "no"})
    assert _fresh(mine).reply == R.DECLINED
    assert _fresh(theirs).reply == R.ACCEPTED


def test_no_come_back_button_without_a_break(signed_in, world, pat):
    page = signed_in.get(_detail(invite(make_event(world.org_a), pat))).content.decode()
    assert reverse("portal:details_rejoin") not in page


# --- pack, papers, calendar -----------------------------------------------------------------------


def _pack(invitation, fmt, kind) -> str:
    return reverse("portal:event_pack", kwargs={"pk": invitation.pk, "format": fmt, "kind": kind})


@pytest.mark.parametrize("fmt", ["standard", "large_print", "easy_read"])
def test_the_pack_downloads_in_each_format(signed_in, world, pat, fmt):
    invitation = invite(make_event(world.org_a, title="Forum"), pat, reply=R.ACCEPTED)
    pdf = signed_in.get(_pack(invitation, fmt, "pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Type"] == "application/pdf"
    docx = signed_in.get(_pack(invitation, fmt, "docx"))
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    assert "attachment" in docx["Content-Disposition"]


def test_the_pack_is_only_for_people_invited_or_coming(signed_in, world, pat):
    declined = invite(make_event(world.org_a), pat, reply=R.DECLINED)
    assert signed_in.get(_pack(declined, "standard", "pdf")).status_code == 404
    invited = invite(make_event(world.org_a), pat)
    assert signed_in.get(_pack(invited, "standard", "pdf")).status_code == 200
    assert signed_in.get(_pack(invited, "huge", "pdf")).status_code == 404
    assert signed_in.get(_pack(invited, "standard", "exe")).status_code == 404


def _paper_url(invitation, document) -> str:
    return reverse("portal:event_paper", kwargs={"pk": invitation.pk, "document_id": document.pk})


def test_papers_are_only_there_once_sent(signed_in, world, pat):
    event = make_event(world.org_a)
    invitation = invite(event, pat, reply=R.ACCEPTED)
    paper = add_paper(event, title="Last minutes")
    assert signed_in.get(_paper_url(invitation, paper)).status_code == 404
    assert "Last minutes" not in signed_in.get(_detail(invitation)).content.decode()

    with scopes_disabled():
        type(event).unscoped.filter(pk=event.pk).update(papers_sent_at=timezone.now())
    assert "Last minutes" in signed_in.get(_detail(invitation)).content.decode()
    response = signed_in.get(_paper_url(invitation, paper))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 minutes"
    assert "no-store" in response["Cache-Control"]


def test_a_paper_of_another_meeting_or_after_saying_no_is_not_found(signed_in, world, pat):
    event = make_event(world.org_a, papers_sent_at=timezone.now())
    invitation = invite(event, pat, reply=R.ACCEPTED)
    other = make_event(world.org_a, papers_sent_at=timezone.now())
    invite(other, person(world.org_a, "Sam"), reply=R.ACCEPTED)
    not_mine = add_paper(other, title="Not mine")
    assert signed_in.get(_paper_url(invitation, not_mine)).status_code == 404
    mine = add_paper(event)
    with scopes_disabled():
        EventInvitation.unscoped.filter(pk=invitation.pk).update(reply=R.DECLINED)
    assert signed_in.get(_paper_url(invitation, mine)).status_code == 404


def test_no_papers_for_a_cancelled_meeting_like_the_pack(signed_in, world, pat):
    event = make_event(world.org_a, papers_sent_at=timezone.now())
    invitation = invite(event, pat, reply=R.ACCEPTED)
    paper = add_paper(event, title="Last minutes")
    assert signed_in.get(_paper_url(invitation, paper)).status_code == 200
    with scopes_disabled():
        type(event).unscoped.filter(pk=event.pk).update(status="cancelled")
    assert signed_in.get(_paper_url(invitation, paper)).status_code == 404
    assert "Last minutes" not in signed_in.get(_detail(invitation)).content.decode()


def test_calendar_file(signed_in, world, pat):
    invitation = invite(make_event(world.org_a, title="Forum"), pat, reply=R.ACCEPTED)
    response = signed_in.get(reverse("portal:event_calendar", kwargs={"pk": invitation.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar"
    assert response.content.startswith(b"BEGIN:VCALENDAR") and b"SUMMARY:Forum" in response.content
    declined = invite(make_event(world.org_a), pat, reply=R.DECLINED)
    url = reverse("portal:event_calendar", kwargs={"pk": declined.pk})
    assert signed_in.get(url).status_code == 404


def test_staff_viewing_as_the_person_see_no_reply_form(client, world, pat):
    invitation = invite(make_event(world.org_a), pat)
    client.force_login(world.alice)
    client.post(reverse("portal:view_as", kwargs={"org_slug": "org-a", "pk": pat.pk}))
    page = client.get(_detail(invitation)).content.decode()
    assert "you cannot reply for this person here" in page
    assert client.post(_reply(invitation), {"reply": "yes"}).status_code == 403
    assert _fresh(invitation).reply == R.INVITED


def test_times_are_in_the_organisations_time_zone_across_the_clock_change(signed_in, world, pat):
    summer = dt.date(dt.date.today().year + 1, 7, 7)
    event = make_event(world.org_a, day=summer, start=dt.time(18, 0), end=dt.time(19, 30))
    page = signed_in.get(_detail(invite(event, pat))).content.decode()
    assert f"{summer:%A} 7 July {summer.year}, 6pm to 7:30pm" in page


def test_easy_read_list_has_icons(signed_in, world, pat):
    session = signed_in.session
    session[EASY_READ] = True
    session.save()
    invite(make_event(world.org_a, title="Forum"), pat, reply=R.WAITING)
    page = signed_in.get(reverse("portal:events")).content.decode()
    assert "withus-icon" in page and "If a place comes up, it is yours." in page
