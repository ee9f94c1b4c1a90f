"""Portal "About you": details, contact, access needs, availability, consent, a break, coming
back, leaving, and a copy of their data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from tests.events.builders import invite, make_event, make_venue
from tests.portal.helpers import person, portal_login, sign_in
from withus.audit.models import AuditEvent
from withus.events.checks import check_event
from withus.events.models import Event
from withus.messaging.models import Message
from withus.people import choices as c
from withus.people.models import (
    AccessNeed,
    Availability,
    ConsentEvent,
    Participant,
    StatusChange,
)
from withus.people.selectors import current_consents

pytestmark = pytest.mark.django_db


def _audited(participant, action) -> bool:
    return AuditEvent.unscoped.filter(
        action=action, object_type="people.Participant", object_id=str(participant.pk)
    ).exists()


def _fresh(participant) -> Participant:
    return Participant.unscoped.get(pk=participant.pk)


def _last_reason(participant) -> str:
    return (
        StatusChange.unscoped.filter(participant=participant)
        .order_by("-changed_at", "-id")[0]
        .reason
    )


def _page(response) -> str:
    return response.content.decode()


# --- What we hold -----------------------------------------------------------------------------


def test_details_show_own_record_without_staff_only_fields(client, world, people):
    jo = people["jo"]
    Participant.unscoped.filter(pk=jo.pk).update(
        best_times="Mornings", motivations="Wants to give back"
    )
    portal_login(client, jo)
    page = _page(client.get("/p/about-you/"))
    assert "Jo Bloggs" in page and "07700 900123" in page and "jo@people.example" in page
    assert "Text message" in page and "Mornings" in page
    assert "Photos" in page  # consents, with the current answer
    # Staff-only: legal name, safeguarding, benefits, equality, staff notes.
    for hidden in ["Joanna", "Never at the same forum", "Universal Credit", "Citizens Advice"]:
        assert hidden not in page
    assert "buddhist" not in page.lower() and "Wants to give back" not in page


def test_details_menu_marks_the_section(client, world):
    pat = person(world.org_a, phone="07700900123")
    portal_login(client, pat)
    page = _page(client.get("/p/about-you/consent/"))
    assert 'aria-current="page"' in page and "Your details" in page


# --- Contact ----------------------------------------------------------------------------------


def test_contact_change_is_saved_audited_and_used_to_sign_in(client, world):
    pat = person(world.org_a, phone="07700900123")
    portal_login(client, pat)
    response = client.post(
        "/p/about-you/contact/",
        {
            "phone": "07700 900777",
            "email": "Pat@Example.org",
            "address": "1 High Street",
            "postcode": "e8 1aa",
            "first": "sms",
            "second": "email",
            "third": "",
            "best_times": "After 10am",
        },
        follow=True,
    )
    page = _page(response)
    assert "Next time you sign in, we will send your code to your new phone number and email" in (
        page
    )
    pat = _fresh(pat)
    assert pat.phone == "07700 900777" and pat.email == "pat@example.org"
    assert pat.postcode == "E8 1AA" and pat.channel_order == ["sms", "email"]
    assert pat.best_times == "After 10am"
    assert _audited(pat, "portal.details.contact") and _audited(pat, "participant.update")
    # Choosing a way to be contacted is agreeing to it, recorded as from the portal.
    with scope(organisation=world.org_a):
        consents = current_consents(pat)
    for purpose in (c.ConsentPurpose.CONTACT_SMS, c.ConsentPurpose.CONTACT_EMAIL):
        assert consents[purpose].state == c.ConsentState.GIVEN
        assert consents[purpose].method == c.ConsentMethod.PORTAL
        assert consents[purpose].recorded_by is None
    # The new number signs them in; the old one no longer does.
    client.post("/p/sign-out/")
    assert sign_in(client, "07700900777").url == "/p/"
    client.post("/p/sign-out/")
    before = Message.unscoped.count()
    client.post("/p/sign-in/", {"identifier": "07700900123"})
    assert Message.unscoped.count() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"phone": "not a number"}, "Enter a phone number, like 07700 900123"),
        ({"email": "pat@"}, "Enter an email address like name@example.com"),
        ({"first": "sms", "second": "sms"}, "Choose each way of getting in touch only once"),
        ({"first": "email", "email": ""}, "To get emails, enter your email"),
        ({"first": "post"}, "To get letters, enter your address"),
        ({"first": "key_worker"}, "We do not have your key worker&#x27;s details"),
        ({"first": "carrier pigeon"}, "Select a valid choice"),
        ({"best_times": "x" * 201}, "Keep this short"),
    ],
)
def test_contact_bad_input_says_what_to_do_and_changes_nothing(client, world, data, message):
    pat = person(world.org_a, phone="07700900123", email="pat@example.org")
    portal_login(client, pat)
    form = {"phone": "07700900123", "email": "pat@example.org", **data}
    response = client.post("/p/about-you/contact/", form)
    assert response.status_code == 200
    page = _page(response)
    assert "There is a problem" in page and message in page
    pat = _fresh(pat)
    assert pat.phone == "07700900123" and pat.email == "pat@example.org"
    assert not _audited(pat, "portal.details.contact")


# --- Access needs and availability ------------------------------------------------------------


def test_access_needs_are_saved_and_audited(client, world):
    pat = person(world.org_a)
    AccessNeed.unscoped.create(organisation=world.org_a, participant=pat, need="large_print")
    portal_login(client, pat)
    page = _page(client.get("/p/about-you/access/"))
    assert "Large print" in page and "Step-free access" in page
    response = client.post(
        "/p/about-you/access/",
        {"needs": ["step_free", "breaks"], "access_notes": "No nuts please"},
    )
    assert response.status_code == 302
    assert set(AccessNeed.unscoped.filter(participant=pat).values_list("need", flat=True)) == {
        "step_free",
        "breaks",
    }
    assert _fresh(pat).access_notes == "No nuts please"
    assert _audited(pat, "portal.details.access") and _audited(pat, "participant.access_needs")


def test_access_needs_bad_choice(client, world):
    pat = person(world.org_a)
    portal_login(client, pat)
    response = client.post("/p/about-you/access/", {"needs": ["jetpack"]})
    assert response.status_code == 200 and "Choose from the list" in _page(response)
    assert not AccessNeed.unscoped.filter(participant=pat).exists()


def test_availability_is_saved_and_audited(client, world):
    pat = person(world.org_a)
    portal_login(client, pat)
    page = _page(client.get("/p/about-you/when-you-are-free/"))
    assert "Monday" in page and "Evening" in page
    response = client.post("/p/about-you/when-you-are-free/", {"slots": ["0:morning", "4:evening"]})
    assert response.status_code == 302
    assert set(Availability.unscoped.filter(participant=pat).values_list("day", "period")) == {
        (0, "morning"),
        (4, "evening"),
    }
    event = AuditEvent.unscoped.get(action="portal.details.availability")
    assert event.changes["availability"][1] == "Monday morning, Friday evening"
    page = _page(client.get("/p/about-you/"))
    assert "Monday morning" in page and "Friday evening" in page
    # Ticks show again on the form.
    page = _page(client.get("/p/about-you/when-you-are-free/"))
    assert 'value="0:morning" checked' in page


def test_availability_bad_choice(client, world):
    pat = person(world.org_a)
    Availability.unscoped.create(organisation=world.org_a, participant=pat, day=1, period="evening")
    portal_login(client, pat)
    response = client.post("/p/about-you/when-you-are-free/", {"slots": ["9:midnight"]})
    assert response.status_code == 200
    assert "Choose from the days and times shown" in _page(response)
    assert Availability.unscoped.filter(participant=pat).count() == 1


# --- Consent ----------------------------------------------------------------------------------


def _photo_register(event) -> list[str]:
    with scope(organisation=event.organisation):
        fresh = Event.objects.select_related("organisation", "venue").get(pk=event.pk)
        return check_event(fresh, can_see_safeguarding=False).photo_register


def test_consent_give_and_withdraw_round_trip_reaches_the_photo_check(client, world):
    pat = person(world.org_a, "Pat Photo")
    event = make_event(world.org_a, venue=make_venue(world.org_a), photos_planned=True)
    invite(event, pat, reply="accepted")
    portal_login(client, pat)
    assert _photo_register(event) == ["Pat Photo"]  # never asked: no photos

    page = _page(
        client.post(
            "/p/about-you/consent/change/", {"purpose": "photos", "state": "given"}, follow=True
        )
    )
    assert "yes to photos" in page
    assert _photo_register(event) == []

    response = client.post(
        "/p/about-you/consent/change/", {"purpose": "photos", "state": "withdrawn"}, follow=True
    )
    page = _page(response)
    assert "no to photos" in page and "NO PHOTOS" in page
    assert _photo_register(event) == ["Pat Photo"]  # at once

    decisions = list(
        ConsentEvent.unscoped.filter(participant=pat, purpose="photos")
        .order_by("recorded_at", "id")
        .values_list("state", "method")
    )
    assert decisions == [("given", "portal"), ("withdrawn", "portal")]
    assert AuditEvent.unscoped.filter(action="consent.record", object_id=str(pat.pk)).count() == 2
    assert AuditEvent.unscoped.filter(action="portal.consent", object_id=str(pat.pk)).count() == 2
    assert "in the portal" in AuditEvent.unscoped.filter(action="portal.consent").first().summary


def test_consent_page_shows_each_purpose_with_the_current_answer(client, world, people):
    portal_login(client, people["jo"])
    page = _page(client.get("/p/about-you/consent/"))
    for title in ["Keeping your information", "Photos", "Film", "Quotes with your name"]:
        assert title in page
    assert "Not asked yet" in page
    assert "No, I have changed my mind" in page  # photos and texts were given
    assert "Yes, I agree" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"purpose": "sharing", "state": "given"}, "talk to your contact"),
        ({"purpose": "nonsense", "state": "given"}, "Something went wrong"),
        ({"purpose": "photos", "state": "maybe"}, "Something went wrong"),
        ({}, "Something went wrong"),
    ],
)
def test_consent_change_refuses_what_the_portal_cannot_record(client, world, data, message):
    pat = person(world.org_a)
    portal_login(client, pat)
    response = client.post("/p/about-you/consent/change/", data, follow=True)
    assert response.status_code == 200 and message in _page(response)
    assert not ConsentEvent.unscoped.filter(participant=pat).exists()


def test_saying_no_to_something_never_asked_is_recorded_as_refused(client, world):
    pat = person(world.org_a)
    portal_login(client, pat)
    assert "No, I do not agree" in _page(client.get("/p/about-you/consent/"))
    response = client.post(
        "/p/about-you/consent/change/", {"purpose": "film", "state": "refused"}, follow=True
    )
    assert "no to film" in _page(response)
    event = ConsentEvent.unscoped.get(participant=pat)
    assert (event.purpose, event.state, event.method) == ("film", "refused", "portal")
    assert "refused consent in the portal" in (
        AuditEvent.unscoped.get(action="portal.consent", object_id=str(pat.pk)).summary
    )


def test_sharing_can_be_withdrawn_in_the_portal(client, world):
    pat = person(world.org_a)
    portal_login(client, pat)
    client.post("/p/about-you/consent/change/", {"purpose": "sharing", "state": "withdrawn"})
    assert ConsentEvent.unscoped.get(participant=pat).state == "withdrawn"


def _given(participant, *purposes):
    for purpose in purposes:
        ConsentEvent.unscoped.create(
            organisation=participant.organisation,
            participant=participant,
            purpose=purpose,
            state="given",
            method="verbal",
        )


def _contact_form(**fields) -> dict:
    return {
        "phone": "07700900333",
        "email": "",
        "address": "1 Road",
        "postcode": "e8 1aa",
        "first": "phone",
        "second": "",
        "third": "",
        "best_times": "",
    } | fields


def test_saying_no_to_texts_takes_them_out_and_saving_contact_does_not_say_yes_again(client, world):
    pat = person(world.org_a, phone="07700900333", channel_order=["sms", "phone"])
    _given(pat, "contact_sms", "contact_phone")
    portal_login(client, pat)
    client.post("/p/about-you/consent/change/", {"purpose": "contact_sms", "state": "withdrawn"})
    assert _fresh(pat).channel_order == ["phone"]
    # The form no longer offers texts back; saving it (a postcode typo) keeps the "no".
    form = client.get("/p/about-you/contact/").context["form"]
    assert form.initial["first"] == "phone" and form.initial["second"] == ""
    assert client.post("/p/about-you/contact/", _contact_form()).status_code == 302
    with scopes_disabled():
        assert current_consents(pat)["contact_sms"].state == "withdrawn"


def test_saving_contact_only_records_a_yes_for_ways_newly_added(client, world):
    from withus.portal import services_details

    # Texts still in the list (a member of staff put them there) but withdrawn.
    pat = person(world.org_a, phone="07700900333", channel_order=["sms", "phone"])
    _given(pat, "contact_phone")
    ConsentEvent.unscoped.create(
        organisation=world.org_a,
        participant=pat,
        purpose="contact_sms",
        state="withdrawn",
        method="verbal",
    )
    with scope(organisation=world.org_a):
        services_details.contact_update(
            participant=pat,
            phone="07700900333",
            email="pat@example.org",
            address="",
            postcode="",
            channel_order=["sms", "phone", "email"],
            best_times="",
        )
    with scopes_disabled():
        consents = current_consents(pat)
    assert consents["contact_sms"].state == "withdrawn"
    assert consents["contact_email"].state == "given"  # newly added: their yes


@pytest.mark.parametrize(
    "phone, email, words",
    [
        ("07700900123", "", "We have saved your contact details."),
        ("07700900999", "", "your new phone number."),
        ("07700900123", "new@example.org", "your new email."),
        ("07700900999", "new@example.org", "your new phone number and email."),
    ],
)
def test_contact_saved_message_says_where_the_next_code_goes(world, phone, email, words):
    from withus.portal.services_details import contact_saved_message

    pat = person(world.org_a, phone=phone, email=email)
    message = contact_saved_message(old_phone="07700900123", old_email="", participant=pat)
    assert message.endswith(words)
    assert ("Next time you sign in" in message) == (words.startswith("your new"))


# --- A break, and coming back -----------------------------------------------------------------


def test_pause_blocks_invitations_and_rejoin_lets_them_through(client, world):
    from withus.events.services import invitations_create

    pat = person(world.org_a, "Pat Break", phone="07700900123", channel_order=["sms"])
    ConsentEvent.unscoped.create(
        organisation=world.org_a,
        participant=pat,
        purpose="contact_sms",
        state="given",
        method="verbal",
    )
    portal_login(client, pat)
    page = _page(client.get("/p/about-you/break/"))
    assert "we will not send you invitations" in page
    until = timezone.localdate() + dt.timedelta(days=60)
    response = client.post(
        "/p/about-you/break/",
        {"until": until.strftime("%d/%m/%Y"), "reason": "Moving house"},
        follow=True,
    )
    page = _page(response)
    assert "Your break has started" in page and "come back at any time" in page
    pat = _fresh(pat)
    assert pat.status == c.Status.PAUSED and pat.check_back_on == until
    assert _last_reason(pat) == "Moving house"
    assert _audited(pat, "participant.status") and _audited(pat, "portal.details.pause")

    # A coordinator invites them anyway: the invitation message is not sent.
    event = make_event(world.org_a, venue=make_venue(world.org_a))
    with scope(organisation=world.org_a):
        invitations_create(event=event, participants=[pat], actor=world.alice)
    message = Message.unscoped.get(participant=pat)
    assert message.status == Message.Status.NOT_SENT
    assert "taking a break" in message.status_reason

    # Coming back.
    page = _page(client.post("/p/about-you/come-back/", follow=True))
    assert "Welcome back" in page
    pat = _fresh(pat)
    assert pat.status == c.Status.ACTIVE and pat.check_back_on is None
    assert _audited(pat, "portal.details.rejoin")
    event2 = make_event(world.org_a, venue=make_venue(world.org_a), title="Second forum")
    with scope(organisation=world.org_a):
        invitations_create(event=event2, participants=[pat], actor=world.alice)
    assert Message.unscoped.filter(participant=pat).exclude(status=Message.Status.NOT_SENT).exists()


def _places(org):
    from withus.events.models import EventInvitation as EI

    pat = person(org, "Pat Places")
    sam = person(org, "Sam Waiting")
    soon = make_event(org, title="Soon forum", capacity=1)  # in 30 days
    later = make_event(org, title="Later forum", day=dt.date.today() + dt.timedelta(days=90))
    mine = invite(soon, pat, reply=EI.Reply.ACCEPTED)
    theirs = invite(soon, sam, reply=EI.Reply.WAITING, waiting_since=timezone.now())
    mine_later = invite(later, pat, reply=EI.Reply.ACCEPTED)
    return pat, mine, theirs, mine_later


def _reply(invitation) -> str:
    invitation.refresh_from_db()
    return invitation.reply


def test_a_break_gives_up_places_before_it_ends_and_says_which(client, world):
    pat, mine, theirs, mine_later = _places(world.org_a)
    portal_login(client, pat)
    page = _page(client.get("/p/about-you/break/"))
    assert "Soon forum" in page and "Later forum" in page  # what a break could affect
    until = timezone.localdate() + dt.timedelta(days=60)
    response = client.post(
        "/p/about-you/break/", {"until": until.strftime("%d/%m/%Y")}, follow=True
    )
    page = _page(response)
    assert "given your place at these meetings to someone else: Soon forum" in page
    assert "Later forum" not in page
    with scopes_disabled():
        assert _reply(mine) == "declined"
        assert _reply(theirs) == "accepted"  # the waiting list moves up
        assert _reply(mine_later) == "accepted"  # after the break


@pytest.mark.parametrize(
    ("until", "message"),
    [
        ("", "Enter the date you think you will be ready to come back"),
        ("31/02/2027", "Enter a real date"),
        ("soon", "Enter a real date"),
        ("yesterday-ish", "Enter a real date"),
    ],
)
def test_pause_bad_dates(client, world, until, message):
    pat = person(world.org_a)
    portal_login(client, pat)
    response = client.post("/p/about-you/break/", {"until": until})
    assert response.status_code == 200 and message in _page(response)
    assert _fresh(pat).status == c.Status.ACTIVE


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (0, "The date must be in the future"),
        (-3, "The date must be in the future"),
        (800, "in the next 2 years"),
    ],
)
def test_pause_date_must_be_soon_and_in_the_future(client, world, days, message):
    pat = person(world.org_a)
    portal_login(client, pat)
    until = timezone.localdate() + dt.timedelta(days=days)
    response = client.post("/p/about-you/break/", {"until": until.isoformat()})
    assert response.status_code == 200 and message in _page(response)
    assert _fresh(pat).status == c.Status.ACTIVE


def test_come_back_only_ends_a_break(client, world):
    pat = person(world.org_a, status="enquiry")
    portal_login(client, pat)
    page = _page(client.post("/p/about-you/come-back/", follow=True))
    assert "You are not on a break" in page
    assert _fresh(pat).status == c.Status.ENQUIRY
    assert not _audited(pat, "portal.details.rejoin")


def test_paused_page_offers_coming_back(client, world):
    pat = person(
        world.org_a, status="paused", check_back_on=timezone.localdate() + dt.timedelta(days=9)
    )
    portal_login(client, pat)
    page = _page(client.get("/p/about-you/break/"))
    assert "You are taking a break" in page and "I want to come back now" in page


# --- Leaving ----------------------------------------------------------------------------------


def test_leave_needs_the_box_ticked(client, world):
    pat = person(world.org_a)
    portal_login(client, pat)
    response = client.post("/p/about-you/leave/", {"reason": "New job"})
    assert response.status_code == 200
    assert "Tick the box to say you want to leave" in _page(response)
    assert _fresh(pat).status == c.Status.ACTIVE


def test_leave_signs_out_says_how_to_come_back_and_stops_sign_in(client, world):
    world.alice.full_name = "Alice Coordinator"
    world.alice.save()
    pat = person(world.org_a, phone="07700900123", named_contact=world.alice)
    portal_login(client, pat)
    page = _page(client.get("/p/about-you/leave/"))
    assert "What happens when you leave" in page and "Clinks (2016)" in page
    response = client.post("/p/about-you/leave/", {"reason": "New job", "confirm": "on"})
    page = _page(response)
    assert response.status_code == 200
    assert "You have left" in page and "Alice Coordinator" in page and "Clinks (2016)" in page
    assert "Sign out" not in page  # no menu: they are signed out
    pat = _fresh(pat)
    assert pat.status == c.Status.EXITED
    assert _last_reason(pat) == "New job"
    assert _audited(pat, "portal.details.leave") and _audited(pat, "participant.status")
    # Signed out, and a code is never sent to someone who has left.
    assert client.get("/p/about-you/").url == "/p/sign-in/"
    before = Message.unscoped.count()
    client.post("/p/sign-in/", {"identifier": "07700900123"})
    assert Message.unscoped.count() == before


def test_leaving_gives_up_places_at_meetings_to_come(client, world):
    pat, mine, theirs, mine_later = _places(world.org_a)
    portal_login(client, pat)
    page = _page(client.get("/p/about-you/leave/"))
    assert "we give your places at meetings still to come to other people" in page
    client.post("/p/about-you/leave/", {"confirm": "on"})
    with scopes_disabled():
        assert _reply(mine) == "declined" and _reply(mine_later) == "declined"
        assert _reply(theirs) == "accepted"


@pytest.mark.parametrize("url", ["/p/about-you/break/", "/p/about-you/leave/"])
def test_break_and_leave_say_which_messages_still_come(client, world, url):
    portal_login(client, person(world.org_a))
    assert "answers to worries or complaints you sent us" in _page(client.get(url))


# --- A copy of their data ---------------------------------------------------------------------


def test_data_has_their_details_not_others_or_safeguarding(client, world, people):
    jo = people["jo"]
    portal_login(client, jo)
    response = client.get("/p/about-you/your-information/")
    page = _page(response)
    assert "no-store" in response["Cache-Control"]
    assert "Jo Bloggs" in page and "jo@people.example" in page and "Joanna Bloggs" in page
    assert "Universal Credit" in page  # their own benefits record
    assert "••••5678" in page  # bank details masked
    assert "12345678" not in page
    # Safeguarding detail and the other person it names stay out.
    assert "Never at the same forum" not in page
    assert "Sam" not in page
    assert "restriction" not in page.lower()
    assert "safeguarding restriction" not in page.lower()
    assert "Bo in Org B" not in page
    assert _audited(jo, "portal.details.data")


def test_data_download_is_a_pdf(client, world, people):
    portal_login(client, people["jo"])
    response = client.get("/p/about-you/your-information/?download=pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_a_member_of_staff_viewing_as_does_not_log_a_participant_download(client, world, people):
    jo = people["jo"]
    client.force_login(world.safeguarding_a)
    client.post(f"/o/org-a/portal/people/{jo.pk}/view-as/")
    assert client.get("/p/about-you/your-information/").status_code == 200
    assert not _audited(jo, "portal.details.data")
    assert client.post("/p/about-you/come-back/").status_code == 403


DATA = "/p/about-you/your-information/"


@pytest.mark.parametrize("url", [DATA, DATA + "?download=pdf"])
def test_staff_view_needs_the_sensitive_data_permission_for_their_information(
    client, world, people, url
):
    jo = people["jo"]
    # A coordinator (no VIEW_SENSITIVE) viewing as Jo sees none of it.
    client.force_login(world.alice)
    client.post(f"/o/org-a/portal/people/{jo.pk}/view-as/")
    response = client.get(url)
    page = _page(response)
    assert response.status_code == 200 and "application/pdf" not in response["Content-Type"]
    assert "Universal Credit" not in page and "5678" not in page
    assert "permission to see sensitive details" in page
    assert not AuditEvent.unscoped.filter(action="sensitive.read").exists()
    # The safeguarding lead (VIEW_SENSITIVE) sees it, and the read is logged against them.
    client.force_login(world.safeguarding_a)
    client.post(f"/o/org-a/portal/people/{jo.pk}/view-as/")
    assert client.get(url).status_code == 200
    read = AuditEvent.unscoped.get(action="sensitive.read")
    assert read.actor == world.safeguarding_a and read.object_id == str(jo.pk)
    assert read.organisation == world.org_a


def test_data_and_consent_pages_use_plain_words(client, world, people):
    portal_login(client, people["jo"])
    page = _page(client.get("/p/about-you/your-information/"))
    assert "Permitted work form" not in page and "Told about free benefits advice" not in page
    page = _page(client.get("/p/about-you/consent/"))
    assert "Some ideas here come from Clinks (2016)." in page
    assert "guide" not in page.lower()


# --- Bounded queries --------------------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/p/about-you/", "/p/about-you/consent/"])
def test_query_count_does_not_grow_with_answers(client, world, url):
    pat = person(world.org_a)
    AccessNeed.unscoped.create(organisation=world.org_a, participant=pat, need="breaks")
    Availability.unscoped.create(organisation=world.org_a, participant=pat, day=0, period="morning")
    ConsentEvent.unscoped.create(
        organisation=world.org_a, participant=pat, purpose="photos", state="given", method="verbal"
    )
    portal_login(client, pat)
    one = _count(client, url)
    with scopes_disabled():
        for need in list(c.AccessNeed.values)[1:]:
            AccessNeed.unscoped.get_or_create(organisation=world.org_a, participant=pat, need=need)
        for day in range(7):
            for period in c.Period.values:
                Availability.unscoped.get_or_create(
                    organisation=world.org_a, participant=pat, day=day, period=period
                )
        for _ in range(20):
            ConsentEvent.unscoped.create(
                organisation=world.org_a,
                participant=pat,
                purpose="film",
                state="given",
                method="verbal",
            )
    assert _count(client, url) == one


def test_my_data_shows_my_complaints_and_reference_requests(client, world):
    from tests.concerns.builders import make_concern
    from tests.portal.helpers import person, portal_login

    pat = person(world.org_a, "Pat Data")
    make_concern(world.org_a, participant=pat, about="The room was cold", response="Fixed it")
    portal_login(client, pat)
    page = client.get("/p/about-you/your-information/").content.decode()
    assert "The room was cold" in page and "Our answer: Fixed it" in page
