"""Bookings of education offers on a school budget (Fonds Cultuureducatie).

On an education offer's page a school's directie or culture coordinator requests the offer for
a date, groups and a number of pupils. The provider accepts, proposes another date (which the
school accepts), or declines. Acceptance commits the cost to the school budget: it creates the
booking's spending request in status "booked", under the allocation's row lock, so a booking
can never take more than what is left. After the activity the provider confirms it took place
and adds the invoice; the school submits it and it follows the approval flow of every spending
request (funds.spending_workflow). The steps are one table: funds.booking_workflow.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from funds.models.education import EDUCATION_PURPOSE
from funds.models.spending import SpendingRequest
from portal.models.workflow import WorkflowEvent
from portal.personal_data import personal_data
from schools.models import School


class BookingStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    DATE_PROPOSED = "date_proposed", _("Other date proposed")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_BOOKING = (BookingStatus.REQUESTED, BookingStatus.DATE_PROPOSED)


class BookingQuerySet(models.QuerySet):
    def of_school(self, school):
        return self.filter(school=school)

    def of_provider(self, provider):
        return self.filter(offer__provider=provider)


@personal_data(
    purpose=EDUCATION_PURPOSE,
    fields=["requested_by", "message", "provider_note", "answered_by"],
    subject="requested_by",
    ended="date",
    label=_("A booking of an education offer you requested for your school"),
)
class Booking(models.Model):
    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="bookings"
    )
    offer = models.ForeignKey(
        "listings.EducationOfferPage",
        verbose_name=_("education offer"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=BookingStatus.choices, default=BookingStatus.REQUESTED
    )
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    groups = models.ManyToManyField(
        "listings.SchoolGroup", verbose_name=_("groups or years"), related_name="+"
    )
    pupils = models.PositiveIntegerField(_("number of pupils"), validators=[MinValueValidator(1)])
    message = models.TextField(
        _("message to the provider"),
        blank=True,
        help_text=_("E.g. the room, the time of day, pupils' needs. No pupils' names."),
    )
    proposed_date = models.DateField(_("other date proposed"), null=True, blank=True)
    provider_note = models.TextField(_("note from the provider"), blank=True)
    spending = models.OneToOneField(
        SpendingRequest,
        verbose_name=_("spending request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="booking",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    took_place_at = models.DateTimeField(_("confirmed as held"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["school", "status"])]

    def __str__(self):
        return f"{self.offer.title} · {self.school} · {self.date}"

    def get_absolute_url(self):
        return reverse("funds:school_booking", args=[self.school_id, self.pk])

    def get_provider_url(self):
        return reverse("funds:provider_booking", args=[self.offer.provider_id, self.pk])

    @property
    def is_open(self):
        return self.status in OPEN_BOOKING

    def cost(self):
        return self.offer.cost_for(self.pupils)


@personal_data(
    purpose=EDUCATION_PURPOSE,
    fields=["actor", "note"],
    subject="actor",
    ended="booking__date",
    label=_("A step you took on a booking of an education offer"),
)
class BookingEvent(WorkflowEvent):
    """The activity log of a booking: every step, with who took it."""

    object_field = "booking"
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=BookingStatus.choices)
    to_status = models.CharField(max_length=20, choices=BookingStatus.choices)

    class Meta(WorkflowEvent.Meta):
        verbose_name = _("booking event")
        verbose_name_plural = _("booking events")
