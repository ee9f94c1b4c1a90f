"""Participant records through the screens staff use."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from withus.audit.models import AuditEvent
from withus.people import choices as c
from withus.people import services
from withus.people.models import BankDetails, Participant, StatusChange

SECRETS = [
    "1990",  # Jo's year of birth
    "Never at the same forum",  # restriction detail
    "Citizens Advice Hackney",  # benefits
    "Universal Credit",
    "Buddhist",  # equality
    "12345678",  # bank account
    "30-94-57",
    "309457",
]


def url(name, **kwargs):
    return reverse(f"people:{name}", kwargs={"org_slug": "org-a", **kwargs})


@pytest.fixture
def alice(client, world):
    client.force_login(world.alice)
    return client


def test_add_participant_with_errors_then_success(alice, world):
    bad = alice.post(
        url("add"),
        {"preferred_name": "", "email": "nope", "phone": "12ab", "date_of_birth": "2999-01-01"},
    )
    assert bad.status_code == 200
    for message in [
        "Enter the name they want to be called",
        "Enter an email address in the right",
        "Enter a phone number",
        "Date of birth must be in the past",
    ]:
        assert message in bad.text
    assert not Participant.unscoped.exists()
    response = alice.post(
        url("add"),
        {"preferred_name": "New Person", "phone": "07700 900999", "named_contact": world.alice.pk},
    )
    assert response.status_code == 302
    person = Participant.unscoped.get(preferred_name="New Person")
    assert person.named_contact == world.alice
    assert person.organisation == world.org_a
    assert StatusChange.unscoped.filter(participant=person, to_status="enquiry").exists()
    assert AuditEvent.unscoped.filter(
        action="participant.create", object_id=str(person.pk)
    ).exists()


def test_coordinator_never_receives_sensitive_details(alice, people):
    jo = people["jo"]
    pages = [
        alice.get(url("detail", pk=jo.pk)),
        alice.get(url("list")),
        alice.get(url("edit_details", pk=jo.pk)),
        alice.get(url("edit_bank", pk=jo.pk)),
        alice.get(url("list"), {"q": "Jo"}),
    ]
    for page in pages:
        assert page.status_code == 200
        for secret in SECRETS:
            assert secret not in page.text, (secret, page.request["PATH_INFO"])
    detail = pages[0].text
    assert "Check with the safeguarding lead before inviting" in detail
    assert "Date of birth recorded" in detail
    for name in ["restrictions", "benefits", "equality", "view_bank"]:
        assert alice.get(url(name, pk=jo.pk)).status_code == 403


def test_the_person_named_in_a_restriction_is_flagged_too(alice, people):
    assert "Check with the safeguarding lead" in alice.get(url("detail", pk=people["sam"].pk)).text
    assert (
        "Check with the safeguarding lead" not in alice.get(url("detail", pk=people["lee"].pk)).text
    )


def test_safeguarding_lead_sees_detail_and_every_read_is_audited(client, world, people):
    jo = people["jo"]
    client.force_login(world.safeguarding_a)
    for name, text in [
        ("restrictions", "Never at the same forum as Sam"),
        ("benefits", "Citizens Advice Hackney"),
        ("equality", "Buddhist"),
    ]:
        page = client.get(url(name, pk=jo.pk))
        assert page.status_code == 200
        assert text in page.text
    reads = AuditEvent.unscoped.filter(action="sensitive.read", actor=world.safeguarding_a)
    assert {e.summary for e in reads} == {
        "Viewed safeguarding restrictions",
        "Viewed benefits record",
        "Viewed equality monitoring answers",
    }
    assert all(e.object_id == str(jo.pk) for e in reads)
    detail = client.get(url("detail", pk=jo.pk)).text
    assert "31 March 1990" in detail


def test_bank_details_are_encrypted_at_rest_and_masked_for_finance(client, world, people):
    jo = people["jo"]
    with scopes_disabled():
        stored = BankDetails.objects.get(participant=jo)
    raw = " ".join(
        [stored.account_name_encrypted, stored.sort_code_encrypted, stored.account_number_encrypted]
    )
    assert "12345678" not in raw and "309457" not in raw and "Joanna Bloggs" not in raw
    client.force_login(world.finance_a)
    page = client.get(url("view_bank", pk=jo.pk))
    assert page.status_code == 200
    assert "••••5678" in page.text and "••••57" in page.text
    assert "12345678" not in page.text
    assert AuditEvent.unscoped.filter(action="sensitive.read", actor=world.finance_a).exists()
    changes = AuditEvent.unscoped.get(action="bank.update").changes
    assert "12345678" not in str(changes)


def test_bank_details_form_rejects_bad_numbers(alice, people):
    response = alice.post(
        url("edit_bank", pk=people["jo"].pk),
        {"account_name": "J", "sort_code": "12", "account_number": "abc"},
    )
    assert "Enter a sort code of 6 digits" in response.text
    assert "Enter an account number of 8 digits" in response.text


def test_withdrawing_photo_consent_shows_everywhere(alice, world, people):
    jo = people["jo"]
    assert "Agreed to photos" in alice.get(url("detail", pk=jo.pk)).text
    response = alice.post(
        url("consent", pk=jo.pk), {"purpose": "photos", "state": "withdrawn", "method": "verbal"}
    )
    assert response.status_code == 302
    detail = alice.get(url("detail", pk=jo.pk)).text
    assert "No photos" in detail
    listing = alice.get(url("list")).text
    row = listing[listing.index("Jo Bloggs") :]
    assert "No (withdrawn)" in row[: row.index("</tr>")]
    history = alice.get(url("consent", pk=jo.pk)).text
    assert history.count("Photos") >= 2  # both decisions kept


def test_how_to_reach_respects_consent_and_prison(alice, people):
    detail = alice.get(url("detail", pk=people["jo"].pk)).text
    assert "Text message</strong>: 07700 900123" in detail
    assert "jo@people.example</li>" not in detail  # email listed but no consent to email
    prison = alice.get(url("detail", pk=people["lee"].pk)).text
    assert "Through staff or by post only" in prison


def test_pause_needs_a_check_back_date_and_history_is_kept(alice, people):
    jo = people["jo"]
    bad = alice.post(url("status", pk=jo.pk), {"to_status": "paused"})
    assert "Enter the date to check back" in bad.text
    later = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    assert (
        alice.post(
            url("status", pk=jo.pk),
            {"to_status": "paused", "check_back_on": later, "reason": "Busy with a new job"},
        ).status_code
        == 302
    )
    assert alice.post(url("status", pk=jo.pk), {"to_status": "active"}).status_code == 302
    with scopes_disabled():
        statuses = list(
            StatusChange.objects.filter(participant=jo)
            .order_by("changed_at", "id")
            .values_list("to_status", flat=True)
        )
    assert statuses == ["active", "paused", "active"]
    assert "Busy with a new job" in alice.get(url("detail", pk=jo.pk)).text


def test_involvement_access_and_communication_sections(alice, people):
    jo = people["jo"]
    alice.post(
        url("edit_involvement", pk=jo.pk),
        {
            "interests": ["research", "training"],
            "skills": "IT, Public speaking ,  it",
            "availability": ["0:morning", "4:evening"],
            "curfew_time": "22:00",
            "travel_home_minutes": "45",
            "motivations": "",
            "put_offs": "Big groups",
        },
    )
    alice.post(
        url("edit_access", pk=jo.pk), {"needs": ["step_free", "easy_read"], "access_notes": ""}
    )
    alice.post(
        url("edit_communication", pk=jo.pk), {"first": "email", "second": "sms", "third": ""}
    )
    detail = alice.get(url("detail", pk=jo.pk)).text
    for text in [
        "Research and evaluation",
        "Delivering training",
        ">it<",
        "public speaking",
        "Monday morning",
        "Friday evening",
        "Home by 10pm",
        "45 minutes",
        "Big groups",
        "Step-free access",
        "Easy Read",
    ]:
        assert text in detail, text
    duplicate = alice.post(url("edit_communication", pk=jo.pk), {"first": "sms", "second": "sms"})
    assert "Choose each way of getting in touch only once" in duplicate.text


def test_list_filters(alice, world, people):
    with scope(organisation=world.org_a):
        services.participant_set_access_needs(
            participant=people["sam"], needs=["bsl"], notes="", actor=world.alice
        )
    assert "Sam Carter" in alice.get(url("list"), {"access_need": "bsl"}).text
    assert "Jo Bloggs" not in alice.get(url("list"), {"access_need": "bsl"}).text
    assert "Jo Bloggs" in alice.get(url("list"), {"q": "900123"}).text
    assert "Sam Carter" not in alice.get(url("list"), {"area": "hackney"}).text
    assert "Bo in Org B" not in alice.get(url("list")).text
    # Nonsense filters are ignored rather than causing errors.
    assert (
        alice.get(url("list"), {"status": "zzz", "day": "9", "skill": "x", "size": "7"}).status_code
        == 200
    )


def _make_people(world, n):
    with scope(organisation=world.org_a):
        people = Participant.objects.bulk_create(
            [
                Participant(
                    organisation=world.org_a,
                    preferred_name=f"Person {i:03d}",
                    named_contact=world.alice,
                )
                for i in range(n)
            ]
        )
        for p in people[:3]:
            services.consent_record(
                participant=p, purpose="photos", state="given", method="verbal", actor=world.alice
            )


def test_list_query_count_is_the_same_for_1_and_50_rows(alice, world):
    _make_people(world, 1)
    with CaptureQueriesContext(connection) as one:
        assert alice.get(url("list"), {"size": 50}).status_code == 200
    _make_people(world, 60)
    with CaptureQueriesContext(connection) as fifty:
        page = alice.get(url("list"), {"size": 50})
    assert page.text.count('class="govuk-table__row"') == 51  # header + 50
    assert len(fifty) == len(one)


def test_participant_detail_query_count_is_bounded(alice, world, people):
    jo = people["jo"]
    with CaptureQueriesContext(connection) as before:
        alice.get(url("detail", pk=jo.pk))
    with scope(organisation=world.org_a):
        for i in range(10):
            services.consent_record(
                participant=jo, purpose="film", state="given", method="verbal", actor=world.alice
            )
        services.participant_set_access_needs(
            participant=jo, needs=list(c.AccessNeed.values), notes="", actor=world.alice
        )
    with CaptureQueriesContext(connection) as after:
        alice.get(url("detail", pk=jo.pk))
    assert len(after) == len(before)


def test_restrictions_are_recorded_and_ended_by_the_safeguarding_lead(client, world, people):
    jo, sam = people["jo"], people["sam"]
    client.force_login(world.safeguarding_a)
    bad = client.post(url("restriction_add", pk=sam.pk), {"kind": "not_venue", "meaning": ""})
    assert "Enter the area or venue" in bad.text or "Say what this means" in bad.text
    ok = client.post(
        url("restriction_add", pk=sam.pk),
        {"kind": "exclusion_area", "place": "Town centre", "meaning": "Meet elsewhere"},
    )
    assert ok.status_code == 302
    page = client.get(url("restrictions", pk=sam.pk)).text
    assert "Town centre" in page and "Never at the same forum as Sam" in page
    with scopes_disabled():
        restriction = jo.restrictions.get()
    client.post(url("restriction_end", pk=jo.pk, restriction_id=restriction.pk))
    restriction.refresh_from_db()
    assert restriction.ended_at is not None
    assert AuditEvent.unscoped.filter(action="restriction.end").exists()


def test_legal_names_are_hidden_from_coordinators_everywhere(alice, client, world, people):
    jo = people["jo"]
    edit = alice.get(url("edit_details", pk=jo.pk)).text
    assert "Joanna Bloggs" not in edit and 'name="legal_name"' not in edit
    assert "Jo Bloggs" not in alice.get(url("list"), {"q": "Joanna"}).text
    # Saving the form without the field keeps the legal name.
    alice.post(
        url("edit_details", pk=jo.pk), {"preferred_name": "Jo Bloggs", "phone": "07700 900123"}
    )
    jo.refresh_from_db()
    assert jo.legal_name == "Joanna Bloggs"
    client.force_login(world.admin_a)
    assert "Joanna Bloggs" in client.get(url("edit_details", pk=jo.pk)).text
    assert "Jo Bloggs" in client.get(url("list"), {"q": "Joanna"}).text


def test_changes_to_legal_names_are_not_written_to_the_audit_trail(client, world, people):
    client.force_login(world.admin_a)
    client.post(
        url("edit_details", pk=people["jo"].pk),
        {"preferred_name": "Jo Bloggs", "legal_name": "Joanna Q Bloggs", "phone": ""},
    )
    event = AuditEvent.unscoped.filter(action="participant.update").latest("created_at")
    assert "Joanna Bloggs" not in str(event.changes)


def test_changing_a_date_of_birth_is_audited_without_the_date(client, world, people):
    client.force_login(world.admin_a)
    response = client.post(
        url("edit_details", pk=people["jo"].pk),
        {"preferred_name": "Jo Bloggs", "date_of_birth": "1991-04-01"},
    )
    assert response.status_code == 302
    event = AuditEvent.unscoped.filter(action="participant.update").latest("created_at")
    assert "1991" not in str(event.changes) and "1990" not in str(event.changes)
    assert "date_of_birth" in event.changes


def test_moving_someone_on_gives_up_their_places_at_meetings_to_come(world):
    from django_scopes import scope

    from tests.events.builders import invite, make_event
    from withus.events.models import EventInvitation

    jo = Participant.unscoped.create(organisation=world.org_a, preferred_name="Jo", status="active")
    sam = Participant.unscoped.create(
        organisation=world.org_a, preferred_name="Sam", status="active"
    )
    coming = make_event(world.org_a, title="Forum", capacity=1)
    going = invite(coming, jo, reply="accepted")
    waiting = invite(coming, sam, reply="waiting")
    asked = invite(make_event(world.org_a, title="Workshop"), jo)
    with scope(organisation=world.org_a):
        services.participant_change_status(
            participant=jo, to_status="exited", reason="Moved away", actor=world.alice
        )
    replies = dict(EventInvitation.unscoped.values_list("pk", "reply"))
    assert replies[going.pk] == "declined" and replies[asked.pk] == "declined"
    assert replies[waiting.pk] == "accepted"
