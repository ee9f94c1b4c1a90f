"""The bank bulk-payment file: the standard and a custom layout, safe cells, refusal while
anyone lacks bank details, and the download page (audited as a sensitive read and an export)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django_scopes import scope

from tests.money.test_batches import approved, make_batch
from withus.audit.models import AuditEvent
from withus.money import bank_file
from withus.money.models import Payment, PaymentBatch
from withus.people import services as people_services

D = Decimal


def rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))


@pytest.fixture
def batch(world, people):
    """Jo (legal name Joanna Bloggs) twice and Sam (preferred name only) in one bank batch."""
    with scope(organisation=world.org_a):
        people_services.bank_details_save(
            participant=people["sam"],
            account_name="S Carter",
            sort_code="40 11 22",
            account_number="01234567",
            actor=world.alice,
        )
        payments = [
            approved(world, people["jo"], amount=D("40.00"), description="Forum"),
            approved(world, people["sam"], amount=D("12.5"), description="=HYPERLINK(evil)"),
            approved(world, people["jo"], amount=D("3.05"), description="Bus"),
        ]
        yield make_batch(world, payments).batch, payments


def build(batch):
    with scope(organisation=batch.organisation):
        batch = PaymentBatch.objects.get(pk=batch.pk)
        return bank_file.build(batch)


def test_the_standard_layout(world, batch):
    batch, (jo_1, sam, jo_2) = batch
    content, count = build(batch)
    assert count == 3
    assert rows(content) == [
        ["Payee name", "Sort code", "Account number", "Amount", "Reference"],
        ["Joanna Bloggs", "309457", "12345678", "40.00", f"WU-{jo_1.pk}"],
        ["Sam Carter", "401122", "01234567", "12.50", f"WU-{sam.pk}"],
        ["Joanna Bloggs", "309457", "12345678", "3.05", f"WU-{jo_2.pk}"],
    ]
    assert b"\r\n" in content  # CRLF, as bank uploads expect


def test_a_custom_layout_from_the_organisations_settings(world, batch):
    batch, (jo_1, sam, _jo_2) = batch
    world.org_a.bank_csv_layout = [
        "reference",
        "account_name",
        "sort_code_dashed",
        "account_number",
        "amount_pence",
        "description",
        "batch_reference",
        "no_header",
    ]
    world.org_a.save()
    content, _ = build(batch)
    lines = rows(content)
    assert lines[0] == [
        f"WU-{jo_1.pk}",
        "Joanna Bloggs",
        "30-94-57",
        "12345678",
        "4000",
        "Forum",
        batch.reference,
    ]
    # The description starting with "=" is neutralised: shown as text, never run.
    assert lines[1][4:6] == ["1250", "'=HYPERLINK(evil)"]


def test_a_payee_name_that_looks_like_a_formula_is_neutralised(world, people, batch):
    batch, _ = batch
    with scope(organisation=world.org_a):
        people_services.participant_update(
            participant=people["sam"], data={"preferred_name": "@SUM(1+1)"}, actor=world.alice
        )
    lines = rows(build(batch)[0])
    assert lines[2][0] == "'@SUM(1+1)"


def test_an_unknown_column_in_the_layout_refuses_the_file(world, batch):
    batch, _ = batch
    world.org_a.bank_csv_layout = ["payee_name", "iban"]
    world.org_a.save()
    with pytest.raises(bank_file.BankFileRefused, match="iban"):
        build(batch)


def test_the_file_is_refused_while_anyone_has_no_bank_details(world, people, batch):
    batch, _ = batch
    with scope(organisation=world.org_a):
        people_services.bank_details_remove(participant=people["sam"], actor=world.alice)
    with pytest.raises(bank_file.BankFileRefused) as refused:
        build(batch)
    assert [p.participant_id for p in refused.value.problems] == [people["sam"].pk]
    assert "Sam Carter has no bank details" in refused.value.problems[0].message


def test_bank_details_that_no_longer_decrypt_count_as_missing(world, people, batch):
    batch, _ = batch
    from withus.people.models import BankDetails

    BankDetails.unscoped.filter(participant=people["sam"]).update(sort_code_encrypted="garbage")
    with pytest.raises(bank_file.BankFileRefused):
        build(batch)


# --- the download page ---------------------------------------------------------------------------


def csv_url(world, batch):
    return reverse("money:batch_csv", kwargs={"org_slug": world.org_a.slug, "batch_id": batch.pk})


def test_downloading_sends_the_file_marks_the_batch_sent_and_is_audited(client, world, batch):
    batch, _ = batch
    client.force_login(world.finance_a)
    response = client.get(csv_url(world, batch))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f'filename="bank-file-{batch.reference}.csv"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    assert rows(response.content)[1][0] == "Joanna Bloggs"
    batch.refresh_from_db()
    assert batch.status == PaymentBatch.Status.EXPORTED
    read = AuditEvent.unscoped.get(action="sensitive.read")
    assert read.actor == world.finance_a and batch.reference in read.summary
    export = AuditEvent.unscoped.get(action="batch.export")
    assert "3 payments" in export.summary
    # The audit trail never holds bank details.
    for event in AuditEvent.unscoped.all():
        assert "12345678" not in f"{event.summary}{event.changes}"


def test_a_refused_download_says_why_and_changes_nothing(client, world, people, batch):
    batch, _ = batch
    with scope(organisation=world.org_a):
        people_services.bank_details_remove(participant=people["sam"], actor=world.alice)
    client.force_login(world.finance_a)
    response = client.get(csv_url(world, batch), follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sam Carter has no bank details recorded" in page
    assert "The bank file was not made" in page
    batch.refresh_from_db()
    assert batch.status == PaymentBatch.Status.OPEN
    assert not AuditEvent.unscoped.filter(action="batch.export").exists()


def test_an_other_method_batch_has_no_bank_file(client, world, people):
    with scope(organisation=world.org_a):
        batch = make_batch(world, [approved(world, people["sam"], method="other")], "other").batch
    client.force_login(world.finance_a)
    response = client.get(csv_url(world, batch))
    assert response.status_code == 302
    assert not AuditEvent.unscoped.filter(action="batch.export").exists()


def test_the_reference_fits_a_bacs_reference(world, batch):
    _, payments = batch
    for payment in payments:
        assert len(bank_file.payment_reference(payment)) <= 18
    big = Payment(pk=10**15 - 1)  # a thousand million million payments
    assert len(bank_file.payment_reference(big)) <= 18


def test_every_column_key_is_documented():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "money-bank-file.md").read_text()
    for key in [*bank_file.COLUMNS, bank_file.NO_HEADER]:
        assert f"`{key}`" in doc, key


def test_batches_cannot_be_downloaded_by_other_organisations(client, world, batch):
    batch, _ = batch
    client.force_login(world.admin_b)
    url = reverse("money:batch_csv", kwargs={"org_slug": world.org_b.slug, "batch_id": batch.pk})
    assert client.get(url).status_code == 404
