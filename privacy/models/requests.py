import calendar
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.personal_data import personal_data
from privacy import purposes


def one_month_after(day: date) -> date:
    """GDPR art. 12(3): answer within one month (the same day of the next month, or its end)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


class RequestKind(models.TextChoices):
    ACCESS = "access", _("Access to my data")
    CORRECTION = "correction", _("Correction")
    ERASURE = "erasure", _("Erasure (delete my account)")
    OBJECTION = "objection", _("Objection")


class RequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    REJECTED = "rejected", _("Rejected")


class DataSubjectRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS])

    def overdue(self):
        return self.open().filter(due_date__lt=timezone.localdate())


@personal_data(
    purpose=purposes.PRIVACYBEHEER,
    fields=["user", "contact_email", "explanation", "staff_note"],
    subject="user",
    subject_email="contact_email",
    ended="handled_at",
    label=_("Your request about your data"),
)
class DataSubjectRequest(models.Model):
    """A request of a data subject (access, correction, erasure, objection), due in a month."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="data_requests",
    )
    contact_email = models.EmailField(
        _("email address"),
        blank=True,
        help_text=_("For a request from someone without an account (by mail or phone)."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    explanation = models.TextField(_("explanation by the person"), blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    due_date = models.DateField(_("answer due"))
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    staff_note = models.TextField(_("internal note"), blank=True)

    objects = DataSubjectRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("data subject request")
        verbose_name_plural = _("data subject requests")
        ordering = ["due_date"]

    def __str__(self):
        # No personal data: this string appears in logs and admin messages.
        return f"{self.get_kind_display()} #{self.pk}"

    def save(self, *args, **kwargs):
        if not self.due_date:
            self.due_date = one_month_after(timezone.localtime(self.received_at).date())
        super().save(*args, **kwargs)

    @property
    def is_overdue(self):
        return (
            self.status in (RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS)
            and self.due_date < timezone.localdate()
        )
