"""The organisation's own programme: activities in its branches' rooms, with their sessions.

An activity is an offer of the Kunst- & Cultuurwijzer (a `LeisureOfferPage` subclass), so it is
found with the same search and filters as providers' offers, goes through the same revisions and
moderation, and is marked as the organisation's own. What the catalogue reads (its dates and its
locations) is derived from the sessions and their rooms on every save, so staff plan sessions and
rooms only once.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page

from listings.models import LeisureOfferPage, OfferDate, OfferLocation
from portal.fields import PostcodeField, WijkField
from portal.personal_data import no_personal_data


@no_personal_data(
    name="the name of one of the organisation's branches",
    street_address="the address of a branch",
    postcode="the address of a branch",
)
class Branch(models.Model):
    """A branch (vestiging) of the organisation, with rooms where activities take place."""

    name = models.CharField(_("name"), max_length=120, unique=True)
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

    class Meta:
        verbose_name = _("branch")
        verbose_name_plural = _("branches")
        ordering = ["name"]

    def __str__(self):
        return self.name


@no_personal_data(name="the name of a room")
class Room(models.Model):
    branch = models.ForeignKey(
        Branch, verbose_name=_("branch"), on_delete=models.PROTECT, related_name="rooms"
    )
    name = models.CharField(_("name"), max_length=120)
    seats = models.PositiveIntegerField(_("seats"), validators=[MinValueValidator(1)])
    facilities = models.TextField(
        _("facilities"), blank=True, help_text=_("E.g. projector, sound system, stage, sink.")
    )

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["branch__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "name"], name="unique_room_per_branch")
        ]

    def __str__(self):
        return f"{self.branch.name}: {self.name}"


class ProgrammeIndexPage(Page):
    """The organisation's own programme at /programma/: its upcoming activities. Staff of the
    programme get page permissions on this page only, not on providers' offers."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["programme.ProgrammeActivityPage"]
    max_count = 1

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        upcoming = (
            ProgrammeActivityPage.objects.child_of(self)
            .live()
            .filter(models.Q(ends_at__isnull=True) | models.Q(ends_at__gte=timezone.now()))
            .order_by("first_date", "title")
        )
        context["page_obj"] = Paginator(upcoming, 20).get_page(request.GET.get("page"))
        return context


class SignupScope(models.TextChoices):
    NONE = "none", _("No sign-up: walk in")
    ACTIVITY = "activity", _("One sign-up for all sessions (a course)")
    SESSION = "session", _("Sign up per session")


class ProgrammeActivityPage(LeisureOfferPage):
    """One of the organisation's own activities: a lecture, workshop, performance, course,
    holiday activity for children or prize contest."""

    signup_scope = models.CharField(
        _("sign-up"), max_length=10, choices=SignupScope.choices, default=SignupScope.SESSION
    )
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("For one sign-up for all sessions; per session the session has its places."),
    )
    max_places_per_signup = models.PositiveSmallIntegerField(
        _("most places in one sign-up"), default=4, validators=[MinValueValidator(1)]
    )
    asks_child_details = models.BooleanField(
        _("ask for the child's first name and age group"),
        default=False,
        help_text=_("Only for activities for children that need it."),
    )
    contest_closes_at = models.DateTimeField(
        _("entries close"),
        null=True,
        blank=True,
        help_text=_("For a prize contest: the last moment to enter."),
    )
    # When the last session ends (or a contest closes): the moment the sign-ups' purpose ends.
    # Kept by `save` from the sessions, like the offer's first and last date.
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True, db_index=True)

    # The offer's panels without what follows from the sessions (dates, schedule, locations)
    # and without "own programme" (always on), then the activity's own.
    content_panels = [
        *Page.content_panels,
        FieldPanel("provider"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("disciplines"),
        FieldRowPanel([FieldPanel("age_min"), FieldPanel("age_max")], heading=_("Audience")),
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
        FieldPanel("leisure_kind"),
        MultiFieldPanel(
            [
                FieldPanel("signup_scope"),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("max_places_per_signup")]),
                FieldPanel("asks_child_details"),
                FieldPanel("contest_closes_at"),
            ],
            heading=_("Sign-up"),
        ),
        InlinePanel("sessions", heading=_("Sessions"), min_num=1),
    ]
    parent_page_types = ["programme.ProgrammeIndexPage"]
    subpage_types = []
    template = "listings/offer_page.html"

    class Meta:
        verbose_name = _("programme activity")
        verbose_name_plural = _("programme activities")

    def clean(self):
        super().clean()
        if self.signup_scope == SignupScope.ACTIVITY and not self.capacity:
            raise ValidationError({"capacity": _("Enter how many places the activity has.")})

    def update_date_range(self):
        """Dates, locations and the end follow from the sessions and their rooms."""
        sessions = [s for s in self.sessions.all() if s.start]
        self.dates = [OfferDate(start=s.start, end=s.end) for s in sessions]
        branches = {}
        for session in sessions:
            if session.room_id:
                branch = session.room.branch
                branches[branch.pk] = branch
        if branches:
            self.locations = [
                OfferLocation(
                    name=branch.name,
                    street_address=branch.street_address,
                    postcode=branch.postcode,
                    city=branch.city,
                    wijk=branch.wijk,
                    latitude=branch.latitude,
                    longitude=branch.longitude,
                )
                for branch in branches.values()
            ]
        ends = [s.end or s.start for s in sessions]
        if self.contest_closes_at:
            ends.append(self.contest_closes_at)
        self.ends_at = max(ends) if ends else None
        super().update_date_range()

    def save(self, *args, **kwargs):
        self.is_own_programme = True
        return super().save(*args, **kwargs)

    @property
    def has_ended(self):
        return self.ends_at is not None and self.ends_at <= timezone.now()


class ActivitySession(Orderable):
    """One session of an activity: when, in which room, with how many places."""

    activity = ParentalKey(ProgrammeActivityPage, on_delete=models.CASCADE, related_name="sessions")
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    room = models.ForeignKey(
        Room,
        verbose_name=_("room"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
        help_text=_("Empty when the session is held elsewhere."),
    )
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, validators=[MinValueValidator(1)]
    )

    panels = [
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
        FieldRowPanel([FieldPanel("room"), FieldPanel("capacity")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["start"])]

    def __str__(self):
        return f"{self.activity.title} {timezone.localtime(self.start):%Y-%m-%d %H:%M}"

    def clean(self):
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The end must be after the start.")
        if self.room_id and self.capacity and self.capacity > self.room.seats:
            errors["capacity"] = _("The room has %(seats)s seats.") % {"seats": self.room.seats}
        if errors:
            raise ValidationError(errors)
