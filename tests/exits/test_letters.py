"""Testimonial letters: drafted from the real record, edited as versions, signed, downloaded;
the person's portal request shown and marked done."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.utils import timezone
from django_scopes import scope

from tests.events.builders import invite, make_event
from tests.portal.helpers import person
from withus.exits import letters
from withus.exits.models import LetterVersion
from withus.portal import models as portal_models
from withus.portal.selectors_record import JUSTICE_WORDS
from withus.recruitment.models import Candidate, Opportunity, RoleDescription
from withus.voice.models import Action, Contribution, PersonOutcome

pytestmark = pytest.mark.django_db

PAST = timezone.localdate() - dt.timedelta(days=30)


def _came(org, who, title, *, day=PAST, start=dt.time(10), end=dt.time(12), **kw):
    event = make_event(org, title=title, day=day, start=start, end=end, **kw)
    invite(event, who, reply="accepted", attendance="attended")


def _role(org, who, title, stage="active"):
    role = RoleDescription.unscoped.create(organisation=org, title=title, summary="A role")
    opportunity = Opportunity.unscoped.create(organisation=org, role=role, title=title)
    Candidate.unscoped.create(
        organisation=org, opportunity=opportunity, participant=who, channel="poster", stage=stage
    )


def _said(org, who, text, response, *, we_did, anonymous=False):
    contribution = Contribution.unscoped.create(
        organisation=org, text=text, received_on=PAST, anonymous=anonymous
    )
    contribution.contributors.add(who)
    action = Action.unscoped.create(
        organisation=org, response=response, we_did=we_did, decided_on=PAST
    )
    action.contributions.add(contribution)


@pytest.fixture
def kim(world):
    org = world.org_a
    kim = person(org, "Kim Letter")
    _came(org, kim, "Probation forum", start=dt.time(10), end=dt.time(12, 30))
    _came(org, kim, "Facilitation skills", kind="training", day=PAST - dt.timedelta(days=2))
    _role(org, kim, "Prison voice panel member")
    _role(org, kim, "Interview panel member")
    _role(org, kim, "Only enquired", stage="enquiry")
    PersonOutcome.unscoped.create(
        organisation=org,
        participant=kim,
        kind="qualification",
        achieved_on=PAST,
        description="Level 2 Food Hygiene",
        person_agreed=True,
    )
    _said(org, kim, "Later opening", "accepted", we_did="The centre now opens until 7pm.")
    _said(org, kim, "Free bus passes", "not_possible", we_did="We cannot fund bus passes.")
    _said(org, kim, "Anon idea", "accepted", we_did="Anonymous change made.", anonymous=True)
    other = person(org, "Sam Other")
    _came(org, other, "Sam's meeting")
    return kim


def test_draft_comes_from_the_real_record_in_neutral_words(world, kim):
    with scope(organisation=world.org_a):
        facts = letters.facts_for(kim)
        body = letters.draft_letter(facts)
        cv = letters.draft_cv(facts)
    assert facts.sessions == 2 and facts.hours == 4.5
    assert "2 sessions, 4.5 hours in all" in body
    assert "Interview panel member" in body and "Only enquired" not in body
    # "Prison voice panel member" names the justice system: a neutral role instead.
    assert "Involvement role" in body and not JUSTICE_WORDS.search(body)
    assert "Facilitation skills" in body and "Level 2 Food Hygiene" in body
    assert "The centre now opens until 7pm." in body
    assert "bus passes" not in body and "Anonymous change" not in body
    assert "Sam" not in body
    assert letters.has_prompt(body)
    assert "Involvement volunteer, " in cv and "1 suggestion" in cv
    assert not JUSTICE_WORDS.search(cv)


def test_someone_with_no_record_gets_a_short_honest_draft(world):
    nobody = person(world.org_a, "New Person")
    with scope(organisation=world.org_a):
        body = letters.draft_letter(letters.facts_for(nobody))
    assert "session" not in body and "roles" not in body
    assert "New Person" in body


def test_write_sign_and_download(alice, world, kim):
    base = f"/o/{world.org_a.slug}/moving-on/people/{kim.pk}/letter/"
    page = alice.get(base).content.decode()
    assert "The centre now opens until 7pm." in page
    body = "Kim came to every forum.\n[Add, in your own words, what Kim brought]"
    response = alice.post(
        base,
        {"addressed_to": "Dear Ms Khan", "body": body, "cv_wording": "- Forum member"},
    )
    assert response.status_code == 302 and response.url.endswith("/letter/1/")
    # Cannot sign while the prompt is there, nor without a signer.
    alice.post(f"{base}1/sign/")
    with scope(organisation=world.org_a):
        assert LetterVersion.objects.get(participant=kim, number=1).signed_at is None
    alice.post(
        base,
        {
            "addressed_to": "Dear Ms Khan",
            "body": "Kim came to every forum and chaired two.\n- Reliable\n- Kind",
            "cv_wording": "- Forum member",
            "signer_name": "Alice Coordinator",
            "signer_job": "Involvement coordinator",
        },
    )
    alice.post(f"{base}1/sign/")  # an older version cannot be signed
    response = alice.post(f"{base}2/sign/")
    assert response.status_code == 302
    with scope(organisation=world.org_a):
        v1, v2 = LetterVersion.objects.filter(participant=kim).order_by("number")
    assert v1.signed_at is None and v1.body == body
    assert v2.signed_at is not None and v2.signed_by == world.alice
    page = alice.get(f"{base}2/").content.decode()
    assert "Signed" in page and "chaired two" in page
    # Changing a signed letter makes a new draft; version 2 stays as signed.
    alice.post(base, {"addressed_to": "X", "body": "Changed", "cv_wording": ""})
    with scope(organisation=world.org_a):
        assert LetterVersion.objects.get(participant=kim, number=2).body.startswith("Kim came")
        assert LetterVersion.objects.get(participant=kim, number=3).signed_at is None

    pdf = alice.get(f"{base}2/letter.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["Cache-Control"] == "no-store"
    docx = alice.get(f"{base}2/letter.docx")
    assert docx.status_code == 200
    with zipfile.ZipFile(io.BytesIO(docx.content)) as archive:
        xml = archive.read("word/document.xml").decode()
    assert "chaired two" in xml and "Alice Coordinator" in xml and "Dear Ms Khan" in xml
    assert "Yours sincerely" in xml
    assert alice.get(f"{base}2/letter.exe").status_code == 404
    assert alice.get(f"{base}99/").status_code == 404
    assert alice.get(f"{base}99999999999999999999999/").status_code == 404


def test_empty_letter_is_an_error_not_a_version(alice, world, kim):
    base = f"/o/{world.org_a.slug}/moving-on/people/{kim.pk}/letter/"
    response = alice.post(base, {"addressed_to": "", "body": "  ", "cv_wording": ""})
    assert response.status_code == 400
    assert "Enter the letter" in response.content.decode()
    with scope(organisation=world.org_a):
        assert not LetterVersion.objects.filter(participant=kim).exists()


def test_portal_request_is_shown_and_marked_done(alice, world, kim):
    asked = portal_models.TestimonialRequest.unscoped.create(
        organisation=world.org_a,
        participant=kim,
        purpose="A job at a cafe",
        created_at=timezone.now(),
    )
    page = alice.get(f"/o/{world.org_a.slug}/moving-on/people/{kim.pk}/").content.decode()
    assert "A job at a cafe" in page and "Mark their request done" in page
    index = alice.get(f"/o/{world.org_a.slug}/moving-on/").content.decode()
    assert "Kim Letter" in index
    response = alice.post(
        f"/o/{world.org_a.slug}/moving-on/people/{kim.pk}/requests/{asked.pk}/done/"
    )
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.done_at is not None and asked.done_by == world.alice
    assert "Moving on" in asked.note


def test_request_of_another_person_is_404(alice, world, kim):
    other = person(world.org_a, "Other")
    asked = portal_models.TestimonialRequest.unscoped.create(
        organisation=world.org_a, participant=other, created_at=timezone.now()
    )
    url = f"/o/{world.org_a.slug}/moving-on/people/{kim.pk}/requests/{asked.pk}/done/"
    assert alice.post(url).status_code == 404
    asked.refresh_from_db()
    assert asked.done_at is None


# --- review fixes: completed training in the draft; downloads audited ----------------------


def test_draft_includes_training_completed_in_training_and_support(world, kim):
    from tests.support.builders import completion

    org = world.org_a
    completion(org, participant=kim, title="Committee skills", provider="Our centre")
    completion(
        org,
        participant=kim,
        title="Prison awareness",  # names the justice system: neutral words instead
        provider="HMP Leeds",
        certificate=True,
        completed_on=PAST - dt.timedelta(days=5),
    )
    # The same course as a training session they came to that day is listed once.
    completion(
        org, participant=kim, title="Facilitation skills", completed_on=PAST - dt.timedelta(days=2)
    )
    completion(org, participant=person(org, "Sam Trained"), title="Sam's course")
    with scope(organisation=org):
        facts = letters.facts_for(kim)
        body = letters.draft_letter(facts)
        cv = letters.draft_cv(facts)
    assert "Committee skills, 3 March 2026, run by Our centre" in body
    assert "Training course, " in body and ", with a certificate" in body
    assert body.count("Facilitation skills") == 1
    assert "- Training: Committee skills, 3 March 2026, run by Our centre" in cv
    assert "Sam's course" not in body and "Sam's course" not in cv
    assert not JUSTICE_WORDS.search(body) and not JUSTICE_WORDS.search(cv)


def test_letter_downloads_are_audited(alice, world, kim):
    from withus.audit.models import AuditEvent

    base = f"/o/{world.org_a.slug}/moving-on/people/{kim.pk}/letter/"
    response = alice.post(
        base, {"addressed_to": "Dear Ms Khan", "body": "Kim chaired the forum.", "cv_wording": ""}
    )
    assert response.status_code == 302
    with scope(organisation=world.org_a):
        version = LetterVersion.objects.get(participant=kim, number=1)
    downloads = AuditEvent.unscoped.filter(
        organisation=world.org_a,
        action="exits.letter_downloaded",
        object_type="exits.LetterVersion",
        object_id=str(version.pk),
    )
    assert alice.get(f"{base}1/letter.pdf").status_code == 200
    assert alice.get(f"{base}1/letter.docx").status_code == 200
    assert [e.summary.rsplit(" ", 1)[1] for e in downloads.order_by("id")] == ["(PDF)", "(DOCX)"]
    assert all(e.actor == world.alice and "version 1" in e.summary for e in downloads)
    # A refused download (bad format, no such version) records nothing.
    alice.get(f"{base}1/letter.exe")
    alice.get(f"{base}9/letter.pdf")
    assert downloads.count() == 2
    assert AuditEvent.unscoped.filter(action="exits.letter_downloaded").count() == 2
