"""Matching: the pure scoring function, table by table, then properties, then the loader."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import replace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope
from hypothesis import given
from hypothesis import strategies as st

from withus.people import choices as c
from withus.people import services as people_services
from withus.people.models import Participant
from withus.projects.models import Project, Task
from withus.recruitment import matching as m
from withus.recruitment.models import Candidate, RoleDescription
from withus.recruitment.services_pipeline import candidate_add, opportunity_create

TUE_PM = (1, "afternoon")
THU_AM = (3, "morning")
SAT_AM = (5, "morning")


def person(**kw) -> m.CandidateFacts:
    """A neutral person: scores 0 against an empty need."""
    defaults = {"participant_id": 1, "name": "Alex", "status": c.Status.ENQUIRY}
    return m.CandidateFacts(**{**defaults, **kw})


def need(**kw) -> m.Need:
    return m.Need(**kw)


SKILL_NEED = need(
    skills=frozenset({"it", "writing", "public speaking"}),
    skill_labels={"it": "IT", "writing": "writing", "public speaking": "public speaking"},
)


# --- skills ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("skills", "the_need", "points", "reason"),
    [
        ({"it", "writing"}, SKILL_NEED, 6, "Has 2 of 3 skills asked for: IT and writing"),
        ({"it", "writing", "public speaking"}, SKILL_NEED, 9, "Has 3 of 3 skills asked for"),
        ({"cooking"}, SKILL_NEED, 0, "Has none of the skills asked for"),
        (set(), need(skills=frozenset({"design"})), 0, "Does not have the skill asked for"),
        ({"design"}, need(skills=frozenset({"design"})), 3, "Has 1 of 1 skill asked for: design"),
        ({"design"}, need(), 0, None),  # nothing asked for: skills do not count
    ],
)
def test_skills(skills, the_need, points, reason):
    match = m.score(person(skills=frozenset(skills)), the_need)
    assert match.score == points
    if reason is None:
        assert not any("skill" in r for r in match.reasons)
    else:
        assert any(r.startswith(reason) for r in match.reasons), match.reasons


@pytest.mark.parametrize(
    ("interests", "methods", "points", "reason"),
    [
        ({"consultation"}, {"consultation", "research"}, 2, "Interested in giving views"),
        ({"consultation", "research"}, {"consultation", "research"}, 4, "Interested in giving"),
        ({"media"}, {"consultation"}, 0, "Has not said they are interested"),
        ({"media"}, set(), 0, None),
    ],
)
def test_interests(interests, methods, points, reason):
    match = m.score(person(interests=frozenset(interests)), need(methods=frozenset(methods)))
    assert match.score == points
    if reason:
        assert any(r.startswith(reason) for r in match.reasons), match.reasons
    else:
        assert not any("nterest" in r for r in match.reasons)


# --- availability ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("free", "times", "points", "reason"),
    [
        ({TUE_PM}, {TUE_PM}, 2, "Free on Tuesday afternoon"),
        ({TUE_PM, THU_AM}, {TUE_PM, THU_AM}, 2, "Free on Tuesday afternoon and Thursday morning"),
        ({SAT_AM}, {TUE_PM}, 0, "Not usually free at the times needed"),
        (set(), {TUE_PM}, 0, "When they are free is not recorded: ask them"),
        ({SAT_AM}, set(), 0, None),  # any time: availability does not count
    ],
)
def test_availability(free, times, points, reason):
    match = m.score(person(availability=frozenset(free)), need(times=frozenset(times)))
    assert match.score == points
    if reason:
        assert reason in match.reasons
    else:
        assert not any("free" in r.lower() for r in match.reasons)


# --- access needs ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("needs", "provisions", "points", "reason", "finding"),
    [
        (
            {"large_print"},
            None,
            0,
            "Check the activity can meet their access needs: Large print",
            None,
        ),
        (set(), None, 0, None, None),
        (set(), {"step_free"}, 2, "No access needs recorded", None),
        (
            {"step_free", "large_print"},
            {"step_free", "large_print", "bsl"},
            2,
            "Their access needs can be met: Large print and Step-free access",
            None,
        ),
        (
            {"step_free", "bsl"},
            {"step_free"},
            0,
            "Not yet arranged for them: British Sign Language interpreter",
            "access_unmet",
        ),
        ({"bsl"}, set(), 0, "Not yet arranged for them", "access_unmet"),
    ],
)
def test_access_needs(needs, provisions, points, reason, finding):
    the_need = need(provisions=None if provisions is None else frozenset(provisions))
    match = m.score(person(access_needs=frozenset(needs)), the_need)
    assert match.score == points
    if reason:
        assert any(r.startswith(reason) for r in match.reasons), match.reasons
    assert [f.code for f in match.findings] == ([finding] if finding else [])


# --- fair share ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("recent", "median", "penalty", "reason"),
    [
        (0, 0, 0, "Not asked in the last 90 days"),
        (1, 1, 0, "Asked once in the last 90 days"),
        (2, 2, 0, "Asked twice in the last 90 days"),
        (4, 1, 3, "Asked 4 times in the last 90 days — give others a turn"),
        (1, 0, 1, "Asked once in the last 90 days — give others a turn"),
        (2, 1.5, 1, "Asked twice in the last 90 days — give others a turn"),
        (1, 1.5, 0, "Asked once in the last 90 days"),
        (30, 0, m.FAIR_SHARE_CAP, "Asked 30 times in the last 90 days — give others a turn"),
    ],
)
def test_fair_share(recent, median, penalty, reason):
    match = m.score(person(recent_involvements=recent), need(), median_involvements=median)
    assert match.score == -penalty
    assert reason in match.reasons


def test_fair_share_median_is_taken_over_everyone_ranked():
    pool = [
        person(participant_id=1, name="A", recent_involvements=0),
        person(participant_id=2, name="B", recent_involvements=0),
        person(participant_id=3, name="C", recent_involvements=5),
    ]
    by_name = {match.facts.name: match for match in m.rank(pool, need())}
    assert by_name["C"].score == -5
    assert "Asked 5 times in the last 90 days — give others a turn" in by_name["C"].reasons
    assert by_name["A"].score == by_name["B"].score == 0


# --- status and flags ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "code", "message", "points", "last"),
    [
        ({"status": c.Status.ACTIVE}, None, None, 1, False),
        ({"status": c.Status.ENQUIRY}, None, None, 0, False),
        ({"status": c.Status.PAUSED}, "paused", "Taking a break", 0, True),
        ({"status": c.Status.EXITED}, "moved_on", "Has moved on", 0, True),
        (
            {"has_restriction": True},
            "safeguarding",
            "Check with the safeguarding lead before inviting",
            0,
            False,
        ),
        ({"can_be_contacted": False}, "no_contact", "No agreed way to contact them", 0, False),
    ],
)
def test_status_and_flags(changes, code, message, points, last):
    match = m.score(person(**changes), need())
    assert match.score == points
    assert match.listed_last is last
    if code:
        (finding,) = match.findings
        assert (finding.code, finding.message) == (code, message)
        assert finding.advice
        assert not finding.blocking
    else:
        assert match.findings == ()


def test_safeguarding_flag_reveals_nothing_but_the_check():
    match = m.score(person(has_restriction=True), need())
    text = " ".join([*match.reasons, *(f.message + f.advice for f in match.findings)])
    assert "Check with the safeguarding lead before inviting" in text
    for word in ("offence", "restriction", "contact with", "venue", "area"):
        assert word not in text.lower()


# --- ranking ---------------------------------------------------------------------------------


def _names(ranked):
    return [match.facts.name for match in ranked]


@pytest.mark.parametrize(
    ("pool", "expected"),
    [
        pytest.param(
            [
                person(participant_id=1, name="Low", skills=frozenset()),
                person(participant_id=2, name="High", skills=frozenset({"it"})),
            ],
            ["High", "Low"],
            id="higher score first",
        ),
        pytest.param(
            [
                person(participant_id=1, name="Busy", recent_involvements=1),
                person(participant_id=2, name="Busier", recent_involvements=1),
                person(participant_id=3, name="Fresh", recent_involvements=1, skills=frozenset()),
                person(participant_id=4, name="Quiet", recent_involvements=0),
            ],
            # median 1: nobody penalised, so equal scores (0) break ties by fewest involvements,
            # then by name
            ["Quiet", "Busier", "Busy", "Fresh"],
            id="ties: fewest recent involvements, then name",
        ),
        pytest.param(
            [
                person(participant_id=2, name="sam", status=c.Status.ACTIVE),
                person(participant_id=1, name="Sam", status=c.Status.ACTIVE),
            ],
            ["Sam", "sam"],  # same name ignoring case: by id
            id="ties: same name, by id",
        ),
        pytest.param(
            [
                person(
                    participant_id=1,
                    name="Paused star",
                    status=c.Status.PAUSED,
                    skills=frozenset({"it"}),
                ),
                person(participant_id=2, name="Moved on", status=c.Status.EXITED),
                person(participant_id=3, name="Zed", status=c.Status.ENQUIRY),
            ],
            ["Zed", "Paused star", "Moved on"],
            id="paused and moved on listed last, still by score",
        ),
        pytest.param(
            [
                person(
                    participant_id=1, name="Flagged", has_restriction=True, skills=frozenset({"it"})
                ),
                person(participant_id=2, name="Unflagged"),
            ],
            ["Flagged", "Unflagged"],
            id="flags do not change the order",
        ),
    ],
)
def test_rank_order(pool, expected):
    the_need = need(skills=frozenset({"it"}))
    assert _names(m.rank(pool, the_need)) == expected
    shuffled = list(pool)
    random.Random(7).shuffle(shuffled)
    assert _names(m.rank(list(reversed(pool)), the_need)) == expected
    assert _names(m.rank(shuffled, the_need)) == expected


def test_every_match_explains_itself():
    pool = [
        person(
            participant_id=1,
            name="Jo",
            status=c.Status.ACTIVE,
            skills=frozenset({"it"}),
            interests=frozenset({"consultation"}),
            availability=frozenset({TUE_PM}),
            access_needs=frozenset({"step_free"}),
        )
    ]
    (match,) = m.rank(
        pool,
        need(
            skills=frozenset({"it", "writing"}),
            methods=frozenset({"consultation"}),
            times=frozenset({TUE_PM}),
            provisions=frozenset({"step_free"}),
            skill_labels={"it": "IT", "writing": "Writing"},
        ),
    )
    assert match.score == 3 + 2 + 2 + 2 + 1
    assert match.reasons == (
        "Has 1 of 2 skills asked for: IT",
        "Interested in giving views (surveys, focus groups)",
        "Free on Tuesday afternoon",
        "Their access needs can be met: Step-free access",
        "Active member",
        "Not asked in the last 90 days",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "IT; writing\n- public speaking, ",
            {"it": "IT", "writing": "writing", "public speaking": "public speaking"},
        ),
        (
            "• Listening.\n2. Being on time",
            {"listening": "Listening", "being on time": "Being on time"},
        ),
        ("Team  work, team work", {"team work": "Team work"}),
        ("", {}),
    ],
)
def test_parse_skills(text, expected):
    assert m.parse_skills(text) == expected


# --- properties ------------------------------------------------------------------------------

SKILLS = st.sampled_from(["it", "writing", "design", "listening", "cooking", "driving"])
SLOTS = st.tuples(st.sampled_from(c.Day.values), st.sampled_from(c.Period.values))
people_st = st.builds(
    m.CandidateFacts,
    participant_id=st.integers(1, 10_000),
    name=st.text(min_size=1, max_size=8),
    status=st.sampled_from(c.Status.values),
    skills=st.frozensets(SKILLS),
    interests=st.frozensets(st.sampled_from(c.Method.values)),
    availability=st.frozensets(SLOTS),
    access_needs=st.frozensets(st.sampled_from(c.AccessNeed.values)),
    can_be_contacted=st.booleans(),
    recent_involvements=st.integers(0, 20),
    has_restriction=st.booleans(),
)
needs_st = st.builds(
    m.Need,
    skills=st.frozensets(SKILLS, min_size=1),
    methods=st.frozensets(st.sampled_from(c.Method.values)),
    times=st.frozensets(SLOTS),
    provisions=st.none() | st.frozensets(st.sampled_from(c.AccessNeed.values)),
)
medians = st.floats(0, 10, allow_nan=False)


@given(people_st, needs_st, medians, st.data())
def test_adding_a_matching_skill_never_lowers_the_score(who, what, median, data):
    skill = data.draw(st.sampled_from(sorted(what.skills)))
    before = m.score(who, what, median_involvements=median).score
    after = m.score(replace(who, skills=who.skills | {skill}), what, median_involvements=median)
    assert after.score >= before
    if skill not in who.skills:
        assert after.score == before + m.SKILL_POINTS


@given(people_st, needs_st, medians)
def test_being_asked_more_never_raises_the_score(who, what, median):
    more = replace(who, recent_involvements=who.recent_involvements + 1)
    assert (
        m.score(more, what, median_involvements=median).score
        <= m.score(who, what, median_involvements=median).score
    )


@given(people_st, needs_st, medians)
def test_flags_never_change_the_score(who, what, median):
    base = m.score(who, what, median_involvements=median).score
    for flagged in (
        replace(who, has_restriction=not who.has_restriction),
        replace(who, can_be_contacted=not who.can_be_contacted),
    ):
        assert m.score(flagged, what, median_involvements=median).score == base


@given(people_st, needs_st, medians)
def test_meeting_every_access_need_never_lowers_the_score(who, what, median):
    covered = replace(what, provisions=(what.provisions or frozenset()) | who.access_needs)
    assert (
        m.score(who, covered, median_involvements=median).score
        >= m.score(who, what, median_involvements=median).score
    )


@given(
    st.lists(people_st, max_size=12, unique_by=lambda p: p.participant_id), needs_st, st.randoms()
)
def test_rank_does_not_depend_on_input_order(pool, what, rnd):
    shuffled = list(pool)
    rnd.shuffle(shuffled)
    first = [x.facts.participant_id for x in m.rank(pool, what)]
    assert first == [x.facts.participant_id for x in m.rank(shuffled, what)]
    ranked = m.rank(pool, what)
    # Paused and moved-on people always come after everyone else.
    flags = [x.listed_last for x in ranked]
    assert flags == sorted(flags)


# --- loading facts from the database ---------------------------------------------------------


@pytest.fixture
def setting(world, people):
    """An opportunity whose role asks for IT and writing, in a consultation project."""
    with scope(organisation=world.org_a):
        project = Project.objects.create(
            organisation=world.org_a, name="Forum", methods=["consultation", "bogus"]
        )
        role = RoleDescription.objects.create(
            organisation=world.org_a,
            title="Forum member",
            summary="Join the forum",
            skills="IT;\nWriting",
            project=project,
        )
        opportunity = opportunity_create(organisation=world.org_a, role=role, actor=world.alice)
    return {"opportunity": opportunity, "project": project, **people}


def test_need_for_opportunity(world, setting):
    with scope(organisation=world.org_a):
        the_need = m.need_for_opportunity(setting["opportunity"])
    assert the_need.skills == {"it", "writing"}
    assert the_need.skill_labels == {"it": "IT", "writing": "Writing"}
    assert the_need.methods == {"consultation"}
    assert the_need.times == frozenset()
    assert the_need.provisions is None


def test_need_for_task(world, setting):
    with scope(organisation=world.org_a):
        task = Task.objects.create(
            organisation=world.org_a,
            project=setting["project"],
            title="Design a poster",
            skills_needed="Design, drawing",
        )
        the_need = m.need_for_task(task, times=[TUE_PM], provisions=["step_free"])
    assert the_need.skills == {"design", "drawing"}
    assert the_need.methods == {"consultation"}
    assert the_need.times == {TUE_PM}
    assert the_need.provisions == {"step_free"}


def test_candidate_facts(world, setting):
    jo, sam, lee = setting["jo"], setting["sam"], setting["lee"]
    today = timezone.localdate()
    with scope(organisation=world.org_a):
        people_services.participant_set_involvement(
            participant=jo,
            interests=["consultation"],
            skills=["IT", "cooking"],
            availability=[TUE_PM],
            data={},
            actor=world.alice,
        )
        people_services.participant_set_access_needs(
            participant=jo, needs=["step_free"], notes="", actor=world.alice
        )
        # Sam: one recent candidacy, one old one, one open task and one recent task.
        role = setting["opportunity"].role
        for title, days_ago in [("Recent", 10), ("Old", 200)]:
            other = opportunity_create(
                organisation=world.org_a, role=role, title=title, actor=world.alice
            )
            candidate = candidate_add(
                opportunity=other, channel="poster", participant=sam, actor=world.alice
            )
            Candidate.objects.filter(pk=candidate.pk).update(
                created_at=timezone.now() - dt.timedelta(days=days_ago)
            )
        for due in [None, today - dt.timedelta(days=5), today - dt.timedelta(days=120)]:
            Task.objects.create(
                organisation=world.org_a,
                project=setting["project"],
                title="T",
                participant=sam,
                due_on=due,
            )
        # Lee is already in this opportunity's pipeline.
        candidate_add(
            opportunity=setting["opportunity"], channel="poster", participant=lee, actor=world.alice
        )
        gone = people_services.participant_create(
            organisation=world.org_a, data={"preferred_name": "Gone"}, actor=world.alice
        )
        people_services.participant_erase(participant=gone, actor=world.admin_a)

        facts = {f.name: f for f in m.candidate_facts(today=today)}
        without_pipeline = {
            f.name
            for f in m.candidate_facts(today=today, exclude_opportunity=setting["opportunity"])
        }
    assert set(facts) == {"Jo Bloggs", "Sam Carter", "Lee In-Prison"}  # not org B, not erased
    assert without_pipeline == {"Jo Bloggs", "Sam Carter"}
    jo_f, sam_f, lee_f = facts["Jo Bloggs"], facts["Sam Carter"], facts["Lee In-Prison"]
    assert jo_f.skills == {"it", "cooking"}
    assert jo_f.interests == {"consultation"}
    assert jo_f.availability == {TUE_PM}
    assert jo_f.access_needs == {"step_free"}
    assert jo_f.status == c.Status.ACTIVE
    # Restrictions: Jo has one naming Sam; both are flagged, details never loaded.
    assert jo_f.has_restriction and sam_f.has_restriction and not lee_f.has_restriction
    # Contact: Jo agreed to texts and has a phone; Sam agreed to nothing; Lee is reached via staff.
    assert jo_f.can_be_contacted and not sam_f.can_be_contacted and lee_f.can_be_contacted
    assert sam_f.recent_involvements == 3  # recent candidacy, open undated task, recent task
    assert lee_f.recent_involvements == 1  # this opportunity
    assert jo_f.recent_involvements == 0


def test_withdrawn_consent_means_cannot_be_contacted(world, setting):
    jo = setting["jo"]
    with scope(organisation=world.org_a):
        people_services.consent_record(
            participant=jo,
            purpose=c.ConsentPurpose.CONTACT_SMS,
            state="withdrawn",
            method="verbal",
            actor=world.alice,
        )
        facts = {f.name: f for f in m.candidate_facts(today=timezone.localdate())}
    assert not facts["Jo Bloggs"].can_be_contacted


def test_candidate_facts_query_count_does_not_grow(world, setting):
    today = timezone.localdate()
    with scope(organisation=world.org_a):
        with CaptureQueriesContext(connection) as few:
            m.candidate_facts(today=today, exclude_opportunity=setting["opportunity"])
        for i in range(30):
            p = people_services.participant_create(
                organisation=world.org_a,
                data={"preferred_name": f"P{i}", "phone": "07700 900000", "channel_order": ["sms"]},
                actor=world.alice,
            )
            people_services.participant_set_involvement(
                participant=p,
                interests=["media"],
                skills=[f"skill {i}"],
                availability=[SAT_AM],
                data={},
                actor=world.alice,
            )
            people_services.consent_record(
                participant=p,
                purpose="contact_sms",
                state="given",
                method="verbal",
                actor=world.alice,
            )
        with CaptureQueriesContext(connection) as many:
            facts = m.candidate_facts(today=today, exclude_opportunity=setting["opportunity"])
    assert len(facts) == 33
    assert len(many) == len(few) <= 9
    assert Participant.unscoped.filter(organisation=world.org_a).count() == 33
