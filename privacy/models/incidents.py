"""Disclosures under a legal obligation, and personal data breaches."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.personal_data import personal_data
from privacy import purposes

BREACH_NOTIFICATION_HOURS = 72


@personal_data(
    purpose=purposes.PRIVACYBEHEER,
    fields=["persons_concerned", "recorded_by", "approved_by"],
    ended="approved_at",
    label=_("Disclosure under a legal obligation"),
)
class Disclosure(models.Model):
    """Data given to an authority because the law obliged us (the seed: politie, justitie)."""

    requested_by = models.CharField(
        _("requested by"),
        max_length=200,
        help_text=_("The authority, e.g. 'Politie Oost-Nederland'."),
    )
    reference = models.CharField(_("their reference"), max_length=100, blank=True)
    legal_basis = models.TextField(
        _("legal basis"), help_text=_("The article of law that obliges us, e.g. art. 126nd Sv.")
    )
    requested_on = models.DateField(_("requested on"))
    persons_concerned = models.TextField(
        _("whose data"), help_text=_("Describe whom it concerns; only what is needed.")
    )
    data_given = models.TextField(_("what was given"))
    given_on = models.DateField(_("given on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by (second person)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosure log")
        ordering = ["-requested_on"]

    def __str__(self):
        return _("Disclosure #%(pk)s") % {"pk": self.pk}

    def approve(self, user):
        if user.pk == self.recorded_by_id:
            raise ValidationError(
                _("A disclosure must be approved by someone other than who recorded it.")
            )
        self.approved_by = user
        self.approved_at = timezone.now()
        self.save(update_fields=["approved_by", "approved_at"])


class BreachRisk(models.TextChoices):
    NONE = "none", _("Unlikely to result in a risk (record only)")
    RISK = "risk", _("A risk: report to the Autoriteit Persoonsgegevens")
    HIGH = "high", _("A high risk: also inform the people concerned")


@personal_data(
    purpose=purposes.PRIVACYBEHEER,
    fields=["description", "recorded_by"],
    ended="closed_at",
    label=_("Data breach"),
)
class Breach(models.Model):
    """A personal data breach (datalek), with the 72-hour deadline to report it."""

    title = models.CharField(_("title"), max_length=200)
    discovered_at = models.DateTimeField(_("discovered"))
    description = models.TextField(_("what happened"))
    data_categories = models.TextField(_("data concerned"))
    people_affected = models.PositiveIntegerField(_("number of people affected"), default=0)
    risk = models.CharField(_("risk"), max_length=10, choices=BreachRisk.choices)
    measures = models.TextField(_("measures taken"), blank=True)
    reported_to_authority_at = models.DateTimeField(
        _("reported to the Autoriteit Persoonsgegevens"), null=True, blank=True
    )
    authority_reference = models.CharField(_("report number"), max_length=100, blank=True)
    people_informed_at = models.DateTimeField(_("people concerned informed"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("data breach")
        verbose_name_plural = _("breach log")
        ordering = ["-discovered_at"]

    def __str__(self):
        return self.title

    @property
    def report_deadline(self):
        return self.discovered_at + timedelta(hours=BREACH_NOTIFICATION_HOURS)

    @property
    def must_report(self):
        return self.risk in (BreachRisk.RISK, BreachRisk.HIGH)

    @property
    def report_overdue(self):
        return (
            self.must_report
            and self.reported_to_authority_at is None
            and timezone.now() > self.report_deadline
        )
