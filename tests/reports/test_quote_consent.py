"""Report examples use someone's words only while they still agree to be quoted: consent
withdrawn after the words were recorded takes them out of the next report."""

from __future__ import annotations

import datetime as dt

from django_scopes import scope

from tests.voice.builders import action, contribution
from withus.people import services as people_services
from withus.people.choices import ConsentPurpose
from withus.people.models import Participant
from withus.reports.figures import build_figures

START, END = dt.date(2026, 3, 1), dt.date(2026, 3, 31)


def _consent(world, who, state):
    with scope(organisation=world.org_a):
        people_services.consent_record(
            participant=who,
            purpose=ConsentPurpose.ANONYMOUS_QUOTES,
            state=state,
            method="verbal",
            actor=world.alice,
        )


def _examples(org):
    with scope(organisation=org):
        figures = build_figures(org, audience="trustees", start=START, end=END, today=END)
    return [e["you_said"] for e in figures["voice"]["examples"]]


def test_withdrawn_quote_consent_removes_the_example(world):
    org = world.org_a
    jo = Participant.unscoped.create(organisation=org, preferred_name="Jo")
    _consent(world, jo, "given")
    words = contribution(org, contributors=[jo], quote="anonymous", text="Chairs are too hard")
    action(org, [words], we_did="We bought cushions")
    assert _examples(org) == ["Chairs are too hard"]
    _consent(world, jo, "withdrawn")
    assert _examples(org) == []


def test_anonymous_words_with_quote_permission_still_used(world):
    org = world.org_a
    words = contribution(org, anonymous=True, quote="anonymous", text="More evening meetings")
    action(org, [words])
    assert _examples(org) == ["More evening meetings"]
