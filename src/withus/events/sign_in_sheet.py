"""The printable sign-in sheet: everyone coming, in name order, with room to sign in and out.

When photos or filming are planned, anyone whose latest photo (or film) consent is not "given"
is marked NO PHOTOS (or NO FILMING) in large letters, so whoever takes pictures on the day can
see it at a glance. Companions and carers have no consent on record, so they are marked too.
The people come from one query, however many there are.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.template.loader import render_to_string
from django.utils.text import slugify

from withus.documents import clean, html_to_pdf
from withus.events.models import Event, EventInvitation
from withus.events.pack import clock, when_words
from withus.events.timing import local
from withus.people import choices as c
from withus.people.models import ConsentEvent

TEMPLATE = "events/pack/sign_in_sheet_pdf.html"
WALK_IN_ROWS = 5


@dataclass(frozen=True)
class Row:
    name: str
    note: str  # "Coming with Jo Bloggs"
    no_photos: bool
    no_filming: bool


@dataclass(frozen=True)
class SignInSheet:
    organisation: str
    title: str
    when: str
    where: str
    photos_planned: bool
    filming_planned: bool
    rows: tuple[Row, ...]
    blank_rows: int
    printed: str
    filename: str

    @property
    def marks_used(self) -> bool:
        return any(row.no_photos or row.no_filming for row in self.rows)


def _latest(purpose: str) -> Subquery:
    return Subquery(
        ConsentEvent.objects.filter(participant=OuterRef("participant_id"), purpose=purpose)
        .order_by("-recorded_at", "-id")
        .values("state")[:1]
    )


def coming(event: Event):
    """Invitations of people coming, with their latest photo and film consent (one query)."""
    return (
        EventInvitation.objects.filter(
            event=event,
            reply=EventInvitation.Reply.ACCEPTED,
            participant__erased_at__isnull=True,
        )
        .select_related("participant")
        .annotate(
            photos_consent=_latest(c.ConsentPurpose.PHOTOS),
            film_consent=_latest(c.ConsentPurpose.FILM),
        )
    )


def _where(event: Event) -> str:
    venue = event.venue
    if venue is not None:
        parts = [venue.name, *clean(venue.address).split("\n")]
        return ", ".join(part.strip() for part in parts if part.strip())
    return "Online" if event.online_link else "Not decided yet"


def sheet_for(event: Event, *, now=None) -> SignInSheet:
    from django.utils import timezone

    given = c.ConsentState.GIVEN
    rows: list[Row] = []
    for invitation in coming(event):
        person = invitation.participant
        name = clean(person.preferred_name).strip()
        rows.append(
            Row(
                name=name,
                note="",
                no_photos=event.photos_planned and invitation.photos_consent != given,
                no_filming=event.filming_planned and invitation.film_consent != given,
            )
        )
        companion = clean(invitation.companion_name).strip()
        if companion:
            rows.append(
                Row(
                    name=companion,
                    note=f"Coming with {name}",
                    no_photos=event.photos_planned,
                    no_filming=event.filming_planned,
                )
            )
    rows.sort(key=lambda row: (row.name.casefold(), row.note.casefold()))
    tz = event.organisation.timezone
    printed = local(now or timezone.now(), tz)
    day = local(event.starts_at, tz).date()
    title = clean(event.title).strip()
    return SignInSheet(
        organisation=clean(event.organisation.name),
        title=title,
        when=when_words(event),
        where=_where(event),
        photos_planned=event.photos_planned,
        filming_planned=event.filming_planned,
        rows=tuple(rows),
        blank_rows=WALK_IN_ROWS,
        printed=f"{printed.day} {printed:%B %Y}, {clock(printed)}",
        filename=f"sign-in-{slugify(title)[:60].strip('-') or event.pk}-{day.isoformat()}.pdf",
    )


def to_html(sheet: SignInSheet) -> str:
    return render_to_string(TEMPLATE, {"sheet": sheet, "blank_rows": range(sheet.blank_rows)})


def to_pdf(sheet: SignInSheet) -> bytes:
    return html_to_pdf(to_html(sheet))
