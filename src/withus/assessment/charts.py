"""The change over time as charts, drawn by the reports chart helpers (matplotlib PNG).

Every chart has a text alternative, and the page shows the same numbers in a table."""

from __future__ import annotations

import base64
import io

from withus.assessment.starters import PIECE_ORDER, Piece
from withus.reports import charts


def _alt(title: str, series: list) -> str:
    parts = []
    for name, rows in series:
        text = ", ".join(f"{label} {'not rated' if v is None else v}" for label, v in rows)
        parts.append(f"{name}: {text}")
    return f"Bar chart. {title}. " + "; ".join(parts)


def jigsaw_spec(rounds: list[dict]) -> dict:
    """Score per piece (% of 'fully'): the round before the latest next to the latest."""
    if not rounds:
        title = "The jigsaw: no finished self-assessments yet"
        series = [("No data", [(Piece(p).label, 0) for p in PIECE_ORDER])]
    else:
        shown = rounds[-2:]
        title = (
            "The jigsaw: score for each piece (%), last two self-assessments"
            if len(shown) == 2
            else "The jigsaw: score for each piece (%)"
        )
        series = [
            (
                f"{row['assessment'].held_on:%d %b %Y}",
                [(s.label, s.percent) for s in row["scores"]],
            )
            for row in shown
        ]
    return {"title": title, "series": series, "alt": _alt(title, series), "xmax": 100}


def ladder_spec(rounds: list[dict], top: int | None = None) -> dict:
    """Rung now and rung wanted, for each finished round, oldest first; `top` is the number of
    rungs on the ladder, so the scale runs to the top rung."""
    title = "Ladder of participation: rung now and rung wanted"
    if not rounds:
        series = [("Now", [("No data", 0)])]
    else:
        labels = [f"{row['assessment'].held_on:%d %b %Y}" for row in rounds]
        series = [
            (
                "Where we were",
                [(lab, r["ladder_now"]) for lab, r in zip(labels, rounds, strict=True)],
            ),
            (
                "Where we wanted to be",
                [(lab, r["ladder_target"]) for lab, r in zip(labels, rounds, strict=True)],
            ),
        ]
    return {"title": title, "series": series, "alt": _alt(title, series), "xmax": top}


def _drawable(spec: dict) -> dict:
    # The helper labels a missing value "hidden" (it was made for suppressed figures); here a
    # missing value only means "not rated", so it is drawn as zero and the table says so.
    series = [(name, [(label, v or 0) for label, v in rows]) for name, rows in spec["series"]]
    return {**spec, "series": series}


def png(spec: dict) -> bytes:
    """The helper's bar chart, with the key moved below the bars: its usual place (lower
    right) covers the longest bars, and a score of 100% or the top rung is common here."""
    figure = charts._draw(_drawable(spec))
    axes = figure.axes[0]
    if spec.get("xmax"):
        axes.set_xlim(0, spec["xmax"] * 1.05)
    if axes.get_legend() is not None:
        axes.legend(
            fontsize=8,
            frameon=False,
            loc="upper left",
            bbox_to_anchor=(0, -0.12),
            ncol=len(spec["series"]),
        )
        figure.set_figheight(figure.get_figheight() + 0.4)
        figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=110)
    return out.getvalue()


def data_uri(spec: dict) -> str:
    """The PNG inside the page itself: one request, so the page and its charts cannot
    disagree, and the page works the same when images are fetched later or not at all."""
    return "data:image/png;base64," + base64.b64encode(png(spec)).decode("ascii")
