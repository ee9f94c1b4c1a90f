"""Closing the loop: who was told, how, and when a contribution counts as closed."""

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from tests.voice.builders import action, contribution
from withus.audit.models import AuditEvent
from withus.messaging.models import Message
from withus.people import choices as c
from withus.people import services as people_services
from withus.voice import services
from withus.voice.models import Action, Contribution, Feedback


def _reload(obj):
    return Contribution.unscoped.get(pk=obj.pk)


@pytest.mark.django_db
def test_message_to_every_contributor_closes_the_loop(world, people):
    jo = people["jo"]
    item = contribution(world.org_a, contributors=[jo], actor=world.alice)
    done = action(world.org_a, [item], actor=world.alice)
    with scope(organisation=world.org_a):
        message, feedback = services.tell_by_message(
            contribution=item, action=done, participant=jo, actor=world.alice
        )
    assert message.status != Message.Status.NOT_SENT
    assert feedback.method == Feedback.Method.MESSAGE
    assert "We bought a heater" in message.body
    assert _reload(item).loop_closed_at is not None
    # Sending again is deduplicated: the same message, no second feedback row.
    with scope(organisation=world.org_a):
        again, _ = services.tell_by_message(
            contribution=item, action=done, participant=jo, actor=world.alice
        )
    assert again.pk == message.pk
    assert Feedback.unscoped.filter(contribution=item).count() == 1
    assert AuditEvent.unscoped.filter(action="voice.feedback_message").count() == 1


@pytest.mark.django_db
def test_not_sent_leaves_the_loop_open_until_told_in_person(world, people):
    jo, sam = people["jo"], people["sam"]
    item = contribution(world.org_a, contributors=[jo, sam])
    done = action(world.org_a, [item], response=Action.Response.CONSIDERING)
    with scope(organisation=world.org_a):
        services.tell_by_message(contribution=item, action=done, participant=jo)
        assert _reload(item).loop_closed_at is None  # partial: Sam not told yet
        message, feedback = services.tell_by_message(
            contribution=item, action=done, participant=sam
        )
        assert message.status == Message.Status.NOT_SENT
        assert message.status_reason
        assert feedback is None
        assert _reload(item).loop_closed_at is None
        services.tell_in_person(contribution=item, action=done, participant=sam)
    # Still being considered, but both heard back: that counts.
    assert _reload(item).loop_closed_at is not None


@pytest.mark.django_db
def test_anonymous_contribution_closes_when_published_on_the_board(world):
    item = contribution(world.org_a, anonymous=True)
    action(world.org_a, [item], on_board=False)
    assert _reload(item).loop_closed_at is None
    action(world.org_a, [item], on_board=True)
    assert _reload(item).loop_closed_at is not None
    assert Feedback.unscoped.get(contribution=item).method == Feedback.Method.BOARD


@pytest.mark.django_db
def test_reason_required_when_not_possible(world):
    item = contribution(world.org_a)
    with pytest.raises(ValidationError) as error:
        action(world.org_a, [item], response=Action.Response.NOT_POSSIBLE, reason="")
    assert "reason" in error.value.message_dict
    done = action(world.org_a, [item], response=Action.Response.NOT_POSSIBLE, reason="No budget")
    assert "Why: No budget" in services.we_did_text(done)


@pytest.mark.django_db
def test_anonymous_cannot_name_people(world, people):
    with pytest.raises(ValidationError):
        contribution(world.org_a, anonymous=True, contributors=[people["jo"]])


@pytest.mark.django_db
def test_quote_needs_every_contributors_consent(world, people):
    jo, sam = people["jo"], people["sam"]
    with scope(organisation=world.org_a):
        people_services.consent_record(
            participant=jo,
            purpose=c.ConsentPurpose.NAMED_QUOTES,
            state="given",
            method="verbal",
            actor=world.alice,
        )
    contribution(world.org_a, contributors=[jo], quote="named")
    with pytest.raises(ValidationError) as error:
        contribution(world.org_a, contributors=[jo, sam], quote="named")
    assert "Sam Carter" in error.value.message_dict["quote"][0]
    with pytest.raises(ValidationError):
        contribution(world.org_a, contributors=[jo], quote="anonymous")
    contribution(world.org_a, anonymous=True, quote="anonymous")


@pytest.mark.django_db
def test_themes_created_on_the_fly_and_reused(world):
    a = contribution(world.org_a, themes=["Housing", " waiting room "])
    b = contribution(world.org_a, themes=["housing"])
    with scope(organisation=world.org_a):
        assert sorted(t.name for t in a.themes.all()) == ["Housing", "waiting room"]
        assert [t.name for t in b.themes.all()] == ["Housing"]
