"""Permission table: role x view x object -> status, for schools and providers.

Every new view in Mijn portaal adds its rows here. 404 (not 403) for organisations a person is
not a member of, so nobody learns which exist.
"""

import pytest

from listings.models import ProviderRole
from schools.models import SchoolRole
from tests.factories.listings import ProviderFactory, ProviderMembershipFactory
from tests.factories.portal import UserFactory
from tests.factories.schools import SchoolFactory, SchoolMembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    school_a, school_b = SchoolFactory(name="School A"), SchoolFactory(name="School B")
    provider_a, provider_b = (
        ProviderFactory(name="Aanbieder A"),
        ProviderFactory(name="Aanbieder B"),
    )
    people = {
        "anonymous": None,
        "outsider": UserFactory(),
        "staff_superuser": UserFactory(is_superuser=True, is_staff=True),
    }
    for role in SchoolRole.values:
        people[f"school_{role}"] = SchoolMembershipFactory(school=school_a, role=role).user
    for role in ProviderRole.values:
        people[f"provider_{role}"] = ProviderMembershipFactory(provider=provider_a, role=role).user
    # Keep a second manager so removing one is allowed.
    SchoolMembershipFactory(school=school_a, role=SchoolRole.DIRECTIE)
    ProviderMembershipFactory(provider=provider_a, role=ProviderRole.BEHEERDER)
    return {
        "school_a": school_a,
        "school_b": school_b,
        "provider_a": provider_a,
        "provider_b": provider_b,
        "people": people,
    }


def url(world, name):
    a, b = world["school_a"], world["school_b"]
    pa, pb = world["provider_a"], world["provider_b"]
    return {
        "school_a": f"/mijn/scholen/{a.pk}/",
        "school_b": f"/mijn/scholen/{b.pk}/",
        "provider_a": f"/mijn/aanbieders/{pa.pk}/",
        "provider_b": f"/mijn/aanbieders/{pb.pk}/",
        "provider_a_profile": f"/mijn/aanbieders/{pa.pk}/profiel/",
        "provider_b_profile": f"/mijn/aanbieders/{pb.pk}/profiel/",
    }[name]


LOGIN = 302  # anonymous visitors are sent to the login page

# (person, page) -> status of GET
GET_TABLE = [
    ("anonymous", "school_a", LOGIN),
    ("outsider", "school_a", 404),
    ("staff_superuser", "school_a", 404),  # staff use the admin, not a member's pages
    ("school_directie", "school_a", 200),
    ("school_cultuurcoordinator", "school_a", 200),
    ("school_vakdocent", "school_a", 200),
    ("school_directie", "school_b", 404),
    ("school_vakdocent", "school_b", 404),
    ("provider_beheerder", "school_a", 404),
    ("anonymous", "provider_a", LOGIN),
    ("outsider", "provider_a", 404),
    ("provider_beheerder", "provider_a", 200),
    ("provider_redacteur", "provider_a", 200),
    ("provider_beheerder", "provider_b", 404),
    ("school_directie", "provider_a", 404),
    ("provider_beheerder", "provider_a_profile", 200),
    ("provider_redacteur", "provider_a_profile", 200),
    ("provider_beheerder", "provider_b_profile", 404),
    ("outsider", "provider_a_profile", 404),
    ("anonymous", "provider_a_profile", LOGIN),
]


@pytest.mark.parametrize(("person", "page", "status"), GET_TABLE)
def test_get_permissions(client, world, person, page, status):
    user = world["people"][person]
    if user:
        client.force_login(user)
    assert client.get(url(world, page)).status_code == status


# (person, organisation) -> status of POSTing the invite form
INVITE_TABLE = [
    ("school_directie", "school_a", 302),
    ("school_cultuurcoordinator", "school_a", 302),
    ("school_vakdocent", "school_a", 403),
    ("school_directie", "school_b", 404),
    ("outsider", "school_a", 404),
    ("provider_beheerder", "provider_a", 302),
    ("provider_redacteur", "provider_a", 403),
    ("provider_beheerder", "provider_b", 404),
]


@pytest.mark.parametrize(("person", "page", "status"), INVITE_TABLE)
def test_invite_permissions(client, world, person, page, status):
    client.force_login(world["people"][person])
    role = "vakdocent" if page.startswith("school") else "redacteur"
    response = client.post(url(world, page), {"email": "nieuw@voorbeeld.test", "role": role})
    assert response.status_code == status


def test_members_of_one_school_cannot_remove_members_of_another(client, world):
    other = SchoolMembershipFactory(school=world["school_b"], role=SchoolRole.VAKDOCENT)
    client.force_login(world["people"]["school_directie"])
    a = world["school_a"]
    response = client.post(f"/mijn/scholen/{a.pk}/leden/{other.pk}/verwijderen/")
    assert response.status_code == 404
    assert other.__class__.objects.filter(pk=other.pk).exists()
    b = world["school_b"]
    response = client.post(f"/mijn/scholen/{b.pk}/leden/{other.pk}/verwijderen/")
    assert response.status_code == 404


def test_vakdocent_cannot_remove_a_colleague_but_can_leave(client, world):
    school = world["school_a"]
    vakdocent = world["people"]["school_vakdocent"]
    director = school.memberships.get(user=world["people"]["school_directie"])
    client.force_login(vakdocent)
    response = client.post(f"/mijn/scholen/{school.pk}/leden/{director.pk}/verwijderen/")
    assert response.status_code == 403
    own = school.memberships.get(user=vakdocent)
    response = client.post(f"/mijn/scholen/{school.pk}/leden/{own.pk}/verwijderen/")
    assert response.status_code == 302
    assert not school.memberships.filter(user=vakdocent).exists()
    assert client.get(f"/mijn/scholen/{school.pk}/").status_code == 404


def test_the_last_manager_cannot_be_removed(client):
    school = SchoolFactory()
    only_director = SchoolMembershipFactory(school=school, role=SchoolRole.DIRECTIE)
    client.force_login(only_director.user)
    response = client.post(
        f"/mijn/scholen/{school.pk}/leden/{only_director.pk}/verwijderen/", follow=True
    )
    assert school.memberships.filter(pk=only_director.pk).exists()
    assert "opvolger" in response.content.decode()


def test_manager_removes_a_member(client, world):
    school = world["school_a"]
    vakdocent = school.memberships.get(role=SchoolRole.VAKDOCENT)
    client.force_login(world["people"]["school_directie"])
    response = client.post(f"/mijn/scholen/{school.pk}/leden/{vakdocent.pk}/verwijderen/")
    assert response.status_code == 302
    assert not school.memberships.filter(pk=vakdocent.pk).exists()


def test_invite_form_errors_are_dutch_and_keep_the_input(client, world):
    school = world["school_a"]
    client.force_login(world["people"]["school_directie"])
    response = client.post(f"/mijn/scholen/{school.pk}/", {"email": "geen-adres", "role": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Voer een geldig e-mailadres in." in html
    assert 'value="geen-adres"' in html
    existing = world["people"]["school_vakdocent"]
    response = client.post(
        f"/mijn/scholen/{school.pk}/", {"email": existing.email, "role": "vakdocent"}
    )
    assert "Deze persoon is al lid." in response.content.decode()
