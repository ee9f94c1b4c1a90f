"""message_participant / message_staff: channel choice, rules, idempotency, delivery."""

import pytest
from django.core import mail
from django.db import IntegrityError

from tests.messaging.conftest import consent, london, make_person
from withus.audit.models import AuditEvent
from withus.messaging import services
from withus.messaging.models import Channel, Message, MessageAttachment
from withus.messaging.services import (
    deliver,
    deliver_due_messages,
    message_participant,
    message_staff,
)
from withus.people import choices as c

S = Message.Status
P = c.ConsentPurpose
CONTEXT = {"event": "Women's forum", "when": "Tuesday 3 March 2026, 10am", "where": "The Hall"}


def send(person, template="event_reminder", **kwargs):
    return message_participant(
        participant=person, template=template, context=kwargs.pop("context", CONTEXT), **kwargs
    )


@pytest.fixture
def jo(people):
    return people["jo"]


def test_first_agreed_channel_is_used_and_the_text_goes_to_the_outbox(
    jo, clock, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = send(jo)
    message.refresh_from_db()
    assert message.channel == Channel.SMS
    assert message.to_address == "07700 900123"
    assert message.status == S.SENT
    assert message.provider == "outbox"
    assert message.provider_reference == f"outbox-{message.pk}"
    assert message.sent_at is not None
    assert "Hi Jo Bloggs, reminder: Women's forum is on Tuesday 3 March 2026, 10am" in message.body
    assert len(message.body) <= 300


def test_nothing_is_queued_before_the_transaction_commits(jo, clock):
    message = send(jo)  # no on_commit callbacks run inside the test's transaction
    message.refresh_from_db()
    assert message.status == S.QUEUED


def test_channel_without_consent_is_skipped_for_the_next_one(
    world, clock, django_capture_on_commit_callbacks
):
    person = make_person(
        world,
        preferred_name="Ray",
        phone="07700 900555",
        email="ray@people.example",
        channel_order=["sms", "email"],
        consents=[P.CONTACT_EMAIL],
    )
    with django_capture_on_commit_callbacks(execute=True):
        message = send(person)
    message.refresh_from_db()
    assert (message.channel, message.to_address, message.status) == (
        Channel.EMAIL,
        "ray@people.example",
        S.SENT,
    )
    assert message.provider == "email"
    assert mail.outbox[-1].to == ["ray@people.example"]
    assert mail.outbox[-1].subject == "Reminder: Women's forum on Tuesday 3 March 2026, 10am"


def test_no_usable_channel_is_recorded_as_not_sent_with_a_plain_reason(people, clock):
    message = send(people["sam"])
    assert message.status == S.NOT_SENT
    assert message.status_reason == "No way to reach Sam Carter that they agreed to."
    assert message.channel == ""
    assert message.body  # staff can still see what it would have said


def test_withdrawn_consent_stops_the_channel(jo, world, clock):
    consent(jo, P.CONTACT_SMS, state="withdrawn", actor=world.alice)
    message = send(jo)
    assert message.status == S.NOT_SENT
    assert "No way to reach Jo Bloggs" in message.status_reason


@pytest.mark.parametrize("status", [c.Status.PAUSED, c.Status.EXITED])
def test_people_taking_a_break_or_moved_on_get_only_essential_messages(jo, clock, status):
    type(jo).unscoped.filter(pk=jo.pk).update(status=status)
    jo.refresh_from_db()
    stopped = send(jo)
    assert stopped.status == S.NOT_SENT
    assert "so we do not send them messages" in stopped.status_reason
    assert stopped.channel == Channel.SMS  # the way it would have gone
    essential = send(
        jo, template="general", context={"message": "Your £20 is ready."}, essential=True
    )
    assert essential.status == S.QUEUED
    assert essential.essential


def test_letters_wait_to_be_printed_and_phone_calls_go_on_the_call_list(world, clock):
    letter = send(
        make_person(
            world,
            preferred_name="Les",
            address="2 Low Road\nHackney",
            postcode="e8 1aa",
            channel_order=["post"],
            consents=[P.CONTACT_POST],
        )
    )
    assert letter.status == S.TO_PRINT
    assert letter.to_address == "Les\n2 Low Road\nHackney\nE8 1AA"
    call = send(
        make_person(
            world,
            preferred_name="Phil",
            phone="07700 900777",
            channel_order=["phone"],
            consents=[P.CONTACT_PHONE],
        )
    )
    assert (call.channel, call.status, call.to_address) == (
        Channel.PHONE,
        S.TO_CALL,
        "07700 900777",
    )


def test_key_worker_by_email_and_by_phone(world, clock, django_capture_on_commit_callbacks):
    by_email = make_person(
        world,
        preferred_name="Kim",
        key_worker_name="Dee at Probation",
        key_worker_contact="dee@probation.example",
        channel_order=["key_worker"],
        consents=[P.CONTACT_KEY_WORKER],
    )
    with django_capture_on_commit_callbacks(execute=True):
        message = send(by_email)
    message.refresh_from_db()
    assert message.via_key_worker and message.channel == Channel.EMAIL
    assert message.status == S.SENT
    assert mail.outbox[-1].to == ["dee@probation.example"]
    assert mail.outbox[-1].subject.startswith("For Kim: ")
    assert "This message is for Kim" in mail.outbox[-1].body

    by_phone = make_person(
        world,
        preferred_name="Kit",
        key_worker_name="Dee",
        key_worker_contact="020 7946 0001",
        channel_order=["key_worker"],
        consents=[P.CONTACT_KEY_WORKER],
    )
    call = send(by_phone)
    assert (call.channel, call.status, call.via_key_worker) == (Channel.PHONE, S.TO_CALL, True)
    assert call.to_address == "020 7946 0001"
    assert call.body.startswith("Call Dee and ask them to pass this on to Kit")


def test_people_in_prison_get_letters_through_staff(world, people, clock):
    lee = people["lee"]
    no_consent = send(lee)
    assert no_consent.status == S.NOT_SENT
    assert "prison" in no_consent.status_reason  # no address for the prison yet

    type(lee).unscoped.filter(pk=lee.pk).update(
        address="HMP Example\nPrison Road\nTown",
        postcode="AB1 2CD",
        key_worker_name="Mr Jones",
        phone="07700 900999",
        channel_order=["sms"],
    )
    lee.refresh_from_db()
    assert send(lee).status_reason == (
        "Lee In-Prison has not agreed to be contacted by post or through their key worker."
    )
    consent(lee, P.CONTACT_KEY_WORKER, actor=world.alice)
    letter = send(lee)
    assert (letter.channel, letter.status) == (Channel.POST, S.TO_PRINT)
    assert (
        letter.to_address == "Lee In-Prison\nc/o Mr Jones\nHMP Example\nPrison Road\nTown\nAB1 2CD"
    )


def test_dedupe_key_returns_the_first_message(jo, clock):
    first = send(jo, dedupe_key="reminder:1:jo")
    second = send(jo, dedupe_key="reminder:1:jo")
    assert first.pk == second.pk
    assert Message.unscoped.filter(dedupe_key="reminder:1:jo").count() == 1


def test_dedupe_race_returns_the_row_the_other_worker_made(jo, clock, monkeypatch):
    other = Message.unscoped.create(
        organisation=jo.organisation, participant=jo, channel="sms", body="x", dedupe_key="k1"
    )
    real = services._existing
    calls = []

    def not_yet(organisation, key):
        calls.append(key)
        return None if len(calls) == 1 else real(organisation, key)

    monkeypatch.setattr(services, "_existing", not_yet)
    assert send(jo, dedupe_key="k1").pk == other.pk


def test_integrity_errors_without_a_dedupe_key_are_not_swallowed(jo, clock, monkeypatch):
    def boom(**fields):
        raise IntegrityError("something else")

    monkeypatch.setattr(Message.unscoped, "create", boom)
    with pytest.raises(IntegrityError):
        send(jo)


def test_unknown_template_is_a_programming_error(jo):
    with pytest.raises(ValueError):
        send(jo, template="no_such_template")


def test_message_created_by_a_person_is_audited_without_the_words(jo, world, clock):
    message = send(jo, actor=world.alice)
    event = AuditEvent.unscoped.get(action="message.create", object_id=str(message.pk))
    assert event.actor == world.alice
    assert "Text message to Jo Bloggs (Reminder)" in event.summary
    assert "Women's forum" not in event.summary + str(event.changes)
    assert message.created_by == world.alice


def test_related_object_is_recorded(jo, world, clock):
    message = send(jo, related=world.org_a)
    assert message.related == world.org_a


# Quiet hours ------------------------------------------------------------------------------


def test_quiet_hours_hold_texts_until_morning_then_they_go(
    jo, clock, django_capture_on_commit_callbacks
):
    clock(london(2026, 3, 3, 21, 30))
    with django_capture_on_commit_callbacks(execute=True):
        message = send(jo)
    message.refresh_from_db()
    assert message.status == S.QUEUED
    assert message.send_after == london(2026, 3, 4, 8, 0)
    assert deliver(message.pk) == "skipped: held until later"

    clock(london(2026, 3, 4, 7, 59))
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver_due_messages() == 0
    clock(london(2026, 3, 4, 8, 0))
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver_due_messages() == 1
    message.refresh_from_db()
    assert message.status == S.SENT


def test_letters_are_not_held_by_quiet_hours(world, clock):
    clock(london(2026, 3, 3, 23, 0))
    letter = send(
        make_person(
            world,
            address="1 Road",
            channel_order=["post"],
            consents=[P.CONTACT_POST],
        )
    )
    assert letter.status == S.TO_PRINT and letter.send_after is None


def test_phone_calls_in_quiet_hours_say_when_to_call(world, clock):
    clock(london(2026, 3, 3, 6, 30))
    call = send(
        make_person(world, phone="0770", channel_order=["phone"], consents=[P.CONTACT_PHONE])
    )
    assert call.status == S.TO_CALL
    assert call.send_after == london(2026, 3, 3, 8, 0)


# Delivery ---------------------------------------------------------------------------------


def test_delivery_twice_sends_once(world, clock):
    person = make_person(
        world, email="twice@people.example", channel_order=["email"], consents=[P.CONTACT_EMAIL]
    )
    message = send(person)
    assert deliver(message.pk) == "sent"
    assert deliver(message.pk) == "skipped: sent"
    assert len(mail.outbox) == 1


def test_a_claimed_message_is_not_sent_by_a_second_worker(jo, clock):
    message = send(jo)
    Message.unscoped.filter(pk=message.pk).update(status=S.SENDING)
    assert deliver(message.pk) == "skipped: sending"


def test_rules_are_checked_again_when_sending(jo, clock):
    message = send(jo)
    type(jo).unscoped.filter(pk=jo.pk).update(status=c.Status.PAUSED)
    assert deliver(message.pk).startswith("not sent")
    message.refresh_from_db()
    assert message.status == S.NOT_SENT
    assert "taking a break" in message.status_reason


def test_changed_number_is_not_texted_with_the_old_one(jo, clock):
    message = send(jo)
    type(jo).unscoped.filter(pk=jo.pk).update(phone="07700 900000")
    deliver(message.pk)
    message.refresh_from_db()
    assert message.status == S.NOT_SENT
    assert "contact details changed" in message.status_reason


def test_quiet_hours_at_send_time_hold_a_late_message(jo, clock):
    message = send(jo)
    clock(london(2026, 3, 3, 22, 0))
    assert deliver(message.pk) == "held: quiet hours"
    message.refresh_from_db()
    assert message.status == S.QUEUED
    assert message.send_after == london(2026, 3, 4, 8, 0)


def test_lost_tasks_are_picked_up_again(jo, clock, django_capture_on_commit_callbacks):
    message = send(jo)  # its task never ran (no commit in the test)
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver_due_messages() == 0  # too soon: the task may still be on its way
    clock(london(2026, 3, 3, 11, 6))
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver_due_messages() == 1
    message.refresh_from_db()
    assert message.status == S.SENT


def test_email_attachments_go_with_the_email(world, clock):
    person = make_person(
        world, email="cal@people.example", channel_order=["email"], consents=[P.CONTACT_EMAIL]
    )
    message = send(
        person,
        template="event_confirmation",
        attachments=[("forum.ics", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")],
    )
    deliver(message.pk)
    sent = mail.outbox[-1]
    assert sent.attachments[0].filename == "forum.ics"
    assert sent.attachments[0].mimetype == "text/calendar"


def test_letters_keep_papers_but_not_calendar_files(world, clock):
    person = make_person(world, address="1 Road", channel_order=["post"], consents=[P.CONTACT_POST])
    letter = send(
        person,
        attachments=[
            ("forum.ics", b"BEGIN:VCALENDAR", "text/calendar"),
            ("papers.pdf", b"%PDF-1.7", "application/pdf"),
        ],
    )
    kept = MessageAttachment.unscoped.filter(message=letter)
    assert [a.filename for a in kept] == ["papers.pdf"]


# Staff ------------------------------------------------------------------------------------


def test_message_staff_emails_them_at_any_hour(world, clock, django_capture_on_commit_callbacks):
    clock(london(2026, 3, 3, 23, 0))
    with django_capture_on_commit_callbacks(execute=True):
        message = message_staff(
            organisation=world.org_a,
            user=world.alice,
            template="staff_papers_due",
            context={"event": "Forum", "papers_due": "Tuesday 17 February 2026", "link": "x"},
            dedupe_key="papers:1:alice",
        )
    message.refresh_from_db()
    assert message.status == S.SENT and message.staff == world.alice
    assert mail.outbox[-1].to == ["alice@a.example"]
    assert mail.outbox[-1].subject == "Papers for Forum should go out by Tuesday 17 February 2026"
    again = message_staff(
        organisation=world.org_a,
        user=world.alice,
        template="staff_papers_due",
        context={},
        dedupe_key="papers:1:alice",
    )
    assert again.pk == message.pk


def test_message_staff_not_sent_to_someone_outside_the_organisation(world, clock):
    message = message_staff(
        organisation=world.org_a, user=world.charlie, template="staff_consent_review", context={}
    )
    assert message.status == S.NOT_SENT
    assert "no longer a member" in message.status_reason


def test_erasure_helper_clears_words_and_addresses(jo, clock):
    send(jo)
    assert services.erase_messages_for(jo) == 1
    message = Message.unscoped.get(participant=jo)
    assert (message.body, message.to_address, message.subject) == ("", "", "")


def test_erasure_stops_messages_still_waiting(world, clock):
    person = make_person(
        world,
        address="1 Road",
        phone="07700 900555",
        channel_order=["post"],
        consents=[P.CONTACT_POST, P.CONTACT_SMS],
    )
    letter = send(person)
    sent = Message.unscoped.create(
        organisation=world.org_a, participant=person, channel="sms", status=S.SENT, body="x"
    )
    assert services.erase_messages_for(person) == 2
    letter.refresh_from_db()
    sent.refresh_from_db()
    assert letter.status == S.NOT_SENT
    assert letter.status_reason == "This person's details were erased, so it was not sent."
    assert (sent.status, sent.status_reason) == (S.SENT, "")


# People in prison (M1) --------------------------------------------------------------------


def test_email_held_by_quiet_hours_is_not_sent_once_they_are_in_prison(world, clock):
    clock(london(2026, 3, 3, 23, 0))  # quiet hours: the email waits until morning
    person = make_person(
        world,
        preferred_name="Ray",
        email="ray@people.example",
        address="1 Road",
        channel_order=["email"],
        consents=[P.CONTACT_EMAIL, P.CONTACT_POST, P.CONTACT_KEY_WORKER],
    )
    message = send(person)
    assert (message.channel, message.status) == (Channel.EMAIL, S.QUEUED)
    assert message.send_after is not None
    type(person).unscoped.filter(pk=person.pk).update(justice_relationship="in_prison")
    clock(london(2026, 3, 4, 9, 0))
    assert deliver(message.pk) == "not sent: messaging.prison_post_only"
    message.refresh_from_db()
    assert message.status == S.NOT_SENT
    assert message.status_reason == (
        "Ray is in prison, so we only contact them by letter, through staff."
    )
    assert not mail.outbox


def test_a_plan_for_someone_in_prison_is_a_letter_or_nothing(world, clock):
    person = make_person(
        world,
        preferred_name="Ray",
        address="HMP Example",
        justice_relationship="in_prison",
        consents=[P.CONTACT_POST],
    )
    plan = services.plan_for(person)
    assert plan.route.channel == Channel.POST and not plan.blocked


# Messages about events (M3) ---------------------------------------------------------------


def _event_message(person, event, template="event_reminder", **kwargs):
    return send(person, template=template, related=event, **kwargs)


@pytest.fixture
def event(world):
    from tests.events.builders import make_event

    return make_event(world.org_a, title="Spring forum")


@pytest.mark.parametrize("template", sorted(services.EVENT_TEMPLATES))
def test_held_event_messages_are_not_sent_after_the_event_is_cancelled(jo, event, clock, template):
    from withus.events.models import Event

    clock(london(2026, 3, 3, 23, 0))
    message = _event_message(jo, event, template)
    assert message.status == S.QUEUED and message.send_after
    Event.unscoped.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    clock(london(2026, 3, 4, 9, 0))
    assert deliver(message.pk) == "not sent: messaging.event_cancelled"
    message.refresh_from_db()
    assert message.status == S.NOT_SENT
    assert message.status_reason == "Spring forum was cancelled, so this was not sent."


def test_the_cancellation_itself_still_goes(jo, event, clock):
    from withus.events.models import Event

    Event.unscoped.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    message = _event_message(jo, event, "event_cancelled", context={**CONTEXT, "reason": "Ill"})
    assert deliver(message.pk) == "sent"


def test_staff_reminders_about_a_cancelled_event_are_not_sent(world, event, clock):
    from withus.events.models import Event

    message = message_staff(
        organisation=world.org_a,
        user=world.alice,
        template="staff_papers_due",
        context={"event": "Spring forum"},
        related=event,
    )
    Event.unscoped.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    assert deliver(message.pk) == "not sent: messaging.event_cancelled"


@pytest.mark.parametrize(
    ("reply", "code", "reason"),
    [
        ("declined", "invitation_declined", "Jo Bloggs said they are not coming to Spring forum"),
        ("withdrawn", "invitation_withdrawn", "Jo Bloggs's invitation to Spring forum was"),
    ],
)
def test_held_event_messages_are_not_sent_once_they_are_not_coming(
    jo, event, clock, reply, code, reason
):
    from tests.events.builders import invite
    from withus.events.models import EventInvitation

    invitation = invite(event, jo, reply="accepted")
    clock(london(2026, 3, 3, 23, 0))
    message = _event_message(jo, event, "event_reminder")
    EventInvitation.unscoped.filter(pk=invitation.pk).update(reply=reply)
    clock(london(2026, 3, 4, 9, 0))
    assert deliver(message.pk) == f"not sent: messaging.{code}"
    message.refresh_from_db()
    assert message.status == S.NOT_SENT and message.status_reason.startswith(reason)


def test_other_messages_to_someone_not_coming_still_go(jo, event, clock):
    from tests.events.builders import invite

    invite(event, jo, reply="declined")
    message = _event_message(jo, event, "general", context={"message": "Your £20 is ready"})
    assert deliver(message.pk) == "sent"


def test_withdraw_pending_stops_only_messages_still_waiting(world, jo, event, clock):
    from tests.events.builders import make_event

    letter_person = make_person(
        world, address="1 Road", channel_order=["post"], consents=[P.CONTACT_POST]
    )
    queued = _event_message(jo, event, "event_reminder")
    letter = _event_message(letter_person, event, "event_papers")
    sent = _event_message(jo, event, "event_invitation")
    deliver(sent.pk)
    other_event = make_event(world.org_a, title="Other")
    elsewhere = _event_message(jo, other_event, "event_reminder")
    cancelled_note = _event_message(
        jo, event, "event_cancelled", context={**CONTEXT, "reason": "x"}
    )

    count = services.withdraw_pending(
        related=event,
        templates=services.EVENT_TEMPLATES,
        reason="The event was cancelled, so this was not sent.",
    )
    assert count == 2
    for message, status in [
        (queued, S.NOT_SENT),
        (letter, S.NOT_SENT),
        (sent, S.SENT),
        (elsewhere, S.QUEUED),
        (cancelled_note, S.QUEUED),
    ]:
        message.refresh_from_db()
        assert message.status == status, message.template
    assert queued.status_reason == "The event was cancelled, so this was not sent."

    # One person, one event: the participant and the related object together.
    assert services.withdraw_pending(participant=jo, related=other_event, reason="Not coming") == 1
    elsewhere.refresh_from_db()
    assert (elsewhere.status, elsewhere.status_reason) == (S.NOT_SENT, "Not coming")


def test_withdraw_pending_needs_whose_and_why(jo):
    with pytest.raises(ValueError):
        services.withdraw_pending(reason="x")
    with pytest.raises(ValueError):
        services.withdraw_pending(participant=jo, reason="  ")


# Counting honestly ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "counted"),
    [
        (S.QUEUED, True),
        (S.SENDING, True),
        (S.SENT, True),
        (S.TO_PRINT, True),
        (S.PRINTED, True),
        (S.TO_CALL, True),
        (S.CALLED, True),
        (S.NOT_SENT, False),
        (S.FAILED, False),
    ],
)
def test_was_sent_or_queued(status, counted):
    assert services.was_sent_or_queued(Message(status=status)) is counted


def test_was_sent_or_queued_covers_every_status_and_no_message():
    assert set(S.values) == services.SENT_OR_QUEUED | {S.NOT_SENT, S.FAILED}
    assert services.was_sent_or_queued(None) is False
