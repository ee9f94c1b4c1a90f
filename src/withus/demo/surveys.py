"""Demo surveys: a feedback form for some past events, a before/after pair on one project with
matched respondents, and anonymous general surveys (one for participants, one for staff), with
answers of every kind.

The before/after pair is anonymous: responses hold no participant, and are matched through
`respondent_key` from `withus.surveys.analysis.respondent_key_for` (a keyed hash of the person
and the "before" survey).

Everything is built in memory and inserted in bulk for all the organisations at once. An
organisation that already has surveys is left alone (idempotent).
"""

from __future__ import annotations

import datetime as dt
import random
import zoneinfo
from collections import defaultdict
from types import SimpleNamespace

from django.utils import timezone

from withus.events.models import Event, EventInvitation
from withus.orgs.models import Membership
from withus.people import choices as pc
from withus.people.models import Participant
from withus.projects.models import Project
from withus.surveys.analysis import respondent_key_for
from withus.surveys.models import Answer, Question, Response, Survey

BATCH = 2000
QK = Question.Kind

# (text, kind, options, pair_key)
EVENT_QUESTIONS = [
    ("How useful was the meeting for you?", QK.SCALE, [], ""),
    ("Did you feel listened to?", QK.YES_NO, [], ""),
    ("Was the venue easy to get to?", QK.SINGLE, ["Yes", "Mostly", "No"], ""),
    (
        "What would make the next meeting better?",
        QK.MULTIPLE,
        ["Shorter", "More breaks", "Papers sent earlier", "A different time", "Nothing"],
        "",
    ),
    ("Anything else you want to tell us?", QK.TEXT, [], ""),
]
PAIR_QUESTIONS = [
    ("How confident do you feel speaking in a group?", QK.SCALE, [], "confidence"),
    ("How much do you feel your views make a difference here?", QK.SCALE, [], "difference"),
    ("Do you know how to raise a concern about the service?", QK.YES_NO, [], "raise_concern"),
    (
        "Which of these have you done in the last three months?",
        QK.MULTIPLE,
        ["Spoken at a meeting", "Helped plan an event", "Mentored someone", "None of these"],
        "activities",
    ),
    ("What do you hope to get from the project?", QK.TEXT, [], "hopes"),
]
GENERAL_QUESTIONS = [
    ("How happy are you with the service overall?", QK.SCALE, [], ""),
    ("Would you tell a friend to use the service?", QK.YES_NO, [], ""),
    (
        "How do you like to hear from us?",
        QK.SINGLE,
        ["Text message", "Phone call", "Letter", "Through my key worker"],
        "",
    ),
    (
        "What should we work on next?",
        QK.MULTIPLE,
        ["Housing", "Jobs and training", "Family contact", "Mental health", "Money and benefits"],
        "",
    ),
    ("What is one thing we should change?", QK.TEXT, [], ""),
]
STAFF_QUESTIONS = [
    ("How confident are you working alongside people with lived experience?", QK.SCALE, [], ""),
    ("Have you had training on involvement in the last year?", QK.YES_NO, [], ""),
    ("What gets in the way of involving people more?", QK.TEXT, [], ""),
]
WORDS = [
    "More notice before meetings please.",
    "The tea and biscuits were good.",
    "I felt listened to for the first time.",
    "It was hard to hear at the back.",
    "Please send the papers in large print.",
    "I would like to help run the next one.",
    "",
]
STAFF_WORDS = [
    "Not enough time in the week.",
    "Worries about confidentiality.",
    "We need a budget for paying people.",
]


LONDON = zoneinfo.ZoneInfo("Europe/London")


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


class _Builder:
    def __init__(self, organisations: list, *, seed: int, large: set[int]):
        self.orgs = {o.pk: o for o in organisations}
        self.rng = random.Random(seed)
        self.now = timezone.now()
        self.today = self.now.date()
        self.large = large
        self.national = len(organisations) > 2
        self.surveys: list[Survey] = []
        self.questions: list[tuple[Survey, list]] = []  # specs, in survey order
        self.responses: list[tuple[Response, Survey, object]] = []  # (response, survey, mood)
        self.counts: dict[str, int] = defaultdict(int)

    def load(self) -> None:
        ids = list(self.orgs)
        self.staff: dict[int, int] = {}
        for org_id, user_id in (
            Membership.of_user.filter(organisation_id__in=ids, role__in=["coordinator", "admin"])
            .order_by("-user_id")
            .values_list("organisation_id", "user_id")
        ):
            self.staff[org_id] = user_id
        self.projects: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for org_id, pk, name in (
            Project.objects.filter(organisation_id__in=ids)
            .order_by("id")
            .values_list("organisation_id", "id", "name")
        ):
            self.projects[org_id].append((pk, name))
        self.people: dict[int, list[Participant]] = defaultdict(list)
        cap = {o: (120 if o in self.large else 40) for o in ids}
        for org_id, pk in (
            Participant.objects.filter(
                organisation_id__in=ids, status=pc.Status.ACTIVE, erased_at__isnull=True
            )
            .order_by("id")
            .values_list("organisation_id", "id")
            .iterator(chunk_size=BATCH)
        ):
            if len(self.people[org_id]) < cap[org_id]:
                # respondent_key_for needs only the primary key.
                self.people[org_id].append(SimpleNamespace(pk=pk))
        self.events: dict[int, list[tuple[int, str, dt.date, int | None, list[int]]]] = defaultdict(
            list
        )
        by_event: dict[int, list[int]] = defaultdict(list)
        info = {}
        for event_id, org_id, title, starts_at, project_id, person in (
            EventInvitation.objects.filter(
                organisation_id__in=ids,
                attendance__in=["attended", "late"],
                event__status=Event.Status.PLANNED,
                event__ends_at__lt=self.now,
            )
            .order_by("event__starts_at", "id")
            .values_list(
                "event_id",
                "organisation_id",
                "event__title",
                "event__starts_at",
                "event__project_id",
                "participant_id",
            )
        ):
            by_event[event_id].append(person)
            info[event_id] = (org_id, title, starts_at.date(), project_id)
        for event_id, (org_id, title, day, project_id) in info.items():
            self.events[org_id].append((event_id, title, day, project_id, by_event[event_id]))

    def survey(self, org_id, specs, **fields) -> Survey:
        survey = Survey(organisation_id=org_id, created_by_id=self.staff.get(org_id), **fields)
        self.surveys.append(survey)
        self.questions.append((survey, specs))
        return survey

    def answered_at(self, survey, day) -> dt.datetime:
        # As surveys.services.answered_when: anonymous answers keep the day only.
        hour = 10 + self.rng.randint(0, 8)  # drawn either way, so the demo stays the same
        if survey.anonymous:
            return dt.datetime.combine(day, dt.time(0), tzinfo=LONDON)
        return min(self.now, _at(day, hour))

    def respond(self, survey, day, *, mood: float, participant=None, key="", source="link"):
        response = Response(
            organisation_id=survey.organisation_id,
            survey=survey,
            participant_id=participant,
            respondent_key=key,
            source=source,
            entered_by_id=self.staff.get(survey.organisation_id) if source == "paper" else None,
            submitted_at=self.answered_at(survey, day),
        )
        self.responses.append((response, survey, mood))
        return response

    def build(self) -> None:
        rng = self.rng
        for org_id in self.orgs:
            people = self.people.get(org_id, [])
            # Feedback forms for every third past event (at most six per organisation).
            for event_id, title, day, project_id, attended in self.events.get(org_id, [])[::3][:6]:
                survey = self.survey(
                    org_id,
                    EVENT_QUESTIONS,
                    title=f"Feedback: {title}",
                    intro="Five short questions about the meeting. You do not need to give "
                    "your name.",
                    kind=Survey.Kind.EVENT_FEEDBACK,
                    anonymous=True,
                    status=Survey.Status.CLOSED,
                    event_id=event_id,
                    project_id=project_id,
                    closes_on=day + dt.timedelta(days=14),
                    created_at=_at(day, 8),
                )
                for _ in attended[: max(1, int(len(attended) * 0.7))]:
                    self.respond(
                        survey,
                        day + dt.timedelta(days=rng.randint(0, 6)),
                        mood=rng.random(),
                        source=rng.choice(["link", "link", "paper"]),
                    )
            # A before/after pair on the first project, matched per person.
            projects = self.projects.get(org_id, [])
            if projects and len(people) >= 6:
                project_id, name = projects[0]
                start = self.today - dt.timedelta(days=300)
                end = self.today - dt.timedelta(days=30)
                before = self.survey(
                    org_id,
                    PAIR_QUESTIONS,
                    title=f"{name}: at the start",
                    intro="We ask the same questions at the start and the end, to see what "
                    "changed. Your answers are not linked to your name.",
                    kind=Survey.Kind.BEFORE,
                    anonymous=True,
                    status=Survey.Status.CLOSED,
                    project_id=project_id,
                    closes_on=start + dt.timedelta(days=21),
                    created_at=_at(start - dt.timedelta(days=3), 9),
                )
                after = self.survey(
                    org_id,
                    PAIR_QUESTIONS,
                    title=f"{name}: at the end",
                    intro="The same questions as at the start, to see what changed.",
                    kind=Survey.Kind.AFTER,
                    anonymous=True,
                    status=Survey.Status.CLOSED,
                    project_id=project_id,
                    closes_on=end + dt.timedelta(days=21),
                    created_at=_at(end - dt.timedelta(days=3), 9),
                )
                after._before_survey = before
                # Leave two people over, who answer only at the end (unmatched).
                group = people[: min(len(people) - 2, 24 if org_id in self.large else 16)]
                for n, person in enumerate(group):
                    mood = rng.random() * 0.6
                    self.respond(
                        before,
                        start + dt.timedelta(days=rng.randint(0, 14)),
                        mood=mood,
                        key=("pair", person),
                    )
                    if n % 5 != 4:  # most also answer at the end, usually a bit happier
                        self.respond(
                            after,
                            end + dt.timedelta(days=rng.randint(0, 14)),
                            mood=min(1.0, mood + rng.choice([0.0, 0.2, 0.3, 0.4])),
                            key=("pair", person),
                        )
                for person in people[len(group) : len(group) + 2]:  # answered only at the end
                    self.respond(
                        after,
                        end + dt.timedelta(days=rng.randint(0, 14)),
                        mood=rng.random(),
                        key=("pair", person),
                    )
            # Anonymous general surveys: one for participants (open), one for staff (closed).
            open_day = self.today - dt.timedelta(days=45)
            general = self.survey(
                org_id,
                GENERAL_QUESTIONS,
                title="What do you think of our service?",
                intro="Tell us honestly. It takes about five minutes and is anonymous.",
                kind=Survey.Kind.GENERAL,
                anonymous=True,
                status=Survey.Status.OPEN,
                closes_on=self.today + dt.timedelta(days=30),
                created_at=_at(open_day, 9),
            )
            for _ in range(min(len(people), 40 if org_id in self.large else 12)):
                self.respond(
                    general,
                    open_day + dt.timedelta(days=rng.randint(0, 44)),
                    mood=rng.random(),
                    source=rng.choice(["link", "link", "paper"]),
                )
            if not self.national or org_id in self.large:
                staff_day = self.today - dt.timedelta(days=200)
                staff_survey = self.survey(
                    org_id,
                    STAFF_QUESTIONS,
                    title="Staff survey: working with lived experience",
                    intro="For staff and volunteers. Anonymous.",
                    audience=Survey.Audience.STAFF,
                    kind=Survey.Kind.GENERAL,
                    anonymous=True,
                    status=Survey.Status.CLOSED,
                    closes_on=staff_day + dt.timedelta(days=21),
                    created_at=_at(staff_day, 9),
                )
                for _ in range(9):
                    self.respond(
                        staff_survey,
                        staff_day + dt.timedelta(days=rng.randint(0, 20)),
                        mood=rng.random(),
                    )

    def answer(self, question: Question, mood: float, staff: bool) -> Answer | None:
        rng = self.rng
        row = Answer(organisation_id=question.organisation_id, question=question)
        if question.kind == QK.SCALE:
            row.number = max(1, min(5, round(1 + 4 * mood + rng.uniform(-0.8, 0.8))))
        elif question.kind == QK.YES_NO:
            row.number = 1 if rng.random() < 0.3 + 0.6 * mood else 0
        elif question.kind == QK.SINGLE:
            row.choices = [rng.choice(question.options)]
        elif question.kind == QK.MULTIPLE:
            options = [o for o in question.options if o not in ("Nothing", "None of these")]
            count = rng.randint(0, min(3, len(options)))
            row.choices = rng.sample(options, count) or [question.options[-1]]
        else:
            text = rng.choice(STAFF_WORDS if staff else WORDS)
            if not text:
                return None  # people often leave the free-text box empty
            row.text = text
        return row

    def run(self) -> dict[int, list[int]]:
        self.load()
        self.build()
        # "After" surveys point at their "before", which must be saved first.
        befores = [s for s in self.surveys if s.kind != Survey.Kind.AFTER]
        afters = [s for s in self.surveys if s.kind == Survey.Kind.AFTER]
        Survey.objects.bulk_create(befores, batch_size=BATCH)
        for s in afters:
            s.before = s._before_survey
        Survey.objects.bulk_create(afters, batch_size=BATCH)
        questions: dict[int, list[Question]] = {}
        rows = []
        for survey, specs in self.questions:
            made = [
                Question(
                    organisation_id=survey.organisation_id,
                    survey=survey,
                    position=n,
                    text=text,
                    kind=kind,
                    options=options,
                    pair_key=pair_key,
                    required=kind != QK.TEXT,
                )
                for n, (text, kind, options, pair_key) in enumerate(specs, start=1)
            ]
            questions[id(survey)] = made
            rows += made
        Question.objects.bulk_create(rows, batch_size=BATCH)
        for response, survey, _ in self.responses:
            if isinstance(response.respondent_key, tuple):
                root = survey if survey.kind == Survey.Kind.BEFORE else survey.before
                response.respondent_key = respondent_key_for(response.respondent_key[1], root)
        Response.objects.bulk_create([r for r, _, _ in self.responses], batch_size=BATCH)
        answers = []
        for response, survey, mood in self.responses:
            staff = survey.audience == Survey.Audience.STAFF
            for question in questions[id(survey)]:
                row = self.answer(question, mood, staff)
                if row is not None:
                    row.response = response
                    answers.append(row)
        Answer.objects.bulk_create(answers, batch_size=BATCH)
        self.counts.update(
            surveys=len(self.surveys),
            questions=len(rows),
            responses=len(self.responses),
            answers=len(answers),
        )
        general: dict[int, list[int]] = defaultdict(list)
        for s in self.surveys:
            if s.kind == Survey.Kind.GENERAL and s.audience == Survey.Audience.PARTICIPANTS:
                general[s.organisation_id].append(s.pk)
        self.general = general
        return general


def seed_surveys(
    organisations: list, *, seed: int, large: set[int] | None = None
) -> tuple[dict[int, list[int]], dict[str, int]]:
    """Surveys for the organisations that have none yet. Returns the ids of each
    organisation's general participant surveys (for survey contributions) and the counts."""
    have = set(
        Survey.objects.filter(organisation__in=organisations).values_list(
            "organisation_id", flat=True
        )
    )
    todo = [o for o in organisations if o.pk not in have]
    if not todo:
        return {}, {}
    builder = _Builder(todo, seed=seed, large=large or set())
    general = builder.run()
    return general, dict(builder.counts)
