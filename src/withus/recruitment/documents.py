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
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from withus import documents as shared
from withus.documents import ACCENT, Block, blocks_from, clean
from withus.recruitment.models import RoleDescription, TermsOfReference

PDF_TEMPLATE = "recruitment/roles/document_pdf.html"

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
    return shared.html_to_pdf(to_html(handout, large=large))


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


def _styles(document, sizes: _Sizes) -> None:
    from docx.shared import Pt

    normal = document.styles["Normal"]
    shared.plain_font(normal, sizes.body)
    shared.set_language(normal)
    normal.paragraph_format.space_after = Pt(sizes.after)
    normal.paragraph_format.line_spacing = sizes.line
    for name, size, before, after in (
        ("Heading 1", sizes.h1, 0, sizes.after * 1.5),
        ("Heading 2", sizes.h2, sizes.before_h2, sizes.after * 0.75),
    ):
        style = document.styles[name]
        shared.plain_font(style, size, bold=True)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.line_spacing = 1.1
    bullets = document.styles["List Bullet"]
    shared.plain_font(bullets, sizes.body)
    bullets.paragraph_format.space_after = Pt(sizes.after * 0.5)
    bullets.paragraph_format.line_spacing = sizes.line


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
    shared.a4(document.sections[0])
    shared.footer_with_page_numbers(document, handout.organisation, sizes.footer)

    letterhead = document.add_paragraph()
    name = letterhead.add_run(handout.organisation)
    name.bold = True
    name.font.size = Pt(sizes.letterhead)
    name.font.color.rgb = RGBColor(*ACCENT)
    letterhead.paragraph_format.space_after = Pt(2)
    kind = document.add_paragraph(handout.kind_line)
    kind.paragraph_format.space_after = Pt(sizes.after * 2)
    shared.rule_below(kind, sizes.after)
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

    shared.set_properties(
        document, title=handout.document_title, subject=handout.kind, author=handout.organisation
    )
    return shared.docx_bytes(document)
