"""Portal "Your record": totals, the CV summary (PDF and Word), asking for a testimonial and
staff marking it done."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.events.builders import invite, make_event
from tests.portal.helpers import person, portal_login
from withus.audit.models import AuditEvent
from withus.portal import models as portal_models
from withus.portal.selectors_record import JUSTICE_WORDS, neutral
from withus.recruitment.models import Candidate, Opportunity, RoleDescription
from withus.voice.models import PersonOutcome

pytestmark = pytest.mark.django_db

PAST = timezone.localdate() - dt.timedelta(days=30)


def _came(org, participant, title, *, day=PAST, start=dt.time(10), end=dt.time(12), **kw):
    attendance = kw.pop("attendance", "attended")
    event = make_event(org, title=title, day=day, start=start, end=end, **kw)
    invite(event, participant, reply="accepted", attendance=attendance)
    return event


def _role(org, participant, title, stage="active"):
    role = RoleDescription.unscoped.create(organisation=org, title=title, summary="A role")
    opportunity = Opportunity.unscoped.create(organisation=org, role=role, title=title)
    return Candidate.unscoped.create(
        organisation=org,
        opportunity=opportunity,
        participant=participant,
        channel="poster",
        stage=stage,
    )


@pytest.fixture
def pat(world):
    pat = person(world.org_a, "Pat Record", named_contact=world.alice)
    _came(world.org_a, pat, "Probation forum", start=dt.time(10), end=dt.time(12, 30))
    _came(world.org_a, pat, "Peer support training", kind="training", day=PAST - dt.timedelta(1))
    no_show = make_event(world.org_a, title="Missed meeting", day=PAST)
    invite(no_show, pat, reply="accepted", attendance="no_show")
    future = make_event(
        world.org_a, title="Future meeting", day=timezone.localdate() + dt.timedelta(9)
    )
    invite(future, pat, reply="accepted")
    _role(world.org_a, pat, "Prison voice panel member")
    _role(world.org_a, pat, "Interview panel member")
    _role(world.org_a, pat, "Only enquired", stage="enquiry")
    PersonOutcome.unscoped.create(
        organisation=world.org_a,
        participant=pat,
        kind="qualification",
        achieved_on=PAST,
        description="Level 2 Food Hygiene",
        person_agreed=True,
    )
    PersonOutcome.unscoped.create(
        organisation=world.org_a,
        participant=pat,
        kind="paid_work",
        achieved_on=PAST,
        description="Not agreed to",
        person_agreed=False,
    )
    other = person(world.org_a, "Sam")
    _came(world.org_a, other, "Sam's meeting")
    return pat


def test_record_totals_and_lists(client, world, pat):
    portal_login(client, pat)
    page = client.get("/p/your-record/").content.decode()
    # Two meetings came to (no-show, future and Sam's left out), 2.5 + 2 hours.
    assert ">2<" in page and ">4.5<" in page
    assert "Probation forum" in page and "Peer support training" in page
    assert "Missed meeting" not in page and "Future meeting" not in page
    assert "Sam&#x27;s meeting" not in page
    assert "Interview panel member" in page and "Only enquired" not in page
    assert "Level 2 Food Hygiene" in page and "Not agreed to" not in page
    assert "Ask for a reference" in page


def test_record_page_loads_only_the_latest_meetings(client, world, pat, monkeypatch):
    """Review #15: the page listed 50 meetings but loaded them all; the limit is in the query,
    and the totals and training still count every meeting."""
    from withus.portal import views_record

    monkeypatch.setattr(views_record, "MEETINGS_PAGE", 1)
    _came(world.org_a, pat, "Oldest meeting", day=PAST - dt.timedelta(days=5))
    portal_login(client, pat)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/p/your-record/").content.decode()
    assert ">3<" in page and ">6.5<" in page  # every meeting still counted
    assert "And 2 more before that." in page
    assert "Oldest meeting" not in page  # only the latest is listed
    assert "Peer support training" in page  # training lists them all
    loads = [q["sql"] for q in queries if 'FROM "events_eventinvitation"' in q["sql"]]
    assert any("LIMIT 1" in sql for sql in loads)


def test_record_page_credits_clinks_plainly(client, world, pat):
    """Review #14: a short, plain credit instead of a citation."""
    portal_login(client, pat)
    page = client.get("/p/your-record/").content.decode()
    assert "Some ideas here come from Clinks (2016)." in page
    assert "on your CV (Clinks, 2016)" not in page  # (the footer's credit is not ours)


def test_contact_name(world):
    from withus.portal.contact import contact_name

    with_contact = person(world.org_a, "Has Contact", named_contact=world.alice)
    without = person(world.org_a, "No Contact")
    assert contact_name(with_contact) == (world.alice.full_name or world.alice.email)
    assert contact_name(without, contact=world.bob) == (world.bob.full_name or world.bob.email)
    assert contact_name(without) == world.org_a.name
    assert contact_name(without, default="") == ""


def test_record_query_count_is_bounded(client, world):
    pat = person(world.org_a)
    portal_login(client, pat)

    def add(n):
        for i in range(n):
            _came(world.org_a, pat, f"Meeting {i}", day=PAST - dt.timedelta(days=i))
            _role(world.org_a, pat, f"Role {i}-{n}")
            PersonOutcome.unscoped.create(
                organisation=world.org_a,
                participant=pat,
                kind="volunteering",
                achieved_on=PAST,
                person_agreed=True,
            )

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    add(1)
    urls = ["/p/your-record/", "/p/your-record/cv/"]
    few = [count(u) for u in urls]
    add(19)
    assert [count(u) for u in urls] == few


def _pdf_text(content: bytes, tmp_path) -> str | None:
    if shutil.which("pdftotext") is None:
        return None
    path = tmp_path / "cv.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_cv_pdf_and_docx_are_neutral(client, world, pat, tmp_path):
    from docx import Document

    portal_login(client, pat)
    preview = client.get("/p/your-record/cv/").content.decode()
    assert "Download as PDF" in preview and "Involvement with Org A" in preview

    pdf = client.get("/p/your-record/cv/?as=pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "no-store" in pdf["Cache-Control"]
    text = _pdf_text(pdf.content, tmp_path)
    docx = client.get("/p/your-record/cv/?as=docx")
    assert docx.status_code == 200
    document = Document(io.BytesIO(docx.content))
    words = "\n".join(p.text for p in document.paragraphs)
    texts = [words] + ([text] if text is not None else [])
    for body in texts:
        flat = " ".join(body.split())
        assert "Pat Record" in flat and "Org A Women" in flat
        assert "2 sessions attended" in flat and "4.5 hours of involvement" in flat
        assert "Interview panel member" in flat and "Involvement role" in flat
        assert "Level 2 Food Hygiene" in flat
        assert "Forum meeting" in flat and "Training" in flat
        assert not JUSTICE_WORDS.search(flat), JUSTICE_WORDS.search(flat)
        assert "Probation" not in flat and "Prison" not in flat


def test_neutral_words():
    assert neutral("Peer mentor", "Role") == "Peer mentor"
    assert neutral("Through the Gate mentor", "Role") == "Role"
    assert neutral("Ex-offender panel", "Role") == "Role"
    assert neutral("HMP Styal forum", "Role") == "Role"
    assert neutral("", "Role") == "Role"


def test_testimonial_request_reaches_the_named_contact(
    client, world, pat, django_capture_on_commit_callbacks
):
    portal_login(client, pat)
    form = client.get("/p/your-record/testimonial/").content.decode()
    assert "What is it for?" in form
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post("/p/your-record/testimonial/", {"purpose": "A job in a cafe"})
    assert page.status_code == 200
    assert "We have your request" in page.content.decode()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [world.alice.email]
    assert "asked for a testimonial or reference" in email.subject
    assert "/o/org-a/portal/testimonials/" in email.body
    # The purpose, and who asked, stay in withus.
    assert "cafe" not in email.body and "Pat" not in email.body + email.subject
    with scopes_disabled():
        asked = portal_models.TestimonialRequest.unscoped.get(participant=pat)
        assert asked.purpose == "A job in a cafe" and asked.done_at is None
        audit = AuditEvent.unscoped.get(action="portal.testimonial_request")
        assert audit.actor is None and "in the portal" in audit.summary

    # Pressing again within a week: no second request, no second email.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post("/p/your-record/testimonial/", {"purpose": ""}).content.decode()
    assert "You already asked on" in again
    assert len(mail.outbox) == 1
    with scopes_disabled():
        assert portal_models.TestimonialRequest.unscoped.filter(participant=pat).count() == 1
    assert "You asked for a reference" in client.get("/p/your-record/").content.decode()


def test_testimonial_without_contact_goes_to_everyone_who_manages_people(
    client, world, django_capture_on_commit_callbacks
):
    from withus.portal.notify import recipients

    pat = person(world.org_a, "No Contact")
    portal_login(client, pat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/p/your-record/testimonial/", {})
    managers = recipients(organisation=world.org_a, kind="testimonial", contact_id=None)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in managers)
    assert world.alice.email in {m.to[0] for m in mail.outbox}
    assert world.bob.email not in {m.to[0] for m in mail.outbox}


def test_testimonial_can_be_asked_again_after_a_week(world):
    from django_scopes import scope

    from withus.portal import services_record

    pat = person(world.org_a)
    then = timezone.now() - dt.timedelta(days=8)
    with scope(organisation=world.org_a):
        services_record.testimonial_request(participant=pat, now=then)
        with pytest.raises(services_record.AlreadyAsked):
            services_record.testimonial_request(participant=pat, now=then + dt.timedelta(days=6))
        services_record.testimonial_request(participant=pat)
    with scopes_disabled():
        assert portal_models.TestimonialRequest.unscoped.filter(participant=pat).count() == 2


def test_staff_mark_a_request_done(client, world, pat, django_capture_on_commit_callbacks):
    portal_login(client, pat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/p/your-record/testimonial/", {"purpose": "College"})
    with scopes_disabled():
        asked = portal_models.TestimonialRequest.unscoped.get(participant=pat)
    client.force_login(world.charlie)
    assert client.get("/o/org-a/portal/testimonials/").status_code in (403, 404)
    client.force_login(world.alice)
    listing = client.get("/o/org-a/portal/testimonials/").content.decode()
    assert "Pat Record" in listing and "College" in listing and "Mark as done" in listing
    response = client.post(
        f"/o/org-a/portal/testimonials/{asked.pk}/done/", {"note": "Sent to the college"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        asked.refresh_from_db()
        assert asked.done_at is not None and asked.done_by == world.alice
        assert asked.note == "Sent to the college"
        audit = AuditEvent.unscoped.get(action="portal.testimonial_done")
        assert audit.actor == world.alice and audit.object_id == str(asked.pk)
    listing = client.get("/o/org-a/portal/testimonials/").content.decode()
    assert "Nobody is waiting" in listing and "Sent to the college" in listing
    # Another organisation's coordinator cannot mark it.
    client.force_login(world.charlie)
    assert client.post(f"/o/org-b/portal/testimonials/{asked.pk}/done/").status_code == 404


def test_staff_list_query_count_is_bounded(client, world):
    from django_scopes import scope

    from withus.portal import services_record

    def add(n):
        for i in range(n):
            p = person(world.org_a, f"Person {i}-{n}", named_contact=world.alice)
            with scope(organisation=world.org_a):
                services_record.testimonial_request(participant=p, purpose="Job")

    client.force_login(world.alice)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/o/org-a/portal/testimonials/").status_code == 200
        return len(queries)

    add(1)
    few = count()
    add(19)
    assert count() == few
