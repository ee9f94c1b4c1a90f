"""Concerns and complaints: services, who is told, the staff inbox, and phone numbers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope

from tests.concerns.builders import make_concern
from tests.portal.helpers import person
from withus.audit.models import AuditEvent
from withus.concerns import services
from withus.concerns.models import Concern, add_working_days
from withus.messaging.models import Message

pytestmark = pytest.mark.django_db

INBOX = "/o/org-a/concerns/"


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (dt.date(2026, 3, 2), 2, dt.date(2026, 3, 4)),  # Monday → Wednesday
        (dt.date(2026, 3, 6), 2, dt.date(2026, 3, 10)),  # Friday → Tuesday
        (dt.date(2026, 3, 7), 2, dt.date(2026, 3, 10)),  # Saturday → Tuesday
        (dt.date(2026, 3, 6), 20, dt.date(2026, 4, 3)),  # Friday → four weeks on
        (dt.date(2026, 3, 6), 0, dt.date(2026, 3, 6)),
        (dt.date(2026, 12, 23), 2, dt.date(2026, 12, 28)),  # not Christmas or Boxing Day
        (dt.date(2026, 12, 31), 1, dt.date(2027, 1, 4)),  # not New Year's Day (a Friday)
    ],
)
def test_add_working_days_skips_weekends(start, days, expected):
    assert add_working_days(start, days) == expected


def _raise(participant, kind="complaint", **kwargs):
    with scope(organisation=participant.organisation):
        return services.concern_raise(
            participant=participant, kind=kind, about="The room was locked", **kwargs
        )


def test_raise_sets_targets_and_is_audited_without_the_words(world):
    pat = person(world.org_a, "Pat Private")
    concern = _raise(pat, wanted="Open it")
    today = timezone.localdate()
    assert concern.status == Concern.Status.NEW
    assert concern.participant == pat
    assert concern.acknowledge_by == add_working_days(today, 2)
    assert concern.respond_by == add_working_days(today, 20)
    event = AuditEvent.unscoped.get(action="concern.raise")
    assert event.actor is None and "in the portal" in event.summary
    assert "locked" not in event.summary and "Pat" not in event.summary


def _emails_for(participant, kind, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _raise(participant, kind)
    return {message.to[0]: message for message in mail.outbox}


def test_a_complaint_emails_the_people_managers_with_no_content(
    world, django_capture_on_commit_callbacks
):
    pat = person(world.org_a, "Pat Private")
    sent = _emails_for(pat, "complaint", django_capture_on_commit_callbacks)
    assert set(sent) == {"alice@a.example", "admin@a.example", "safeguarding@a.example"}
    for message in sent.values():
        assert "locked" not in message.body and "Pat" not in message.body
        assert "/o/org-a/concerns/" in message.body


def test_worried_emails_only_the_safeguarding_capability(world, django_capture_on_commit_callbacks):
    pat = person(world.org_a, "Pat Private")
    sent = _emails_for(pat, "worried", django_capture_on_commit_callbacks)
    assert set(sent) == {"admin@a.example", "safeguarding@a.example"}
    message = sent["safeguarding@a.example"]
    assert "safeguarding" in message.subject.lower()
    assert "locked" not in message.body and "Pat" not in message.body


def test_anonymous_keeps_the_day_only_and_writes_no_audit_row(world):
    from zoneinfo import ZoneInfo

    pat = person(world.org_a, "Pat Private")
    concern = _raise(pat, anonymous=True)
    assert concern.participant is None
    local = concern.created_at.astimezone(ZoneInfo(world.org_a.timezone))
    assert local.time() == dt.time.min and local.date() == timezone.localdate()
    # An audit row would keep the exact time and sit between the person's own actions.
    assert not AuditEvent.unscoped.filter(action="concern.raise").exists()
    named = _raise(pat)
    assert named.created_at.astimezone(ZoneInfo(world.org_a.timezone)).time() != dt.time.min
    assert AuditEvent.unscoped.filter(action="concern.raise", object_id=str(named.pk)).exists()


def test_about_staff_emails_and_shows_only_to_admins(
    client, world, django_capture_on_commit_callbacks
):
    pat = person(world.org_a, "Pat Private")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        concern = _raise(pat, about_staff=True)
    assert concern.about_staff
    assert {message.to[0] for message in mail.outbox} == {"admin@a.example"}
    for user in (world.alice, world.safeguarding_a):
        client.force_login(user)
        assert f"/concerns/{concern.pk}/" not in client.get(INBOX).content.decode()
        assert client.get(f"{INBOX}{concern.pk}/").status_code == 403
        assert client.post(f"{INBOX}{concern.pk}/close/").status_code == 403
    client.force_login(world.admin_a)
    assert f"/concerns/{concern.pk}/" in client.get(INBOX).content.decode()
    page = client.get(f"{INBOX}{concern.pk}/").content.decode()
    assert "The room was locked" in page and "only admins can see it" in page


def test_about_staff_is_ignored_for_worried(world):
    concern = _raise(person(world.org_a), kind="worried", about_staff=True)
    assert not concern.about_staff  # safeguarding goes to the safeguarding capability


def test_inbox_hides_safeguarding_items_from_a_coordinator(client, world):
    complaint = make_concern(world.org_a, about="A complaint")
    worried = make_concern(world.org_a, kind="worried", about="Someone at risk")
    client.force_login(world.alice)
    page = client.get(INBOX).content.decode()
    assert f"/concerns/{complaint.pk}/" in page and f"/concerns/{worried.pk}/" not in page
    assert client.get(f"{INBOX}{worried.pk}/").status_code == 403
    assert client.post(f"{INBOX}{worried.pk}/acknowledge/").status_code == 403
    assert client.post(f"{INBOX}{worried.pk}/close/").status_code == 403
    worried.refresh_from_db()
    assert worried.status == Concern.Status.NEW


def test_safeguarding_lead_sees_and_reading_is_recorded(client, world):
    worried = make_concern(world.org_a, kind="worried", about="Someone at risk")
    client.force_login(world.safeguarding_a)
    assert f"/concerns/{worried.pk}/" in client.get(INBOX).content.decode()
    page = client.get(f"{INBOX}{worried.pk}/").content.decode()
    assert "Someone at risk" in page
    assert AuditEvent.unscoped.filter(
        action="sensitive.read", actor=world.safeguarding_a, object_id=str(worried.pk)
    ).exists()


def test_acknowledge_respond_close_record_who_and_when(client, world):
    pat = person(world.org_a, "Pat Private", email="pat@example.org")
    concern = make_concern(world.org_a, participant=pat)
    client.force_login(world.alice)
    assert client.post(f"{INBOX}{concern.pk}/acknowledge/").status_code == 302
    concern.refresh_from_db()
    assert concern.status == "acknowledged" and concern.acknowledged_by == world.alice
    assert concern.acknowledged_at is not None
    response = client.post(
        f"{INBOX}{concern.pk}/respond/",
        {"response": "We have fixed the lock.", "sent_by": "phone"},
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.status == "responded" and concern.responded_by == world.alice
    assert concern.response == "We have fixed the lock." and concern.response_sent_by == "phone"
    assert client.post(f"{INBOX}{concern.pk}/close/").status_code == 302
    concern.refresh_from_db()
    assert concern.status == "closed" and concern.closed_by == world.alice
    actions = list(
        AuditEvent.unscoped.filter(object_id=str(concern.pk), object_type="concerns.Concern")
        .order_by("pk")
        .values_list("action", "actor")
    )
    assert actions == [
        ("concern.acknowledge", world.alice.pk),
        ("concern.respond", world.alice.pk),
        ("concern.close", world.alice.pk),
    ]
    page = client.get(f"{INBOX}{concern.pk}/").content.decode()
    assert "Closed" in page and "Responded to" in page  # the history from the audit trail


def test_closing_twice_or_answering_a_closed_one_is_a_message_not_an_error(client, world):
    concern = make_concern(world.org_a)
    client.force_login(world.alice)
    client.post(f"{INBOX}{concern.pk}/close/")
    response = client.post(f"{INBOX}{concern.pk}/close/", follow=True)
    assert response.status_code == 200 and "already closed" in response.content.decode()
    response = client.post(
        f"{INBOX}{concern.pk}/respond/", {"response": "Late", "sent_by": "phone"}, follow=True
    )
    assert "cannot be answered again" in response.content.decode()
    concern.refresh_from_db()
    assert concern.response == ""


def test_empty_response_shows_an_error(client, world):
    concern = make_concern(world.org_a)
    client.force_login(world.alice)
    response = client.post(f"{INBOX}{concern.pk}/respond/", {"response": " ", "sent_by": "x"})
    assert response.status_code == 200
    assert "Write your response" in response.content.decode()
    concern.refresh_from_db()
    assert concern.status == "new"


def test_respond_by_message_goes_to_the_person(world):
    pat = person(world.org_a, "Pat Private", email="pat@example.org")
    concern = make_concern(world.org_a, participant=pat)
    with scope(organisation=world.org_a):
        services.concern_respond(
            concern=concern,
            response="We have fixed the lock.",
            sent_by="phone",
            send_message=True,
            actor=world.alice,
        )
    concern.refresh_from_db()
    assert concern.response_sent_by == "message"
    assert concern.acknowledged_by == world.alice  # answering acknowledges it too
    message = Message.unscoped.get(participant=pat)
    assert "We have fixed the lock." in message.body and message.template == "general"


def test_anonymous_response_form_offers_no_message(client, world):
    concern = make_concern(world.org_a)
    client.force_login(world.alice)
    page = client.get(f"{INBOX}{concern.pk}/").content.decode()
    assert 'name="send_message"' not in page and "Anonymous" in page


def test_overdue_flags(client, world):
    today = timezone.localdate()
    late = make_concern(
        world.org_a,
        acknowledge_by=today - dt.timedelta(days=1),
        respond_by=today - dt.timedelta(days=1),
    )
    on_time = make_concern(world.org_a)
    assert late.acknowledgement_overdue(today) and late.response_overdue(today)
    assert not on_time.acknowledgement_overdue(today) and not on_time.response_overdue(today)
    late.closed_at = timezone.now()
    assert not late.acknowledgement_overdue(today) and not late.response_overdue(today)
    late.closed_at = None
    client.force_login(world.alice)
    page = client.get(INBOX).content.decode()
    assert page.count("Acknowledgement overdue") == 1 and page.count("Response overdue") == 1


def _count(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(INBOX).status_code == 200
    return len(queries)


def test_inbox_query_count_is_bounded(client, world):
    make_concern(world.org_a, participant=person(world.org_a, "First"))
    client.force_login(world.safeguarding_a)
    few = _count(client)
    for n in range(19):
        make_concern(
            world.org_a,
            kind=["complaint", "concern", "worried"][n % 3],
            participant=person(world.org_a, f"Person {n}") if n % 2 else None,
        )
    assert _count(client) == few


def test_nav_shows_concerns_to_people_managers_only(client, world):
    client.force_login(world.alice)
    assert INBOX in client.get("/o/org-a/").content.decode()
    client.force_login(world.bob)
    assert INBOX not in client.get("/o/org-a/").content.decode()


def test_staff_set_their_work_phone(client, world):
    client.force_login(world.alice)
    response = client.post("/you/", {"full_name": "Alice Able", "phone": " 020  7946 0000 "})
    assert response.status_code == 302
    world.alice.refresh_from_db()
    assert world.alice.phone == "020 7946 0000"
    assert AuditEvent.unscoped.filter(action="account.update", actor=world.alice).exists()
    response = client.post("/you/", {"full_name": "Alice Able", "phone": "call me"})
    assert response.status_code == 200 and "Enter a phone number" in response.content.decode()
    world.alice.refresh_from_db()
    assert world.alice.phone == "020 7946 0000"


def test_organisation_phone_in_settings(world):
    from withus.orgs.forms import SettingsForm
    from withus.orgs.services import organisation_update_settings

    form = SettingsForm(data={"phone": "not a number"}, instance=world.org_a)
    form.is_valid()
    assert "phone" in form.errors
    with scope(organisation=world.org_a):
        organisation_update_settings(
            organisation=world.org_a, data={"phone": "020 7946 0001"}, actor=world.admin_a
        )
    world.org_a.refresh_from_db()
    assert world.org_a.phone == "020 7946 0001"


def test_the_menu_counts_new_items_each_person_may_see(client, world):
    make_concern(world.org_a, kind="complaint")
    make_concern(world.org_a, kind="worried")
    make_concern(world.org_a, kind="complaint", status="closed")
    make_concern(world.org_b, kind="complaint")
    badge = '<strong class="govuk-tag govuk-tag--red">{}<span class="govuk-visually-hidden"> new'
    client.force_login(world.alice)  # a coordinator: not the worry
    assert badge.format(1) in client.get("/o/org-a/people/").content.decode()
    client.force_login(world.safeguarding_a)
    assert badge.format(2) in client.get("/o/org-a/people/").content.decode()


def test_anonymous_ones_are_told_to_staff_with_the_next_days_batch(
    world, django_capture_on_commit_callbacks
):
    """An email the moment an anonymous complaint arrives could be matched, by its time, with
    the sender's other actions; staff hear of it the next morning instead."""
    pat = person(world.org_a, "Pat Private")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        concern = _raise(pat, anonymous=True)
    assert mail.outbox == []
    assert services.tell_staff_of_anonymous(now=timezone.now()) == 0  # not the same day
    assert mail.outbox == []
    tomorrow = timezone.now() + dt.timedelta(days=1)
    assert services.tell_staff_of_anonymous(now=tomorrow) == 1
    assert mail.outbox and all("complaint or concern" in m.subject for m in mail.outbox)
    assert all("locked" not in m.body for m in mail.outbox)
    concern.refresh_from_db()
    assert concern.staff_told
    assert services.tell_staff_of_anonymous(now=tomorrow) == 0  # told once


def test_the_daily_jobs_tell_staff_of_anonymous_ones(world, django_capture_on_commit_callbacks):
    from withus.messaging.scheduling import run_daily_jobs

    pat = person(world.org_a, "Pat Private")
    with django_capture_on_commit_callbacks(execute=True):
        concern = _raise(pat, anonymous=True)
    Concern.unscoped.filter(pk=concern.pk).update(
        created_at=concern.created_at - dt.timedelta(days=1)
    )
    summary = run_daily_jobs.call(timezone.localdate().isoformat())
    assert summary["anonymous_concerns_told"] == 1
