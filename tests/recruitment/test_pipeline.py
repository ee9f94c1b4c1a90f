"""Opportunities and the recruitment pipeline: services, screens, audit, access and query counts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from withus.audit.models import AuditEvent
from withus.people import choices as c
from withus.people import services as people_services
from withus.people.models import Participant, StatusChange
from withus.projects.models import Project
from withus.recruitment.models import (
    Candidate,
    Opportunity,
    RoleDescription,
    StageChange,
)
from withus.recruitment.services_pipeline import (
    candidate_add,
    candidate_move,
    opportunity_create,
    stage_options,
)


def url(name, **kwargs):
    return reverse(f"recruitment:{name}", kwargs={"org_slug": "org-a", **kwargs})


@pytest.fixture
def alice(client, world):
    client.force_login(world.alice)
    return client


@pytest.fixture
def role(world):
    with scope(organisation=world.org_a):
        project = Project.objects.create(
            organisation=world.org_a, name="Women's forum 2027", methods=["co_production"]
        )
        return RoleDescription.objects.create(
            organisation=world.org_a,
            title="Forum member",
            summary="Help shape our services",
            skills="Listening, IT",
            project=project,
        )


@pytest.fixture
def opportunity(world, role):
    with scope(organisation=world.org_a):
        return opportunity_create(organisation=world.org_a, role=role, actor=world.alice)


def _errors(call) -> dict:
    with pytest.raises(ValidationError) as info:
        call()
    return info.value.message_dict


# --- services --------------------------------------------------------------------------------


def test_opportunity_create_defaults_from_the_role(world, role):
    with scope(organisation=world.org_a):
        opportunity = opportunity_create(
            organisation=world.org_a, role=role, title="  ", places=6, actor=world.alice
        )
    assert opportunity.title == "Forum member"
    assert opportunity.project_id == role.project_id
    assert opportunity.status == Opportunity.Status.OPEN
    assert AuditEvent.unscoped.filter(
        action="opportunity.create", object_id=str(opportunity.pk), actor=world.alice
    ).exists()


def test_opportunity_create_rejects_bad_input(world, role):
    with scope(organisation=world.org_b):
        other_role = RoleDescription.objects.create(
            organisation=world.org_b, title="B role", summary="S"
        )
    with scope(organisation=world.org_a):
        yesterday = timezone.localdate() - dt.timedelta(days=1)
        assert "role" in _errors(
            lambda: opportunity_create(organisation=world.org_a, role=other_role, actor=world.alice)
        )
        assert "closes_on" in _errors(
            lambda: opportunity_create(
                organisation=world.org_a, role=role, closes_on=yesterday, actor=world.alice
            )
        )
        assert "places" in _errors(
            lambda: opportunity_create(
                organisation=world.org_a, role=role, places=0, actor=world.alice
            )
        )
    assert not Opportunity.unscoped.exists()


def test_candidate_add_existing_and_new(world, people, opportunity):
    jo = people["jo"]
    with scope(organisation=world.org_a):
        existing = candidate_add(
            opportunity=opportunity, channel="key_worker", participant=jo, actor=world.alice
        )
        new = candidate_add(
            opportunity=opportunity,
            channel="poster",
            new_person={"preferred_name": "Pat New", "phone": "07700 900555", "email": ""},
            actor=world.alice,
        )
    assert (existing.stage, existing.channel, existing.participant) == ("enquiry", "key_worker", jo)
    pat = new.participant
    assert (pat.preferred_name, pat.status, pat.organisation) == ("Pat New", "enquiry", world.org_a)
    assert StatusChange.unscoped.filter(participant=pat, to_status="enquiry").exists()
    for candidate in (existing, new):
        (first,) = StageChange.unscoped.filter(candidate=candidate)
        assert (first.from_stage, first.to_stage, first.changed_by) == ("", "enquiry", world.alice)
        assert AuditEvent.unscoped.filter(
            action="candidate.add", object_id=str(candidate.pk)
        ).exists()
    assert AuditEvent.unscoped.filter(action="participant.create", object_id=str(pat.pk)).exists()


def test_candidate_add_rejects_bad_input(world, people, opportunity):
    jo, bo = people["jo"], people["bo"]
    with scope(organisation=world.org_a):
        gone = people_services.participant_create(
            organisation=world.org_a, data={"preferred_name": "Gone"}, actor=world.alice
        )
        people_services.participant_erase(participant=gone, actor=world.admin_a)
        candidate_add(opportunity=opportunity, channel="poster", participant=jo, actor=world.alice)
        cases = [
            ({"channel": "pigeon", "participant": people["sam"]}, "channel"),
            ({"channel": "poster"}, "participant"),  # nobody
            (
                {
                    "channel": "poster",
                    "participant": people["sam"],
                    "new_person": {"preferred_name": "X", "phone": "07700 900000"},
                },
                "participant",
            ),  # both
            ({"channel": "poster", "participant": jo}, "participant"),  # already in it
            ({"channel": "poster", "participant": bo}, "participant"),  # other organisation
            ({"channel": "poster", "participant": gone}, "participant"),  # erased
            ({"channel": "poster", "new_person": {"preferred_name": "No Way"}}, "phone"),
            (
                {"channel": "poster", "new_person": {"preferred_name": "Y", "legal_name": "Z"}},
                "participant",
            ),
            (
                {"channel": "poster", "new_person": {"preferred_name": "", "email": "a@b.example"}},
                "preferred_name",
            ),
        ]
        for kwargs, field in cases:
            errors = _errors(
                lambda kwargs=kwargs: candidate_add(
                    opportunity=opportunity, actor=world.alice, **kwargs
                )
            )
            assert field in errors, (kwargs, errors)
        assert Candidate.objects.count() == 1
        assert not Participant.objects.filter(preferred_name__in=["No Way", "Y", ""]).exists()


def test_candidate_move_forward_close_and_pick_up_again(world, people, opportunity):
    sam = people["sam"]
    with scope(organisation=world.org_a):
        candidate = candidate_add(
            opportunity=opportunity, channel="outreach", participant=sam, actor=world.alice
        )
        assert stage_options(candidate) == [
            "info_session",
            "terms_agreed",
            "active",
            "declined",
            "withdrawn",
        ]
        candidate_move(candidate=candidate, to_stage="info_session", actor=world.alice)
        assert "to_stage" in _errors(
            lambda: candidate_move(candidate=candidate, to_stage="enquiry", actor=world.alice)
        )
        assert "to_stage" in _errors(
            lambda: candidate_move(candidate=candidate, to_stage="info_session", actor=world.alice)
        )
        assert "to_stage" in _errors(
            lambda: candidate_move(candidate=candidate, to_stage="nowhere", actor=world.alice)
        )
        assert "reason" in _errors(
            lambda: candidate_move(
                candidate=candidate, to_stage="withdrawn", reason="  ", actor=world.alice
            )
        )
        candidate_move(
            candidate=candidate, to_stage="withdrawn", reason="Moved hostel", actor=world.alice
        )
        candidate.refresh_from_db()
        assert (candidate.stage, candidate.reason) == ("withdrawn", "Moved hostel")
        # Opting back in: from where they left (information session) or later, never earlier.
        assert stage_options(candidate) == ["info_session", "terms_agreed", "active"]
        assert "to_stage" in _errors(
            lambda: candidate_move(candidate=candidate, to_stage="enquiry", actor=world.alice)
        )
        assert "to_stage" in _errors(
            lambda: candidate_move(
                candidate=candidate, to_stage="declined", reason="x", actor=world.alice
            )
        )
        candidate_move(candidate=candidate, to_stage="info_session", actor=world.alice)
        candidate.refresh_from_db()
        assert (candidate.stage, candidate.reason) == ("info_session", "")
        trail = list(
            StageChange.objects.filter(candidate=candidate).values_list("from_stage", "to_stage")
        )
    assert trail == [
        ("", "enquiry"),
        ("enquiry", "info_session"),
        ("info_session", "withdrawn"),
        ("withdrawn", "info_session"),
    ]
    assert AuditEvent.unscoped.filter(action="candidate.stage").count() == 3


def test_becoming_active_makes_the_participant_active(world, people, opportunity):
    lee, jo = people["lee"], people["jo"]  # lee is at enquiry, jo is already active
    with scope(organisation=world.org_a):
        for person in (lee, jo):
            candidate = candidate_add(
                opportunity=opportunity, channel="event", participant=person, actor=world.alice
            )
            before = StatusChange.objects.filter(participant=person).count()
            candidate_move(candidate=candidate, to_stage="active", actor=world.alice)  # skips
            person.refresh_from_db()
            assert person.status == c.Status.ACTIVE
            added = StatusChange.objects.filter(participant=person).count() - before
            assert added == (1 if person == lee else 0)


# --- screens ---------------------------------------------------------------------------------


def _stage_of(name: str) -> str:
    with scopes_disabled():
        return Candidate.unscoped.get(participant__preferred_name=name).stage


def test_coordinator_journey(alice, world, people, role):
    """Open an opportunity, record three enquiries by different channels, move them on."""
    form = alice.get(url("opportunity_add"), {"role": role.pk})
    assert form.status_code == 200
    assert re.search(rf'<option value="{role.pk}" selected>', form.text)
    response = alice.post(url("opportunity_add"), {"role": role.pk, "title": "", "places": "8"})
    assert response.status_code == 302
    opportunity = Opportunity.unscoped.get()
    assert response.url == url("opportunity_detail", pk=opportunity.pk)
    assert opportunity.title == "Forum member"

    detail = alice.get(response.url)
    assert "Clinks (2016)" in detail.text
    assert "Nobody yet" in detail.text

    add = url("candidate_add", pk=opportunity.pk)
    assert alice.get(add).status_code == 200
    assert (
        alice.post(add, {"participant": people["jo"].pk, "channel": "key_worker"}).status_code
        == 302
    )
    assert (
        alice.post(
            add, {"preferred_name": "Pat New", "phone": "07700 900555", "channel": "poster"}
        ).status_code
        == 302
    )
    assert (
        alice.post(add, {"participant": people["sam"].pk, "channel": "online"}).status_code == 302
    )
    with scopes_disabled():
        channels = dict(Candidate.unscoped.values_list("participant__preferred_name", "channel"))
        candidates = {
            cand.participant.preferred_name: cand
            for cand in Candidate.unscoped.select_related("participant")
        }
    assert channels == {"Jo Bloggs": "key_worker", "Pat New": "poster", "Sam Carter": "online"}

    def move(name, stage, reason=""):
        page = url("candidate_stage", pk=opportunity.pk, candidate_id=candidates[name].pk)
        assert alice.get(page).status_code == 200
        return alice.post(page, {"to_stage": stage, "reason": reason})

    for stage in ("info_session", "terms_agreed", "active"):
        assert move("Jo Bloggs", stage).status_code == 302
    assert move("Pat New", "info_session").status_code == 302
    bad = move("Pat New", "withdrawn")
    assert bad.status_code == 200
    assert "There is a problem" in bad.text and "Say why they declined or withdrew" in bad.text
    assert move("Pat New", "withdrawn", "Not the right time").status_code == 302
    assert move("Sam Carter", "declined", "Clash with work").status_code == 302

    assert [_stage_of(n) for n in ("Jo Bloggs", "Pat New", "Sam Carter")] == [
        "active",
        "withdrawn",
        "declined",
    ]
    page = alice.get(url("opportunity_detail", pk=opportunity.pk)).text
    assert "Active: 1 person" in page and "Withdrew: 1 person" in page
    assert "Not the right time" in page
    # Jo has a restriction: flagged, never explained here.
    assert "Check with the safeguarding lead before inviting" in page
    assert "Never at the same forum" not in page
    # Funnel for this opportunity: 3 enquiries, 2 reached the information session, 1 active.
    cells = re.findall(
        r'<th scope="row" class="govuk-table__header">([^<]+)</th>\s*'
        r'<td class="govuk-table__cell govuk-table__cell--numeric">(\d+)</td>',
        page,
    )
    assert dict(cells) == {
        "Enquiry": "3",
        "Information session": "2",
        "Terms agreed": "1",
        "Active": "1",
        "Declined": "1",
        "Withdrew": "1",
    }
    with scopes_disabled():
        assert Participant.unscoped.get(preferred_name="Pat New").status == "enquiry"


def test_bad_input_gets_a_clear_message_and_changes_nothing(alice, world, people, opportunity):
    with scope(organisation=world.org_b):
        other_role = RoleDescription.objects.create(
            organisation=world.org_b, title="B role", summary="S"
        )
    for query in ({"role": "abc"}, {"role": other_role.pk}, {"role": "99999"}):
        page = alice.get(url("opportunity_add"), query)
        assert page.status_code == 200
        assert f'<option value="{opportunity.role_id}" selected>' not in page.text
    for data, message in [
        ({}, "Choose the role description this opportunity is for"),
        ({"role": other_role.pk}, "Choose a role description from the list"),
        ({"role": "x"}, "Choose a role description from the list"),
        ({"role": opportunity.role_id, "places": "many"}, "Enter the number of places"),
        ({"role": opportunity.role_id, "closes_on": "2020-01-01"}, "The closing date must be"),
    ]:
        page = alice.post(url("opportunity_add"), data)
        assert page.status_code == 200, data
        assert "There is a problem" in page.text and message in page.text, data
    assert Opportunity.unscoped.count() == 1

    add = url("candidate_add", pk=opportunity.pk)
    for data, message in [
        ({"channel": "poster"}, "Choose someone already on withus, or enter a new person"),
        ({"participant": people["jo"].pk}, "Choose how they heard about it"),
        ({"participant": people["bo"].pk, "channel": "poster"}, "Choose a person from the list"),
        ({"participant": "zz", "channel": "poster"}, "Choose a person from the list"),
        ({"participant": people["jo"].pk, "channel": "pigeon"}, "Choose how they heard about it"),
        (
            {"participant": people["jo"].pk, "preferred_name": "Also", "channel": "poster"},
            "not both",
        ),
        ({"preferred_name": "Kim", "channel": "poster"}, "Enter a phone number or an email"),
        ({"preferred_name": "Kim", "phone": "12ab", "channel": "poster"}, "Enter a phone number"),
        ({"preferred_name": "Kim", "email": "nope", "channel": "poster"}, "Enter an email address"),
    ]:
        page = alice.post(add, data)
        assert page.status_code == 200, data
        assert "There is a problem" in page.text and message in page.text, data
    assert not Candidate.unscoped.exists()
    assert not Participant.unscoped.filter(preferred_name="Kim").exists()

    alice.post(add, {"participant": people["jo"].pk, "channel": "poster"})
    again = alice.post(add, {"participant": people["jo"].pk, "channel": "poster"})
    assert again.status_code == 200 and "Choose a person from the list" in again.text
    with scopes_disabled():
        candidate = Candidate.unscoped.get()
    stage = url("candidate_stage", pk=opportunity.pk, candidate_id=candidate.pk)
    for data, message in [
        ({}, "Choose the stage to move them to"),
        ({"to_stage": "enquiry"}, "Choose a stage from the list"),
        ({"to_stage": "flying"}, "Choose a stage from the list"),
        ({"to_stage": "declined", "reason": ""}, "Say why they declined or withdrew"),
        ({"to_stage": "declined", "reason": "x" * 301}, "300 characters or fewer"),
    ]:
        page = alice.post(stage, data)
        assert page.status_code == 200, data
        assert "There is a problem" in page.text and message in page.text, data
    assert _stage_of("Jo Bloggs") == "enquiry"


def test_other_ids_get_404(alice, world, people, opportunity, role):
    with scope(organisation=world.org_a):
        second = opportunity_create(
            organisation=world.org_a, role=role, title="Second", actor=world.alice
        )
        candidate = candidate_add(
            opportunity=second, channel="poster", participant=people["jo"], actor=world.alice
        )
    with scope(organisation=world.org_b):
        role_b = RoleDescription.objects.create(organisation=world.org_b, title="B", summary="S")
        opp_b = opportunity_create(organisation=world.org_b, role=role_b, actor=world.charlie)
        cand_b = candidate_add(
            opportunity=opp_b, channel="poster", participant=people["bo"], actor=world.charlie
        )
    # A candidate of another opportunity, under this opportunity's address.
    wrong = url("candidate_stage", pk=opportunity.pk, candidate_id=candidate.pk)
    assert alice.get(wrong).status_code == 404
    assert alice.post(wrong, {"to_stage": "active"}).status_code == 404
    # Another organisation's objects under our address.
    for page in (
        url("opportunity_detail", pk=opp_b.pk),
        url("candidate_add", pk=opp_b.pk),
        url("matches", pk=opp_b.pk),
        url("candidate_stage", pk=opp_b.pk, candidate_id=cand_b.pk),
        url("candidate_stage", pk=opportunity.pk, candidate_id=cand_b.pk),
    ):
        assert alice.get(page).status_code == 404, page
    assert alice.post(url("candidate_add", pk=opp_b.pk), {"channel": "poster"}).status_code == 404
    # Another organisation's role in the preselect is ignored; its participant is refused.
    assert (
        alice.get(
            url("candidate_add", pk=opportunity.pk), {"participant": people["bo"].pk}
        ).status_code
        == 200
    )


def test_viewer_sees_the_funnel_but_not_the_pipeline(client, world, opportunity):
    client.force_login(world.bob)
    assert client.get(url("opportunities")).status_code == 403
    assert client.get(url("opportunity_detail", pk=opportunity.pk)).status_code == 403
    assert client.post(url("candidate_add", pk=opportunity.pk), {}).status_code == 403
    assert client.get(url("matches", pk=opportunity.pk)).status_code == 403
    page = client.get(url("funnel"))
    assert page.status_code == 200
    assert "Back to recruitment" not in page.text


def test_funnel_page(alice, world, people, opportunity):
    empty = alice.get(url("funnel"))
    assert "Nobody has been recorded" in empty.text
    with scope(organisation=world.org_a):
        for person, channel in [
            (people["jo"], "poster"),
            (people["sam"], "poster"),
            (people["lee"], "event"),
        ]:
            cand = candidate_add(
                opportunity=opportunity, channel=channel, participant=person, actor=world.alice
            )
            if person == people["jo"]:
                candidate_move(candidate=cand, to_stage="active", actor=world.alice)
    page = alice.get(url("funnel")).text
    assert "<caption" in page and 'scope="col"' in page and 'scope="row"' in page
    summary = page.split("Summary by channel")[1].split("</table>")[0]
    rows = re.findall(
        r'<th scope="row" class="govuk-table__header">([^<]+)</th>\s*'
        r'<td class="govuk-table__cell govuk-table__cell--numeric">(\d+)</td>\s*'
        r'<td class="govuk-table__cell govuk-table__cell--numeric">(\d+)</td>\s*'
        r'<td class="govuk-table__cell govuk-table__cell--numeric">([^<]+)</td>',
        summary,
    )
    assert rows == [
        ("Poster", "2", "1", "50%"),
        ("Large event", "1", "0", "0%"),
        ("All channels", "3", "1", "33%"),
    ]


def test_matches_page_ranks_explains_and_adds(alice, world, people, opportunity):
    jo, sam = people["jo"], people["sam"]
    with scope(organisation=world.org_a):
        people_services.participant_set_involvement(
            participant=sam,
            interests=["co_production"],
            skills=["listening", "IT"],
            availability=[(1, "afternoon")],
            data={},
            actor=world.alice,
        )
        people_services.participant_change_status(
            participant=people["lee"],
            to_status="paused",
            check_back_on=timezone.localdate() + dt.timedelta(days=30),
            actor=world.alice,
        )
    page = alice.get(url("matches", pk=opportunity.pk))
    assert page.status_code == 200
    text = page.text
    names = re.findall(r'summary-card__title">\d+\. <a[^>]*>([^<]+)</a>', text)
    assert names == ["Sam Carter", "Jo Bloggs", "Lee In-Prison"]  # Lee is taking a break: last
    assert "Has 2 of 2 skills asked for: IT and Listening" in text or (
        "Has 2 of 2 skills asked for: Listening and IT" in text
    )
    assert "Interested in forums and councils" in text
    assert "Check with the safeguarding lead before inviting" in text
    assert "No agreed way to contact them" in text  # Sam agreed to no channel
    assert "Taking a break" in text
    assert "Never at the same forum" not in text
    assert "How the list is ordered" in text

    sharpened = alice.get(
        url("matches", pk=opportunity.pk), {"times": ["1:afternoon"], "provisions": ["step_free"]}
    ).text
    assert "Free on Tuesday afternoon" in sharpened
    assert alice.get(url("matches", pk=opportunity.pk), {"times": ["9:never"]}).status_code == 200

    added = alice.post(
        url("candidate_add", pk=opportunity.pk),
        {"participant": sam.pk, "channel": "other", "next": "matches"},
    )
    assert added.status_code == 302 and added.url == url("matches", pk=opportunity.pk)
    with scopes_disabled():
        assert Candidate.unscoped.get(participant=sam).channel == "other"
    after = alice.get(url("matches", pk=opportunity.pk)).text
    names = re.findall(r'summary-card__title">\d+\. <a[^>]*>([^<]+)</a>', after)
    assert names == ["Jo Bloggs", "Lee In-Prison"]
    assert jo.pk


# --- bounded queries -------------------------------------------------------------------------


def _count(client, page) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).status_code == 200
    return len(queries)


def test_opportunity_list_query_count_is_the_same_for_1_and_30(alice, world, role):
    with scope(organisation=world.org_a):
        opportunity_create(organisation=world.org_a, role=role, actor=world.alice)
    one = _count(alice, url("opportunities"))
    with scope(organisation=world.org_a):
        person = people_services.participant_create(
            organisation=world.org_a, data={"preferred_name": "P"}, actor=world.alice
        )
        for i in range(29):
            o = opportunity_create(
                organisation=world.org_a, role=role, title=f"O{i}", actor=world.alice
            )
            candidate_add(opportunity=o, channel="poster", participant=person, actor=world.alice)
    assert _count(alice, url("opportunities")) == one


def test_opportunity_detail_query_count_is_the_same_for_1_and_30(alice, world, opportunity):
    def add(n, start):
        with scope(organisation=world.org_a):
            for i in range(start, start + n):
                cand = candidate_add(
                    opportunity=opportunity,
                    channel="poster",
                    new_person={"preferred_name": f"Person {i}", "phone": "07700 900000"},
                    actor=world.alice,
                )
                for stage in ["info_session", "declined"][: i % 3]:
                    candidate_move(candidate=cand, to_stage=stage, reason="r", actor=world.alice)

    add(1, 0)
    one = _count(alice, url("opportunity_detail", pk=opportunity.pk))
    add(29, 1)
    page = url("opportunity_detail", pk=opportunity.pk)
    assert _count(alice, page) == one
    assert alice.get(page).text.count("Person ") >= 30


def test_matches_query_count_is_bounded(alice, world, opportunity):
    def add(n, start):
        with scope(organisation=world.org_a):
            for i in range(start, start + n):
                p = people_services.participant_create(
                    organisation=world.org_a,
                    data={"preferred_name": f"M{i}", "phone": "07700 900000"},
                    actor=world.alice,
                )
                people_services.participant_set_involvement(
                    participant=p,
                    interests=["media"],
                    skills=["it"],
                    availability=[(0, "morning")],
                    data={},
                    actor=world.alice,
                )

    add(1, 0)
    one = _count(alice, url("matches", pk=opportunity.pk))
    add(30, 1)
    assert _count(alice, url("matches", pk=opportunity.pk)) == one


def test_closing_an_opportunity_stops_new_people_and_is_audited(client, world, people):
    from withus.audit.models import AuditEvent
    from withus.recruitment.models import Opportunity, RoleDescription

    with scope(organisation=world.org_a):
        role = RoleDescription.objects.create(organisation=world.org_a, title="Panel", summary="S")
        opportunity = Opportunity.objects.create(organisation=world.org_a, role=role, title="Panel")
    client.force_login(world.alice)
    status_url = reverse(
        "recruitment:opportunity_status", kwargs={"org_slug": "org-a", "pk": opportunity.pk}
    )
    assert client.post(status_url, {"status": "closed"}).status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.status == "closed"
    assert AuditEvent.unscoped.filter(action="opportunity.status").exists()
    add_url = reverse(
        "recruitment:candidate_add", kwargs={"org_slug": "org-a", "pk": opportunity.pk}
    )
    response = client.post(add_url, {"participant": people["jo"].pk, "channel": "poster"})
    assert "This opportunity is closed" in response.text
    from withus.recruitment.models import Candidate

    assert not Candidate.unscoped.filter(opportunity=opportunity).exists()
    client.post(status_url, {"status": "nonsense"})
    client.post(status_url, {"status": "open"})
    opportunity.refresh_from_db()
    assert opportunity.status == "open"
    assert client.get(status_url).status_code == 405
