"""Project rules: pure functions that return Findings."""

from __future__ import annotations

from decimal import Decimal

from withus.checks import Finding, Severity
from withus.money_utils import money

PAYMENT_CATEGORIES = ("payments", "expenses")


def line_total(quantity: Decimal, unit_cost: Decimal) -> Decimal:
    return money(quantity * unit_cost)


def budget_findings(lines: list[tuple[str, Decimal]]) -> list[Finding]:
    """`lines` are (category, estimated total). The guide: never assume existing funds cover
    involvement; budget for paying people and repaying their expenses."""
    totals = {category: Decimal("0") for category in PAYMENT_CATEGORIES}
    for category, total in lines:
        if category in totals:
            totals[category] += total
    findings = []
    if totals["expenses"] <= 0:
        findings.append(
            Finding(
                "budget.no_expenses",
                Severity.WARNING,
                "There is no money for participants' expenses.",
                "Add a line for travel, meals and childcare: people must never be out of pocket "
                "because they took part.",
            )
        )
    if totals["payments"] <= 0:
        findings.append(
            Finding(
                "budget.no_payments",
                Severity.WARNING,
                "There is no money for paying participants.",
                "Budget to pay people for their time and expertise, at least the minimum wage "
                "for the hours. Leave it at zero only if nobody will be paid, and say why.",
            )
        )
    return findings
