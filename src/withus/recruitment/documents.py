"""Role descriptions and terms of reference as documents to hand out: PDF (WeasyPrint, from an
HTML template) and Word (python-docx).

Both formats are built from one `Handout`: the organisation's name, a title, a heading for each
section that has something in it, and a closing note that taking part is the person's choice,
with the project lead as the named contact when there is one. Standard print is 12pt; large print
is 18pt with more space, following common large-print advice (plain sans-serif, left-aligned,
bold headings, no italics).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from withus.recruitment.models import RoleDescription, TermsOfReference

PDF_TEMPLATE = "recruitment/roles/document_pdf.html"
FONT = "Arial"  # LibreOffice and most systems without Arial substitute a metric twin.

# Characters that are not allowed in XML (and so in a DOCX) and mean nothing on paper.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BULLET = re.compile(r"^(?:[-*–]\s+|•\s*)(\S.*)$")
_BARE_BULLETS = {"-", "*", "–", "•"}

ROLE_SECTIONS = [
    ("summary", "What the role is about"),
    ("skills", "Skills needed"),
    ("abilities_interests", "Abilities or interests that help"),
    ("tasks", "What you would do"),
    ("who_else", "Who else is involved"),
    ("frequency", "How often"),
    ("duration", "How long for"),
    ("payment_policy", "Payment and expenses"),
    ("support_offered", "Support and training offered"),
    ("accessibility", "Accessibility"),
]

TERMS_SECTIONS = [
    ("purpose", "What the group is for"),
    ("membership", "Who can be a member"),
    ("meeting_frequency", "How often it meets"),
    ("decision_making", "How decisions are made"),
    ("confidentiality", "Confidentiality"),
    ("code_of_conduct", "Code of conduct"),
]

CLOSING_HEADING = "Taking part is up to you"
ROLE_CLOSING = (
    "You can change your mind at any time. If things change in your life, you can take a break, "
    "step back, or come back when you are ready. Saying no, or stopping, will not change the "
    "support or services you get from us."
)
TERMS_CLOSING = (
    "You can change your mind at any time. You can leave the group, or take a break from it, and "
    "come back when you are ready. Leaving will not change the support or services you get from us."
)
ASK_ROLE = "Before you decide, ask us anything you want to know about the role."
ASK_TERMS = "If anything here is not clear, ask us: we are happy to go through it with you."
OTHER_FORMATS = {
    False: "You can ask for this document in large print or in another format.",
    True: "You can ask for this document in another format.",
}


@dataclass(frozen=True)
class Block:
    """A paragraph (one item) or a bulleted list (several items)."""

    kind: str  # "p" or "ul"
    items: tuple[str, ...]

    @property
    def text(self) -> str:
        return self.items[0] if self.items else ""


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Handout:
    kind: str  # "Role description" or "Terms of reference"
    title: str
    organisation: str
    project: str
    sections: tuple[Section, ...]
    closing: Section
    updated_on: dt.date
    filename_stem: str

    @property
    def document_title(self) -> str:
        return f"{self.title} – {self.kind.lower()}"

    @property
    def kind_line(self) -> str:
        """The line under the organisation's name: 'Role description, updated 3 March 2026'."""
        day = self.updated_on
        return f"{self.kind}, updated {day.day} {day:%B %Y}"

    def filename(self, extension: str, *, large: bool = False) -> str:
        return f"{self.filename_stem}{'-large-print' if large else ''}.{extension}"


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


def _sections(instance, fields) -> tuple[Section, ...]:
    sections = []
    for name, heading in fields:
        blocks = blocks_from(getattr(instance, name))
        if blocks:  # empty sections are left out
            sections.append(Section(heading, blocks))
    return tuple(sections)


def _contact(project) -> Block | None:
    lead = project.lead if project is not None else None
    if lead is None:
        return None
    who = f"{lead.full_name} ({lead.email})" if lead.full_name else lead.email
    return Block(
        "p",
        (
            f"Your named contact is {clean(who)}. You can talk to them about anything to do with "
            "this, before you start or at any time after.",
        ),
    )


def _closing(project, note: str, ask: str) -> Section:
    blocks = [Block("p", (note,)), Block("p", (ask,))]
    contact = _contact(project)
    if contact is not None:
        blocks.append(contact)
    return Section(CLOSING_HEADING, tuple(blocks))


def _stem(prefix: str, title: str, pk) -> str:
    return f"{prefix}-{slugify(clean(title))[:60].strip('-') or pk}"


def _updated(instance) -> dt.date:
    return timezone.localdate(instance.updated_at) if instance.updated_at else timezone.localdate()


def role_handout(role: RoleDescription) -> Handout:
    project = role.project
    return Handout(
        kind="Role description",
        title=clean(role.title).strip(),
        organisation=clean(role.organisation.name),
        project=clean(project.name) if project else "",
        sections=_sections(role, ROLE_SECTIONS),
        closing=_closing(project, ROLE_CLOSING, ASK_ROLE),
        updated_on=_updated(role),
        filename_stem=_stem("role", role.title, role.pk),
    )


def terms_handout(terms: TermsOfReference) -> Handout:
    project = terms.project
    return Handout(
        kind="Terms of reference",
        title=clean(terms.group_name).strip(),
        organisation=clean(terms.organisation.name),
        project=clean(project.name) if project else "",
        sections=_sections(terms, TERMS_SECTIONS),
        closing=_closing(project, TERMS_CLOSING, ASK_TERMS),
        updated_on=_updated(terms),
        filename_stem=_stem("terms-of-reference", terms.group_name, terms.pk),
    )


# PDF ---------------------------------------------------------------------------------------


def to_html(handout: Handout, *, large: bool = False) -> str:
    return render_to_string(
        PDF_TEMPLATE,
        {"doc": handout, "large": large, "other_formats": OTHER_FORMATS[large]},
    )


def to_pdf(handout: Handout, *, large: bool = False) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Nothing outside the document is ever fetched (no network, no files). Tagged, so screen
    # readers can follow the headings and lists.
    return HTML(
        string=to_html(handout, large=large), url_fetcher=URLFetcher(allowed_protocols=())
    ).write_pdf(pdf_tags=True)


# DOCX --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sizes:
    body: float
    letterhead: float
    h1: float
    h2: float
    footer: float
    after: float  # space after a paragraph
    before_h2: float
    line: float  # line spacing


STANDARD = _Sizes(body=12, letterhead=14, h1=22, h2=15, footer=10, after=8, before_h2=16, line=1.2)
LARGE = _Sizes(body=18, letterhead=20, h1=30, h2=22, footer=16, after=14, before_h2=26, line=1.4)
INK = (0x0B, 0x0C, 0x0C)
ACCENT_HEX = "4C2C92"  # the purple of withus's header, as in the PDF
ACCENT = tuple(bytes.fromhex(ACCENT_HEX))


def _plain_font(style, size: float, *, bold: bool | None = None) -> None:
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


def _set_language(style, language: str = "en-GB") -> None:
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


def _styles(document, sizes: _Sizes) -> None:
    from docx.shared import Pt

    normal = document.styles["Normal"]
    _plain_font(normal, sizes.body)
    _set_language(normal)
    normal.paragraph_format.space_after = Pt(sizes.after)
    normal.paragraph_format.line_spacing = sizes.line
    for name, size, before, after in (
        ("Heading 1", sizes.h1, 0, sizes.after * 1.5),
        ("Heading 2", sizes.h2, sizes.before_h2, sizes.after * 0.75),
    ):
        style = document.styles[name]
        _plain_font(style, size, bold=True)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.line_spacing = 1.1
    bullets = document.styles["List Bullet"]
    _plain_font(bullets, sizes.body)
    bullets.paragraph_format.space_after = Pt(sizes.after * 0.5)
    bullets.paragraph_format.line_spacing = sizes.line


def _page(document, handout: Handout, sizes: _Sizes) -> None:
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin, section.bottom_margin = Mm(20), Mm(22)
    footer_style = document.styles["Footer"]
    footer_style.font.size = Pt(sizes.footer)
    # The template's footer has a centre tab; one right tab at the margin puts the page number
    # on the right, the organisation's name on the left.
    footer_style.paragraph_format.tab_stops.clear_all()
    footer_style.paragraph_format.tab_stops.add_tab_stop(Mm(170), WD_TAB_ALIGNMENT.RIGHT)
    footer = section.footer.paragraphs[0]
    footer.add_run(f"{handout.organisation}\tPage ")

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


def _rule_below(paragraph, sizes: _Sizes) -> None:
    """A line in the organisation's colour under the letterhead, as in the PDF."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "24")  # eighths of a point: 3pt
    bottom.set(qn("w:space"), str(int(sizes.after)))
    bottom.set(qn("w:color"), ACCENT_HEX)
    borders.append(bottom)
    # Word refuses paragraph properties out of the schema's order: pBdr goes before these.
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_PBDR)


def _blocks(document, blocks) -> None:
    for block in blocks:
        if block.kind == "ul":
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        else:
            document.add_paragraph(block.text)


def to_docx(handout: Handout, *, large: bool = False) -> bytes:
    from docx import Document
    from docx.shared import Pt, RGBColor

    sizes = LARGE if large else STANDARD
    document = Document()
    _styles(document, sizes)
    _page(document, handout, sizes)

    letterhead = document.add_paragraph()
    name = letterhead.add_run(handout.organisation)
    name.bold = True
    name.font.size = Pt(sizes.letterhead)
    name.font.color.rgb = RGBColor(*ACCENT)
    letterhead.paragraph_format.space_after = Pt(2)
    kind = document.add_paragraph(handout.kind_line)
    kind.paragraph_format.space_after = Pt(sizes.after * 2)
    _rule_below(kind, sizes)
    document.add_heading(handout.title, level=1)
    if handout.project:
        document.add_paragraph(f"Project: {handout.project}")
    for section in handout.sections:
        document.add_heading(section.heading, level=2)
        _blocks(document, section.blocks)
    document.add_heading(handout.closing.heading, level=2)
    # The closing note stays together on one page, as it does in the PDF.
    for block in handout.closing.blocks:
        document.add_paragraph(block.text).paragraph_format.keep_with_next = True
    document.add_paragraph(OTHER_FORMATS[large])

    now = timezone.now()
    props = document.core_properties
    props.title = handout.document_title
    props.subject = handout.kind
    props.author = handout.organisation
    props.last_modified_by = handout.organisation
    props.comments = ""
    props.keywords = ""
    props.category = handout.kind
    props.language = "en-GB"
    props.created = props.modified = now.replace(tzinfo=None)
    props.revision = 1

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
