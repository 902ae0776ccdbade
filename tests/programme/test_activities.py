"""Activities of the own programme are offers of the Kunst- & Cultuurwijzer: their dates,
locations and end follow from their sessions and rooms, and the catalogue finds them."""

from datetime import timedelta

import pytest
from django.http import QueryDict
from django.utils import timezone

from listings.catalogue import search_catalogue
from listings.models import LeisureOfferPage, OfferKind
from portal.fields import Wijk
from programme.models import ProgrammeActivityPage
from tests.factories.programme import ActivityFactory, BranchFactory, RoomFactory

pytestmark = pytest.mark.django_db


def test_dates_locations_and_end_follow_the_sessions():
    first = timezone.now().replace(microsecond=0) + timedelta(days=3)
    room = RoomFactory(
        branch=BranchFactory(name="Stadkamer Stadshagen", wijk=Wijk.STADSHAGEN), name="Zaal 1"
    )
    activity = ActivityFactory(
        sessions=[(first, 20), (first + timedelta(days=7), 20)], sessions__room=room
    )
    activity = ProgrammeActivityPage.objects.get(pk=activity.pk)
    assert activity.is_own_programme
    assert [d.start for d in activity.dates.all()] == [first, first + timedelta(days=7)]
    assert [(loc.name, loc.wijk) for loc in activity.locations.all()] == [
        ("Stadkamer Stadshagen", Wijk.STADSHAGEN)
    ]
    assert activity.first_date == timezone.localdate(first)
    assert activity.ends_at == first + timedelta(days=7, hours=2)
    assert not activity.has_ended


def test_the_catalogue_finds_an_activity_by_its_wijk_and_its_words():
    room = RoomFactory(branch=BranchFactory(name="Stadkamer Zuid", wijk=Wijk.ZWOLLE_ZUID))
    activity = ActivityFactory(title="Poëzieavond aan de IJssel", sessions__room=room)
    assert isinstance(LeisureOfferPage.objects.get(pk=activity.pk), LeisureOfferPage)
    for query, expected in [
        (f"wijk={Wijk.ZWOLLE_ZUID}", [activity.pk]),
        (f"wijk={Wijk.BINNENSTAD}", []),
        ("q=po%C3%ABzieavond", [activity.pk]),
        ("kind=lecture", [activity.pk]),
    ]:
        found = search_catalogue(OfferKind.LEISURE, QueryDict(query))
        assert [offer.pk for offer in found["page_obj"]] == expected, query


def test_programme_staff_may_edit_activities_but_not_providers_offers():
    from django.contrib.auth.models import Group

    from portal.roles import Role
    from tests.factories.listings import LeisureOfferFactory
    from tests.factories.portal import UserFactory

    programmer = UserFactory(is_staff=True)
    programmer.groups.add(Group.objects.get(name=Role.PROGRAMMER))
    activity = ActivityFactory()
    offer = LeisureOfferFactory()
    assert activity.permissions_for_user(programmer).can_edit()
    assert activity.permissions_for_user(programmer).can_publish()
    assert not offer.permissions_for_user(programmer).can_edit()


def test_the_programme_page_lists_upcoming_activities_not_ended_ones(client):
    upcoming = ActivityFactory(title="Workshop linosnede")
    ended = ActivityFactory(
        title="Lezing van vorige maand",
        sessions=[(timezone.now().replace(microsecond=0) - timedelta(days=30), 20)],
    )
    response = client.get(upcoming.get_parent().url)
    assert response.status_code == 200
    assert upcoming.title in response.text
    assert ended.title not in response.text
