"""The open data API: published offers only, paginated, filtered, no personal data."""

from datetime import timedelta

import pytest
from django.utils import timezone

from listings.models import OfferPage
from tests.factories.listings import EducationOfferFactory, LeisureOfferFactory, ProviderFactory
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db


def test_published_offers_with_their_public_fields(client):
    provider = ProviderFactory()
    provider.memberships.create(user=UserFactory(email="lid@prive.test"), role="beheerder")
    leisure = LeisureOfferFactory(provider=provider, contact_email="info@aanbieder.test")
    EducationOfferFactory()
    LeisureOfferFactory(live=False)
    LeisureOfferFactory(dates=[timezone.now() - timedelta(days=3)])
    response = client.get("/api/aanbod/")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    first = next(o for o in data["results"] if o["id"] == leisure.pk)
    assert first["kind"] == "leisure"
    assert first["contact_email"] == "info@aanbieder.test"
    assert first["locations"][0]["wijk"] == "binnenstad"
    assert first["provider"]["name"] == provider.name
    assert "lid@prive.test" not in response.content.decode()
    assert client.get("/api/aanbod/?kind=education").json()["results"][0]["kind"] == "education"
    assert client.get("/api/aanbod/?kind=iets").status_code == 400


def test_updated_since_and_pages(client, django_assert_max_num_queries):
    for _ in range(3):
        LeisureOfferFactory()
    OfferPage.objects.update(last_published_at=timezone.now())
    old = OfferPage.objects.order_by("pk").first()
    OfferPage.objects.filter(pk=old.pk).update(
        last_published_at=timezone.now() - timedelta(days=30)
    )
    since = (timezone.now() - timedelta(days=1)).date().isoformat()
    assert client.get(f"/api/aanbod/?updated_since={since}").json()["count"] == 2
    assert client.get("/api/aanbod/?updated_since=gisteren").status_code == 400
    assert client.get("/api/aanbod/?page=9").status_code == 404
    client.get("/api/aanbod/")
    with django_assert_max_num_queries(10):
        assert len(client.get("/api/aanbod/").json()["results"]) == 3
