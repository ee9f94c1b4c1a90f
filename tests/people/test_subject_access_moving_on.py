"""Subject access holds moving on, testimonial letters and the self-assessment actions a person
owns; only theirs; and the safeguarding concerns log stays out (above all of their own copy)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from django_scopes import scope

from withus.assessment.models import ActionItem, Assessment
from withus.exits import services as exit_services
from withus.exits.models import ExitRecord, SafeguardingConcern, SignpostOrganisation
from withus.people import subject_access
from withus.people.models import Participant
from withus.portal.services_details import my_data

pytestmark = pytest.mark.django_db

LEFT = dt.date(2026, 2, 10)
SECRET = "Said something worrying about a housemate"


def _person(world, name):
    return Participant.unscoped.create(organisation=world.org_a, preferred_name=name)


def _everything_for(world, who, words):
    """An exit record, two letter versions (the second signed) and an action, each with `words`."""
    org = world.org_a
    signpost = SignpostOrganisation.unscoped.create(
        organisation=org, name=f"{words} Signpost", offers="Help"
    )
    record = ExitRecord.unscoped.create(
        organisation=org,
        participant=who,
        left_on=LEFT,
        reason=ExitRecord.Reason.WORK_OR_STUDY,
        reason_detail=f"{words} started a course",
        destination=ExitRecord.Destination.TRAINING,
        destination_detail=f"{words} College",
        keep_in_touch=True,
        recorded_by=world.alice,
    )
    record.signposted_to.add(signpost)
    with scope(organisation=org):
        exit_services.letter_save(
            participant=who,
            addressed_to="To whom it may concern",
            body=f"{words} draft letter.",
            cv_wording=f"- {words} CV line",
            actor=world.alice,
        )
        second = exit_services.letter_save(
            participant=who,
            addressed_to="Dear Ms Khan",
            body=f"{words} signed letter.",
            cv_wording="",
            signer_name="Alice Coordinator",
            actor=world.alice,
        )
        exit_services.letter_sign(version=second, actor=world.alice)
    assessment = Assessment.unscoped.create(
        organisation=org, held_on=dt.date(2026, 3, 3), title=f"{words} spring review"
    )
    ActionItem.unscoped.create(
        organisation=org,
        assessment=assessment,
        title=f"{words} to join the interview panel",
        participant=who,
        due_on=dt.date(2026, 6, 1),
    )


@pytest.fixture
def jo(world):
    jo, sam = _person(world, "Jo Leaving"), _person(world, "Sam Other")
    _everything_for(world, jo, "Jo's")
    _everything_for(world, sam, "Sam's")
    # An action the organisation owns (no participant) is nobody's personal data.
    ActionItem.unscoped.create(
        organisation=world.org_a, title="Organisation-wide action", staff=world.alice
    )
    concern = SafeguardingConcern.unscoped.create(
        organisation=world.org_a,
        summary="Concern about Jo",
        details=SECRET,
        raised_on=timezone.localdate(),
        raised_by="Forum facilitator",
    )
    concern.people.add(jo)
    return jo


def _build(world, who):
    with scope(organisation=world.org_a):
        return subject_access.build(Participant.objects.get(pk=who.pk))


def test_moving_on_is_in_the_export(world, jo):
    moving_on = _build(world, jo)["moving_on"]
    assert moving_on["left_on"] == LEFT
    assert moving_on["reason"] == "Started work or study and no longer has time"
    assert moving_on["more_about_why"] == "Jo's started a course"
    assert moving_on["where_they_went_next"] == "Training or education"
    assert moving_on["name_of_where_they_went"] == "Jo's College"
    assert moving_on["pointed_to"] == ["Jo's Signpost"]
    assert moving_on["would_like_to_hear_about_opportunities"] is True
    assert _build(world, _person(world, "Nobody Left"))["moving_on"] is None


def test_every_letter_version_is_in_the_export(world, jo):
    letters = _build(world, jo)["testimonial_letters"]
    assert [(v["version"], v["letter"]) for v in letters] == [
        (1, "Jo's draft letter."),
        (2, "Jo's signed letter."),
    ]
    assert letters[0]["cv_wording"] == "- Jo's CV line" and letters[0]["signed_at"] is None
    assert letters[1]["signed_by"] == "Alice Coordinator" and letters[1]["signed_at"]


def test_their_self_assessment_actions_are_in_the_export(world, jo):
    (action,) = _build(world, jo)["self_assessment_actions"]
    assert action["action"] == "Jo's to join the interview panel"
    assert action["from_the_self_assessment"] == "Jo's spring review"
    assert action["due_on"] == dt.date(2026, 6, 1) and action["status"] == "To do"


def test_another_persons_records_are_not_in_the_export(world, jo):
    text = subject_access.to_json(_build(world, jo)).decode()
    assert "Jo's College" in text and "Jo's signed letter" in text
    assert "Sam" not in text and "Organisation-wide action" not in text


def test_safeguarding_concerns_stay_out_of_both_copies(world, jo):
    staff_copy = subject_access.to_json(_build(world, jo)).decode()
    with scope(organisation=world.org_a):
        own_copy = subject_access.to_json(
            my_data(participant=Participant.objects.get(pk=jo.pk), audit=False)
        ).decode()
    for text in (staff_copy, own_copy):
        assert SECRET not in text and "Concern about Jo" not in text
    # Their own copy still has the new sections.
    assert "Jo's signed letter" in own_copy and "Jo's College" in own_copy
    assert "Jo's to join the interview panel" in own_copy


def test_the_readable_copy_can_be_made_with_the_new_sections(world, jo):
    with scope(organisation=world.org_a):
        person = Participant.objects.get(pk=jo.pk)
        sections, _ = subject_access.readable_sections(subject_access.build(person))
        assert subject_access.to_html(subject_access.build(person), participant=person)
    assert sections["moving_on"]["left_on"] == "Tuesday 10 February 2026"
    assert sections["testimonial_letters"][1]["to"] == "Dear Ms Khan"
    empty = _build(world, _person(world, "Nobody"))
    assert empty["testimonial_letters"] == [] and empty["self_assessment_actions"] == []


def _with_training(world, who):
    from withus.support.models import Completion, Course, SupervisionNote

    course = Course.unscoped.create(organisation=world.org_a, title="Jo's facilitation course")
    Completion.unscoped.create(
        organisation=world.org_a, participant=who, course=course, completed_on=dt.date(2026, 4, 1)
    )
    SupervisionNote.unscoped.create(
        organisation=world.org_a,
        participant=who,
        met_on=dt.date(2026, 4, 2),
        note="Supervision words about Jo",
        written_by=world.alice,
    )


def test_the_staff_pdf_shows_training_moving_on_letters_and_actions(world, jo):
    _with_training(world, jo)
    with scope(organisation=world.org_a):
        person = Participant.objects.get(pk=jo.pk)
        html = subject_access.to_html(subject_access.build(person), participant=person)
    for text in (
        "Training and support",
        "Jo&#x27;s facilitation course, Wednesday 1 April 2026",
        "Supervision words about Jo",
        "Moving on",
        "Jo&#x27;s College",
        "Jo&#x27;s draft letter.",
        "Jo&#x27;s signed letter.",
        "Jo&#x27;s to join the interview panel",
    ):
        assert text in html, text
    assert "Sam" not in html


def test_their_own_copy_shows_training_and_signed_letters_only(client, world, jo):
    from tests.portal.helpers import portal_login

    _with_training(world, jo)
    portal_login(client, jo)
    page = client.get("/p/about-you/your-information/").text
    assert "Jo&#x27;s facilitation course" in page
    assert "Jo&#x27;s College" in page and "Jo&#x27;s signed letter." in page
    assert "Jo&#x27;s to join the interview panel" in page
    # Unsigned drafts and supervision notes are checked by staff before they are sent.
    assert "Jo&#x27;s draft letter." not in page
    assert "Supervision words about Jo" not in page
    assert SECRET not in page
