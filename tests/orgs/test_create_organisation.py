from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from withus.audit.models import AuditEvent
from withus.orgs.models import Invitation, Organisation


def test_creates_the_organisation_and_emails_the_first_admin(
    db, django_capture_on_commit_callbacks
):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "create_organisation", "Hull Futures", "--admin-email", "lead@hull.example", stdout=out
        )
    org = Organisation.objects.get(slug="hull-futures")
    invitation = Invitation.unscoped.get(organisation=org)
    assert invitation.role == "admin"
    assert mail.outbox[0].to == ["lead@hull.example"]
    assert AuditEvent.unscoped.filter(organisation=org, action="organisation.create").exists()


def test_print_link_gives_a_working_invitation_without_email(
    client, db, django_capture_on_commit_callbacks
):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "create_organisation",
            "York Recovery",
            "--slug",
            "york",
            "--admin-email",
            "a@york.example",
            "--print-link",
            stdout=out,
        )
    assert mail.outbox == []
    link = out.getvalue().strip().splitlines()[-1].split("127.0.0.1:8000")[1]
    response = client.post(
        link,
        {
            "full_name": "Ada York",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert response.status_code == 302
    # The admin role needs a second sign-in step before they can do anything.
    assert client.get("/o/york/").url == "/accounts/2fa/totp/activate/"


def test_refuses_a_taken_slug_or_bad_email(db):
    call_command(
        "create_organisation",
        "One",
        "--slug",
        "one",
        "--admin-email",
        "a@one.example",
        stdout=StringIO(),
    )
    with pytest.raises(CommandError, match="slug"):
        call_command(
            "create_organisation", "Two", "--slug", "one", "--admin-email", "b@one.example"
        )
    with pytest.raises(CommandError, match="not an email address"):
        call_command("create_organisation", "Three", "--admin-email", "nope")
    assert Organisation.objects.count() == 1


def test_seed_demo_refuses_to_run_in_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="never be loaded in production"):
        call_command("seed_demo")
