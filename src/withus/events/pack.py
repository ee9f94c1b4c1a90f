"""The pre-meeting pack, as plain data: what it says, section by section, in each format.

The guide (sections 4.4 and 4.5) asks for papers at least two weeks ahead, in a format people
can use, with a briefing, the agenda and timings, the date and the venue with directions, the
dress code, travel and expenses, a contact for special requests, how to opt in or out of photos,
and a glossary of the words and acronyms in the papers. `pack_for(event, fmt)` builds all of
that from the event; `events/pack_render.py` turns it into PDF and Word.

Formats:
- standard and large print say the same things (large print is only set bigger);
- Easy Read says them more simply: short sentences, one idea to a line, simple headings such as
  "When" and "Where", each section with a picture, and no agenda table ("The meeting starts at
  10am."). Text that staff typed (the briefing, directions) is split into one sentence a line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.text import slugify

from withus.documents import blocks_from, clean
from withus.events.models import AgendaItem, Event, EventDocument, EventInvitation, GlossaryTerm
from withus.events.timing import local

STANDARD = "standard"
LARGE_PRINT = "large-print"
EASY_READ = "easy-read"
FORMATS: dict[str, str] = {
    STANDARD: "Standard print",
    LARGE_PRINT: "Large print",
    EASY_READ: "Easy Read",
}
EXTENSIONS = ("pdf", "docx")
# EventInvitation.pack_format values → the format names used in addresses and here.
INVITATION_FORMATS = {"standard": STANDARD, "large_print": LARGE_PRINT, "easy_read": EASY_READ}

# How a sentence talks about each kind of event: "The workshop starts at 10am."
KIND_NOUN = {
    Event.Kind.FORUM: "meeting",
    Event.Kind.FOCUS_GROUP: "focus group",
    Event.Kind.WORKSHOP: "workshop",
    Event.Kind.TRAINING: "training",
    Event.Kind.INTERVIEW_PANEL: "interview panel",
    Event.Kind.BOARD: "meeting",
    Event.Kind.CONFERENCE: "conference",
    Event.Kind.INFO_SESSION: "session",
    Event.Kind.OTHER: "event",
}

SPECIAL_REQUESTS = "Tell us about any special requests, access needs or dietary needs."
NO_DRESS_CODE = "There is no dress code: wear what you feel comfortable in."


# The shape of a pack ---------------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaLine:
    starts: str  # "10am", in the organisation's time zone
    title: str
    minutes: int
    is_break: bool
    led_by: str
    notes: str


@dataclass(frozen=True)
class Term:
    term: str
    meaning: str


@dataclass(frozen=True)
class PackBlock:
    """One thing in a section.

    kind: "p" (a paragraph), "ul" (a bulleted list), "lines" (lines of one paragraph, such as
    an address), "lead" (a line set larger, such as the date), "link" (a web address),
    "agenda" (items are AgendaLines), "terms" (items are Terms).
    """

    kind: str
    items: tuple

    @property
    def text(self) -> str:
        return str(self.items[0]) if self.items else ""


@dataclass(frozen=True)
class Section:
    heading: str
    blocks: tuple[PackBlock, ...]
    icon: str = ""  # the picture beside an Easy Read section (see events/pack_icons.py)
    key: str = ""  # a stable name for the section, whatever its heading says

    @property
    def lines(self) -> list[str]:
        """Every line of text in the section, for tests and previews."""
        out: list[str] = []
        for block in self.blocks:
            for item in block.items:
                if isinstance(item, AgendaLine):
                    out.append(f"{item.starts} {item.title}")
                elif isinstance(item, Term):
                    out.append(f"{item.term}: {item.meaning}")
                else:
                    out.append(str(item))
        return out


@dataclass(frozen=True)
class Pack:
    fmt: str
    organisation: str
    title: str
    kind: str  # "Forum meeting"
    noun: str  # "meeting"
    when: str  # "Tuesday 3 March 2026, 10am to 12:30pm"
    greeting: str  # "Dear Jo," or "Hello,"
    intro: tuple[str, ...]
    cancelled: bool
    sections: tuple[Section, ...]
    closing: Section
    other_formats: str
    filename_stem: str

    @property
    def format_label(self) -> str:
        return FORMATS[self.fmt]

    @property
    def large(self) -> bool:
        return self.fmt == LARGE_PRINT

    @property
    def easy_read(self) -> bool:
        return self.fmt == EASY_READ

    @property
    def kind_line(self) -> str:
        if self.easy_read:
            return "Information about the " + self.noun
        return f"Pre-meeting pack: {self.kind.lower()}"

    @property
    def document_title(self) -> str:
        return f"{self.title} – pre-meeting pack ({self.format_label.lower()})"

    def filename(self, extension: str) -> str:
        suffix = "" if self.fmt == STANDARD else f"-{self.fmt}"
        return f"{self.filename_stem}{suffix}.{extension}"

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    @property
    def text(self) -> str:
        """All the words, in order: for tests and for a quick look."""
        parts = [self.organisation, self.kind_line, self.title, self.when, self.greeting]
        parts += list(self.intro)
        for section in (*self.sections, self.closing):
            parts.append(section.heading)
            parts += section.lines
        parts.append(self.other_formats)
        return "\n".join(parts)


# Reading the event -----------------------------------------------------------------------------


def pack_events():
    """Events with everything a pack reads, in a fixed number of queries."""
    return Event.objects.select_related("organisation", "venue", "contact").prefetch_related(
        Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("position", "id")),
        Prefetch("documents", queryset=EventDocument.objects.order_by("uploaded_at", "id")),
        Prefetch("glossary_terms", queryset=GlossaryTerm.objects.order_by("term")),
    )


def invitation_for(event: Event, raw_id: str | None) -> EventInvitation | None:
    """The event's invitation named by `raw_id` (from ?invitation=), or None for anything else."""
    raw = (raw_id or "").strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 12:
        return None
    return (
        EventInvitation.objects.filter(
            event=event, pk=int(raw), participant__erased_at__isnull=True
        )
        .select_related("participant")
        .first()
    )


def _local(event: Event, moment: dt.datetime) -> dt.datetime:
    return local(moment, event.organisation.timezone)


def _day(value: dt.date) -> str:
    return f"{value:%A} {value.day} {value:%B %Y}"


def clock(value: dt.datetime | dt.time) -> str:
    """10:00 → '10am', 14:30 → '2:30pm', 12:00 → 'midday' (as withus_format.nice_time)."""
    from withus.pages.templatetags.withus_format import nice_time

    return nice_time(value.time() if isinstance(value, dt.datetime) else value)


def when_words(event: Event) -> str:
    """'Tuesday 3 March 2026, 10am to 12:30pm' in the organisation's time zone."""
    start, end = _local(event, event.starts_at), _local(event, event.ends_at)
    if start.date() == end.date():
        return f"{_day(start.date())}, {clock(start)} to {clock(end)}"
    return f"{_day(start.date())}, {clock(start)} to {_day(end.date())}, {clock(end)}"


def agenda_lines(event: Event, items: Iterable[AgendaItem] | None = None) -> list[AgendaLine]:
    """Each item with its start: the event's start plus the lengths of the items before it."""
    at = event.starts_at
    lines = []
    for item in event.agenda_items.all() if items is None else items:
        lines.append(
            AgendaLine(
                starts=clock(_local(event, at)),
                title=clean(item.title).strip(),
                minutes=item.minutes,
                is_break=item.is_break,
                led_by=clean(item.led_by).strip(),
                notes=clean(item.notes).strip(),
            )
        )
        at += dt.timedelta(minutes=item.minutes)
    return lines


# Glossary --------------------------------------------------------------------------------------


def term_pattern(term: str) -> re.Pattern:
    """The term as a whole word or phrase, any case, also in the plural ("licences", "CRCs")."""
    words = [re.escape(word) for word in term.split()]
    if not words:
        return re.compile(r"(?!x)x")  # matches nothing
    return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?:s|es|['’]s)?(?!\w)", re.IGNORECASE)


def glossary_text(event: Event) -> str:
    """The words people will read: the briefing, the agenda, the ground rules, paper titles."""
    parts = [event.briefing, event.ground_rules]
    for item in event.agenda_items.all():
        parts += [item.title, item.notes]
    parts += [document.title for document in event.documents.all()]
    return clean("\n".join(part for part in parts if part))


def terms_found(event: Event, terms: Iterable[GlossaryTerm]) -> list[GlossaryTerm]:
    """The organisation's terms that appear in what people will read."""
    text = glossary_text(event)
    return [term for term in terms if term_pattern(term.term).search(text)]


@dataclass(frozen=True)
class Glossary:
    found: tuple[GlossaryTerm, ...]  # in the papers
    chosen: tuple[GlossaryTerm, ...]  # ticked by hand (event.glossary_terms), not found
    available: tuple[GlossaryTerm, ...]  # every term of the organisation

    @property
    def entries(self) -> list[GlossaryTerm]:
        return sorted({*self.found, *self.chosen}, key=lambda t: (t.term.casefold(), t.pk))


def glossary_for(event: Event, terms: Sequence[GlossaryTerm] | None = None) -> Glossary:
    if terms is None:
        terms = list(GlossaryTerm.objects.filter(organisation=event.organisation_id))
    found = terms_found(event, terms)
    found_ids = {t.pk for t in found}
    chosen = [t for t in event.glossary_terms.all() if t.pk not in found_ids]
    return Glossary(found=tuple(found), chosen=tuple(chosen), available=tuple(terms))


# Building the text -----------------------------------------------------------------------------


def _p(*lines: str) -> tuple[PackBlock, ...]:
    return tuple(PackBlock("p", (line,)) for line in lines if line)


def _ul(items: Sequence[str]) -> tuple[PackBlock, ...]:
    return (PackBlock("ul", tuple(items)),) if items else ()


def _typed(text: str) -> tuple[PackBlock, ...]:
    """What staff typed: paragraphs and lists as they wrote them."""
    return tuple(PackBlock(block.kind, block.items) for block in blocks_from(text))


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“‘(]?[A-Z0-9£])")


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


def _easy(text: str) -> tuple[PackBlock, ...]:
    """What staff typed, one sentence to a line; their lists stay lists."""
    blocks: list[PackBlock] = []
    for block in blocks_from(text):
        if block.kind == "ul":
            blocks.append(PackBlock("ul", block.items))
        else:
            blocks += _p(*sentences(block.text))
    return tuple(blocks)


def _first_name(name: str) -> str:
    parts = clean(name).split()
    return parts[0] if parts else ""


@dataclass(frozen=True)
class _Contact:
    name: str  # "Alice Coordinator", or the organisation's name when nobody is named
    email: str
    named: bool

    @property
    def who(self) -> str:
        return (
            f"{self.name} ({self.email})" if self.email and self.email != self.name else self.name
        )


def _contact(event: Event) -> _Contact:
    user = event.contact
    if user is None:
        return _Contact(clean(event.organisation.name), "", False)
    return _Contact(clean(user.full_name or user.email), clean(user.email), True)


# Facts about the venue, said the same way in every format: (field, if yes, if no).
VENUE_FACTS = [
    ("step_free", "There is step-free access.", "There is no step-free access."),
    ("accessible_toilet", "There is an accessible toilet.", "There is no accessible toilet."),
    ("hearing_loop", "There is a hearing loop.", "There is no hearing loop."),
    (
        "independent_access",
        "You can get in and out on your own, without waiting for someone to let you in.",
        "You may need someone to let you in or out.",
    ),
    ("quiet_room", "There is a quiet room.", "There is no quiet room."),
    ("public_transport", "It is near public transport.", "It is not near public transport."),
    ("parking", "There is parking.", "There is no parking."),
    ("smoking_area", "There is a place to smoke.", "There is no place to smoke."),
]


def venue_facts(venue) -> list[str]:
    """What is known about getting in and around; facts not checked yet are left out."""
    facts = []
    for field, yes, no in VENUE_FACTS:
        value = getattr(venue, field)
        if value is not None:
            facts.append(yes if value else no)
    if venue.last_bus_or_train:
        facts.append(f"The last bus or train home is at about {clock(venue.last_bus_or_train)}.")
    return facts


def _sentence(text: str) -> str:
    """Typed text on one line, ending with a full stop."""
    line = " ".join(clean(text).split())
    return line if line.endswith((".", "!", "?")) else f"{line}."


def provided(event: Event) -> list[str]:
    """What the event itself offers on the day."""
    offers = []
    if event.refreshments:
        offers.append(f"Food and drink: {_sentence(event.refreshments)}")
    if event.dietary_notes:
        offers.append(f"Dietary needs we cater for: {_sentence(event.dietary_notes)}")
    if event.childcare:
        offers.append("Childcare is provided.")
    if event.bsl:
        offers.append("A British Sign Language (BSL) interpreter is booked.")
    if event.hearing_loop:
        offers.append("There is a hearing loop in the room.")
    if event.quiet_space:
        offers.append("There is a quiet space if you need a break.")
    if event.large_print:
        offers.append("Papers are available in large print.")
    if event.easy_read:
        offers.append("Papers are available in Easy Read.")
    return offers


def _filename_stem(event: Event) -> str:
    title = slugify(clean(event.title))[:60].strip("-") or str(event.pk)
    return f"pack-{title}-{_local(event, event.starts_at).date().isoformat()}"


def pack_for(
    event: Event,
    fmt: str = STANDARD,
    *,
    invitation: EventInvitation | None = None,
    glossary: Glossary | None = None,
) -> Pack:
    """The pack for `event` in `fmt` (standard, large-print or easy-read), greeting the invited
    person by their first name when `invitation` is given. Load the event with pack_events()."""
    if fmt not in FORMATS:
        raise ValueError(f"No pack format called {fmt!r}.")
    glossary = glossary or glossary_for(event)
    contact = _contact(event)
    noun = KIND_NOUN.get(event.kind, "event")
    first = _first_name(invitation.participant.preferred_name) if invitation else ""
    agenda = agenda_lines(event)
    terms = tuple(Term(clean(t.term), clean(t.meaning).strip()) for t in glossary.entries)
    papers = [clean(d.title).strip() for d in event.documents.all() if d.title.strip()]
    build = _easy_read if fmt == EASY_READ else _standard
    sections, closing, intro, greeting = build(event, noun, contact, agenda, terms, papers, first)
    other = {
        STANDARD: "You can ask for this pack in large print, Easy Read or another format.",
        LARGE_PRINT: "You can ask for this pack in Easy Read or another format.",
        EASY_READ: "You can ask for this in large print or another way.",
    }[fmt]
    return Pack(
        fmt=fmt,
        organisation=clean(event.organisation.name),
        title=clean(event.title).strip(),
        kind=event.get_kind_display(),
        noun=noun,
        when=when_words(event),
        greeting=greeting,
        intro=intro,
        cancelled=event.is_cancelled,
        sections=tuple(s for s in sections if s.blocks),
        closing=closing,
        other_formats=other,
        filename_stem=_filename_stem(event),
    )


def _photos_planned(event: Event) -> str:
    if event.photos_planned and event.filming_planned:
        return "photos and film"
    return "photos" if event.photos_planned else ("film" if event.filming_planned else "")


def _standard(event, noun, contact, agenda, terms, papers, first):
    intro = (
        f"This pack is about the {event.get_kind_display().lower()} “{clean(event.title).strip()}”"
        f" run by {clean(event.organisation.name)}. It tells you what it is about, when and where"
        f" it is, and what to expect on the day. Please read it before the {noun}, and ask us"
        " about anything that is not clear.",
    )
    if event.is_cancelled:
        intro = (f"This {noun} has been cancelled. We are sorry for any trouble this causes.",)
    sections = [Section("When", (PackBlock("lead", (when_words(event),)),), key="when")]

    where: list[PackBlock] = []
    venue = event.venue
    if venue is not None:
        address = [clean(venue.name).strip(), *clean(venue.address).strip().split("\n")]
        if venue.postcode and venue.postcode.strip() not in venue.address:
            address.append(clean(venue.postcode).strip())
        where.append(PackBlock("p", (", ".join(line.strip() for line in address if line.strip()),)))
        if venue.directions.strip():
            where += _p("How to get there:")
            where += _typed(venue.directions)
        facts = venue_facts(venue)
        if facts:
            where += _p("Getting in and around:")
            where += _ul(facts)
    if event.online_link:
        if venue is not None:
            where += _p(f"You can also join the {noun} online.")
        else:
            where += _p(f"This {noun} is online.")
        where += _p(
            "How to join: open this link on a phone, tablet or computer a few minutes before the"
            " start."
        )
        where.append(PackBlock("link", (event.online_link,)))
        where += _p(
            f"If you have not joined an online meeting before, {contact.name} can help you try"
            " it out first."
        )
    if not where:
        where += _p(f"We will tell you where the {noun} is as soon as we know.")
    sections.append(Section("Where", tuple(where), key="where"))
    sections.append(Section(f"What the {noun} is about", _typed(event.briefing), key="about"))

    if agenda:
        end = clock(_local(event, event.ends_at))
        sections.append(
            Section(
                "Agenda",
                (PackBlock("agenda", tuple(agenda)), *_p(f"We aim to finish by {end}.")),
                key="agenda",
            )
        )
    sections.append(Section("On the day", _ul(provided(event)), key="provided"))
    dress = clean(event.dress_code).strip()
    sections.append(Section("What to wear", _p(dress or NO_DRESS_CODE), key="dress"))
    travel = _typed(event.travel_arrangements) or _p(
        f"If you need help getting to the {noun}, talk to {contact.name}."
    )
    sections.append(Section("Travel", travel, key="travel"))
    expenses = _typed(event.expenses_arrangements) or _p(
        f"Ask {contact.name} what we pay for and how to claim your expenses."
    )
    sections.append(Section("Expenses and payment", expenses, key="expenses"))
    sections.append(Section("Photos and filming", _photos_standard(event, contact), key="photos"))
    sections.append(Section("Ground rules", _typed(event.ground_rules), key="rules"))
    sections.append(Section("Papers for the meeting", _ul(papers), key="papers"))
    if terms:
        glossary_blocks = (
            *_p("Some words in the papers, and what they mean:"),
            PackBlock("terms", terms),
        )
        sections.append(Section("Words used in the papers", glossary_blocks, key="glossary"))
    sections.append(
        Section("Special requests and who to contact", _contact_standard(contact), key="contact")
    )
    closing = Section(
        "Taking part is your choice",
        _p(
            f"Coming to this {noun} is up to you. You can change your mind at any time: just let"
            " us know.",
            "Saying no, or stopping, will not change the support or services you get from us.",
        ),
        key="choice",
    )
    return sections, closing, intro, f"Dear {first}," if first else "Hello,"


def _photos_standard(event, contact) -> tuple[PackBlock, ...]:
    what = _photos_planned(event)
    if not what:
        return _p(f"No photos or filming are planned at this {KIND_NOUN.get(event.kind)}.")
    return _p(
        f"We plan to take {what} at this {KIND_NOUN.get(event.kind, 'event')}.",
        "Nobody is photographed or filmed without saying yes first. Tell "
        f"{contact.name} whether you are happy to be in them or not: you can opt in or out,"
        " and change your mind at any time, even on the day.",
    )


def _contact_standard(contact: _Contact) -> tuple[PackBlock, ...]:
    if contact.named:
        first = f"Your named contact is {contact.who}."
    else:
        first = f"Contact {contact.name} with any questions."
    return _p(
        first,
        f"{SPECIAL_REQUESTS} Please tell us as early as you can, so we can sort things out"
        " before the day.",
    )


def _easy_read(event, noun, contact, agenda, terms, papers, first):
    ask = contact.name if not contact.named else _first_name(contact.name) or contact.name
    start, end = _local(event, event.starts_at), _local(event, event.ends_at)
    title = clean(event.title).strip()
    intro: tuple[str, ...] = (f"This is about the {noun} called {title}.",)
    if event.is_cancelled:
        intro = (f"The {noun} is cancelled.", "It will not happen.")
    sections = [
        Section(
            "What it is about",
            _p(f"{clean(event.organisation.name)} is having a {noun}.") + _easy(event.briefing),
            icon="about",
            key="about",
        )
    ]
    when = [f"The {noun} is on {_day(start.date())}.", f"It starts at {clock(start)}."]
    if end.date() == start.date():
        when.append(f"It ends at {clock(end)}.")
    else:
        when.append(f"It ends on {_day(end.date())} at {clock(end)}.")
    sections.append(Section("When", _p(*when), icon="when", key="when"))

    where: list[PackBlock] = []
    venue = event.venue
    if venue is not None:
        where += _p(f"The {noun} is at {clean(venue.name).strip()}.")
        address = [line.strip() for line in clean(venue.address).split("\n") if line.strip()]
        if venue.postcode and venue.postcode.strip() not in venue.address:
            address.append(clean(venue.postcode).strip())
        if address:
            where += _p("The address is:")
            where.append(PackBlock("lines", tuple(address)))
        if venue.directions.strip():
            where += _p("How to get there:")
            where += _easy(venue.directions)
        where += _p(*venue_facts(venue))
    if event.online_link:
        where += _p(
            "You can also join on a phone, tablet or computer."
            if venue is not None
            else f"The {noun} is online.",
            "Use this link to join:",
        )
        where.append(PackBlock("link", (event.online_link,)))
        where += _p(f"Ask {ask} if you want help to join.")
    if not where:
        where += _p("We will tell you where it is soon.")
    sections.append(
        Section(
            "Where",
            tuple(where),
            icon="where" if venue is not None or not event.online_link else "online",
            key="where",
        )
    )

    if agenda:
        do = list(_p(f"The {noun} starts at {clock(start)}."))
        topics = [line.title for line in agenda if not line.is_break and line.title]
        if topics:
            do += _p("We will talk about:")
            do += _ul(topics)
        breaks = [line.starts for line in agenda if line.is_break]
        if len(breaks) == 1:
            do += _p(f"There is a break at {breaks[0]}.")
        elif breaks:
            do += _p("There are breaks at " + _and(breaks) + ".")
        do += _p(f"The {noun} ends at {clock(end)}.")
        sections.append(Section("What we will do", tuple(do), icon="agenda", key="agenda"))

    help_lines = [_simple_offer(line, noun) for line in provided(event)]
    sections.append(Section("Help on the day", _p(*help_lines), icon="help", key="provided"))
    dress = clean(event.dress_code).strip()
    sections.append(
        Section(
            "What to wear",
            _easy(dress) if dress else _p("Wear what you feel comfortable in."),
            icon="wear",
            key="dress",
        )
    )
    travel = _easy(event.travel_arrangements) or _p(f"Ask {ask} if you need help getting there.")
    sections.append(Section("Getting there", travel, icon="travel", key="travel"))
    money = _easy(event.expenses_arrangements) or _p(f"Ask {ask} about money for travel.")
    sections.append(Section("Money", money, icon="money", key="expenses"))
    what = _photos_planned(event)
    if what:
        photos = _p(
            f"We want to take {what} at the {noun}.",
            "We only take photos of people who say yes.",
            f"Tell {ask} if you want to be in the {what} or not.",
            "You can change your mind.",
        )
    else:
        photos = _p("We are not going to take photos.")
    sections.append(Section("Photos", photos, icon="photos", key="photos"))
    sections.append(Section("Our rules", _easy(event.ground_rules), icon="rules", key="rules"))
    if papers:
        sections.append(
            Section(
                "Papers",
                (*_p("We will give you these papers:"), *_ul(papers)),
                icon="papers",
                key="papers",
            )
        )
    if terms:
        sections.append(
            Section(
                "Words to know",
                (*_p("Some words you might read or hear:"), PackBlock("terms", terms)),
                icon="words",
                key="glossary",
            )
        )
    who = [f"Ask {contact.name} if you have a question."]
    if contact.email:
        who.append(f"Email: {contact.email}")
    who += [
        f"Tell {ask} if you need help to come.",
        f"Tell {ask} if there is food you cannot eat.",
    ]
    sections.append(Section("Who to ask", _p(*who), icon="ask", key="contact"))
    closing = Section(
        "It is your choice",
        _p(
            "You do not have to come.",
            "You can change your mind at any time.",
            "Saying no will not change the help you get from us.",
        ),
        icon="choice",
        key="choice",
    )
    return sections, closing, intro, f"Hello {first}." if first else "Hello."


def _and(words: Sequence[str]) -> str:
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


_SIMPLER = {
    "Childcare is provided.": "We look after children while you are at the {noun}.",
    "A British Sign Language (BSL) interpreter is booked.": "There is a BSL signer.",
    "There is a hearing loop in the room.": "There is a hearing loop.",
    "There is a quiet space if you need a break.": "There is a quiet place if you need a break.",
    "Papers are available in large print.": "You can have papers in large print.",
    "Papers are available in Easy Read.": "You can have papers in Easy Read.",
}


def _simple_offer(line: str, noun: str) -> str:
    return _SIMPLER.get(line, line).format(noun=noun)


# For the pack page -----------------------------------------------------------------------------


def pack_gaps(event: Event) -> list[str]:
    """What the pack would be missing, so staff can fill it in before it goes out."""
    gaps = []
    if not event.briefing.strip():
        gaps.append("There is no briefing: say what the meeting is about, in plain words.")
    if event.venue is None and not event.online_link:
        gaps.append("There is no venue or online link yet.")
    if not event.agenda_items.all():
        gaps.append("There is no agenda yet.")
    if event.contact is None:
        gaps.append("Nobody is named as the contact for special requests.")
    if not event.travel_arrangements.strip():
        gaps.append("Nothing is said about travel.")
    if not event.expenses_arrangements.strip():
        gaps.append("Nothing is said about expenses and payment.")
    return gaps
