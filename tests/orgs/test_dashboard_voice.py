"""The dashboard shows how well the organisation closes the loop, from the contributions."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from tests.voice.builders import contribution
from withus.voice.models import Contribution


def _dashboard(client, user, org):
    client.force_login(user)
    return client.get(reverse("orgs:dashboard", kwargs={"org_slug": org.slug})).content.decode()


def test_closure_share_and_open_count_come_from_the_data(client, world):
    today = timezone.localdate()
    closed_in_time = contribution(world.org_a, received_on=today - dt.timedelta(days=60))
    closed_late = contribution(world.org_a, received_on=today - dt.timedelta(days=90))
    contribution(world.org_a, received_on=today - dt.timedelta(days=50))  # open and overdue
    contribution(world.org_a, received_on=today - dt.timedelta(days=3))  # open, not yet due
    contribution(world.org_b, received_on=today - dt.timedelta(days=60))  # another organisation
    with scope(organisation=world.org_a):
        now = timezone.now()
        Contribution.objects.filter(pk=closed_in_time.pk).update(
            loop_closed_at=now - dt.timedelta(days=50)
        )
        Contribution.objects.filter(pk=closed_late.pk).update(
            loop_closed_at=now - dt.timedelta(days=20)
        )
    page = _dashboard(client, world.alice, world.org_a)
    assert "You said, we did" in page
    # Due: the two closed and the overdue open one. Within 28 days: only the first.
    assert "33.3%" in page
    assert "(1 of 3 due)" in page


def test_viewers_see_it_and_nothing_due_shows_a_dash(client, world):
    page = _dashboard(client, world.bob, world.org_a)
    assert "You said, we did" in page
    assert "–" in page
