"""The printable sign-in sheet: who is coming, in name order, with NO PHOTOS marks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope

from tests.events.builders import invite, make_event, make_venue
from tests.events.test_pack import pdf_text
from withus.events import sign_in_sheet
from withus.people.models import ConsentEvent, Participant


@pytest.fixture
def alice(client, world):
    client.force_login(world.alice)
    return client


def url(event, org="org-a"):
    return reverse("events:sign_in_sheet", kwargs={"org_slug": org, "pk": event.pk})


def person(world, name, *, photos=None, film=None, org=None):
    org = org or world.org_a
    participant = Participant.unscoped.create(organisation=org, preferred_name=name)
    moment = timezone.now() - dt.timedelta(days=10)
    for purpose, states in (("photos", photos), ("film", film)):
        for step, state in enumerate(states or []):  # oldest first; the last one counts
            ConsentEvent.unscoped.create(
                organisation=org,
                participant=participant,
                purpose=purpose,
                state=state,
                method="verbal",
                recorded_at=moment + dt.timedelta(days=step),
            )
    return participant


@pytest.fixture
def event(world):
    venue = make_venue(world.org_a, name="Community Hall", address="1 High Street\nHackney")
    return make_event(
        world.org_a,
        title="Women's forum",
        day=dt.date(2026, 3, 3),
        start=dt.time(10),
        end=dt.time(12, 30),
        venue=venue,
        photos_planned=True,
    )


def sheet(world, event):
    with scope(organisation=world.org_a):
        return sign_in_sheet.sheet_for(event)


def test_only_people_coming_in_name_order_with_photo_marks(world, event):
    invite(event, person(world, "Zara Young", photos=["given"]), reply="accepted")
    invite(event, person(world, "amy Adams", photos=["given", "withdrawn"]), reply="accepted")
    invite(event, person(world, "Mo Khan", photos=["refused", "given"]), reply="accepted")
    invite(event, person(world, "Bea Never asked"), reply="accepted", companion_name="Cath Carer")
    invite(event, person(world, "Dee Declined"), reply="declined")
    invite(event, person(world, "Ian Invited"))
    invite(event, person(world, "Wes Waiting"), reply="waiting")
    erased = person(world, "Erased Person")
    erased.erased_at = timezone.now()
    erased.save()
    invite(event, erased, reply="accepted")
    result = sheet(world, event)
    assert [(row.name, row.note, row.no_photos) for row in result.rows] == [
        ("amy Adams", "", True),  # withdrawn since
        ("Bea Never asked", "", True),  # never asked: not a yes
        ("Cath Carer", "Coming with Bea Never asked", True),
        ("Mo Khan", "", False),  # said no, then yes
        ("Zara Young", "", False),
    ]
    assert result.blank_rows == 5
    assert result.title == "Women's forum"
    assert result.when == "Tuesday 3 March 2026, 10am to 12:30pm"
    assert result.where == "Community Hall, 1 High Street, Hackney"
    assert result.filename == "sign-in-womens-forum-2026-03-03.pdf"


def test_no_marks_when_no_photos_are_planned(world, event):
    event.photos_planned = False
    event.save()
    invite(event, person(world, "Jo Bloggs"), reply="accepted")
    result = sheet(world, event)
    assert not result.rows[0].no_photos
    assert not result.marks_used
    assert "NO PHOTOS" not in sign_in_sheet.to_html(result)


def test_filming_marks_follow_film_consent(world, event):
    event.filming_planned = True
    event.save()
    invite(event, person(world, "Jo Bloggs", photos=["given"], film=["given"]), reply="accepted")
    invite(event, person(world, "Sam Carter", photos=["given"]), reply="accepted")
    rows = sheet(world, event).rows
    assert [(r.name, r.no_photos, r.no_filming) for r in rows] == [
        ("Jo Bloggs", False, False),
        ("Sam Carter", False, True),
    ]


def test_the_pdf_is_a_landscape_sheet_with_the_marks(alice, world, event, tmp_path):
    invite(event, person(world, "Jo Bloggs", photos=["given"]), reply="accepted")
    invite(event, person(world, "Sam Carter"), reply="accepted")
    response = alice.get(url(event))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="sign-in-womens-forum-2026-03-03.pdf"'
    )
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(b"%PDF")
    html = sign_in_sheet.to_html(sheet(world, event))
    assert "size: A4 landscape" in html
    assert html.count('<span class="mark">NO PHOTOS</span>') == 2  # Sam, and the key
    for column in ("Name", "Signature", "Time in", "Time out"):
        assert f'<th scope="col">{column}</th>' in html
    assert html.count('<tr class="walk-in">') == 5
    text = pdf_text(response.content, tmp_path)
    if text is not None:
        assert "Sign-in sheet: Women's forum" in text
        assert "Tuesday 3 March 2026, 10am to 12:30pm" in text
        assert "Sam Carter" in text
        assert "NO PHOTOS" in text
        assert text.index("Jo Bloggs") < text.index("Sam Carter")


def test_an_empty_sheet_still_prints(alice, world, event):
    response = alice.get(url(event))
    assert response.status_code == 200
    assert "Nobody has said they are coming yet." in sign_in_sheet.to_html(sheet(world, event))


def test_query_count_is_the_same_for_one_and_ten_people(alice, world, event):
    invite(event, person(world, "Person 0", photos=["given"]), reply="accepted")
    with CaptureQueriesContext(connection) as one:
        assert alice.get(url(event)).status_code == 200
    for i in range(1, 10):
        invite(
            event,
            person(world, f"Person {i}", photos=["given", "withdrawn"][: i % 3]),
            reply="accepted",
            companion_name="A friend" if i % 2 else "",
        )
    with CaptureQueriesContext(connection) as ten:
        assert alice.get(url(event)).status_code == 200
    assert len(ten) == len(one)


def test_another_organisations_event_is_404(client, world, event):
    client.force_login(world.charlie)
    assert client.get(url(event, org="org-b")).status_code == 404
    client.force_login(world.bob)
    assert client.get(url(event)).status_code == 403
