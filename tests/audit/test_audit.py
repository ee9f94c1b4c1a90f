import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from withus.audit.models import AuditEvent
from withus.audit.services import REDACTED, log_action, log_sensitive_read, redact_changes


def test_secret_values_never_reach_the_trail():
    changes = redact_changes(
        {
            "password": ["old-secret", "new-secret"],
            "bank_sort_code": ["10-20-30", "40-50-60"],
            "api_token": ["a", "b"],
            "role": ["viewer", "admin"],
        }
    )
    assert changes["password"] == REDACTED
    assert changes["bank_sort_code"] == REDACTED
    assert changes["api_token"] == REDACTED
    assert changes["role"] == ["viewer", "admin"]
    assert "secret" not in str(changes) and "10-20-30" not in str(changes)


def test_log_action_records_who_what_where(world, rf):
    request = rf.get("/", REMOTE_ADDR="203.0.113.9")
    request.user = world.alice
    event = log_action(
        organisation=world.org_a,
        actor=world.alice,
        action="test.thing",
        target=world.org_a,
        summary="Did a thing",
        changes={"name": ["a", "b"]},
        request=request,
    )
    event.refresh_from_db()
    assert event.actor_label == "alice@a.example"
    assert event.object_type == "orgs.Organisation"
    assert event.object_id == str(world.org_a.pk)
    assert event.ip_address == "203.0.113.9"
    assert event.changes == {"name": ["a", "b"]}


def test_sensitive_reads_are_logged_against_the_current_organisation(world, rf):
    request = rf.get("/")
    request.user = world.safeguarding_a
    request.organisation = world.org_a
    event = log_sensitive_read(request=request, target=world.bob, what="safeguarding restrictions")
    assert event.action == "sensitive.read"
    assert event.organisation == world.org_a
    assert event.summary == "Viewed safeguarding restrictions"


def test_sign_in_and_failed_sign_in_are_audited(client, world):
    client.post(reverse("account_login"), {"login": "alice@a.example", "password": "wrong"})
    failed = AuditEvent.unscoped.get(action="account.sign_in_failed")
    assert "alice@a.example" in failed.summary
    assert "wrong" not in str(failed.changes) + failed.summary
    client.post(
        reverse("account_login"), {"login": "alice@a.example", "password": "correct horse battery"}
    )
    assert AuditEvent.unscoped.filter(action="account.sign_in", actor=world.alice).exists()


def _event(org, actor, action, when, **kwargs):
    return AuditEvent.unscoped.create(
        organisation=org,
        actor=actor,
        actor_label=actor.email,
        action=action,
        summary=f"{action} by {actor.email}",
        created_at=when,
        **kwargs,
    )


@pytest.fixture
def admin_client(client, world):
    client.force_login(world.admin_a)
    return client


def test_audit_page_filters_by_person_record_and_date(admin_client, world):
    now = timezone.now()
    _event(
        world.org_a,
        world.alice,
        "a.one",
        now - dt.timedelta(days=10),
        object_type="orgs.Membership",
        object_id="7",
    )
    _event(world.org_a, world.bob, "a.two", now - dt.timedelta(days=1))
    _event(world.org_b, world.charlie, "b.secret", now)
    url = reverse("audit:events", kwargs={"org_slug": "org-a"})
    page = admin_client.get(url).text
    assert "a.one by" in page and "a.two by" in page
    assert "b.secret" not in page  # another organisation's trail is never shown
    by_person = admin_client.get(url, {"person": world.bob.pk}).text
    assert "a.two by" in by_person and "a.one by" not in by_person
    by_record = admin_client.get(url, {"object_type": "orgs.Membership", "object_id": "7"}).text
    assert "a.one by" in by_record and "a.two by" not in by_record
    since = (now - dt.timedelta(days=2)).date().isoformat()
    by_date = admin_client.get(url, {"date_from": since}).text
    assert "a.two by" in by_date and "a.one by" not in by_date


def test_audit_page_rejects_bad_filters_without_error(admin_client):
    url = reverse("audit:events", kwargs={"org_slug": "org-a"})
    response = admin_client.get(url, {"date_from": "2026-05-01", "date_to": "2026-04-01"})
    assert response.status_code == 200
    assert "must be the same as or after" in response.text
    response = admin_client.get(url, {"date_from": "not a date", "person": "x"})
    assert response.status_code == 200
    assert "There is a problem" in response.text


def test_audit_page_query_count_does_not_grow_with_rows(admin_client, world):
    url = reverse("audit:events", kwargs={"org_slug": "org-a"})
    _event(world.org_a, world.alice, "one", timezone.now())
    with CaptureQueriesContext(connection) as one_row:
        assert admin_client.get(url).status_code == 200
    for i in range(60):
        _event(
            world.org_a, [world.alice, world.bob, world.admin_a][i % 3], f"many{i}", timezone.now()
        )
    with CaptureQueriesContext(connection) as many_rows:
        page = admin_client.get(url)
    assert page.status_code == 200
    assert "Next" in page.text  # 50 a page
    assert len(many_rows) == len(one_row)


def test_date_filters_use_whole_days_in_the_organisations_time_zone(in_org_a, world):
    from withus.audit.selectors import audit_events

    # 23:30 UTC on 1 April 2026 is 00:30 on 2 April in London (British Summer Time).
    late = dt.datetime(2026, 4, 1, 23, 30, tzinfo=dt.UTC)
    _event(world.org_a, world.alice, "late", late)
    day = dt.date(2026, 4, 2)
    assert [e.action for e in audit_events(date_from=day, date_to=day)] == ["late"]
    assert list(audit_events(date_to=dt.date(2026, 4, 1))) == []
    assert [e.action for e in audit_events(date_to=dt.date(2026, 4, 1), timezone_name="UTC")] == [
        "late"
    ]


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "10.0.0.1"),  # no trusted proxy: the header is ignored
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "203.0.113.66, 198.51.100.7", "198.51.100.7"),  # the client wrote the left entry
        (2, "203.0.113.66, 198.51.100.7, 10.0.0.9", "198.51.100.7"),
        (1, "not-an-address", None),
        (2, "198.51.100.7", "10.0.0.1"),  # fewer hops than proxies: fall back
    ],
)
def test_client_ip_behind_trusted_proxies(rf, settings, proxies, forwarded, expected):
    from withus.audit.services import client_ip

    settings.WITHUS_TRUSTED_PROXIES = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
