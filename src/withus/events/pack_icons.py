"""Simple pictures for Easy Read packs, drawn once as lines and circles on a 48×48 grid.

The same drawing becomes inline SVG for the PDF and a PNG (Pillow) for the Word document, so
both look alike. Pictures are plain outlines in one colour: Easy Read advice is a clear picture
beside each idea, on the left, that supports the words rather than replacing them.
"""

from __future__ import annotations

import io
import math
from functools import cache

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

COLOUR = "#4c2c92"
STROKE = 3.5
GRID = 48

Point = tuple[float, float]


def _arc(cx: float, cy: float, r: float, start: float, end: float, steps: int = 24) -> list[Point]:
    """Points along a circle from `start` to `end` degrees (0 = right, 90 = down)."""
    return [
        (
            cx + r * math.cos(math.radians(start + (end - start) * i / steps)),
            cy + r * math.sin(math.radians(start + (end - start) * i / steps)),
        )
        for i in range(steps + 1)
    ]


def _heart() -> list[Point]:
    raw = []
    for i in range(48):
        t = 2 * math.pi * i / 48
        x = 16 * math.sin(t) ** 3
        y = -(13 * math.cos(t) - 5 * math.cos(2 * t) - 2 * math.cos(3 * t) - math.cos(4 * t))
        raw.append((x, y))
    xs, ys = [p[0] for p in raw], [p[1] for p in raw]
    scale = 34 / max(max(xs) - min(xs), max(ys) - min(ys))
    x0 = 24 - scale * (max(xs) + min(xs)) / 2
    y0 = 25 - scale * (max(ys) + min(ys)) / 2
    return [(x0 + scale * x, y0 + scale * y) for x, y in raw]


# Each icon: a list of ("line", points) open strokes, ("shape", points) closed strokes,
# ("circle", (cx, cy, r)) outlines and ("dot", (cx, cy, r)) filled spots.
ICONS: dict[str, tuple[str, list]] = {
    "about": (
        "Information",
        [("circle", (24, 24, 19)), ("dot", (24, 15, 2.8)), ("line", [(24, 22), (24, 34)])],
    ),
    "when": (
        "Calendar",
        [
            ("shape", [(7, 11), (41, 11), (41, 41), (7, 41)]),
            ("line", [(7, 19), (41, 19)]),
            ("line", [(15, 6), (15, 14)]),
            ("line", [(33, 6), (33, 14)]),
            *[("dot", (x, y, 2.3)) for y in (27, 34) for x in (15, 24, 33)],
        ],
    ),
    "where": (
        "Map pin",
        [("shape", [*_arc(24, 19, 13, 150, 390), (24, 44)]), ("circle", (24, 19, 5))],
    ),
    "online": (
        "Laptop",
        [
            ("shape", [(10, 10), (38, 10), (38, 31), (10, 31)]),
            ("shape", [(10, 31), (38, 31), (44, 39), (4, 39)]),
        ],
    ),
    "agenda": (
        "List",
        [
            *[("dot", (10, y, 2.8)) for y in (13, 24, 35)],
            ("line", [(17, 13), (40, 13)]),
            ("line", [(17, 24), (40, 24)]),
            ("line", [(17, 35), (33, 35)]),
        ],
    ),
    "help": ("Heart", [("shape", _heart())]),
    "wear": (
        "T-shirt",
        [
            (
                "shape",
                [
                    (17, 7),
                    (24, 11),
                    (31, 7),
                    (43, 14),
                    (38, 22),
                    (34, 20),
                    (34, 41),
                    (14, 41),
                    (14, 20),
                    (10, 22),
                    (5, 14),
                ],
            )
        ],
    ),
    "travel": (
        "Bus",
        [
            ("shape", [(9, 5), (39, 5), (39, 37), (9, 37)]),
            ("shape", [(14, 10), (34, 10), (34, 21), (14, 21)]),
            ("dot", (15, 30, 2.4)),
            ("dot", (33, 30, 2.4)),
            ("line", [(14, 37), (14, 43)]),
            ("line", [(34, 37), (34, 43)]),
        ],
    ),
    "money": (
        "Pound coin",
        [
            ("circle", (24, 24, 19)),
            ("line", [(30, 16), (28, 13.5), (24, 13), (21, 15), (20, 18), (20, 31), (17, 34)]),
            ("line", [(17, 34), (31, 34)]),
            ("line", [(15.5, 24), (26, 24)]),
        ],
    ),
    "photos": (
        "Camera",
        [
            (
                "shape",
                [(6, 15), (16, 15), (19, 10), (29, 10), (32, 15), (42, 15), (42, 38), (6, 38)],
            ),
            ("circle", (24, 26, 7)),
        ],
    ),
    "rules": (
        "Speech bubble",
        [
            ("shape", [(6, 8), (42, 8), (42, 30), (23, 30), (14, 39), (15, 30), (6, 30)]),
            ("line", [(13, 16), (35, 16)]),
            ("line", [(13, 23), (29, 23)]),
        ],
    ),
    "papers": (
        "Paper",
        [
            ("shape", [(11, 5), (30, 5), (38, 13), (38, 43), (11, 43)]),
            ("line", [(30, 5), (30, 13), (38, 13)]),
            ("line", [(17, 22), (32, 22)]),
            ("line", [(17, 29), (32, 29)]),
            ("line", [(17, 36), (27, 36)]),
        ],
    ),
    "words": (
        "Book",
        [
            ("shape", [(24, 13), (16, 9), (5, 9), (5, 38), (16, 38), (24, 42)]),
            ("shape", [(24, 13), (32, 9), (43, 9), (43, 38), (32, 38), (24, 42)]),
            ("line", [(24, 13), (24, 42)]),
        ],
    ),
    "ask": (
        "Person",
        [("circle", (24, 14, 8)), ("shape", _arc(24, 43, 16, 180, 360))],
    ),
    "choice": (
        "Tick",
        [("circle", (24, 24, 19)), ("line", [(15, 25), (21, 31), (33, 18)])],
    ),
}


def label(name: str) -> str:
    return ICONS[name][0]


def _points(points) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def svg(name: str, size_mm: float = 20) -> SafeString:
    """The icon as inline SVG, `size_mm` wide. Decorative: the heading beside it says the same."""
    if name not in ICONS:
        return SafeString("")
    parts = []
    for kind, data in ICONS[name][1]:
        if kind == "line":
            parts.append(format_html('<polyline points="{}"/>', _points(data)))
        elif kind == "shape":
            parts.append(format_html('<polygon points="{}"/>', _points(data)))
        elif kind == "circle":
            parts.append(format_html('<circle cx="{}" cy="{}" r="{}"/>', *data))
        else:
            parts.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="{}" fill="{}" stroke="none"/>', *data, COLOUR
                )
            )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {grid} {grid}" width="{size}mm"'
        ' height="{size}mm" aria-hidden="true" focusable="false"><g fill="none" stroke="{colour}"'
        ' stroke-width="{stroke}" stroke-linecap="round" stroke-linejoin="round">{parts}</g></svg>',
        grid=GRID,
        size=size_mm,
        colour=COLOUR,
        stroke=STROKE,
        parts=format_html_join("", "{}", ((part,) for part in parts)),
    )


@cache
def png(name: str, pixels: int = 240) -> bytes:
    """The icon as a PNG, `pixels` square, on a transparent background (for Word)."""
    from PIL import Image, ImageDraw

    over = 4  # draw large and shrink, for smooth edges
    size = pixels * over
    scale = size / GRID
    width = max(1, round(STROKE * scale))
    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    colour = tuple(bytes.fromhex(COLOUR[1:])) + (255,)

    def cap(x: float, y: float) -> None:
        r = width / 2
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)

    for kind, data in ICONS[name][1]:
        if kind in ("line", "shape"):
            points = [(x * scale, y * scale) for x, y in data]
            if kind == "shape":
                points.append(points[0])
            draw.line(points, fill=colour, width=width, joint="curve")
            for x, y in points:
                cap(x, y)
        else:
            cx, cy, r = (v * scale for v in data)
            if kind == "circle":  # Pillow draws the outline inside the box; SVG centres it
                r += width / 2
                draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=colour, width=width)
            else:
                draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)
    image = image.resize((pixels, pixels), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
