"""Withdrawing a consent is one click on "My data", and appends a row to the ledger."""

import pytest

from privacy.models import ConsentRecord, ConsentText, Subscriber, Subscription
from tests.factories.portal import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return UserFactory(email="lezer@voorbeeld.test")


@pytest.fixture
def subscribed(person):
    from privacy.models import NewsletterList

    subscriber = Subscriber.objects.create(email=person.email, confirmed_at="2026-01-01T10:00Z")
    Subscription.objects.create(subscriber=subscriber, newsletter=NewsletterList.objects.first())
    ConsentRecord.record("newsletter", True, "newsletter form", email=person.email)
    return subscriber


def test_my_data_lists_the_consents_given_with_the_text_shown(client, person, subscribed):
    client.force_login(person)
    html = client.get("/mijn/gegevens/").content.decode()
    assert ConsentText.current("newsletter").text_nl in html
    assert "/mijn/gegevens/toestemming/newsletter/intrekken/" in html


def test_withdrawing_is_one_click_appends_a_row_and_stops_the_newsletter(
    client, person, subscribed
):
    client.force_login(person)
    before = ConsentRecord.objects.count()
    response = client.post("/mijn/gegevens/toestemming/newsletter/intrekken/")
    assert response.status_code == 302
    assert ConsentRecord.objects.count() == before + 1
    last = ConsentRecord.objects.order_by("-pk").first()
    assert (last.topic, last.given, last.source) == ("newsletter", False, "my data page")
    subscribed.refresh_from_db()
    assert subscribed.unsubscribed_at is not None
    assert not Subscription.objects.active().exists()
    # Nothing left to withdraw: a second click appends nothing.
    client.post("/mijn/gegevens/toestemming/newsletter/intrekken/")
    assert ConsentRecord.objects.count() == before + 1
    html = client.get("/mijn/gegevens/").content.decode()
    assert "/mijn/gegevens/toestemming/newsletter/intrekken/" not in html


def test_a_consent_linked_to_the_account_is_withdrawn_too(client, person):
    ConsentRecord.record("analytics", True, "cookie banner", user=person)
    client.force_login(person)
    client.post("/mijn/gegevens/toestemming/analytics/intrekken/")
    latest = ConsentRecord.objects.filter(topic="analytics").order_by("-pk").first()
    assert (latest.given, latest.user) == (False, person)


def test_nobody_withdraws_someone_elses_consent(client, person, subscribed):
    client.force_login(UserFactory())
    before = ConsentRecord.objects.count()
    client.post("/mijn/gegevens/toestemming/newsletter/intrekken/")
    assert ConsentRecord.objects.count() == before
    subscribed.refresh_from_db()
    assert subscribed.unsubscribed_at is None


def test_only_by_post(client, person, subscribed):
    client.force_login(person)
    assert client.get("/mijn/gegevens/toestemming/newsletter/intrekken/").status_code == 405
