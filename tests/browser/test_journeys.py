"""The main journeys, walked in Chromium as a person would: what they see, and that their browser
talks to no host but the portal's."""

import re

from playwright.sync_api import expect

from tests.factories.portal import UserFactory

ICC = "icc@demo.cultuurportaal.test"


def test_home_and_login_make_no_requests_to_other_hosts(page, request_log, external_requests):
    for path in ("/", "/account/login/"):
        page.goto(path, wait_until="networkidle")
        expect(page.locator("html")).to_have_attribute("lang", "nl")

    assert external_requests == []
    # The recorder saw the page's own assets, so an empty list above means something.
    stylesheets = [path for path in request_log.paths() if path.endswith(".css")]
    assert any(path.startswith("/static/") and "bootstrap" in path for path in stylesheets)
    assert "/static/portal/css/portal.css" in stylesheets


def test_login_journey_ends_on_my_portal(
    page, live_server, demo_data, demo_password, external_requests
):
    page.goto("/mijn/")

    # An anonymous visitor is sent to the login page, which speaks Dutch.
    expect(page).to_have_url(f"{live_server.url}/account/login/?next=/mijn/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden")

    page.get_by_label("E-mail").fill(ICC)
    page.get_by_label("Wachtwoord").fill(demo_password)
    page.get_by_role("button", name="Aanmelden").click()

    expect(page).to_have_url(f"{live_server.url}/mijn/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn portaal")
    main = page.get_by_role("main")
    for organisation in ("OBS De Regenboog", "CBS Het Kompas", "Schrijfwerkplaats Woordenrijk"):
        expect(main.get_by_role("link", name=organisation)).to_be_visible()

    assert external_requests == []


def test_wrong_password_keeps_visitor_on_login_page(page, live_server, external_requests):
    person = UserFactory()  # an account that exists, so only the password is wrong
    page.goto("/account/login/")
    page.get_by_label("E-mail").fill(person.email)
    page.get_by_label("Wachtwoord").fill("not-the-password")
    page.get_by_role("button", name="Aanmelden").click()

    expect(page).to_have_url(f"{live_server.url}/account/login/")
    expect(page.get_by_role("main")).to_contain_text(
        re.compile(r"wachtwoord .*niet (correct|juist)")
    )
    page.goto("/mijn/")
    expect(page).to_have_url(f"{live_server.url}/account/login/?next=/mijn/")
    assert external_requests == []
