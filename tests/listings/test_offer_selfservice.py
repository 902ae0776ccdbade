"""Providers keep their own offers up to date; a moderator approves before anything is public."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import WorkflowState

from listings.models import (
    CatalogueIndexPage,
    Discipline,
    EducationOfferPage,
    LeisureOfferPage,
    OfferKind,
    OfferPage,
    ProviderRole,
    SchoolGroup,
)
from listings.moderation import OfferState, OfferStatus
from portal.roles import Role
from tests.factories.listings import (
    LeisureOfferFactory,
    ProviderFactory,
    ProviderMembershipFactory,
    moderator,
    offer_form_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider():
    return ProviderFactory(name="Dansstudio Pirouette")


@pytest.fixture
def member(provider):
    return ProviderMembershipFactory(provider=provider, role=ProviderRole.REDACTEUR).user


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def offers_url(provider, suffix=""):
    return f"/mijn/aanbieders/{provider.pk}/aanbod/{suffix}"


def status_of(offer):
    return OfferState.of(OfferPage.objects.get(pk=offer.pk).specific).status


def approve(offer, user):
    state = WorkflowState.objects.active().get(object_id=str(offer.pk))
    state.current_task_state.task.specific.on_action(state.current_task_state, user, "approve")


def request_changes(offer, user, comment):
    state = WorkflowState.objects.active().get(object_id=str(offer.pk))
    state.current_task_state.task.specific.on_action(
        state.current_task_state, user, "reject", comment=comment
    )


def test_the_catalogues_and_their_moderation_workflow_exist_after_migrating():
    catalogues = CatalogueIndexPage.objects.order_by("kind")
    assert [(c.kind, c.url) for c in catalogues] == [
        (OfferKind.EDUCATION, "/onderwijsaanbod/"),
        (OfferKind.LEISURE, "/cultuurwijzer/"),
    ]
    for page in catalogues:
        workflow = page.get_workflow()
        assert workflow.name == "Moderatie aanbod"
        [task] = workflow.tasks.specific()
        assert [g.name for g in task.groups.all()] == [Role.MODERATOR]


def test_a_new_offer_is_a_draft_revision_until_submitted_and_approved(member_client, provider):
    response = member_client.post(
        offers_url(provider, "nieuw/vrije-tijd/"), offer_form_data(title="Hiphop voor tieners")
    )
    assert response.status_code == 302, response.context["form"].errors
    offer = LeisureOfferPage.objects.get(provider=provider)
    assert not offer.live
    assert offer.get_parent().specific.kind == OfferKind.LEISURE
    assert offer.content_updated_at is not None
    assert status_of(offer) == OfferStatus.DRAFT
    assert member_client.get(offer.url or "/cultuurwijzer/hiphop-voor-tieners/").status_code == 404

    mail.outbox.clear()
    moderating = moderator()
    response = member_client.post(offers_url(provider, f"{offer.pk}/indienen/"))
    assert response.status_code == 302
    assert status_of(offer) == OfferStatus.IN_MODERATION
    # Wagtail's own notification tells the moderators.
    assert moderating.email in [to for message in mail.outbox for to in message.to]

    mail.outbox.clear()
    approve(offer, moderating)
    offer.refresh_from_db()
    assert offer.live
    assert status_of(offer) == OfferStatus.PUBLISHED
    [message] = mail.outbox
    assert message.to == [offer.provider.memberships.get().user.email]
    assert "Hiphop voor tieners" in message.subject


def test_an_edit_of_a_published_offer_waits_while_the_live_version_stays(member_client, provider):
    offer = LeisureOfferFactory(provider=provider, title="Balletles", description="Oude tekst.")
    data = offer_form_data(title="Balletles", description="Nieuwe tekst met pirouettes.")
    response = member_client.post(offers_url(provider, f"{offer.pk}/"), {**data, "submit": "1"})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.description == "Oude tekst."
    assert status_of(offer) == OfferStatus.PUBLISHED_IN_MODERATION
    assert "Oude tekst." in member_client.get(offer.url).content.decode()

    approve(offer, moderator())
    offer.refresh_from_db()
    assert offer.description == "Nieuwe tekst met pirouettes."
    assert status_of(offer) == OfferStatus.PUBLISHED


def test_requested_changes_show_their_comment_and_resubmitting_works(member_client, provider):
    member_client.post(
        offers_url(provider, "nieuw/vrije-tijd/"), {**offer_form_data(), "submit": "1"}
    )
    offer = LeisureOfferPage.objects.get(provider=provider)
    mail.outbox.clear()
    request_changes(offer, moderator(), "Vermeld graag de prijs voor een proefles.")
    assert status_of(offer) == OfferStatus.CHANGES_REQUESTED
    [message] = mail.outbox
    assert "Vermeld graag de prijs voor een proefles." in message.body

    page = member_client.get(offers_url(provider))
    assert "Vermeld graag de prijs voor een proefles." in page.content.decode()
    edit = member_client.get(offers_url(provider, f"{offer.pk}/"))
    assert "Vermeld graag de prijs voor een proefles." in edit.content.decode()

    member_client.post(offers_url(provider, f"{offer.pk}/"), {**offer_form_data(), "submit": "1"})
    assert status_of(offer) == OfferStatus.IN_MODERATION
    approve(offer, moderator())
    assert OfferPage.objects.get(pk=offer.pk).live


def test_withdraw_unpublishes_and_duplicate_makes_a_draft_copy(member_client, provider):
    offer = LeisureOfferFactory(provider=provider, title="Streetdance")
    member_client.post(offers_url(provider, f"{offer.pk}/intrekken/"))
    offer.refresh_from_db()
    assert not offer.live
    assert status_of(offer) == OfferStatus.WITHDRAWN
    assert member_client.get("/cultuurwijzer/" + offer.slug + "/").status_code == 404

    member_client.post(offers_url(provider, f"{offer.pk}/kopieren/"))
    copy = LeisureOfferPage.objects.exclude(pk=offer.pk).get(provider=provider)
    assert copy.title.startswith("Streetdance")
    assert not copy.live
    assert status_of(copy) == OfferStatus.DRAFT
    assert copy.locations.count() == 1
    assert copy.dates.count() == 1
    assert copy.disciplines.count() == 1


def test_the_filters_fields_are_required_and_nothing_entered_is_lost(member_client, provider):
    data = offer_form_data(title="Zonder wijk")
    data.pop("disciplines")
    data.pop("age_min")
    data["locations-0-wijk"] = ""
    data["price_kind"] = "amount"
    data["price_from"] = ""
    response = member_client.post(offers_url(provider, "nieuw/vrije-tijd/"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert {"disciplines", "age_min", "price_from"} <= set(form.errors)
    assert form.formsets["locations"].forms[0].errors["wijk"]
    assert 'value="Zonder wijk"' in response.content.decode()
    assert not OfferPage.objects.exists() or not OfferPage.objects.filter(provider=provider)


def test_an_offer_with_set_dates_needs_a_date(member_client, provider):
    data = offer_form_data()
    data["dates-0-start"] = ""
    data["dates-0-end"] = ""
    response = member_client.post(offers_url(provider, "nieuw/vrije-tijd/"), data)
    assert response.status_code == 200
    assert "schedule_kind" in response.context["form"].errors


def test_an_education_offer_needs_school_groups(member_client, provider):
    data = offer_form_data(education=True)
    data.pop("school_groups")
    response = member_client.post(offers_url(provider, "nieuw/onderwijs/"), data)
    assert "school_groups" in response.context["form"].errors
    data = offer_form_data(education=True)
    response = member_client.post(offers_url(provider, "nieuw/onderwijs/"), data)
    assert response.status_code == 302
    offer = EducationOfferPage.objects.get(provider=provider)
    revision = offer.get_latest_revision_as_object()
    assert set(revision.school_groups.all()) == set(
        SchoolGroup.objects.filter(name__in=["groep 7", "groep 8"])
    )
    assert offer.get_parent().specific.kind == OfferKind.EDUCATION


def test_preview_shows_the_latest_revision_to_the_provider(member_client, provider):
    offer = LeisureOfferFactory(provider=provider, description="Live tekst.")
    member_client.post(
        offers_url(provider, f"{offer.pk}/"), offer_form_data(description="Concepttekst.")
    )
    response = member_client.get(offers_url(provider, f"{offer.pk}/voorbeeld/"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Concepttekst." in body


def test_the_offer_list_has_a_constant_number_of_queries(
    member_client, provider, django_assert_max_num_queries
):
    for n in range(3):
        LeisureOfferFactory(provider=provider, title=f"Les {n}")
    member_client.get(offers_url(provider))
    for n in range(3, 25):
        offer = LeisureOfferFactory(provider=provider, title=f"Les {n}")
        if n % 3 == 0:
            offer.save_revision()
            from listings.moderation import transition

            transition(offer, "submit", offer.owner or moderator())
    with django_assert_max_num_queries(15):
        response = member_client.get(offers_url(provider))
    assert len(response.context["rows"]) == 25


def test_stale_dates_in_the_past_are_kept_in_the_form(member_client, provider):
    """An edit shows the dates the offer has, formatted for the date-time input."""
    start = (timezone.localtime() + timedelta(days=3)).replace(
        hour=15, minute=30, second=0, microsecond=0
    )
    offer = LeisureOfferFactory(provider=provider, dates=[start])
    response = member_client.get(offers_url(provider, f"{offer.pk}/"))
    assert start.strftime("%Y-%m-%dT%H:%M") in response.content.decode()
    assert Discipline.objects.exists()
