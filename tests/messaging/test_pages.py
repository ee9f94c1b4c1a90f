"""The messaging pages: outbox, letters, calls, wording, one person's messages, compose."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from tests.events.builders import invite, make_event
from tests.messaging.conftest import consent, make_person
from withus.audit.models import AuditEvent
from withus.events.models import Event, EventInvitation
from withus.messaging.letters import letters_html
from withus.messaging.models import Message, MessageAttachment, MessageTemplate
from withus.messaging.services import message_participant
from withus.people import choices as c
from withus.people import services as people_services

S = Message.Status
P = c.ConsentPurpose


def url(world, name, **kwargs):
    return reverse(f"messaging:{name}", kwargs={"org_slug": world.org_a.slug, **kwargs})


def make(world, n=1, person=None, **fields):
    person = person or make_person(world, preferred_name="Row Person")
    fields.setdefault("channel", "sms")
    fields.setdefault("status", S.SENT)
    made = [
        Message.unscoped.create(
            organisation=world.org_a,
            participant=person,
            to_address="07700 900000",
            template="general",
            subject=f"Subject {i}",
            body=f"Body {i}",
            **fields,
        )
        for i in range(n)
    ]
    return made[0] if n == 1 else made


@pytest.fixture
def signed_in(client, world):
    client.force_login(world.alice)
    return client


def _same_queries(client, world, page, build, **kwargs):
    build(1)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url(world, page, **kwargs)).status_code == 200
    build(20)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url(world, page, **kwargs))
    assert response.status_code == 200
    assert len(one) == len(many), [q["sql"] for q in many.captured_queries]
    return response


# Outbox -----------------------------------------------------------------------------------


def test_outbox_lists_every_message_newest_first_and_says_it_is_the_outbox(signed_in, world):
    old, new = make(world, 2)
    response = signed_in.get(url(world, "outbox"))
    text = response.content.decode()
    assert "the outbox of every email and text message that would have been sent" in text
    assert text.index("Subject 1") < text.index("Subject 0")


def test_outbox_filters_by_channel_and_status(signed_in, world):
    make(world)
    person = make_person(world, preferred_name="Letter Person")
    Message.unscoped.create(
        organisation=world.org_a,
        participant=person,
        channel="post",
        status=S.TO_PRINT,
        subject="A letter",
        body="x",
    )
    text = signed_in.get(url(world, "outbox") + "?channel=post").content.decode()
    assert "A letter" in text and "Subject 0" not in text
    text = signed_in.get(url(world, "outbox") + "?status=sent").content.decode()
    assert "A letter" not in text and "Subject 0" in text
    # Nonsense filters are ignored, not an error.
    assert signed_in.get(url(world, "outbox") + "?channel=pigeon&status=x").status_code == 200


def test_outbox_queries_are_bounded(signed_in, world):
    person = make_person(world)
    _same_queries(signed_in, world, "outbox", lambda n: make(world, n, person=person))


def test_outbox_does_not_show_other_organisations_messages(signed_in, world, people):
    with scope(organisation=world.org_b):
        Message.unscoped.create(
            organisation=world.org_b, participant=people["bo"], channel="sms", body="Secret B"
        )
    assert "Secret B" not in signed_in.get(url(world, "outbox")).content.decode()


def test_detail_shows_what_it_said_and_why_it_was_stopped(signed_in, world, people, clock):
    message = message_participant(
        participant=people["sam"], template="general", context={"message": "Hello there"}
    )
    text = signed_in.get(url(world, "detail", message_id=message.pk)).content.decode()
    assert "Hello there" in text
    assert "No way to reach Sam Carter that they agreed to." in text


def test_attachment_download(signed_in, world):
    message = make(world, channel="post", status=S.TO_PRINT)
    file = MessageAttachment.unscoped.create(
        organisation=world.org_a,
        message=message,
        filename='pa"pers.pdf',
        content_type="application/pdf",
        content=b"%PDF-1.7 test",
        size=13,
    )
    response = signed_in.get(url(world, "attachment", message_id=message.pk, attachment_id=file.pk))
    assert response.content == b"%PDF-1.7 test"
    assert response["Content-Disposition"] == 'attachment; filename="papers.pdf"'
    other = make(world)
    wrong = url(world, "attachment", message_id=other.pk, attachment_id=file.pk)
    assert signed_in.get(wrong).status_code == 404


# Letters ----------------------------------------------------------------------------------


@pytest.fixture
def letter(world, clock):
    person = make_person(
        world,
        preferred_name="Les",
        address="2 Low Road\nHackney",
        postcode="E8 1AA",
        channel_order=["post"],
        consents=[P.CONTACT_POST],
    )
    return message_participant(
        participant=person,
        template="event_papers",
        context={"event": "Women's forum", "when": "Tuesday 3 March 2026, 10am"},
        attachments=[("papers.pdf", b"%PDF", "application/pdf")],
    )


def test_letters_page_and_pdf(signed_in, world, letter):
    text = signed_in.get(url(world, "letters")).content.decode()
    assert "Les: Papers for Women&#x27;s forum" in text
    assert "papers.pdf" in text
    response = signed_in.get(url(world, "letters_pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_letter_html_has_the_address_in_the_window_and_14pt_words(world, letter):
    with scope(organisation=world.org_a):
        from withus.messaging.selectors import letters_to_print

        html = letters_html(world.org_a, list(letters_to_print()), today=letter.created_at.date())
    assert "top: 52mm; left: 20mm; width: 90mm" in html  # a DL window envelope
    assert "<span>Les</span><span>2 Low Road</span><span>Hackney</span><span>E8 1AA</span>" in html
    assert ".words { font-size: 14pt" in html
    assert "Org A Women&#x27;s Centre" in html
    assert "Tuesday 3 March 2026" in html
    assert "With this letter: papers.pdf" in html


def test_letters_queries_are_bounded(signed_in, world):
    person = make_person(world, address="1 Road", consents=[P.CONTACT_POST])
    response = _same_queries(
        signed_in,
        world,
        "letters",
        lambda n: make(world, n, person=person, channel="post", status=S.TO_PRINT),
    )
    assert response.content.decode().count('name="message"') == 21


def test_marking_letters_printed(signed_in, world, letter):
    response = signed_in.post(url(world, "letters_printed"), {"message": [letter.pk, "x"]})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == S.PRINTED and letter.sent_at
    assert AuditEvent.unscoped.filter(action="message.printed").exists()
    assert "Les:" not in signed_in.get(url(world, "letters")).content.decode()


def test_marking_nothing_printed_says_so(signed_in, world, letter):
    response = signed_in.post(url(world, "letters_printed"), follow=True)
    assert "Choose the letters you have printed." in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == S.TO_PRINT


def test_letters_of_another_organisation_cannot_be_marked(client, world, letter):
    client.force_login(world.charlie)
    client.post(
        reverse("messaging:letters_printed", kwargs={"org_slug": world.org_b.slug}),
        {"message": [letter.pk]},
    )
    letter.refresh_from_db()
    assert letter.status == S.TO_PRINT


# Calls ------------------------------------------------------------------------------------


@pytest.fixture
def call(world, clock):
    person = make_person(
        world,
        preferred_name="Phil",
        phone="07700 900777",
        best_times="Weekday mornings",
        channel_order=["phone"],
        consents=[P.CONTACT_PHONE],
    )
    return message_participant(
        participant=person,
        template="event_reminder",
        context={"event": "Forum", "when": "Tuesday 3 March 2026, 10am", "where": "The Hall"},
    )


def test_call_list_shows_who_number_words_and_best_times(signed_in, world, call):
    text = signed_in.get(url(world, "calls")).content.decode()
    assert "Phil" in text and "07700 900777" in text
    assert "Weekday mornings" in text
    assert "This is a reminder about Forum." in text


def test_no_answer_stays_on_the_list_and_reached_leaves_it(signed_in, world, call):
    done = url(world, "call_done", message_id=call.pk)
    assert signed_in.post(done, {"outcome": "no_answer"}).status_code == 302
    call.refresh_from_db()
    assert (call.status, call.call_attempts, call.call_outcome) == (S.TO_CALL, 1, "no_answer")
    assert "07700 900777" in signed_in.get(url(world, "calls")).content.decode()
    signed_in.post(done, {"outcome": "voicemail"})
    call.refresh_from_db()
    assert (call.status, call.call_attempts) == (S.CALLED, 2)
    assert call.status_reason == "Left a voicemail"
    assert "07700 900777" not in signed_in.get(url(world, "calls")).content.decode()
    assert AuditEvent.unscoped.filter(action="message.call").count() == 2


def test_bad_call_outcome_changes_nothing(signed_in, world, call):
    response = signed_in.post(
        url(world, "call_done", message_id=call.pk), {"outcome": "maybe"}, follow=True
    )
    assert "Choose how the call went." in response.content.decode()
    call.refresh_from_db()
    assert call.call_attempts == 0


def test_calls_queries_are_bounded(signed_in, world):
    person = make_person(world, phone="0770", consents=[P.CONTACT_PHONE])
    response = _same_queries(
        signed_in,
        world,
        "calls",
        lambda n: make(world, n, person=person, channel="phone", status=S.TO_CALL),
    )
    assert response.content.decode().count("Body ") == 21


# Templates --------------------------------------------------------------------------------


def test_templates_list_and_unknown_key_is_404(signed_in, world):
    text = signed_in.get(url(world, "templates")).content.decode()
    assert "Invitation to an event" in text and "Staff: papers due" in text
    assert signed_in.get(url(world, "template_edit", key="nope")).status_code == 404


def test_preview_does_not_save_and_save_does(signed_in, world):
    edit = url(world, "template_edit", key="event_reminder")
    data = {"subject": "Soon: {event}", "body": "Hi {name}, {event} soon.", "sms_body": ""}
    response = signed_in.post(edit, {**data, "action": "preview"})
    assert "Hi Sam, Women&#x27;s forum soon." in response.content.decode()
    assert not MessageTemplate.unscoped.exists()
    assert signed_in.post(edit, {**data, "action": "save"}).status_code == 302
    row = MessageTemplate.unscoped.get(organisation=world.org_a, key="event_reminder")
    assert row.body == "Hi {name}, {event} soon."
    assert AuditEvent.unscoped.filter(action="message_template.save").exists()
    assert "Your wording" in signed_in.get(url(world, "templates")).content.decode()


def test_unknown_placeholders_are_refused(signed_in, world):
    response = signed_in.post(
        url(world, "template_edit", key="event_reminder"),
        {"subject": "", "body": "Hi {nmae}", "sms_body": "", "action": "save"},
    )
    assert response.status_code == 200
    assert "withus does not know {nmae}" in response.content.decode()
    assert not MessageTemplate.unscoped.exists()


def test_reset_to_default(signed_in, world):
    MessageTemplate.unscoped.create(organisation=world.org_a, key="general", body="Mine {name}")
    response = signed_in.post(url(world, "template_edit", key="general"), {"action": "reset"})
    assert response.status_code == 302
    assert not MessageTemplate.unscoped.exists()


def test_long_text_message_is_flagged_in_the_preview(signed_in, world):
    response = signed_in.post(
        url(world, "template_edit", key="general"),
        {"subject": "", "body": "x", "sms_body": "word " * 80, "action": "preview"},
    )
    assert "That is more than 300" in response.content.decode()


# One participant --------------------------------------------------------------------------


def test_participant_history_and_bounded_queries(signed_in, world):
    person = make_person(world)
    response = _same_queries(
        signed_in,
        world,
        "participant_history",
        lambda n: make(world, n, person=person),
        pk=person.pk,
    )
    assert "21 messages" in response.content.decode()


def test_people_page_shows_the_last_five_messages(signed_in, world):
    person = make_person(world, preferred_name="Five")
    make(world, 7, person=person)
    text = signed_in.get(
        reverse("people:detail", kwargs={"org_slug": world.org_a.slug, "pk": person.pk})
    ).content.decode()
    assert text.count("/messages/") >= 5
    assert "All messages" in text
    section = text[text.index(">Messages<") :]
    assert section.count("General message") == 5


def test_compose_shows_the_channel_and_sends(signed_in, world, people, clock):
    jo = people["jo"]
    page = url(world, "compose", pk=jo.pk)
    text = signed_in.get(page).content.decode()
    assert "text message" in text and "07700 900123" in text
    response = signed_in.post(page, {"text": "Your travel money is ready.", "token": _token(text)})
    message = Message.unscoped.get(participant=jo)
    assert response.url == url(world, "detail", message_id=message.pk)
    assert "Your travel money is ready." in message.body
    assert message.created_by == world.alice
    assert AuditEvent.unscoped.filter(action="message.create").exists()


def test_compose_shows_what_stops_it(signed_in, world, people):
    text = signed_in.get(url(world, "compose", pk=people["sam"].pk)).content.decode()
    assert "No way to reach Sam Carter that they agreed to." in text


def test_compose_essential_reaches_someone_on_a_break(signed_in, world, people, clock):
    jo = people["jo"]
    type(jo).unscoped.filter(pk=jo.pk).update(status=c.Status.PAUSED)
    page = url(world, "compose", pk=jo.pk)
    text = signed_in.get(page).content.decode()
    assert "is taking a break" in text
    signed_in.post(page, {"text": "Your £20 is ready.", "essential": "on", "token": _token(text)})
    assert Message.unscoped.get(participant=jo).status == S.QUEUED


def test_compose_without_text_shows_an_error(signed_in, world, people):
    response = signed_in.post(url(world, "compose", pk=people["jo"].pk), {"text": ""})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not Message.unscoped.exists()


# Letters and calls are checked again before they are listed, printed or recorded (M2, M3) --


@pytest.fixture
def waiting(world, clock):
    """A letter to Pen and a call to Phil, both fine when written."""
    pen = make_person(
        world,
        preferred_name="Pen",
        address="1 Road\nTown",
        channel_order=["post"],
        consents=[P.CONTACT_POST],
    )
    phil = make_person(
        world,
        preferred_name="Phil",
        phone="07700 900999",
        channel_order=["phone"],
        consents=[P.CONTACT_PHONE],
    )
    context = {"event": "Forum", "when": "Tuesday", "where": "Hall"}
    letter = message_participant(participant=pen, template="event_reminder", context=context)
    call = message_participant(participant=phil, template="event_reminder", context=context)
    assert (letter.status, call.status) == (S.TO_PRINT, S.TO_CALL)
    return pen, phil, letter, call


def _pen_paused_and_phil_withdrew(world, pen, phil):
    type(pen).unscoped.filter(pk=pen.pk).update(status=c.Status.PAUSED)
    consent(phil, P.CONTACT_PHONE, actor=world.alice, state="withdrawn")


def test_letters_and_calls_a_rule_now_stops_are_not_listed(signed_in, world, waiting):
    pen, phil, letter, call = waiting
    _pen_paused_and_phil_withdrew(world, pen, phil)
    letters = signed_in.get(url(world, "letters")).content.decode()
    calls = signed_in.get(url(world, "calls")).content.decode()
    assert f'value="{letter.pk}"' not in letters
    assert "07700 900999" not in calls
    letter.refresh_from_db()
    call.refresh_from_db()
    assert (letter.status, letter.status_reason) == (
        S.NOT_SENT,
        "Pen is taking a break, so we do not send them messages.",
    )
    assert (call.status, call.status_reason) == (
        S.NOT_SENT,
        "Phil has not agreed to be contacted by phone.",
    )


def test_the_letters_pdf_leaves_out_letters_a_rule_now_stops(
    signed_in, world, waiting, monkeypatch
):
    from withus.messaging import letters as letters_module

    pen, _, letter, _ = waiting
    printed = []

    def build(organisation, letters, *, today):
        printed.extend(letters)
        return b"%PDF-fake"

    monkeypatch.setattr(letters_module, "letters_pdf", build)
    type(pen).unscoped.filter(pk=pen.pk).update(status=c.Status.EXITED)
    response = signed_in.get(url(world, "letters_pdf") + f"?message={letter.pk}")
    assert response.status_code == 200
    assert printed == []
    letter.refresh_from_db()
    assert letter.status == S.NOT_SENT and "has moved on" in letter.status_reason


def test_essential_letters_still_go_to_someone_taking_a_break(signed_in, world, clock):
    pen = make_person(
        world,
        preferred_name="Pen",
        address="1 Road",
        channel_order=["post"],
        consents=[P.CONTACT_POST],
    )
    type(pen).unscoped.filter(pk=pen.pk).update(status=c.Status.PAUSED)
    pen.refresh_from_db()
    letter = message_participant(
        participant=pen, template="general", context={"message": "£20"}, essential=True
    )
    assert letter.status == S.TO_PRINT
    assert f'value="{letter.pk}"' in signed_in.get(url(world, "letters")).content.decode()


def test_an_erased_persons_letter_is_not_printed(signed_in, world, waiting):
    pen, _, letter, _ = waiting
    with scope(organisation=world.org_a):
        people_services.participant_erase(participant=pen, actor=world.admin_a)
    letter.refresh_from_db()
    assert letter.status == S.NOT_SENT  # erasure stops what was waiting
    page = signed_in.get(url(world, "letters")).content.decode()
    assert f'value="{letter.pk}"' not in page


def test_a_letter_to_someone_erased_without_tidying_is_stopped_when_listed(
    signed_in, world, waiting
):
    from django.utils import timezone

    pen, _, letter, _ = waiting
    type(pen).unscoped.filter(pk=pen.pk).update(erased_at=timezone.now())
    assert f'value="{letter.pk}"' not in signed_in.get(url(world, "letters")).content.decode()
    letter.refresh_from_db()
    assert letter.status == S.NOT_SENT
    assert letter.status_reason == (
        "This person's details have been erased, so we cannot contact them."
    )


def test_a_call_a_rule_now_stops_is_not_recorded_as_made(signed_in, world, waiting):
    pen, phil, _, call = waiting
    _pen_paused_and_phil_withdrew(world, pen, phil)
    response = signed_in.post(
        url(world, "call_done", message_id=call.pk), {"outcome": "reached"}, follow=True
    )
    call.refresh_from_db()
    assert (call.status, call.call_attempts, call.call_outcome) == (S.NOT_SENT, 0, "")
    assert "The call to Phil was not recorded and is off the list" in response.content.decode()
    assert not AuditEvent.unscoped.filter(action="message.call").exists()


def test_a_letter_a_rule_now_stops_is_not_marked_printed(signed_in, world, waiting):
    pen, phil, letter, _ = waiting
    _pen_paused_and_phil_withdrew(world, pen, phil)
    response = signed_in.post(url(world, "letters_printed"), {"message": [letter.pk]}, follow=True)
    letter.refresh_from_db()
    assert letter.status == S.NOT_SENT and letter.sent_at is None
    text = response.content.decode()
    assert "1 letter was not marked as printed" in text
    assert "0 letters marked as printed." in text


def test_letters_and_calls_about_a_cancelled_event_are_stopped(signed_in, world, clock):
    pen = make_person(
        world,
        preferred_name="Pen",
        address="1 Road",
        channel_order=["post"],
        consents=[P.CONTACT_POST],
    )
    phil = make_person(
        world,
        preferred_name="Phil",
        phone="0770",
        channel_order=["phone"],
        consents=[P.CONTACT_PHONE],
    )
    event = make_event(world.org_a, title="Spring forum")
    context = {"event": "Spring forum", "when": "Tuesday", "where": "Hall", "reason": "x"}
    letter, call, note = (
        message_participant(participant=who, template=template, context=context, related=event)
        for who, template in [
            (pen, "event_papers"),
            (phil, "event_reminder"),
            (pen, "event_cancelled"),
        ]
    )
    Event.unscoped.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    letters = signed_in.get(url(world, "letters")).content.decode()
    signed_in.get(url(world, "calls"))
    for message, status in [(letter, S.NOT_SENT), (call, S.NOT_SENT), (note, S.TO_PRINT)]:
        message.refresh_from_db()
        assert message.status == status, message.template
    assert letter.status_reason == "Spring forum was cancelled, so this was not sent."
    assert f'value="{note.pk}"' in letters and f'value="{letter.pk}"' not in letters


def test_calls_to_someone_no_longer_coming_are_stopped(signed_in, world, clock):
    phil = make_person(
        world,
        preferred_name="Phil",
        phone="0770",
        channel_order=["phone"],
        consents=[P.CONTACT_PHONE],
    )
    event = make_event(world.org_a, title="Spring forum")
    invitation = invite(event, phil, reply=EventInvitation.Reply.ACCEPTED)
    call = message_participant(
        participant=phil,
        template="event_reminder",
        context={"event": "Spring forum", "when": "Tuesday", "where": "Hall"},
        related=event,
    )
    EventInvitation.unscoped.filter(pk=invitation.pk).update(reply=EventInvitation.Reply.DECLINED)
    signed_in.get(url(world, "calls"))
    call.refresh_from_db()
    assert call.status == S.NOT_SENT
    assert (
        call.status_reason == "Phil said they are not coming to Spring forum, so this was not sent."
    )


def test_letters_queries_stay_bounded_with_many_people_and_events(signed_in, world, clock):
    event = make_event(world.org_a, title="Spring forum")

    def letters_to_new_people(n):
        for i in range(n):
            person = make_person(
                world,
                preferred_name=f"Person {i}",
                address="1 Road",
                channel_order=["post"],
                consents=[P.CONTACT_POST],
            )
            invite(event, person, reply=EventInvitation.Reply.ACCEPTED)
            message_participant(
                participant=person,
                template="event_papers",
                context={"event": "Spring forum"},
                related=event,
            )

    response = _same_queries(signed_in, world, "letters", letters_to_new_people)
    assert response.content.decode().count('name="message"') == 21


# Ids from forms (E1) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["99999999999999999999", "9223372036854775808", "-1", "0", "1e5", " 12", "١٢", "x", ""],
)
def test_ids_that_are_not_ids_are_ignored(signed_in, world, letter, value):
    response = signed_in.post(url(world, "letters_printed"), {"message": [value]}, follow=True)
    assert response.status_code == 200
    assert "Choose the letters you have printed." in response.content.decode()
    response = signed_in.get(url(world, "letters_pdf") + f"?message={value}")
    assert response.status_code == 200
    letter.refresh_from_db()
    assert letter.status == S.TO_PRINT


def test_ids_keep_good_values_among_bad_ones():
    from withus.messaging.views import _ids

    assert _ids(["12", "99999999999999999999", "abc", "999999999999999999", "0"]) == [
        12,
        999999999999999999,
    ]


# Sending once (M5) ------------------------------------------------------------------------


def _token(page_text: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', page_text).group(1)


def test_compose_sends_once_when_the_form_is_sent_twice(signed_in, world, people, clock):
    jo = people["jo"]
    page = url(world, "compose", pk=jo.pk)
    token = _token(signed_in.get(page).content.decode())
    first = signed_in.post(page, {"text": "See you Tuesday", "token": token})
    second = signed_in.post(page, {"text": "See you Tuesday", "token": token}, follow=True)
    (message,) = Message.unscoped.filter(participant=jo, template="general")
    assert first.url == second.redirect_chain[0][0] == url(world, "detail", message_id=message.pk)
    assert "already used to send this message, so it was not sent again" in (
        second.content.decode()
    )
    # A new page has a new token: a second message is a second message.
    again = _token(signed_in.get(page).content.decode())
    assert again != token
    signed_in.post(page, {"text": "And Wednesday", "token": again})
    assert Message.unscoped.filter(participant=jo, template="general").count() == 2


@pytest.mark.parametrize("token", [None, "", "short", "x" * 65, "bad token with spaces!!!!"])
def test_compose_without_a_good_token_sends_nothing_and_asks_again(
    signed_in, world, people, clock, token
):
    page = url(world, "compose", pk=people["jo"].pk)
    data = {"text": "Hello"} if token is None else {"text": "Hello", "token": token}
    response = signed_in.post(page, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "This page was out of date" in text
    assert not Message.unscoped.exists()
    fresh = _token(text)
    assert fresh != token and len(fresh) >= 20
    assert signed_in.post(page, {"text": "Hello", "token": fresh}).status_code == 302
    assert Message.unscoped.count() == 1
