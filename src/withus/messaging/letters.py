"""Letters to print: one A4 page (or more, for a long letter) per letter, from an HTML
template with WeasyPrint.

The address block sits where the window of a DL envelope shows it when an A4 sheet is folded
in three: 20mm from the left edge and about 50mm from the top, 90mm wide and 38mm tall, well
inside the top third of the page. The organisation's name and the date are above it, the words
below in 14pt (18pt for people who asked for large print).
"""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string

from withus.messaging.rendering import clean

TEMPLATE = "messaging/letters_pdf.html"


def nice_date(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def paragraphs(text: str) -> list[list[str]]:
    """Paragraphs (split on blank lines), each a list of its lines."""
    blocks, current = [], []
    for line in clean(text).split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def letters_html(organisation, letters, *, today: dt.date) -> str:
    pages = [
        {
            "address": [line for line in clean(letter.to_address).split("\n") if line.strip()],
            "subject": letter.subject,
            "paragraphs": paragraphs(letter.body),
            "large": bool(getattr(letter, "large_print", False)),
            "enclosures": [
                a.filename for a in letter.attachments.all() if "calendar" not in a.content_type
            ],
        }
        for letter in letters
    ]
    return render_to_string(
        TEMPLATE,
        {"organisation": clean(organisation.name), "date": nice_date(today), "pages": pages},
    )


def letters_pdf(organisation, letters, *, today: dt.date) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Nothing outside the document is ever fetched (no network, no files).
    return HTML(
        string=letters_html(organisation, letters, today=today),
        url_fetcher=URLFetcher(allowed_protocols=()),
    ).write_pdf(pdf_tags=True)
