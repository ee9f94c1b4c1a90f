from django.db import DatabaseError
from django.urls import reverse


def test_healthz_checks_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_a_broken_database(client, db, monkeypatch):
    from withus.pages import views

    class Broken:
        def cursor(self):
            raise DatabaseError("down")

    monkeypatch.setattr(views, "connection", Broken())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def test_public_pages(client, db):
    for name, heading in [
        ("pages:accessibility", "Accessibility statement"),
        ("pages:privacy", "Privacy notice"),
    ]:
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert heading in response.text


def test_styled_404_with_skip_link_and_footer(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "Skip to main content" in response.text
    assert "Accessibility statement" in response.text


def test_styled_403(client, world):
    client.force_login(world.bob)
    response = client.get("/o/org-a/staff/")
    assert response.status_code == 403
    assert "You cannot see this page" in response.text


def test_500_page_renders_without_context(rf):
    from withus.pages.views import error_500

    response = error_500(rf.get("/"))
    assert response.status_code == 500
    assert b"Sorry, there is a problem" in response.content


def test_security_headers(client, db):
    response = client.get(reverse("account_login"))
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_forms_reject_cross_site_posts(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("account_login"), {"login": "a@b.c", "password": "x"})
    assert response.status_code == 403
    assert "could not be sent" in response.text
