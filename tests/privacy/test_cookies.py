"""Cookies: only functional ones by default; with analytics switched on by the site owner, a banner
with equal Accept and Reject, the choice in the consent ledger, and the script (and the CSP for
its server) only after Accept. Also the privacy officer's ledger and consent-text screens."""

import re

import pytest
from django.conf import settings as django_settings
from django.template.loader import render_to_string
from django.test import RequestFactory
from wagtail.models import Site

from portal.roles import Role
from privacy.cookies import COOKIE_NAME, CookieConsent, functional_cookies, visitor_choice
from privacy.models import ConsentRecord, ConsentText, PrivacySettings
from tests.factories.portal import UserFactory
from tests.privacy.test_register_admin import assert_denied, in_english

pytestmark = pytest.mark.django_db

MIDDLEWARE = "privacy.middleware.CookieConsentMiddleware"
SCRIPT = "https://statistiek.example.nl/matomo.js"
ORIGIN = "https://statistiek.example.nl"
FUNCTIONAL = {"csrftoken", "sessionid", "django_language"}


@pytest.fixture(autouse=True)
def _consent_middleware(settings):
    """The middleware right after django-csp's, as portal/settings/base.py should list it."""
    if MIDDLEWARE not in settings.MIDDLEWARE:
        middleware = list(settings.MIDDLEWARE)
        middleware.insert(middleware.index("csp.middleware.CSPMiddleware") + 1, MIDDLEWARE)
        settings.MIDDLEWARE = middleware


@pytest.fixture
def analytics():
    site = Site.objects.get(is_default_site=True)
    PrivacySettings.objects.update_or_create(
        site=site, defaults={"analytics_enabled": True, "analytics_script_url": SCRIPT}
    )


def banner(content):
    return re.search(r'<section id="cookie-banner".*?</section>', content, re.S)


def choice_buttons(content):
    """{value: class attribute} of the Accept and Reject buttons."""
    return dict(
        re.findall(r'<button type="submit" name="choice" value="(\w+)" class="([^"]+)"', content)
    )


def script_tags(content):
    return re.findall(r'<script src="([^"]+)"', content)


# --- By default: functional cookies only ---------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/account/login/", "/cookies/"])
def test_by_default_only_functional_cookies_are_set(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert set(response.cookies) <= FUNCTIONAL
    content = response.content.decode()
    assert banner(content) is None
    assert SCRIPT not in content
    assert ORIGIN not in response["Content-Security-Policy"]


def test_a_logged_in_visit_sets_only_functional_cookies(client):
    client.post(
        "/account/login/",
        {"login": UserFactory(email="lid@voorbeeld.test").email, "password": "Cultuur-demo-2026"},
    )
    response = client.get("/")
    # Every cookie set is one the privacy statement describes (Django's messages cookie, too).
    described = {cookie["name"] for cookie in functional_cookies()}
    assert set(client.cookies) <= described
    assert set(response.cookies) <= described


def test_without_analytics_a_choice_is_not_recorded(client):
    response = client.post("/cookies/", {"choice": "accept", "next": "/"})
    assert response.status_code == 302
    assert COOKIE_NAME not in response.cookies
    assert not ConsentRecord.objects.exists()


# --- With analytics switched on ------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/account/login/"])
def test_the_banner_offers_accept_and_reject_equally(client, analytics, path):
    response = client.get(path)
    content = response.content.decode()
    found = banner(content)
    assert found is not None
    buttons = choice_buttons(found.group(0))
    assert set(buttons) == {"accept", "reject"}
    assert buttons["accept"] == buttons["reject"]  # same style and size
    assert 'action="/cookies/"' in found.group(0)
    assert f'name="next" value="{path}"' in found.group(0)
    # Nothing loads and no cookie is set before the visitor chooses.
    assert SCRIPT not in script_tags(content)
    assert ORIGIN not in response["Content-Security-Policy"]
    assert set(response.cookies) <= FUNCTIONAL


def test_the_banner_links_to_the_privacy_statement(client, analytics):
    from portal.models import SiteSettings
    from tests.factories.portal import StandardPageFactory

    site = Site.objects.get(is_default_site=True)
    page = StandardPageFactory(parent=site.root_page, title="Privacy", slug="privacy")
    SiteSettings.objects.update_or_create(
        site=site, defaults={"organisation_name": "Stadkamer", "privacy_page": page}
    )
    assert 'href="/privacy/"' in banner(client.get("/").content.decode()).group(0)


def test_accepting_records_the_consent_and_loads_the_script(client, analytics):
    response = client.post("/cookies/", {"choice": "accept", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"

    record = ConsentRecord.objects.get()
    assert (record.topic, record.given, record.source) == ("analytics", True, "cookie banner")
    assert record.text == ConsentText.current("analytics")
    assert record.user is None and record.subject_email == ""
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert record.subject_key and record.subject_key in cookie.value

    page = client.get("/")
    content = page.content.decode()
    assert banner(content) is None
    assert SCRIPT in script_tags(content)
    policy = page["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", policy).group(1).split()
    assert "'self'" in script_src and ORIGIN in script_src
    assert ORIGIN in re.search(r"connect-src ([^;]+)", policy).group(1)


def test_rejecting_records_the_refusal_and_loads_nothing(client, analytics):
    client.post("/cookies/", {"choice": "reject", "next": "/"})
    record = ConsentRecord.objects.get()
    assert (record.topic, record.given) == ("analytics", False)

    page = client.get("/")
    content = page.content.decode()
    assert banner(content) is None
    assert SCRIPT not in content
    assert ORIGIN not in page["Content-Security-Policy"]


def test_changing_the_choice_appends_a_row_for_the_same_visitor(client, analytics):
    client.post("/cookies/", {"choice": "accept", "next": "/"})
    settings_page = client.get("/cookies/").content.decode()
    assert choice_buttons(settings_page).keys() == {"accept", "reject"}
    client.post("/cookies/", {"choice": "reject", "next": "/cookies/"})

    first, second = ConsentRecord.objects.order_by("at", "pk")
    assert (first.given, second.given) == (True, False)
    assert first.subject_key == second.subject_key
    assert SCRIPT not in client.get("/").content.decode()


def test_the_analytics_server_can_be_a_separate_origin(client):
    PrivacySettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={
            "analytics_enabled": True,
            "analytics_script_url": "/static/stats/tracker.js",
            "analytics_origin": "https://meten.example.nl",
        },
    )
    client.post("/cookies/", {"choice": "accept", "next": "/"})
    page = client.get("/")
    assert "/static/stats/tracker.js" in script_tags(page.content.decode())
    assert "https://meten.example.nl" in page["Content-Security-Policy"]


def test_a_forged_choice_cookie_counts_as_no_choice(client, analytics):
    client.cookies[COOKIE_NAME] = "iemand:1"
    content = client.get("/").content.decode()
    assert banner(content) is not None
    assert SCRIPT not in content


def test_the_choice_goes_back_only_to_this_site(client, analytics):
    response = client.post("/cookies/", {"choice": "reject", "next": "https://elders.example/"})
    assert response["Location"] == "/cookies/"


def test_the_admin_shows_no_banner(client, analytics):
    client.force_login(in_english(UserFactory(groups=[Role.EDITOR])))
    assert 'id="cookie-banner"' not in client.get("/admin/").content.decode()


def test_the_statement_part_lists_the_cookies(client, analytics):
    request = RequestFactory().get("/privacy/")
    request.cookie_consent = CookieConsent(request)
    request._wagtail_site = Site.objects.get(is_default_site=True)
    html = render_to_string("privacy/cookies/statement.html", {"request": request})
    for name in (
        django_settings.SESSION_COOKIE_NAME,
        django_settings.CSRF_COOKIE_NAME,
        django_settings.LANGUAGE_COOKIE_NAME,
        COOKIE_NAME,
    ):
        assert f"<code>{name}</code>" in html
    assert 'href="/cookies/"' in html


def test_visitor_choice_reads_only_signed_cookies():
    request = RequestFactory().get("/")
    request.COOKIES[COOKIE_NAME] = "abc:1"
    assert visitor_choice(request) is None


# --- The site setting ----------------------------------------------------------------------


def test_switching_analytics_on_needs_a_script(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/privacy/privacysettings/{site.pk}/"
    response = client.post(
        url, {"analytics_enabled": "on", "analytics_script_url": "", "analytics_origin": ""}
    )
    assert response.status_code == 200
    assert not PrivacySettings.for_site(site).analytics_enabled

    response = client.post(
        url,
        {
            "analytics_enabled": "on",
            "analytics_script_url": SCRIPT,
            "analytics_origin": "https://meten.example.nl/pad/",
        },
    )
    assert response.status_code == 200  # an origin has no path
    response = client.post(
        url, {"analytics_enabled": "on", "analytics_script_url": SCRIPT, "analytics_origin": ""}
    )
    assert response.status_code == 302
    saved = PrivacySettings.for_site(site)
    assert saved.analytics_enabled and saved.csp_origin == ORIGIN


def test_the_privacy_officer_edits_the_privacy_settings(client):
    client.force_login(UserFactory(groups=[Role.PRIVACY_OFFICER]))
    site = Site.objects.get(is_default_site=True)
    assert client.get(f"/admin/settings/privacy/privacysettings/{site.pk}/").status_code == 200


# --- The consent ledger and texts in the admin ---------------------------------------------


@pytest.fixture
def officer_client(client):
    client.force_login(in_english(UserFactory(groups=[Role.PRIVACY_OFFICER])))
    return client


def test_the_privacy_officer_reads_and_filters_the_ledger(officer_client, analytics):
    ConsentRecord.record("analytics", True, "cookie banner", key="bezoeker-1")
    ConsentRecord.record("newsletter", True, "newsletter form", email="abonnee@voorbeeld.test")
    ConsentRecord.record("newsletter", False, "unsubscribe link", email="abonnee@voorbeeld.test")

    content = officer_client.get("/admin/privacy/consent-ledger/").content.decode()
    assert content.count("abonnee@voorbeeld.test") == 2
    assert "bezoeker-1" not in content  # a visitor key tells the officer nothing

    def sources(query):
        page = officer_client.get(f"/admin/privacy/consent-ledger/?{query}").content.decode()
        return re.findall(r"<td[^>]*>\s*(cookie banner|newsletter form|unsubscribe link)\s*<", page)

    assert sorted(sources("")) == ["cookie banner", "newsletter form", "unsubscribe link"]
    assert sources("given=false") == ["unsubscribe link"]
    assert sources("topic=analytics") == ["cookie banner"]
    assert sources("source=newsletter+form") == ["newsletter form"]


def test_the_ledger_cannot_be_changed(client):
    ConsentRecord.record("analytics", True, "cookie banner", key="bezoeker-1")
    pk = ConsentRecord.objects.get().pk
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    for url in ("new/", f"edit/{pk}/", f"delete/{pk}/"):
        assert client.get(f"/admin/privacy/consent-ledger/{url}").status_code == 404


@pytest.mark.parametrize("url", ["/admin/privacy/consent-ledger/", "/admin/privacy/consent-texts/"])
@pytest.mark.parametrize("role", [Role.MODERATOR, Role.EDITOR, Role.COORDINATOR_TAALPUNT])
def test_other_staff_cannot_see_the_ledger_or_texts(client, role, url):
    client.force_login(UserFactory(groups=[role]))
    assert_denied(client.get(url))


def test_a_new_consent_text_is_a_new_version_never_an_edit(officer_client):
    current = ConsentText.current("analytics")
    copy_url = f"/admin/privacy/consent-texts/copy/{current.pk}/"
    assert current.text_nl in officer_client.get(copy_url).content.decode()  # prefilled

    response = officer_client.post(
        "/admin/privacy/consent-texts/new/",
        {
            "topic": "analytics",
            "text_nl": "Ja, meet anoniem hoe ik de website gebruik.",
            "text_en": "Yes, measure anonymously how I use the website.",
        },
    )
    assert response.status_code == 302
    newest = ConsentText.current("analytics")
    assert newest.version == current.version + 1
    current.refresh_from_db()
    assert current.text_en == "Yes, you may measure how I use the website, to improve it."

    listing = officer_client.get("/admin/privacy/consent-texts/").content.decode()
    assert "New version" in listing
    assert f"/admin/privacy/consent-texts/edit/{current.pk}/" not in listing
    assert officer_client.get(f"/admin/privacy/consent-texts/edit/{current.pk}/").status_code == 404
