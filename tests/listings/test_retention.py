"""The personal data of offers and provider profiles is removed one year after the offer went
offline or the profile stopped being public (the register's "kunst-cultuurwijzer"), revisions
included; an artist sees their own profile in "my data"; a hidden profile is never linked."""

import importlib
import io
import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from wagtail.models import Revision

from funds.models import Booking
from listings.jobs import unpublish_past_offers
from listings.models import OfferPage, Provider, ProviderKind, ProviderRole
from listings.moderation import transition
from portal.roles import Role
from privacy import purposes, requests
from privacy.models import Purpose, RequestKind
from tests.factories.listings import (
    EducationOfferFactory,
    LeisureOfferFactory,
    ProviderFactory,
    ProviderMembershipFactory,
)
from tests.factories.portal import UserFactory
from tests.factories.schools import SchoolFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
DAY = timedelta(days=1)


def apply_retention():
    call_command("apply_retention", "--purpose", purposes.KUNST_CULTUURWIJZER, stdout=io.StringIO())


def revisions_of(offer):
    return Revision.objects.filter(object_id=str(offer.pk))


def offer_with_history(provider, email, days_ago, withdraw=True):
    """A published offer whose earlier revision holds an older contact address; withdrawn by
    its provider `days_ago` days before NOW (or left live)."""
    with time_machine.travel(NOW - days_ago * DAY - 30 * DAY, tick=False):
        offer = LeisureOfferFactory(provider=provider, contact_email=f"oud.{email}")
        offer.save_revision().publish()
        offer.contact_email = email
        offer.contact_phone = "038 123 45 67"
        offer.save_revision().publish()
    if withdraw:
        with time_machine.travel(NOW - days_ago * DAY, tick=False):
            transition(OfferPage.objects.get(pk=offer.pk).specific, "withdraw", UserFactory())
    return offer


def hidden_provider(name, days_ago, **kwargs):
    with time_machine.travel(NOW - days_ago * DAY, tick=False):
        provider = ProviderFactory(name=name, public_email="info@voorbeeld.test", **kwargs)
        provider.is_public = False
        provider.save()
    return provider


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def test_an_offer_withdrawn_over_a_year_ago_goes_with_its_revisions():
    provider = ProviderFactory(name="Atelier Zon")
    old = offer_with_history(provider, "jan@kunstenaar.test", days_ago=400)
    recent = offer_with_history(provider, "piet@kunstenaar.test", days_ago=100)
    live = offer_with_history(provider, "kees@kunstenaar.test", days_ago=400, withdraw=False)
    assert OfferPage.objects.get(pk=old.pk).withdrawn_at == NOW - 400 * DAY
    assert revisions_of(old).exists()

    apply_retention()

    # The register says delete: the page goes, and every revision with it.
    assert not OfferPage.objects.filter(pk=old.pk).exists()
    assert not revisions_of(old).exists()
    assert not Revision.objects.filter(content__contact_email="oud.jan@kunstenaar.test").exists()
    kept = OfferPage.objects.get(pk=recent.pk)
    assert (kept.contact_email, kept.contact_phone) == ("piet@kunstenaar.test", "038 123 45 67")
    assert revisions_of(recent).count() == 2
    assert OfferPage.objects.get(pk=live.pk).contact_email == "kees@kunstenaar.test"
    assert revisions_of(live).count() == 2
    assert Provider.objects.filter(pk=provider.pk).exists()  # public: kept


def test_anonymising_blanks_the_contact_and_drops_the_old_revisions():
    """Should the privacy officer choose to anonymise instead, the page stays without its
    contact, and no revision keeps the old addresses."""
    Purpose.objects.filter(code=purposes.KUNST_CULTUURWIJZER).update(
        retention_action=purposes.ANONYMISE
    )
    offer = offer_with_history(ProviderFactory(), "jan@kunstenaar.test", days_ago=400)

    apply_retention()

    page = OfferPage.objects.get(pk=offer.pk)
    assert (page.contact_email, page.contact_phone) == ("", "")
    assert not revisions_of(offer).exists()
    assert page.title  # what the offer was stays


def test_a_booked_education_offer_stays_but_loses_its_contact():
    """A booking (a financial record of the Fonds Cultuureducatie) keeps the offer it names, so
    the offer is anonymised instead of deleted."""
    provider = hidden_provider("Jan Jansen", days_ago=400, kind=ProviderKind.ARTIST)
    with time_machine.travel(NOW - 430 * DAY, tick=False):
        offer = EducationOfferFactory(provider=provider, contact_email="jan@kunstenaar.test")
        offer.save_revision().publish()
        Booking.objects.create(
            school=SchoolFactory(), offer=offer, date=(NOW - 420 * DAY).date(), pupils=20
        )
    with time_machine.travel(NOW - 400 * DAY, tick=False):
        transition(OfferPage.objects.get(pk=offer.pk).specific, "withdraw", UserFactory())

    apply_retention()

    page = OfferPage.objects.get(pk=offer.pk)
    assert page.contact_email == ""
    assert not revisions_of(offer).exists()
    # The offer keeps its provider, so the profile is anonymised too, its web address included.
    profile = Provider.objects.get(pk=provider.pk)
    assert (profile.name, profile.public_email) == ("", "")
    assert profile.slug == f"aanbieder-{provider.pk}"
    apply_retention()  # a second run has nothing left to do
    assert Provider.objects.get(pk=provider.pk).slug == f"aanbieder-{provider.pk}"


def test_an_offer_past_its_last_date_counts_from_when_the_job_took_it_offline():
    with time_machine.travel(NOW - 400 * DAY, tick=False):
        expired = LeisureOfferFactory(contact_email="a@kunstenaar.test", dates=[NOW - 402 * DAY])
    with time_machine.travel(NOW - 100 * DAY, tick=False):
        recently_expired = LeisureOfferFactory(
            contact_email="b@kunstenaar.test", dates=[NOW - 102 * DAY]
        )
    with time_machine.travel(NOW - 400 * DAY, tick=False):
        assert unpublish_past_offers() == 1
    with time_machine.travel(NOW - 100 * DAY, tick=False):
        assert unpublish_past_offers() == 1

    apply_retention()

    assert not OfferPage.objects.filter(pk=expired.pk).exists()
    assert OfferPage.objects.get(pk=recently_expired.pk).contact_email == "b@kunstenaar.test"


def test_an_offer_awaiting_moderation_is_kept_however_old():
    with time_machine.travel(NOW - 400 * DAY, tick=False):
        offer = LeisureOfferFactory(live=False, contact_email="c@kunstenaar.test")
        offer.save_revision()
        transition(OfferPage.objects.get(pk=offer.pk).specific, "submit", UserFactory())

    apply_retention()

    assert OfferPage.objects.get(pk=offer.pk).contact_email == "c@kunstenaar.test"


def test_a_profile_hidden_for_over_a_year_goes_once_its_offers_have_gone():
    gone = hidden_provider("Jan Jansen", days_ago=400, kind=ProviderKind.ARTIST)
    recent = hidden_provider("Piet Pietersen", days_ago=100, kind=ProviderKind.ARTIST)
    public = ProviderFactory(name="Theater Het Plein", public_email="info@plein.test")
    with_live_offer = hidden_provider("Kees Keesman", days_ago=400)
    LeisureOfferFactory(provider=with_live_offer)
    with_old_offer = hidden_provider("Mies Mulder", days_ago=400)
    old_offer = offer_with_history(with_old_offer, "mies@kunstenaar.test", days_ago=380)
    assert Provider.objects.get(pk=gone.pk).withdrawn_at == NOW - 400 * DAY

    apply_retention()

    assert not Provider.objects.filter(pk=gone.pk).exists()
    assert not OfferPage.objects.filter(pk=old_offer.pk).exists()
    assert not Provider.objects.filter(pk=with_old_offer.pk).exists()
    assert Provider.objects.get(pk=recent.pk).name == "Piet Pietersen"
    assert Provider.objects.get(pk=public.pk).public_email == "info@plein.test"
    # Its name is still shown with its live offer.
    assert Provider.objects.get(pk=with_live_offer.pk).public_email == "info@voorbeeld.test"


def test_a_profile_public_again_is_no_longer_counted_as_withdrawn():
    provider = hidden_provider("Jan Jansen", days_ago=400)
    provider.is_public = True
    provider.save()
    assert Provider.objects.get(pk=provider.pk).withdrawn_at is None

    apply_retention()

    assert Provider.objects.filter(pk=provider.pk).exists()


# --- my data --------------------------------------------------------------------------------


def test_an_artist_sees_their_profile_and_offers_in_my_data(client):
    artist = ProviderFactory(
        name="Jan Jansen Beeldhouwer",
        kind=ProviderKind.ARTIST,
        public_email="jan@beeldhouwer.test",
    )
    member = ProviderMembershipFactory(provider=artist, role=ProviderRole.BEHEERDER).user
    LeisureOfferFactory(provider=artist, contact_phone="06 12345678")

    client.force_login(member)
    page = client.get("/mijn/gegevens/").content.decode()
    assert "jan@beeldhouwer.test" in page
    assert "06 12345678" in page
    export = client.get("/mijn/gegevens/export.json").content.decode()
    json.loads(export)
    assert "jan@beeldhouwer.test" in export
    assert "06 12345678" in export

    client.force_login(UserFactory())
    assert "jan@beeldhouwer.test" not in client.get("/mijn/gegevens/").content.decode()
    assert "jan@beeldhouwer.test" not in client.get("/mijn/gegevens/export.json").content.decode()


def test_an_organisations_profile_is_not_its_staffs_personal_data(client):
    """A theatre's profile is the theatre's, not about one of its staff: not in their data (they
    see it in self-service), and not erased with them."""
    theatre = ProviderFactory(name="Theater Het Plein", public_email="info@plein.test")
    member = ProviderMembershipFactory(provider=theatre).user
    client.force_login(member)
    assert "info@plein.test" not in client.get("/mijn/gegevens/export.json").content.decode()


def test_erasing_an_artist_erases_their_profile_and_offers_but_not_a_theatre_of_its_staff():
    officer = UserFactory(groups=[Role.PRIVACY_OFFICER])
    artist = ProviderFactory(name="Jan Jansen Beeldhouwer", kind=ProviderKind.ARTIST)
    jan = ProviderMembershipFactory(provider=artist).user
    offer = offer_with_history(artist, "jan@beeldhouwer.test", days_ago=0, withdraw=False)
    theatre = ProviderFactory(name="Theater Het Plein")
    staff = ProviderMembershipFactory(provider=theatre).user
    theatre_offer = LeisureOfferFactory(provider=theatre)

    for person in (jan, staff):
        request, _created = requests.submit(person, RequestKind.ERASURE)
        requests.execute_erasure(request, officer)

    assert not Provider.objects.filter(pk=artist.pk).exists()
    assert not OfferPage.objects.filter(pk=offer.pk).exists()
    assert not revisions_of(offer).exists()
    assert Provider.objects.get(pk=theatre.pk).name == "Theater Het Plein"
    assert OfferPage.objects.get(pk=theatre_offer.pk).live
    assert not theatre.memberships.exists()


def test_the_register_says_whose_profiles_are_about_their_members():
    out = io.StringIO()
    call_command("privacy_register", "--json", stdout=out)
    register = {p["code"]: p for p in json.loads(out.getvalue())["purposes"]}
    models = {m["model"]: m for m in register[purposes.KUNST_CULTUURWIJZER]["models"]}
    assert models["listings.Provider"]["subject"] == "memberships__user"
    assert models["listings.Provider"]["subject_filter"] == {"kind": "artist"}


# --- links to hidden profiles ---------------------------------------------------------------


def test_a_hidden_profile_is_named_but_not_linked(client):
    hidden = ProviderFactory(name="Kees Keesman", is_public=False)
    public = ProviderFactory(name="Theater Het Plein")
    hidden_offer = LeisureOfferFactory(provider=hidden)
    public_offer = LeisureOfferFactory(provider=public)

    page = client.get(hidden_offer.url).content.decode()
    assert "Kees Keesman" in page
    assert hidden.get_absolute_url() not in page
    assert public.get_absolute_url() in client.get(public_offer.url).content.decode()

    results = {o["id"]: o for o in client.get("/api/aanbod/").json()["results"]}
    assert results[hidden_offer.pk]["provider"] == {"name": "Kees Keesman", "url": None}
    assert results[public_offer.pk]["provider"]["url"].endswith(public.get_absolute_url())


# --- existing data --------------------------------------------------------------------------


def test_the_migration_dates_existing_offline_offers_and_hidden_profiles():
    from django.apps import apps
    from wagtail.models import PageLogEntry

    migration = importlib.import_module("listings.migrations.0008_retention_withdrawn_at")
    logged = LeisureOfferFactory(live=False, first_published_at=NOW - 500 * DAY)
    PageLogEntry.objects.create(
        page=logged, action="wagtail.unpublish", timestamp=NOW - 450 * DAY, label="x"
    )
    unlogged = LeisureOfferFactory(
        live=False, first_published_at=NOW - 500 * DAY, last_published_at=NOW - 480 * DAY
    )
    draft = LeisureOfferFactory(live=False)
    hidden = hidden_provider("Jan Jansen", days_ago=300)
    OfferPage.objects.update(withdrawn_at=None)
    Provider.objects.update(withdrawn_at=None)

    migration.backfill(apps, None)

    moments = dict(OfferPage.objects.values_list("pk", "withdrawn_at"))
    assert moments[logged.pk] == NOW - 450 * DAY
    assert moments[unlogged.pk] == NOW - 480 * DAY
    assert moments[draft.pk] is None
    assert Provider.objects.get(pk=hidden.pk).withdrawn_at == NOW - 300 * DAY


def test_a_deleted_profile_leaves_its_name_on_the_schools_spending_it_was_paid_for():
    """Spending requests are financial records under the legal hold: they still say who was
    paid when retention deletes the provider's profile."""
    from tests.factories.education import SpendingRequestFactory

    gone = hidden_provider("Jan Jansen", days_ago=400, kind=ProviderKind.ARTIST)
    linked = SpendingRequestFactory(provider=gone, provider_name="")
    typed = SpendingRequestFactory(provider=gone, provider_name="J. Jansen (factuur)")

    apply_retention()

    assert not Provider.objects.filter(pk=gone.pk).exists()
    linked.refresh_from_db()
    typed.refresh_from_db()
    assert (linked.provider, linked.provider_label) == (None, "Jan Jansen")
    assert typed.provider_label == "J. Jansen (factuur)"


def test_the_admin_history_no_longer_names_a_deleted_profile():
    """Wagtail's history labels each entry with the record's name as it was (an artist's
    name): retention leaves the number."""
    from wagtail.log_actions import log
    from wagtail.models import ModelLogEntry

    gone = hidden_provider("Jan Jansen", days_ago=400, kind=ProviderKind.ARTIST)
    kept = hidden_provider("Piet Pietersen", days_ago=100, kind=ProviderKind.ARTIST)
    for provider in (gone, kept):
        log(instance=provider, action="wagtail.edit")
    assert ModelLogEntry.objects.filter(label="Jan Jansen").exists()

    apply_retention()

    labels = set(ModelLogEntry.objects.values_list("label", flat=True))
    assert "Jan Jansen" not in labels and f"#{gone.pk}" in labels
    assert "Piet Pietersen" in labels


def test_versions_of_a_live_offer_older_than_a_year_go_but_the_live_and_latest_stay():
    """An earlier version holds the contact data the offer had then."""
    from listings.jobs import purge_old_offer_revisions

    with time_machine.travel(NOW - 500 * DAY, tick=False):
        offer = LeisureOfferFactory(contact_email="oud@kunstenaar.test")
        offer.save_revision().publish()
    with time_machine.travel(NOW - 400 * DAY, tick=False):
        offer.contact_email = "nieuw@kunstenaar.test"
        live = offer.save_revision()
        live.publish()
    with time_machine.travel(NOW - 10 * DAY, tick=False):
        offer.contact_email = "concept@kunstenaar.test"
        draft = offer.save_revision()  # waiting, not published

    assert purge_old_offer_revisions() == 1
    left = {revision.pk for revision in revisions_of(offer)}
    assert left == {live.pk, draft.pk}
    assert not any("oud@" in str(revision.content) for revision in revisions_of(offer))
    assert OfferPage.objects.get(pk=offer.pk).live
