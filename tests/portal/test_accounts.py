"""Accounts: sign-up with email verification, login, throttling, password reset, profile."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from portal.models import User
from tests.factories.portal import UserFactory

PASSWORD = "Cultuur-demo-2026"
pytestmark = pytest.mark.django_db


def _link(message):
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_signup_needs_email_verification_before_login(client):
    response = client.post(
        "/account/signup/",
        {
            "first_name": "Noor",
            "last_name": "Jansen",
            "email": "noor.jansen@voorbeeld.test",
            "password1": "Lange-zin-voor-Noor-42",
            "password2": "Lange-zin-voor-Noor-42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="noor.jansen@voorbeeld.test")
    assert (user.first_name, user.last_name) == ("Noor", "Jansen")
    assert not EmailAddress.objects.get(user=user).verified
    # Not logged in yet: Mijn portaal still asks for a login.
    assert client.get("/mijn/").status_code == 302

    assert len(mail.outbox) == 1
    confirm_path = _link(mail.outbox[0])
    assert confirm_path.startswith("/account/confirm-email/")
    response = client.post(confirm_path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    response = client.get("/mijn/")
    assert response.status_code == 200
    assert "Noor Jansen" in response.content.decode()


def test_signup_asks_for_name_in_dutch_and_keeps_what_was_entered(client):
    response = client.post(
        "/account/signup/",
        {"email": "zonder.naam@voorbeeld.test", "password1": "kort", "password2": "kort"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dit is een verplicht veld." in html
    assert 'value="zonder.naam@voorbeeld.test"' in html
    assert not User.objects.filter(email="zonder.naam@voorbeeld.test").exists()


def test_login_and_logout(client):
    UserFactory(email="lid@voorbeeld.test")
    response = client.post("/account/login/", {"login": "lid@voorbeeld.test", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/mijn/").status_code == 200
    client.post("/account/logout/")
    assert client.get("/mijn/").status_code == 302


def test_login_is_case_insensitive_on_email(client):
    UserFactory(email="hoofdletters@voorbeeld.test")
    response = client.post(
        "/account/login/", {"login": "Hoofdletters@Voorbeeld.test", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_failed_logins_are_throttled_even_with_the_right_password_afterwards(client):
    UserFactory(email="doelwit@voorbeeld.test")
    for _attempt in range(5):
        response = client.post(
            "/account/login/", {"login": "doelwit@voorbeeld.test", "password": "fout-wachtwoord"}
        )
        assert response.status_code == 200
        assert "Te veel inlogpogingen" not in response.content.decode()
    response = client.post(
        "/account/login/", {"login": "doelwit@voorbeeld.test", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Te veel inlogpogingen. Probeer het later nogmaals." in response.content.decode()
    assert client.get("/mijn/").status_code == 302


def test_password_reset_by_email(client):
    UserFactory(email="vergeten@voorbeeld.test")
    client.post("/account/password/reset/", {"email": "vergeten@voorbeeld.test"})
    assert len(mail.outbox) == 1
    reset_path = _link(mail.outbox[0])
    response = client.get(reset_path, follow=True)
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else reset_path
    response = client.post(
        form_path, {"password1": "Nieuw-lang-wachtwoord-7", "password2": "Nieuw-lang-wachtwoord-7"}
    )
    assert response.status_code == 302
    assert client.login(email="vergeten@voorbeeld.test", password="Nieuw-lang-wachtwoord-7")


def test_password_reset_does_not_reveal_whether_an_account_exists(client):
    response = client.post("/account/password/reset/", {"email": "onbekend@voorbeeld.test"})
    assert response.status_code == 302
    # allauth sends a neutral "unknown account" mail instead of an error on the page.
    assert len(mail.outbox) == 1
    assert "onbekend@voorbeeld.test" in mail.outbox[0].to


def test_profile_edits_name_only(user_client, user):
    response = user_client.post("/mijn/account/", {"first_name": "Sanne", "last_name": ""})
    assert response.status_code == 200
    assert "Dit is een verplicht veld." in response.content.decode()
    response = user_client.post("/mijn/account/", {"first_name": "Sanne", "last_name": "Visser"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.get_full_name() == "Sanne Visser"


def test_admin_login_goes_through_the_portal_login(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/")
