"""The safeguarding concerns log: only the safeguarding capability sees it; decisions, review
dates, the Charity Commission categories and who reported to the Commission."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scope

from tests.portal.helpers import person
from withus.audit.models import AuditEvent
from withus.checks import Severity
from withus.exits import rules
from withus.exits.models import IncidentCategory, SafeguardingConcern, SafeguardingDecision
from withus.orgs.capabilities import ROLES, Capability

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
SECRET = "Saw a worrying message on the group phone"


def _url(world, path="", org=None):
    return f"/o/{(org or world.org_a).slug}/moving-on/safeguarding/{path}"


def _concern(world, **fields):
    fields = {
        "summary": "Worrying message",
        "details": SECRET,
        "raised_on": TODAY - dt.timedelta(days=3),
        "raised_by": "Forum facilitator",
        **fields,
    }
    return SafeguardingConcern.unscoped.create(organisation=world.org_a, **fields)


def _data(**change):
    return {
        "summary": "Worrying message",
        "details": SECRET,
        "raised_on": (TODAY - dt.timedelta(days=3)).isoformat(),
        "raised_by": "Forum facilitator",
        "status": "open",
        "category": "",
        **change,
    }


def test_only_the_safeguarding_capability_sees_the_log(world):
    concern = _concern(world)
    pages = ["", "add/", f"{concern.pk}/", f"{concern.pk}/edit/"]
    for user in world.staff_of_a():
        client = Client()
        client.force_login(user)
        can = ROLES[_role(world, user)].capabilities
        for page in pages:
            response = client.get(_url(world, page))
            if Capability.MANAGE_SAFEGUARDING in can:
                assert response.status_code == 200, (user, page)
            else:
                assert response.status_code == 403, (user, page)
                assert SECRET not in response.content.decode()
            # A decision cannot be posted without the capability either.
        if Capability.MANAGE_SAFEGUARDING not in can:
            response = client.post(
                _url(world, f"{concern.pk}/"),
                {"decided_on": TODAY.isoformat(), "decision": "x", "decided_by": "y"},
            )
            assert response.status_code == 403
    assert not SafeguardingDecision.unscoped.exists()
    # Another organisation: 404 at org A's address and for org A's concern under its own.
    charlie = Client()
    charlie.force_login(world.charlie)
    assert charlie.get(_url(world)).status_code == 404
    admin_b = Client()
    admin_b.force_login(world.admin_b)
    assert admin_b.get(_url(world, f"{concern.pk}/", org=world.org_b)).status_code == 404
    assert admin_b.get(_url(world, "", org=world.org_b)).status_code == 200
    assert "Worrying message" not in admin_b.get(_url(world, "", org=world.org_b)).content.decode()


def _role(world, user):
    from withus.orgs.models import Membership

    return Membership.of_user.get(user=user, organisation=world.org_a).role


def test_record_a_concern_with_people_decide_and_review(lead, world):
    jo = person(world.org_a, "Jo Involved")
    response = lead.post(_url(world, "add/"), _data(people=[str(jo.pk)]))
    assert response.status_code == 302
    concern = SafeguardingConcern.unscoped.get(organisation=world.org_a)
    with scope(organisation=world.org_a):
        assert list(concern.people.all()) == [jo]
    assert concern.recorded_by == world.safeguarding_a
    page = lead.get(response.url).content.decode()
    assert SECRET in page and "Jo Involved" in page and "No decision has been recorded" in page
    review = TODAY + dt.timedelta(days=14)
    response = lead.post(
        response.url,
        {
            "decided_on": TODAY.isoformat(),
            "decision": "Jo to meet the lead with a support worker.",
            "decided_by": "Safeguarding lead",
            "review_on": review.isoformat(),
        },
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.review_on == review
    page = lead.get(response.url).content.decode()
    assert "Jo to meet the lead" in page
    # Audit: the look is recorded; no summary repeats what the concern says.
    events = AuditEvent.unscoped.filter(organisation=world.org_a, object_id=str(concern.pk))
    assert events.filter(action="sensitive.read").exists()
    assert events.filter(action="safeguarding.decision_recorded").exists()
    assert not any(SECRET in e.summary or "Worrying" in e.summary for e in events)
    # Closing keeps the record and its decisions.
    response = lead.post(_url(world, f"{concern.pk}/edit/"), _data(status="closed"))
    concern.refresh_from_db()
    assert concern.status == "closed" and concern.closed_on == TODAY
    with scope(organisation=world.org_a):
        assert concern.decisions.count() == 1
    open_list = lead.get(_url(world)).content.decode()
    assert "Worrying message" not in open_list
    assert "Worrying message" in lead.get(_url(world, "?status=all")).content.decode()


@pytest.mark.parametrize(
    "change, field_message",
    [
        ({"reportable": "on"}, "Choose the Charity Commission category"),
        (
            {"reportable": "on", "category": "safeguarding", "reported_on": TODAY.isoformat()},
            "Enter who reported it",
        ),
        ({"reported_on": TODAY.isoformat(), "reported_by": "Chair"}, "Tick that it is a serious"),
        (
            {
                "reportable": "on",
                "category": "safeguarding",
                "reported_on": (TODAY + dt.timedelta(days=2)).isoformat(),
                "reported_by": "Chair",
            },
            "cannot be in the future",
        ),
        ({"raised_on": (TODAY + dt.timedelta(days=1)).isoformat()}, "cannot be in the future"),
        ({"category": "made_up"}, "Select a valid choice"),
        ({"summary": ""}, "Enter what the concern is"),
        ({"people": ["99999999999999999999999"]}, "Select a valid choice"),
    ],
)
def test_bad_concern_input_is_a_message(lead, world, change, field_message):
    response = lead.post(_url(world, "add/"), _data(**change))
    assert response.status_code == 400
    assert field_message in response.content.decode()
    assert not SafeguardingConcern.unscoped.exists()


def test_reporting_to_the_commission(lead, world):
    response = lead.post(
        _url(world, "add/"), _data(reportable="on", category=IncidentCategory.SAFEGUARDING)
    )
    concern = SafeguardingConcern.unscoped.get()
    page = lead.get(response.url).content.decode()
    assert "no report to the Charity Commission" in page
    assert "To report" in lead.get(_url(world)).content.decode()
    lead.post(
        _url(world, f"{concern.pk}/edit/"),
        _data(
            reportable="on",
            category=IncidentCategory.SAFEGUARDING,
            reported_on=TODAY.isoformat(),
            reported_by="Chair of trustees",
            commission_reference="INC-12345",
        ),
    )
    concern.refresh_from_db()
    assert concern.reported_on == TODAY and concern.reported_by == "Chair of trustees"
    page = lead.get(_url(world, f"{concern.pk}/")).content.decode()
    assert "INC-12345" in page and "Chair of trustees" in page


def test_bad_decision_input(lead, world):
    concern = _concern(world)
    for data, message in (
        ({"decided_on": "", "decision": "x", "decided_by": "y"}, "Enter the date of the decision"),
        (
            {
                "decided_on": (TODAY - dt.timedelta(days=30)).isoformat(),
                "decision": "x",
                "decided_by": "y",
            },
            "before the concern was raised",
        ),
        (
            {
                "decided_on": TODAY.isoformat(),
                "decision": "x",
                "decided_by": "y",
                "review_on": (TODAY - dt.timedelta(days=1)).isoformat(),
            },
            "must be after the decision",
        ),
    ):
        response = lead.post(_url(world, f"{concern.pk}/"), data)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not SafeguardingDecision.unscoped.exists()
    assert lead.get(_url(world, "99999999999999999999999/")).status_code == 404


def test_list_query_count_does_not_grow(lead, world):
    jo = person(world.org_a, "Jo")

    def add(n):
        for _ in range(n):
            concern = _concern(world)
            concern.people.add(jo)
            SafeguardingDecision.unscoped.create(
                organisation=world.org_a,
                concern=concern,
                decided_on=TODAY,
                decision="x",
                decided_by="y",
            )

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert lead.get(_url(world)).status_code == 200
        return len(queries)

    add(1)
    one = count()
    add(19)
    assert count() == one


# --- rules -----------------------------------------------------------------------------------

D = dt.date(2026, 3, 2)


@pytest.mark.parametrize(
    "fields, codes",
    [
        ({"decisions": 0}, ["safeguarding.no_decision"]),
        (
            {"review_on": None, "decisions": 0},
            ["safeguarding.no_review", "safeguarding.no_decision"],
        ),
        ({"review_on": D - dt.timedelta(days=1)}, ["safeguarding.review_overdue"]),
        ({"review_on": D}, []),
        ({"status": "closed", "review_on": None, "decisions": 1}, []),
        (
            {"reportable": True, "raised_on": D - dt.timedelta(days=7)},
            ["safeguarding.not_reported"],
        ),
        ({"reportable": True, "reported_on": D}, []),
    ],
)
def test_concern_rules(fields, codes):
    values = {
        "status": "open",
        "raised_on": D,
        "review_on": D + dt.timedelta(days=7),
        "reportable": False,
        "reported_on": None,
        "decisions": 1,
        "today": D,
        **fields,
    }
    assert [f.code for f in rules.concern_findings(**values)] == codes


def test_not_reporting_becomes_blocking_after_a_week():
    def severity(days):
        (finding,) = rules.concern_findings(
            status="closed",
            raised_on=D - dt.timedelta(days=days),
            review_on=None,
            reportable=True,
            reported_on=None,
            decisions=1,
            today=D,
        )
        return finding.severity

    assert severity(7) == Severity.WARNING
    assert severity(8) == Severity.BLOCKING


def test_categories_cover_the_commission_guidance():
    values = set(IncidentCategory.values)
    assert {
        "safeguarding",
        "financial_crime",
        "unverified_donation",
        "financial_loss",
        "terrorism",
        "investigation",
        "disqualified",
        "no_safeguarding",
        "data_breach",
        "other",
        "",
    } == values


def test_scoped_reads_only_show_own_organisation(world):
    _concern(world)
    with scope(organisation=world.org_b):
        assert not SafeguardingConcern.objects.exists()


def test_moving_on_links_to_the_log_only_for_the_lead(lead, alice, world):
    link = "/moving-on/safeguarding/"
    assert link in lead.get(f"/o/{world.org_a.slug}/moving-on/").content.decode()
    assert link not in alice.get(f"/o/{world.org_a.slug}/moving-on/").content.decode()


# --- review fixes: every page showing a concern is audited; the Commission note; no silent cap --


def _reads(world, **filters):
    return AuditEvent.unscoped.filter(
        organisation=world.org_a, action="sensitive.read", actor=world.safeguarding_a, **filters
    )


def test_the_change_form_is_audited_like_the_concern_page(lead, world):
    concern = _concern(world)
    assert lead.get(_url(world, f"{concern.pk}/edit/")).status_code == 200
    reads = _reads(world, object_id=str(concern.pk), object_type="exits.SafeguardingConcern")
    assert reads.count() == 1
    # A form sent back with errors shows the concern again: that is a read too.
    response = lead.post(_url(world, f"{concern.pk}/edit/"), _data(summary=""))
    assert response.status_code == 400 and SECRET in response.content.decode()
    assert reads.count() == 2
    assert not any(SECRET in e.summary or "Worrying" in e.summary for e in reads)
    # Recording a new concern shows nothing already held: no read.
    lead.get(_url(world, "add/"))
    assert reads.count() == 2


def test_the_list_is_audited_by_concern_number_only(lead, world):
    lead.get(_url(world))
    assert not _reads(world).exists()  # nothing shown, nothing to record
    first, second = _concern(world), _concern(world, summary="Another worry")
    lead.get(_url(world))
    (read,) = _reads(world)
    assert f"concerns {second.pk}, {first.pk}" in read.summary
    assert "Worrying" not in read.summary and "Another worry" not in read.summary
    # Someone without the capability gets 403 and no read is recorded for them.
    alice = Client()
    alice.force_login(world.alice)
    assert alice.get(_url(world)).status_code == 403
    assert not AuditEvent.unscoped.filter(action="sensitive.read", actor=world.alice).exists()


def test_the_change_form_explains_the_commission_categories(lead, world):
    concern = _concern(world)
    for page in ("add/", f"{concern.pk}/edit/"):
        text = " ".join(lead.get(_url(world, page)).content.decode().split())
        assert "categories below are the Charity Commission&#x27;s own" in text
        assert "How to report a serious incident in your charity" in text
        assert "check its current guidance before you report" in text
        assert "the trustees&#x27; responsibility" in text
        assert "our notes do not record the date" in text


def test_a_full_list_says_how_many_there_are_and_pages_to_the_rest(lead, world, monkeypatch):
    from withus.exits import selectors

    monkeypatch.setattr(selectors, "LIST_LIMIT", 2)
    made = [
        _concern(world, summary=f"Concern {n}", raised_on=TODAY - dt.timedelta(days=n))
        for n in range(5)
    ]
    page = " ".join(lead.get(_url(world)).content.decode().split())
    assert "Showing the latest 2 of 5 open concerns." in page
    assert "Concern 0" in page and "Concern 1" in page and "Concern 2" not in page
    assert "page=2" in page
    page = " ".join(lead.get(_url(world, "?status=open&page=3")).content.decode().split())
    assert "Showing concerns 5 to 5 of 5 open concerns." in page and "Concern 4" in page
    assert "page=2" in page and "page=4" not in page
    # Nothing is hidden when everything fits.
    for concern in made[2:]:
        concern.delete()
    page = lead.get(_url(world)).content.decode()
    assert "Showing" not in page and "page=2" not in page
    for bad in ("x", "0", "-1", "99999999999999999999"):
        assert lead.get(_url(world, f"?page={bad}")).status_code == 200
