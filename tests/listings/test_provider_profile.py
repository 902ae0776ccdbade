"""Providers keep their own public profile up to date ("Via een inlog ... zelf wijzigen")."""

import pytest

from listings.models import Provider, ProviderRole
from portal.roles import Role
from tests.factories.listings import ProviderFactory, ProviderMembershipFactory
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    provider_a, provider_b = (
        ProviderFactory(name="Aanbieder A"),
        ProviderFactory(name="Aanbieder B"),
    )
    redacteur = ProviderMembershipFactory(provider=provider_a, role=ProviderRole.REDACTEUR).user
    return {
        "provider_a": provider_a,
        "provider_b": provider_b,
        "people": {"provider_redacteur": redacteur},
    }


def test_provider_members_edit_the_public_profile(client, world):
    provider = world["provider_a"]
    client.force_login(world["people"]["provider_redacteur"])
    response = client.post(
        f"/mijn/aanbieders/{provider.pk}/profiel/",
        {
            "name": "Aanbieder A",
            "kind": "organisation",
            "summary": "Nieuwe samenvatting",
            "postcode": "801 AB",
            "city": "Zwolle",
            "wijk": "binnenstad",
            "is_public": "on",
        },
    )
    assert response.status_code == 200
    assert "Vul een geldige Nederlandse postcode in" in response.content.decode()
    assert "Nieuwe samenvatting" in response.content.decode()
    response = client.post(
        f"/mijn/aanbieders/{provider.pk}/profiel/",
        {
            "name": "Aanbieder A",
            "kind": "organisation",
            "summary": "Nieuwe samenvatting",
            "postcode": "8011ab",
            "city": "Zwolle",
            "wijk": "binnenstad",
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    provider.refresh_from_db()
    assert (provider.summary, provider.postcode) == ("Nieuwe samenvatting", "8011 AB")
    public = client.get(provider.get_absolute_url())
    assert "Nieuwe samenvatting" in public.content.decode()


def test_hidden_provider_has_no_public_page(client, world):
    provider = world["provider_b"]
    provider.is_public = False
    provider.save()
    assert client.get(provider.get_absolute_url()).status_code == 404


def test_staff_create_a_provider_and_the_web_address_follows_the_name(client):
    client.force_login(UserFactory(groups=[Role.MODERATOR]))
    response = client.post(
        "/admin/providers/new/",
        {
            "name": "Poppodium De Wip",
            "slug": "",
            "kind": "organisation",
            "summary": "Popconcerten en oefenruimtes.",
            "city": "Zwolle",
            "wijk": "wipstrik",
            "is_public": "on",
        },
    )
    assert response.status_code == 302
    provider = Provider.objects.get(name="Poppodium De Wip")
    assert provider.slug == "poppodium-de-wip"
    assert client.get("/aanbieders/poppodium-de-wip/").status_code == 200
