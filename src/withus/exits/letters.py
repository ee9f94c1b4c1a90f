"""Testimonial letters and CV wording (Clinks 2016, section 5.6: give a testimonial about what the
person contributed, and help them describe their involvement on a CV).

The first draft is written from the person's real record: roles (recruitment places that became
active), sessions and hours (meetings they came to), training (training sessions they came to,
courses recorded as completed in Training and support, and learning recorded with their
agreement) and what they suggested that we acted on (voice actions we accepted in full or in
part). Staff then edit it and sign it.

Like the CV summary in the portal, the draft never names the justice system: whether and when to
tell an employer about a conviction is the person's choice. Titles holding justice words are
replaced by neutral descriptions; staff may add them back if the person wants.

Rendering: a plain letter as PDF (WeasyPrint via withus.documents) and DOCX (python-docx).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.template.loader import render_to_string

from withus import documents as shared
from withus.people.models import Participant
from withus.portal.selectors_record import neutral, record
from withus.voice.models import Action, Contribution

# The prompt left in every draft for the part only a person can write. A letter still holding
# it cannot be signed.
PROMPT = (
    "[Add, in your own words, what {name} brought: their skills, and how they worked with others.]"
)
ACTED_ON = (Action.Response.ACCEPTED, Action.Response.PARTLY)
EXTENSIONS = {"pdf": shared.PDF, "docx": shared.DOCX}


def day_words(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _month(day: dt.date) -> str:
    return f"{day:%B %Y}"


def _hours(hours: Decimal) -> str:
    text = f"{hours.normalize():f}" if hours else "0"
    return f"{text} hour" + ("" if hours == 1 else "s")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


@dataclass
class Facts:
    """What the record says, in neutral words, ready for a letter."""

    name: str
    organisation: str
    first_day: dt.date | None
    last_day: dt.date | None
    sessions: int
    hours: Decimal
    kinds: list[str] = field(default_factory=list)  # "5 forum meetings (10 hours)"
    roles: list[str] = field(default_factory=list)
    training: list[str] = field(default_factory=list)
    acted_on: list[str] = field(default_factory=list)

    @property
    def period(self) -> str:
        if not self.first_day:
            return ""
        first, last = _month(self.first_day), _month(self.last_day)
        return first if first == last else f"{first} to {last}"


def contributions_acted_on(participant: Participant, *, limit: int = 10) -> list[str]:
    """What the person raised (named, not anonymous) that we decided to act on: the "we did"."""
    contributions = (
        Contribution.objects.filter(
            contributors=participant, anonymous=False, actions__response__in=ACTED_ON
        )
        .distinct()
        .order_by("-received_on", "-pk")[:limit]
    )
    actions = (
        Action.objects.filter(contributions__in=list(contributions), response__in=ACTED_ON)
        .distinct()
        .order_by("decided_on", "pk")
    )
    return [neutral(a.we_did, "A suggestion they made was put into practice.") for a in actions]


def completed_courses(participant: Participant, *, already=(), limit: int = 30) -> list[str]:
    """Courses recorded as completed in Training and support (withus.support), oldest first:
    "Facilitation skills, 3 March 2026, run by Clinks, with a certificate". A course that is
    also a training session they came to on the same day is listed once (the session is)."""
    from withus.support.selectors import completions_for

    seen = {(m.title.strip().lower(), m.day) for m in already}
    rows = list(completions_for(participant)[:limit])
    lines = []
    for row in reversed(rows):
        if (row.course.title.strip().lower(), row.completed_on) in seen:
            continue
        line = f"{neutral(row.course.title, 'Training course')}, {day_words(row.completed_on)}"
        provider = neutral(row.provider, "")
        if provider:
            line += f", run by {provider}"
        if row.certificate:
            line += ", with a certificate"
        lines.append(line)
    return lines


def facts_for(participant: Participant) -> Facts:
    rec = record(participant)
    facts = Facts(
        name=participant.preferred_name,
        organisation=rec.organisation,
        first_day=rec.first_day,
        last_day=rec.last_day,
        sessions=len(rec.meetings),
        hours=rec.hours,
    )
    for label, count, hours in rec.by_kind:
        facts.kinds.append(f"{label}: {count} attended, {_hours(hours)}")
    for role in rec.roles:
        facts.roles.append(f"{neutral(role.title, 'Involvement role')}, since {_month(role.since)}")
    for meeting in rec.training:
        title = neutral(meeting.title, "Training session")
        facts.training.append(f"{title}, {day_words(meeting.day)}")
    facts.training += completed_courses(participant, already=rec.training)
    for outcome in rec.learning:
        facts.training.append(
            f"{neutral(outcome.description, outcome.label)}, {day_words(outcome.day)}"
        )
    facts.acted_on = contributions_acted_on(participant)
    return facts


def draft_letter(facts: Facts) -> str:
    name = facts.name
    lines = [
        f"I am glad to write about {name}, who has been involved with {facts.organisation}"
        + (f" from {facts.period}." if facts.period else ".")
    ]
    if facts.sessions:
        lines.append(
            f"In that time {name} took part in {_plural(facts.sessions, 'session')}, "
            f"{_hours(facts.hours)} in all:"
        )
        lines += [f"- {k}" for k in facts.kinds]
    if facts.roles:
        lines.append(f"{name} took on these roles with us:")
        lines += [f"- {r}" for r in facts.roles]
    if facts.training:
        lines.append(f"{name} completed this training and learning:")
        lines += [f"- {t}" for t in facts.training]
    if facts.acted_on:
        lines.append(f"Things {name} suggested that we acted on:")
        lines += [f"- {a}" for a in facts.acted_on]
    lines.append(PROMPT.format(name=name))
    lines.append(f"I would be happy to say more about {name}'s contribution if you contact me.")
    return "\n".join(lines)


def draft_cv(facts: Facts) -> str:
    heading = f"Involvement volunteer, {facts.organisation}"
    if facts.period:
        heading += f", {facts.period}"
    lines = [heading]
    if facts.sessions:
        lines.append(
            f"- Took part in {_plural(facts.sessions, 'session')} ({_hours(facts.hours)}), "
            "giving views that helped shape services"
        )
    lines += [f"- Role: {r}" for r in facts.roles]
    lines += [f"- Training: {t}" for t in facts.training]
    if facts.acted_on:
        lines.append(
            f"- Made {_plural(len(facts.acted_on), 'suggestion')} that the organisation put "
            "into practice"
        )
    return "\n".join(lines)


def has_prompt(text: str) -> bool:
    return "[Add, in your own words" in (text or "")


# --- documents -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Letter:
    organisation: str
    name: str
    addressed_to: str
    blocks: tuple[shared.Block, ...]
    signer_name: str
    signer_job: str
    dated: str
    signed: bool

    @property
    def closing(self) -> str:
        """To a named person: "sincerely"; to nobody in particular: "faithfully"."""
        named = self.addressed_to.lower().startswith("dear ") and "sir or madam" not in (
            self.addressed_to.lower()
        )
        return "Yours sincerely," if named else "Yours faithfully,"

    def filename(self, ext: str) -> str:
        safe = "".join(ch if ch.isalnum() else "-" for ch in self.name).strip("-") or "letter"
        return f"testimonial-{safe.lower()}.{ext}"


def letter_document(version, *, organisation_name: str) -> Letter:
    when = version.signed_at or version.created_at
    return Letter(
        organisation=organisation_name,
        name=version.participant.preferred_name,
        addressed_to=version.addressed_to,
        blocks=shared.blocks_from(version.body),
        signer_name=version.signer_name,
        signer_job=version.signer_job,
        dated=day_words(when.date()),
        signed=version.is_signed,
    )


def letter_pdf(letter: Letter) -> bytes:
    return shared.html_to_pdf(render_to_string("exits/letter_print.html", {"letter": letter}))


def letter_docx(letter: Letter) -> bytes:
    from docx import Document

    document = Document()
    shared.a4(document.sections[0])
    for style_name, size, bold in (("Normal", 12, None), ("Heading 1", 16, True)):
        style = document.styles[style_name]
        shared.plain_font(style, size, bold=bold)
        shared.set_language(style)
    document.add_heading(letter.organisation, level=1)
    document.add_paragraph(letter.dated)
    document.add_paragraph(f"{letter.addressed_to},")
    for block in letter.blocks:
        if block.kind == "ul":
            for item in block.items:
                document.add_paragraph(item, style="List Bullet")
        else:
            document.add_paragraph(block.text)
    document.add_paragraph(letter.closing)
    if letter.signer_name:
        document.add_paragraph(letter.signer_name)
    if letter.signer_job:
        document.add_paragraph(f"{letter.signer_job}, {letter.organisation}")
    shared.set_properties(
        document,
        title=f"Testimonial for {letter.name}",
        subject="Testimonial",
        author=letter.organisation,
    )
    return shared.docx_bytes(document)


def render(letter: Letter, ext: str) -> tuple[bytes, str]:
    content = letter_pdf(letter) if ext == "pdf" else letter_docx(letter)
    return content, EXTENSIONS[ext]
