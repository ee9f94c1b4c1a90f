import datetime as dt
from types import SimpleNamespace

from withus.assessment import charts
from withus.assessment.rules import PieceScore
from withus.assessment.starters import PIECE_ORDER


def _round(day, percents, now, target):
    return {
        "assessment": SimpleNamespace(held_on=day),
        "scores": [PieceScore(p, 5, 5, v) for p, v in zip(PIECE_ORDER, percents, strict=True)],
        "ladder_now": now,
        "ladder_target": target,
    }


ROUNDS = [
    _round(dt.date(2026, 1, 13), [33, 33, 0, None], 3, 6),
    _round(dt.date(2026, 7, 14), [67, 100, 33, 67], 4, 6),
]


def test_jigsaw_chart_compares_the_last_two_rounds_with_a_text_alternative():
    spec = charts.jigsaw_spec(ROUNDS)
    assert [name for name, _ in spec["series"]] == ["13 Jan 2026", "14 Jul 2026"]
    assert spec["title"].endswith("last two self-assessments")
    assert not charts.jigsaw_spec(ROUNDS[:1])["title"].endswith("last two self-assessments")
    assert "Review not rated" in spec["alt"]
    assert "Practice 100" in spec["alt"]
    assert charts.png(spec).startswith(b"\x89PNG")
    assert charts.data_uri(spec).startswith("data:image/png;base64,")


def test_ladder_chart_has_every_round_and_runs_to_the_top_rung():
    spec = charts.ladder_spec(ROUNDS, top=7)
    now, wanted = spec["series"]
    assert now[1] == [("13 Jan 2026", 3), ("14 Jul 2026", 4)]
    assert wanted[1] == [("13 Jan 2026", 6), ("14 Jul 2026", 6)]
    assert spec["xmax"] == 7
    assert charts.png(spec).startswith(b"\x89PNG")


def test_charts_without_rounds_still_draw():
    assert charts.png(charts.jigsaw_spec([])).startswith(b"\x89PNG")
    assert charts.png(charts.ladder_spec([])).startswith(b"\x89PNG")
