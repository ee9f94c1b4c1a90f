"""The adviser page: signals that fire first with evidence and actions, then the full list of
common problems; counts of people suppressed; a fixed number of queries."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.adviser import builders as b
from tests.reports.builders import event_with, person
from withus.adviser import guidance

pytestmark = pytest.mark.django_db


def url(org="org-a"):
    return reverse("adviser:home", kwargs={"org_slug": org})


def test_page_shows_firing_signals_first_then_the_common_problems(client, world):
    b.project(world.org_a, "Peer mentoring", co_planners=0)
    client.force_login(world.bob)  # a viewer: reports only
    response = client.get(url())
    assert response.status_code == 200
    html = response.content.decode()
    fired = html.index('id="signal-co_planning"')
    assert html.index("What your data suggests") < fired < html.index('id="cannot-tell"')
    assert fired < html.index('id="signal-staff_training"')  # cannot tell comes after
    assert html.index('id="signal-staff_training"') < html.index('id="common-problems"')
    assert "Peer mentoring" in html
    assert "May be happening" in html and "Cannot tell" in html
    # the actions for the problem behind the signal are shown with it, and the full list follows
    ownership = guidance.problem("no_ownership")
    assert html.count(ownership.actions[0]) == 2
    for problem in guidance.PROBLEMS:
        assert f'id="{problem.anchor}"' in html
        assert problem.title in html.replace("&#x27;", "'")
    assert "Clinks (2016)" in html


def test_the_staff_training_signal_links_to_the_support_staff_page(client, world):
    client.force_login(world.alice)
    html = client.get(url()).content.decode()
    card = html[html.index('id="signal-staff_training"') :]
    card = card[: card.index("</div>\n</div>")]
    staff_page = reverse("support:staff", kwargs={"org_slug": "org-a"})
    assert f'href="{staff_page}"' in card
    assert reverse("orgs:staff", kwargs={"org_slug": "org-a"}) not in html


def test_links_a_member_could_not_open_are_not_shown(client, world):
    client.force_login(world.bob)  # a viewer: reports, not people or staff pages
    html = client.get(url()).content.decode()
    assert reverse("support:staff", kwargs={"org_slug": "org-a"}) not in html
    assert reverse("people:list", kwargs={"org_slug": "org-a"}) + '"' not in html
    assert f'href="{reverse("projects:list", kwargs={"org_slug": "org-a"})}"' in html
    assert "About this problem" in html
    signals = html[html.index("What your data suggests") : html.index('id="common-problems"')]
    for href in re.findall(r'href="(/o/org-a/[^"#?]*)"', signals):
        assert client.get(href).status_code == 200, href


def test_nothing_fires_says_so(client, world):
    client.force_login(world.alice)
    html = client.get(url()).content.decode()
    assert "None of the signals suggests a problem at the moment." in html


def test_small_counts_of_people_are_not_shown(client, world):
    b.opening(world.org_a, places=6, active=2, title="Forum member")
    client.force_login(world.alice)
    html = client.get(url()).content.decode()
    assert "fewer than 5 people active for 6 places" in html
    assert "2 people active" not in html


def test_the_page_names_no_other_organisation(client, world):
    b.project(world.org_b, "Their secret project", co_planners=0)
    client.force_login(world.alice)
    assert "Their secret project" not in client.get(url()).content.decode()


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url()).status_code == 200
    return len(ctx.captured_queries)


def _rows(org, n, start):
    for i in range(start, start + n):
        b.project(org, f"Project {i}", co_planners=0)
        b.opening(org, places=6, active=1, title=f"Role {i}", stuck=1)
        b.waiting_claim(org, age_days=30)
        b.contributions(org, received=1, closed_in_time=0)
        event_with(org, b.days_ago(3 + i), attended=[person(org, sex="female")])
        b.recruited_target(org, target=5, due_in_days=-1)


def test_query_count_is_the_same_for_1_and_20_rows(client, world):
    client.force_login(world.alice)
    _rows(world.org_a, 1, 0)
    one = _queries(client)
    _rows(world.org_a, 19, 1)
    assert _queries(client) == one
