from io import StringIO

from django.core.management import call_command
from django_scopes import scopes_disabled

from withus.accounts.models import User
from withus.audit.models import AuditEvent
from withus.orgs.models import Invitation, Membership, Organisation


def _counts():
    with scopes_disabled():
        return (
            Organisation.objects.count(),
            User.objects.count(),
            Membership.of_user.count(),
            Invitation.unscoped.count(),
        )


def test_seed_demo_creates_two_organisations_with_every_role_and_is_idempotent(db):
    call_command("seed_demo", stdout=StringIO())
    first = _counts()
    assert first[0] == 2
    for slug in ["eastfield", "northgate"]:
        roles = set(
            Membership.of_user.filter(organisation__slug=slug).values_list("role", flat=True)
        )
        assert roles == {"admin", "coordinator", "finance", "safeguarding", "viewer"}
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first
    assert AuditEvent.unscoped.filter(action="staff.invite").count() == 2


def test_demo_sign_in_works_with_the_readme_password(client, db):
    call_command("seed_demo", stdout=StringIO())
    response = client.post(
        "/accounts/login/", {"login": "alice@eastfield.example", "password": "withus-demo-2026"}
    )
    assert response.status_code == 302
    assert client.get("/").url == "/o/eastfield/"
    assert client.get("/o/eastfield/").status_code == 200
    assert client.get("/o/northgate/").status_code == 404


def test_national_scale_uses_bulk_inserts_and_is_idempotent(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call_command("seed_demo", stdout=StringIO())

    def national(organisations):
        with CaptureQueriesContext(connection) as queries:
            call_command(
                "seed_demo",
                "--scale",
                "national",
                "--organisations",
                str(organisations),
                "--staff-per-org",
                "10",
                "--large-org-people",
                "20",
                "--small-org-people",
                "3",
                stdout=StringIO(),
            )
        return len(queries)

    few = national(5)
    many = national(40)
    # 35 new organisations, 350 staff and 105 participants: bulk inserts grow only with batch
    # sizes (SQLite caps parameters per query), never with one query or more per organisation.
    assert many < few + 35
    assert Organisation.objects.filter(slug__startswith="national-").count() == 40
    assert User.objects.filter(email__endswith="national-0007.example").count() == 10
    national(40)
    assert Organisation.objects.filter(slug__startswith="national-").count() == 40
    assert Membership.of_user.filter(organisation__slug="national-0040").count() == 10
    with scopes_disabled():
        from withus.projects.models import Project
        from withus.recruitment.models import Candidate, Opportunity

        assert Project.objects.filter(organisation__slug__startswith="national-").count() == 40
        assert Opportunity.objects.filter(organisation__slug__startswith="national-").count() == 40
        assert Candidate.objects.filter(organisation__slug="national-0001").exists()


def test_demo_mfa_code_prints_a_six_digit_code(db):
    out = StringIO()
    call_command("demo_mfa_code", "admin@eastfield.example", stdout=out)
    code = out.getvalue().split(":")[1].split()[0]
    assert len(code) == 6 and code.isdigit()
