from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail_factories import PageFactory

from listings.models import (
    CatalogueIndexPage,
    Discipline,
    EducationOfferPage,
    LeisureKind,
    LeisureOfferPage,
    OfferDate,
    OfferKind,
    OfferLocation,
    PriceKind,
    PriceUnit,
    Provider,
    ProviderInvitation,
    ProviderKind,
    ProviderMembership,
    ProviderRole,
    ScheduleKind,
    SchoolGroup,
)
from portal.fields import Wijk
from portal.models import HomePage
from tests.factories.portal import UserFactory, make_invitation


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Muziekschool De Toonladder {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = ProviderKind.ORGANISATION
    summary = factory.Faker("sentence", nb_words=12, locale="nl_NL")
    description = factory.Faker("paragraph", nb_sentences=4, locale="nl_NL")
    city = "Zwolle"
    wijk = Wijk.BINNENSTAD


class ProviderMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProviderMembership
        django_get_or_create = ("provider", "user")

    provider = factory.SubFactory(ProviderFactory)
    user = factory.SubFactory(UserFactory)
    role = ProviderRole.BEHEERDER


def provider_invitation(
    provider=None, email="uitgenodigd@voorbeeld.test", role=ProviderRole.REDACTEUR
):
    return make_invitation(ProviderInvitation, provider or ProviderFactory(), email, role)


# --- offers ---------------------------------------------------------------------------------


def catalogue(kind=OfferKind.LEISURE):
    """The catalogue page of this kind under the home page, made once."""
    existing = CatalogueIndexPage.objects.filter(kind=kind).first()
    if existing:
        return existing
    home = HomePage.objects.first()
    title, slug = (
        ("Kunst- & Cultuurwijzer", "cultuurwijzer")
        if kind == OfferKind.LEISURE
        else ("Onderwijsaanbod", "onderwijsaanbod")
    )
    page = CatalogueIndexPage(title=title, slug=slug, kind=kind)
    home.add_child(instance=page)
    return page


class OfferLocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfferLocation

    name = "Stadkamer"
    street_address = "Zeven Alleetjes 1"
    postcode = "8011 CV"
    city = "Zwolle"
    wijk = Wijk.BINNENSTAD


class _OfferFactory(PageFactory):
    """Builds a live offer with one location, one discipline and (by default) one date."""

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Schilderles voor beginners {n}")
    slug = factory.Sequence(lambda n: f"aanbod-{n}")
    provider = factory.SubFactory(ProviderFactory)
    summary = "Leer schilderen met acryl in een kleine groep."
    description = "Je leert kleuren mengen en een stilleven opzetten. Materiaal is aanwezig."
    age_min = 8
    age_max = 99
    schedule_kind = ScheduleKind.DATES
    price_kind = PriceKind.AMOUNT
    price_from = Decimal("12.50")
    live = True

    @factory.post_generation
    def dates(self, create, extracted, **kwargs):
        if not create:
            return
        starts = (
            extracted
            if extracted is not None
            else [timezone.now().replace(microsecond=0) + timedelta(days=14)]
        )
        for order, start in enumerate(starts):
            OfferDate.objects.create(
                offer=self, sort_order=order, start=start, end=start + timedelta(hours=2)
            )
        self.save()  # sets first and last date

    @factory.post_generation
    def locations(self, create, extracted, **kwargs):
        if not create:
            return
        for order, location in enumerate(extracted or [{}]):
            OfferLocationFactory(offer=self, sort_order=order, **location)

    @factory.post_generation
    def disciplines(self, create, extracted, **kwargs):
        if not create:
            return
        chosen = extracted or [Discipline.objects.order_by("sort_order").first()]
        self.disciplines.set(chosen)
        self.save()


class LeisureOfferFactory(_OfferFactory):
    class Meta:
        model = LeisureOfferPage

    parent = factory.LazyFunction(lambda: catalogue(OfferKind.LEISURE))
    leisure_kind = LeisureKind.COURSE


class EducationOfferFactory(_OfferFactory):
    class Meta:
        model = EducationOfferPage

    parent = factory.LazyFunction(lambda: catalogue(OfferKind.EDUCATION))
    title = factory.Sequence(lambda n: f"Theaterworkshop in de klas {n}")
    summary = "Een theaterworkshop voor de hele groep, in je eigen lokaal."
    description = "De leerlingen spelen korte scènes over vriendschap. Docent komt naar school."
    age_min = 8
    age_max = 12
    duration_minutes = 90
    max_pupils = 30
    price_kind = PriceKind.AMOUNT
    price_from = Decimal("6.50")
    price_unit = PriceUnit.PER_PUPIL

    @factory.post_generation
    def school_groups(self, create, extracted, **kwargs):
        if not create:
            return
        chosen = extracted or list(SchoolGroup.objects.filter(name__in=["groep 5", "groep 6"]))
        self.school_groups.set(chosen)
        self.save()


# --- images ---------------------------------------------------------------------------------


def image_upload(name="foto.png", image_format="PNG", color="orange", size=(640, 360)):
    """An uploaded image file, drawn with Pillow (no binary files in the repository)."""
    buffer = BytesIO()
    PILImage.new("RGB", size, color).save(buffer, image_format)
    content_type = f"image/{image_format.lower()}"
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def wagtail_image(name="foto.png", title="Foto", **kwargs):
    """A Wagtail image in the root collection."""
    return get_image_model().objects.create(title=title, file=image_upload(name, **kwargs))


# --- self-service and moderation ---------------------------------------------------------------


def moderator(email="moderator@voorbeeld.test"):
    """A staff member in the Moderator group (who approves offers in the Wagtail admin)."""
    from django.contrib.auth.models import Group

    from portal.roles import Role

    user = UserFactory(email=email, is_staff=True)
    user.groups.add(Group.objects.get(name=Role.MODERATOR))
    return user


def offer_form_data(education=False, **overrides):
    """POST data of the providers' offer form: a complete, valid offer."""
    start = (timezone.localtime() + timedelta(days=10)).replace(
        hour=14, minute=0, second=0, microsecond=0
    )
    data = {
        "title": "Schilderles voor beginners",
        "summary": "Leer schilderen met acryl in een kleine groep.",
        "description": "Je leert kleuren mengen en een stilleven opzetten.",
        "disciplines": [str(Discipline.objects.get(slug="beeldende-kunst").pk)],
        "age_min": "8",
        "age_max": "99",
        "schedule_kind": ScheduleKind.DATES,
        "schedule_text": "",
        "price_kind": PriceKind.AMOUNT,
        "price_from": "12.50",
        "price_to": "",
        "accessibility": "Rolstoeltoegankelijk.",
        "booking_url": "",
        "contact_email": "",
        "contact_phone": "",
        "dates-TOTAL_FORMS": "1",
        "dates-INITIAL_FORMS": "0",
        "dates-MIN_NUM_FORMS": "0",
        "dates-MAX_NUM_FORMS": "1000",
        "dates-0-start": start.strftime("%Y-%m-%dT%H:%M"),
        "dates-0-end": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "locations-TOTAL_FORMS": "1",
        "locations-INITIAL_FORMS": "0",
        "locations-MIN_NUM_FORMS": "1",
        "locations-MAX_NUM_FORMS": "1000",
        "locations-0-name": "Stadkamer",
        "locations-0-street_address": "Zeven Alleetjes 1",
        "locations-0-postcode": "8011 CV",
        "locations-0-city": "Zwolle",
        "locations-0-wijk": Wijk.BINNENSTAD,
    }
    if education:
        data.update(
            {
                "school_groups": [
                    str(pk)
                    for pk in SchoolGroup.objects.filter(
                        name__in=["groep 7", "groep 8"]
                    ).values_list("pk", flat=True)
                ],
                "curriculum_link": "Kerndoel 54",
                "duration_minutes": "90",
                "max_pupils": "30",
                "price_unit": PriceUnit.PER_PUPIL,
                "school_arranges": "Een lege gymzaal.",
            }
        )
    else:
        data["leisure_kind"] = LeisureKind.COURSE
    data.update(overrides)
    return data
