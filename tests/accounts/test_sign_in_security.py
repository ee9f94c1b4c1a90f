"""Sign-in protections: rate limits, session expiry, no open sign-up, email as the login."""

from django.conf import settings
from django.urls import reverse

from withus.accounts.models import User


def _fail(client, email="alice@a.example"):
    return client.post(reverse("account_login"), {"login": email, "password": "not-the-password"})


def test_repeated_failed_sign_ins_are_rate_limited(client, world):
    responses = [_fail(client) for _ in range(6)]
    assert "Too many failed" not in responses[0].text
    assert "Too many failed" in responses[-1].text
    # Even the right password is refused while the limit holds.
    response = client.post(
        reverse("account_login"), {"login": "alice@a.example", "password": "correct horse battery"}
    )
    assert "Too many failed" in response.text
    assert "_auth_user_id" not in client.session


def test_sessions_expire_after_inactivity_and_when_the_browser_closes():
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_there_is_no_open_sign_up(client, db):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "stranger@x.example",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert not User.objects.filter(email="stranger@x.example").exists()
    assert response.status_code in (200, 302, 403)


def test_email_is_the_login_and_is_stored_in_lower_case(db):
    user = User.objects.create_user("Mixed.Case@Example.ORG", "pw-123456789")
    assert user.email == "mixed.case@example.org"
    assert User.USERNAME_FIELD == "email"


def test_password_reset_does_not_reveal_whether_an_account_exists(client, world):
    known = client.post(reverse("account_reset_password"), {"email": "alice@a.example"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@a.example"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
