"""Providers see and touch only their own organisation's offers, even by guessing ids.

One table: role x view x offer (own = provider A's, other = provider B's) → status. Every request
goes to provider A's self-service; a person who is not a member of A gets 404 on all of it, and a
member of A gets 404 for B's offer under A's address. Anonymous visitors go to the login.
"""

import pytest

from listings.models import ProviderRole
from tests.factories.listings import (
    LeisureOfferFactory,
    ProviderFactory,
    ProviderMembershipFactory,
)
from tests.factories.portal import UserFactory
from tests.factories.schools import SchoolMembershipFactory

pytestmark = pytest.mark.django_db

ROLES = ["beheerder", "redacteur", "member_of_other_provider", "anonymous", "school_member"]
# view name → (method, path after /mijn/aanbieders/<provider>/aanbod/, needs an offer)
VIEWS = {
    "list": ("get", "", False),
    "choose_kind": ("get", "nieuw/", False),
    "create": ("get", "nieuw/vrije-tijd/", False),
    "create_post": ("post", "nieuw/onderwijs/", False),
    "edit": ("get", "{offer}/", True),
    "edit_post": ("post", "{offer}/", True),
    "duplicate": ("post", "{offer}/kopieren/", True),
    "withdraw": ("post", "{offer}/intrekken/", True),
    "preview": ("get", "{offer}/voorbeeld/", True),
    "submit": ("post", "{offer}/indienen/", True),
}
MEMBER_OK = {
    "list": 200,
    "choose_kind": 200,
    "create": 200,
    "create_post": 200,  # an empty form comes back with its errors
    "edit": 200,
    "edit_post": 200,
    "duplicate": 302,
    "withdraw": 302,
    "preview": 200,
    "submit": 302,
}


def expected(role, view, offer):
    if role == "anonymous":
        return 302  # to the login
    if role in ("member_of_other_provider", "school_member"):
        return 404
    if offer == "other":
        return 404
    return MEMBER_OK[view]


CASES = [
    (role, view, offer)
    for role in ROLES
    for view, (_method, _path, needs_offer) in VIEWS.items()
    for offer in (("own", "other") if needs_offer else ("own",))
]


@pytest.fixture
def world():
    provider_a = ProviderFactory(name="Aanbieder A")
    provider_b = ProviderFactory(name="Aanbieder B")
    people = {
        "beheerder": ProviderMembershipFactory(
            provider=provider_a, role=ProviderRole.BEHEERDER
        ).user,
        "redacteur": ProviderMembershipFactory(
            provider=provider_a, role=ProviderRole.REDACTEUR
        ).user,
        "member_of_other_provider": ProviderMembershipFactory(
            provider=provider_b, role=ProviderRole.BEHEERDER
        ).user,
        "school_member": SchoolMembershipFactory(user=UserFactory()).user,
        "anonymous": None,
    }
    offers = {
        "own": LeisureOfferFactory(provider=provider_a, title="Eigen aanbod"),
        "other": LeisureOfferFactory(provider=provider_b, title="Aanbod van B"),
    }
    return {"provider": provider_a, "people": people, "offers": offers}


@pytest.mark.parametrize(("role", "view", "offer"), CASES)
def test_offer_permission_table(client, world, role, view, offer):
    person = world["people"][role]
    if person is not None:
        client.force_login(person)
    method, path, _needs_offer = VIEWS[view]
    target = world["offers"][offer]
    url = f"/mijn/aanbieders/{world['provider'].pk}/aanbod/" + path.format(offer=target.pk)
    response = getattr(client, method)(url)
    assert response.status_code == expected(role, view, offer)
    if role == "anonymous":
        assert response.url.startswith("/account/login/")


def test_a_member_cannot_reach_another_providers_offer_under_its_own_address(client, world):
    """Provider B's address with B's offer: a member of A is not a member of B → 404."""
    client.force_login(world["people"]["beheerder"])
    other = world["offers"]["other"]
    base = f"/mijn/aanbieders/{other.provider_id}/aanbod/"
    for path in ("", f"{other.pk}/", f"{other.pk}/voorbeeld/"):
        assert client.get(base + path).status_code == 404
    for path in ("kopieren/", "intrekken/", "indienen/"):
        assert client.post(f"{base}{other.pk}/{path}").status_code == 404
    other.refresh_from_db()
    assert other.live


def test_the_list_shows_only_the_providers_own_offers(client, world):
    client.force_login(world["people"]["redacteur"])
    response = client.get(f"/mijn/aanbieders/{world['provider'].pk}/aanbod/")
    body = response.content.decode()
    assert "Eigen aanbod" in body
    assert "Aanbod van B" not in body
