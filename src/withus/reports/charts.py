"""Bar charts for reports (matplotlib, Agg): SVG for the PDF, PNG for the DOCX.

A hidden (suppressed) value is drawn as no bar and labelled "hidden": never as a number. Every
chart comes with a text alternative and the same numbers are always in a table next to it.
"""

from __future__ import annotations

import io
import re

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from withus.reports.figures import display, shown  # noqa: E402

COLOURS = ("#1d70b8", "#f47738")


def chart_specs(figures: dict) -> list[dict]:
    """The charts a report has: title, alt text and series [(label, [(category, value|None)])]."""
    t = figures["threshold"]
    specs = []
    activity = figures.get("activity")
    if activity and activity["events_by_kind"]:
        rows = [(r["label"], r["count"]) for r in activity["events_by_kind"]]
        specs.append(_spec("Events held, by kind", [("Events", rows)]))
    voice = figures.get("voice")
    if voice:
        rows = [(r["label"], r["count"]) for r in voice["actions_by_response"]]
        if any(v for _, v in rows):
            specs.append(_spec("Answers to what people said", [("Actions", rows)]))
        loop = voice.get("loop")
        if loop:
            rows = [
                ("Received", loop["received"]),
                ("Told what happened", loop["closed"]),
                ("Told within target", loop["closed_within_target"]),
                ("Still open", loop["open"]),
            ]
            specs.append(_spec("Closing the loop", [("Contributions", rows)]))
    equality = figures.get("equality")
    if equality:
        drawable = [
            q
            for q in equality["questions"]
            if any(
                r["involved_share"] is not None and r["baseline_share"] is not None
                for r in q["rows"]
            )
        ]
        for question in drawable[:3]:
            involved = [
                (r["label"], r["involved_share"]) for r in question["rows"] if not r["separate"]
            ]
            base = [
                (r["label"], r["baseline_share"]) for r in question["rows"] if not r["separate"]
            ]
            specs.append(
                _spec(
                    f"{question['question']}: people involved and people we serve (%)",
                    [("People involved", involved), ("People we serve", base)],
                )
            )
    for spec in specs:
        spec["threshold"] = t
    return specs


def _spec(title: str, series: list) -> dict:
    parts = []
    for name, rows in series:
        text = ", ".join(f"{label} {'hidden' if v is None else v}" for label, v in rows)
        parts.append(f"{name}: {text}")
    return {"title": title, "series": series, "alt": f"Bar chart. {title}. " + "; ".join(parts)}


def _draw(spec: dict) -> Figure:
    series = spec["series"]
    categories = [label for label, _ in series[0][1]]
    fig = Figure(figsize=(7, 0.45 * len(categories) + 1.2), dpi=100)
    ax = fig.subplots()
    height = 0.8 / len(series)
    for index, (name, rows) in enumerate(series):
        ys = [i + index * height for i in range(len(rows))]
        values = [0 if v is None else v for _, v in rows]
        bars = ax.barh(ys, values, height=height, color=COLOURS[index % 2], label=name)
        for bar, (_, v) in zip(bars, rows, strict=True):
            ax.annotate(
                "hidden" if v is None else f"{v:g}",
                (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=9,
            )
    ax.set_xlim(left=0)
    ax.set_yticks([i + (len(series) - 1) * height / 2 for i in range(len(categories))])
    ax.set_yticklabels([c[:40] for c in categories], fontsize=9)
    ax.invert_yaxis()
    ax.set_title(spec["title"][:80], fontsize=11, loc="left")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    if len(series) > 1:
        ax.legend(fontsize=8, frameon=False, loc="lower right")
    fig.tight_layout()
    return fig


def svg(spec: dict, prefix: str = "c") -> str:
    """Inline SVG: no XML prolog, and ids made unique to this chart (several share a page)."""
    out = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        _draw(spec).savefig(out, format="svg")
    text = out.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r'id="([^"]+)"', rf'id="{prefix}-\1"', text)
    text = re.sub(r'href="#([^"]+)"', rf'href="#{prefix}-\1"', text)
    return re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", text)


def png(spec: dict) -> bytes:
    out = io.BytesIO()
    _draw(spec).savefig(out, format="png", dpi=110)
    plt.close("all")
    return out.getvalue()


__all__ = ["chart_specs", "display", "png", "shown", "svg"]
