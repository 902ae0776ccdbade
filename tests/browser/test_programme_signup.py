"""A visitor signs up for an activity of the own programme in Chromium: from the activity's page
to the form, which says what happens with the data; the confirmation arrives with a cancel link;
someone else goes on the waiting list; the visitor cancels from the link (a page first, then the
button), and the first person on the waiting list gets the place and an email. The browser talks
to no other host."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

EMAIL = "sanne.bezoeker@voorbeeld.test"


@pytest.fixture
def activity(transactional_db):
    from tests.factories.programme import ActivityFactory

    start = timezone.now().replace(microsecond=0) + timedelta(days=4)
    return ActivityFactory(title="Workshop linosnede", sessions=[(start, 1)])


def link_in(message, path):
    match = re.search(rf"https?://\S+{re.escape(path)}\S+/", message.body)
    assert match, message.body
    return match.group(0)


def test_sign_up_confirm_cancel_and_the_waiting_list_moves_up(
    page, live_server, activity, external_requests
):
    from programme import signups
    from programme.models import SignUp, SignupStatus

    page.goto(activity.url)
    expect(page.get_by_text("Eigen programma").first).to_be_visible()
    signup_block = page.locator("#aanmelden")
    expect(signup_block).to_contain_text("nog 1 plaats vrij")
    signup_block.get_by_role("link", name="Aanmelden").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelden: Workshop linosnede")
    expect(page.get_by_role("complementary")).to_contain_text("vernietigen ze direct na")
    page.get_by_label("Je naam").fill("Sanne")
    page.get_by_label("E-mailadres").fill("geen-adres")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_text("Voer een geldig e-mailadres in.")).to_be_visible()
    expect(page.get_by_label("Je naam")).to_have_value("Sanne")  # nothing lost
    page.get_by_label("E-mailadres").fill(EMAIL)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Je aanmelding")
    expect(page.get_by_text("Je bent aangemeld.")).to_be_visible()

    (confirmation,) = mail.outbox
    assert confirmation.to == [EMAIL]
    assert "vernietigen" in confirmation.body
    cancel_link = link_in(confirmation, "/programma/afmelden/")
    assert "sanne" not in cancel_link.lower()

    waiting = signups.sign_up(
        activity, activity.sessions.get(), name="Wim Wachter", email="wim@voorbeeld.test"
    ).signup
    assert waiting.status == SignupStatus.WAITING
    mail.outbox.clear()

    page.goto(cancel_link)
    expect(page.get_by_text("Plaats bevestigd")).to_be_visible()
    assert SignUp.objects.get(email=EMAIL).status == SignupStatus.CONFIRMED  # GET changes nothing
    page.get_by_role("button", name="Afmelden").click()
    expect(page.get_by_text("Je bent afgemeld.")).to_be_visible()

    waiting.refresh_from_db()
    assert waiting.status == SignupStatus.CONFIRMED
    (moved_up,) = mail.outbox
    assert moved_up.to == ["wim@voorbeeld.test"]
    assert "Er is een plaats vrij" in moved_up.subject
    assert external_requests == []
