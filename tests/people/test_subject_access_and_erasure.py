"""Data-subject rights: a copy of everything held (JSON and PDF), erasure, the retention review."""

import datetime as dt
import json
import re
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from withus.audit.models import AuditEvent
from withus.people import choices as c
from withus.people import services, subject_access
from withus.people.models import (
    BankDetails,
    BenefitsRecord,
    ConsentEvent,
    EqualityRecord,
    Interest,
    Participant,
    Restriction,
    StatusChange,
)

ADMIN_URLS = ["subject_access", "subject_access_json", "subject_access_pdf", "erase"]


def url(name, org="org-a", **kwargs):
    return reverse(f"people:{name}", kwargs={"org_slug": org, **kwargs})


@pytest.fixture
def jo(world):
    """Jo, with everything a record can hold, and a restriction naming Quentina."""
    with scope(organisation=world.org_a):
        quentina = services.participant_create(
            organisation=world.org_a,
            data={"preferred_name": "Quentina Thirdparty"},
            actor=world.alice,
        )
        jo = services.participant_create(
            organisation=world.org_a,
            data={
                "preferred_name": "Jo Bloggs",
                "legal_name": "Joanna Bloggs",
                "pronouns": "she/her",
                "date_of_birth": dt.date(1984, 3, 31),
                "phone": "07700 900123",
                "email": "jo@people.example",
                "address": "1 Test Street\nLeeds",
                "postcode": "LS1 4AP",
                "area": "Leeds",
                "key_worker_name": "Pat Probation",
                "channel_order": ["sms", "email"],
                "status": c.Status.ACTIVE,
            },
            actor=world.alice,
        )
        services.participant_set_involvement(
            participant=jo,
            interests=["training"],
            skills=["Cooking"],
            availability=[(0, "morning"), (2, "evening")],
            data={"motivations": "To give something back"},
            actor=world.alice,
        )
        services.participant_set_access_needs(
            participant=jo, needs=["large_print"], notes="Sits near the door", actor=world.alice
        )
        services.consent_record(
            participant=jo,
            purpose=c.ConsentPurpose.PHOTOS,
            state="given",
            method="written",
            actor=world.alice,
        )
        services.consent_record(
            participant=jo,
            purpose=c.ConsentPurpose.PHOTOS,
            state="withdrawn",
            method="verbal",
            actor=world.alice,
        )
        services.consent_record(
            participant=jo,
            purpose=c.ConsentPurpose.SHARING,
            state="given",
            method="written",
            partner="Leeds Women's Aid",
            actor=world.alice,
        )
        services.bank_details_save(
            participant=jo,
            account_name="Joanna Bloggs",
            sort_code="30-94-57",
            account_number="12345678",
            actor=world.alice,
        )
        services.benefits_save(
            participant=jo,
            data={
                "consent_given": True,
                "benefits": ["uc"],
                "other_benefit": "",
                "signposted_on": dt.date(2025, 1, 6),
                "signposted_to": "Citizens Advice",
                "pw1_noted": False,
            },
            actor=world.safeguarding_a,
        )
        services.equality_save(
            participant=jo,
            data={"ethnicity": "mixed", "religion": "buddhist"},
            actor=world.safeguarding_a,
        )
        services.restriction_add(
            participant=jo,
            kind=c.RestrictionKind.NO_CONTACT_PERSON,
            other_participant=quentina,
            place="",
            meaning="Never at the same forum as Quentina Thirdparty",
            actor=world.safeguarding_a,
        )
        services.participant_change_status(
            participant=jo,
            to_status=c.Status.PAUSED,
            check_back_on=timezone.localdate() + dt.timedelta(days=30),
            reason="New job",
            actor=world.alice,
        )
    return jo


def _json(client, jo):
    response = client.get(url("subject_access_json", pk=jo.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="subject-access-')
    assert response["Cache-Control"] == "no-store"
    return response.content.decode(), json.loads(response.content)


def test_subject_access_page_explains_and_links_to_both_downloads(client, world, jo):
    client.force_login(world.admin_a)
    page = client.get(url("subject_access", pk=jo.pk)).text
    assert url("subject_access_json", pk=jo.pk) in page
    assert url("subject_access_pdf", pk=jo.pk) in page
    assert "third" in page or "other people" in page
    assert "exemption" in page


def test_subject_access_json_holds_everything_with_third_parties_and_bank_details_hidden(
    client, world, jo
):
    client.force_login(world.admin_a)
    text, data = _json(client, jo)
    record = data["record"]
    assert record["preferred_name"] == "Jo Bloggs"
    assert record["legal_name"] == "Joanna Bloggs"
    assert record["date_of_birth"] == "1984-03-31"  # ISO dates
    assert record["address"] == "1 Test Street\nLeeds"
    assert record["status"] == "Taking a break"
    assert record["channel_order"] == ["Text message", "Email"]
    assert record["motivations"] == "To give something back"
    assert "id" not in record and "organisation" not in record
    assert [s["to"] for s in data["status_history"]] == ["Active", "Taking a break"]
    assert data["status_history"][1]["reason"] == "New job"
    assert data["interests"] == ["Delivering training"]
    assert data["access_needs"] == ["Large print"]
    assert data["availability"] == ["Monday morning", "Wednesday evening"]
    assert data["skills"] == ["cooking"]
    consents = data["consent_history"]
    assert [(e["purpose"], e["decision"]) for e in consents] == [
        ("Photos", "Given"),
        ("Photos", "Withdrawn"),
        ("Sharing with partner organisations", "Given"),
    ]
    assert consents[2]["partner_organisation"] == "Leeds Women's Aid"
    assert dt.datetime.fromisoformat(consents[0]["recorded_at"])
    bank = data["bank_details"]
    assert bank["account_number"] == "••••5678"
    assert bank["sort_code"] == "••••57"
    assert "12345678" not in text and "309457" not in text and "30-94-57" not in text
    assert data["benefits"]["benefits"] == ["Universal Credit"]
    assert data["benefits"]["signposted_to_benefits_advice_on"] == "2025-01-06"
    answers = {a["question"]: a["answer"] for a in data["equality_monitoring"]}
    assert answers["Ethnic group"] == "Mixed or multiple ethnic groups"
    assert answers["Religion"] == "Buddhist"
    assert answers["Sex"] == "Not answered"
    [restriction] = data["safeguarding_restrictions"]
    assert restriction["other_person"] == "another participant"
    assert restriction["what_this_means_for_involvement"] == (
        "Never at the same forum as another participant"
    )
    assert "Quentina" not in text and "Thirdparty" not in text
    whats = [e["what"] for e in data["activity_log"]]
    assert "Added Jo Bloggs" in whats
    assert any("consent" in w.lower() or "Photos" in w for w in whats)
    # The download itself is recorded as a sensitive read, about Jo.
    event = AuditEvent.unscoped.filter(action="sensitive.read").latest("created_at")
    assert event.actor == world.admin_a
    assert event.object_id == str(jo.pk)
    assert "subject access" in event.summary


def test_subject_access_pdf_is_a_pdf_and_is_audited(client, world, jo, tmp_path):
    client.force_login(world.admin_a)
    response = client.get(url("subject_access_pdf", pk=jo.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].endswith('.pdf"')
    assert response.content.startswith(b"%PDF")
    (tmp_path / "subject-access.pdf").write_bytes(response.content)
    # Tagged, so screen readers can follow it (pdfinfo comes with poppler, installed by CI).
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "subject-access.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert re.search(r"^Tagged:\s+yes", info, re.M)
    assert AuditEvent.unscoped.filter(
        action="sensitive.read", object_id=str(jo.pk), summary__contains="(PDF)"
    ).exists()


def test_pdf_html_is_readable_and_leaves_out_the_other_participant(world, jo):
    with scope(organisation=world.org_a):
        person = Participant.objects.get(pk=jo.pk)
        html = subject_access.to_html(subject_access.build(person), participant=person)
    assert "<h2>Consent decisions</h2>" in html
    assert "Date of birth</th><td>Saturday 31 March 1984</td>" in html
    assert "1 Test Street<br>Leeds" in html
    assert "Photos: Withdrawn" in html
    assert "Quentina" not in html and "Thirdparty" not in html
    assert "Monday morning, Wednesday evening" in html
    assert "http" not in html  # no external resources


def test_erase_page_says_what_is_removed_and_kept(client, world, jo):
    client.force_login(world.admin_a)
    page = client.get(url("erase", pk=jo.pk)).text
    assert "What is removed" in page and "What is kept" in page
    assert "equality monitoring answers" in page
    assert "bank details" in page


def test_erasure_needs_the_name_typed_then_removes_identity_and_keeps_the_numbers(
    client, world, jo
):
    with scopes_disabled():
        history = StatusChange.objects.filter(participant=jo).count()
        consents = ConsentEvent.objects.filter(participant=jo).count()
    client.force_login(world.admin_a)
    wrong = client.post(url("erase", pk=jo.pk), {"confirm_name": "Someone else"})
    assert wrong.status_code == 200
    assert "There is a problem" in wrong.text
    assert "The name you typed does not match" in wrong.text
    empty = client.post(url("erase", pk=jo.pk), {"confirm_name": ""})
    assert "Type their preferred name to confirm" in empty.text
    with scopes_disabled():
        assert Participant.objects.get(pk=jo.pk).erased_at is None

    response = client.post(url("erase", pk=jo.pk), {"confirm_name": "  jo   bloggs "})
    assert response.status_code == 302
    assert response.url == url("list")
    with scopes_disabled():
        person = Participant.objects.get(pk=jo.pk)  # the row stays
        assert person.erased_at is not None
        assert person.preferred_name.startswith("Erased participant")
        assert "Jo" not in person.preferred_name
        for field in [
            "legal_name",
            "phone",
            "email",
            "address",
            "postcode",
            "key_worker_name",
            "motivations",
            "access_notes",
        ]:
            assert getattr(person, field) == "", field
        assert person.date_of_birth is None
        assert person.age_band == c.AgeBand.AGE_21_PLUS
        assert not BankDetails.objects.filter(participant=jo).exists()
        assert not BenefitsRecord.objects.filter(participant=jo).exists()
        assert not Restriction.objects.filter(participant=jo).exists()
        assert StatusChange.objects.filter(participant=jo).count() == history
        assert ConsentEvent.objects.filter(participant=jo).count() == consents
        assert EqualityRecord.objects.get(participant=jo).ethnicity == "mixed"
        assert Interest.objects.filter(participant=jo).count() == 1
        assert AuditEvent.objects.filter(action="participant.erase", object_id=str(jo.pk)).exists()
    confirmation = client.get(url("list"))
    assert "Jo Bloggs&#x27;s identity has been erased" in confirmation.text
    listing = client.get(url("list"))  # and once the message has been shown
    assert "Jo Bloggs" not in listing.text
    assert "Erased participant" not in listing.text
    assert client.get(url("detail", pk=jo.pk)).status_code == 404
    assert client.get(url("subject_access_json", pk=jo.pk)).status_code == 404
    assert client.post(url("erase", pk=jo.pk), {"confirm_name": "x"}).status_code == 404


def _moved_on(world, name: str, days_ago: int) -> Participant:
    with scope(organisation=world.org_a):
        person = services.participant_create(
            organisation=world.org_a, data={"preferred_name": name}, actor=world.alice
        )
        change = services.participant_change_status(
            participant=person, to_status=c.Status.EXITED, actor=world.alice
        )
        StatusChange.objects.filter(pk=change.pk).update(
            changed_at=timezone.now() - dt.timedelta(days=days_ago)
        )
    return person


def test_retention_review_lists_people_who_moved_on_long_ago(client, world, jo):
    old = _moved_on(world, "Long Gone", 3 * 365)
    _moved_on(world, "Just Left", 30)
    client.force_login(world.admin_a)
    page = client.get(url("retention"))
    assert page.status_code == 200
    assert "Long Gone" in page.text
    assert "Just Left" not in page.text
    assert "Jo Bloggs" not in page.text
    assert url("erase", pk=old.pk) in page.text
    assert url("subject_access", pk=old.pk) in page.text
    assert "24 months" in page.text


@pytest.mark.parametrize("name", ADMIN_URLS)
def test_coordinators_cannot_use_data_rights_pages(client, world, jo, name):
    client.force_login(world.alice)
    assert client.get(url(name, pk=jo.pk)).status_code == 403
    assert client.get(url("retention")).status_code == 403


@pytest.mark.parametrize("name", ADMIN_URLS)
def test_another_organisations_admin_gets_404(client, world, jo, name):
    client.force_login(world.admin_b)
    assert client.get(url(name, pk=jo.pk)).status_code == 404
    assert client.get(url(name, org="org-b", pk=jo.pk)).status_code == 404
    posted = client.post(url(name, org="org-b", pk=jo.pk), {"confirm_name": "Jo Bloggs"})
    assert posted.status_code in (404, 405)  # the downloads answer GET only
    assert client.get(url("retention")).status_code == 404
    with scopes_disabled():
        assert Participant.objects.get(pk=jo.pk).erased_at is None


def test_subject_access_includes_their_concerns_and_reference_requests_not_anonymous_ones(world):
    from tests.concerns.builders import make_concern
    from withus.portal.models import TestimonialRequest

    jo = Participant.unscoped.create(organisation=world.org_a, preferred_name="Jo Concerned")
    make_concern(world.org_a, participant=jo, about="The room was cold")
    make_concern(world.org_a, participant=None, about="Anonymous about staff")
    TestimonialRequest.unscoped.create(
        organisation=world.org_a, participant=jo, purpose="A job", created_at=timezone.now()
    )
    with scope(organisation=world.org_a):
        data = subject_access.build(jo)
    assert [c["what_it_is_about"] for c in data["complaints_and_concerns"]] == ["The room was cold"]
    assert [r["what_for"] for r in data["references_asked_for"]] == ["A job"]


def test_erasure_clears_closed_complaints_words_but_keeps_open_ones_and_worries(world):
    from tests.concerns.builders import make_concern
    from withus.concerns.models import Concern
    from withus.portal.models import TestimonialRequest

    jo = Participant.unscoped.create(organisation=world.org_a, preferred_name="Jo Erased")
    closed = make_concern(world.org_a, participant=jo, about="Closed words", status="closed")
    still_open = make_concern(world.org_a, participant=jo, about="Open words")
    worry = make_concern(
        world.org_a, participant=jo, kind="worried", about="Worry words", status="closed"
    )
    TestimonialRequest.unscoped.create(
        organisation=world.org_a, participant=jo, purpose="A job", created_at=timezone.now()
    )
    with scope(organisation=world.org_a):
        services.participant_erase(participant=jo, actor=world.admin_a)
    with scopes_disabled():
        about = dict(Concern.unscoped.values_list("pk", "about"))
        assert about[closed.pk] == "" and about[still_open.pk] == "Open words"
        assert about[worry.pk] == "Worry words"
        assert not TestimonialRequest.unscoped.filter(participant=jo).exists()
