"""Who might suit an event: the recruitment matcher, asked about the event's time, the methods
of its project, and the access needs the event and venue can meet."""

from __future__ import annotations

import datetime as dt

from withus.events.models import Event
from withus.events.services import people_already_invited
from withus.events.timing import local
from withus.people import choices as pc
from withus.recruitment import matching


def period_of(moment: dt.datetime) -> str:
    if moment.hour < 12:
        return pc.Period.MORNING
    if moment.hour < 17:
        return pc.Period.AFTERNOON
    return pc.Period.EVENING


def provisions_of(event: Event) -> frozenset[str]:
    """The access needs this event (and its venue, if known) can meet."""
    venue = event.venue
    met = {pc.AccessNeed.TRAVEL_HELP} if event.travel_arrangements else set()
    flags = {
        pc.AccessNeed.BSL: event.bsl,
        pc.AccessNeed.LARGE_PRINT: event.large_print,
        pc.AccessNeed.EASY_READ: event.easy_read,
        pc.AccessNeed.CHILDCARE: event.childcare,
        pc.AccessNeed.HEARING_LOOP: event.hearing_loop or bool(venue and venue.hearing_loop),
        pc.AccessNeed.QUIET_SPACE: event.quiet_space or bool(venue and venue.quiet_room),
        pc.AccessNeed.DIETARY: bool(event.dietary_notes),
        pc.AccessNeed.COMPANION: True,  # a buddy or companion can always be arranged
        pc.AccessNeed.BREAKS: event.agenda_items.filter(is_break=True).exists()
        or event.duration <= dt.timedelta(hours=1),
        pc.AccessNeed.STEP_FREE: bool(venue and venue.step_free)
        or (not venue and bool(event.online_link)),
    }
    met |= {need for need, ok in flags.items() if ok}
    return frozenset(met)


def need_for_event(event: Event) -> matching.Need:
    start = local(event.starts_at, event.organisation.timezone)
    methods = event.project.methods if event.project else []
    return matching.Need(
        methods=frozenset(m for m in methods if m in pc.Method.values),
        times=frozenset({(start.weekday(), period_of(start))}),
        provisions=provisions_of(event),
    )


def ranked_for_event(event: Event, *, today: dt.date) -> list[matching.Match]:
    invited = people_already_invited(event)
    people = [f for f in matching.candidate_facts(today=today) if f.participant_id not in invited]
    return matching.rank([f for f in people if f.status != pc.Status.EXITED], need_for_event(event))
