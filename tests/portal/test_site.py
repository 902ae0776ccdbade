"""The site around the features: pages, navigation, footer, error pages, account pages."""

import pytest
from django.test import RequestFactory
from wagtail.models import Site

from portal.models import HomePage, SiteSettings, StandardPage
from portal.views.errors import server_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return HomePage.objects.get()


def test_menu_shows_live_pages_marked_for_menus_and_footer_shows_site_settings(client, home):
    shown = StandardPage(title="Cultuuraanbod", slug="aanbod", show_in_menus=True)
    home.add_child(instance=shown)
    hidden = StandardPage(title="Verborgen pagina", slug="verborgen", show_in_menus=False)
    home.add_child(instance=hidden)
    privacy = StandardPage(title="Privacyverklaring", slug="privacy")
    home.add_child(instance=privacy)
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisation_name = "Cultuurhuis Test"
    settings.postcode = "8011 AB"
    settings.privacy_page = privacy
    settings.save()

    html = client.get("/").content.decode()
    nav = html.split('aria-label="Hoofdmenu"')[1].split("</nav>")[0]
    assert "Cultuuraanbod" in nav
    assert "Verborgen pagina" not in nav
    footer = html.split("<footer")[1]
    assert "Cultuurhuis Test" in footer
    assert "8011 AB" in footer
    assert 'href="/privacy/"' in footer

    page = client.get("/aanbod/").content.decode()
    assert 'aria-current="page"' in page


def test_page_not_found_is_dutch_and_keeps_the_layout(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Pagina niet gevonden" in html
    assert 'id="main"' in html


def test_server_error_page_needs_no_database_or_context():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Er ging iets mis" in html
    assert '<html lang="nl">' in html


def test_skip_link_landmarks_and_labelled_language_switch(client):
    html = client.get("/").content.decode()
    assert '<a class="skip-link" href="#main">Naar de inhoud</a>' in html
    for landmark in ("<header", "<main", "<footer", "<nav"):
        assert landmark in html
    assert '<label for="language-select"' in html


def test_account_pages_for_email_password_and_two_factor(user_client):
    for path in ("/account/email/", "/account/password/change/", "/account/2fa/"):
        response = user_client.get(path)
        assert response.status_code == 200, path


def test_change_password(user_client, user):
    response = user_client.post(
        "/account/password/change/",
        {
            "oldpassword": "Cultuur-demo-2026",
            "password1": "Een-nieuw-wachtwoord-9",
            "password2": "Een-nieuw-wachtwoord-9",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Een-nieuw-wachtwoord-9")


def test_add_email_address_sends_verification(user_client, user):
    from allauth.account.models import EmailAddress
    from django.core import mail

    response = user_client.post(
        "/account/email/", {"action_add": "", "email": "tweede.adres@voorbeeld.test"}
    )
    assert response.status_code == 302
    added = EmailAddress.objects.get(email="tweede.adres@voorbeeld.test")
    assert (added.user, added.verified) == (user, False)
    assert mail.outbox[-1].to == ["tweede.adres@voorbeeld.test"]
