"""The welcome pack for a person joining a project, assembled from what withus already holds.

Clinks (2016) asks that people know, before they start, what the work is, their role and its
terms of reference, the code of conduct, how payment and expenses work, how to complain, and what
safeguarding means for them (sections 3.4, 5.2 and 5.5). The pack gathers all of that:

- about the organisation and the project's partners;
- the project's summary, aims and timescale (projects);
- the role description and the group's terms of reference (recruitment): the role is the one the
  person applied for on this project, or else the project's first role description;
- the code of conduct: the terms of reference's, or else the organisation's approved code;
- who else is involved: staff by name, others with lived experience as a number only (first
  names of other participants are not shared in a document that can be passed on, since some
  people have restrictions on who they may be in contact with);
- key contacts, travel and expenses, payment arrangements (rate cards and the person's choice);
- the complaints process and the safeguarding statement (approved policies, else our starter);
- a glossary: the organisation's terms that appear in the pack, or on the project's events.

Formats and rendering are the pre-meeting pack's (events/pack.py): standard and large print say
the same things; Easy Read says them in short sentences with a picture beside each section.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils.text import slugify

from withus.documents import blocks_from, clean

# _p and _ul are the events pack's block helpers: the welcome pack builds the same blocks.
from withus.events.pack import (
    EASY_READ,
    FORMATS,
    STANDARD,
    PackBlock,
    Section,
    Term,
    _p,
    _ul,
    sentences,
)
from withus.events.pack import term_pattern as _term_pattern
from withus.pages.templatetags.withus_format import nice_date, pounds
from withus.policies import data, selectors
from withus.policies.models import PolicyDocument
from withus.policies.render import Document
from withus.policies.starters import SPECS

K = PolicyDocument.Kind


def _typed(text: str) -> tuple[PackBlock, ...]:
    return tuple(PackBlock(b.kind, b.items) for b in blocks_from(text))


def _easy(text: str) -> tuple[PackBlock, ...]:
    out: list[PackBlock] = []
    for block in blocks_from(text):
        if block.kind == "ul":
            out.append(PackBlock("ul", block.items))
        else:
            out += _p(*sentences(block.text))
    return tuple(out)


def _one_line(text: str) -> str:
    return " ".join(clean(text).split())


def _first(name: str) -> str:
    parts = clean(name).split()
    return parts[0] if parts else ""


def _starter(kind: str, key: str) -> str:
    return next((s.starter for s in SPECS[kind] if s.key == key), "")


@dataclass(frozen=True)
class Sources:
    """Everything the pack reads, loaded in a fixed number of queries."""

    organisation: object
    participant: object
    project: object
    role: object | None
    terms_of_reference: object | None
    others: int  # other people with lived experience on the project
    rate_cards: tuple  # the role's rate, or else every current rate card
    rates_for_role: bool  # False: rate_cards are the organisation's general rates
    approved: dict
    terms: tuple
    event_term_ids: frozenset
    mileage: tuple[str, ...]
    today: dt.date


def gather(*, participant, project, today: dt.date) -> Sources:
    from withus.events.models import GlossaryTerm
    from withus.people.models import Participant
    from withus.recruitment.models import Candidate, RoleDescription, Stage, TermsOfReference

    organisation = project.organisation
    candidacy = (
        Candidate.objects.filter(participant=participant, opportunity__project=project)
        .exclude(stage__in=[Stage.DECLINED, Stage.WITHDRAWN])
        .select_related("opportunity__role", "opportunity__rate_card")
        .order_by("-created_at")
        .first()
    )
    role = candidacy.opportunity.role if candidacy else None
    if role is None:
        role = RoleDescription.objects.filter(project=project).order_by("created_at", "id").first()
    tor = TermsOfReference.objects.filter(project=project).order_by("created_at", "id").first()
    others = (
        Participant.objects.filter(erased_at__isnull=True)
        .filter(
            Q(co_planned_projects=project)
            | Q(
                candidacies__opportunity__project=project,
                candidacies__stage__in=[Stage.TERMS_AGREED, Stage.ACTIVE],
            )
            | Q(tasks__project=project)
        )
        .exclude(pk=participant.pk)
        .distinct()
        .count()
    )
    if candidacy and candidacy.opportunity.rate_card:
        cards = (candidacy.opportunity.rate_card,)
    else:
        cards = tuple(
            o.rate_card
            for o in project.opportunities.filter(rate_card__isnull=False).select_related(
                "rate_card"
            )
        )
        cards = tuple({c.pk: c for c in cards}.values())
    specific = bool(cards)
    if not cards:
        cards = tuple(data.current_rate_cards(organisation, today=today))
    event_term_ids = frozenset(
        GlossaryTerm.objects.filter(events__project=project).values_list("pk", flat=True)
    )
    return Sources(
        organisation=organisation,
        participant=participant,
        project=project,
        role=role,
        terms_of_reference=tor,
        others=others,
        rate_cards=cards,
        rates_for_role=specific,
        approved=selectors.approved_versions(organisation),
        terms=tuple(GlossaryTerm.objects.order_by("term")),
        event_term_ids=event_term_ids,
        mileage=tuple(data.mileage_lines(today=today)),
        today=today,
    )


def _contacts(src: Sources) -> list[tuple[str, str, str]]:
    """(role, name, how to reach them)."""
    out = []
    lead = src.project.lead
    if lead is not None:
        out.append(("Project lead", clean(lead.full_name or lead.email), clean(lead.email)))
    named = src.participant.named_contact
    if named is not None and (lead is None or named.pk != lead.pk):
        name = clean(named.full_name or named.email)
        out.append(("Your named contact", name, clean(named.email)))
    if src.organisation.phone:
        out.append(("Our office", clean(src.organisation.name), clean(src.organisation.phone)))
    return out


def _period(project) -> str:
    period = data.project_period(project)
    return f"It runs {period}." if period else ""


def _payment_choice_line(participant, easy: bool) -> str:
    choice = participant.payment_choice
    standard = {
        "payment": "You have told us you would like to be paid for your time.",
        "expenses_only": "You have told us you would like your expenses paid back, but no"
        " payment for your time.",
        "declines": "You have told us you do not want to be paid. We will still pay back your"
        " expenses if you want us to.",
        "vouchers": "You have told us you would like vouchers.",
    }
    simple = {
        "payment": "You told us you want to be paid.",
        "expenses_only": "You told us you only want your expenses paid back.",
        "declines": "You told us you do not want to be paid.",
        "vouchers": "You told us you want vouchers.",
    }
    return (simple if easy else standard).get(choice, "")


def _wants_paying(participant) -> bool:
    return participant.payment_choice not in ("declines", "expenses_only")


def _meets(text: str) -> str:
    """'It meets monthly.' from 'Monthly' (acronyms and names keep their capitals)."""
    words = _one_line(text).rstrip(".")
    first = words.split(" ", 1)[0]
    if first[:1].isupper() and first[1:].islower():
        words = words[:1].lower() + words[1:]
    return f"It meets {words}."


def _safeguarding(src: Sources) -> str:
    version = src.approved.get(K.SAFEGUARDING)
    parts = [
        selectors.section_text(version, "commitment") or _starter(K.SAFEGUARDING, "commitment"),
        selectors.section_text(version, "tell") or _starter(K.SAFEGUARDING, "tell"),
    ]
    return "\n".join(p for p in parts if p)


def _conduct(src: Sources) -> str:
    tor = src.terms_of_reference
    if tor is not None and tor.code_of_conduct.strip():
        return tor.code_of_conduct
    version = src.approved.get(K.CONDUCT)
    return selectors.section_text(version, "expect") or _starter(K.CONDUCT, "expect")


def _glossary(src: Sources, sections: list[Section], *, easy: bool) -> tuple[Term, ...]:
    """The organisation's terms used in the pack and, except in Easy Read (which keeps to the
    few words it uses), the terms the project's events explain."""
    text = "\n".join(line for s in sections for line in s.lines)
    chosen = [
        t
        for t in src.terms
        if (not easy and t.pk in src.event_term_ids) or _term_pattern(t.term).search(text)
    ]
    return tuple(
        Term(clean(t.term), clean(t.meaning).strip())
        for t in sorted(chosen, key=lambda t: t.term.casefold())
    )


def welcome_pack(src: Sources, fmt: str = STANDARD) -> Document:
    if fmt not in FORMATS:
        raise ValueError(f"No pack format called {fmt!r}.")
    easy = fmt == EASY_READ
    sections = _easy_read(src) if easy else _standard(src)
    terms = _glossary(src, sections, easy=easy)
    if terms:
        heading = "Words to know" if easy else "Words you may hear"
        lead = "Some words you might hear:" if easy else "Some words used in this pack and in"
        lead += "" if easy else " the project, and what they mean:"
        sections.append(
            Section(heading, (*_p(lead), PackBlock("terms", terms)), icon="words", key="glossary")
        )
    project = clean(src.project.name)
    first = _first(src.participant.preferred_name)
    if easy:
        intro = (f"This is about {project}.", "It tells you what you need to know to start.")
        closing = Section(
            "It is your choice",
            _p(
                "You do not have to take part.",
                "You can stop at any time.",
                "Stopping will not change the help you get from us.",
            ),
            icon="choice",
            key="choice",
        )
        greeting = f"Hello {first}." if first else "Hello."
    else:
        intro = (
            f"Welcome to {project}. This pack tells you about the project, your role, how we"
            " work together, who to contact, and how payment, expenses, complaints and"
            " safeguarding work. Please ask us about anything that is not clear.",
        )
        closing = Section(
            "Taking part is your choice",
            _p(
                "You can take part at a level that suits you, step back or stop at any time:"
                " just let us know.",
                "Saying no, or stopping, will not change the support or services you get from us.",
            ),
            icon="choice",
            key="choice",
        )
        greeting = f"Dear {first}," if first else "Hello,"
    other = {
        STANDARD: "You can ask for this pack in large print, Easy Read or another format.",
        "large-print": "You can ask for this pack in Easy Read or another format.",
        EASY_READ: "You can ask for this in large print or another way.",
    }[fmt]
    stem = slugify(f"welcome-{project}-{first}")[:80].strip("-") or "welcome-pack"
    return Document(
        fmt=fmt,
        organisation=clean(src.organisation.name),
        title=f"Welcome to {project}",
        kind="Welcome pack",
        noun="project",
        when="",
        greeting=greeting,
        intro=intro,
        cancelled=False,
        sections=tuple(s for s in sections if s.blocks),
        closing=closing,
        other_formats=other,
        filename_stem=stem,
        label="Easy Read welcome pack" if easy else "Welcome pack",
    )


def _standard(src: Sources) -> list[Section]:
    org, project, role, tor = src.organisation, src.project, src.role, src.terms_of_reference
    sections: list[Section] = []
    about = [
        f"{clean(org.name)} works with people who have experience of the criminal justice"
        " system, and involves them in shaping and checking its services."
    ]
    if org.charity_number:
        about.append(f"Registered charity number {clean(org.charity_number)}.")
    blocks = _p(*about)
    if project.partners.strip():
        lines = clean(project.partners).split("\n")
        partners = [p for p in (_one_line(line).lstrip("-*• ") for line in lines) if p]
        blocks += _p("We run this project with:") + _ul(partners)
    sections.append(Section("About us", blocks, icon="about", key="organisation"))

    blocks = ()
    if project.what.strip():
        blocks += _typed(project.what)
    if project.why.strip():
        blocks += _p("Why it matters:") + _typed(project.why)
    if project.aims.strip():
        blocks += _p("What we aim to achieve:") + _typed(project.aims)
    blocks += _p(_period(project))
    if project.when.strip():
        blocks += _p(f"When: {_one_line(project.when)}")
    if project.where.strip():
        blocks += _p(f"Where: {_one_line(project.where)}")
    sections.append(Section(clean(project.name), blocks, icon="agenda", key="project"))

    if role is not None:
        blocks = _p(f"Your role: {clean(role.title)}") + _typed(role.summary)
        if role.tasks.strip():
            blocks += _p("What you would do:") + _typed(role.tasks)
        often = []
        if role.frequency.strip():
            often.append(f"How often: {_one_line(role.frequency).rstrip('.')}.")
        if role.duration.strip():
            often.append(f"How long for: {_one_line(role.duration).rstrip('.')}.")
        blocks += _p(" ".join(often))
        if role.support_offered.strip():
            blocks += _p("Support and training we offer:") + _typed(role.support_offered)
        sections.append(Section("Your role", blocks, icon="help", key="role"))

    if tor is not None:
        blocks = _p(f"{clean(tor.group_name)}: {_one_line(tor.purpose)}")
        if tor.meeting_frequency.strip():
            blocks += _p(_meets(tor.meeting_frequency))
        if tor.decision_making.strip():
            blocks += _p("How decisions are made:") + _typed(tor.decision_making)
        if tor.confidentiality.strip():
            blocks += _p("Confidentiality:") + _typed(tor.confidentiality)
        sections.append(Section("How the group works", blocks, icon="papers", key="terms"))

    sections.append(Section("Code of conduct", _typed(_conduct(src)), icon="rules", key="conduct"))

    who = []
    lead = project.lead
    if lead is not None:
        who.append(f"{clean(lead.full_name or lead.email)} leads the project for us.")
    if src.others:
        who.append(
            f"{src.others} other {'person' if src.others == 1 else 'people'} with lived"
            " experience {} taking part.".format("is" if src.others == 1 else "are")
        )
    else:
        who.append("You are one of the first people with lived experience to join.")
    who.append("We will introduce you to everyone at your first meeting.")
    sections.append(Section("Who else is involved", _p(*who), icon="ask", key="who"))

    contacts = [f"{r}: {n}" + (f", {h}" if h and h != n else "") for r, n, h in _contacts(src)]
    sections.append(
        Section(
            "Key contacts",
            _ul(contacts) or _p(f"Contact {clean(org.name)} with any questions."),
            icon="ask",
            key="contacts",
        )
    )

    travel = _p(
        "We book and pay for travel in advance where we can. Tell us if you need help getting"
        " to meetings, or if times clash with a curfew or other commitments.",
        f"We pay back the exact cost of travel, meals, childcare and other costs of taking part,"
        f" with a receipt, within {org.expense_target_days} days of your claim.",
    )
    if src.mileage:
        travel += _p("If you use your own vehicle, we pay per mile:") + _ul(src.mileage)
    sections.append(Section("Travel and expenses", travel, icon="travel", key="travel"))

    pay = _p(_payment_choice_line(src.participant, False))
    if src.rate_cards and _wants_paying(src.participant):
        lead = "What we pay for this work:" if src.rates_for_role else "Our current rates:"
        pay += _p(lead) + _ul([data.rate_line(c) for c in src.rate_cards])
    if role is not None and role.payment_policy.strip():
        pay += _typed(role.payment_policy)
    pay += _p(
        "Payment can affect benefits. Before you agree to be paid, we can point you to free,"
        " independent advice, and you can choose to take expenses only or no payment at all."
    )
    sections.append(Section("Payment", pay, icon="money", key="payment"))

    blocks = data.complaints_blocks(org, today=src.today)
    steps = next(b["items"] for b in blocks if b["kind"] == "ul")
    sections.append(
        Section(
            "Complaints and concerns",
            _p(
                "You can tell any member of staff about a complaint or a concern, use the portal,"
                " phone or write to us. Raising a complaint will never count against you."
            )
            + _ul(steps),
            icon="ask",
            key="complaints",
        )
    )
    sections.append(
        Section("Keeping safe", _typed(_safeguarding(src)), icon="help", key="safeguarding")
    )
    return sections


def _easy_read(src: Sources) -> list[Section]:
    from withus.concerns.models import (
        ACKNOWLEDGE_WITHIN_WORKING_DAYS,
        RESPOND_WITHIN_WORKING_DAYS,
    )

    org, project, role, tor = src.organisation, src.project, src.role, src.terms_of_reference
    name = clean(org.name)
    sections: list[Section] = [
        Section(
            "About us",
            _p(
                f"We are {name}.",
                "We work with people who have been in the criminal justice system.",
                "We ask them to help us make our services better.",
            ),
            icon="about",
            key="organisation",
        )
    ]
    blocks = _p(f"The project is called {clean(project.name)}.") + _easy(project.what)
    if project.aims.strip():
        blocks += _p("What we want to do:") + _easy(project.aims)
    if project.starts_on:
        blocks += _p(f"It starts on {nice_date(project.starts_on)}.")
    if project.ends_on:
        blocks += _p(f"It ends on {nice_date(project.ends_on)}.")
    sections.append(Section("The project", blocks, icon="agenda", key="project"))
    if role is not None:
        blocks = _p(f"Your role is: {clean(role.title)}.") + _easy(role.summary)
        if role.tasks.strip():
            blocks += _p("You will:") + _easy(role.tasks)
        if role.frequency.strip():
            blocks += _p(f"How often: {_one_line(role.frequency)}")
        sections.append(Section("Your role", blocks, icon="help", key="role"))
    if tor is not None and tor.meeting_frequency.strip():
        sections.append(
            Section(
                "Meetings",
                _p(
                    f"The group is called {clean(tor.group_name)}.",
                    _meets(tor.meeting_frequency),
                ),
                icon="when",
                key="terms",
            )
        )
    sections.append(
        Section(
            "Our rules",
            _easy(_conduct(src)),
            icon="rules",
            key="conduct",
        )
    )
    who = []
    if project.lead is not None:
        who.append(
            f"{_first(project.lead.full_name) or clean(project.lead.email)} from our staff"
            " runs the project."
        )
    if src.others:
        who.append(
            f"{src.others} other {'person is' if src.others == 1 else 'people are'} in the group."
        )
    who.append("We will introduce you to everyone.")
    sections.append(Section("Who you will meet", _p(*who), icon="ask", key="who"))
    contacts = [f"{r}: {n}" + (f", {h}" if h and h != n else "") for r, n, h in _contacts(src)]
    sections.append(
        Section(
            "Who to ask",
            _p("You can ask these people for help:") + _ul(contacts)
            if contacts
            else _p(f"Ask {name} for help."),
            icon="ask",
            key="contacts",
        )
    )
    sections.append(
        Section(
            "Getting there",
            _p(
                "We can book your travel for you.",
                "Tell us if you need help to get there.",
                "Tell us if you have a curfew.",
            ),
            icon="travel",
            key="travel",
        )
    )
    money = _p(
        _payment_choice_line(src.participant, True),
        "We pay back money you spend to take part.",
        "Keep your receipts.",
        f"We pay you back within {org.expense_target_days} days.",
    )
    if src.rate_cards and src.rates_for_role and _wants_paying(src.participant):
        money += _p("We pay:") + _ul(
            [
                f"{pounds(c.amount)} {c.get_basis_display().lower()}"
                f" for {c.get_responsibility_display().lower()}"
                for c in src.rate_cards
            ]
        )
    money += _p(
        "Being paid can change your benefits.",
        "We can tell you where to get free advice first.",
    )
    sections.append(Section("Money", money, icon="money", key="payment"))
    sections.append(
        Section(
            "If you are not happy",
            _p(
                "Tell any of our staff.",
                "You can also tell us on the portal.",
                f"We will tell you we got it within {ACKNOWLEDGE_WITHIN_WORKING_DAYS} working"
                " days.",
                f"We will answer within {RESPOND_WITHIN_WORKING_DAYS} working days.",
                "You will not get into trouble for telling us.",
            ),
            icon="ask",
            key="complaints",
        )
    )
    sections.append(
        Section(
            "Keeping safe",
            _p(
                "We want everyone to be safe.",
                "If you are worried about yourself or someone else, tell our staff.",
                "If someone is in danger now, call 999.",
            ),
            icon="help",
            key="safeguarding",
        )
    )
    return sections
