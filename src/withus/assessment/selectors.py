"""Reads for self-assessment pages: bounded queries with their related rows."""

from __future__ import annotations

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When

from withus.assessment import rules
from withus.assessment.models import ActionItem, Assessment, ProjectRung, Rating, Statement
from withus.assessment.starters import PIECE_ORDER, STATEMENTS, Piece
from withus.projects.models import LadderRung
from withus.projects.starters import DEFAULT_LADDER

HISTORY_ROUNDS = 12  # finished rounds drawn in the change over time


def _score_annotations() -> dict:
    annotations = {}
    for piece in PIECE_ORDER:
        annotations[f"{piece}_sum"] = Sum("ratings__level", filter=Q(ratings__piece=piece))
        annotations[f"{piece}_rated"] = Count(
            "ratings", filter=Q(ratings__piece=piece, ratings__level__isnull=False)
        )
        annotations[f"{piece}_total"] = Count("ratings", filter=Q(ratings__piece=piece))
    return annotations


def scores_of(assessment: Assessment) -> list[rules.PieceScore]:
    """Scores from the annotations added by assessment_list/history."""
    scores = []
    for piece in PIECE_ORDER:
        rated = getattr(assessment, f"{piece}_rated")
        total = getattr(assessment, f"{piece}_total")
        summed = getattr(assessment, f"{piece}_sum") or 0
        scores.append(
            rules.PieceScore(
                piece=piece,
                rated=rated,
                total=total,
                percent=round(100 * summed / (rules.MAX_LEVEL * rated)) if rated else None,
            )
        )
    return scores


def assessment_list() -> QuerySet[Assessment]:
    return (
        Assessment.objects.select_related("ladder_now", "ladder_target")
        .annotate(**_score_annotations())
        .order_by("-held_on", "-id")
    )


def history() -> list[dict]:
    """The most recent finished rounds, oldest first, with their scores and ladder positions."""
    rounds = list(assessment_list().filter(status=Assessment.Status.FINISHED)[:HISTORY_ROUNDS])
    rounds.reverse()
    return [
        {
            "assessment": a,
            "scores": scores_of(a),
            "ladder_now": a.ladder_now_position,
            "ladder_target": a.ladder_target_position,
        }
        for a in rounds
    ]


def with_changes(rounds: list[dict]) -> list[dict]:
    """Each round with, for each piece, its score and the change since the round before."""
    previous = None
    for row in rounds:
        row["cells"] = []
        for i, score in enumerate(row["scores"]):
            difference = (
                rules.change(previous["scores"][i].percent, score.percent) if previous else None
            )
            row["cells"].append({"score": score, "change": change_text(difference)})
        previous = row
    return rounds


def change_text(difference: int | None) -> str:
    if difference is None:
        return ""
    if difference > 0:
        return f"up {difference}"
    if difference < 0:
        return f"down {-difference}"
    return "no change"


def assessment_detail(pk: int) -> Assessment:
    return (
        Assessment.objects.select_related("ladder_now", "ladder_target", "created_by")
        .prefetch_related("staff", "participants")
        .get(pk=pk)
    )


def previous_round(assessment: Assessment) -> Assessment | None:
    """The finished round held before this one (the one to compare with)."""
    return (
        Assessment.objects.filter(status=Assessment.Status.FINISHED)
        .exclude(pk=assessment.pk)
        .filter(
            Q(held_on__lt=assessment.held_on) | Q(held_on=assessment.held_on, pk__lt=assessment.pk)
        )
        .order_by("-held_on", "-id")
        .first()
    )


def levels_in(assessment: Assessment | None, piece: str) -> dict[int, int | None]:
    """{statement id: level} for one piece of a round."""
    if assessment is None:
        return {}
    return dict(
        Rating.objects.filter(assessment=assessment, piece=piece).values_list(
            "statement_id", "level"
        )
    )


def ratings_for(assessment: Assessment, piece: str | None = None) -> QuerySet[Rating]:
    ratings = assessment.ratings.select_related("statement")
    if piece:
        ratings = ratings.filter(piece=piece)
    return ratings.order_by("statement__position", "id")


def project_rungs(assessment: Assessment) -> QuerySet[ProjectRung]:
    return assessment.project_rungs.select_related("project", "now_rung").order_by(
        "project__name", "id"
    )


def ratings_by_piece(assessment: Assessment) -> list[dict]:
    ratings = list(ratings_for(assessment))
    scores = rules.piece_scores((r.piece, r.level) for r in ratings)
    return [
        {
            "piece": score.piece,
            "label": Piece(score.piece).label,
            "score": score,
            "ratings": [r for r in ratings if r.piece == score.piece],
        }
        for score in scores
    ]


_STATUS_ORDER = Case(
    When(status=ActionItem.Status.DOING, then=Value(0)),
    When(status=ActionItem.Status.TODO, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def action_list(status: str = "", assessment: Assessment | None = None) -> QuerySet[ActionItem]:
    actions = ActionItem.objects.select_related(
        "staff", "participant", "project", "assessment", "statement"
    )
    if status:
        actions = actions.filter(status=status)
    if assessment is not None:
        actions = actions.filter(assessment=assessment)
    return actions.annotate(status_order=_STATUS_ORDER).order_by("status_order", "due_on", "id")


def statement_list() -> QuerySet[Statement]:
    return Statement.objects.order_by("piece", "position", "id")


def statements_or_starters(organisation) -> list[Statement]:
    """The organisation's statements; before it has any, the starter set it will get the first
    time it starts a self-assessment or adds a statement (unsaved, so they have no id).
    A read: a page never creates them."""
    statements = list(statement_list().filter(organisation=organisation))
    if statements:
        return statements
    positions: dict[str, int] = {}
    starters = []
    for piece, text, hint in STATEMENTS:
        positions[piece] = positions.get(piece, 0) + 1
        starters.append(
            Statement(
                organisation=organisation,
                piece=piece,
                position=positions[piece],
                text=text,
                evidence_hint=hint,
            )
        )
    return starters


def ladder_or_default(organisation) -> list[LadderRung]:
    """The organisation's ladder of participation, bottom rung first; before it has one, the
    default ladder it will get when it first needs one (unsaved). A read: a page never creates
    the ladder."""
    rungs = list(LadderRung.objects.filter(organisation=organisation).order_by("position", "id"))
    return rungs or [
        LadderRung(
            organisation=organisation, position=i, name=name, group=group, description=description
        )
        for i, (name, group, description) in enumerate(DEFAULT_LADDER, start=1)
    ]
