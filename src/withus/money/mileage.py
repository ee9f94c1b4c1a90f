"""Mileage at HMRC's approved rates, by tax year (which starts on 6 April).

Cars and vans: 45p a mile for the first 10,000 business miles in a tax year, 25p after; a
journey that crosses the threshold is split (9,950 miles before + 100 now → 50 × 45p + 50 × 25p).
Motorcycles, bicycles and passengers have one rate. The rates are dated rows (`MileageRate`), so a
new rate is a new row, not a code change.

The pure part (`exact_amount`, `miles_before`, `tax_year`) needs no database; `mileage_amount`
and `miles_this_tax_year` read the rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from withus.money_utils import money

CAR = "car"
MILEAGE = "mileage"
REJECTED = "rejected"
ZERO = Decimal("0")


@dataclass(frozen=True)
class MileageRateFacts:
    effective_from: dt.date
    vehicle: str
    per_mile: Decimal
    per_mile_after_threshold: Decimal
    threshold_miles: int = 10_000


def tax_year_start(day: dt.date) -> dt.date:
    """6 April on or before `day`."""
    start = dt.date(day.year, 4, 6)
    return start if day >= start else dt.date(day.year - 1, 4, 6)


def tax_year(day: dt.date) -> tuple[dt.date, dt.date]:
    """The UK tax year containing `day`: 6 April to 5 April."""
    start = tax_year_start(day)
    return start, dt.date(start.year + 1, 4, 5)


def rate_on(
    rates: Iterable[MileageRateFacts], vehicle: str, day: dt.date
) -> MileageRateFacts | None:
    """The rate for `vehicle` in force on `day` (the latest effective on or before it)."""
    found = None
    for rate in rates:
        if rate.vehicle != vehicle or rate.effective_from > day:
            continue
        if found is None or rate.effective_from > found.effective_from:
            found = rate
    return found


def exact_amount(*, miles: Decimal, miles_before: Decimal, rate: MileageRateFacts) -> Decimal:
    """The amount before rounding: miles up to the threshold at the first rate, the rest at the
    rate after it."""
    if miles < 0 or miles_before < 0:
        raise ValueError("Miles cannot be negative.")
    threshold = Decimal(rate.threshold_miles)
    first = max(ZERO, min(miles, threshold - miles_before))
    return first * rate.per_mile + (miles - first) * rate.per_mile_after_threshold


def load_rates() -> list[MileageRateFacts]:
    from withus.money.models import MileageRate

    return [
        MileageRateFacts(
            r.effective_from, r.vehicle, r.per_mile, r.per_mile_after_threshold, r.threshold_miles
        )
        for r in MileageRate.objects.all()
    ]


def mileage_amount(
    *,
    vehicle: str,
    miles: Decimal,
    day: dt.date,
    miles_before: Decimal,
    rates: Iterable[MileageRateFacts] | None = None,
) -> Decimal:
    """What `miles` in `vehicle` on `day` are worth at HMRC's rates, given the person's
    `miles_before` in the same tax year, rounded to the penny.

    `rates` can be passed to avoid reading the table again (one query otherwise). Raises
    LookupError when no rate is recorded for that vehicle on that day, ValueError for negative
    miles.
    """
    rate = rate_on(load_rates() if rates is None else rates, vehicle, day)
    if rate is None:
        raise LookupError(f"No mileage rate is recorded for {vehicle} on {day}.")
    return money(exact_amount(miles=Decimal(miles), miles_before=Decimal(miles_before), rate=rate))


def miles_before(
    rows: Iterable[tuple[int, dt.date, Decimal | None]],
    day: dt.date,
    *,
    item_id: int | None = None,
) -> Decimal:
    """Miles travelled earlier in the tax year of `day`, from (item id, date, miles) rows.

    Earlier means on an earlier date, or on the same date and entered before the item (a lower
    id); an item not saved yet comes after everything already recorded.
    """
    start = tax_year_start(day)
    total = ZERO
    for row_id, spent_on, miles in rows:
        if miles is None or row_id == item_id or not (start <= spent_on <= day):
            continue
        if spent_on == day and item_id is not None and row_id > item_id:
            continue
        total += miles
    return total


def mileage_rows(
    participant_id: int, first: dt.date, last: dt.date, *, vehicle: str | None = CAR
) -> list[tuple[int, dt.date, Decimal | None, str]]:
    """(id, date, miles, vehicle) of the person's mileage items between the dates (in `vehicle`,
    or any vehicle when None), in claims that were not rejected. One query, inside the
    organisation scope."""
    from withus.money.models import ExpenseItem

    items = ExpenseItem.objects.filter(
        claim__participant_id=participant_id,
        category=MILEAGE,
        spent_on__gte=first,
        spent_on__lte=last,
    ).exclude(claim__status=REJECTED)
    if vehicle is not None:
        items = items.filter(vehicle=vehicle)
    return list(items.values_list("id", "spent_on", "miles", "vehicle"))


def miles_this_tax_year(
    participant, day: dt.date, *, exclude_item=None, vehicle: str = CAR
) -> Decimal:
    """The person's earlier mileage (in `vehicle`, cars and vans by default: the threshold is
    about them) in the tax year of `day`, from claims that were not rejected. `exclude_item` is
    the item being worked out: it is left out, and so are items entered after it on the same
    day."""
    rows = mileage_rows(participant.pk, tax_year_start(day), day, vehicle=vehicle)
    item_id = exclude_item.pk if exclude_item is not None else None
    return miles_before(((i, d, m) for i, d, m, _ in rows), day, item_id=item_id)
