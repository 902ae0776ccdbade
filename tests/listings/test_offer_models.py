from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from listings.models import EducationOfferPage, LeisureOfferPage, PriceKind, PriceUnit
from tests.factories.listings import EducationOfferFactory, LeisureOfferFactory

pytestmark = pytest.mark.django_db


def test_an_offer_keeps_its_first_and_last_date():
    offer = LeisureOfferFactory()
    offer = LeisureOfferPage.objects.get(pk=offer.pk)
    date = offer.dates.get()
    # The days in the portal's time zone: an evening that ends after midnight ends the next day.
    assert offer.first_date == timezone.localdate(date.start)
    assert offer.last_date == timezone.localdate(date.end)
    assert offer.disciplines.count() == 1
    assert offer.locations.count() == 1


def test_an_education_offer_costs_per_pupil_or_per_group():
    offer = EducationOfferPage.objects.get(pk=EducationOfferFactory().pk)
    assert offer.school_groups.count() == 2
    assert offer.cost_for(24) == Decimal("156.00")
    offer.price_unit = PriceUnit.PER_GROUP
    offer.price_from = Decimal("350.00")
    assert offer.cost_for(24) == Decimal("350.00")
    offer.price_kind = PriceKind.FREE
    assert offer.cost_for(24) == Decimal("0.00")


def test_an_image_needs_its_description_and_a_range_its_highest_price():
    offer = LeisureOfferFactory.build(price_kind=PriceKind.RANGE, price_to=Decimal("5"))
    offer.image_id = 1
    with pytest.raises(ValidationError) as raised:
        offer.clean()
    assert set(raised.value.message_dict) >= {"image_alt", "price_to"}


def test_an_offer_just_after_midnight_is_on_that_day_in_zwolle():
    from datetime import UTC, date, datetime

    # 23:30 UTC on 6 December is 00:30 on 7 December in Zwolle.
    offer = LeisureOfferFactory(dates=[datetime(2026, 12, 6, 23, 30, tzinfo=UTC)])
    offer = LeisureOfferPage.objects.get(pk=offer.pk)
    offer.save()  # again, from the dates as the database gives them back (in UTC)
    assert (offer.first_date, offer.last_date) == (date(2026, 12, 7), date(2026, 12, 7))
