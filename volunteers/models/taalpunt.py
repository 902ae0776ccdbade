"""Taalpunt activities (taalcafé, practice groups, digital skills), their sessions, who is
enrolled and who attended."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.fields import WijkField
from portal.personal_data import personal_data
from privacy import purposes
from volunteers.models.choices import ActivityKind
from volunteers.models.people import TaalpuntPerson


class Activity(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    location = models.CharField(_("where"), max_length=200)
    wijk = WijkField()
    is_open = models.BooleanField(_("open for enrolment"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Taalpunt activity")
        verbose_name_plural = _("Taalpunt activities")
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title


class ActivitySession(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]

    def __str__(self):
        return f"{self.activity} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"


class EnrolmentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(signed_off_at__isnull=True)


@personal_data(
    purpose=purposes.TAALPUNT,
    fields=["person"],
    subject_email="person__email",
    label=_("enrolment in a Taalpunt activity"),
)
class Enrolment(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey(TaalpuntPerson, on_delete=models.CASCADE, related_name="enrolments")
    enrolled_at = models.DateTimeField(_("enrolled"), default=timezone.now)
    signed_off_at = models.DateTimeField(_("signed off"), null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["activity", "person"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], name="unique_enrolment")
        ]

    def __str__(self):
        return f"{self.activity} ({self.pk})"


@personal_data(
    purpose=purposes.TAALPUNT,
    fields=["person"],
    subject_email="person__email",
    label=_("attendance at a Taalpunt session"),
)
class Attendance(models.Model):
    session = models.ForeignKey(
        ActivitySession, on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(TaalpuntPerson, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="unique_attendance")
        ]

    def __str__(self):
        return f"{self.session} ({self.pk})"
