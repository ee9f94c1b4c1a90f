"""Scores per piece of the jigsaw and the findings about a round."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from withus.assessment import rules
from withus.assessment.starters import PIECE_ORDER, STATEMENTS, Piece
from withus.checks import Severity


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        ([], None),
        ([None, None], None),
        ([0, 0], 0),
        ([3, 3, 3], 100),
        ([1, 2], 50),
        ([3, None], 100),  # unrated ones are left out, not counted as zero
        ([0, 1, 1], 22),
    ],
)
def test_score_percent(levels, expected):
    assert rules.score_percent(levels) == expected


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.none(), st.integers(min_value=0, max_value=3)), max_size=20))
def test_score_is_always_between_0_and_100_or_none(levels):
    score = rules.score_percent(levels)
    if all(level is None for level in levels):
        assert score is None
    else:
        assert 0 <= score <= 100


def test_piece_scores_are_in_jigsaw_order_and_count_rated():
    scores = rules.piece_scores(
        [("review", 3), ("culture", 0), ("culture", None), ("structure", 2)]
    )
    assert [s.piece for s in scores] == list(PIECE_ORDER)
    culture, practice, structure, review = scores
    assert (culture.rated, culture.total, culture.percent) == (1, 2, 0)
    assert (practice.rated, practice.total, practice.percent) == (0, 0, None)
    assert structure.percent == 67
    assert review.percent == 100
    assert culture.label == "Culture"


def test_starter_statements_cover_every_piece():
    pieces = {piece for piece, _, _ in STATEMENTS}
    assert pieces == set(Piece.values)
    assert all(len(text) <= 300 and len(hint) <= 300 for _, text, hint in STATEMENTS)


@pytest.mark.parametrize(
    ("unrated", "now", "target", "codes"),
    [
        (0, 3, 5, []),
        (2, 3, 5, ["assessment.unrated"]),
        (0, None, 5, ["assessment.ladder_missing"]),
        (0, 3, None, ["assessment.ladder_missing"]),
        (1, None, None, ["assessment.unrated", "assessment.ladder_missing"]),
    ],
)
def test_finish_findings(unrated, now, target, codes):
    findings = rules.finish_findings(unrated=unrated, ladder_now=now, ladder_target=target)
    assert [f.code for f in findings] == codes
    assert all(f.severity == Severity.BLOCKING for f in findings)


def _scores(culture, practice, structure, review):
    return [
        rules.PieceScore(piece, 5, 5, percent)
        for piece, percent in zip(PIECE_ORDER, [culture, practice, structure, review], strict=True)
    ]


def test_round_findings_name_the_weakest_piece_and_missing_participants():
    findings = rules.round_findings(
        participants=0,
        scores=_scores(60, 40, 20, 80),
        ladder_now=5,
        ladder_target=3,
        projects_below_target=["Forum"],
    )
    codes = {f.code: f for f in findings}
    assert set(codes) == {
        "assessment.no_participants",
        "assessment.target_below_now",
        "assessment.weakest_piece",
        "assessment.projects_below_target",
    }
    assert "Structure" in codes["assessment.weakest_piece"].message
    assert "Forum" in codes["assessment.projects_below_target"].message


def test_round_findings_quiet_when_all_is_well():
    findings = rules.round_findings(
        participants=3,
        scores=_scores(50, 50, 50, 50),
        ladder_now=3,
        ladder_target=5,
        projects_below_target=[],
    )
    assert findings == []


def test_no_weakest_piece_until_every_piece_is_rated():
    findings = rules.round_findings(
        participants=3,
        scores=_scores(50, None, 20, 80),
        ladder_now=None,
        ladder_target=None,
        projects_below_target=[],
    )
    assert findings == []


def test_many_projects_below_target_are_summarised():
    names = [f"Project {i}" for i in range(8)]
    findings = rules.round_findings(
        participants=1,
        scores=_scores(None, None, None, None),
        ladder_now=None,
        ladder_target=None,
        projects_below_target=names,
    )
    assert "and 3 more" in findings[0].message


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [(None, 5, None), (5, None, None), (40, 55, 15), (60, 50, -10)],
)
def test_change(earlier, later, expected):
    assert rules.change(earlier, later) == expected
