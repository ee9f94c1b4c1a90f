"""What every printed document in withus shares: text cleaning, paragraphs and lists from typed
text, PDF from HTML (WeasyPrint, fetching nothing), and the plain Word styling (python-docx).

Used by role descriptions and terms of reference (recruitment/documents.py) and by meeting packs
and sign-in sheets (events/pack_render.py, events/sign_in_sheet.py). Print follows common
large-print and Easy Read advice: a plain sans-serif font, left-aligned, bold headings, no italics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone

FONT = "Arial"  # LibreOffice and most systems without Arial substitute a metric twin.
INK = (0x0B, 0x0C, 0x0C)
ACCENT_HEX = "4C2C92"  # the purple of withus's header
ACCENT = tuple(bytes.fromhex(ACCENT_HEX))

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# Characters that are not allowed in XML (and so in a DOCX) and mean nothing on paper.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BULLET = re.compile(r"^(?:[-*–]\s+|•\s*)(\S.*)$")
_BARE_BULLETS = {"-", "*", "–", "•"}


@dataclass(frozen=True)
class Block:
    """A paragraph (one item) or a bulleted list (several items)."""

    kind: str  # "p" or "ul"
    items: tuple[str, ...]

    @property
    def text(self) -> str:
        return self.items[0] if self.items else ""


def clean(text: str) -> str:
    return _CONTROL.sub("", text or "").replace("\r\n", "\n").replace("\r", "\n")


def blocks_from(text: str) -> tuple[Block, ...]:
    """Lines starting with a dash, star or bullet become list items; other lines, paragraphs.
    Blank lines, and bullets with nothing after them, are dropped."""
    blocks: list[Block] = []
    bullets: list[str] = []
    for raw in clean(text).split("\n"):
        line = raw.strip()
        if not line or line in _BARE_BULLETS:
            continue
        match = _BULLET.match(line)
        if match:
            bullets.append(match.group(1).strip())
            continue
        if bullets:
            blocks.append(Block("ul", tuple(bullets)))
            bullets = []
        blocks.append(Block("p", (line,)))
    if bullets:
        blocks.append(Block("ul", tuple(bullets)))
    return tuple(blocks)


def download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A file to save, never kept by a browser or proxy cache (it may hold people's names)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# PDF ---------------------------------------------------------------------------------------


def html_to_pdf(html: str) -> bytes:
    """A tagged PDF (screen readers can follow headings and lists) from self-contained HTML.
    Nothing outside the document is ever fetched: no network, no files."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf(pdf_tags=True)


# DOCX --------------------------------------------------------------------------------------


def plain_font(style, size: float, *, bold: bool | None = None) -> None:
    """The house font at `size` on a Word style, never italic, in near-black ink."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.italic = False
    style.font.color.rgb = RGBColor(*INK)
    if bold is not None:
        style.font.bold = bold
    # Theme fonts (Calibri Light and friends) win over a named font: take them out.
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)
    for complex_size in style.element.rPr.findall(qn("w:szCs")):
        complex_size.set(qn("w:val"), str(round(size * 2)))


def set_language(style, language: str = "en-GB") -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    lang.set(qn("w:bidi"), language)
    rpr.append(lang)


def a4(section, *, landscape: bool = False, margin_mm: float = 20) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(margin_mm)
    section.top_margin, section.bottom_margin = Mm(margin_mm), Mm(margin_mm + 2)


def footer_with_page_numbers(document, left_text: str, size: float) -> None:
    """'<left_text>            Page 1 of 3' in the footer of the first (only) section."""
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Emu, Pt

    section = document.sections[0]
    footer_style = document.styles["Footer"]
    footer_style.font.size = Pt(size)
    # The template's footer has a centre tab; one right tab at the margin puts the page number
    # on the right, the left text on the left.
    width = Emu(section.page_width - section.left_margin - section.right_margin)
    footer_style.paragraph_format.tab_stops.clear_all()
    footer_style.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    footer = section.footer.paragraphs[0]
    footer.add_run(f"{left_text}\tPage ")

    def field(instruction: str) -> None:
        fld = OxmlElement("w:fldSimple")
        fld.set(qn("w:instr"), instruction)
        run = OxmlElement("w:r")
        text = OxmlElement("w:t")
        text.text = "1"
        run.append(text)
        fld.append(run)
        footer._p.append(fld)

    field("PAGE")
    footer.add_run(" of ")
    field("NUMPAGES")


# Word refuses paragraph properties out of the schema's order: pBdr goes before these.
_AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)


def rule_below(paragraph, space: float) -> None:
    """A line in the accent colour under a paragraph (the letterhead), as in the PDFs."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "24")  # eighths of a point: 3pt
    bottom.set(qn("w:space"), str(int(space)))
    bottom.set(qn("w:color"), ACCENT_HEX)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_PBDR)


def shade_cell(cell, fill_hex: str) -> None:
    """Fill a table cell with a background colour."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tcpr = cell._tc.get_or_add_tcPr()
    for old in tcpr.findall(qn("w:shd")):
        tcpr.remove(old)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill_hex)
    tcpr.append(shading)


def repeat_header_row(row) -> None:
    """Repeat a table's first row at the top of every page it runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def keep_row_together(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    trpr = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    cant_split.set(qn("w:val"), "true")
    trpr.append(cant_split)


def set_properties(document, *, title: str, subject: str, author: str) -> None:
    """Core properties with nothing left over from python-docx's template."""
    props = document.core_properties
    props.title = title
    props.subject = subject
    props.author = author
    props.last_modified_by = author
    props.comments = ""
    props.keywords = ""
    props.category = subject
    props.language = "en-GB"
    props.created = props.modified = timezone.now().replace(tzinfo=None)
    props.revision = 1


def docx_bytes(document) -> bytes:
    import io

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
