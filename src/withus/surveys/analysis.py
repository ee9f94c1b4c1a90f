"""Survey results from the answers, in a fixed number of queries per survey.

Every count of people goes through small-number suppression (withus.reports.suppression): a
reader must not be able to pick out one or two people. Averages and shares are only given when
at least `threshold` people answered.

Before/after pairs are matched per person by `respondent_key`, a keyed hash of the person and the
BEFORE survey: the same person gets the same key on both surveys of a pair, a different key on
every other pair, and the key cannot be turned back into a person without the server's secret.
Questions are matched by `pair_key`. Only scale and yes/no questions have a number to compare.

These functions run inside the organisation's scope (the scoped managers do the filtering).
"""

from __future__ import annotations

import hashlib
import hmac
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings

from withus.reports.suppression import PRIMARY, SECONDARY, Cell, suppress_series
from withus.surveys.models import Answer, Question, Response, Survey

NUMERIC = (Question.Kind.SCALE, Question.Kind.YES_NO)
YES, NO = "Yes", "No"
SCALE_POINTS = ("1", "2", "3", "4", "5")


def respondent_key_for(participant, before_survey: Survey) -> str:
    """The same for one person on both surveys of a pair; not reversible without SECRET_KEY."""
    message = f"withus.surveys.respondent:{participant.pk}:{before_survey.pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def pair_root(survey: Survey) -> Survey | None:
    """The BEFORE survey whose id keys a response to `survey`, or None when it is not in a pair."""
    if survey.kind == Survey.Kind.BEFORE:
        return survey
    if survey.kind == Survey.Kind.AFTER and survey.before_id:
        return survey.before
    return None


@dataclass(frozen=True)
class QuestionSummary:
    """One question of one survey."""

    question: Question
    n: int  # people who answered it (publish through `n_cell`)
    counts: dict[str, Cell]  # option or label -> suppressed cell
    mean: float | None  # scale and yes/no (the share saying yes, as 0–1); None when n is small
    texts: list[str] = field(default_factory=list)  # free text: for staff who manage people only
    n_cell: Cell | None = None
    text_answers: list[tuple[int, str]] = field(default_factory=list)  # (answer id, text)


def _labels(question: Question) -> list[str]:
    if question.kind == Question.Kind.SCALE:
        return list(SCALE_POINTS)
    if question.kind == Question.Kind.YES_NO:
        return [YES, NO]
    if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        return [str(o) for o in question.options]
    return []


def _answered(question: Question, answer: dict) -> bool:
    if question.kind in NUMERIC:
        return answer["number"] is not None
    if question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        return bool(answer["choices"])
    return bool((answer["text"] or "").strip())


def _multiple_cell(value: int, threshold: int, n_cell: Cell) -> Cell:
    if 0 < value < threshold:
        return Cell(value, PRIMARY)
    return Cell(value, SECONDARY if value and n_cell.hidden else "")


def summarise(survey: Survey, *, threshold: int) -> list[QuestionSummary]:
    """Counts, averages and free text per question, in two queries."""
    questions = list(Question.objects.filter(survey=survey).order_by("position", "id"))
    by_question: dict[int, list[dict]] = defaultdict(list)
    for row in (
        Answer.objects.filter(response__survey=survey)
        .order_by("id")
        .values("id", "question_id", "number", "choices", "text")
    ):
        by_question[row["question_id"]].append(row)
    out = []
    for question in questions:
        answers = [a for a in by_question.get(question.pk, []) if _answered(question, a)]
        n = len(answers)
        raw: dict[str, int] = {label: 0 for label in _labels(question)}
        mean = None
        texts: list[tuple[int, str]] = []
        if question.kind == Question.Kind.SCALE:
            for a in answers:
                raw[str(a["number"])] = raw.get(str(a["number"]), 0) + 1
        elif question.kind == Question.Kind.YES_NO:
            for a in answers:
                raw[YES if a["number"] else NO] += 1
        elif question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            for a in answers:
                for choice in dict.fromkeys(a["choices"]):  # a choice counts once per person
                    raw[str(choice)] = raw.get(str(choice), 0) + 1
        else:
            texts = [(a["id"], a["text"].strip()) for a in answers]
        if question.kind in NUMERIC and n and n >= threshold:
            mean = sum(a["number"] for a in answers) / n
        n_cell = Cell(n, PRIMARY if 0 < n < threshold else "")
        if question.kind == Question.Kind.MULTIPLE:
            # People may choose several options, so the parts do not add up to the total and no
            # subtraction can give a hidden one away: primary suppression only, and a small
            # total hides every part.
            cells = {k: _multiple_cell(v, threshold, n_cell) for k, v in raw.items()}
        elif question.kind == Question.Kind.TEXT:
            cells = {}
        else:
            cells, n_cell = suppress_series(raw, threshold)
        out.append(
            QuestionSummary(
                question=question,
                n=n,
                counts=cells,
                mean=mean,
                texts=[t for _, t in texts],
                n_cell=n_cell,
                text_answers=texts,
            )
        )
    return out


@dataclass(frozen=True)
class PairedChange:
    """One matched question across a before/after pair."""

    question_text: str
    n: int  # people who answered both
    mean_before: float | None
    mean_after: float | None
    mean_change: float | None
    share_improved: float | None  # percent of those people with after > before
    suppressed: bool  # n < threshold: every figure is None


def _numbers_by_person(survey: Survey, pair_keys: set[str]) -> dict[tuple[str, str], int]:
    """(respondent_key, pair_key) -> number, the latest response winning when someone answered
    twice (for example on paper and then by link)."""
    out: dict[tuple[str, str], int] = {}
    rows = (
        Answer.objects.filter(
            response__survey=survey,
            question__pair_key__in=pair_keys,
            question__kind__in=NUMERIC,
            number__isnull=False,
        )
        .exclude(response__respondent_key="")
        .order_by("response__submitted_at", "response_id")
        .values_list("response__respondent_key", "question__pair_key", "number")
    )
    for key, pair_key, number in rows:
        out[(key, pair_key)] = number
    return out


def paired_change(after_survey: Survey, *, threshold: int) -> list[PairedChange]:
    """Change between a BEFORE survey and its AFTER survey, question by question, over the people
    who answered the question on both. Four queries."""
    if not after_survey.before_id:
        return []
    before = Survey.objects.filter(pk=after_survey.before_id).first()
    if before is None:
        return []
    after_questions = [
        q
        for q in Question.objects.filter(survey=after_survey, kind__in=NUMERIC).order_by(
            "position", "id"
        )
        if q.pair_key
    ]
    before_kinds = dict(
        Question.objects.filter(survey=before, kind__in=NUMERIC)
        .exclude(pair_key="")
        .values_list("pair_key", "kind")
    )
    matched = [q for q in after_questions if before_kinds.get(q.pair_key) == q.kind]
    keys = {q.pair_key for q in matched}
    if not keys:
        return []
    before_numbers = _numbers_by_person(before, keys)
    after_numbers = _numbers_by_person(after_survey, keys)
    out = []
    for question in matched:
        pairs = [
            (before_numbers[(person, pk)], number)
            for (person, pk), number in after_numbers.items()
            if pk == question.pair_key and (person, pk) in before_numbers
        ]
        n = len(pairs)
        if n < threshold or n == 0:
            out.append(PairedChange(question.text, n, None, None, None, None, True))
            continue
        mean_before = sum(b for b, _ in pairs) / n
        mean_after = sum(a for _, a in pairs) / n
        improved = sum(1 for b, a in pairs if a > b)
        out.append(
            PairedChange(
                question_text=question.text,
                n=n,
                mean_before=mean_before,
                mean_after=mean_after,
                mean_change=mean_after - mean_before,
                share_improved=100 * improved / n,
                suppressed=False,
            )
        )
    return out


def response_count(survey: Survey) -> int:
    return Response.objects.filter(survey=survey).count()
