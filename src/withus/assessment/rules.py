"""Pure rules for self-assessment: scores per jigsaw piece, and findings about a round."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from withus.assessment.starters import PIECE_ORDER, Level, Piece
from withus.checks import Finding, Severity

MAX_LEVEL = max(Level.values)


@dataclass(frozen=True)
class PieceScore:
    piece: str
    rated: int
    total: int
    percent: int | None  # None: nothing rated yet

    @property
    def label(self) -> str:
        return Piece(self.piece).label


def score_percent(levels: Iterable[int | None]) -> int | None:
    """Rated levels as a share of 'fully' for every one (0 to 100), ignoring unrated ones."""
    rated = [level for level in levels if level is not None]
    if not rated:
        return None
    return round(100 * sum(rated) / (MAX_LEVEL * len(rated)))


def piece_scores(ratings: Iterable[tuple[str, int | None]]) -> list[PieceScore]:
    """One score per piece of the jigsaw, in the jigsaw's order, from (piece, level) pairs."""
    by_piece: dict[str, list[int | None]] = {piece: [] for piece in PIECE_ORDER}
    for piece, level in ratings:
        by_piece.setdefault(piece, []).append(level)
    return [
        PieceScore(
            piece=piece,
            rated=sum(1 for level in levels if level is not None),
            total=len(levels),
            percent=score_percent(levels),
        )
        for piece, levels in by_piece.items()
    ]


def finish_findings(
    *, unrated: int, ladder_now: int | None, ladder_target: int | None
) -> list[Finding]:
    """What stops a round being finished: every statement rated and both ladder rungs chosen."""
    findings = []
    if unrated:
        findings.append(
            Finding(
                "assessment.unrated",
                Severity.BLOCKING,
                f"{unrated} statement{'s are' if unrated != 1 else ' is'} not rated yet.",
                "Rate every statement, choosing 'Not yet' where it does not happen.",
            )
        )
    if ladder_now is None or ladder_target is None:
        findings.append(
            Finding(
                "assessment.ladder_missing",
                Severity.BLOCKING,
                "The ladder of participation is not filled in.",
                "Choose where the organisation is now and where it wants to be.",
            )
        )
    return findings


def round_findings(
    *,
    participants: int,
    scores: list[PieceScore],
    ladder_now: int | None,
    ladder_target: int | None,
    projects_below_target: list[str],
) -> list[Finding]:
    """Advice about a round, shown on its page."""
    findings = []
    if participants == 0:
        findings.append(
            Finding(
                "assessment.no_participants",
                Severity.WARNING,
                "No people with lived experience are recorded as taking part.",
                "Co-production means the people who use your services assess you too: invite "
                "some to the next round, or record those who took part.",
            )
        )
    if ladder_now is not None and ladder_target is not None and ladder_target < ladder_now:
        findings.append(
            Finding(
                "assessment.target_below_now",
                Severity.INFO,
                "The rung you want to reach is lower than where you are now.",
                "That can be right for some work, but check it is what you meant.",
            )
        )
    rated = [s for s in scores if s.percent is not None]
    if len(rated) == len(PIECE_ORDER) and len({s.percent for s in rated}) > 1:
        weakest = min(rated, key=lambda s: (s.percent, PIECE_ORDER.index(s.piece)))
        findings.append(
            Finding(
                "assessment.weakest_piece",
                Severity.INFO,
                f"{weakest.label} is the weakest piece of the jigsaw ({weakest.percent}%).",
                "Involvement lasts when all four pieces fit together: put actions for "
                f"{weakest.label.lower()} in the action plan first.",
            )
        )
    if projects_below_target:
        names = ", ".join(projects_below_target[:5])
        more = len(projects_below_target) - 5
        findings.append(
            Finding(
                "assessment.projects_below_target",
                Severity.INFO,
                f"Below the rung they aim for: {names}{f' and {more} more' if more > 0 else ''}.",
                "Agree what would move each one up, and add it to the action plan.",
            )
        )
    return findings


def change(earlier: int | None, later: int | None) -> int | None:
    """The change between two scores (None when either is missing)."""
    if earlier is None or later is None:
        return None
    return later - earlier
