"""The one rounding helper for money: Decimal, GBP, two places, half up."""

from decimal import ROUND_HALF_UP, Decimal

PENNY = Decimal("0.01")


def money(value) -> Decimal:
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)
