"""The messaging rules, table by table: who, which way, and when (pure: no database)."""

import datetime as dt
import zoneinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from withus.checks import Finding, Severity
from withus.messaging import rules
from withus.messaging.models import Channel
from withus.messaging.rules import Person, Route
from withus.people import choices as c

P = c.ConsentPurpose
LONDON = "Europe/London"
T = dt.time


def at(*args, tz=LONDON, fold=0) -> dt.datetime:
    return dt.datetime(*args, tzinfo=zoneinfo.ZoneInfo(tz), fold=fold)


def codes(findings) -> list[str]:
    return [f.code for f in findings]


# Status -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "essential", "expected"),
    [
        (c.Status.ACTIVE, False, []),
        (c.Status.ENQUIRY, False, []),
        (c.Status.PAUSED, False, ["messaging.status_paused"]),
        (c.Status.EXITED, False, ["messaging.status_exited"]),
        (c.Status.PAUSED, True, []),
        (c.Status.EXITED, True, []),
    ],
)
def test_status(status, essential, expected):
    found = rules.status_findings(Person("Sam", status=status), essential=essential)
    assert codes(found) == expected
    assert all(f.severity == Severity.BLOCKING for f in found)


def test_status_message_is_plain():
    [found] = rules.status_findings(Person("Sam", status=c.Status.PAUSED), essential=False)
    assert found.message == "Sam is taking a break, so we do not send them messages."


def test_erased_people_get_nothing_even_essential():
    person = Person("Erased 3", status=c.Status.EXITED, erased=True)
    assert codes(rules.status_findings(person, essential=True)) == ["messaging.erased"]


# Consent ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("route", "in_prison", "consented", "allowed"),
    [
        (Route(Channel.SMS, "0770"), False, {P.CONTACT_SMS}, True),
        (Route(Channel.SMS, "0770"), False, {P.CONTACT_PHONE}, False),
        (Route(Channel.PHONE, "0770"), False, {P.CONTACT_PHONE}, True),
        (Route(Channel.EMAIL, "a@b.c"), False, {P.CONTACT_EMAIL}, True),
        (Route(Channel.EMAIL, "a@b.c"), False, set(), False),
        (Route(Channel.POST, "1 Road"), False, {P.CONTACT_POST}, True),
        (Route(Channel.EMAIL, "kw@b.c", True), False, {P.CONTACT_EMAIL}, False),
        (Route(Channel.EMAIL, "kw@b.c", True), False, {P.CONTACT_KEY_WORKER}, True),
        (Route(Channel.PHONE, "020", True), False, {P.CONTACT_KEY_WORKER}, True),
        (Route(Channel.POST, "HMP", True), True, {P.CONTACT_POST}, True),
        (Route(Channel.POST, "HMP", True), True, {P.CONTACT_KEY_WORKER}, True),
        (Route(Channel.POST, "HMP", False), True, {P.CONTACT_SMS}, False),
    ],
)
def test_consent(route, in_prison, consented, allowed):
    person = Person("Sam", in_prison=in_prison, consented=frozenset(consented))
    assert (rules.consent_findings(person, route) == []) is allowed


ALL_CONTACT = frozenset(
    {P.CONTACT_EMAIL, P.CONTACT_SMS, P.CONTACT_PHONE, P.CONTACT_POST, P.CONTACT_KEY_WORKER}
)


@pytest.mark.parametrize(
    ("route", "expected"),
    [
        (Route(Channel.EMAIL, "a@b.c"), ["messaging.prison_post_only"]),
        (Route(Channel.SMS, "0770"), ["messaging.prison_post_only"]),
        (Route(Channel.PHONE, "0770"), ["messaging.prison_post_only"]),
        (Route(Channel.EMAIL, "kw@b.c", True), ["messaging.prison_post_only"]),
        (Route(Channel.PHONE, "020", True), ["messaging.prison_post_only"]),
        (Route(Channel.POST, "HMP", True), []),
        (Route(Channel.POST, "HMP"), []),
    ],
)
def test_people_in_prison_may_only_be_sent_letters_whatever_they_agreed_to(route, expected):
    person = Person("Ray", in_prison=True, consented=ALL_CONTACT)
    assert codes(rules.send_findings(person, route, essential=True)) == expected
    assert codes(rules.send_findings(person, route, essential=False)) == expected


def test_post_or_key_worker_consent_does_not_allow_an_email_to_someone_in_prison():
    person = Person(
        "Ray", in_prison=True, consented=frozenset({P.CONTACT_POST, P.CONTACT_KEY_WORKER})
    )
    found = rules.consent_findings(person, Route(Channel.EMAIL, "ray@x.example"))
    assert codes(found) == ["messaging.no_consent"]
    assert found[0].message == "Ray has not agreed to be contacted by email."


def test_the_prison_reason_is_plain():
    (finding,) = rules.send_findings(
        Person("Ray", in_prison=True), Route(Channel.SMS, "0770"), essential=False
    )
    assert finding.blocking
    assert finding.message == "Ray is in prison, so we only contact them by letter, through staff."


# Which way --------------------------------------------------------------------------------

EVERYTHING = Person(
    "Sam",
    phone="07700 900123",
    email="sam@example.org",
    address="1 Road\nTown",
    postcode="ab1 2cd",
    key_worker_name="Dee",
    key_worker_contact="dee@probation.example",
)


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        (["sms", "email"], Route(Channel.SMS, "07700 900123")),
        (["email", "sms"], Route(Channel.EMAIL, "sam@example.org")),
        (["phone"], Route(Channel.PHONE, "07700 900123")),
        (["post"], Route(Channel.POST, "Sam\n1 Road\nTown\nAB1 2CD")),
        (["key_worker"], Route(Channel.EMAIL, "dee@probation.example", True)),
        (["staff", "sms"], Route(Channel.SMS, "07700 900123")),  # unknown entries skipped
    ],
)
def test_route_follows_their_order(order, expected):
    assert rules.route_for(EVERYTHING, order) == expected


@pytest.mark.parametrize(
    ("details", "order", "expected"),
    [
        ({"phone": ""}, ["sms", "email"], Route(Channel.EMAIL, "sam@example.org")),
        (
            {"key_worker_contact": "020 7946 0001"},
            ["key_worker"],
            Route("phone", "020 7946 0001", True),
        ),
        (
            {"key_worker_contact": ""},
            ["key_worker", "post"],
            Route("post", "Sam\n1 Road\nTown\nAB1 2CD"),
        ),
    ],
)
def test_route_skips_channels_without_details(details, order, expected):
    person = Person(**{**EVERYTHING.__dict__, **details})
    assert rules.route_for(person, order) == expected


def test_no_route_is_a_finding():
    found = rules.route_for(Person("Sam"), [])
    assert isinstance(found, Finding) and found.blocking
    assert found.message == "No way to reach Sam that they agreed to."


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        (
            Person(
                "Lee", in_prison=True, address="HMP X\nRoad", consented=frozenset({P.CONTACT_POST})
            ),
            Route(Channel.POST, "Lee\nHMP X\nRoad"),
        ),
        (
            Person(
                "Lee",
                in_prison=True,
                address="HMP X",
                postcode="X1 1XX",
                key_worker_name="Mr Jones",
                phone="0770",
                consented=frozenset({P.CONTACT_KEY_WORKER, P.CONTACT_SMS}),
            ),
            Route(Channel.POST, "Lee\nc/o Mr Jones\nHMP X\nX1 1XX", True),
        ),
    ],
)
def test_people_in_prison_get_letters_whatever_their_order(person, expected):
    assert rules.route_for(person, ["sms"]) == expected


def test_prison_without_an_address_or_consent():
    no_address = rules.route_for(Person("Lee", in_prison=True), [])
    assert no_address.code == "messaging.prison_no_address"
    no_consent = rules.route_for(Person("Lee", in_prison=True, address="HMP X"), [])
    assert no_consent.code == "messaging.no_consent"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("dee@probation.example", True),
        (" dee@probation.gov.uk ", True),
        ("020 7946 0001", False),
        ("Dee at probation", False),
        ("dee@", False),
        ("", False),
    ],
)
def test_looks_like_email(value, expected):
    assert rules.looks_like_email(value) is expected


# Quiet hours ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "start", "end", "held_until"),
    [
        # Evening to morning (crossing midnight), a winter Tuesday.
        (at(2026, 3, 3, 19, 59), T(20), T(8), None),
        (at(2026, 3, 3, 20, 0), T(20), T(8), at(2026, 3, 4, 8, 0)),
        (at(2026, 3, 3, 23, 59), T(20), T(8), at(2026, 3, 4, 8, 0)),
        (at(2026, 3, 4, 0, 0), T(20), T(8), at(2026, 3, 4, 8, 0)),
        (at(2026, 3, 4, 7, 59), T(20), T(8), at(2026, 3, 4, 8, 0)),
        (at(2026, 3, 4, 8, 0), T(20), T(8), None),
        # A window inside one day (a lunchtime break, say).
        (at(2026, 3, 3, 12, 30), T(12), T(14), at(2026, 3, 3, 14, 0)),
        (at(2026, 3, 3, 14, 0), T(12), T(14), None),
        (at(2026, 3, 3, 11, 59), T(12), T(14), None),
        # Start equal to end: no quiet hours.
        (at(2026, 3, 3, 3, 0), T(8), T(8), None),
        # Clocks go forward on Sunday 29 March 2026 (1am GMT → 2am BST): 8am is BST.
        (at(2026, 3, 28, 22, 0), T(20), T(8), at(2026, 3, 29, 8, 0)),
        # Clocks go back on Sunday 25 October 2026 (2am BST → 1am GMT): 8am is GMT.
        (at(2026, 10, 24, 21, 0), T(20), T(8), at(2026, 10, 25, 8, 0)),
        # An end time the clocks skip (1:30am on 29 March) is read as after the change.
        (at(2026, 3, 29, 0, 30), T(23), T(1, 30), at(2026, 3, 29, 2, 30)),
        # The repeated hour in autumn: 1:15am the first time is still quiet until 1:30.
        (at(2026, 10, 25, 1, 15), T(23), T(1, 30), at(2026, 10, 25, 1, 30)),
        # ... and 1:15am the second time (GMT) waits 15 minutes by the clock, not an hour back.
        (at(2026, 10, 25, 1, 15, fold=1), T(23), T(1, 30), at(2026, 10, 25, 1, 30, fold=1)),
    ],
)
def test_quiet_until(moment, start, end, held_until):
    found = rules.quiet_until(moment, start=start, end=end, tz_name=LONDON)
    # Compared in UTC: Python never treats times in a repeated hour as equal across zones.
    assert (found and found.astimezone(dt.UTC)) == (held_until and held_until.astimezone(dt.UTC))


def test_clock_change_mornings_are_eight_on_the_local_clock():
    spring = rules.quiet_until(at(2026, 3, 28, 22, 0), start=T(20), end=T(8), tz_name=LONDON)
    autumn = rules.quiet_until(at(2026, 10, 24, 21, 0), start=T(20), end=T(8), tz_name=LONDON)
    assert spring.astimezone(dt.UTC).hour == 7  # BST
    assert autumn.astimezone(dt.UTC).hour == 8  # GMT


def test_quiet_hours_use_the_organisations_time_zone():
    # 9pm in London is 10pm in Paris and 4pm in New York.
    moment = at(2026, 3, 3, 21, 0)
    assert rules.quiet_until(moment, start=T(20), end=T(8), tz_name="America/New_York") is None
    paris = rules.quiet_until(moment, start=T(20), end=T(8), tz_name="Europe/Paris")
    assert paris == at(2026, 3, 4, 8, 0, tz="Europe/Paris").astimezone(dt.UTC)


@pytest.mark.parametrize(
    ("channel", "held"),
    [(Channel.SMS, True), (Channel.EMAIL, True), (Channel.PHONE, True), (Channel.POST, False)],
)
def test_letters_are_not_held(channel, held):
    held_until = at(2026, 3, 4, 8, 0)
    found = rules.quiet_hours_finding(channel, held_until, LONDON)
    assert bool(found) is held
    if found:
        assert found[0].message == (
            "It is quiet hours, so this will wait until 8am on Wednesday 4 March 2026."
        )
        assert not found[0].blocking


times = st.times().map(lambda t: t.replace(microsecond=0, second=0))
moments = st.datetimes(
    min_value=dt.datetime(2020, 1, 1),
    max_value=dt.datetime(2035, 12, 31),
    timezones=st.just(dt.UTC),
)


@given(moment=moments, start=times, end=times, tz=st.sampled_from([LONDON, "America/New_York"]))
def test_held_messages_go_at_an_allowed_time_within_a_day(moment, start, end, tz):
    held = rules.quiet_until(moment, start=start, end=end, tz_name=tz)
    if held is None:
        return
    assert held > moment
    assert held - moment <= dt.timedelta(hours=25)  # a day, plus an hour on clock-change nights
    # The time it is held until is not itself quiet (unless the clocks skipped into the window).
    local = held.astimezone(zoneinfo.ZoneInfo(tz)).time()
    assert not rules.in_quiet_hours(local, start, end) or local != end


@given(moment=moments, start=times, end=times)
def test_being_held_matches_being_in_quiet_hours(moment, start, end):
    local = moment.astimezone(zoneinfo.ZoneInfo(LONDON)).time().replace(tzinfo=None)
    held = rules.quiet_until(moment, start=start, end=end, tz_name=LONDON)
    assert (held is not None) == rules.in_quiet_hours(local, start, end)
