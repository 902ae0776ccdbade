"""Keeping the catalogue fresh: past offers leave it, stale offers get one reminder."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from listings import jobs
from listings.models import OfferPage
from portal.periodic import jobs as registry
from tests.factories.listings import LeisureOfferFactory, ProviderFactory
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db


def test_offers_past_their_last_date_are_unpublished():
    past = LeisureOfferFactory(dates=[timezone.now() - timedelta(days=2)])
    coming = LeisureOfferFactory()
    recurring = LeisureOfferFactory(dates=[], schedule_kind="recurring", schedule_text="Elke week")
    assert jobs.unpublish_past_offers() == 1
    live = set(OfferPage.objects.filter(live=True).values_list("pk", flat=True))
    assert past.pk not in live and {coming.pk, recurring.pk} <= live
    assert jobs.unpublish_past_offers() == 0
    assert "listings_unpublish_past_offers" in registry
    assert "listings_stale_reminders" in registry


def test_a_stale_offer_gets_one_reminder_to_the_providers_members():
    provider = ProviderFactory()
    provider.memberships.create(user=UserFactory(email="beheer@aanbieder.test"), role="beheerder")
    provider.memberships.create(user=UserFactory(email="redactie@aanbieder.test"), role="redacteur")
    stale = LeisureOfferFactory(provider=provider, title="Oude cursus")
    fresh = LeisureOfferFactory(provider=provider)
    OfferPage.objects.filter(pk=stale.pk).update(
        content_updated_at=timezone.now() - timedelta(days=400)
    )
    OfferPage.objects.filter(pk=fresh.pk).update(
        content_updated_at=timezone.now() - timedelta(days=10)
    )
    assert jobs.send_stale_reminders() == 1
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["beheer@aanbieder.test", "redactie@aanbieder.test"]
    assert "Oude cursus" in mail.outbox[0].subject
    assert jobs.send_stale_reminders() == 0  # once
    assert OfferPage.objects.get(pk=stale.pk).stale_reminder_sent_at is not None
