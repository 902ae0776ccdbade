"""Offers: leisure offers (Kunst- & Cultuurwijzer) and education offers (onderwijsaanbod).

Offers are Wagtail pages under one catalogue page per kind. That gives us, without writing
them: revisions (an edit to a published offer is a new revision while the live version stays
public), the moderation workflow (a moderator approves or requests changes with a comment, in
the admin's own review queue), preview, scheduled publishing, the audit log and search.
Providers never see the admin: they edit their offers through front-end forms that save
revisions and start the workflow for them.

The fields that the catalogue's filters use are required (audience, discipline, school type
and groups, wijk of a location, price): optional metadata stays empty and makes filters useless.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, When
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from portal.fields import PostcodeField, WijkField
from portal.personal_data import no_personal_data, personal_data

MONEY = {"max_digits": 10, "decimal_places": 2}


class OfferKind(models.TextChoices):
    LEISURE = "leisure", _("Kunst- & Cultuurwijzer (leisure time)")
    EDUCATION = "education", _("Onderwijsaanbod (for schools)")


@no_personal_data(name="the name of an artistic discipline")
class Discipline(models.Model):
    """An artistic discipline (music, dance, visual arts…): a facet of both catalogues."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("web address name"), max_length=80, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class SchoolLevel(models.TextChoices):
    """The school types an education offer is for (the same codes as schools.SchoolType)."""

    PO = "PO", _("Primary education (PO)")
    SO = "SO", _("Special education (SO)")
    VSO = "VSO", _("Secondary special education (VSO)")
    VO = "VO", _("Secondary education (VO)")


@no_personal_data(name="the name of a school group or year, e.g. groep 5")
class SchoolGroup(models.Model):
    """A group (PO groep 1-8) or year (VO leerjaar 1-6) an education offer is meant for."""

    school_type = models.CharField(_("school type"), max_length=3, choices=SchoolLevel.choices)
    name = models.CharField(_("name"), max_length=40)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("school group or year")
        verbose_name_plural = _("school groups and years")
        ordering = ["sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["school_type", "name"], name="unique_school_group")
        ]

    def __str__(self):
        return f"{self.get_school_type_display()}: {self.name}"


class CatalogueIndexPage(Page):
    """The public catalogue of one kind: /cultuurwijzer/ or /onderwijsaanbod/."""

    kind = models.CharField(_("kind"), max_length=12, choices=OfferKind.choices, unique=True)
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("kind"), FieldPanel("intro")]
    subpage_types = ["listings.LeisureOfferPage", "listings.EducationOfferPage"]
    parent_page_types = ["portal.HomePage"]
    max_count = 2

    class Meta:
        verbose_name = _("catalogue")
        verbose_name_plural = _("catalogues")

    def get_context(self, request, *args, **kwargs):
        """Search, facets and a page of results from the GET parameters (listings/catalogue.py)."""
        from listings.catalogue import search_catalogue

        context = super().get_context(request, *args, **kwargs)
        context.update(search_catalogue(self.kind, request.GET))
        return context


class ScheduleKind(models.TextChoices):
    DATES = "dates", _("On set dates")
    RECURRING = "recurring", _("Recurring (e.g. every week)")
    ON_REQUEST = "on_request", _("On request")


class PriceKind(models.TextChoices):
    FREE = "free", _("Free")
    AMOUNT = "amount", _("One price")
    RANGE = "range", _("From … to …")


def offer_ended():
    """When an offer's purpose ended: it is neither live nor awaiting moderation, and the
    provider has not worked on it since (its withdrawal, or its latest revision, whichever came
    last). None while it is live or awaiting moderation, or if nothing says when it stopped."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import WorkflowState

    awaiting_moderation = WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id=Cast(OuterRef("pk"), models.CharField()),
        status=WorkflowState.STATUS_IN_PROGRESS,
    )
    moments = ("withdrawn_at", "latest_revision_created_at", "last_published_at")
    return Case(
        When(
            Q(live=False) & ~Exists(awaiting_moderation),
            then=Greatest(Coalesce(*moments), Coalesce(*reversed(moments))),
        ),
        default=None,
        output_field=models.DateTimeField(),
    )


@personal_data(
    purpose="kunst-cultuurwijzer",
    # The contact a provider chose to publish with the offer; often a person's address.
    fields=["contact_email", "contact_phone"],
    # The offers of an independent artist are about them; an organisation's are not about its
    # staff (their own data is their membership).
    subject="provider__memberships__user",
    subject_filter={"provider__kind": "artist"},
    ended=offer_ended,
    label=_("The public contact details of an offer"),
)
class OfferPage(Page):
    """What leisure and education offers share. Not created itself: one of its two kinds is."""

    provider = models.ForeignKey(
        "listings.Provider",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="offers",
    )
    summary = models.CharField(
        _("summary"), max_length=300, help_text=_("One or two sentences for lists and cards.")
    )
    description = models.TextField(_("description"))
    disciplines = ParentalManyToManyField(
        Discipline, verbose_name=_("disciplines"), related_name="offers"
    )
    age_min = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    schedule_kind = models.CharField(
        _("when"), max_length=12, choices=ScheduleKind.choices, default=ScheduleKind.DATES
    )
    schedule_text = models.CharField(
        _("schedule"),
        max_length=200,
        blank=True,
        help_text=_("For recurring offers, e.g. every Wednesday 15:30-16:30."),
    )
    # The first and last day of the offer's dates, kept by `save` for the date filter and for
    # taking offers past their last date out of the catalogue.
    first_date = models.DateField(_("first date"), null=True, blank=True, db_index=True)
    last_date = models.DateField(_("last date"), null=True, blank=True, db_index=True)
    price_kind = models.CharField(
        _("price"), max_length=8, choices=PriceKind.choices, default=PriceKind.FREE
    )
    price_from = models.DecimalField(
        _("price (€)"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    price_to = models.DecimalField(
        _("up to (€)"),
        **MONEY,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("E.g. wheelchair access, induction loop, quiet hours."),
    )
    # Part of what the provider publishes, like the description, and moderated with it. The
    # image row names no person (listings/offer_images.py leaves uploaded_by_user empty).
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("image description"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it. Required with an image."),
    )
    booking_url = models.URLField(_("booking or information link"), blank=True)
    contact_email = models.EmailField(_("public contact email"), blank=True)
    contact_phone = models.CharField(_("public contact phone"), max_length=30, blank=True)
    is_own_programme = models.BooleanField(
        _("the organisation's own programme"),
        default=False,
        help_text=_("Set for the library's own activities."),
    )
    # When the provider last changed the offer; for the "still up to date?" reminder.
    content_updated_at = models.DateTimeField(_("content last changed"), null=True, blank=True)
    stale_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # When it was last taken offline (withdrawn, past its last date, unpublished by a moderator);
    # cleared when it is published again. Retention counts from here (offer_ended).
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.AutocompleteField("summary"),
        # The catalogue matches a word's Dutch stem as a prefix in these (listings/catalogue.py).
        index.AutocompleteField("description"),
        index.RelatedFields("provider", [index.SearchField("name")]),
        index.RelatedFields("disciplines", [index.SearchField("name")]),
        index.FilterField("provider"),
        index.FilterField("price_kind"),
        index.FilterField("first_date"),
        index.FilterField("last_date"),
        index.FilterField("is_own_programme"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("provider"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("disciplines"),
        FieldRowPanel([FieldPanel("age_min"), FieldPanel("age_max")], heading=_("Audience")),
        MultiFieldPanel(
            [
                FieldPanel("schedule_kind"),
                FieldPanel("schedule_text"),
                InlinePanel("dates", heading=_("Dates")),
            ],
            heading=_("When"),
        ),
        InlinePanel("locations", heading=_("Locations"), min_num=1),
        FieldRowPanel(
            [FieldPanel("price_kind"), FieldPanel("price_from"), FieldPanel("price_to")],
            heading=_("Price"),
        ),
        FieldPanel("accessibility"),
        FieldRowPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldRowPanel(
            [FieldPanel("booking_url"), FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading=_("Booking and contact"),
        ),
        FieldPanel("is_own_programme"),
    ]

    parent_page_types = ["listings.CatalogueIndexPage"]
    subpage_types = []
    is_creatable = False
    # A copy is a new draft: it was never withdrawn.
    exclude_fields_in_copy = ["withdrawn_at"]

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")

    def clean(self):
        super().clean()
        errors = {}
        if self.image_id and not self.image_alt.strip():
            errors["image_alt"] = _("Describe the image for people who cannot see it.")
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            errors["age_max"] = _("The maximum age cannot be below the minimum age.")
        if self.price_kind in (PriceKind.AMOUNT, PriceKind.RANGE) and self.price_from is None:
            errors["price_from"] = _("Enter the price.")
        if self.price_kind == PriceKind.RANGE:
            if self.price_to is None:
                errors["price_to"] = _("Enter the highest price.")
            elif self.price_from is not None and self.price_to < self.price_from:
                errors["price_to"] = _("The highest price cannot be below the lowest.")
        if self.schedule_kind == ScheduleKind.RECURRING and not self.schedule_text.strip():
            errors["schedule_text"] = _("Say when it recurs, e.g. every Wednesday 15:30.")
        if errors:
            raise ValidationError(errors)

    def update_date_range(self):
        """Set first and last date from the (unsaved or saved) dates of the offer."""
        # Days in the portal's time zone (a date read back from the database is in UTC).
        starts = [timezone.localdate(d.start) for d in self.dates.all() if d.start]
        ends = [timezone.localdate(d.end or d.start) for d in self.dates.all() if d.start]
        self.first_date = min(starts) if starts else None
        self.last_date = max(ends) if ends else None

    def save(self, *args, **kwargs):
        self.update_date_range()
        return super().save(*args, **kwargs)

    @property
    def specific_kind(self):
        return OfferKind.EDUCATION if isinstance(self, EducationOfferPage) else OfferKind.LEISURE

    # --- the public page (listings/offer_detail.py) ---
    def route(self, request, path_components):
        """The offer's page, and its dates as an iCalendar file at <offer>/agenda/ (Wagtail's
        page URLs end in a slash; the download is named <slug>.ics)."""
        if path_components == ["agenda"] and self.live:
            return RouteResult(self, kwargs={"calendar": True})
        return super().route(request, path_components)

    def serve(self, request, *args, **kwargs):
        if kwargs.pop("calendar", False):
            from listings.offer_detail import calendar_response

            return calendar_response(self, request)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from listings.offer_detail import offer_context

        context = super().get_context(request, *args, **kwargs)
        context.update(offer_context(self, request))
        return context


class OfferDate(Orderable):
    """One date (with time) of an offer with set dates."""

    offer = ParentalKey(OfferPage, on_delete=models.CASCADE, related_name="dates")
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"), null=True, blank=True)

    panels = [FieldRowPanel([FieldPanel("start"), FieldPanel("end")])]

    class Meta(Orderable.Meta):
        verbose_name = _("date")
        verbose_name_plural = _("dates")

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end cannot be before the start.")})


@no_personal_data(
    name="the name of a venue",
    street_address="the address of a venue where the offer takes place",
    postcode="the address of a venue",
)
class OfferLocation(Orderable):
    """A place in the city where the offer takes place (or: at the school)."""

    offer = ParentalKey(OfferPage, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(_("name of the venue"), max_length=200)
    street_address = models.CharField(_("street and number"), max_length=200)
    postcode = PostcodeField()
    city = models.CharField(_("city"), max_length=100, default="Zwolle")
    wijk = WijkField()
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("street_address"), FieldPanel("postcode"), FieldPanel("wijk")]),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self):
        return self.name


class LeisureKind(models.TextChoices):
    COURSE = "course", _("Course")
    LESSONS = "lessons", _("Lessons")
    CLUB = "club", _("Club or society")
    PERFORMANCE = "performance", _("Performance")
    WORKSHOP = "workshop", _("Open workshop")
    EXHIBITION = "exhibition", _("Exhibition")
    LECTURE = "lecture", _("Lecture")
    CONTEST = "contest", _("Contest")
    HOLIDAY = "holiday", _("Holiday activity for children")


class LeisureOfferPage(OfferPage):
    """An offer for the Kunst- & Cultuurwijzer: leisure time at a location in the city."""

    leisure_kind = models.CharField(_("kind of offer"), max_length=12, choices=LeisureKind.choices)

    search_fields = [*OfferPage.search_fields, index.FilterField("leisure_kind")]
    content_panels = [*OfferPage.content_panels, FieldPanel("leisure_kind")]
    parent_page_types = ["listings.CatalogueIndexPage"]
    is_creatable = True
    template = "listings/offer_page.html"

    class Meta:
        verbose_name = _("leisure offer")
        verbose_name_plural = _("leisure offers")


class PriceUnit(models.TextChoices):
    PER_PUPIL = "pupil", _("per pupil")
    PER_GROUP = "group", _("per group (session)")


@no_personal_data(curriculum_link="a reference to the curriculum, not a person")
class EducationOfferPage(OfferPage):
    """An offer for schools (onderwijsaanbod); schools can book it on their school budget."""

    school_groups = ParentalManyToManyField(
        SchoolGroup, verbose_name=_("groups and years"), related_name="offers"
    )
    curriculum_link = models.CharField(
        _("link with the curriculum"),
        max_length=300,
        blank=True,
        help_text=_("E.g. the learning line or core objectives it serves."),
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(1)]
    )
    max_pupils = models.PositiveSmallIntegerField(
        _("maximum pupils per session"), validators=[MinValueValidator(1)]
    )
    price_unit = models.CharField(
        _("price is"), max_length=8, choices=PriceUnit.choices, default=PriceUnit.PER_PUPIL
    )
    school_arranges = models.TextField(
        _("what the school arranges"),
        blank=True,
        help_text=_("E.g. a hall, a digital board, transport."),
    )

    content_panels = [
        *OfferPage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("school_groups"),
                FieldPanel("curriculum_link"),
                FieldRowPanel([FieldPanel("duration_minutes"), FieldPanel("max_pupils")]),
                FieldPanel("price_unit"),
                FieldPanel("school_arranges"),
            ],
            heading=_("For schools"),
        ),
    ]
    parent_page_types = ["listings.CatalogueIndexPage"]
    is_creatable = True
    template = "listings/offer_page.html"

    class Meta:
        verbose_name = _("education offer")
        verbose_name_plural = _("education offers")

    def cost_for(self, pupils: int) -> Decimal:
        """What a booking for this many pupils costs, by the offer's price (0 when free)."""
        if self.price_kind == PriceKind.FREE or self.price_from is None:
            return Decimal("0.00")
        if self.price_unit == PriceUnit.PER_PUPIL:
            return (self.price_from * pupils).quantize(Decimal("0.01"))
        return self.price_from
