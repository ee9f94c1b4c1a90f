"""Survey analysis: figures recomputed by hand from raw rows, suppression, before/after pairs."""

import hashlib
import hmac

import pytest
from django_scopes import scope

from tests.surveys.builders import make_survey, respond
from withus.people.models import Participant
from withus.reports.suppression import PRIMARY, SECONDARY
from withus.surveys.analysis import paired_change, respondent_key_for, summarise
from withus.surveys.services import make_after

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {"text": "How was it?", "kind": "scale"},
    {"text": "Listened to?", "kind": "yes_no"},
    {"text": "Which day?", "kind": "single", "options": ["Monday", "Tuesday", "Friday"]},
    {"text": "What helped?", "kind": "multiple", "options": ["Tea", "Bus fare", "Crèche"]},
    {"text": "Anything else?", "kind": "text"},
]


def _people(org, n):
    return [
        Participant.unscoped.create(organisation=org, preferred_name=f"Person {i}")
        for i in range(n)
    ]


def test_counts_and_means_match_the_raw_rows(world):
    survey = make_survey(world.org_a, questions=QUESTIONS)
    scale = [5, 4, 4, 3, 5, 2, 4]
    yes_no = [1, 1, 0, 1, 1, 1, 0]
    days = ["Monday"] * 6 + ["Friday"]
    for i in range(7):
        respond(
            survey,
            {1: scale[i], 2: yes_no[i], 3: [days[i]], 4: ["Tea", "Bus fare"], 5: f"Said {i}"},
        )
    respond(survey, {5: "   "})  # blank text is not an answer
    with scope(organisation=world.org_a):
        s = summarise(survey, threshold=3)
    by_text = {x.question.text: x for x in s}
    how = by_text["How was it?"]
    assert how.n == 7
    assert how.mean == pytest.approx(sum(scale) / 7)
    assert {k: c.value for k, c in how.counts.items()} == {"1": 0, "2": 1, "3": 1, "4": 3, "5": 2}
    # 1, 1 and 2 people are small (primary); with three hidden nothing else is needed.
    assert [how.counts[k].hidden for k in "12345"] == ["", PRIMARY, PRIMARY, "", PRIMARY]
    listened = by_text["Listened to?"]
    assert listened.mean == pytest.approx(5 / 7)
    # No (2) is small; Yes would give it away (7 - 5), so Yes is hidden too.
    assert listened.counts["No"].hidden == PRIMARY
    assert listened.counts["Yes"].hidden == SECONDARY
    day = by_text["Which day?"]
    # Friday (1) is hidden; Monday would give it away (7 - 6), so Monday is hidden too.
    assert day.counts["Friday"].hidden == PRIMARY
    assert day.counts["Monday"].hidden == SECONDARY
    assert day.counts["Tuesday"].value == 0 and not day.counts["Tuesday"].hidden
    helped = by_text["What helped?"]
    assert helped.counts["Tea"].value == 7 and not helped.counts["Tea"].hidden
    assert helped.counts["Crèche"].value == 0
    text = by_text["Anything else?"]
    assert text.n == 7 and sorted(text.texts) == sorted(f"Said {i}" for i in range(7))


def test_small_n_hides_means_and_every_count(world):
    survey = make_survey(world.org_a, questions=QUESTIONS[:2])
    for value in (5, 4, 4):
        respond(survey, {1: value, 2: 1})
    with scope(organisation=world.org_a):
        how, listened = summarise(survey, threshold=5)
    assert how.n == 3 and how.mean is None and listened.mean is None
    assert how.n_cell.hidden == PRIMARY
    assert all(c.hidden for c in how.counts.values() if c.value)
    assert listened.counts["Yes"].hidden and listened.counts["No"].value == 0


def test_query_count_is_fixed(world, django_assert_max_num_queries):
    survey = make_survey(world.org_a, questions=QUESTIONS)
    for i in range(20):
        respond(survey, {1: 3, 2: 1, 3: ["Monday"], 4: ["Tea"], 5: "x"})
    with scope(organisation=world.org_a), django_assert_max_num_queries(2):
        summarise(survey, threshold=5)


def test_respondent_key_is_stable_per_pair_and_not_reversible(world, settings):
    jo, sam = _people(world.org_a, 2)
    before = make_survey(world.org_a, kind="before")
    other = make_survey(world.org_a, kind="before")
    key = respondent_key_for(jo, before)
    assert key == respondent_key_for(jo, before)
    assert key != respondent_key_for(sam, before)
    assert key != respondent_key_for(jo, other)
    assert len(key) == 64 and key not in {
        hashlib.sha256(f"{jo.pk}:{before.pk}".encode()).hexdigest(),
        hashlib.sha256(str(jo.pk).encode()).hexdigest(),
    }
    # Without the secret it cannot be recomputed from the ids alone.
    plain = hmac.new(b"", f"{jo.pk}:{before.pk}".encode(), "sha256").hexdigest()
    assert key != plain
    settings.SECRET_KEY = "another secret that is long enough to be a secret key"
    assert respondent_key_for(jo, before) != key


def _pair(world, *, anonymous=True):
    before = make_survey(
        world.org_a,
        kind="before",
        anonymous=anonymous,
        questions=[
            {"text": "Confident?", "kind": "scale", "pair_key": "conf"},
            {"text": "Have a job?", "kind": "yes_no", "pair_key": "job"},
            {"text": "Why?", "kind": "text", "pair_key": "why"},
        ],
    )
    with scope(organisation=world.org_a):
        after = make_after(before=before, actor=world.alice)
    return before, after


def test_paired_change_over_matched_people_only(world):
    before, after = _pair(world)
    people = _people(world.org_a, 8)
    befores = [1, 2, 3, 2, 4, 3]
    afters = [3, 2, 4, 4, 3, 5]
    for person, b, a in zip(people[:6], befores, afters, strict=True):
        respond(before, {1: b, 2: 0}, participant=person)
        respond(after, {1: a, 2: 1}, participant=person)
    respond(before, {1: 1, 2: 0}, participant=people[6])  # before only: not matched
    respond(after, {1: 5, 2: 1}, participant=people[7])  # after only: not matched
    respond(after, {1: 5, 2: 1})  # nobody: not matched
    with scope(organisation=world.org_a):
        assert after.questions.count() == 3
    with scope(organisation=world.org_a):
        changes = paired_change(after, threshold=5)
    assert [c.question_text for c in changes] == ["Confident?", "Have a job?"]
    conf, job = changes
    assert conf.n == 6 and not conf.suppressed
    assert conf.mean_before == pytest.approx(sum(befores) / 6)
    assert conf.mean_after == pytest.approx(sum(afters) / 6)
    assert conf.mean_change == pytest.approx((sum(afters) - sum(befores)) / 6)
    improved = sum(1 for b, a in zip(befores, afters, strict=True) if a > b)
    assert conf.share_improved == pytest.approx(100 * improved / 6)
    assert job.mean_before == 0 and job.mean_after == 1 and job.share_improved == 100


def test_paired_change_is_suppressed_below_the_threshold(world):
    before, after = _pair(world)
    for person in _people(world.org_a, 4):
        respond(before, {1: 1}, participant=person)
        respond(after, {1: 5}, participant=person)
    with scope(organisation=world.org_a):
        conf, job = paired_change(after, threshold=5)
    assert conf.n == 4 and conf.suppressed
    assert conf.mean_before is None and conf.mean_change is None and conf.share_improved is None
    assert job.n == 0 and job.suppressed


def test_paired_change_empty_for_a_survey_without_a_before(world):
    survey = make_survey(world.org_a, questions=QUESTIONS[:1])
    with scope(organisation=world.org_a):
        assert paired_change(survey, threshold=5) == []
