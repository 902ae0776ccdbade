"""Providers add an image with a required description to their offers, in the front-end form.

The upload becomes a Wagtail image in the provider's collection; it survives an error elsewhere
in the form (a signed token that only that person at that provider can use); a changed image of
a published offer waits for the moderator like any other change.
"""

import re
import time

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model
from wagtail.models import WorkflowState

from listings import offer_images
from listings.models import LeisureOfferPage, OfferPage, ProviderRole
from tests.factories.listings import (
    LeisureOfferFactory,
    ProviderFactory,
    ProviderMembershipFactory,
    image_upload,
    moderator,
    offer_form_data,
    wagtail_image,
)

pytestmark = pytest.mark.django_db
Image = get_image_model()
KEPT = "Afbeelding blijft bewaard"


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


def create(client, provider, **data):
    return client.post(offers_url(provider, "nieuw/vrije-tijd/"), offer_form_data(**data))


def draft_of(offer):
    return OfferPage.objects.get(pk=offer.pk).specific.get_latest_revision_as_object()


def token_in(response):
    match = re.search(r'name="image_token" value="([^"]+)"', response.content.decode())
    return match.group(1) if match else None


def approve(offer, user):
    state = WorkflowState.objects.active().get(object_id=str(offer.pk))
    state.current_task_state.task.specific.on_action(state.current_task_state, user, "approve")


def test_an_upload_on_create_becomes_the_offers_image_in_the_providers_collection(
    member_client, provider
):
    response = create(
        member_client,
        provider,
        title="Balletles voor kinderen",
        image_file=image_upload("balletzaal.png"),
        image_alt="Kinderen oefenen aan de barre in een lichte zaal.",
    )
    assert response.status_code == 302, response.context["form"].errors
    offer = LeisureOfferPage.objects.get(provider=provider)
    draft = draft_of(offer)
    assert draft.image_alt == "Kinderen oefenen aan de barre in een lichte zaal."
    image = draft.image
    assert image.title == "Balletles voor kinderen"
    assert (image.width, image.height) == (640, 360)
    assert [c.name for c in image.collection.get_ancestors(inclusive=True)] == [
        "Root",
        "Aanbieders",
        "Dansstudio Pirouette",
    ]
    # The provider's preview shows it as a rendition with its description.
    preview = member_client.get(offers_url(provider, f"{offer.pk}/voorbeeld/")).content.decode()
    assert 'alt="Kinderen oefenen aan de barre in een lichte zaal."' in preview
    assert "/media/images/balletzaal" in preview


def test_a_second_provider_gets_its_own_collection(member_client, provider, client):
    create(member_client, provider, image_file=image_upload("a.png"), image_alt="Zaal A.")
    other = ProviderFactory(name="Theater De Spiegel")
    other_member = ProviderMembershipFactory(provider=other).user
    client.force_login(other_member)
    create(client, other, image_file=image_upload("b.png"), image_alt="Zaal B.")
    collections = {image.collection.name for image in Image.objects.all()}
    assert collections == {"Dansstudio Pirouette", "Theater De Spiegel"}
    assert {image.collection.get_parent().name for image in Image.objects.all()} == {"Aanbieders"}


def test_an_image_needs_its_description(member_client, provider):
    response = create(member_client, provider, image_file=image_upload(), image_alt="  ")
    assert response.status_code == 200
    assert response.context["form"].errors["image_alt"] == [
        "Beschrijf de afbeelding voor mensen die hem niet kunnen zien."
    ]
    assert not LeisureOfferPage.objects.filter(provider=provider).exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("folder.pdf", b"%PDF-1.4 not an image", "application/pdf"),
            "Dit bestand is geen afbeelding, of het is beschadigd. "
            "Kies een JPEG-, PNG-, WebP- of GIF-bestand.",
        ),
        (
            image_upload("scan.bmp", image_format="BMP"),
            "Dit soort bestand kan niet worden gebruikt. "
            "Kies een JPEG-, PNG-, WebP- of GIF-bestand.",
        ),
        (
            image_upload("foto.jpg", image_format="PNG"),
            "Geen geldige .jpeg afbeelding. Deze extensie hoort niet bij het bestandsformaat (png)",
        ),
    ],
    ids=["not-an-image", "bmp", "png-named-jpg"],
)
def test_a_file_that_is_not_an_allowed_image_is_refused_in_dutch(
    member_client, provider, upload, message
):
    response = create(member_client, provider, image_file=upload, image_alt="Een foto.")
    assert response.status_code == 200
    assert response.context["form"].errors["image_file"] == [message]
    assert message.split(".")[0] in response.content.decode()
    assert not Image.objects.exists()


def test_the_upload_is_kept_when_something_else_in_the_form_is_wrong(member_client, provider):
    response = create(
        member_client,
        provider,
        title="",
        image_file=image_upload("atelier.png"),
        image_alt="Een atelier vol ezels.",
    )
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    body = response.content.decode()
    assert KEPT in body
    assert "/media/images/atelier" in body  # the thumbnail
    token = token_in(response)
    assert token
    [kept] = Image.objects.all()

    # The provider corrects the title and sends the form again, without choosing the file.
    response = create(
        member_client,
        provider,
        title="Open atelier",
        image_token=token,
        image_alt="Een atelier vol ezels.",
    )
    assert response.status_code == 302, response.context["form"].errors
    offer = LeisureOfferPage.objects.get(provider=provider)
    assert draft_of(offer).image == kept
    assert Image.objects.count() == 1


def test_the_upload_is_kept_when_its_description_is_missing(member_client, provider):
    response = create(member_client, provider, image_file=image_upload(), image_alt="")
    assert KEPT in response.content.decode()
    response = create(
        member_client, provider, image_token=token_in(response), image_alt="Een danser."
    )
    assert response.status_code == 302
    assert draft_of(LeisureOfferPage.objects.get(provider=provider)).image is not None


@pytest.fixture
def offer_with_image(provider):
    return LeisureOfferFactory(
        provider=provider,
        title="Streetdance",
        image=wagtail_image("oude-foto.png", title="Oud"),
        image_alt="Oude foto van de zaal.",
    )


def edit(client, offer, **data):
    return client.post(offers_url(offer.provider, f"{offer.pk}/"), offer_form_data(**data))


def test_an_edit_keeps_the_current_image_unless_it_is_removed(
    member_client, provider, offer_with_image
):
    page = member_client.get(offers_url(provider, f"{offer_with_image.pk}/")).content.decode()
    assert "Huidige afbeelding" in page
    assert "/media/images/oude-foto" in page
    assert KEPT not in page

    response = edit(member_client, offer_with_image, image_alt="Oude foto van de zaal.")
    assert response.status_code == 302
    assert draft_of(offer_with_image).image == offer_with_image.image

    response = edit(
        member_client, offer_with_image, image_remove="on", image_alt="Oude foto van de zaal."
    )
    assert response.status_code == 302
    draft = draft_of(offer_with_image)
    assert draft.image is None
    assert draft.image_alt == ""
    # The live offer keeps its image until the moderator approves the change.
    offer_with_image.refresh_from_db()
    assert offer_with_image.image is not None


def test_a_published_offers_new_image_waits_for_the_moderator(
    member_client, client, provider, offer_with_image
):
    response = edit(
        member_client,
        offer_with_image,
        image_file=image_upload("nieuwe-foto.png", color="purple"),
        image_alt="Nieuwe foto van het optreden.",
        submit="1",
    )
    assert response.status_code == 302, response.context["form"].errors
    public = client.get(offer_with_image.url).content.decode()
    assert 'alt="Oude foto van de zaal."' in public
    assert "/media/images/oude-foto" in public
    assert "nieuwe-foto" not in public

    approve(offer_with_image, moderator())
    public = client.get(offer_with_image.url).content.decode()
    assert 'alt="Nieuwe foto van het optreden."' in public
    assert "/media/images/nieuwe-foto" in public
    assert "oude-foto" not in public


def test_a_duplicate_keeps_the_image(member_client, provider, offer_with_image):
    member_client.post(offers_url(provider, f"{offer_with_image.pk}/kopieren/"))
    copy = LeisureOfferPage.objects.exclude(pk=offer_with_image.pk).get(provider=provider)
    assert draft_of(copy).image == offer_with_image.image
    assert draft_of(copy).image_alt == "Oude foto van de zaal."


# --- the kept upload's token cannot be forged or borrowed --------------------------------------


@pytest.fixture
def foreign_image():
    other = ProviderFactory(name="Theater De Spiegel")
    return other, offer_images.store_upload(image_upload("spiegel.png"), other, "Spiegel")


def swapped(token, image):
    """A valid token with the id in it swapped for another image's, its signature kept."""
    signature = token.rsplit(":", 1)[1]
    value = signing.dumps(image.pk, salt="any").rsplit(":", 1)[0]
    return f"{value}:{signature}"


@pytest.mark.parametrize(
    "token_for",
    ["other_provider_member", "same_person_other_provider", "colleague", "bare_id", "altered"],
)
def test_a_token_not_signed_for_this_person_and_provider_is_refused(
    member_client, member, provider, foreign_image, token_for
):
    other, image = foreign_image

    def own_image():
        return offer_images.store_upload(image_upload("eigen.png"), provider, "Eigen")

    colleague = ProviderMembershipFactory(provider=provider).user
    other_member = ProviderMembershipFactory(provider=other).user
    token = {
        "other_provider_member": lambda: offer_images.sign(image, other, other_member),
        "same_person_other_provider": lambda: offer_images.sign(image, other, member),
        "colleague": lambda: offer_images.sign(image, provider, colleague),
        "bare_id": lambda: str(image.pk),
        "altered": lambda: swapped(offer_images.sign(own_image(), provider, member), image),
    }[token_for]()
    response = create(member_client, provider, image_token=token, image_alt="Gestolen.")
    assert response.status_code == 200
    assert response.context["form"].errors["image_file"] == [
        "De eerder bewaarde afbeelding kan niet worden gebruikt. Kies het bestand opnieuw."
    ]
    assert not LeisureOfferPage.objects.filter(provider=provider).exists()
    assert "spiegel" not in response.content.decode()
    assert token_in(response) is None


def test_a_kept_upload_expires_after_a_day(member_client, member, provider, monkeypatch):
    image = offer_images.store_upload(image_upload(), provider, "Eigen")
    token = offer_images.sign(image, provider, member)
    assert offer_images.unsign(token, provider, member) == image
    later = time.time() + offer_images.TOKEN_MAX_AGE + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = create(member_client, provider, image_token=token, image_alt="Te laat.")
    assert "image_file" in response.context["form"].errors
    assert not LeisureOfferPage.objects.filter(provider=provider).exists()
