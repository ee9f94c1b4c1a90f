"""The "Improve" page: one menu entry for self-assessment, the adviser and strategy and policies."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from withus.assessment.models import Assessment
from withus.policies import services as policy_services
from withus.policies.models import PolicyDocument

MENU_LINK = 'class="govuk-service-navigation__link" href="/o/org-a/{}/"'


def test_one_menu_entry_is_current_on_all_three_areas(client, world):
    client.force_login(world.alice)
    for url in ("improve", "self-assessment", "adviser", "documents"):
        page = client.get(f"/o/org-a/{url}/").text
        assert MENU_LINK.format("improve") + ' aria-current="page"' in page
        for tool in ("self-assessment", "adviser", "documents"):
            assert MENU_LINK.format(tool) not in page


def test_the_page_says_where_the_organisation_is(client, world):
    client.force_login(world.alice)
    page = client.get("/o/org-a/improve/").text
    assert "No self-assessment has been finished yet." in page
    assert "No strategy has been approved yet." in page
    assert "Clinks (2016)" in page
    with scope(organisation=world.org_a):
        Assessment.objects.create(
            organisation=world.org_a,
            held_on=dt.date(2026, 3, 3),
            status=Assessment.Status.FINISHED,
        )
        document = policy_services.document_create(
            organisation=world.org_a, kind=PolicyDocument.Kind.STRATEGY, actor=world.alice
        )
        policy_services.version_approve(version=document.versions.get(), actor=world.admin_a)
    page = client.get("/o/org-a/improve/").text
    assert "Last finished: Tuesday 3 March 2026." in page
    assert "Strategy last approved" in page
    assert "1 of 7 documents have an approved version." in page
    # Another organisation's records are not counted.
    client.force_login(world.charlie)
    page = client.get("/o/org-b/improve/").text
    assert "No self-assessment has been finished yet." in page


def test_the_page_takes_few_queries(client, world):
    client.force_login(world.alice)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/o/org-a/improve/").status_code == 200
    assert len(queries) < 25
