"""Demo voice, surveys, outcomes, impact and equality baselines obey the rules of the data."""

import datetime as dt
import zoneinfo
from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count
from django_scopes import scopes_disabled

from withus.orgs.models import Organisation
from withus.people import choices as pc
from withus.people.equality import QUESTIONS
from withus.people.models import ConsentEvent
from withus.reports.models import EqualityBaseline
from withus.surveys.analysis import respondent_key_for
from withus.surveys.models import Answer, Question, Response, Survey
from withus.voice.models import Action, Contribution, Feedback, ImpactRecord, PersonOutcome, Theme

SCOPED = [
    Theme,
    Contribution,
    Action,
    Feedback,
    PersonOutcome,
    ImpactRecord,
    Survey,
    Question,
    Response,
    Answer,
    EqualityBaseline,
]


def _national(organisations=5):
    call_command(
        "seed_demo",
        "--scale",
        "national",
        "--organisations",
        str(organisations),
        "--staff-per-org",
        "4",
        "--large-org-people",
        "40",
        "--small-org-people",
        "12",
        stdout=StringIO(),
    )


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=StringIO())
    _national()
    with scopes_disabled():
        yield


def _latest_quote_consents():
    latest = {}
    for pk, purpose, state in (
        ConsentEvent.objects.filter(
            purpose__in=[pc.ConsentPurpose.NAMED_QUOTES, pc.ConsentPurpose.ANONYMOUS_QUOTES]
        )
        .order_by("recorded_at", "id")
        .values_list("participant_id", "purpose", "state")
    ):
        latest[(pk, purpose)] = state
    return latest


def test_loop_closed_at_matches_the_feedback(seeded):
    told = defaultdict(dict)
    board = defaultdict(list)
    for contribution_id, participant_id, method, given_at in Feedback.objects.values_list(
        "contribution_id", "participant_id", "method", "given_at"
    ):
        if method == Feedback.Method.BOARD:
            board[contribution_id].append(given_at)
        else:
            told[contribution_id][participant_id] = max(
                given_at, told[contribution_id].get(participant_id, given_at)
            )
    named = defaultdict(set)
    for contribution_id, participant_id in Contribution.contributors.through.objects.values_list(
        "contribution_id", "participant_id"
    ):
        named[contribution_id].add(participant_id)
    checked = {"closed": 0, "open": 0}
    for c in Contribution.objects.all():
        people = named[c.pk]
        if c.anonymous or not people:
            expected = max(board[c.pk], default=None)
        elif people <= set(told[c.pk]):
            expected = max(told[c.pk][p] for p in people)
        else:
            expected = None
        assert c.loop_closed_at == expected, c.pk
        checked["closed" if expected else "open"] += 1
    assert checked["closed"] > checked["open"] > 0


def test_loops_closed_on_time_late_and_still_open(seeded):
    for slug in ["eastfield", "northgate", "national-0001"]:
        contributions = Contribution.objects.filter(organisation__slug=slug)
        days = [
            (c.loop_closed_at.date() - c.received_on).days
            for c in contributions.exclude(loop_closed_at=None)
        ]
        assert any(d <= 28 for d in days)
        assert any(d > 28 for d in days)
        assert contributions.filter(loop_closed_at=None).exists()
        assert set(contributions.values_list("source", flat=True)) >= {
            "event",
            "suggestion_box",
            "survey",
            "peer_research",
            "one_to_one",
        }


def test_feedback_is_never_before_the_contribution_or_in_the_future(seeded):
    from django.utils import timezone

    for f in Feedback.objects.select_related("contribution", "action"):
        assert f.given_at.date() >= f.contribution.received_on
        assert f.given_at <= timezone.now()
        assert f.action.decided_on <= f.given_at.date()
        if f.method == Feedback.Method.BOARD:
            assert f.participant_id is None and f.action.on_board


def test_quotes_only_with_every_contributors_consent(seeded):
    latest = _latest_quote_consents()
    quoted = {Contribution.Quote.NAMED: 0, Contribution.Quote.ANONYMOUS: 0}
    for c in Contribution.objects.exclude(quote=Contribution.Quote.NO).prefetch_related(
        "contributors"
    ):
        people = list(c.contributors.all())
        if c.anonymous:  # nobody named: only ever quoted without a name
            assert c.quote == Contribution.Quote.ANONYMOUS and not people
            continue
        assert people, "a quote needs someone who agreed to it"
        purpose = (
            pc.ConsentPurpose.NAMED_QUOTES
            if c.quote == Contribution.Quote.NAMED
            else pc.ConsentPurpose.ANONYMOUS_QUOTES
        )
        for p in people:
            assert latest.get((p.pk, purpose)) == pc.ConsentState.GIVEN
        quoted[c.quote] += 1
    assert Contribution.objects.filter(anonymous=True, quote="anonymous").exists()
    assert quoted[Contribution.Quote.NAMED] and quoted[Contribution.Quote.ANONYMOUS]


def test_every_row_is_in_the_right_organisation(seeded):
    for model in SCOPED:
        assert model.objects.exists(), model
    checks = [
        (Contribution, ["event", "project", "survey", "recorded_by"]),
        (Feedback, ["contribution", "action", "participant"]),
        (PersonOutcome, ["participant", "project"]),
        (ImpactRecord, ["project"]),
        (Survey, ["event", "project", "before"]),
        (Question, ["survey"]),
        (Response, ["survey"]),
        (Answer, ["response", "question"]),
    ]
    for model, fields in checks:
        for field in fields:
            related = model._meta.get_field(field).related_model
            if related.__name__ == "User":
                continue
            wrong = model.objects.exclude(**{f"{field}__isnull": True}).exclude(
                **{f"{field}__organisation_id": models_org(model)}
            )
            assert not wrong.exists(), (model, field)
    through = Contribution.contributors.through.objects
    assert not through.exclude(
        participant__organisation_id=models_org(through.model, "contribution")
    ).exists()
    for model, left, right in [
        (Contribution.themes.through, "contribution", "theme"),
        (Action.contributions.through, "action", "contribution"),
        (ImpactRecord.actions.through, "impactrecord", "action"),
    ]:
        from django.db.models import F

        assert not model.objects.exclude(
            **{f"{left}__organisation_id": F(f"{right}__organisation_id")}
        ).exists()


def models_org(model, via=None):
    from django.db.models import F

    return F(f"{via}__organisation_id") if via else F("organisation_id")


def test_all_four_answers_with_reasons_evidence_and_owners(seeded):
    for slug in ["eastfield", "northgate", "national-0001"]:
        actions = Action.objects.filter(organisation__slug=slug)
        assert set(actions.values_list("response", flat=True)) == set(Action.Response.values)
        assert not actions.filter(response=Action.Response.NOT_POSSIBLE, reason="").exists()
        assert actions.exclude(done_on=None).exclude(evidence="").exists()
        assert not actions.filter(owner=None).exists()
        assert actions.filter(on_board=True).count() > actions.filter(on_board=False).count()
        assert len(set(actions.values_list("change_kind", flat=True))) >= 4
        assert not actions.annotate(n=Count("contributions")).filter(n=0).exists()


def test_outcomes_and_impact(seeded):
    assert not PersonOutcome.objects.filter(person_agreed=False).exists()
    assert PersonOutcome.objects.exclude(rating_before=None).exists()
    kinds = set(ImpactRecord.objects.values_list("kind", flat=True))
    assert {"commissioners", "policy", "funding"} <= kinds
    assert not ImpactRecord.objects.filter(kind="funding", amount=None).exists()
    assert not ImpactRecord.objects.filter(evidence="").exists()


def test_before_and_after_have_matched_respondents(seeded):
    for slug in ["eastfield", "northgate", "national-0001"]:
        after = Survey.objects.get(organisation__slug=slug, kind=Survey.Kind.AFTER)
        before = after.before
        assert before.kind == Survey.Kind.BEFORE and before.project_id == after.project_id
        keys_before = set(before.responses.values_list("respondent_key", flat=True))
        keys_after = set(after.responses.values_list("respondent_key", flat=True))
        assert len(keys_before & keys_after) >= 5
        assert keys_after - keys_before  # someone answered only at the end
        assert not Response.objects.filter(survey__in=[before, after], respondent_key="").exists()
        assert not before.responses.exclude(participant=None).exists()
        pairs = set(before.questions.values_list("pair_key", flat=True))
        assert pairs == set(after.questions.values_list("pair_key", flat=True)) and "" not in pairs
        # The key is the one the surveys app would compute for someone in the organisation.
        from withus.people.models import Participant

        people = Participant.objects.filter(organisation__slug=slug)
        assert keys_before & {respondent_key_for(p, before) for p in people}


def test_surveys_have_answers_of_every_kind(seeded):
    for slug in ["eastfield", "national-0001", "national-0004"]:
        answers = Answer.objects.filter(organisation__slug=slug)
        assert set(answers.values_list("question__kind", flat=True)) == set(Question.Kind.values)
    for slug in ["eastfield", "northgate", "national-0001"]:
        kinds = set(Survey.objects.filter(organisation__slug=slug).values_list("kind", flat=True))
        assert kinds == set(Survey.Kind.values)
    assert not Response.objects.filter(survey__anonymous=True).exclude(participant=None).exists()
    # Anonymous answers keep the day only (midnight, London), as the real answer page does.
    london = zoneinfo.ZoneInfo("Europe/London")
    for response in Response.objects.filter(survey__anonymous=True)[:200]:
        assert response.submitted_at.astimezone(london).time() == dt.time(0)
    for a in Answer.objects.select_related("question"):
        kind = a.question.kind
        if kind == Question.Kind.SCALE:
            assert 1 <= a.number <= 5
        elif kind == Question.Kind.YES_NO:
            assert a.number in (0, 1)
        elif kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            assert a.choices and set(a.choices) <= set(a.question.options)
        else:
            assert a.text


def test_equality_baseline_this_year_and_last_with_known_answers(seeded):
    from django.utils import timezone

    year = timezone.now().year
    for org in Organisation.objects.all():
        rows = EqualityBaseline.objects.filter(organisation=org)
        assert set(rows.values_list("year", flat=True)) == {year, year - 1}
        for question, answer in rows.values_list("question", "answer"):
            assert answer in dict(QUESTIONS[question][1])
        assert set(rows.values_list("question", flat=True)) == set(QUESTIONS)


def test_seeding_again_adds_nothing(seeded):
    before = [m.objects.count() for m in SCOPED]
    call_command("seed_demo", stdout=StringIO())
    _national()
    assert [m.objects.count() for m in SCOPED] == before


def test_national_voice_queries_do_not_grow_with_organisations(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from withus.demo.surveys import seed_surveys
    from withus.demo.voice import seed_baseline, seed_voice

    call_command("seed_demo", stdout=StringIO())
    _national(12)

    def run(slugs):
        with scopes_disabled():
            orgs = list(Organisation.objects.filter(slug__in=slugs).order_by("slug"))
            for model in SCOPED:
                model.objects.filter(organisation__in=orgs).delete()
            with CaptureQueriesContext(connection) as queries:
                general, _ = seed_surveys(orgs, seed=1)
                seed_voice(orgs, seed=1, surveys_by_org=general)
                seed_baseline(orgs, seed=1)
        return len(queries)

    few = run([f"national-{n:04d}" for n in (4, 5)])
    many = run([f"national-{n:04d}" for n in range(4, 13)])
    assert many <= few + 2
