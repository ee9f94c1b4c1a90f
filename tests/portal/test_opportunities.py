"""The portal's Opportunities pages: open roles in the participant's organisation with the total
they would be paid, and "I'm interested" into the recruitment pipeline (once)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django_scopes import scopes_disabled

from tests.money.builders import make_rate_card
from tests.portal.helpers import person, portal_login, walker_people
from withus.audit.models import AuditEvent
from withus.money.models import RateCard
from withus.recruitment.models import Candidate, Channel, Opportunity, RoleDescription, Stage

pytestmark = pytest.mark.django_db


def make_opportunity(org, title="Peer researcher", **fields) -> Opportunity:
    role = RoleDescription.unscoped.create(
        organisation=org,
        title=title,
        summary=fields.pop("summary", "Help us find out what people think of our services."),
        tasks=fields.pop("tasks", "Talk to people and write down what they say."),
        frequency=fields.pop("frequency", "Once a month"),
        duration=fields.pop("duration", "Six months"),
        support_offered=fields.pop("support_offered", "Two days of training and a buddy."),
        accessibility=fields.pop("accessibility", "Step-free rooms. We pay for a carer."),
    )
    return Opportunity.unscoped.create(organisation=org, role=role, title=title, **fields)


@pytest.fixture
def pat(world):
    return person(world.org_a, "Pat Person", named_contact=world.alice)


@pytest.fixture
def signed_in(client, pat):
    portal_login(client, pat)
    return client


def _detail(opportunity) -> str:
    return reverse("portal:opportunity", kwargs={"pk": opportunity.pk})


def _interested(opportunity) -> str:
    return reverse("portal:opportunity_interested", kwargs={"pk": opportunity.pk})


def test_list_shows_open_roles_with_the_total_payment(signed_in, world):
    card = make_rate_card(world.org_a, amount=Decimal("40.00"))
    make_opportunity(
        world.org_a,
        "Peer researcher",
        rate_card=card,
        expected_sessions=3,
        closes_on=dt.date.today() + dt.timedelta(days=10),
    )
    make_opportunity(world.org_a, "Unpaid helper")
    make_opportunity(world.org_a, "Closed role", status=Opportunity.Status.CLOSED)
    make_opportunity(world.org_a, "Too late", closes_on=dt.date.today() - dt.timedelta(days=1))
    make_opportunity(world.org_b, "Org B role")
    page = signed_in.get(reverse("portal:opportunities")).content.decode()
    assert "Peer researcher" in page and "Unpaid helper" in page
    assert "£120.00 in total, for 3 sessions" in page
    assert "Once a month" in page and "Help us find out" in page
    assert "This role is unpaid." in page
    assert "Closed role" not in page and "Too late" not in page and "Org B role" not in page


def test_an_hourly_role_shows_the_total_never_the_hourly_rate(signed_in, world):
    card = make_rate_card(
        world.org_a,
        basis=RateCard.Basis.HOURLY,
        amount=Decimal("12.50"),
        expected_hours=Decimal("2"),
    )
    opportunity = make_opportunity(world.org_a, rate_card=card, expected_sessions=4)
    page = signed_in.get(_detail(opportunity)).content.decode()
    assert "£100.00 in total, for 4 sessions" in page
    assert "12.50" not in page and "per hour" not in page


def test_a_paid_role_without_a_number_of_sessions_says_to_ask(signed_in, world):
    opportunity = make_opportunity(world.org_a, rate_card=make_rate_card(world.org_a))
    page = signed_in.get(_detail(opportunity)).content.decode()
    contact = escape(world.alice.full_name or world.alice.email)
    assert f"This role is paid. Ask {contact} for the total." in page
    assert "£40.00" not in page


def test_detail_shows_the_role_in_plain_words(signed_in, world):
    opportunity = make_opportunity(world.org_a)
    page = signed_in.get(_detail(opportunity)).content.decode()
    for text in [
        "Talk to people and write down what they say.",
        "Six months",
        "Two days of training and a buddy.",
        "Step-free rooms. We pay for a carer.",
        "I'm interested",
    ]:
        assert text in page, text


def test_interest_enters_the_pipeline_once(signed_in, world, pat):
    opportunity = make_opportunity(world.org_a)
    first = signed_in.post(_interested(opportunity))
    assert first.status_code == 302 and first.url == _detail(opportunity)
    second = signed_in.post(_interested(opportunity))
    assert second.status_code == 302
    with scopes_disabled():
        (candidate,) = Candidate.unscoped.filter(opportunity=opportunity)
        assert candidate.participant == pat
        assert candidate.channel == Channel.PORTAL and candidate.stage == Stage.ENQUIRY
        audit = AuditEvent.unscoped.get(action="candidate.add")
        assert audit.actor is None and "through the portal" in audit.summary
    contact = escape(world.alice.full_name or world.alice.email)
    page = signed_in.get(_detail(opportunity)).content.decode()
    assert f"You said you are interested. {contact} will get in touch." in page
    assert 'action="' + _interested(opportunity) not in page
    listing = signed_in.get(reverse("portal:opportunities")).content.decode()
    assert "You said you are interested" in listing


def test_another_participants_interest_is_not_shown(signed_in, world):
    opportunity = make_opportunity(world.org_a)
    sam = person(world.org_a, "Sam")
    Candidate.unscoped.create(
        organisation=world.org_a, opportunity=opportunity, participant=sam, channel="other"
    )
    page = signed_in.get(reverse("portal:opportunities")).content.decode()
    assert "You said you are interested" not in page


def test_closed_or_other_organisations_roles_are_not_found(signed_in, world):
    closed = make_opportunity(world.org_a, status=Opportunity.Status.CLOSED)
    elsewhere = make_opportunity(world.org_b)
    for opportunity in (closed, elsewhere):
        assert signed_in.get(_detail(opportunity)).status_code == 404
        assert signed_in.post(_interested(opportunity)).status_code == 404
    with scopes_disabled():
        assert not Candidate.unscoped.exists()


def test_isolation_for_the_exempt_pages(client, world):
    """What the walker checks, for the two pages it cannot (an opportunity is not private)."""
    owner, other, elsewhere = walker_people(world)
    opportunity = make_opportunity(world.org_a)
    for url in (_detail(opportunity), _interested(opportunity)):
        call = client.post if url.endswith("interested/") else client.get
        assert call(url).url == reverse("portal:sign_in")  # signed out
        client.force_login(world.alice)
        assert call(url).url == reverse("portal:sign_in")  # staff without a portal session
        client.post(reverse("portal:view_as", kwargs={"org_slug": "org-a", "pk": other.pk}))
        viewed = call(url)
        assert viewed.status_code == (403 if call == client.post else 200)
        client.logout()
        portal_login(client, elsewhere)
        assert call(url).status_code == 404  # another organisation
        client.logout()
    with scopes_disabled():
        assert not Candidate.unscoped.exists()


def _count(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("portal:opportunities")).status_code == 200
    return len(queries)


def test_list_query_count_is_bounded(signed_in, world, pat):
    card = make_rate_card(world.org_a)
    first = make_opportunity(world.org_a, "Role 0", rate_card=card, expected_sessions=2)
    Candidate.unscoped.create(
        organisation=world.org_a, opportunity=first, participant=pat, channel="other"
    )
    few = _count(signed_in)
    for n in range(1, 20):
        make_opportunity(
            world.org_a, f"Role {n}", rate_card=make_rate_card(world.org_a), expected_sessions=n
        )
    assert _count(signed_in) == few


def test_easy_read_opportunity_uses_simpler_words(signed_in, world):
    session = signed_in.session
    session["withus_easy_read"] = True
    session.save()
    card = make_rate_card(world.org_a, amount=Decimal("30.00"))
    opportunity = make_opportunity(world.org_a, rate_card=card, expected_sessions=2)
    page = signed_in.get(_detail(opportunity)).content.decode()
    assert "withus-icon" in page
    assert "You get <strong>£60.00 in total, for 2 sessions</strong>" in page
    assert "Press the button. We will get in touch." in page
