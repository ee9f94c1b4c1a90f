"""check_event against the database: safeguarding visibility and overrides, tenancy, the photo
register, and a query count that does not grow with the number of invitees."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from tests.events.builders import add_agenda, invite, make_event, make_venue
from withus.checks import Severity
from withus.events.checks import EventCheck, check_event
from withus.events.models import Event, EventInvitation
from withus.orgs.capabilities import Capability
from withus.orgs.models import Membership
from withus.people import choices as c
from withus.people.models import AccessNeed, ConsentEvent, Participant, Restriction

Reply = EventInvitation.Reply
MEANING = "Never at the same forum as Sam"


def can_see(world, user) -> bool:
    membership = Membership.objects.get(organisation=world.org_a, user=user)
    return membership.has(Capability.MANAGE_SAFEGUARDING)


def fresh(event: Event) -> Event:
    """The event as a view would load it."""
    return Event.objects.select_related("organisation", "venue").get(pk=event.pk)


def safeguarding(check: EventCheck):
    return [f for f in check.findings if f.code == "safeguarding"]


def everything(check: EventCheck) -> str:
    return " ".join(f"{f.message} {f.advice}" for f in check.findings)


@pytest.fixture
def forum(world, in_org_a):
    return make_event(world.org_a, venue=make_venue(world.org_a))


def test_coordinator_is_told_only_that_there_is_a_safeguarding_check(world, people, forum):
    invite(forum, people["jo"])
    assert not can_see(world, world.alice)
    check = check_event(
        fresh(forum), can_see_safeguarding=can_see(world, world.alice), adding=[people["sam"]]
    )
    (finding,) = safeguarding(check)
    assert finding.severity == Severity.BLOCKING
    assert finding.message == (
        "Sam Carter cannot be invited to this event because of a safeguarding check. "
        "Speak to the safeguarding lead."
    )
    assert check.blocked == {people["sam"].pk}
    text = everything(check)
    assert MEANING not in text
    assert "Jo" not in text
    assert "contact" not in text.lower()


def test_safeguarding_lead_sees_who_and_what_it_means(world, people, forum):
    invite(forum, people["jo"])
    assert can_see(world, world.safeguarding_a)
    check = check_event(
        fresh(forum),
        can_see_safeguarding=can_see(world, world.safeguarding_a),
        adding=[people["sam"]],
    )
    (finding,) = safeguarding(check)
    assert finding.severity == Severity.BLOCKING
    assert "Jo Bloggs and Sam Carter must not be at the same event" in finding.message
    assert MEANING in finding.message
    assert check.blocked == {people["sam"].pk}
    assert check.findings[0] == finding  # most serious first


def test_both_invited_without_override_blocks_both(people, forum):
    invite(forum, people["jo"])
    invite(forum, people["sam"])
    check = check_event(fresh(forum), can_see_safeguarding=False)
    assert [f.severity for f in safeguarding(check)] == [Severity.BLOCKING] * 2
    assert check.blocked == {people["jo"].pk, people["sam"].pk}


def test_recorded_override_turns_blocking_into_information(world, people, forum):
    invite(forum, people["jo"])
    invite(
        forum,
        people["sam"],
        override_reason="Two staff in the room; seated apart",
        overridden_by=world.safeguarding_a,
    )
    for lead in (False, True):
        check = check_event(fresh(forum), can_see_safeguarding=lead)
        (finding,) = safeguarding(check)
        assert finding.severity == Severity.INFO
        assert check.blocked == frozenset()
        assert not any(f.blocking for f in check.findings)
        assert ("Two staff in the room" in everything(check)) is lead
        assert (MEANING in everything(check)) is lead


def test_declined_and_withdrawn_invitations_are_not_checked(people, forum):
    invite(forum, people["jo"])
    invite(forum, people["sam"], reply=Reply.DECLINED)
    assert safeguarding(check_event(fresh(forum), can_see_safeguarding=True)) == []
    EventInvitation.objects.filter(participant=people["sam"]).update(reply=Reply.WITHDRAWN)
    assert safeguarding(check_event(fresh(forum), can_see_safeguarding=True)) == []
    EventInvitation.objects.filter(participant=people["sam"]).update(reply=Reply.WAITING)
    assert safeguarding(check_event(fresh(forum), can_see_safeguarding=True))


def test_ended_restrictions_do_not_count(people, forum):
    Restriction.objects.update(ended_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    invite(forum, people["jo"])
    check = check_event(fresh(forum), can_see_safeguarding=True, adding=[people["sam"]])
    assert safeguarding(check) == []
    assert check.blocked == frozenset()


def test_another_organisations_restrictions_never_appear(world, people, forum):
    with scope(organisation=world.org_b):
        # Org B's own restriction on a place with the same name as org A's venue…
        Restriction.objects.create(
            organisation=world.org_b,
            participant=people["bo"],
            kind=c.RestrictionKind.NOT_VENUE,
            place="Community Hall",
            meaning="Org B secret meaning",
        )
    # …and a stray row that points at an org A person but belongs to org B.
    Restriction.unscoped.create(
        organisation=world.org_b,
        participant=people["jo"],
        kind=c.RestrictionKind.NOT_VENUE,
        place="Community Hall",
        meaning="Org B stray meaning",
    )
    invite(forum, people["jo"])
    check = check_event(fresh(forum), can_see_safeguarding=True, adding=[people["bo"]])
    assert safeguarding(check) == []
    assert check.blocked == frozenset()
    assert "Org B" not in everything(check)
    assert "Bo in Org B" not in check.photo_register


def test_venue_restriction_found_by_postcode(world, people, in_org_a):
    venue = make_venue(world.org_a, name="St Mary's", postcode="E8 1AA")
    event = make_event(world.org_a, venue=venue)
    Restriction.objects.create(
        organisation=world.org_a,
        participant=people["lee"],
        kind=c.RestrictionKind.EXCLUSION_AREA,
        place="e8 1aa",
        meaning="Licence condition: stay out of this postcode",
    )
    check = check_event(fresh(event), can_see_safeguarding=False, adding=[people["lee"]])
    (finding,) = safeguarding(check)
    assert finding.blocking
    assert "postcode" not in finding.message.lower()
    assert check.blocked == {people["lee"].pk}


def test_photo_register_lists_people_without_photo_consent(people, world, in_org_a):
    event = make_event(world.org_a, venue=make_venue(world.org_a), photos_planned=True)
    invite(event, people["jo"])
    invite(event, people["lee"], reply=Reply.ACCEPTED)
    check = check_event(fresh(event), can_see_safeguarding=False)
    assert check.photo_register == ["Lee In-Prison"]
    (finding,) = [f for f in check.findings if f.code == "photo_consent"]
    assert finding.severity == Severity.WARNING
    assert "Lee In-Prison has not agreed to photos" in finding.message
    # A later withdrawal counts: the newest decision is the one that matters.
    ConsentEvent.objects.create(
        organisation=world.org_a,
        participant=people["jo"],
        purpose=c.ConsentPurpose.PHOTOS,
        state=c.ConsentState.WITHDRAWN,
        method=c.ConsentMethod.VERBAL,
    )
    assert check_event(fresh(event), can_see_safeguarding=False).photo_register == [
        "Jo Bloggs",
        "Lee In-Prison",
    ]


def test_curfew_on_the_day_the_clocks_go_forward(people, world, in_org_a):
    Participant.objects.filter(pk=people["lee"].pk).update(
        curfew_time=dt.time(21), travel_home_minutes=45, pronouns="she/her"
    )
    event = make_event(
        world.org_a,
        day=dt.date(2026, 3, 29),
        start=dt.time(18),
        end=dt.time(20, 30),
        venue=make_venue(world.org_a),
    )
    invite(event, people["lee"])
    check = check_event(fresh(event), can_see_safeguarding=False, today=dt.date(2026, 3, 1))
    (finding,) = [f for f in check.findings if f.code == "curfew"]
    assert finding.message == (
        "Lee In-Prison needs to be home by 9pm. The meeting ends at 8:30pm and it takes her "
        "about 45 minutes to get home, so she would get home at about 9:15pm."
    )


def test_access_capacity_and_inactive_from_the_database(people, world, in_org_a):
    venue = make_venue(world.org_a, step_free=None)
    event = make_event(world.org_a, venue=venue, capacity=2)
    add_agenda(event, ("Welcome", 30), ("Discussion", 45), ("Break", 15, True))
    AccessNeed.objects.create(
        organisation=world.org_a, participant=people["lee"], need=c.AccessNeed.STEP_FREE
    )
    AccessNeed.objects.create(
        organisation=world.org_a, participant=people["lee"], need=c.AccessNeed.BREAKS
    )
    Participant.objects.filter(pk=people["sam"].pk).update(
        status=c.Status.PAUSED, check_back_on=dt.date(2026, 9, 1)
    )
    invite(event, people["lee"], reply=Reply.ACCEPTED)
    invite(event, people["sam"], reply=Reply.ACCEPTED)
    check = check_event(fresh(event), can_see_safeguarding=False, adding=[people["jo"]])
    by_code = {}
    for f in check.findings:
        by_code.setdefault(f.code, []).append(f)
    (access,) = by_code["access_unmet"]
    assert "step-free access: not checked at Community Hall" in access.message
    assert "regular breaks" in access.message
    assert by_code["no_break"][0].message == (
        "From 10am to 11:15am there is no break (1 hour 15 minutes)."
    )
    (inactive,) = by_code["invitee_inactive"]
    assert inactive.message == "Sam Carter is taking a break until Tuesday 1 September 2026."
    (capacity,) = by_code["capacity"]
    assert capacity.severity == Severity.WARNING
    assert capacity.message.startswith("3 people are coming or about to be invited")
    # and jo, about to be added, is still blocked because of Sam
    assert check.blocked == {people["jo"].pk}


def test_papers_use_today(world, people, in_org_a):
    event = make_event(world.org_a, day=dt.date(2026, 4, 15), venue=make_venue(world.org_a))
    assert event.papers_due_on == dt.date(2026, 4, 1)
    on_time = check_event(fresh(event), can_see_safeguarding=False, today=dt.date(2026, 4, 1))
    assert not [f for f in on_time.findings if f.code == "papers_late"]
    late = check_event(fresh(event), can_see_safeguarding=False, today=dt.date(2026, 4, 2))
    (finding,) = [f for f in late.findings if f.code == "papers_late"]
    assert finding.severity == Severity.WARNING


def test_cancelled_events_have_no_findings(people, world, in_org_a):
    event = make_event(
        world.org_a,
        status=Event.Status.CANCELLED,
        photos_planned=True,
        capacity=1,
        start=dt.time(18),
        end=dt.time(22),
    )
    invite(event, people["jo"], reply=Reply.ACCEPTED)
    invite(event, people["sam"], reply=Reply.ACCEPTED)
    check = check_event(fresh(event), can_see_safeguarding=True)
    assert check == EventCheck([], frozenset(), [])


def test_online_event_skips_venue_facts_and_travel(people, world, in_org_a):
    event = make_event(
        world.org_a,
        online_link="https://meet.example/forum",
        start=dt.time(19),
        end=dt.time(21, 30),
    )
    Participant.objects.filter(pk=people["lee"].pk).update(
        curfew_time=dt.time(21), travel_home_minutes=30, travels_by=c.TravelsBy.PUBLIC_TRANSPORT
    )
    AccessNeed.objects.create(
        organisation=world.org_a, participant=people["lee"], need=c.AccessNeed.STEP_FREE
    )
    invite(event, people["lee"])
    codes = {f.code for f in check_event(fresh(event), can_see_safeguarding=False).findings}
    assert not codes & {"access_unmet", "curfew", "late_finish"}


def _crowd(world, event, n: int) -> list[Participant]:
    made = []
    for i in range(n):
        person = Participant.objects.create(
            organisation=world.org_a,
            preferred_name=f"Person {i:02d}",
            status=c.Status.PAUSED if i % 3 == 0 else c.Status.ACTIVE,
            curfew_time=dt.time(21),
            travel_home_minutes=30 + i,
            travels_by=c.TravelsBy.PUBLIC_TRANSPORT,
        )
        AccessNeed.objects.create(
            organisation=world.org_a, participant=person, need=c.AccessNeed.STEP_FREE
        )
        AccessNeed.objects.create(
            organisation=world.org_a, participant=person, need=c.AccessNeed.COMPANION
        )
        ConsentEvent.objects.create(
            organisation=world.org_a,
            participant=person,
            purpose=c.ConsentPurpose.PHOTOS,
            state=c.ConsentState.GIVEN if i % 2 else c.ConsentState.REFUSED,
            method=c.ConsentMethod.WRITTEN,
        )
        Restriction.objects.create(
            organisation=world.org_a,
            participant=person,
            kind=c.RestrictionKind.NOT_VENUE,
            place="Community Hall",
            meaning="Not this hall",
        )
        invite(event, person, reply=Reply.ACCEPTED, override_reason="Allowed" if i % 2 else "")
        made.append(person)
    return made


@pytest.mark.parametrize("can_see_safeguarding", [False, True])
def test_query_count_does_not_grow_with_invitees(people, world, in_org_a, can_see_safeguarding):
    venue = make_venue(world.org_a)
    few = make_event(world.org_a, venue=venue, photos_planned=True, capacity=5, end=dt.time(22))
    many = make_event(world.org_a, venue=venue, photos_planned=True, capacity=5, end=dt.time(22))
    for event in (few, many):
        add_agenda(event, ("Welcome", 30), ("Talk", 45), ("Break", 15, True), ("More", 30))
    _crowd(world, few, 1)
    _crowd(world, many, 20)

    counts = []
    for event, adding in ((few, [people["jo"]]), (many, [people["jo"], people["sam"]])):
        loaded = fresh(event)
        with CaptureQueriesContext(connection) as queries:
            check = check_event(loaded, can_see_safeguarding=can_see_safeguarding, adding=adding)
        counts.append(len(queries))
        assert check.findings
    assert counts[0] == counts[1]
    assert counts[1] <= 6
    assert len(check.photo_register) >= 10  # the refused half, plus Sam (no consent recorded)


def test_query_count_is_bounded_when_the_event_is_not_preloaded(people, world, in_org_a):
    event = make_event(world.org_a, venue=make_venue(world.org_a))
    _crowd(world, event, 20)
    plain = Event.objects.get(pk=event.pk)  # organisation and venue not loaded yet
    with CaptureQueriesContext(connection) as queries:
        check_event(plain, can_see_safeguarding=False, adding=[people["jo"]])
    assert len(queries) <= 8
