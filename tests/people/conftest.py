import datetime as dt

import pytest
from django_scopes import scope

from withus.people import choices as c
from withus.people import services


@pytest.fixture
def people(world):
    """Three participants in org A with sensitive details, and one in org B."""
    with scope(organisation=world.org_a):
        jo = services.participant_create(
            organisation=world.org_a,
            data={
                "preferred_name": "Jo Bloggs",
                "legal_name": "Joanna Bloggs",
                "date_of_birth": dt.date(1990, 3, 31),
                "phone": "07700 900123",
                "email": "jo@people.example",
                "area": "Hackney",
                "status": c.Status.ACTIVE,
                "channel_order": ["sms", "email"],
            },
            actor=world.alice,
        )
        sam = services.participant_create(
            organisation=world.org_a,
            data={"preferred_name": "Sam Carter", "area": "Newham", "status": c.Status.ACTIVE},
            actor=world.alice,
        )
        lee = services.participant_create(
            organisation=world.org_a,
            data={"preferred_name": "Lee In-Prison", "justice_relationship": "in_prison"},
            actor=world.alice,
        )
        services.consent_record(
            participant=jo,
            purpose=c.ConsentPurpose.CONTACT_SMS,
            state="given",
            method="verbal",
            actor=world.alice,
        )
        services.consent_record(
            participant=jo,
            purpose=c.ConsentPurpose.PHOTOS,
            state="given",
            method="written",
            actor=world.alice,
        )
        services.bank_details_save(
            participant=jo,
            account_name="Joanna Bloggs",
            sort_code="30-94-57",
            account_number="12345678",
            actor=world.alice,
        )
        services.benefits_save(
            participant=jo,
            data={
                "consent_given": True,
                "benefits": ["uc"],
                "other_benefit": "",
                "signposted_on": None,
                "signposted_to": "Citizens Advice Hackney",
                "pw1_noted": False,
            },
            actor=world.safeguarding_a,
        )
        services.equality_save(
            participant=jo,
            data={"ethnicity": "mixed", "religion": "buddhist"},
            actor=world.safeguarding_a,
        )
        services.restriction_add(
            participant=jo,
            kind=c.RestrictionKind.NO_CONTACT_PERSON,
            other_participant=sam,
            place="",
            meaning="Never at the same forum as Sam",
            actor=world.safeguarding_a,
        )
    with scope(organisation=world.org_b):
        bo = services.participant_create(
            organisation=world.org_b, data={"preferred_name": "Bo in Org B"}, actor=world.charlie
        )
    return {"jo": jo, "sam": sam, "lee": lee, "bo": bo}
