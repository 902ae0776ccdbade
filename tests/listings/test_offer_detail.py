"""The offer page: fields, JSON-LD, iCalendar, more from the provider, the provider's profile."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from listings.models import LeisureKind
from listings.offer_detail import json_ld_script
from tests.factories.listings import EducationOfferFactory, LeisureOfferFactory, ProviderFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_COOKIE": "django_language=en"}


def json_ld(response):
    found = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(found.group(1))


def test_a_dated_performance_is_an_event_with_its_public_contact_only(client):
    provider = ProviderFactory(public_email="info@toonladder.test")
    provider.memberships.create(
        user=__import__("tests.factories.portal", fromlist=["UserFactory"]).UserFactory(
            email="lid@prive.test"
        ),
        role="beheerder",
    )
    offer = LeisureOfferFactory(
        provider=provider,
        leisure_kind=LeisureKind.PERFORMANCE,
        contact_email="kassa@toonladder.test",
        accessibility="Rolstoeltoegankelijk",
    )
    response = client.get(offer.url, **EN)
    html = response.content.decode()
    assert response.status_code == 200
    assert "kassa@toonladder.test" in html and "Rolstoeltoegankelijk" in html
    assert "lid@prive.test" not in html
    data = json_ld(response)
    assert data["@type"] == "Event"
    assert data["location"][0]["address"]["postalCode"] == "8011 CV"
    assert data["offers"]["price"] == "12.50"
    assert f"/aanbieders/{provider.slug}/" in html


def test_courses_and_education_offers_are_courses(client):
    course = LeisureOfferFactory(leisure_kind=LeisureKind.COURSE)
    assert json_ld(client.get(course.url))["@type"] == "Course"
    education = EducationOfferFactory()
    response = client.get(education.url, **EN)
    assert json_ld(response)["@type"] == "Course"
    html = response.content.decode()
    assert 'class="offer-actions' in html  # the place issue 5 puts the request button
    assert "groep 5" in html


def test_json_ld_cannot_close_its_script_element():
    script = json_ld_script({"name": "</script><script>alert(1)</script> & co"})
    assert script.count("</script>") == 1
    body = script.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert json.loads(body)["name"] == "</script><script>alert(1)</script> & co"


def test_icalendar_download_for_dated_offers_only(client):
    start = timezone.now().replace(microsecond=0) + timedelta(days=3)
    offer = LeisureOfferFactory(title="Concert", dates=[start, start + timedelta(days=7)])
    response = client.get(offer.url + "agenda/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Concert", "Concert"]
    assert events[0].decoded("DTSTART") == start
    undated = LeisureOfferFactory(dates=[], schedule_kind="on_request")
    assert client.get(undated.url + "agenda/").status_code == 404


def test_more_from_the_provider_and_its_public_profile(client):
    provider = ProviderFactory()
    offer = LeisureOfferFactory(provider=provider, title="Eerste")
    LeisureOfferFactory(provider=provider, title="Tweede")
    EducationOfferFactory(provider=provider, title="Voor de klas")
    LeisureOfferFactory(provider=provider, title="Verborgen", live=False)
    LeisureOfferFactory(title="Van een ander")
    html = client.get(offer.url).content.decode()
    assert "Tweede" in html and "Voor de klas" in html
    assert "Verborgen" not in html and "Van een ander" not in html
    profile = client.get(f"/aanbieders/{provider.slug}/").content.decode()
    assert "Eerste" in profile and "Tweede" in profile and "Voor de klas" in profile
    assert "Verborgen" not in profile
