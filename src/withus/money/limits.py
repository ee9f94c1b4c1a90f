"""An organisation's dated benefits limits, seeded from the confirmed figures in DOMAIN.md.

Each figure is a row for one tax year (6 April to 5 April) with an end date, so a figure is never
carried into a year it was not confirmed for. Figures marked UNCONFIRMED (listed in
`UNCONFIRMED`) are not invented: the organisation enters them when they are known, and until
then the benefits check says no limit is entered. Seeding is idempotent and never changes a row
the organisation has edited (rows are matched on benefit, label and start date).

Income-related ESA is not given the £5/£10/£20 disregard rows: permitted work limits cover ESA.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from withus.money.models import BenefitLimit

WEEK = BenefitLimit.Period.WEEK
MONTH = BenefitLimit.Period.MONTH

SOURCE = "withus DOMAIN.md (public sources), tax year {year}/{next:02d}"
SECONDARY = "withus DOMAIN.md, tax year {year}/{next:02d} (secondary source)"


def _every_year(value: str) -> dict[int, str]:
    return {year: value for year in (2024, 2025, 2026)}


# (benefit, label, period, {tax year starting 6 April: amount})
CONFIRMED: list[tuple[str, str, str, dict[int, str]]] = [
    (
        "uc",
        "Universal Credit work allowance, with housing element",
        MONTH,
        {2024: "404", 2025: "411"},
    ),
    (
        "uc",
        "Universal Credit work allowance, no housing element",
        MONTH,
        {2024: "673", 2025: "684"},
    ),
    (
        "esa",
        "ESA permitted work, higher limit (under 16 hours a week)",
        WEEK,
        {2024: "183.50", 2025: "195.50"},
    ),
    ("esa", "ESA permitted work, lower limit", WEEK, _every_year("20")),
    (
        "carers",
        "Carer's Allowance earnings limit (after deductions)",
        WEEK,
        {2024: "151", 2025: "196", 2026: "204"},
    ),
    ("income_support", "Income Support earnings disregard, single", WEEK, _every_year("5")),
    ("income_support", "Income Support earnings disregard, couple", WEEK, _every_year("10")),
    (
        "income_support",
        "Income Support earnings disregard, higher (some carers, disabled people)",
        WEEK,
        _every_year("20"),
    ),
    ("jsa", "Income-based JSA earnings disregard, single", WEEK, _every_year("5")),
    ("jsa", "Income-based JSA earnings disregard, couple", WEEK, _every_year("10")),
    (
        "jsa",
        "Income-based JSA earnings disregard, higher (some carers, disabled people)",
        WEEK,
        _every_year("20"),
    ),
    ("housing_benefit", "Housing Benefit earnings disregard, single", WEEK, _every_year("5")),
    ("housing_benefit", "Housing Benefit earnings disregard, couple", WEEK, _every_year("10")),
    (
        "housing_benefit",
        "Housing Benefit earnings disregard, higher (some carers, disabled people)",
        WEEK,
        _every_year("20"),
    ),
    ("housing_benefit", "Housing Benefit earnings disregard, lone parent", WEEK, _every_year("25")),
]
SECONDARY_SOURCES = {("carers", 2026)}

# Figures DOMAIN.md marks UNCONFIRMED: shown to administrators as "to enter", never invented.
UNCONFIRMED: list[tuple[str, str, int]] = [
    ("uc", "Universal Credit work allowance, with housing element", 2026),
    ("uc", "Universal Credit work allowance, no housing element", 2026),
    ("esa", "ESA permitted work, higher limit (under 16 hours a week)", 2026),
]


def _year(start_year: int) -> tuple[dt.date, dt.date]:
    return dt.date(start_year, 4, 6), dt.date(start_year + 1, 4, 5)


def ensure_benefit_limits(organisation) -> list[BenefitLimit]:
    """Add any confirmed limits the organisation does not have yet; return the seeded rows
    (existing or new). Safe to run again: nothing is duplicated or overwritten."""
    from withus.orgs.models import Organisation

    rows = []
    with transaction.atomic():
        # Two runs at once wait for each other (PostgreSQL row lock on the organisation).
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        existing = {
            (row.benefit, row.label, row.effective_from): row
            for row in BenefitLimit.unscoped.filter(organisation=organisation)
        }
        for benefit, label, period, amounts in CONFIRMED:
            for year, amount in sorted(amounts.items()):
                start, end = _year(year)
                row = existing.get((benefit, label, start))
                if row is None:
                    template = SECONDARY if (benefit, year) in SECONDARY_SOURCES else SOURCE
                    row = BenefitLimit.unscoped.create(
                        organisation=organisation,
                        benefit=benefit,
                        label=label,
                        period=period,
                        amount=Decimal(amount),
                        effective_from=start,
                        effective_to=end,
                        source=template.format(year=year, next=(year + 1) % 100),
                    )
                    existing[(benefit, label, start)] = row
                rows.append(row)
    return rows
