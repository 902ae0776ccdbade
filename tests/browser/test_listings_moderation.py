"""An offer's way to the public, clicked through in Chromium: a provider creates an offer → it is
not public → a moderator approves it in the Wagtail admin → a visitor finds it by a facet and by
a word from its description → the provider edits it → the old version stays public until the
moderator approves the edit.

The form fields and buttons are found by their names, so the test holds in Dutch and English.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from listings.models import LeisureOfferPage, ProviderRole
from tests.factories.listings import ProviderFactory, ProviderMembershipFactory, moderator

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Beatboxworkshop in Holtenbroek"
WORD = "mondtrompet"  # a word only this offer's description has
NEW_WORD = "loopstation"


def fill_offer_form(page, description):
    start = (timezone.localtime() + timedelta(days=9)).replace(hour=15, minute=0)
    form = page.locator("main form")
    form.locator("select[name=leisure_kind]").select_option("workshop")
    form.locator("input[name=title]").fill(TITLE)
    form.locator("input[name=summary]").fill("Maak muziek met alleen je stem.")
    form.locator("textarea[name=description]").fill(description)
    form.get_by_label("Muziek", exact=True).check()
    form.locator("input[name=age_min]").fill("10")
    form.locator("input[name=age_max]").fill("16")
    form.locator("input[name=schedule_kind][value=dates]").check()
    form.locator("input[name='dates-0-start']").fill(start.strftime("%Y-%m-%dT%H:%M"))
    form.locator("input[name='locations-0-name']").fill("Cultuurplein Holtenbroek")
    form.locator("input[name='locations-0-street_address']").fill("Dobbe 70")
    form.locator("input[name='locations-0-postcode']").fill("8032 JX")
    form.locator("select[name='locations-0-wijk']").select_option("holtenbroek")
    form.locator("input[name=price_kind][value=free]").check()


def approve_in_admin(page, log_in_as, moderator_user):
    page.context.clear_cookies()
    log_in_as(moderator_user.email)
    page.goto("/admin/")
    # The dashboard's "Awaiting your review" queue, with when each task started.
    row = page.locator("main tr", has_text=TITLE)
    expect(row).to_have_count(1)
    row.locator(".actions [aria-haspopup], .actions button").first.click()
    approve = row.locator("button[data-workflow-action-url*='/approve/']:not([data-launch-modal])")
    approve.click()
    expect(page.locator("main tr", has_text=TITLE)).to_have_count(0)


def test_an_offer_goes_public_only_after_moderation(
    page, live_server, log_in_as, external_requests
):
    provider = ProviderFactory(name="Stemmen van Zwolle")
    member = ProviderMembershipFactory(provider=provider, role=ProviderRole.REDACTEUR).user
    moderating = moderator()

    # The provider creates the offer and submits it.
    log_in_as(member.email)
    page.goto(f"/mijn/aanbieders/{provider.pk}/aanbod/")
    page.locator(f"a[href='/mijn/aanbieders/{provider.pk}/aanbod/nieuw/']").click()
    page.locator(f"a[href='/mijn/aanbieders/{provider.pk}/aanbod/nieuw/vrije-tijd/']").click()
    fill_offer_form(page, f"Met je {WORD} maak je beats, bassen en geluiden.")
    page.locator("main form button[name=submit]").click()
    expect(page.locator("[data-status=in_moderation]")).to_have_count(1)

    # Not public: no page, not in the catalogue.
    offer = LeisureOfferPage.objects.get(provider=provider)
    assert not offer.live
    public_path = f"/cultuurwijzer/{offer.slug}/"
    page.context.clear_cookies()
    assert page.goto(public_path).status == 404
    page.goto(f"/cultuurwijzer/?q={WORD}")
    expect(page.get_by_text(TITLE)).to_have_count(0)

    # The moderator approves it in the admin's review queue.
    approve_in_admin(page, log_in_as, moderating)

    # A visitor finds it by a facet and by a word from its description.
    page.context.clear_cookies()
    page.goto("/cultuurwijzer/?discipline=muziek&wijk=holtenbroek")
    expect(page.locator("main").get_by_text(TITLE).first).to_be_visible()
    page.goto(f"/cultuurwijzer/?q={WORD}")
    expect(page.locator("main").get_by_text(TITLE).first).to_be_visible()
    response = page.goto(public_path)
    assert response.status == 200
    expect(page.locator("main")).to_contain_text(WORD)

    # The provider edits it: the edit waits for moderation, the old version stays public.
    log_in_as(member.email)
    page.goto(f"/mijn/aanbieders/{provider.pk}/aanbod/{offer.pk}/")
    page.locator("textarea[name=description]").fill(f"Nu ook met een {NEW_WORD} op het podium.")
    page.locator("main form button[name=submit]").click()
    expect(page.locator("[data-status=published_in_moderation]")).to_have_count(1)
    page.context.clear_cookies()
    page.goto(public_path)
    expect(page.locator("main")).to_contain_text(WORD)
    expect(page.locator("main")).not_to_contain_text(NEW_WORD)

    # Approved: the new version is public.
    approve_in_admin(page, log_in_as, moderating)
    page.context.clear_cookies()
    page.goto(public_path)
    expect(page.locator("main")).to_contain_text(NEW_WORD)
    assert external_requests == []
