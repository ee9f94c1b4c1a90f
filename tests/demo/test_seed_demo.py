from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.db.models import F
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


def test_small_demo_has_venues_glossary_and_events_with_invitations(db):
    from django.db.models import F
    from django.utils import timezone

    from withus.events.models import AgendaItem, Event, EventInvitation, GlossaryTerm, Venue
    from withus.events.timing import local

    call_command("seed_demo", stdout=StringIO())
    with scopes_disabled():
        for slug in ["eastfield", "northgate"]:
            org = Organisation.objects.get(slug=slug)
            venues = Venue.objects.filter(organisation=org)
            assert 3 <= venues.count() <= 4
            assert venues.filter(step_free=False).exists()
            assert venues.filter(children_on_site=True).exists()
            assert GlossaryTerm.objects.filter(organisation=org).count() >= 10
            # (The adviser's falling-attendance series runs back six months on purpose.)
            events = Event.objects.filter(organisation=org).exclude(title="Drop-in review group")
            now = timezone.now()
            assert events.filter(starts_at__lt=now).exists()
            assert events.filter(starts_at__gt=now).exists()
            assert not events.filter(starts_at__lt=now - timezone.timedelta(days=62)).exists()
            assert not events.filter(starts_at__gt=now + timezone.timedelta(days=63)).exists()
            kinds = set(events.values_list("kind", flat=True))
            assert {"forum", "focus_group", "training", "interview_panel", "info_session"} <= kinds
            assert events.filter(kind="info_session", opportunity__isnull=False).exists()
            assert events.filter(project__isnull=False).exists()
            assert events.filter(status="cancelled").exists()
            assert AgendaItem.objects.filter(organisation=org, is_break=True).exists()
            for event in events:
                lead = (local(event.starts_at, org.timezone).date() - event.papers_due_on).days
                assert lead == org.papers_lead_days
            past = events.filter(ends_at__lt=now, status="planned")
            assert past.exclude(debrief_notes="").count() == past.count()
            marks = set(
                EventInvitation.objects.filter(event__in=past).values_list("attendance", flat=True)
            )
            assert {"attended", "late", "no_show"} <= marks
            replies = set(
                EventInvitation.objects.filter(organisation=org).values_list("reply", flat=True)
            )
            assert {"accepted", "declined", "invited"} <= replies
        invitations = EventInvitation.objects.all()
        assert invitations.exists()
        # Every invitation is to one organisation's event, for one of its own people: active, or
        # (the moving-on demo) people who have since left, with nothing still to come.
        assert not invitations.exclude(participant__organisation=F("organisation")).exists()
        assert not invitations.exclude(event__organisation=F("organisation")).exists()
        assert not invitations.exclude(participant__status__in=["active", "exited"]).exists()
        assert (
            not invitations.filter(
                participant__status="exited",
                event__starts_at__gt=timezone.now(),
                reply__in=["invited", "accepted", "waiting"],
            )
            .exclude(event__status="cancelled")
            .exists()
        )
        assert not AgendaItem.objects.exclude(event__organisation=F("organisation")).exists()
        assert (
            not Event.objects.exclude(venue__isnull=True)
            .exclude(venue__organisation=F("organisation"))
            .exists()
        )
        before = (Event.objects.count(), EventInvitation.objects.count(), Venue.objects.count())
    call_command("seed_demo", stdout=StringIO())
    with scopes_disabled():
        assert (
            Event.objects.count(),
            EventInvitation.objects.count(),
            Venue.objects.count(),
        ) == before


def test_national_scale_events_in_bulk(db):
    from django.db.models import Count, F

    from withus.events.models import Event, EventInvitation

    call_command(
        "seed_demo",
        "--scale",
        "national",
        "--organisations",
        "4",
        "--staff-per-org",
        "3",
        "--large-org-people",
        "40",
        "--small-org-people",
        "30",
        stdout=StringIO(),
    )
    with scopes_disabled():
        national = Event.objects.filter(organisation__slug__startswith="national-")
        per_org = national.values("organisation").annotate(n=Count("id"))
        assert sorted(row["n"] for row in per_org) == [6, 6, 6, 6]
        sizes = national.annotate(n=Count("invitations")).values_list("n", flat=True)
        assert max(sizes) <= 15 and min(sizes) > 0
        assert not EventInvitation.objects.exclude(
            participant__organisation=F("organisation")
        ).exists()
        assert national.filter(kind="info_session", opportunity__isnull=False).count() == 4


def _ledger_is_exact(orgs):
    """Every paid payment is in one paid batch whose total is the sum of its payments; the
    voucher and cash registers cover exactly the paid vouchers and cash."""
    from django.db.models import Count, Sum

    from withus.money.models import CashReceipt, Payment, PaymentBatch, VoucherIssue

    payments = Payment.objects.filter(organisation__in=orgs)
    paid = payments.filter(status="paid")
    assert not paid.filter(batch__isnull=True).exists()
    assert not paid.exclude(batch__status="paid").exists()
    assert not payments.exclude(status="paid").filter(batch__isnull=False).exists()
    batches = PaymentBatch.objects.filter(organisation__in=orgs).annotate(
        sum=Sum("payments__amount"), n=Count("payments")
    )
    for batch in batches:
        assert batch.n > 0 and batch.total == batch.sum, batch.reference
        assert batch.method in ("bank", "other") or batch.n == 1
    assert not paid.exclude(batch__method=F("method")).exists()
    assert VoucherIssue.objects.filter(organisation__in=orgs).count() == (
        paid.filter(method="voucher").count()
    )
    assert CashReceipt.objects.filter(organisation__in=orgs).count() == (
        paid.filter(method="cash").count()
    )
    assert (
        not VoucherIssue.objects.filter(organisation__in=orgs)
        .exclude(value=F("payment__amount"))
        .exists()
    )


def test_small_demo_has_money_and_an_exact_ledger(db):
    from withus.events.models import Event
    from withus.money.models import (
        ExpenseClaim,
        ExpenseItem,
        Payment,
        RateCard,
    )

    call_command("seed_demo", stdout=StringIO())
    with scopes_disabled():
        orgs = list(Organisation.objects.filter(slug__in=["eastfield", "northgate"]))
        for org in orgs:
            cards = RateCard.objects.filter(organisation=org)
            assert cards.filter(responsibility="chairing").exists()
            assert cards.filter(basis="day").exists()
            for card in cards.exclude(basis="hourly"):
                # At least the National Living Wage (£12.71 from April 2026) for the hours.
                assert card.amount / card.expected_hours >= Decimal("12.71"), card.name
            events = Event.objects.filter(organisation=org)
            assert events.filter(kind="forum", rate_card__isnull=False).exists()
            assert (
                not events.filter(rate_card__isnull=False)
                .exclude(rate_card__organisation=F("organisation"))
                .exists()
            )
            payments = Payment.objects.filter(organisation=org)
            assert {"draft", "approved", "paid"} <= set(payments.values_list("status", flat=True))
            assert {"bank", "voucher", "cash"} <= set(
                payments.filter(status="paid").values_list("method", flat=True)
            )
            assert payments.filter(invitation__isnull=False, kind="involvement").exists()
            assert payments.filter(kind="expenses", claim__isnull=False).exists()
            # People who decline payment or take expenses only get no involvement payment.
            assert not payments.filter(
                kind="involvement",
                participant__payment_choice__in=["declines", "expenses_only"],
            ).exists()
            claims = ExpenseClaim.objects.filter(organisation=org)
            assert {"submitted", "paid"} <= set(claims.values_list("status", flat=True))
            items = ExpenseItem.objects.filter(organisation=org)
            assert items.exclude(no_receipt_reason="").exists()
            assert (
                not items.filter(receipt__isnull=True, no_receipt_reason="")
                .exclude(category="mileage")
                .exists()
            )
            for claim in claims.filter(status__in=["approved", "paid"]).prefetch_related(
                "items", "payments"
            ):
                (payment,) = claim.payments.all()
                assert payment.amount == sum(i.amount_reimbursed for i in claim.items.all())
        _ledger_is_exact(orgs)
        before = Payment.objects.count()
    call_command("seed_demo", stdout=StringIO())
    with scopes_disabled():
        assert Payment.objects.count() == before


def test_national_scale_money_in_bulk(db):
    from withus.money.models import ExpenseClaim, Payment, RateCard

    call_command(
        "seed_demo",
        "--scale",
        "national",
        "--organisations",
        "4",
        "--staff-per-org",
        "3",
        "--large-org-people",
        "60",
        "--small-org-people",
        "30",
        stdout=StringIO(),
    )
    with scopes_disabled():
        orgs = list(Organisation.objects.filter(slug__startswith="national-"))
        assert RateCard.objects.filter(organisation__in=orgs).count() == 4 * 7
        payments = Payment.objects.filter(organisation__in=orgs)
        assert payments.count() > 100
        assert payments.filter(status="paid").exists()
        assert ExpenseClaim.objects.filter(organisation__in=orgs).exists()
        assert not payments.exclude(participant__organisation=F("organisation")).exists()
        _ledger_is_exact(orgs)
