"""Minimum wage: pay for a session must meet the minimum wage for the hours it covers, whatever
basis the rate is quoted on (the Clinks guide, section 5.5).

Pure functions over the dated table (`WageRate` rows built from `MinimumWageRate`). The rate for
a day is the latest row on or before it, per band. The band comes from the person's age on the
activity date (date of birth), else from the age band recorded, else the National Living Wage is
assumed and the finding says so. The age the National Living Wage starts at is read from the
rows (`nlw_min_age`: 25 until 31 March 2021, 23 until 31 March 2024, 21 from 1 April 2024); the
band below it (21 to 24, later 21 to 22) exists only while that age is above 21.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from withus.checks import Finding, Severity
from withus.money.rules._common import at_least, hours_text, nice_date, pounds
from withus.money_utils import money

MINIMUM_WAGE = "minimum_wage"

NLW = "nlw"
AGE_21_22 = "21_22"
AGE_18_20 = "18_20"
AGE_16_17 = "16_17"

# Participant.age_band values (people.choices.AgeBand)
BAND_UNDER_16 = "under_16"
BAND_16_17 = "16_17"
BAND_18_20 = "18_20"
BAND_21_PLUS = "21_plus"

NO_RATE_IS_A_REASON = "To approve it as it is, give a reason."


@dataclass(frozen=True)
class WageRate:
    effective_from: dt.date
    band: str
    hourly: Decimal
    nlw_min_age: int | None = None


def rates_on(rates: Iterable[WageRate], day: dt.date) -> dict[str, WageRate]:
    """For each band, the row in force on `day` (the latest effective on or before it)."""
    found: dict[str, WageRate] = {}
    for rate in rates:
        if rate.effective_from > day:
            continue
        current = found.get(rate.band)
        if current is None or rate.effective_from > current.effective_from:
            found[rate.band] = rate
    return found


def nlw_min_age(today: dict[str, WageRate]) -> int:
    nlw = today.get(NLW)
    return nlw.nlw_min_age if nlw is not None and nlw.nlw_min_age else 21


def describe(band: str, min_age: int) -> str:
    if band == NLW:
        return f"the National Living Wage for people aged {min_age} and over"
    if band == AGE_21_22:
        return f"the minimum wage for people aged 21 to {min_age - 1}"
    if band == AGE_18_20:
        return "the minimum wage for people aged 18 to 20"
    if band == AGE_16_17:
        return "the minimum wage for people aged 16 and 17"
    return "the minimum wage"


@dataclass(frozen=True)
class Comparison:
    """Which rate a person's pay is compared with, and how sure we are of their age."""

    band: str | None  # None: under 16, no minimum wage applies
    rate: WageRate | None
    note: str  # how we know, in a sentence
    # When the band is not certain: a higher rate that may apply, and how loudly to say so.
    check_also: WageRate | None = None
    check_also_severity: Severity = Severity.INFO
    check_also_note: str = ""


def age_on(date_of_birth: dt.date, day: dt.date) -> int:
    """Age in whole years on `day` (someone born on 29 February turns a year older on 1 March)."""
    born = date_of_birth
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _band_for_age(age: int, min_age: int) -> str | None:
    if age < 16:
        return None
    if age < 18:
        return AGE_16_17
    if age < 21:
        return AGE_18_20
    if age < min_age:
        return AGE_21_22
    return NLW


def band_for(
    *,
    day: dt.date,
    today: dict[str, WageRate],
    date_of_birth: dt.date | None,
    age_band: str = "",
) -> Comparison:
    """The band to compare with on `day`, from the date of birth, else the age band, else NLW."""
    min_age = nlw_min_age(today)
    nlw = today.get(NLW)
    if date_of_birth is not None:
        age = age_on(date_of_birth, day)
        band = _band_for_age(age, min_age)
        note = f"They are {age} on that day."
        if band == AGE_21_22 and AGE_21_22 not in today:
            # The table has no rate for the band below the NLW: the NLW is the safe comparison.
            return Comparison(NLW, nlw, note + " No rate for their age band is recorded.")
        return Comparison(band, today.get(band) if band else None, note)
    if age_band == BAND_UNDER_16:
        return Comparison(None, None, "Their age band is recorded as under 16.")
    if age_band in (BAND_16_17, BAND_18_20):
        band = AGE_16_17 if age_band == BAND_16_17 else AGE_18_20
        words = "16 or 17" if band == AGE_16_17 else "18 to 20"
        return Comparison(
            band,
            today.get(band),
            f"Their age band is recorded as {words}, not their date of birth.",
            check_also=nlw,
            check_also_severity=Severity.INFO,
            check_also_note="People move into a higher band as they get older. Record their "
            "date of birth so the right rate is used.",
        )
    if age_band == BAND_21_PLUS:
        if min_age <= 21 or AGE_21_22 not in today:
            return Comparison(NLW, nlw, "Their age band is recorded as 21 or over.")
        return Comparison(
            AGE_21_22,
            today[AGE_21_22],
            f"Only '21 or over' is recorded, so we compared with the rate for 21 to "
            f"{min_age - 1}: their exact age is unknown.",
            check_also=nlw,
            check_also_severity=Severity.WARNING,
            check_also_note=f"If they are {min_age} or over, the National Living Wage applies. "
            "Record their date of birth so the right rate is used.",
        )
    return Comparison(
        NLW,
        nlw,
        "Their date of birth and age band are not recorded, so we compared with the National "
        "Living Wage.",
    )


def _hourly_words(amount: Decimal, hours: Decimal, rate: Decimal) -> str:
    shown = money(amount / hours)
    if amount < rate * hours and shown >= rate:
        return f"just under {pounds(rate)} an hour"
    return f"{pounds(shown)} an hour"


def minimum_wage(
    *,
    name: str,
    day: dt.date,
    amount: Decimal,
    hours: Decimal | None,
    hourly_rate: Decimal | None = None,
    date_of_birth: dt.date | None = None,
    age_band: str = "",
    rates: Iterable[WageRate],
) -> list[Finding]:
    """Findings for one involvement payment (or a quoted rate) against the minimum wage.

    `hours` are the hours the pay covers (the payment's, else the rate card's expected hours).
    `hourly_rate` is given for hourly rate cards when the hours are not known: the rate itself is
    compared. Never call this for expenses reimbursements or reversals.
    """
    when = nice_date(day)
    today = rates_on(rates, day)
    if NLW not in today:
        return [
            Finding(
                MINIMUM_WAGE,
                Severity.INFO,
                f"No minimum wage rates are recorded for {when}, so this payment was not "
                "checked against the minimum wage.",
                "Ask an administrator to add the rates for that date (GOV.UK publishes them).",
            )
        ]
    comparison = band_for(day=day, today=today, date_of_birth=date_of_birth, age_band=age_band)
    if comparison.band is None:
        return [
            Finding(
                MINIMUM_WAGE,
                Severity.INFO,
                f"{name} is under 16 on {when}, so no minimum wage applies. {comparison.note}",
                "Pay the same rate as others doing the same role.",
            )
        ]
    if hours is not None and hours <= 0:
        hours = None
    if hours is None and hourly_rate is None:
        return [
            Finding(
                MINIMUM_WAGE,
                Severity.WARNING,
                f"We do not know how many hours the {pounds(amount)} for {name} on {when} "
                "covers, so it cannot be checked against the minimum wage.",
                "Enter the hours it covers, including preparation and travel between sessions, "
                "or set the expected hours on the rate card.",
            )
        ]
    min_age = nlw_min_age(today)

    def below(rate: WageRate) -> bool:
        if hours is not None:
            return amount < rate.hourly * hours
        return hourly_rate < rate.hourly

    def finding(rate: WageRate, band: str, severity: Severity, note: str) -> Finding:
        what = describe(band, min_age)
        if hours is not None:
            pay = (
                f"{name} would get {pounds(amount)} for {hours_text(hours)} on {when}: "
                f"{_hourly_words(amount, hours, rate.hourly)}."
            )
            fix = f"Pay at least {pounds(at_least(rate.hourly * hours))} for {hours_text(hours)}"
        else:
            pay = f"The rate card pays {name} {pounds(hourly_rate)} an hour on {when}."
            fix = f"Pay at least {pounds(rate.hourly)} an hour"
        message = f"{pay} That is below {what}, {pounds(rate.hourly)} an hour. {note}"
        advice = (
            f"{fix}: pay for a session must meet the minimum wage for all the hours it covers, "
            "whatever basis the rate is quoted on."
        )
        if severity == Severity.BLOCKING:
            advice += " " + NO_RATE_IS_A_REASON
        return Finding(MINIMUM_WAGE, severity, message, advice)

    if comparison.rate is not None and below(comparison.rate):
        return [finding(comparison.rate, comparison.band, Severity.BLOCKING, comparison.note)]
    also = comparison.check_also
    if also is not None and below(also):
        note = f"{comparison.note} {comparison.check_also_note}"
        return [finding(also, also.band, comparison.check_also_severity, note)]
    return []
