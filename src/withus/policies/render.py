"""Policy documents and welcome packs as PDF and Word.

Both reuse the pre-meeting pack's shape (events/pack.py: sections of blocks) and its renderer
(events/pack_render.py: sizes for standard print, large print and Easy Read, Easy Read pictures,
the Word styling), so every document a participant gets from withus looks and reads alike. Only
the PDF template is our own (it names the document kind correctly in the PDF's properties).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.text import slugify

from withus import documents as shared
from withus.documents import blocks_from, clean
from withus.events import pack_icons, pack_render
from withus.events.pack import LARGE_PRINT, STANDARD, Pack, PackBlock, Section
from withus.pages.templatetags.withus_format import nice_date
from withus.policies.models import PolicyVersion

PDF_TEMPLATE = "policies/document_pdf.html"
POLICY_FORMATS = {STANDARD: "Standard print", LARGE_PRINT: "Large print"}


@dataclass(frozen=True)
class Document(Pack):
    """A Pack that says what kind of document it is (not "pre-meeting pack")."""

    label: str = ""  # "Involvement strategy", "Welcome pack"

    @property
    def kind_line(self) -> str:
        return self.label

    @property
    def document_title(self) -> str:
        return f"{self.title} ({self.format_label.lower()})"


def _blocks(section: dict) -> tuple[PackBlock, ...]:
    blocks = [PackBlock(b.kind, b.items) for b in blocks_from(section.get("text", ""))]
    for block in section.get("data") or []:
        kind = block.get("kind") if block.get("kind") in ("p", "ul") else "p"
        items = tuple(clean(str(item)) for item in block.get("items") or [] if str(item).strip())
        if items:
            blocks.append(PackBlock(kind, items))
    return tuple(blocks)


def _people(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


def version_document(version: PolicyVersion, fmt: str = STANDARD) -> Document:
    """A version as a printable document. Load it with selectors.version_for_print()."""
    if fmt not in POLICY_FORMATS:
        raise ValueError(f"No document format called {fmt!r}.")
    document = version.document
    organisation = clean(version.organisation.name)
    if version.is_approved:
        approver = version.approved_by
        who = (approver.full_name or approver.email) if approver else ""
        status = f"Version {version.number}, approved on {nice_date(version.approved_at)}"
        status += f" by {clean(who)}." if who else "."
    else:
        status = f"Version {version.number}. This is a draft: it has not been approved yet."
    sections = tuple(
        Section(s.get("heading", ""), _blocks(s), key=s.get("key", ""))
        for s in version.sections
        if isinstance(s, dict)
    )
    about: list[str] = [status]
    co_authors = [clean(name) for name in version.shown_co_authors]
    if co_authors:
        about.append(f"Written with {_people(co_authors)}, who bring lived experience to our work.")
    if version.change_note:
        about.append(f"What changed in this version: {clean(version.change_note)}")
    about.append("Parts of the wording started from withus's guidance, after Clinks (2016).")
    return Document(
        fmt=fmt,
        organisation=organisation,
        title=clean(version.shown_title),
        kind=document.get_kind_display(),
        noun="document",
        when="",
        greeting="",
        intro=(),
        cancelled=False,
        sections=tuple(s for s in sections if s.blocks),
        closing=Section(
            "About this document", tuple(PackBlock("p", (line,)) for line in about), key="about"
        ),
        other_formats="You can ask for this document in large print or another format.",
        filename_stem=(
            f"{slugify(version.shown_title)[:60].strip('-') or document.kind}-v{version.number}"
        ),
        label=f"{document.get_kind_display()}, version {version.number}"
        + ("" if version.is_approved else " (draft)"),
    )


def to_html(doc: Document) -> str:
    return render_to_string(
        PDF_TEMPLATE,
        {
            "pack": doc,
            "s": pack_render.SIZES[doc.fmt],
            "sections": [
                {"section": section, "icon": pack_icons.svg(section.icon, 24)}
                for section in doc.sections
            ],
            "closing_icon": pack_icons.svg(doc.closing.icon, 24) if doc.closing.icon else "",
            "agenda_leads": False,
        },
    )


def to_pdf(doc: Document) -> bytes:
    return shared.html_to_pdf(to_html(doc))


def to_docx(doc: Document) -> bytes:
    from docx import Document as Word

    word = Word(io.BytesIO(pack_render.to_docx(doc)))
    word.core_properties.subject = f"{doc.label} ({doc.format_label.lower()})"
    word.core_properties.category = doc.label
    # The pack's greeting line is empty in a policy: take out the blank paragraph it leaves.
    for paragraph in list(word.paragraphs)[:6] if not doc.greeting else []:
        if (
            not paragraph.text
            and paragraph.style.name == "Normal"
            and paragraph._p.getprevious() is not None
        ):
            paragraph._p.getparent().remove(paragraph._p)
            break
    return shared.docx_bytes(word)


def render(doc: Document, extension: str) -> tuple[bytes, str]:
    if extension == "pdf":
        return to_pdf(doc), shared.PDF
    if extension == "docx":
        return to_docx(doc), shared.DOCX
    raise ValueError(f"No file type called {extension!r}.")
