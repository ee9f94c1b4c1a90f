"""The bank bulk-payment file for a batch of bank transfers (docs/money-bank-file.md).

One line per payment. The columns and their order come from the organisation's
`bank_csv_layout` (a list of column keys); an empty list means the standard layout. Every cell is
neutralised so a spreadsheet never runs it as a formula.

The file is refused, with the reasons, while anyone in the batch has no usable bank details or a
payment in an open batch has been corrected since it was batched: a half-right file sent to the
bank is worse than none.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from withus.money.models import Payment, PaymentBatch
from withus.people.crypto import decrypt
from withus.people.models import BankDetails
from withus.spreadsheets import neutralise

# key: (heading, what it holds) — the documentation page lists the same.
COLUMNS: dict[str, tuple[str, str]] = {
    "payee_name": ("Payee name", "Legal name if recorded, otherwise preferred name"),
    "account_name": ("Account name", "The name on the bank account, as recorded"),
    "sort_code": ("Sort code", "Six digits, no dashes: 309457"),
    "sort_code_dashed": ("Sort code", "With dashes: 30-94-57"),
    "account_number": ("Account number", "Eight digits"),
    "amount": ("Amount", "Pounds and pence: 40.00"),
    "amount_pence": ("Amount in pence", "Whole pence: 4000"),
    "reference": ("Reference", "The payment's reference, shown on the person's statement"),
    "batch_reference": ("Batch reference", "The batch, for example WU-2026-11-0001"),
    "payment_id": ("Payment number", "withus's number for the payment"),
    "description": ("What it is for", "The payment's description"),
    "activity_date": ("Activity date", "The date of the activity, like 2026-05-01"),
}
STANDARD_LAYOUT = ["payee_name", "sort_code", "account_number", "amount", "reference"]
NO_HEADER = "no_header"  # anywhere in the layout: the file starts with the first payment


def payment_reference(payment: Payment) -> str:
    """What the person sees on their bank statement (18 characters at most for BACS)."""
    return f"WU-{payment.pk}"


def payee_name(participant) -> str:
    return (participant.legal_name or participant.preferred_name).strip()


@dataclass(frozen=True)
class Layout:
    columns: list[str]
    header: bool
    unknown: list[str]


def layout_for(organisation) -> Layout:
    raw = organisation.bank_csv_layout or []
    if not isinstance(raw, list):
        return Layout(list(STANDARD_LAYOUT), True, [str(raw)])
    keys = [str(key).strip() for key in raw]
    header = NO_HEADER not in keys
    keys = [key for key in keys if key and key != NO_HEADER]
    unknown = [key for key in keys if key not in COLUMNS]
    columns = [key for key in keys if key in COLUMNS] or list(STANDARD_LAYOUT)
    return Layout(columns, header, unknown)


@dataclass(frozen=True)
class Problem:
    message: str
    participant_id: int | None = None
    payment_id: int | None = None


@dataclass(frozen=True)
class Line:
    payment: Payment
    account_name: str
    sort_code: str
    account_number: str


def _details(participant_ids) -> dict[int, tuple[str, str, str]]:
    found = {}
    for row in BankDetails.objects.filter(participant_id__in=participant_ids):
        found[row.participant_id] = (
            decrypt(row.account_name_encrypted),
            decrypt(row.sort_code_encrypted),
            decrypt(row.account_number_encrypted),
        )
    return found


def reversed_ids(payment_ids) -> set[int]:
    """Which of these payments have been corrected (a reversal points at them)."""
    return set(
        Payment.objects.filter(reverses_id__in=list(payment_ids)).values_list(
            "reverses_id", flat=True
        )
    )


def check(batch: PaymentBatch, payments: list[Payment] | None = None) -> tuple[list, list]:
    """(lines, problems) for the batch's bank file. `payments` with their participants, if the
    caller already has them. A fixed four queries at most whatever the batch size."""
    if payments is None:
        payments = list(batch.payments.select_related("participant").order_by("id"))
    problems: list[Problem] = []
    layout = layout_for(batch.organisation)
    if layout.unknown:
        problems.append(
            Problem(
                "The bank file layout in your settings names columns withus does not know: "
                + ", ".join(layout.unknown)
                + ". Change the layout (see the bank file guide) before downloading."
            )
        )
    if batch.method != Payment.Method.BANK:
        problems.append(Problem("Only bank transfer batches have a bank file."))
        return [], problems
    if not payments:
        problems.append(Problem("There are no payments in this batch."))
        return [], problems
    if batch.status == PaymentBatch.Status.OPEN:
        for pk in sorted(reversed_ids(p.pk for p in payments)):
            problems.append(
                Problem(
                    f"Payment {pk} was corrected after it was put in this batch. "
                    "Take it out of the batch.",
                    payment_id=pk,
                )
            )
    details = _details({p.participant_id for p in payments})
    lines: list[Line] = []
    missing: set[int] = set()
    for payment in payments:
        person = payment.participant
        account_name, sort_code, account_number = details.get(person.pk, ("", "", ""))
        if not (sort_code and account_number):
            if person.pk not in missing:
                missing.add(person.pk)
                why = (
                    "has no bank account"
                    if person.has_no_bank_account
                    else "has no bank details recorded"
                )
                problems.append(
                    Problem(
                        f"{person.preferred_name} {why}. Add their bank details, or take their "
                        "payment out of this batch and pay it another way.",
                        participant_id=person.pk,
                        payment_id=payment.pk,
                    )
                )
            continue
        lines.append(Line(payment, account_name, sort_code, account_number))
    return lines, problems


def _cell(key: str, line: Line, batch: PaymentBatch) -> str:
    payment = line.payment
    values = {
        "payee_name": lambda: payee_name(payment.participant),
        "account_name": lambda: line.account_name,
        "sort_code": lambda: line.sort_code,
        "sort_code_dashed": lambda: "-".join(
            line.sort_code[i : i + 2] for i in range(0, len(line.sort_code), 2)
        ),
        "account_number": lambda: line.account_number,
        "amount": lambda: f"{payment.amount:.2f}",
        "amount_pence": lambda: str(int(payment.amount * 100)),
        "reference": lambda: payment_reference(payment),
        "batch_reference": lambda: batch.reference,
        "payment_id": lambda: str(payment.pk),
        "description": lambda: payment.description,
        "activity_date": lambda: payment.activity_date.isoformat(),
    }
    return neutralise(values[key]())


class BankFileRefused(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def build(batch: PaymentBatch) -> tuple[bytes, int]:
    """The CSV (UTF-8, comma separated, CRLF line ends) and the number of payment lines."""
    lines, problems = check(batch)
    if problems:
        raise BankFileRefused(problems)
    layout = layout_for(batch.organisation)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if layout.header:
        writer.writerow([COLUMNS[key][0] for key in layout.columns])
    for line in lines:
        writer.writerow([_cell(key, line, batch) for key in layout.columns])
    return buffer.getvalue().encode("utf-8"), len(lines)
