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


def test_the_editor_shows_the_offers_fields_but_not_those_that_follow_the_sessions(client):
    """The activity's edit form: the offer's own fields in the offer's order, then the
    activity's; not the dates, schedule and locations (derived from the sessions) nor "own
    programme" (always on)."""
    from tests.factories.portal import UserFactory

    form_class = ProgrammeActivityPage.get_edit_handler().get_form_class()
    assert list(form_class.base_fields)[:22] == [
        "title",
        "provider",
        "summary",
        "description",
        "disciplines",
        "age_min",
        "age_max",
        "price_kind",
        "price_from",
        "price_to",
        "accessibility",
        "image",
        "image_alt",
        "booking_url",
        "contact_email",
        "contact_phone",
        "leisure_kind",
        "signup_scope",
        "capacity",
        "max_places_per_signup",
        "asks_child_details",
        "contest_closes_at",
    ]
    assert list(form_class.formsets) == ["sessions"]
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(f"/admin/pages/{ActivityFactory().pk}/edit/").content.decode()
    assert 'name="leisure_kind"' in page
    assert 'name="sessions-TOTAL_FORMS"' in page
    for derived in ["schedule_kind", "schedule_text", "is_own_programme"]:
        assert f'name="{derived}"' not in page
    for derived in ["dates", "locations"]:
        assert f'name="{derived}-TOTAL_FORMS"' not in page
