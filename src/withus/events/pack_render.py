"""The pre-meeting pack as PDF (WeasyPrint, from events/pack/pack_pdf.html) and Word (python-docx).

Sizes follow common advice: standard print 12pt Arial; large print 18pt with more space between
lines and paragraphs, bold headings, left-aligned, no italics; Easy Read 16pt with a picture on
the left of each section and plenty of white space.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.template.loader import render_to_string

from withus import documents as shared
from withus.events import pack_icons
from withus.events.pack import EASY_READ, LARGE_PRINT, STANDARD, AgendaLine, Pack, PackBlock

PDF_TEMPLATE = "events/pack/pack_pdf.html"
TEXT_WIDTH_MM = {True: 170, False: 174}  # A4 less the Word margins: standard, other formats


@dataclass(frozen=True)
class Sizes:
    body: float
    letterhead: float
    h1: float
    h2: float
    lead: float
    small: float
    footer: float
    after: float  # space after a paragraph
    li: float  # space after a list item
    gap: float
    gap_large: float
    before_h2: float
    indent: float
    cell: float
    line: float  # line spacing
    margin: str  # the PDF page's margins


SIZES = {
    STANDARD: Sizes(
        body=12,
        letterhead=14,
        h1=22,
        h2=15,
        lead=14,
        small=11,
        footer=10,
        after=7,
        li=3,
        gap=6,
        gap_large=16,
        before_h2=18,
        indent=18,
        cell=5,
        line=1.45,
        margin="22mm 20mm 24mm",
    ),
    LARGE_PRINT: Sizes(
        body=18,
        letterhead=20,
        h1=30,
        h2=22,
        lead=20,
        small=18,
        footer=16,
        after=12,
        li=8,
        gap=10,
        gap_large=22,
        before_h2=28,
        indent=26,
        cell=8,
        line=1.55,
        margin="20mm 18mm 26mm",
    ),
    EASY_READ: Sizes(
        body=16,
        letterhead=16,
        h1=26,
        h2=20,
        lead=18,
        small=16,
        footer=12,
        after=10,
        li=7,
        gap=8,
        gap_large=18,
        before_h2=22,
        indent=22,
        cell=6,
        line=1.5,
        margin="18mm 18mm 24mm",
    ),
}


def _has_leads(pack: Pack) -> bool:
    return any(
        isinstance(item, AgendaLine) and item.led_by
        for section in pack.sections
        for block in section.blocks
        for item in block.items
    )


# PDF -------------------------------------------------------------------------------------------


def to_html(pack: Pack) -> str:
    return render_to_string(
        PDF_TEMPLATE,
        {
            "pack": pack,
            "s": SIZES[pack.fmt],
            "sections": [
                {"section": section, "icon": pack_icons.svg(section.icon, 24)}
                for section in pack.sections
            ],
            "closing_icon": pack_icons.svg(pack.closing.icon, 24),
            "agenda_leads": _has_leads(pack),
        },
    )


def to_pdf(pack: Pack) -> bytes:
    return shared.html_to_pdf(to_html(pack))


# DOCX ------------------------------------------------------------------------------------------


def _styles(document, s: Sizes) -> None:
    from docx.shared import Pt

    normal = document.styles["Normal"]
    shared.plain_font(normal, s.body)
    shared.set_language(normal)
    normal.paragraph_format.space_after = Pt(s.after)
    normal.paragraph_format.line_spacing = s.line - 0.2
    for name, size, before, after in (
        ("Heading 1", s.h1, 0, s.gap),
        ("Heading 2", s.h2, s.before_h2, s.gap),
    ):
        style = document.styles[name]
        shared.plain_font(style, size, bold=True)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.line_spacing = 1.1
    bullets = document.styles["List Bullet"]
    shared.plain_font(bullets, s.body)
    bullets.paragraph_format.space_after = Pt(s.li)
    bullets.paragraph_format.line_spacing = s.line - 0.2


def _paragraph(container, text: str = "", style: str | None = None, *, first: bool = False):
    """A paragraph in a document or a table cell (a cell starts with one empty paragraph)."""
    if first and container.paragraphs and not container.paragraphs[0].text:
        paragraph = container.paragraphs[0]
        if style:
            paragraph.style = style
        if text:
            paragraph.add_run(text)
        return paragraph
    return container.add_paragraph(text, style=style)


def _bold(paragraph, text: str, size: float | None = None) -> None:
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.bold = True
    if size:
        run.font.size = Pt(size)


def _agenda(container, lines: tuple[AgendaLine, ...], s: Sizes, leads: bool) -> None:
    from docx.shared import Mm, Pt

    headers = ["Time", "What"] + (["Led by"] if leads else [])
    table = container.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    time, lead = (32 if s.body >= 18 else 25), (50 if leads else 0)
    what = TEXT_WIDTH_MM[s is SIZES[STANDARD]] - time - lead
    widths = [Mm(time), Mm(what)] + ([Mm(lead)] if leads else [])
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for cell, header, width in zip(table.rows[0].cells, headers, widths, strict=True):
        cell.width = width
        _bold(_paragraph(cell, first=True), header)
    shared.repeat_header_row(table.rows[0])
    for line in lines:
        row = table.add_row()
        shared.keep_row_together(row)
        cells = row.cells
        _bold(_paragraph(cells[0], first=True), line.starts)
        what = _paragraph(cells[1], first=True)
        if line.is_break:
            _bold(what, "Break")
            if line.title.lower() != "break":
                what.add_run(f": {line.title}")
            for cell in cells:
                shared.shade_cell(cell, "F3F2F1")
        else:
            what.add_run(line.title)
        if line.notes:
            _paragraph(cells[1], line.notes)
        if leads:
            _paragraph(cells[2], line.led_by, first=True)
        for cell, width in zip(cells, widths, strict=True):
            cell.width = width
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(s.li)
    _paragraph(container, "").paragraph_format.space_after = Pt(0)


def _blocks(container, blocks: tuple[PackBlock, ...], s: Sizes, *, leads: bool, first=False):
    from docx.shared import Pt

    for block in blocks:
        if block.kind == "ul":
            short = len(block.items) <= 6  # a short list stays on one page
            for number, item in enumerate(block.items):
                paragraph = _paragraph(container, str(item), "List Bullet", first=first)
                if short and number < len(block.items) - 1:
                    paragraph.paragraph_format.keep_with_next = True
                first = False
        elif block.kind == "agenda":
            _agenda(container, block.items, s, leads)
        elif block.kind == "terms":
            for term in block.items:
                name = _paragraph(container, first=first)
                _bold(name, term.term)
                name.paragraph_format.keep_with_next = True
                name.paragraph_format.space_after = Pt(0)
                meaning = _paragraph(container, term.meaning)
                meaning.paragraph_format.left_indent = Pt(s.indent)
                first = False
        elif block.kind == "lines":
            paragraph = _paragraph(container, first=first)
            for number, item in enumerate(block.items):
                run = paragraph.add_run(str(item))
                if number < len(block.items) - 1:
                    run.add_break()
        elif block.kind in ("lead", "link"):
            _bold(
                _paragraph(container, first=first),
                block.text,
                s.lead if block.kind == "lead" else None,
            )
        else:
            paragraph = _paragraph(container, block.text, first=first)
            if block.text.endswith(":"):  # "How to get there:" stays with what follows
                paragraph.paragraph_format.keep_with_next = True
        first = False


def _easy_read_section(document, section, s: Sizes, *, extra: str = "") -> None:
    from docx.shared import Mm, Pt

    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    row = table.rows[0]
    shared.keep_row_together(row)
    icon_cell, text_cell = row.cells
    for column, cell, width in zip(table.columns, row.cells, (Mm(32), Mm(140)), strict=True):
        column.width = cell.width = width  # the grid (LibreOffice) and the cell (Word)
    picture = _paragraph(icon_cell, first=True)
    shape = picture.add_run().add_picture(io.BytesIO(pack_icons.png(section.icon)), width=Mm(24))
    shape._inline.docPr.set("descr", f"Picture: {pack_icons.label(section.icon).lower()}")
    heading = _paragraph(text_cell, section.heading, "Heading 2", first=True)
    heading.paragraph_format.space_before = Pt(0)
    _blocks(text_cell, section.blocks, s, leads=False)
    if extra:
        _paragraph(text_cell, extra)
    _paragraph(document, "").paragraph_format.space_after = Pt(s.gap)


def to_docx(pack: Pack) -> bytes:
    from docx import Document
    from docx.shared import Pt, RGBColor

    s = SIZES[pack.fmt]
    document = Document()
    _styles(document, s)
    shared.a4(document.sections[0], margin_mm=20 if pack.fmt == STANDARD else 18)
    shared.footer_with_page_numbers(document, pack.organisation, s.footer)

    letterhead = document.add_paragraph()
    name = letterhead.add_run(pack.organisation)
    name.bold = True
    name.font.size = Pt(s.letterhead)
    name.font.color.rgb = RGBColor(*shared.ACCENT)
    letterhead.paragraph_format.space_after = Pt(2)
    kind = document.add_paragraph(pack.kind_line)
    kind.paragraph_format.space_after = Pt(s.gap_large)
    shared.rule_below(kind, s.gap)
    document.add_heading(pack.title, level=1)
    if pack.cancelled:
        _bold(document.add_paragraph(), " ".join(pack.intro), s.lead)
    document.add_paragraph(pack.greeting)
    if not pack.cancelled:
        for line in pack.intro:
            document.add_paragraph(line)

    if pack.easy_read:
        for section in pack.sections:
            _easy_read_section(document, section, s)
        _easy_read_section(document, pack.closing, s, extra=pack.other_formats)
    else:
        leads = _has_leads(pack)
        for section in pack.sections:
            document.add_heading(section.heading, level=2)
            _blocks(document, section.blocks, s, leads=leads)
        document.add_heading(pack.closing.heading, level=2)
        # The closing note stays together on one page, as it does in the PDF.
        for block in pack.closing.blocks:
            document.add_paragraph(block.text).paragraph_format.keep_with_next = True
        document.add_paragraph(pack.other_formats)

    shared.set_properties(
        document,
        title=pack.document_title,
        subject=f"Pre-meeting pack ({pack.format_label.lower()})",
        author=pack.organisation,
    )
    return shared.docx_bytes(document)


def render(pack: Pack, extension: str) -> tuple[bytes, str]:
    """(content, content type) for `extension` "pdf" or "docx"."""
    if extension == "pdf":
        return to_pdf(pack), shared.PDF
    if extension == "docx":
        return to_docx(pack), shared.DOCX
    raise ValueError(f"No pack file type called {extension!r}.")
