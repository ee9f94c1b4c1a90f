"""Fake but realistic participants for the demo and for national-scale performance work.

Deterministic (seeded) so that screenshots and benchmarks are repeatable. Every phone number is
in Ofcom's drama range (07700 900xxx) and every email address is on the reserved .example domain.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from withus.people import choices as c
from withus.people.crypto import encrypt
from withus.people.models import (
    AccessNeed,
    Availability,
    BankDetails,
    BenefitsRecord,
    ConsentEvent,
    EqualityRecord,
    Interest,
    Participant,
    Restriction,
    Skill,
    StatusChange,
)

FIRST = [
    "Aaliyah",
    "Amara",
    "Bethany",
    "Caitlin",
    "Chantelle",
    "Dawn",
    "Destiny",
    "Ebony",
    "Fatima",
    "Gemma",
    "Hayley",
    "Jade",
    "Kerry",
    "Lacey",
    "Leanne",
    "Mariam",
    "Nadia",
    "Paige",
    "Rosie",
    "Shannon",
    "Stacey",
    "Tanya",
    "Tia",
    "Zainab",
    "Aaron",
    "Callum",
    "Darren",
    "Dean",
    "Jamal",
    "Jordan",
    "Kyle",
    "Lee",
    "Liam",
    "Marcus",
    "Nathan",
    "Reece",
    "Ryan",
    "Tyrone",
    "Wayne",
    "Yusuf",
]
LAST = [
    "Ahmed",
    "Ali",
    "Bailey",
    "Begum",
    "Brown",
    "Clarke",
    "Davies",
    "Edwards",
    "Evans",
    "Green",
    "Hall",
    "Hughes",
    "Jackson",
    "James",
    "Jones",
    "Khan",
    "Kowalski",
    "Lewis",
    "Murphy",
    "O'Brien",
    "Okafor",
    "Patel",
    "Price",
    "Roberts",
    "Robinson",
    "Smith",
    "Taylor",
    "Thomas",
    "Walker",
    "Ward",
    "White",
    "Williams",
    "Wilson",
    "Wright",
    "Young",
]
AREAS = {
    "eastfield": ["Hackney", "Tower Hamlets", "Newham", "Waltham Forest", "Stratford"],
    "northgate": ["Gateshead", "Newcastle", "Sunderland", "South Shields", "Durham"],
}
STREETS = ["High Street", "Station Road", "Church Lane", "Park Avenue"]
SKILLS = [
    "IT",
    "art and design",
    "public speaking",
    "writing",
    "listening",
    "cooking",
    "photography",
    "organising",
    "music",
    "peer support",
]
STATUS_WEIGHTS = [
    (c.Status.ACTIVE, 55),
    (c.Status.ENQUIRY, 20),
    (c.Status.PAUSED, 12),
    (c.Status.EXITED, 13),
]
JUSTICE_WEIGHTS = [
    (c.JusticeRelationship.ON_LICENCE, 35),
    (c.JusticeRelationship.PAST, 35),
    (c.JusticeRelationship.FAMILY, 12),
    (c.JusticeRelationship.IN_PRISON, 8),
    (c.JusticeRelationship.CARER, 5),
    (c.JusticeRelationship.OTHER, 5),
]


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def build_participants(organisation, count: int, *, seed: int, named_contacts: list, areas=None):
    """Unsaved Participant objects plus the rows that hang off them (made after saving)."""
    rng = random.Random(seed)
    areas = areas or AREAS.get(organisation.slug) or ["Leeds", "Bradford", "Wakefield", "Halifax"]
    today = timezone.localdate()
    people = []
    for i in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        status = _weighted(rng, STATUS_WEIGHTS)
        justice = _weighted(rng, JUSTICE_WEIGHTS)
        born = today - dt.timedelta(days=rng.randint(18 * 365, 66 * 365))
        hostel = rng.random() < 0.2
        people.append(
            Participant(
                organisation=organisation,
                preferred_name=f"{first} {last[0]}." if rng.random() < 0.3 else f"{first} {last}",
                legal_name=f"{first} {last}" if rng.random() < 0.2 else "",
                pronouns=rng.choice(["", "", "she/her", "he/him", "they/them"]),
                date_of_birth=born if rng.random() < 0.7 else None,
                age_band="" if rng.random() < 0.7 else c.AgeBand.AGE_21_PLUS,
                phone=""
                if justice == c.JusticeRelationship.IN_PRISON
                else f"07700 900{(seed * 7 + i) % 1000:03d}",
                email=f"{first.lower()}.{i}@{organisation.slug}-people.example"
                if rng.random() < 0.5
                else "",
                address=f"{rng.randint(1, 200)} {rng.choice(STREETS)}",
                postcode="",
                area=rng.choice(areas),
                justice_relationship=justice,
                named_contact_id=rng.choice(named_contacts) if named_contacts else None,
                key_worker_name=rng.choice(["", "", "Sam (probation)", "Jo (hostel key worker)"]),
                status=status,
                check_back_on=today + dt.timedelta(days=rng.randint(14, 90))
                if status == c.Status.PAUSED
                else None,
                curfew_time=dt.time(rng.choice([21, 22, 23]), 0) if hostel else None,
                travel_home_minutes=rng.choice([20, 30, 45, 60, 75])
                if hostel or rng.random() < 0.5
                else None,
                motivations=rng.choice(
                    [
                        "",
                        "",
                        "To give something back.",
                        "To change how services treat women.",
                        "To build confidence and get work experience.",
                    ]
                ),
                channel_order=rng.choice(
                    [
                        ["sms", "phone"],
                        ["phone", "sms"],
                        ["email", "sms"],
                        ["key_worker", "post"],
                        ["post"],
                        ["sms"],
                    ]
                ),
                best_times=rng.choice(["", "Weekday mornings", "After 2pm", "Not on Mondays"]),
                payment_choice=_weighted(
                    rng,
                    [
                        (c.PaymentChoice.PAYMENT, 55),
                        (c.PaymentChoice.EXPENSES_ONLY, 20),
                        (c.PaymentChoice.VOUCHERS, 15),
                        (c.PaymentChoice.DECLINES, 10),
                    ],
                ),
                payment_method=rng.choice(
                    [
                        c.PaymentMethod.BANK,
                        c.PaymentMethod.BANK,
                        c.PaymentMethod.VOUCHER,
                        c.PaymentMethod.CASH,
                    ]
                ),
                has_no_bank_account=rng.random() < 0.15,
            )
        )
    return people


def _skills_by_org(org_ids: set[int]) -> dict[int, list[Skill]]:
    """The demo skills for each organisation, made where missing: three queries in all."""
    have = set(
        Skill.objects.filter(organisation_id__in=org_ids).values_list("organisation_id", "name")
    )
    Skill.objects.bulk_create(
        [
            Skill(organisation_id=org_id, name=name)
            for org_id in org_ids
            for name in SKILLS
            if (org_id, name) not in have
        ],
        batch_size=2000,
    )
    by_org: dict[int, list[Skill]] = {org_id: [] for org_id in org_ids}
    for skill in Skill.objects.filter(organisation_id__in=org_ids):
        by_org[skill.organisation_id].append(skill)
    return by_org


def add_details(people: list[Participant], *, seed: int, with_sensitive: bool) -> None:
    """Interests, access needs, availability, skills, consents and status history, in bulk.

    The people may belong to many organisations: the number of queries does not grow with them.
    """
    rng = random.Random(seed + 1)
    now = timezone.now()
    skills_by_org = _skills_by_org({p.organisation_id for p in people})
    interests, needs, slots, links, consents, changes = [], [], [], [], [], []
    through = Participant.skills.through
    for p in people:
        skills = skills_by_org[p.organisation_id]
        org = dict(organisation_id=p.organisation_id, participant=p)
        for method in rng.sample(c.Method.values, rng.randint(1, 3)):
            interests.append(Interest(**org, method=method))
        for need in rng.sample(c.AccessNeed.values, rng.choice([0, 0, 1, 1, 2, 3])):
            needs.append(AccessNeed(**org, need=need))
        for day in rng.sample(range(7), rng.randint(1, 4)):
            slots.append(Availability(**org, day=day, period=rng.choice(c.Period.values)))
        for skill in rng.sample(skills, rng.randint(0, 3)):
            links.append(through(participant_id=p.pk, skill_id=skill.pk))
        joined = now - dt.timedelta(days=rng.randint(30, 900))
        consents.append(
            ConsentEvent(
                **org,
                purpose=c.ConsentPurpose.DATA,
                state=c.ConsentState.GIVEN,
                method=c.ConsentMethod.WRITTEN,
                recorded_at=joined,
            )
        )
        for channel in p.channel_order:
            consents.append(
                ConsentEvent(
                    **org,
                    purpose=c.CHANNEL_CONSENT[c.Channel(channel)],
                    state=c.ConsentState.GIVEN,
                    method=c.ConsentMethod.VERBAL,
                    recorded_at=joined,
                )
            )
        photo = rng.random()
        if photo < 0.6:
            consents.append(
                ConsentEvent(
                    **org,
                    purpose=c.ConsentPurpose.PHOTOS,
                    state=c.ConsentState.GIVEN,
                    method=c.ConsentMethod.WRITTEN,
                    recorded_at=joined,
                )
            )
            if photo < 0.08:
                consents.append(
                    ConsentEvent(
                        **org,
                        purpose=c.ConsentPurpose.PHOTOS,
                        state=c.ConsentState.WITHDRAWN,
                        method=c.ConsentMethod.VERBAL,
                        recorded_at=joined + dt.timedelta(days=20),
                    )
                )
        elif photo < 0.8:
            consents.append(
                ConsentEvent(
                    **org,
                    purpose=c.ConsentPurpose.PHOTOS,
                    state=c.ConsentState.REFUSED,
                    method=c.ConsentMethod.VERBAL,
                    recorded_at=joined,
                )
            )
        changes.append(
            StatusChange(
                **org,
                from_status="",
                to_status=c.Status.ENQUIRY,
                reason="First contact",
                changed_at=joined,
            )
        )
        if p.status != c.Status.ENQUIRY:
            changes.append(
                StatusChange(
                    **org,
                    from_status=c.Status.ENQUIRY,
                    to_status=p.status,
                    check_back_on=p.check_back_on,
                    changed_at=joined + dt.timedelta(days=rng.randint(7, 25)),
                )
            )
    for model, rows in [
        (Interest, interests),
        (AccessNeed, needs),
        (Availability, slots),
        (through, links),
        (ConsentEvent, consents),
        (StatusChange, changes),
    ]:
        model.objects.bulk_create(rows, batch_size=2000)
    if with_sensitive:
        _add_sensitive(people[0].organisation, people, rng)


def _add_sensitive(organisation, people, rng) -> None:
    """Equality, benefits, bank details and two restrictions, for one organisation's people."""
    from withus.people.equality import QUESTIONS

    equality, benefits, bank = [], [], []
    for p in people:
        org = dict(organisation=organisation, participant=p)
        if rng.random() < 0.6:
            equality.append(
                EqualityRecord(
                    **org,
                    **{
                        q: rng.choice([v for v, _ in options])
                        for q, (_, options) in QUESTIONS.items()
                    },
                )
            )
        if rng.random() < 0.35:
            benefits.append(
                BenefitsRecord(
                    **org,
                    consent_given=True,
                    benefits=rng.sample(
                        [
                            c.Benefit.UNIVERSAL_CREDIT,
                            c.Benefit.ESA,
                            c.Benefit.PIP_DLA,
                            c.Benefit.HOUSING_BENEFIT,
                        ],
                        rng.randint(1, 2),
                    ),
                    signposted_on=timezone.localdate() - dt.timedelta(days=rng.randint(10, 300)),
                    signposted_to="Citizens Advice",
                )
            )
        if (
            p.payment_method == c.PaymentMethod.BANK
            and not p.has_no_bank_account
            and rng.random() < 0.5
        ):
            bank.append(
                BankDetails(
                    **org,
                    account_name_encrypted=encrypt(p.legal_name or p.preferred_name),
                    sort_code_encrypted=encrypt(
                        f"{rng.randint(10, 99)}{rng.randint(10, 99)}{rng.randint(10, 99)}"
                    ),
                    account_number_encrypted=encrypt(f"{rng.randint(10000000, 99999999)}"),
                )
            )
    EqualityRecord.objects.bulk_create(equality, batch_size=2000)
    BenefitsRecord.objects.bulk_create(benefits, batch_size=2000)
    BankDetails.objects.bulk_create(bank, batch_size=2000)
    if len(people) >= 4:
        first, second = people[1], people[3]
        Restriction.objects.create(
            organisation=organisation,
            participant=first,
            kind=c.RestrictionKind.NO_CONTACT_PERSON,
            other_participant=second,
            meaning="Do not invite to the same meeting or group.",
        )
        Restriction.objects.create(
            organisation=organisation,
            participant=people[2],
            kind=c.RestrictionKind.NO_CONTACT_CHILDREN,
            meaning="Only invite to adult-only sessions; no family events.",
        )
