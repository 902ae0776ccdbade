"""A VoorleesExpress volunteer's first months, clicked through in Chromium: she registers without
an account, confirms from the email, the coordinator finds her registration, takes her through
the intake and the VOG (the guard refuses her before the VOG is in), matches her to a family's
reading period of 20 weeks and sends her a message, which arrives. The browser talks to no other
host."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_accessibility import axe_blocking_violations

EMAIL = "vera.voorlezer@voorbeeld.test"


def english(page, live_server):
    """English, so the test reads the same before and after the Dutch translation is added."""
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])


def link_in(message, path):
    match = re.search(rf"https?://\S+{re.escape(path)}\S+/", message.body)
    assert match, message.body
    return match.group(0)


@pytest.fixture
def coordinator(transactional_db):
    from tests.factories.volunteers import coordinator_voorleesexpress

    return coordinator_voorleesexpress(
        first_name="Vera", last_name="Leesma", email="coordinator@voorleesexpress.test"
    )


def register(page, live_server):
    from volunteers.models import ReadingVolunteer, Status

    english(page, live_server)
    page.goto("/voorleesexpress/aanmelden/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Become a VoorleesExpress volunteer")
    # What happens with the data, from the register.
    expect(page.get_by_role("complementary")).to_contain_text(
        "Volunteering for the VoorleesExpress"
    )
    assert axe_blocking_violations(page) == []
    page.get_by_label("First name").fill("Vera")
    page.get_by_label("Last name").fill("Voorlezer")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Phone number").fill("06 12345678")
    page.get_by_label("Postcode").fill("8021ab")
    page.get_by_label("Wijk (district)").select_option("assendorp")
    page.get_by_label("Tuesday afternoon").check()
    page.get_by_label("Saturday morning").check()
    page.get_by_label("Dutch", exact=True).check()
    page.get_by_label("Turkish").check()
    page.get_by_label("Experience with children").fill("Moeder van twee, voorlezen op school.")
    page.get_by_label("Why you want to read aloud").fill("Ik gun ieder kind verhalen.")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert ReadingVolunteer.objects.get(email=EMAIL).status == Status.UNCONFIRMED

    (confirmation,) = mail.outbox
    assert confirmation.to == [EMAIL]
    page.goto(link_in(confirmation, "/voorleesexpress/aanmelden/bevestigen/"))
    page.get_by_role("button", name="Confirm my registration").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registration confirmed")


def find_registration(page, live_server, log_in_as, coordinator):
    page.context.clear_cookies()
    log_in_as(coordinator.email)
    english(page, live_server)
    page.goto("/voorleesexpress/coordinatie/")
    page.get_by_label("Status").select_option("registered")
    page.get_by_label("Wijk").select_option("assendorp")
    page.get_by_role("button", name="Filter").click()
    assert axe_blocking_violations(page) == []
    page.get_by_role("link", name="Vera Voorlezer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vera Voorlezer")
    expect(page.get_by_test_id("status")).to_have_text("registered (aangemeld)")
    assert axe_blocking_violations(page) == []


def step(page, button, status):
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.get_by_test_id("status")).to_have_text(status)


def intake_and_vog(page):
    step(page, "Start the intake", "intake")
    page.get_by_role("textbox", name=re.compile("^Intake note")).fill(
        "Kennismaking gehad: enthousiast, woont in Assendorp."
    )
    page.get_by_role("button", name="Add the note").click()
    expect(page.get_by_role("main")).to_contain_text("Kennismaking gehad: enthousiast")
    step(page, "VOG requested", "VOG requested")
    step(page, "Training done", "trained")
    # The VOG guard: no activity without a valid VOG.
    page.get_by_role("button", name="Make active").click()
    expect(page.get_by_role("alert").or_(page.locator(".alert-danger"))).to_contain_text(
        "needs a received VOG less than three years old"
    )
    expect(page.get_by_test_id("status")).to_have_text("trained")
    received = timezone.localdate() - timedelta(days=2)
    page.get_by_label("VOG received on").fill(received.isoformat())
    page.get_by_label("Date on the VOG").fill((received - timedelta(days=5)).isoformat())
    page.get_by_role("button", name="Save the VOG details").click()
    expect(page.get_by_role("main")).to_contain_text("Valid VOG, until")
    step(page, "Make active", "active")


def match(page):
    page.get_by_label("Family").fill("Gezin A-12")
    page.get_by_label("Wijk (district)").select_option("assendorp")
    page.get_by_label("First reading session").fill("2026-09-07")
    page.get_by_label("Weekly on").select_option("tue")
    page.get_by_label("Time").fill("15:30")
    page.get_by_role("button", name="Match to a family for 20 weeks").click()
    expect(page.get_by_role("main")).to_contain_text("Gezin A-12 (Assendorp)")
    expect(page.get_by_role("main")).to_contain_text("24 January 2027")


def send_message(page):
    page.get_by_role("link", name="Send a message").click()
    expect(page.get_by_label(re.compile("Vera Voorlezer"))).to_be_checked()
    page.get_by_label("Subject").fill("Je eerste voorleesmiddag")
    page.get_by_label("Message").fill("Dinsdag 8 september om 15.30 uur begin je bij gezin A-12.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Messages sent")
    expect(page.get_by_role("main")).to_contain_text("Je eerste voorleesmiddag")


def test_register_confirm_intake_vog_match_and_message(
    page, live_server, log_in_as, coordinator, external_requests
):
    from volunteers.models import ReadingMessage, ReadingVolunteer, Status

    register(page, live_server)
    find_registration(page, live_server, log_in_as, coordinator)
    intake_and_vog(page)
    match(page)
    mail.outbox.clear()
    send_message(page)

    (message,) = mail.outbox
    assert message.to == [EMAIL]
    assert message.subject == "Je eerste voorleesmiddag"
    assert "begin je bij gezin A-12" in message.body
    volunteer = ReadingVolunteer.objects.get(email=EMAIL)
    assert volunteer.status == Status.ACTIVE
    assert volunteer.periods.get().family_label == "Gezin A-12"
    assert list(ReadingMessage.objects.get().recipients.all()) == [volunteer]
    assert external_requests == []
